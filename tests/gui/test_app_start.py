"""``studio-tray run`` where no tray can start: one clear line, exit 1, no traceback, no hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.display import Display
from tests.fixtures.env import need

STUDIO_TRAY = Path(sys.executable).with_name("studio-tray")


def run_tray(env: dict[str, str], verb: str = "run") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(STUDIO_TRAY), verb], env=env, capture_output=True, text=True, timeout=30
    )


@pytest.mark.parametrize("verb", ["run", "demo"])
def test_without_a_display_run_fails_cleanly_and_releases_the_lock(verb: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    for _ in range(2):  # the second run must not find a leftover lock
        out = run_tray(env, verb)
        assert out.returncode == 1
        assert out.stderr.startswith(
            "studio-tray: cannot show the tray here: no display ($DISPLAY and $WAYLAND_DISPLAY "
            "are not set)"
        )
        assert "run it inside a desktop session; without a desktop use " in out.stderr
        assert "`studio-tray open --print NAME`" in out.stderr
        assert "PyGObject" not in out.stderr  # it is installed: the hint must not ask for it
        assert "Traceback" not in out.stderr
        assert "already running" not in out.stdout


def test_doctor_without_a_display_names_it_and_the_headless_forms() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    out = subprocess.run(
        [str(STUDIO_TRAY), "doctor"], env=env, capture_output=True, text=True, timeout=60
    )
    (line,) = [x for x in out.stdout.splitlines() if x.startswith("FAIL tray:")]
    assert line.startswith("FAIL tray: cannot show the tray here: no display ($DISPLAY")
    assert "`studio-tray open --print NAME`" in line
    assert "PyGObject" not in line and "studio-tray[gtk]" not in line


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
    assert out.stderr.startswith("studio-tray: cannot show the tray here: no D-Bus session (")
    assert "open --print NAME" in out.stderr
    assert "Traceback" not in out.stderr


GL_PROBE = """
import os, subprocess, sys
{load}
maps = open("/proc/self/maps").read()
child = subprocess.run(
    [sys.executable, "-c", "import os; print(os.environ.get('GDK_GL'))"],
    capture_output=True, text=True,
).stdout.strip()
print("gl" if "libGLX" in maps or "_dri.so" in maps else "no-gl", child)
"""


@pytest.mark.gui
def test_the_tray_maps_no_opengl_and_what_it_starts_keeps_its_own(display: Display) -> None:
    # GTK probes OpenGL when it opens the display (Mesa maps its drivers and LLVM: about
    # 55 MB of the tray's RSS) unless an earlier GTK program cached its choice of visuals on
    # the root window; the tray draws no GL, and the browsers it starts must keep it.
    env = {**os.environ, **display.env}
    env.pop("GDK_GL", None)

    def probe(load: str) -> str:
        forget = ["xprop", "-root", "-remove", "GDK_VISUALS"]  # as on a fresh X server
        subprocess.run(forget, env=env, check=True, timeout=10)
        out = subprocess.run(
            [sys.executable, "-c", GL_PROBE.format(load=load)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    plain = probe("import gi; gi.require_version('Gtk', '3.0'); from gi.repository import Gtk")
    need(plain.startswith("gl "), f"GTK maps no OpenGL on this X server anyway ({plain})")
    assert probe("from studio_tray.tray import icon; icon._import_pystray()") == "no-gl None"
