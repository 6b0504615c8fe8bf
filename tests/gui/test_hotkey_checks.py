"""The doctor's hotkey line, for the session it runs in."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_tray import doctor
from studio_tray.doctor.hotkeys import check_hotkeys
from studio_tray.model import Config, Settings, Shortcut
from tests.fixtures.display import Display

CONFIG = Config(
    Path("c.toml"),
    Settings(picker_hotkey="<ctrl>+<alt>+s"),
    shortcuts=(Shortcut("A", "p", "d-a1", "u", hotkey="<ctrl>+<alt>+1"),),
)


def lines(config: Config | None) -> list[str]:
    results = doctor.run(doctor.Context(Path("c.toml"), config), [check_hotkeys])
    return [r.line() for r in results]


def test_wayland_without_xwayland_fails_with_the_desktop_shortcut_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    (line,) = lines(CONFIG)
    assert line.startswith("FAIL hotkeys: 2 combos; Wayland session without XWayland")
    assert "fix: bind a desktop keyboard shortcut to `studio-tray open NAME`" in line


def test_no_combos_is_fine_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    (line,) = lines(Config(Path("c.toml"), Settings(picker_hotkey="")))
    assert line.startswith("ok   hotkeys: none configured (no display")


@pytest.mark.gui
def test_x11_display_passes(display: Display, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", display.env["DISPLAY"])
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert lines(CONFIG) == [f"ok   hotkeys: 2 combos; X11 display {display.env['DISPLAY']}"]


def test_registered_with_the_doctor() -> None:
    assert check_hotkeys in doctor.all_checks()
