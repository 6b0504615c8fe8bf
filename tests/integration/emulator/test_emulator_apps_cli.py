"""The real AWS CLI parses the emulator's space and app answers (list-apps, describe-app,
create-app, delete-app, describe-space, update-space)."""

from __future__ import annotations

import json

import pytest

from studio_tray.emulator import (
    DEMO_DOMAIN_ID,
    DEMO_RUNNING_SPACE,
    DEMO_SPACE,
    DEMO_STOPPED_SPACE,
    Emulator,
)
from tests.fixtures.aws_cli import AWS, aws

D = DEMO_DOMAIN_ID


@pytest.fixture
def cli(emulator: Emulator):
    if not AWS.exists():
        pytest.fail(f"the AWS CLI is part of the test extra but {AWS} is missing")
    emulator.add_demo_data()

    def run(*args: str, ok: bool = True):
        result = aws(emulator.url, "sagemaker", *args)
        if ok:
            assert result.returncode == 0, result.stderr
            return json.loads(result.stdout) if result.stdout.strip() else None
        assert result.returncode != 0, result.stdout
        return result.stderr

    return run


def _app_args(space: str, app_type: str = "JupyterLab") -> list[str]:
    return [
        "--domain-id",
        D,
        "--space-name",
        space,
        "--app-type",
        app_type,
        "--app-name",
        "default",
    ]


def test_cli_create_describe_delete_app(emulator, cli) -> None:
    emulator.set_app_delays(start=4, stop=4)
    created = cli(
        "create-app", *_app_args(DEMO_STOPPED_SPACE), "--resource-spec", "InstanceType=ml.t3.large"
    )
    assert created == {
        "AppArn": "arn:aws:sagemaker:us-east-1:123456789012:app/"
        f"{D}/{DEMO_STOPPED_SPACE}/jupyterlab/default"
    }
    described = cli("describe-app", *_app_args(DEMO_STOPPED_SPACE))
    assert described["Status"] == "Pending"
    assert described["ResourceSpec"] == {"InstanceType": "ml.t3.large"}
    assert described["SpaceName"] == DEMO_STOPPED_SPACE and described["AppType"] == "JupyterLab"
    assert described["AppArn"] == created["AppArn"]
    # awscli v1 prints timestamps as they came: epoch seconds of the emulator's clock.
    assert abs(described["CreationTime"] - emulator.now()) < 30
    emulator.advance(4)
    assert cli("describe-app", *_app_args(DEMO_STOPPED_SPACE))["Status"] == "InService"
    assert cli("delete-app", *_app_args(DEMO_STOPPED_SPACE)) is None
    assert cli("describe-app", *_app_args(DEMO_STOPPED_SPACE))["Status"] == "Deleting"
    emulator.advance(4)
    assert cli("describe-app", *_app_args(DEMO_STOPPED_SPACE))["Status"] == "Deleted"
    again = cli("delete-app", *_app_args(DEMO_STOPPED_SPACE), ok=False)
    assert "(ResourceNotFound) when calling the DeleteApp operation" in again
    busy = cli("create-app", *_app_args(DEMO_SPACE), ok=False)
    assert "(ResourceInUse) when calling the CreateApp operation" in busy


def test_cli_list_apps_with_filters(emulator, cli) -> None:
    listed = cli("list-apps", "--domain-id-equals", D, "--space-name-equals", DEMO_RUNNING_SPACE)
    assert [
        (a["SpaceName"], a["AppType"], a["Status"], a["ResourceSpec"]["InstanceType"])
        for a in listed["Apps"]
    ] == [(DEMO_RUNNING_SPACE, "CodeEditor", "InService", "ml.m5.large")]
    # The CLI follows NextToken by itself: 3 demo apps in pages of 1.
    paged = cli("list-apps", "--domain-id-equals", D, "--page-size", "1")
    assert sorted(a["SpaceName"] for a in paged["Apps"]) == sorted(
        [DEMO_SPACE, "demo-shared", DEMO_RUNNING_SPACE]
    )
    assert len(emulator.requests) == 1 + 3


def test_cli_describe_and_update_space(emulator, cli) -> None:
    space = cli("describe-space", "--domain-id", D, "--space-name", DEMO_STOPPED_SPACE)
    assert space["Status"] == "InService"
    assert space["SpaceDisplayName"] == "Demo lab (stopped)"
    assert space["SpaceSettings"]["AppType"] == "JupyterLab"
    assert space["SpaceSettings"]["JupyterLabAppSettings"]["DefaultResourceSpec"] == {
        "InstanceType": "ml.t3.medium"
    }
    settings = {
        "JupyterLabAppSettings": {
            "DefaultResourceSpec": {"InstanceType": "ml.m5.xlarge"},
            "AppLifecycleManagement": {"IdleSettings": {"IdleTimeoutInMinutes": 90}},
        }
    }
    updated = cli(
        "update-space",
        "--domain-id",
        D,
        "--space-name",
        DEMO_STOPPED_SPACE,
        "--space-settings",
        json.dumps(settings),
    )
    assert updated == {
        "SpaceArn": f"arn:aws:sagemaker:us-east-1:123456789012:space/{D}/{DEMO_STOPPED_SPACE}"
    }
    after = cli("describe-space", "--domain-id", D, "--space-name", DEMO_STOPPED_SPACE)
    assert after["SpaceSettings"]["JupyterLabAppSettings"] == settings["JupyterLabAppSettings"]
    too_long = dict(settings)
    too_long["JupyterLabAppSettings"] = {
        "AppLifecycleManagement": {"IdleSettings": {"IdleTimeoutInMinutes": 525601}}
    }
    refused = cli(
        "update-space",
        "--domain-id",
        D,
        "--space-name",
        DEMO_STOPPED_SPACE,
        "--space-settings",
        json.dumps(too_long),
        ok=False,
    )
    assert "(ValidationException) when calling the UpdateSpace operation" in refused
    assert "less than or equal to 525600" in refused
    missing = cli("describe-space", "--domain-id", D, "--space-name", "nope", ok=False)
    assert "(ResourceNotFound) when calling the DescribeSpace operation: Space nope not found" in (
        missing
    )


def test_cli_lists_spaces_and_user_profiles_with_statuses_and_display_names(emulator, cli) -> None:
    emulator.add_user_profile(D, "bob", status="Pending")
    emulator.add_space(D, "bob-lab", owner="bob", status="Update_Failed", display_name="Bob's lab")
    spaces = {s["SpaceName"]: s for s in cli("list-spaces", "--domain-id-equals", D)["Spaces"]}
    assert (spaces["bob-lab"]["Status"], spaces["bob-lab"]["SpaceDisplayName"]) == (
        "Update_Failed",
        "Bob's lab",
    )
    assert spaces[DEMO_STOPPED_SPACE]["SpaceDisplayName"] == "Demo lab (stopped)"
    assert spaces[DEMO_SPACE]["Status"] == "InService"
    assert "SpaceDisplayName" not in spaces[DEMO_SPACE]
    described = cli("describe-space", "--domain-id", D, "--space-name", "bob-lab")
    assert (described["Status"], described["SpaceDisplayName"]) == ("Update_Failed", "Bob's lab")
    plain = cli("describe-space", "--domain-id", D, "--space-name", DEMO_SPACE)
    assert "SpaceDisplayName" not in plain
    users = cli("list-user-profiles", "--domain-id-equals", D)["UserProfiles"]
    assert {u["UserProfileName"]: u["Status"] for u in users} == {
        "demo-user": "InService",
        "bob": "Pending",
    }
