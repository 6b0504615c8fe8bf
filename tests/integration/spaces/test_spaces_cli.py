"""``studio-tray spaces``, ``start``, ``stop``, ``spaces set`` and ``open`` on spaces, against
the emulator, with the real AWS CLI as a second client."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

import pytest

from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from tests.fixtures.aws_cli import aws
from tests.fixtures.cli import studio_tray as cli

D = "d-abc123def456"
STATUSES = {
    "run": "running",
    "pend": "starting",
    "del": "stopping",
    "off": "stopped",
    "gone": "stopped",
    "fail": "failed",
}


def shortcut(name: str, space: str, profile: str = "prod") -> str:
    return (
        f'[[shortcuts]]\nname = "{name}"\nprofile = "{profile}"\ndomain_id = "{D}"\n'
        f'user_profile = "alice"\nspace = "{space}"\n'
    )


def write(home: Path, config: Path, emu: Emulator, shortcuts: str) -> None:
    aws_dir = home / ".aws"
    aws_dir.mkdir(exist_ok=True)
    (aws_dir / "credentials").write_text(
        f"[emu]\naws_access_key_id = {DEMO_ACCESS_KEY_ID}\n"
        f"aws_secret_access_key = {DEMO_SECRET_ACCESS_KEY}\n"
        f"[wrong]\naws_access_key_id = {DEMO_ACCESS_KEY_ID}\naws_secret_access_key = nope\n"
    )
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f"""[settings]
space_start_minutes = 1

[profiles.prod]
aws_profile = "emu"
region = "us-east-1"
endpoint_url = "{emu.url}"

[profiles.bad]
aws_profile = "wrong"
region = "us-east-1"
endpoint_url = "{emu.url}"

{shortcuts}
[[shortcuts]]
name = "home"
profile = "prod"
domain_id = "{D}"
user_profile = "alice"
"""
    )


@pytest.fixture
def emu(emulator: Emulator, isolated_env: dict[str, Path]) -> Emulator:
    emulator.add_domain(D, "prod")
    emulator.add_user_profile(D, "alice")
    for space in STATUSES:
        emulator.add_space(D, space, owner="alice", instance_type="ml.m5.large")
    emulator.add_space(D, "broken", owner="alice", fail_start="No capacity for ml.g5.xlarge")
    emulator.add_app(D, "run", instance_type="ml.g5.xlarge", created=emulator.now() - 7800)
    emulator.set_app_delays(start=600, stop=600)
    emulator.add_app(D, "pend", status="Pending")
    emulator.add_app(D, "del", status="Deleting")
    emulator.add_app(D, "gone", status="Deleted")
    emulator.add_app(D, "fail", status="Failed", failure_reason="bad image")
    emulator.set_app_delays(start=1, stop=0.5)
    text = "".join(shortcut(space, space) for space in STATUSES) + shortcut("bad", "run", "bad")
    text += shortcut("broken", "broken")
    write(isolated_env["home"], isolated_env["config"], emulator, text)
    return emulator


def test_spaces_json_across_all_statuses(emu: Emulator, run) -> None:
    result = run("spaces", "--json")
    assert result.code == 0, result.err
    rows = {row["shortcut"]: row for row in json.loads(result.out)}
    assert "home" not in rows  # no space: not listed
    for name, status in STATUSES.items():
        assert rows[name]["status"] == status, rows[name]
        assert rows[name]["domain_id"] == D and rows[name]["space"] == name
        assert rows[name]["app_type"] == "JupyterLab"
    assert rows["bad"]["status"] == "unknown" and rows["bad"]["since"] is None
    assert rows["run"]["instance_type"] == "ml.g5.xlarge"
    assert rows["off"]["instance_type"] == "ml.m5.large"  # the space's default
    since = datetime.fromisoformat(rows["run"]["since"])
    assert abs(since.timestamp() - (emu.now() - 7800)) < 5
    assert rows["off"]["since"] is None
    assert rows["fail"]["reason"] == "bad image"
    assert set(rows["run"]) >= {
        "shortcut",
        "domain_id",
        "space",
        "app_type",
        "status",
        "instance_type",
        "since",
    }


def test_spaces_table_shows_run_time_and_unknown_reasons(emu: Emulator, run) -> None:
    result = run("spaces")
    assert result.code == 0
    line = next(x for x in result.lines if x.startswith("run "))
    assert "running" in line and "ml.g5.xlarge" in line and "2 h 10 m" in line
    assert "bad: unknown: the keys of profile bad were rejected" in result.err


def test_access_denied_on_list_apps_is_unknown_and_exit_0(emu: Emulator, run) -> None:
    emu.deny("ListApps")
    result = run("spaces", "--json")
    assert result.code == 0
    rows = json.loads(result.out)
    assert {row["status"] for row in rows} == {"unknown"}
    assert "sagemaker:ListApps" in rows[0]["reason"]


def test_twenty_spaces_are_read_concurrently(
    emulator: Emulator, isolated_env: dict[str, Path], run
) -> None:
    emulator.add_domain(D, "prod")
    emulator.add_user_profile(D, "alice")
    for i in range(20):
        emulator.add_space(D, f"s{i:02}", owner="alice")
    write(
        isolated_env["home"],
        isolated_env["config"],
        emulator,
        "".join(shortcut(f"s{i:02}", f"s{i:02}") for i in range(20)),
    )
    assert run("spaces", "--json").code == 0  # warm: clients, model cache
    latency = 0.2
    emulator.set_latency(latency)
    started = time.monotonic()
    result = run("spaces", "--json")
    elapsed = time.monotonic() - started
    assert result.code == 0 and len(json.loads(result.out)) == 20
    # 40 calls one after another would take 8 s; concurrently about two round trips.
    assert elapsed < 8 * latency, elapsed


def test_start_reports_progress_and_stop_waits_for_deleted(emu: Emulator, run) -> None:
    result = run("start", "off", "--instance-type", "ml.t3.large")
    assert result.code == 0, result.err
    assert "off: Pending (" in result.err and "off: space off is running" in result.err
    (create,) = [r for r in emu.requests if r.op == "CreateApp"]
    assert create.params["ResourceSpec"] == {"InstanceType": "ml.t3.large"}
    assert emu.space_app(D, "off").status == "InService"
    again = run("start", "off")
    assert again.code == 0 and "already running" in again.err
    assert len([r for r in emu.requests if r.op == "CreateApp"]) == 1
    stopped = run("stop", "off")
    assert stopped.code == 0 and "off: space off is stopped" in stopped.err
    assert emu.space_app(D, "off").status == "Deleted"
    twice = run("stop", "off")
    assert twice.code == 0 and "already stopped" in twice.err
    assert len([r for r in emu.requests if r.op == "DeleteApp"]) == 1


def test_start_no_wait_returns_at_once(emu: Emulator, run) -> None:
    emu.set_app_delays(start=600)
    result = run("start", "off", "--no-wait")
    assert result.code == 0 and "is starting" in result.err
    assert emu.space_app(D, "off").status == "Pending"
    assert not [r for r in emu.requests if r.op == "DescribeApp"]


def test_a_failed_start_exits_1_with_the_failure_reason(emu: Emulator, run) -> None:
    result = run("start", "broken")
    assert result.code == 1
    assert result.err.strip().splitlines()[-1] == (
        "studio-tray: space broken of domain d-abc123def456 failed to start: "
        "No capacity for ml.g5.xlarge"
    )


def test_start_of_a_shortcut_without_a_space_is_a_usage_error(emu: Emulator, run) -> None:
    result = run("start", "home")
    assert result.code == 2 and "opens no space" in result.err
    assert not [r for r in emu.requests if r.op == "CreateApp"]


def test_open_print_starts_the_space_first_and_no_start_does_not(emu: Emulator) -> None:
    kept = cli("open", "off", "--print", "--no-start")
    assert kept.returncode == 0, kept.stderr
    assert emu.space_app(D, "off") is None
    result = cli("open", "off", "--print")
    assert result.returncode == 0, result.stderr
    assert "off: space Pending" in result.stderr
    assert emu.space_app(D, "off").status == "InService"
    assert emu.redeem(result.stdout.strip()) == 200
    ops = [r.op for r in emu.requests]
    assert ops.index("CreateApp") < len(ops) - 1 and ops[-1] == "CreatePresignedDomainUrl"


def test_the_aws_cli_starts_a_space_that_studio_tray_then_sees(emu: Emulator, run, aws_cli) -> None:
    emu.set_app_delays(start=6)  # the AWS CLI itself takes a second or two to start
    started = aws(
        emu.url,
        "sagemaker",
        "create-app",
        "--domain-id",
        D,
        "--space-name",
        "off",
        "--app-type",
        "JupyterLab",
        "--app-name",
        "default",
    )
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout)["AppArn"].endswith(f"app/{D}/off/jupyterlab/default")
    rows = {r["shortcut"]: r for r in json.loads(run("spaces", "--json").out)}
    assert rows["off"]["status"] == "starting"
    result = run("start", "off")  # joins the other client's start
    assert result.code == 0 and "is running" in result.err
    assert len([r for r in emu.requests if r.op == "CreateApp"]) == 1
    listed = aws(emu.url, "sagemaker", "list-apps", "--space-name-equals", "off")
    assert [a["Status"] for a in json.loads(listed.stdout)["Apps"]] == ["InService"]
    rows = {r["shortcut"]: r for r in json.loads(run("spaces", "--json").out)}
    assert rows["off"]["status"] == "running"
    stopped = run("stop", "off", "--no-wait")
    assert stopped.code == 0
    described = aws(
        emu.url,
        "sagemaker",
        "describe-app",
        "--domain-id",
        D,
        "--space-name",
        "off",
        "--app-type",
        "JupyterLab",
        "--app-name",
        "default",
    )
    assert json.loads(described.stdout)["Status"] in ("Deleting", "Deleted")


def test_spaces_set_idle_timeout_and_instance_type(emu: Emulator, run) -> None:
    result = run("spaces", "set", "off", "--idle-timeout", "120", "--instance-type", "ml.t3.large")
    assert result.code == 0, result.err
    described = aws(emu.url, "sagemaker", "describe-space", "--domain-id", D, "--space-name", "off")
    settings = json.loads(described.stdout)["SpaceSettings"]["JupyterLabAppSettings"]
    assert settings["DefaultResourceSpec"]["InstanceType"] == "ml.t3.large"
    assert settings["AppLifecycleManagement"]["IdleSettings"]["IdleTimeoutInMinutes"] == 120
    low = run("spaces", "set", "off", "--idle-timeout", "59")
    assert low.code == 2 and "60 to 525600" in low.err
    assert len([r for r in emu.requests if r.op == "UpdateSpace"]) == 1


def test_spaces_set_idle_timeout_where_idle_shutdown_is_off(emu: Emulator, run) -> None:
    emu.set_idle_shutdown(D, False)
    result = run("spaces", "set", "off", "--idle-timeout", "120")
    assert result.code == 1
    assert "studio-tray: SageMaker refused space off" in result.err, result.err
