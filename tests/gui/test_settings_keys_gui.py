"""The settings window's keyboard under Xvfb, driven by xdotool: the picker hotkey captured
from real key presses (Escape cancels the capture, not the window)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from studio_tray import config as config_file
from tests.fixtures.display import Display

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
