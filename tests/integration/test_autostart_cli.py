"""``studio-tray autostart enable|status|disable`` as a user runs them (real subprocesses)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from studio_tray.autostart.linux import FILE_NAME, XdgAutostart
from tests.fixtures.cli import SCRIPT, studio_tray
from tests.fixtures.env import need


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``studio-tray autostart ARGS`` through the installed console script, as a user runs it."""
    need(SCRIPT.is_file(), "the studio-tray console script is installed next to python")
    return studio_tray("autostart", *args, script=True, timeout=60)


def test_enable_status_disable(isolated_env: dict[str, Path]):
    desktop = isolated_env["home"] / ".config" / "autostart" / FILE_NAME
    before = cli("status")
    assert before.returncode == 0
    assert before.stdout.splitlines() == ["start at login: disabled", f"where: {desktop}"]

    enabled = cli("enable")
    assert enabled.returncode == 0, enabled.stderr
    assert desktop.is_file()
    expected = [
        "start at login: enabled",
        f"where: {desktop}",
        f"command: {SCRIPT} run",
    ]
    assert enabled.stdout.splitlines() == expected
    assert cli("status").stdout.splitlines() == expected

    disabled = cli("disable")
    assert disabled.returncode == 0
    assert disabled.stdout.strip() == f"start at login: disabled (removed {desktop})"
    assert not desktop.exists()
    assert cli("status").stdout.splitlines()[0] == "start at login: disabled"
    again = cli("disable")
    assert again.returncode == 0 and "nothing to remove" in again.stdout


def test_status_reports_a_broken_entry_and_enable_repairs_it(tmp_path: Path):
    gone = tmp_path / "uninstalled" / "studio-tray"
    XdgAutostart(command=lambda: [str(gone), "run"]).enable()
    status = cli("status")
    assert status.returncode == 0
    assert status.stdout.splitlines()[0] == "start at login: broken"
    assert (
        f"broken: {gone} no longer exists; run `studio-tray autostart enable` to repair"
        in status.stdout
    )
    repaired = cli("enable")
    assert repaired.returncode == 0
    assert repaired.stdout.splitlines()[0] == "start at login: enabled"
    assert f"command: {SCRIPT} run" in cli("status").stdout


def test_an_unwritable_autostart_folder_fails_with_a_message(isolated_env: dict[str, Path]):
    folder = isolated_env["home"] / ".config" / "autostart"
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be")
    failed = cli("enable")
    assert failed.returncode == 1
    assert failed.stderr.startswith("studio-tray: cannot write ")
    assert "Traceback" not in failed.stderr


def test_a_verb_is_required():
    done = cli()
    assert done.returncode == 2 and "VERB" in done.stderr
