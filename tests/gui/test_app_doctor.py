"""The doctor's tray lines: the real backend probe, headless and under Xvfb; the running tray."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio_tray.doctor import Context
from studio_tray.doctor import tray as tray_checks
from studio_tray.system.instance import InstanceLock
from studio_tray.tray import icon as tray
from tests.fixtures.display import Display

STUDIO_TRAY = Path(sys.executable).with_name("studio-tray")


def ctx(tmp_path: Path) -> Context:
    return Context(config_path=tmp_path / "c.toml", config=None)


def test_no_display_is_a_failure_with_a_fix(tmp_path: Path) -> None:
    code = (
        "from studio_tray.tray import icon as tray; i = tray.backend_info(); "
        "print(i.name, i.has_menu, bool(i.error))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PYSTRAY_BACKEND"] = "gtk"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["none", "False", "True"]
    (result,) = tray_checks.check_tray_backend(
        ctx(tmp_path), info=lambda: tray.BackendInfo("none", False, False, "no display")
    )
    assert not result.ok and "no display" in result.detail and result.fix


def test_xorg_backend_is_ok_but_says_menus_need_pygobject(tmp_path: Path) -> None:
    (result,) = tray_checks.check_tray_backend(
        ctx(tmp_path), info=lambda: tray.BackendInfo("xorg", False, False)
    )
    assert result.ok and "opens the picker" in result.detail and "studio-tray[gtk]" in result.detail


@pytest.mark.gui
def test_doctor_names_the_real_backend_under_xvfb(display: Display, tmp_path: Path) -> None:
    env = {**os.environ, **display.env, "PYSTRAY_BACKEND": "gtk"}
    out = subprocess.run(
        [str(STUDIO_TRAY), "doctor"], env=env, capture_output=True, text=True, timeout=60
    )
    assert "ok   tray: gtk backend (menus and notifications)" in out.stdout, out.stdout
    assert "ok   tray running: no" in out.stdout


def test_running_tray_is_reported(tmp_path: Path) -> None:
    with InstanceLock() as lock:
        assert lock.acquire()
        held = list(tray_checks.check_tray_running(ctx(tmp_path)))
    assert held[0].detail == f"yes (pid {os.getpid()})"
    free = list(tray_checks.check_tray_running(ctx(tmp_path)))
    assert free[0].detail.startswith("no")
