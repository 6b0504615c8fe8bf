"""A local SageMaker- and STS-compatible endpoint for the demo, the tests and the benchmark.

It speaks SageMaker's JSON 1.1 protocol (CreatePresignedDomainUrl, ListDomains, DescribeDomain,
ListUserProfiles, DescribeUserProfile, ListSpaces, DescribeSpace, UpdateSpace, ListApps,
DescribeApp, CreateApp, DeleteApp; paginated, 10 items a page unless MaxResults) and STS's query
protocol (GetCallerIdentity, AssumeRole) on 127.0.0.1, checks every request's SigV4 signature
against its keys, enforces ``studio_tray.api_rules`` and answers in the services' error shapes,
so boto3 and the AWS CLI work against it with ``endpoint_url``/``--endpoint-url``::

    with Emulator() as emu:                      # demo keys; Emulator({akid: secret}) for others
        emu.add_demo_data()                      # DEMO_DOMAIN_ID / DEMO_USER / DEMO_SPACE
        d = emu.add_domain(name="prod")          # or auth_mode="SSO"
        emu.add_user_profile(d, "alice")
        emu.add_space(d, "alice-lab", owner="alice", app_type="CodeEditor")
        emu.add_space(d, "big", owner="alice", instance_type="ml.m5.large", display_name="Big",
                      status="InService", fail_start=None, idle_timeout=120)
        emu.add_app(d, "alice-lab")               # running ("InService"; or "Pending", ...)
        emu.set_app_delays(start=3, stop=2)       # CreateApp/DeleteApp take 3 s/2 s of its clock
        emu.space_app(d, "big")                   # the App record with its status now, or None
        emu.set_space_status(d, "big", "Update_Failed", "why"); emu.set_idle_shutdown(d, False)
        emu.add_role(ROLE_ARN, mfa_serial=SERIAL); emu.set_mfa_code(SERIAL, "123456")
        emu.deny("ListSpaces")                   # AccessDeniedException naming the permission
        emu.inject("5xx", count=1)               # or "throttle", "drop", "malformed", "hang";
        emu.inject("drop", probability=0.02, ops="CreatePresignedDomainUrl")
        emu.set_latency(0.05)                    # every API answer takes 50 ms in all
        emu.url                                  # http://127.0.0.1:PORT
        emu.requests                             # RequestRecord(op, params, ..., status), in order
        emu.requests_total, emu.connections_total; emu.reset()
        emu.redeem(url)                          # 200 the first time before expiry, else 403
        emu.advance(301)                         # move its clock: URLs/sessions/signatures age

Nothing it receives (secrets, session tokens, URL tokens) is logged or printed.
"""

from studio_tray.emulator.account import (
    DEMO_DOMAIN_ID,
    DEMO_RUNNING_SPACE,
    DEMO_SPACE,
    DEMO_STOPPED_SPACE,
    DEMO_USER,
)
from studio_tray.emulator.core import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.emulator.faults import KINDS as FAULT_KINDS
from studio_tray.emulator.state import RequestRecord

__all__ = [
    "DEMO_ACCESS_KEY_ID",
    "DEMO_DOMAIN_ID",
    "DEMO_RUNNING_SPACE",
    "DEMO_SECRET_ACCESS_KEY",
    "DEMO_SPACE",
    "DEMO_STOPPED_SPACE",
    "DEMO_USER",
    "FAULT_KINDS",
    "Emulator",
    "RequestRecord",
]
