"""The demo as a newcomer meets it: what `--print` says it does, the failing shortcut's hint
(which must work where it is given), and one demo tray per user."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import urllib.request

from studio_tray.system.instance import DEMO_LOCK_NAME, InstanceLock, lock_path
from tests.fixtures.cli import studio_tray as cli

BROKEN = "Demo - broken (no such space)"


def test_print_help_says_it_serves_the_page_before_exiting() -> None:
    help_text = " ".join(cli("demo", "--help").stdout.split())
    assert (
        "--print NAME no tray: print a fresh URL for demo shortcut NAME, then serve the "
        "emulator's sign-in page until that URL is opened once or expires (30 s), then exit"
    ) in help_text


def _run_and_redeem(argv: list[str]) -> int:
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio_tray", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        with urllib.request.urlopen(url, timeout=10) as page:
            assert "Signed in to SageMaker Studio" in page.read().decode()
        return proc.wait(timeout=15)
    finally:
        proc.kill()


def test_the_broken_shortcuts_hint_works() -> None:
    result = cli("demo", "--print", BROKEN)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "discover" not in result.stderr  # the demo's profile is in no config
    assert "this demo shortcut fails on purpose (its space does not exist)" in result.stderr
    (suggested,) = re.findall(r"`(studio-tray demo --print [^`]+)`", result.stderr)
    argv = shlex.split(suggested)[1:]
    assert _run_and_redeem(argv) == 0


def test_a_second_demo_says_already_running() -> None:
    with InstanceLock(lock_path(DEMO_LOCK_NAME)) as held:
        assert held.acquire()
        result = cli("demo")
    assert result.returncode == 0
    assert result.stdout.strip() == "the studio-tray demo is already running"
    assert result.stderr == ""


def test_the_demo_lock_is_not_the_trays() -> None:
    with InstanceLock(lock_path()) as tray:
        assert tray.acquire()
        demo = InstanceLock(lock_path(DEMO_LOCK_NAME))
        assert demo.acquire()
        demo.release()
