"""``studio-tray discover`` end to end: a real process, the emulator, the real config file."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

from studio_tray import cli
from studio_tray import config as config_file
from studio_tray.commands.discover import SlowProgress
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from tests.fixtures.browser import recorder_script
from tests.fixtures.cli import studio_tray

HAND_WRITTEN = """\
# my studio shortcuts; keep this comment
[profiles.P]
aws_profile = "emu"   # keys in ~/.aws/credentials
region = "us-east-1"
endpoint_url = "{url}"

[[shortcuts]]
name = "My lab"        # not the name discovery would pick
profile = "P"
domain_id = "{domain}"
user_profile = "alice"
space = "alice-lab"
hotkey = "<ctrl>+<alt>+1"
"""


@pytest.fixture
def setup(emulator: Emulator, isolated_env: dict[str, Path]) -> tuple[Path, str]:
    """An account (one IAM domain with 3 users, an SSO domain) and a config with one
    hand-written shortcut; the profile's keys in ~/.aws/credentials."""
    domain = emulator.add_domain(name="Prod")
    for user in ("alice", "bob", "carol"):
        emulator.add_user_profile(domain, user)
    emulator.add_space(domain, "alice-lab", owner="alice", app_type="JupyterLab")
    emulator.add_space(domain, "bob-code", owner="bob", app_type="CodeEditor")
    emulator.add_space(domain, "team", sharing="Shared", app_type="JupyterLab")
    sso = emulator.add_domain(name="Corp", auth_mode="SSO")
    emulator.add_user_profile(sso, "dave")
    aws = isolated_env["home"] / ".aws"
    aws.mkdir(parents=True, exist_ok=True)
    (aws / "credentials").write_text(
        f"[emu]\naws_access_key_id = {DEMO_ACCESS_KEY_ID}\n"
        f"aws_secret_access_key = {DEMO_SECRET_ACCESS_KEY}\n"
    )
    path = isolated_env["config"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HAND_WRITTEN.format(url=emulator.url, domain=domain))
    return path, domain


def run(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as its own process."""
    return studio_tray("--config", str(path), "discover", *args, timeout=60)


def test_add_twice_adds_once_and_keeps_the_hand_written_shortcut(setup: tuple[Path, str]) -> None:
    path, domain = setup
    before = path.read_bytes()
    first = run(path, "--profile", "P", "--add")
    assert first.returncode == 0, first.stderr
    after_first = path.read_bytes()
    assert after_first.startswith(before), "what the user wrote stays byte-identical"
    config = config_file.load(path)
    keys = [(s.user_profile, s.space) for s in config.shortcuts]
    assert sorted(keys) == sorted(
        [
            ("alice", "alice-lab"),
            ("alice", "team"),
            ("bob", "bob-code"),
            ("bob", "team"),
            ("carol", "team"),
            ("", None),  # the Identity Center domain: its Studio URL
        ]
    ), "alice-lab is already there as 'My lab'"
    assert config.shortcuts[0].name == "My lab" and config.shortcuts[0].hotkey
    assert config.shortcut("Prod - bob - bob-code") is not None
    assert config.shortcut("Prod - bob - bob-code").landing_uri == "app:CodeEditor:"  # type: ignore[union-attr]
    assert "added 5 shortcuts:" in first.stdout
    assert "1 already in" in first.stdout
    assert "Identity Center: opens its Studio URL" in first.stdout and "Corp" in first.stdout
    corp = config.shortcut("Corp")
    assert corp is not None and corp.studio_url and corp.studio_url.startswith("https://d-")

    second = run(path, "--profile", "P", "--add")
    assert second.returncode == 0, second.stderr
    assert path.read_bytes() == after_first
    assert "nothing new to add" in second.stdout


def test_without_add_nothing_is_written(
    setup: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, domain = setup
    before = path.read_bytes()
    assert cli.main(["--config", str(path), "discover", "--profile", "P", "--group", "Work"]) == 0
    out = capsys.readouterr().out
    assert path.read_bytes() == before
    assert "would add" in out and "Prod - carol - team" in out and "group Work" in out
    for column in ("DOMAIN ID", "AUTH", "USER PROFILE", "SPACE", "APP TYPE"):
        assert column in out
    assert domain in out and "CodeEditor" in out


def test_entries_not_in_service_are_listed_with_why_and_get_no_shortcut(
    setup: tuple[Path, str], emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    path, domain = setup
    emulator.add_user_profile(domain, "erin", status="Pending")
    emulator.add_space(domain, "carol-new", owner="carol", status="Failed")
    emulator.add_space(domain, "gw", sharing="Shared", app_type="KernelGateway")
    emulator.add_space(domain, "carol-r", owner="carol", app_type="RStudioServerPro")
    emulator.add_space(domain, "carol-c", owner="carol", app_type="Canvas", display_name="Ads")
    assert cli.main(["--config", str(path), "discover", "--profile", "P", "--add"]) == 0
    out = capsys.readouterr().out

    def row(word: str) -> str:  # the table's line with this cell
        return next(line.rstrip() for line in out.splitlines() if f" {word} " in f" {line} ")

    assert row("erin").endswith("no shortcut: status is Pending")
    assert row("carol-new").endswith("no shortcut: status is Failed")
    assert row("gw").endswith("no shortcut: app type KernelGateway does not open in a browser")
    assert row("carol-c").endswith('private, shown as "Ads"')
    config = config_file.load(path)
    assert not [s for s in config.shortcuts if s.user_profile == "erin"]
    assert {s.space for s in config.shortcuts} & {"carol-new", "gw"} == set()
    assert config.shortcut("Prod - carol - Ads").landing_uri == "app:Canvas:"  # type: ignore[union-attr]
    rstudio = config.shortcut("Prod - carol - carol-r")
    assert rstudio is not None and rstudio.landing_uri == "app:RStudioServerPro:"


def test_several_regions_in_one_run(
    setup: tuple[Path, str], emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = setup
    argv = [
        "--config",
        str(path),
        "discover",
        "--profile",
        "P",
        "--region",
        "us-east-1",
        "--region",
        "eu-west-1",
        "--user",
        "carol",
    ]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "eu-west-1" in out and "us-east-1" in out
    assert len([r for r in emulator.requests if r.op == "ListDomains"]) == 2
    assert "Prod - carol - team" in out and "Prod - bob" not in out


def test_list_spaces_denied_still_reports_and_names_the_permission(
    setup: tuple[Path, str], emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = setup
    emulator.deny("ListSpaces")
    assert cli.main(["--config", str(path), "discover", "--profile", "P"]) == 0
    captured = capsys.readouterr()
    assert "sagemaker:ListSpaces" in captured.err
    assert "alice" in captured.out and "bob" in captured.out and "spaces not listed" in captured.out


def test_nothing_listed_exits_1(
    setup: tuple[Path, str], emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = setup
    emulator.deny("ListDomains")
    assert cli.main(["--config", str(path), "discover", "--profile", "P", "--add"]) == 1
    err = capsys.readouterr().err
    assert "sagemaker:ListDomains" in err and "nothing could be listed" in err


def test_unknown_profile_is_a_usage_error(
    setup: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = setup
    assert cli.main(["--config", str(path), "discover", "--profile", "nope"]) == 2
    assert "profile add nope" in capsys.readouterr().err


def test_slow_runs_show_progress_on_stderr(
    setup: tuple[Path, str], emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    path, domain = setup
    for number in range(250):
        emulator.add_user_profile(domain, f"user-{number:03d}")
    emulator.set_latency(0.25)
    assert cli.main(["--config", str(path), "discover", "--profile", "P"]) == 0
    captured = capsys.readouterr()
    assert "253 user profiles in domain Prod" in captured.err
    assert "user-249" in captured.out and "user profiles" not in captured.out


def test_progress_waits_until_the_run_is_slow() -> None:
    now = [100.0]
    stream = io.StringIO()
    progress = SlowProgress(stream, after=1.0, clock=lambda: now[0])
    progress("P us-east-1: listing domains")
    now[0] += 1.5
    progress("P us-east-1: 200 user profiles in domain Prod (d-abc)")
    assert (
        stream.getvalue()
        == "studio-tray: P us-east-1: 200 user profiles in domain Prod (d-abc)...\n"
    )


def test_an_identity_center_domain_opens_its_studio_url_without_a_presign(
    setup: tuple[Path, str], emulator: Emulator
) -> None:
    path, _ = setup
    assert run(path, "--profile", "P", "--add").returncode == 0
    corp = config_file.load(path).shortcut("Corp")
    assert corp is not None and corp.studio_url
    listed = studio_tray("--config", str(path), "list")
    assert "(Identity Center)" in next(
        line for line in listed.stdout.splitlines() if "Corp" in line
    )
    emulator.reset()

    printed = studio_tray("--config", str(path), "open", "Corp", "--print")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.strip() == corp.studio_url
    urls = path.parent / "urls.txt"
    recorder = recorder_script(path.parent, urls)  # reads the one-shot page, as a browser would
    import os

    opened = studio_tray(
        "--config", str(path), "open", "Corp", env={**os.environ, "BROWSER": str(recorder)}
    )
    assert opened.returncode == 0, opened.stderr
    assert urls.read_text().split() == [corp.studio_url]
    assert emulator.requests == [], "no AWS call at all, CreatePresignedDomainUrl least of all"
