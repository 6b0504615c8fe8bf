"""The settings window's keyboard under Xvfb, driven by xdotool: the picker hotkey captured
from real key presses (Escape cancels the capture, not the window)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from studio_tray import config as config_file
from tests.fixtures.display import Display
from tests.fixtures.wait import wait_until

pytestmark = [pytest.mark.gui, pytest.mark.timeout(120)]

PROFILE = '# mine\n[profiles.lab]\nregion = "us-east-1"\n'


def to_general(window: Any, display: Display) -> None:
    window.wait_line("shown: lists")
    display.keys("ctrl+Tab")
    window.wait_line("tab: shortcuts")
    display.keys("ctrl+Tab")  # the keyboard in the General tab's first field
    window.wait_line("tab: general")


def test_press_keys_captures_the_combination_into_the_picker_hotkey(
    settings: Any, display: Display, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(PROFILE)
    window = settings(config)
    to_general(window, display)
    # expires_in, session, browser, its Test, the picker hotkey, its "Press keys...".
    display.keys("Tab", "Tab", "Tab", "Tab", "Tab", "space")
    window.wait_line("capture: waiting")
    display.keys("Escape")  # cancels the capture; the window stays
    window.wait_line("capture cancelled")
    assert window.proc.poll() is None
    display.keys("space")  # again (the keys are handled in order: no wait needed)
    display.keys("ctrl+shift+F5")
    assert window.wait_line("captured:") == "captured: <ctrl>+<shift>+<f5>"
    display.keys("space")
    display.keys("ctrl+alt+k")
    window.wait_line("captured: <ctrl>+<alt>+k")
    display.keys("shift+Tab", "Return")  # back in the field: Enter saves the tab
    window.wait_line("saved settings: picker_hotkey")
    assert config_file.load(config).settings.picker_hotkey == "<ctrl>+<alt>+k"
    assert config.read_text().startswith("# mine")
    assert window.close() == 0


def window_width(display: Display) -> int:
    from tests.fixtures.settings_window import TITLE

    wid = display.run("xdotool", "search", "--name", TITLE).split()[0]
    out = display.run("xdotool", "getwindowgeometry", "--shell", wid)
    return int(dict(line.split("=", 1) for line in out.split())["WIDTH"])


@pytest.mark.parametrize("how", ["GDK_SCALE", "Xft.dpi", "nothing"])
def test_the_window_follows_the_desktop_scaling(
    how: str, settings: Any, display: Display, tmp_path: Path
) -> None:
    from studio_tray.settings.window import WIDTH

    config = tmp_path / "config.toml"
    config.write_text(PROFILE)
    if how == "GDK_SCALE":
        window = settings(config, env={"GDK_SCALE": "2"})
        factor = 2.0
    elif how == "nothing":
        window = settings(config)  # 96 dpi, whatever size the X server claims
        factor = 1.0
    else:
        # The X resource a desktop sets for its text scale; removed again for the next tests.
        display.run("xprop", "-root", "-f", "RESOURCE_MANAGER", "8s", "-set",
                    "RESOURCE_MANAGER", "Xft.dpi:\t144\n")  # fmt: skip
        try:
            window = settings(config)
        finally:
            display.run("xprop", "-root", "-remove", "RESOURCE_MANAGER")
        factor = 1.5
    assert window.wait_line("scale:") == f"scale: {factor:.2f}"
    assert abs(window_width(display) - WIDTH * factor) <= 2
    assert window.close() == 0


def test_the_identity_center_form_is_left_by_keyboard_and_escape_closes_from_it(
    settings: Any, display: Display, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(PROFILE)
    window = settings(config)
    window.wait_line("tab: profiles")

    def next_line(text: str, seen: int) -> None:
        wait_until(lambda: text in window.lines[seen:], 20, 0.1, what=repr(text))

    seen = len(window.lines)
    display.keys("Tab", "Tab", "space")  # Add keys..., Add Identity Center...
    next_line("page: add-sso", seen)
    # Name, start URL, SSO region, session, Sign in (Cancel is disabled), account, role,
    # region, endpoint, Save, Back.
    seen = len(window.lines)
    display.keys(*["Tab"] * 10, "space")
    next_line("tab: profiles", seen)  # back on the lists, the keyboard in the list
    seen = len(window.lines)
    display.keys("Tab", "Tab", "space")
    next_line("page: add-sso", seen)
    assert window.close() == 0  # Escape, from the form


def test_the_welcome_page_opens_the_identity_center_form(
    settings: Any, display: Display, tmp_path: Path
) -> None:
    window = settings(tmp_path / "config.toml")  # no file: first run
    window.wait_line("shown: welcome")
    display.keys("Tab", "space")  # past "Add AWS keys": "Sign in with IAM Identity Center"
    window.wait_line("page: add-sso")
    assert window.close() == 0
