"""The doctor's start-at-login line, with the real XDG backend in a temporary HOME."""

from __future__ import annotations

from pathlib import Path

from studio_tray.autostart.linux import XdgAutostart
from studio_tray.doctor import Context
from studio_tray.doctor import autostart as autostart_checks


def line(backend: XdgAutostart) -> str:
    ctx = Context(config_path=Path("c.toml"), config=None, extra={"autostart": lambda: backend})
    (result,) = list(autostart_checks.check_autostart(ctx))
    return result.line()


def test_off_then_enabled_then_broken(tmp_path: Path) -> None:
    backend = XdgAutostart(tmp_path / "autostart")
    assert line(backend).startswith("ok   start at login: off")
    backend.enable()
    assert line(backend) == f"ok   start at login: enabled ({backend.path})"
    gone = tmp_path / "moved" / "studio-tray"
    backend_moved = XdgAutostart(tmp_path / "autostart", command=lambda: (str(gone), "run"))
    backend_moved.enable()
    report = line(backend_moved)
    assert report.startswith("FAIL start at login: broken:")
    assert "fix: run `studio-tray autostart enable` to repair" in report
