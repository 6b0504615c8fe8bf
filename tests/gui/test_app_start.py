"""``studio-tray run`` where no tray can start: one clear line, exit 1, no traceback, no hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.display import Display

STUDIO_TRAY = Path(sys.executable).with_name("studio-tray")


def run_tray(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(STUDIO_TRAY), "run"], env=env, capture_output=True, text=True, timeout=30
    )


def test_without_a_display_run_fails_cleanly_and_releases_the_lock() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    for _ in range(2):  # the second run must not find a leftover lock
        out = run_tray(env)
        assert out.returncode == 1
        assert out.stderr.startswith("studio-tray: no tray backend works here (")
        assert "desktop session" in out.stderr
        assert "Traceback" not in out.stderr
        assert "already running" not in out.stdout


@pytest.mark.gui
def test_without_a_session_bus_run_fails_cleanly(display: Display) -> None:
    env = {
        **os.environ,
        **display.env,
        "PYSTRAY_BACKEND": "gtk",
        "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus",
    }
    out = run_tray(env)
    assert out.returncode == 1
    assert out.stderr.startswith("studio-tray: no D-Bus session bus (")
    assert "Traceback" not in out.stderr
