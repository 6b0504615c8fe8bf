"""Hostile config files: every command answers with one config error naming the file, never a
traceback, and the tray keeps its last good config (commands as subprocesses, the real
``ConfigState``)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from studio_tray.config import read
from studio_tray.config.state import ConfigState
from tests.fixtures.cli import studio_tray as cli
from tests.fixtures.config import EXAMPLE_CONFIG
from tests.fixtures.other_user import OtherUser

HOSTILE = {
    "deep arrays": "a = " + "[" * 5000 + "\n",
    "deep inline tables": "a = " + "{b = " * 3000 + "\n",
    "a 100,000-digit number": "[settings]\nexpires_in = " + "1" * 100_000 + "\n",
    "a huge hex number": "[settings]\nexpires_in = 0x" + "f" * 100_000 + "\n",
    "a huge hex name": (
        '[profiles.prod]\n[[shortcuts]]\nprofile = "prod"\ndomain_id = "d-abc123def456"\n'
        'user_profile = "alice"\nname = 0x' + "f" * 100_000 + "\n"
    ),
}
COMMANDS = {
    "list": ("list",),
    "open": ("open", "Prod - alice - lab"),
    "open --print": ("open", "--print", "Prod - alice - lab"),
    "shortcut add": (
        "shortcut",
        "add",
        "x",
        "--profile",
        "prod",
        "--domain-id",
        "d-abc123def456",
        "--user-profile",
        "alice",
    ),  # fmt: skip
}


def one_config_error(result: subprocess.CompletedProcess[str]) -> str:
    """The message of a config failure: exit code 2, each line a short problem naming the
    file, no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("studio-tray: config.toml: "), lines[:1]
    assert all(line.startswith(("studio-tray: config.toml: ", "config.toml: ")) for line in lines)
    assert all(len(line) < 300 for line in lines), lines
    return result.stderr


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_hostile_toml_is_one_config_error(
    isolated_env: dict[str, Path], text: str, command: tuple[str, ...]
) -> None:
    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    one_config_error(cli(*command))
    assert path.read_bytes() == before, "a failed command leaves the file alone"


def test_the_messages_say_what_is_wrong(isolated_env: dict[str, Path]) -> None:
    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    expected = {
        "deep arrays": "not valid TOML: arrays or tables are nested too deeply",
        "a 100,000-digit number": "not valid TOML: a whole number has too many digits",
        "a huge hex number": "expires_in (a whole number of 400000 bits) must be from 5 to 300",
    }
    for case, phrase in expected.items():
        path.write_text(HOSTILE[case], encoding="utf-8")
        assert phrase in one_config_error(cli("list")), case


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_tray_keeps_its_last_good_config(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    state = ConfigState(path)
    assert state.reload()
    good = state.current
    assert good.shortcut("Prod - alice - lab") is not None

    path.write_text(text, encoding="utf-8")
    assert state.reload() is False
    assert state.current is good
    assert state.error is not None and str(state.error).startswith("config.toml: ")

    path.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    assert state.reload() and state.error is None


def test_a_megabyte_browser_command_is_refused_at_once(isolated_env: dict[str, Path]) -> None:
    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    path.write_text(f'[settings]\nbrowser = "{"a" * 1_000_000} {{url}}"\n', encoding="utf-8")
    started = time.monotonic()
    message = one_config_error(cli("list", timeout=20))  # it took 80 s before the cap
    assert time.monotonic() - started < 10
    assert "settings: browser " in message
    assert "(1000006 characters) must be at most 4096 characters" in message


def test_a_long_browser_on_the_command_line_is_refused(isolated_env: dict[str, Path]) -> None:
    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    path.write_text('[profiles.prod]\nregion = "us-east-1"\n', encoding="utf-8")
    before = path.read_bytes()
    result = cli(
        *COMMANDS["shortcut add"], "--browser", "firefox " + "a" * 100_000 + " {url}", timeout=20
    )
    assert "must be at most 4096 characters" in one_config_error(result)
    assert path.read_bytes() == before


def test_a_config_over_the_size_limit_is_refused_unparsed(isolated_env: dict[str, Path]) -> None:
    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    line = "# " + "x" * 1000 + "\n"
    path.write_text(line * (read.MAX_BYTES // len(line) + 1), encoding="utf-8")
    for command in (COMMANDS["list"], COMMANDS["shortcut add"]):
        message = one_config_error(cli(*command))
        assert message.startswith("studio-tray: config.toml: is larger than 2 MiB"), message


def test_an_edit_cannot_grow_the_file_past_the_limit(isolated_env: dict[str, Path]) -> None:
    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    line = "# " + "x" * 1000 + "\n"
    text = '[profiles.prod]\nregion = "us-east-1"\n' + line * (read.MAX_BYTES // len(line) - 2)
    path.write_text(text, encoding="utf-8")
    assert cli("list").returncode == 0
    result = cli(*COMMANDS["shortcut add"], "--browser", "f " * 1500 + "{url}")
    assert "is larger than 2 MiB" in one_config_error(result)
    assert path.read_text(encoding="utf-8") == text


def test_a_config_another_user_owns_is_refused(
    isolated_env: dict[str, Path], other_user: OtherUser
) -> None:
    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    path.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    os.chown(path, other_user.uid, -1)
    message = one_config_error(cli("list"))
    assert f"belongs to another user (uid {other_user.uid})" in message
    assert "browser commands would run as you" in message
    os.chown(path, os.getuid(), -1)
    assert cli("list").returncode == 0


@pytest.mark.parametrize("mode", [0o666, 0o646, 0o602])
def test_a_config_others_can_write_is_refused(isolated_env: dict[str, Path], mode: int) -> None:
    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    path.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    path.chmod(mode)
    message = one_config_error(cli("list"))
    assert f"can be written by other users (mode {mode:o})" in message
    assert f"chmod go-w {path}" in message
    assert "Traceback" not in cli(*COMMANDS["shortcut add"]).stderr
    assert path.read_text(encoding="utf-8") == EXAMPLE_CONFIG
    path.chmod(0o644)
    assert cli("list").returncode == 0


def test_group_write_counts_unless_the_group_is_the_users_own(
    isolated_env: dict[str, Path], other_user: OtherUser
) -> None:
    import grp

    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    path.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    path.chmod(0o664)
    own = grp.getgrgid(os.getgid())
    if not own.gr_mem and own.gr_name == os.environ.get("USER", own.gr_name):
        assert cli("list").returncode == 0, "a user-private group's write is the user's own"
    shared = next(g for g in grp.getgrall() if g.gr_gid != os.getgid())
    os.chown(path, -1, shared.gr_gid)
    assert "can be written by other users (mode 664)" in one_config_error(cli("list"))
