"""``studio-tray open`` and ``demo --print`` as a user runs them: subprocesses, real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from studio_tray import paths
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.handoff import client as handoff_client
from studio_tray.handoff.server import HandoffServer
from tests.fixtures.browser import recorder_script
from tests.fixtures.cli import studio_tray as cli
from tests.fixtures.emulator import presigned, token_of
from tests.fixtures.wait import wait_until

DOMAIN = "d-abc123def456"


def one_line_failure(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def configured(emulator: Emulator, isolated_env: dict[str, Path]) -> Path:
    emulator.add_domain(DOMAIN, "prod")
    emulator.add_user_profile(DOMAIN, "alice")
    emulator.add_space(DOMAIN, "alice-lab", owner="alice")
    aws = isolated_env["home"] / ".aws"
    aws.mkdir()
    (aws / "credentials").write_text(
        f"[emu]\naws_access_key_id = {DEMO_ACCESS_KEY_ID}\n"
        f"aws_secret_access_key = {DEMO_SECRET_ACCESS_KEY}\n"
    )
    config = isolated_env["config"]
    config.parent.mkdir(parents=True)
    config.write_text(
        f"""[settings]
expires_in = 60

[profiles.prod]
aws_profile = "emu"
region = "us-east-1"
endpoint_url = "{emulator.url}"

[[shortcuts]]
name = "lab"
profile = "prod"
domain_id = "{DOMAIN}"
user_profile = "alice"
space = "alice-lab"
landing_uri = "app:JupyterLab:"

[[shortcuts]]
name = "gone"
profile = "prod"
domain_id = "{DOMAIN}"
user_profile = "bob"
"""
    )
    return config


def test_version() -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("studio-tray 0.1.0")


def imported_modules(*args: str, env: dict[str, str] | None = None) -> tuple[set[str], str]:
    """The modules ``python ARGS`` imports (``python -X importtime``), and its stderr."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        capture_output=True,
        text=True,
        timeout=90,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return names, result.stderr


def imported(*args: str) -> set[str]:
    """The top-level packages ``studio-tray ARGS`` imports (``python -X importtime``)."""
    names = {name.split(".")[0] for name in imported_modules("-m", "studio_tray", *args)[0]}
    assert "studio_tray" in names, "no import lines: -X importtime did not report"
    return names


# What a handed-off `open` must not import: it connects, sends the name and prints the answer;
# the tray reads the config and finds the shortcut. Each of these cost it milliseconds.
NOT_ON_THE_HAND_OFF_PATH = {
    "argparse",
    "boto3",
    "botocore",
    "enum",  # under re and pathlib
    "fnmatch",
    "hashlib",  # OpenSSL: the handshake's HMAC runs on the built-in hash modules
    "ipaddress",
    "json",  # and re under it: the client quotes and scans JSON with _json
    "keyring",
    "logging",
    "multiprocessing",
    "pathlib",  # the client's paths are strings
    "pickle",
    "platformdirs",
    "re",  # the error masks compile on first use
    "socket",  # its enums: the client uses _socket
    "studio_tray.aws",
    "studio_tray.config",
    "studio_tray.model",
    "studio_tray.runtime",
    "subprocess",
    "tempfile",
    "tomlkit",
    "tomllib",
    "typing",
    "unicodedata",
    "urllib",
}
# What the temp folder costs when the state folder's socket path is too long for AF_UNIX.
FOR_A_LONG_SOCKET_PATH = {"tempfile", "hashlib", "re", "enum", "fnmatch"}


@pytest.mark.parametrize("where", ["environment", "platform folders"])
def test_a_handed_off_open_imports_only_what_connecting_takes(
    where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if where == "platform folders":  # no overrides: the folders platformdirs names
        for var in (paths.CONFIG_ENV, paths.STATE_ENV, "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            monkeypatch.delenv(var)
        # That socket path is too long for AF_UNIX: it moves to the temp folder, which this
        # process cached before the test's TMPDIR; the command finds it from TMPDIR.
        monkeypatch.setattr(tempfile, "tempdir", None)
    requests: list[dict[str, Any]] = []

    def answer(request: dict[str, Any]) -> dict[str, Any]:
        requests.append(request)
        return {"ok": True, "message": "opened"}

    # The tray's real hand-off server, in this process.
    server = HandoffServer(answer, paths.state_dir())
    server.start()
    try:
        names, stderr = imported_modules("-m", "studio_tray", "open", "lab")
        at_start, _ = imported_modules("-c", "pass")
    finally:
        server.stop()
    assert "opened lab (by the running tray)" in stderr
    assert requests == [{"op": "open", "name": "lab", "config": str(paths.config_path())}]
    extra = names - at_start
    assert "studio_tray.handoff.client" in extra
    forbidden = set(NOT_ON_THE_HAND_OFF_PATH)
    if not handoff_client.address(paths.state_dir()).startswith(str(paths.state_dir())):
        # A socket path too long for AF_UNIX: a private folder in the temp dir, named by digest.
        forbidden -= FOR_A_LONG_SOCKET_PATH
    assert not {n for n in extra if n in forbidden or n.split(".")[0] in forbidden}, sorted(extra)


def test_a_cold_open_imports_botocore_but_not_boto3(configured: Path) -> None:
    # boto3 (and s3transfer behind it) cost about 0.2 s of a cold start for nothing we use.
    names = imported("open", "lab", "--print")
    assert "botocore" in names
    assert not names & {"boto3", "s3transfer"}, names & {"boto3", "s3transfer"}


def test_version_imports_no_aws_library() -> None:
    assert not imported("--version") & {"boto3", "botocore", "tomlkit", "keyring"}


def test_quick_answers_flush_all_their_output_before_they_end() -> None:
    from studio_tray.cli import build_parser

    for args in (["--help"], ["-h"]):
        result = cli(*args)
        assert result.returncode == 0, result.stderr
        assert result.stdout == build_parser().format_help()
    assert cli("--version").stdout == "studio-tray 0.1.0\n"


# What ``--help`` may import beyond argparse (and the re, gettext and textwrap under it): the
# CLI, the verb table, and what argparse's help text lookups and ``-m`` load. No command
# module is built: their verbs' help comes from ``commands.VERBS``.
HELP_IMPORTS = {
    "studio_tray",
    "studio_tray.cli",
    "studio_tray.commands",
    "runpy",  # -m
    "locale",  # gettext's lookup of each help text
    "_locale",
    "errno",
}


def test_help_imports_the_parsers_and_little_else() -> None:
    names, stderr = imported_modules("-m", "studio_tray", "--help")
    with_argparse, _ = imported_modules("-c", "import argparse, textwrap")
    assert {"argparse", "studio_tray.cli", "studio_tray.commands"} <= names, stderr[-500:]
    extra = names - with_argparse
    # the heavy stdlib of the command modules and of argparse's own terminal-width lookup
    heavy = {"datetime", "shutil", "threading", "queue", "signal", "json", "pathlib", "logging"}
    assert not {n for n in extra if n.split(".")[0] in heavy}, sorted(extra)
    assert extra <= HELP_IMPORTS, sorted(extra - HELP_IMPORTS)


def test_help_builds_no_command_module() -> None:
    # import_module's imports are not in -X importtime's list: ask the process itself
    script = (
        "import sys; from studio_tray import cli; cli.main(['--help']); "
        "sys.stderr.write(' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=90, check=True
    )
    loaded = set(result.stderr.split())
    assert "studio_tray.cli" in loaded and result.stdout.startswith("usage: studio-tray")
    ours = {name for name in loaded if name.startswith("studio_tray.")}
    assert ours == {"studio_tray.cli", "studio_tray.commands"}, sorted(ours)


def test_open_print_gives_a_url_the_emulator_accepts(emulator: Emulator, configured: Path) -> None:
    result = cli("open", "lab", "--print")
    assert result.returncode == 0, result.stderr
    url = result.stdout.strip()
    # The space was stopped: the presign sent alongside its read was dropped, and the URL
    # printed is the one presigned once it ran.
    early, call = [r for r in emulator.requests if r.op == "CreatePresignedDomainUrl"]
    assert early.params == call.params
    early_url, printed = presigned(emulator)
    assert token_of(url) == printed.token and not early_url.used
    assert call.params == {
        "DomainId": DOMAIN,
        "UserProfileName": "alice",
        "SpaceName": "alice-lab",
        "LandingUri": "app:JupyterLab:",
        "ExpiresInSeconds": 60,
        "SessionExpirationDurationInSeconds": 43200,
    }
    assert call.access_key_id == DEMO_ACCESS_KEY_ID
    assert emulator.redeem(url) == 200


def test_open_runs_the_browser_from_BROWSER(
    emulator: Emulator, configured: Path, tmp_path: Path
) -> None:
    got = tmp_path / "got"
    recorder = recorder_script(tmp_path, got)
    result = cli("open", "lab", env={**os.environ, "BROWSER": str(recorder)})
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    wait_until(lambda: got.exists() and got.read_text(), what="the browser to get the URL")
    assert emulator.redeem(got.read_text().strip()) == 200


def test_open_ends_at_once_yet_its_exit_work_runs(
    emulator: Emulator, configured: Path, isolated_env: dict[str, Path]
) -> None:
    # `open` skips the interpreter's teardown (cli.ENDS_AT_ONCE), not atexit's work: a page
    # its browser has not read yet is handed to a watcher that removes it once read.
    result = cli("open", "lab", env={**os.environ, "BROWSER": "/bin/true"})
    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith("opened lab\n"), result.stderr
    (page,) = (isolated_env["state"] / "pages").glob("open-*.html")
    assert "token=" in page.read_text()  # a browser reads it now; the watcher sees it
    wait_until(lambda: not page.exists(), 10, what="the watcher to remove the read page")


def test_unknown_shortcut_is_exit_2_with_a_suggestion(configured: Path) -> None:
    line = one_line_failure(cli("open", "lba"), 2)
    assert "no shortcut named 'lba'" in line and "'lab'" in line


def test_aws_failure_is_exit_1_one_line(configured: Path) -> None:
    line = one_line_failure(cli("open", "gone", "--print"), 1)
    assert "not found" in line and "bob" in line


def test_debug_adds_the_traceback(configured: Path) -> None:
    result = cli("--debug", "open", "gone", "--print")
    assert result.returncode == 1
    assert "Traceback" in result.stderr


def test_broken_config_is_exit_2_and_untouched(configured: Path) -> None:
    configured.write_text("[settings\nexpires_in = 30\n")
    before = configured.read_bytes()
    result = cli("open", "lab", "--print")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert configured.name in result.stderr
    assert configured.read_bytes() == before


def test_config_flag_and_env_select_the_file(configured: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(configured.read_text().replace('name = "lab"', 'name = "elsewhere"'))
    env = {k: v for k, v in os.environ.items() if k != "STUDIO_TRAY_CONFIG"}
    assert cli("--config", str(other), "open", "elsewhere", "--print", env=env).returncode == 0
    env["STUDIO_TRAY_CONFIG"] = str(other)
    assert cli("open", "elsewhere", "--print", env=env).returncode == 0


def test_demo_print_serves_a_working_url_until_used() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio_tray", "demo", "--print", "Demo - alice - lab"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=10) as page:
            assert page.status == 200
            assert "Signed in to SageMaker Studio" in page.read().decode()
        assert proc.wait(timeout=15) == 0
    finally:
        proc.kill()


def test_demo_print_unknown_name_lists_the_demo_shortcuts() -> None:
    line = one_line_failure(cli("demo", "--print", "nope"), 2)
    assert "Demo - alice - lab" in line


def test_debug_output_never_shows_the_url(
    emulator: Emulator, configured: Path, tmp_path: Path
) -> None:
    got = tmp_path / "got"
    recorder = recorder_script(tmp_path, got)
    result = cli("--debug", "open", "lab", env={**os.environ, "BROWSER": str(recorder)})
    assert result.returncode == 0, result.stderr
    wait_until(lambda: got.exists() and got.read_text(), what="the browser to get the URL")
    token = got.read_text().strip().split("token=")[1]
    assert "studio_tray.aws.launcher" in result.stderr  # debug output was on
    assert token not in result.stderr + result.stdout


def test_global_options_also_work_after_the_verb(configured: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(configured.read_text().replace('name = "lab"', 'name = "after"'))
    result = cli("open", "after", "--print", "--config", str(other))
    assert result.returncode == 0, result.stderr
    assert cli("list", "--config", str(other)).stdout.count("after") == 1
