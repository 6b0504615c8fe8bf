"""One settings window per user, under Xvfb: a second ``studio-tray settings`` or a second
"Settings..." click in the tray brings the open window forward instead of opening another."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from studio_tray import config as config_file
from studio_tray.system.dialogs import self_command
from tests.fixtures.display import Display
from tests.fixtures.keyring import SecretServiceEnv
from tests.fixtures.settings_window import TITLE, child_env
from tests.fixtures.wait import wait_until

pytestmark = [pytest.mark.gui, pytest.mark.timeout(120)]

PROFILE = '[profiles.lab]\nregion = "us-east-1"\n'
# A shortcut, so every menu item is enabled (GTK's Down skips a disabled one).
SHORTCUT = (
    '[[shortcuts]]\nname = "a"\nprofile = "lab"\ndomain_id = "d-abc123def456"\n'
    'user_profile = "al"\n'
)


def settings_windows(display: Display) -> list[str]:
    return display.run("xdotool", "search", "--name", TITLE, check=False).split()


def test_a_second_launch_raises_the_open_window_and_ends(
    settings: Any, display: Display, secret_service: SecretServiceEnv, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(PROFILE)
    window = settings(config)
    window.wait_line("shown: lists")
    one = settings_windows(display)
    assert one
    second = subprocess.run(
        self_command("settings", "--add-profile", config=config),
        env=child_env(display, secret_service),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert second.returncode == 0, second.stderr
    assert "the settings window is already open; brought it forward" in second.stderr
    assert "shown:" not in second.stderr  # it never made a window
    window.wait_line("raised: lists")
    assert settings_windows(display) == one
    assert window.close() == 0


def test_a_second_settings_click_in_the_tray_raises_the_same_window(
    run_tray: Any, display: Display, isolated_env: dict[str, Path], tmp_path: Path
) -> None:
    from studio_tray.tray import menu

    config = tmp_path / "config.toml"
    config.write_text(PROFILE + SHORTCUT)
    tray = run_tray(config)
    icon = display.tray_icon("studio-tray")
    log = isolated_env["log"] / "studio-tray.log"
    wait_until(
        lambda: log.exists() and "tray up" in log.read_text(), 20, 0.2, what="the tray to be up"
    )
    built = menu.build(config_file.load(config), menu.MenuState(autostart=False))
    labels = [e.label for e in built.entries if isinstance(e, menu.Item)]

    def click_settings() -> None:
        display.click(icon, button=3)
        display.popup("studio-tray")
        display.keys(*["Down"] * (labels.index("Settings...") + 1), "Return")

    click_settings()
    display.window_named(TITLE, timeout=30)
    tray.wait_line("shown: lists")
    one = settings_windows(display)
    click_settings()
    tray.wait_line("raised: lists")
    assert settings_windows(display) == one
    assert sum(line.startswith("shown:") for line in tray.lines) == 1
