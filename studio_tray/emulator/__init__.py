"""A local SageMaker- and STS-compatible endpoint for the demo, the tests and the benchmark.

``Emulator(credentials={AKID: SECRET}).start()`` serves SageMaker's JSON 1.1 protocol and STS's
query protocol on 127.0.0.1, checks every request's SigV4 signature, enforces the API's rules
and answers in the services' error shapes. See ``core.Emulator`` for the set-up, fault and
record helpers.
"""

from studio_tray.emulator.account import DEMO_DOMAIN_ID, DEMO_SPACE, DEMO_USER
from studio_tray.emulator.core import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.emulator.faults import KINDS as FAULT_KINDS
from studio_tray.emulator.state import RequestRecord

__all__ = [
    "DEMO_ACCESS_KEY_ID",
    "DEMO_DOMAIN_ID",
    "DEMO_SECRET_ACCESS_KEY",
    "DEMO_SPACE",
    "DEMO_USER",
    "FAULT_KINDS",
    "Emulator",
    "RequestRecord",
]
