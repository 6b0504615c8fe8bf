"""Space apps in the emulator over real HTTP with boto3: life cycle on the emulator's clock,
errors, statuses, filters, pagination, UpdateSpace limits, denial, order and concurrency."""

from __future__ import annotations

import threading
import time

import pytest
from botocore.exceptions import ClientError

from studio_tray.emulator import (
    DEMO_DOMAIN_ID,
    DEMO_RUNNING_SPACE,
    DEMO_SPACE,
    DEMO_STOPPED_SPACE,
    DEMO_USER,
    Emulator,
)
from tests.fixtures.emulator import client_for

D = DEMO_DOMAIN_ID


@pytest.fixture
def sm(emulator: Emulator):
    emulator.add_demo_data()
    return client_for(emulator, "sagemaker")


def _error(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    err = excinfo.value.response
    return err["Error"]["Code"], err["Error"]["Message"], err["ResponseMetadata"]["HTTPStatusCode"]


def _app(sm, space: str, app_type: str = "JupyterLab", name: str = "default") -> dict:
    return sm.describe_app(DomainId=D, SpaceName=space, AppType=app_type, AppName=name)


def test_create_app_is_pending_then_in_service_after_the_start_delay(emulator, sm) -> None:
    emulator.set_app_delays(start=30)
    arn = sm.create_app(
        DomainId=D, SpaceName=DEMO_STOPPED_SPACE, AppType="JupyterLab", AppName="default"
    )["AppArn"]
    assert arn == (
        f"arn:aws:sagemaker:us-east-1:123456789012:app/{D}/{DEMO_STOPPED_SPACE}/jupyterlab/default"
    )
    pending = _app(sm, DEMO_STOPPED_SPACE)
    assert pending["Status"] == "Pending" and pending["AppArn"] == arn
    assert pending["ResourceSpec"] == {"InstanceType": "ml.t3.medium"}  # the space's default
    assert "FailureReason" not in pending
    emulator.advance(29)
    assert _app(sm, DEMO_STOPPED_SPACE)["Status"] == "Pending"
    emulator.advance(1.5)
    ready = _app(sm, DEMO_STOPPED_SPACE)
    assert ready["Status"] == "InService"
    assert ready["LastUserActivityTimestamp"] > ready["CreationTime"]
    assert emulator.space_app(D, DEMO_STOPPED_SPACE).status == "InService"


def test_start_delay_zero_is_in_service_at_once_with_the_requested_instance(emulator, sm) -> None:
    emulator.set_app_delays(start=0)
    sm.create_app(
        DomainId=D,
        SpaceName=DEMO_STOPPED_SPACE,
        AppType="JupyterLab",
        AppName="default",
        ResourceSpec={"InstanceType": "ml.g5.xlarge"},
    )
    app = _app(sm, DEMO_STOPPED_SPACE)
    assert (app["Status"], app["ResourceSpec"]["InstanceType"]) == ("InService", "ml.g5.xlarge")


def test_failed_start_carries_the_failure_reason_and_can_be_retried(emulator, sm) -> None:
    emulator.add_space(D, "broken", owner=DEMO_USER, fail_start="No capacity for ml.t3.medium")
    emulator.set_app_delays(start=5)
    sm.create_app(DomainId=D, SpaceName="broken", AppType="JupyterLab", AppName="default")
    assert _app(sm, "broken")["Status"] == "Pending"
    emulator.advance(5)
    failed = _app(sm, "broken")
    assert failed["Status"] == "Failed"
    assert failed["FailureReason"] == "No capacity for ml.t3.medium"
    # A Failed app does not block a new start; it is replaced.
    sm.create_app(DomainId=D, SpaceName="broken", AppType="JupyterLab", AppName="default")
    statuses = [a["Status"] for a in sm.list_apps(SpaceNameEquals="broken")["Apps"]]
    assert statuses == ["Pending"]


def test_delete_goes_deleting_then_deleted_and_stays_listed(emulator, sm) -> None:
    emulator.set_app_delays(stop=10, deleted_retention=600)
    assert (
        sm.delete_app(
            DomainId=D, SpaceName=DEMO_RUNNING_SPACE, AppType="CodeEditor", AppName="default"
        )["ResponseMetadata"]["HTTPStatusCode"]
        == 200
    )
    assert _app(sm, DEMO_RUNNING_SPACE, "CodeEditor")["Status"] == "Deleting"
    with pytest.raises(ClientError) as again:
        sm.delete_app(
            DomainId=D, SpaceName=DEMO_RUNNING_SPACE, AppType="CodeEditor", AppName="default"
        )
    assert _error(again)[0] == "ResourceInUse"
    with pytest.raises(ClientError) as busy:
        sm.create_app(
            DomainId=D, SpaceName=DEMO_RUNNING_SPACE, AppType="CodeEditor", AppName="default"
        )
    assert _error(busy)[0] == "ResourceInUse"
    emulator.advance(10)
    assert _app(sm, DEMO_RUNNING_SPACE, "CodeEditor")["Status"] == "Deleted"
    listed = sm.list_apps(DomainIdEquals=D, SpaceNameEquals=DEMO_RUNNING_SPACE)["Apps"]
    assert [(a["AppName"], a["Status"]) for a in listed] == [("default", "Deleted")]
    with pytest.raises(ClientError) as gone:
        sm.delete_app(
            DomainId=D, SpaceName=DEMO_RUNNING_SPACE, AppType="CodeEditor", AppName="default"
        )
    assert _error(gone)[:1] == ("ResourceNotFound",)
    # Restart after the delete: the Deleted record stays beside the new one.
    sm.create_app(DomainId=D, SpaceName=DEMO_RUNNING_SPACE, AppType="CodeEditor", AppName="default")
    listed = sm.list_apps(SpaceNameEquals=DEMO_RUNNING_SPACE)["Apps"]
    assert [a["Status"] for a in listed] == ["Deleted", "Pending"]
    assert _app(sm, DEMO_RUNNING_SPACE, "CodeEditor")["Status"] == "Pending"
    # After the retention the Deleted record is gone (checked on the emulator's side: a big
    # jump of its clock would make botocore's signatures look stale).
    emulator.advance(600)
    assert emulator.space_app(D, DEMO_RUNNING_SPACE).status == "InService"
    with emulator.state.lock:
        assert [a.status for a in emulator.state.apps if a.space == DEMO_RUNNING_SPACE] == [
            "InService"
        ]


def test_deleting_a_pending_app_is_resource_in_use(emulator, sm) -> None:
    emulator.set_app_delays(start=60)
    sm.create_app(DomainId=D, SpaceName=DEMO_STOPPED_SPACE, AppType="JupyterLab", AppName="default")
    with pytest.raises(ClientError) as err:
        sm.delete_app(
            DomainId=D, SpaceName=DEMO_STOPPED_SPACE, AppType="JupyterLab", AppName="default"
        )
    code, message, status = _error(err)
    assert (code, status) == ("ResourceInUse", 400)
    assert "Pending" in message


def test_second_create_is_resource_in_use(emulator, sm) -> None:
    with pytest.raises(ClientError) as running:
        sm.create_app(DomainId=D, SpaceName=DEMO_SPACE, AppType="JupyterLab", AppName="default")
    code, message, status = _error(running)
    assert (code, status) == ("ResourceInUse", 400)
    assert f"app/{D}/{DEMO_SPACE}/jupyterlab/default" in message and "InService" in message
    sm.create_app(DomainId=D, SpaceName=DEMO_STOPPED_SPACE, AppType="JupyterLab", AppName="default")
    with pytest.raises(ClientError) as pending:
        # Another AppName does not help: a space runs one app.
        sm.create_app(DomainId=D, SpaceName=DEMO_STOPPED_SPACE, AppType="JupyterLab", AppName="x")
    assert _error(pending)[0] == "ResourceInUse" and "Pending" in _error(pending)[1]


def test_app_type_must_match_the_space(emulator, sm) -> None:
    with pytest.raises(ClientError) as err:
        sm.create_app(
            DomainId=D, SpaceName=DEMO_STOPPED_SPACE, AppType="CodeEditor", AppName="default"
        )
    code, message, _ = _error(err)
    assert code == "ValidationException"
    assert "CodeEditor" in message and "JupyterLab" in message
    assert emulator.space_app(D, DEMO_STOPPED_SPACE) is None


def test_unknown_things_are_resource_not_found(emulator, sm) -> None:
    with pytest.raises(ClientError) as no_app:
        _app(sm, DEMO_STOPPED_SPACE)
    assert _error(no_app) == (
        "ResourceNotFound",
        "App arn:aws:sagemaker:us-east-1:123456789012:app/"
        f"{D}/{DEMO_STOPPED_SPACE}/jupyterlab/default does not exist.",
        400,
    )
    with pytest.raises(ClientError) as wrong_name:
        _app(sm, DEMO_SPACE, name="other")
    assert _error(wrong_name)[0] == "ResourceNotFound"
    with pytest.raises(ClientError) as no_space:
        sm.describe_space(DomainId=D, SpaceName="nope")
    assert _error(no_space)[:2] == ("ResourceNotFound", f"Space nope not found in domain {D}.")
    with pytest.raises(ClientError) as no_domain:
        sm.create_app(DomainId="d-nothere", SpaceName="x", AppType="JupyterLab", AppName="default")
    assert _error(no_domain)[:2] == ("ResourceNotFound", "Domain d-nothere not found.")
    with pytest.raises(ClientError) as delete_missing:
        sm.delete_app(DomainId=D, SpaceName="nope", AppType="JupyterLab", AppName="default")
    assert _error(delete_missing)[0] == "ResourceNotFound"
    with pytest.raises(ClientError) as no_user:
        sm.describe_user_profile(DomainId=D, UserProfileName="nobody")
    assert _error(no_user)[:2] == (
        "ResourceNotFound",
        f"User profile nobody not found in domain {D}.",
    )


def test_app_requests_need_a_space_or_user_profile_and_valid_members(emulator) -> None:
    emulator.add_demo_data()
    raw = client_for(emulator, "sagemaker", parameter_validation=False)
    with pytest.raises(ClientError) as neither:
        raw.describe_app(DomainId=D, AppType="JupyterLab", AppName="default")
    assert _error(neither)[:2] == (
        "ValidationException",
        "Either UserProfileName or SpaceName must be passed for DescribeApp operation.",
    )
    with pytest.raises(ClientError) as bad:
        raw.create_app(DomainId=D, SpaceName="a_b", AppType="Emacs", AppName="default")
    code, message, _ = _error(bad)
    assert code == "ValidationException"
    assert message.startswith("2 validation errors detected: ")
    assert "Value 'Emacs' at 'appType' failed to satisfy constraint: Member must satisfy enum" in (
        message
    )
    assert "Value 'a_b' at 'spaceName'" in message
    with pytest.raises(ClientError) as instance:
        raw.create_app(
            DomainId=D,
            SpaceName=DEMO_STOPPED_SPACE,
            AppType="JupyterLab",
            AppName="default",
            ResourceSpec={"InstanceType": "huge"},
        )
    assert "at 'resourceSpec.instanceType'" in _error(instance)[1]
    with pytest.raises(ClientError) as both:
        raw.list_apps(SpaceNameEquals="a", UserProfileNameEquals="b")
    assert _error(both)[0] == "ValidationException"


def test_describe_space_has_the_model_shape(emulator, sm) -> None:
    emulator.add_space(
        D,
        "big-lab",
        owner=DEMO_USER,
        instance_type="ml.m5.2xlarge",
        display_name="Big lab",
        idle_timeout=120,
    )
    space = sm.describe_space(DomainId=D, SpaceName="big-lab")
    assert space["SpaceArn"] == f"arn:aws:sagemaker:us-east-1:123456789012:space/{D}/big-lab"
    assert (space["DomainId"], space["SpaceName"], space["Status"]) == (D, "big-lab", "InService")
    assert space["SpaceDisplayName"] == "Big lab"
    assert space["SpaceSettings"]["AppType"] == "JupyterLab"
    assert space["SpaceSettings"]["JupyterLabAppSettings"] == {
        "DefaultResourceSpec": {"InstanceType": "ml.m5.2xlarge"},
        "AppLifecycleManagement": {"IdleSettings": {"IdleTimeoutInMinutes": 120}},
    }
    assert "CodeEditorAppSettings" not in space["SpaceSettings"]
    assert space["OwnershipSettings"] == {"OwnerUserProfileName": DEMO_USER}
    assert space["SpaceSharingSettings"] == {"SharingType": "Private"}
    assert space["CreationTime"] == space["LastModifiedTime"]
    assert space["Url"].startswith(f"https://{D}.studio.us-east-1.sagemaker.aws/")
    shared = sm.describe_space(DomainId=D, SpaceName=DEMO_RUNNING_SPACE)
    assert shared["SpaceSettings"]["CodeEditorAppSettings"]["DefaultResourceSpec"] == {
        "InstanceType": "ml.m5.large"
    }
    assert "OwnershipSettings" not in shared
    assert shared["SpaceSharingSettings"] == {"SharingType": "Shared"}


def test_other_app_types_and_their_defaults(emulator, sm) -> None:
    emulator.add_space(D, "rstudio", sharing="Shared", app_type="RStudioServerPro")
    emulator.add_space(D, "canvas", sharing="Shared", app_type="Canvas")
    rstudio = sm.describe_space(DomainId=D, SpaceName="rstudio")["SpaceSettings"]
    assert rstudio["AppType"] == "RStudioServerPro" and len(rstudio) == 2  # + storage
    emulator.set_app_delays(start=0)
    sm.create_app(DomainId=D, SpaceName="rstudio", AppType="RStudioServerPro", AppName="default")
    assert _app(sm, "rstudio", "RStudioServerPro")["ResourceSpec"] == {"InstanceType": "system"}
    summaries = {s["SpaceName"]: s for s in sm.list_spaces(DomainIdEquals=D)["Spaces"]}
    assert summaries["canvas"]["SpaceSettingsSummary"]["AppType"] == "Canvas"


def test_statuses_from_the_set_up_api_are_returned(emulator, sm) -> None:
    emulator.add_user_profile(D, "bob", status="Failed", failure_reason="role is gone")
    emulator.add_space(D, "bob-lab", owner="bob", status="Pending", display_name="Bob's lab")
    users = {
        u["UserProfileName"]: u for u in sm.list_user_profiles(DomainIdEquals=D)["UserProfiles"]
    }
    assert users["bob"]["Status"] == "Failed" and users[DEMO_USER]["Status"] == "InService"
    bob = sm.describe_user_profile(DomainId=D, UserProfileName="bob")
    assert (bob["Status"], bob["FailureReason"]) == ("Failed", "role is gone")
    assert bob["UserProfileArn"].endswith(f":user-profile/{D}/bob")
    spaces = {s["SpaceName"]: s for s in sm.list_spaces(DomainIdEquals=D)["Spaces"]}
    assert spaces["bob-lab"]["Status"] == "Pending"
    assert spaces["bob-lab"]["SpaceDisplayName"] == "Bob's lab"
    assert spaces[DEMO_STOPPED_SPACE]["SpaceDisplayName"] == "Demo lab (stopped)"
    assert "SpaceDisplayName" not in spaces[DEMO_SPACE], "none given: none answered"
    emulator.set_space_status(D, "bob-lab", "Update_Failed", "quota")
    emulator.set_user_profile_status(D, "bob", "Deleting")
    space = sm.describe_space(DomainId=D, SpaceName="bob-lab")
    assert (space["Status"], space["FailureReason"]) == ("Update_Failed", "quota")
    assert sm.describe_user_profile(DomainId=D, UserProfileName="bob")["Status"] == "Deleting"
    emulator.set_space_status(D, "bob-lab", "Deleting")
    with pytest.raises(ClientError) as err:
        sm.create_app(DomainId=D, SpaceName="bob-lab", AppType="JupyterLab", AppName="default")
    assert _error(err)[0] == "ValidationException" and "Deleting" in _error(err)[1]
    with pytest.raises(ValueError, match="status"):
        emulator.set_space_status(D, "bob-lab", "Sleeping")


def test_list_apps_filters_and_pages(emulator, sm) -> None:
    other = emulator.add_domain("d-other0000001", "other")
    emulator.add_space(other, "o-lab", sharing="Shared")
    emulator.add_app(other, "o-lab", status="Pending")
    for i in range(12):
        emulator.add_space(D, f"s{i:02d}", sharing="Shared", app_type="CodeEditor")
        emulator.add_app(D, f"s{i:02d}", instance_type="ml.c5.large", created=1_700_000_000 + i)
    everything = sm.list_apps()["Apps"]
    assert len(everything) == 10  # a page
    first = sm.list_apps(DomainIdEquals=D, MaxResults=5)
    assert [a["SpaceName"] for a in first["Apps"]] == [f"s{i:02d}" for i in range(5)]
    names: list[str] = []
    token = None
    while True:
        page = sm.list_apps(DomainIdEquals=D, **({"NextToken": token} if token else {}))
        names += [a["SpaceName"] for a in page["Apps"]]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(names) == sorted(
        [f"s{i:02d}" for i in range(12)] + [DEMO_SPACE, "demo-shared", DEMO_RUNNING_SPACE]
    )
    one = sm.list_apps(DomainIdEquals=D, SpaceNameEquals="s03")["Apps"]
    assert len(one) == 1
    assert one[0]["AppType"] == "CodeEditor" and one[0]["AppName"] == "default"
    assert one[0]["Status"] == "InService"
    assert one[0]["ResourceSpec"]["InstanceType"] == "ml.c5.large"
    assert one[0]["CreationTime"].timestamp() == 1_700_000_000 + 3
    assert [a["Status"] for a in sm.list_apps(DomainIdEquals=other)["Apps"]] == ["Pending"]
    newest = sm.list_apps(DomainIdEquals=D, SortOrder="Descending", MaxResults=1)["Apps"]
    assert newest[0]["SpaceName"] in (DEMO_SPACE, "demo-shared", DEMO_RUNNING_SPACE)
    paginator = sm.get_paginator("list_apps")
    total = sum(len(p["Apps"]) for p in paginator.paginate(PaginationConfig={"PageSize": 4}))
    assert total == 12 + 3 + 1


def test_user_profile_apps_filter(emulator, sm) -> None:
    emulator.set_app_delays(start=0)
    sm.create_app(DomainId=D, UserProfileName=DEMO_USER, AppType="JupyterServer", AppName="default")
    apps = sm.list_apps(UserProfileNameEquals=DEMO_USER)["Apps"]
    assert [(a["UserProfileName"], a["AppType"], a["Status"]) for a in apps] == [
        (DEMO_USER, "JupyterServer", "InService")
    ]
    assert "SpaceName" not in apps[0]
    assert apps[0]["ResourceSpec"] == {"InstanceType": "system"}


def test_update_space_idle_timeout_limits(emulator, sm) -> None:
    raw = client_for(emulator, "sagemaker", parameter_validation=False)

    def idle(minutes: int, client=sm):
        return client.update_space(
            DomainId=D,
            SpaceName=DEMO_STOPPED_SPACE,
            SpaceSettings={
                "JupyterLabAppSettings": {
                    "AppLifecycleManagement": {"IdleSettings": {"IdleTimeoutInMinutes": minutes}}
                }
            },
        )

    path = "spaceSettings.jupyterLabAppSettings.appLifecycleManagement.idleSettings"
    with pytest.raises(ClientError) as low:
        idle(59, raw)
    assert _error(low)[:2] == (
        "ValidationException",
        f"1 validation error detected: Value '59' at '{path}.idleTimeoutInMinutes' failed to "
        "satisfy constraint: Member must have value greater than or equal to 60",
    )
    with pytest.raises(ClientError) as high:
        idle(525601, raw)
    assert _error(high)[1].endswith("Member must have value less than or equal to 525600")
    for ok in (60, 525600):
        arn = idle(ok)["SpaceArn"]
        assert arn.endswith(f":space/{D}/{DEMO_STOPPED_SPACE}")
        settings = sm.describe_space(DomainId=D, SpaceName=DEMO_STOPPED_SPACE)["SpaceSettings"]
        lab = settings["JupyterLabAppSettings"]
        assert lab["AppLifecycleManagement"]["IdleSettings"]["IdleTimeoutInMinutes"] == ok
    space = sm.describe_space(DomainId=D, SpaceName=DEMO_STOPPED_SPACE)
    assert space["LastModifiedTime"] > space["CreationTime"]


def test_update_space_instance_type_and_display_name(emulator, sm) -> None:
    sm.update_space(
        DomainId=D,
        SpaceName=DEMO_STOPPED_SPACE,
        SpaceDisplayName="Renamed",
        SpaceSettings={
            "JupyterLabAppSettings": {"DefaultResourceSpec": {"InstanceType": "ml.g5.xlarge"}}
        },
    )
    space = sm.describe_space(DomainId=D, SpaceName=DEMO_STOPPED_SPACE)
    assert space["SpaceDisplayName"] == "Renamed"
    lab = space["SpaceSettings"]["JupyterLabAppSettings"]
    assert lab["DefaultResourceSpec"] == {"InstanceType": "ml.g5.xlarge"}
    assert "AppLifecycleManagement" not in lab
    emulator.set_app_delays(start=0)
    sm.create_app(DomainId=D, SpaceName=DEMO_STOPPED_SPACE, AppType="JupyterLab", AppName="default")
    assert _app(sm, DEMO_STOPPED_SPACE)["ResourceSpec"]["InstanceType"] == "ml.g5.xlarge"
    with pytest.raises(ClientError) as wrong_app:
        sm.update_space(
            DomainId=D,
            SpaceName=DEMO_STOPPED_SPACE,
            SpaceSettings={
                "CodeEditorAppSettings": {"DefaultResourceSpec": {"InstanceType": "ml.t3.large"}}
            },
        )
    assert _error(wrong_app)[0] == "ValidationException"
    with pytest.raises(ClientError) as retype:
        sm.update_space(
            DomainId=D, SpaceName=DEMO_STOPPED_SPACE, SpaceSettings={"AppType": "CodeEditor"}
        )
    assert "cannot be changed" in _error(retype)[1]
    with pytest.raises(ClientError) as missing:
        sm.update_space(DomainId=D, SpaceName="nope", SpaceDisplayName="x")
    assert _error(missing)[0] == "ResourceNotFound"


def test_update_space_on_a_domain_with_idle_shutdown_disabled(emulator, sm) -> None:
    emulator.add_domain("d-noidle000001", "noidle", idle_shutdown=False)
    emulator.add_space("d-noidle000001", "lab", sharing="Shared")
    idle = sm.describe_domain(DomainId="d-noidle000001")["DefaultUserSettings"]
    assert idle["JupyterLabAppSettings"]["AppLifecycleManagement"]["IdleSettings"] == {
        "LifecycleManagement": "DISABLED"
    }
    with pytest.raises(ClientError) as err:
        sm.update_space(
            DomainId="d-noidle000001",
            SpaceName="lab",
            SpaceSettings={
                "JupyterLabAppSettings": {
                    "AppLifecycleManagement": {"IdleSettings": {"IdleTimeoutInMinutes": 120}}
                }
            },
        )
    code, message, _ = _error(err)
    assert code == "ValidationException"
    assert "idle shutdown is disabled on domain d-noidle000001" in message
    lab = sm.describe_space(DomainId="d-noidle000001", SpaceName="lab")["SpaceSettings"]
    assert "AppLifecycleManagement" not in lab["JupyterLabAppSettings"]
    # The instance type alone is fine there.
    sm.update_space(
        DomainId="d-noidle000001",
        SpaceName="lab",
        SpaceSettings={
            "JupyterLabAppSettings": {"DefaultResourceSpec": {"InstanceType": "ml.t3.large"}}
        },
    )
    enabled = sm.describe_domain(DomainId=D)["DefaultUserSettings"]["CodeEditorAppSettings"]
    assert enabled["AppLifecycleManagement"]["IdleSettings"]["LifecycleManagement"] == "ENABLED"


def test_idle_shutdown_stops_an_idle_app(emulator, sm) -> None:
    emulator.set_app_delays(stop=5)
    sm.update_space(
        DomainId=D,
        SpaceName=DEMO_RUNNING_SPACE,
        SpaceSettings={
            "CodeEditorAppSettings": {
                "AppLifecycleManagement": {"IdleSettings": {"IdleTimeoutInMinutes": 60}}
            }
        },
    )
    emulator.advance(30 * 60)
    emulator.touch_app(D, DEMO_RUNNING_SPACE)
    emulator.advance(59 * 60)
    assert emulator.space_app(D, DEMO_RUNNING_SPACE).status == "InService"
    emulator.advance(61)
    assert emulator.space_app(D, DEMO_RUNNING_SPACE).status == "Deleting"
    emulator.advance(5)
    assert emulator.space_app(D, DEMO_RUNNING_SPACE).status == "Deleted"


def test_app_operations_can_be_denied(emulator, sm) -> None:
    emulator.deny("ListApps", "CreateApp", "DescribeSpace")
    with pytest.raises(ClientError) as listing:
        sm.list_apps(DomainIdEquals=D)
    code, message, status = _error(listing)
    assert (code, status) == ("AccessDeniedException", 400)
    assert (
        "sagemaker:ListApps on resource: arn:aws:sagemaker:us-east-1:123456789012:app/" in message
    )
    with pytest.raises(ClientError) as create:
        sm.create_app(
            DomainId=D, SpaceName=DEMO_STOPPED_SPACE, AppType="JupyterLab", AppName="default"
        )
    assert _error(create)[1].startswith(
        "User: arn:aws:iam::123456789012:user/emulator-user is not authorized to perform: "
        "sagemaker:CreateApp on resource: arn:aws:sagemaker:us-east-1:123456789012:app/"
        f"{D}/{DEMO_STOPPED_SPACE}/jupyterlab/default"
    )
    with pytest.raises(ClientError) as describe:
        sm.describe_space(DomainId=D, SpaceName=DEMO_SPACE)
    assert f":space/{D}/{DEMO_SPACE} " in _error(describe)[1]
    assert emulator.space_app(D, DEMO_STOPPED_SPACE) is None
    assert _app(sm, DEMO_SPACE)["Status"] == "InService"  # DescribeApp is not denied
    emulator.allow()
    assert sm.list_apps(DomainIdEquals=D)["Apps"]


def test_records_show_the_order_and_the_answered_status(emulator, sm) -> None:
    emulator.set_app_delays(start=2)
    sm.create_app(DomainId=D, SpaceName=DEMO_STOPPED_SPACE, AppType="JupyterLab", AppName="default")
    while _app(sm, DEMO_STOPPED_SPACE)["Status"] != "InService":
        emulator.advance(1)
    sm.create_presigned_domain_url(
        DomainId=D, UserProfileName=DEMO_USER, SpaceName=DEMO_STOPPED_SPACE
    )
    ops = [(r.op, r.status) for r in emulator.requests]
    assert ops[0] == ("CreateApp", None)
    ready = ops.index(("DescribeApp", "InService"))
    assert all(status == "Pending" for op, status in ops[1:ready])
    assert ops[ready + 1 :] == [("CreatePresignedDomainUrl", None)]
    records = emulator.requests
    assert records[ready + 1].time >= records[ready].time


def test_twenty_concurrent_calls_with_latency_overlap(emulator) -> None:
    emulator.add_demo_data()
    clients = [client_for(emulator, "sagemaker") for _ in range(20)]
    for client in clients:  # connect first so the timing measures the calls alone
        client.list_domains()
    emulator.set_latency(0.1)
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def call(i: int) -> None:
        try:
            barrier.wait(5)
            if i % 2:
                results.append(
                    clients[i].describe_space(DomainId=D, SpaceName=DEMO_SPACE)["Status"]
                )
            else:
                apps = clients[i].list_apps(DomainIdEquals=D)["Apps"]
                results.append(apps[0]["Status"])
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(20)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    elapsed = time.monotonic() - started
    assert not errors, errors
    assert results == ["InService"] * 20
    assert elapsed < 0.1 * 20 / 4, f"20 calls with 100 ms latency took {elapsed:.2f} s"
    assert elapsed >= 0.1


def test_demo_data_has_a_stopped_and_a_running_space(emulator, sm) -> None:
    assert emulator.space_app(D, DEMO_STOPPED_SPACE) is None
    assert emulator.space_app(D, DEMO_RUNNING_SPACE).status == "InService"
    running = {a["SpaceName"] for a in sm.list_apps(DomainIdEquals=D)["Apps"]}
    assert running == {DEMO_SPACE, "demo-shared", DEMO_RUNNING_SPACE}
    # The emulator's clock runs in real time: the stopped space starts by itself.
    emulator.set_app_delays(start=0.3)
    sm.create_app(DomainId=D, SpaceName=DEMO_STOPPED_SPACE, AppType="JupyterLab", AppName="default")
    assert _app(sm, DEMO_STOPPED_SPACE)["Status"] == "Pending"
    time.sleep(0.4)
    assert _app(sm, DEMO_STOPPED_SPACE)["Status"] == "InService"


def test_set_up_mistakes_fail_loudly(emulator) -> None:
    emulator.add_demo_data()
    with pytest.raises(ValueError, match="has an app"):
        emulator.add_app(D, DEMO_SPACE)
    with pytest.raises(ValueError, match="no space"):
        emulator.add_app(D, "nope")
    with pytest.raises(ValueError, match="negative"):
        emulator.set_app_delays(start=-1)
    with pytest.raises(ValueError, match="idle_timeout"):
        emulator.add_space(D, "x", sharing="Shared", idle_timeout=59)
    with pytest.raises(ValueError, match="instance type"):
        emulator.add_space(D, "x", sharing="Shared", instance_type="big")
    delays = emulator.set_app_delays(stop=0)
    assert (delays.start, delays.stop) == (3.0, 0.0)
