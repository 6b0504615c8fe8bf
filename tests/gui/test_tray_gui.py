"""The real tray under Xvfb: trayer hosts pystray's GTK icon; xdotool clicks and types.

``studio-tray run`` runs as a subprocess against the emulator, its profile's keys coming from
a temp ~/.aws/credentials (``aws_profile``), and ``BROWSER`` is a recorder script that writes
the URL it got to a file. Nothing is mocked inside the app.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.tray import menu
from tests.fixtures.browser import recorder_script
from tests.fixtures.display import Display, Window
from tests.fixtures.env import REPO, need
from tests.fixtures.tray_process import (
    STUDIO_TRAY,
    WM_CLASS,
    TrayProcess,
    have_gtk,
    write_aws_profile,
)
from tests.fixtures.wait import wait_until

pytestmark = [pytest.mark.gui, pytest.mark.timeout(180)]

ARTIFACTS = REPO / "test-artifacts"


# Top-level order of the shortcut items below (see menu.build): Lab, Broken, Team(submenu).
SHORTCUTS = """
[[shortcuts]]
name = "Lab"
profile = "emu"
domain_id = "{domain}"
user_profile = "demo-user"
space = "demo-lab"
landing_uri = "app:JupyterLab:"

[[shortcuts]]
name = "Broken"
profile = "emu"
domain_id = "d-doesnotexist0"
user_profile = "demo-user"

[[shortcuts]]
name = "Shared editor"
profile = "emu"
domain_id = "{domain}"
user_profile = "demo-user"
space = "demo-shared"
group = "Team"
"""


class Tray(TrayProcess):
    """The tray under test, with this module's actions."""

    def icon(self) -> Window:
        return self.display.tray_icon(WM_CLASS)

    def open_menu(self) -> Window:
        self.display.click(self.icon(), button=3)
        return self.display.popup(WM_CLASS)

    def choose(self, label: str) -> None:
        """Open the menu and pick the top-level item ``label`` with the keyboard."""
        labels = top_level_items(self.config)
        self.open_menu()
        self.display.keys(*["Down"] * (labels.index(label) + 1), "Return")
        self.display.popup_gone(WM_CLASS)


def top_level_items(config_path: Path) -> list[str]:
    """Selectable top-level labels of the running tray's menu (separators skipped)."""
    from studio_tray import config as config_file

    config = config_file.load(config_path)
    state = menu.MenuState(autostart=False, spaces=menu.unread_spaces(config))
    built = menu.build(config, state)
    return [e.label for e in built.entries if isinstance(e, menu.Item)]


def start_tray(
    backend: str,
    display: Display,
    emulator: Emulator,
    isolated_env: dict[str, Path],
    tmp_path: Path,
) -> Tray:
    """``studio-tray run`` on pystray's ``backend`` against the emulator's demo account, with
    keys from ~/.aws and a recorder script as the browser."""
    domain = emulator.add_demo_data()
    write_aws_profile(isolated_env["home"])
    config = tmp_path / "config.toml"
    config.write_text(
        f'[profiles.emu]\naws_profile = "emu"\nregion = "us-east-1"\n'
        f'endpoint_url = "{emulator.url}"\n' + SHORTCUTS.format(domain=domain)
    )
    urls = tmp_path / "urls.txt"
    recorder = recorder_script(tmp_path, urls)
    env = {**os.environ, **display.env, "PYSTRAY_BACKEND": backend, "BROWSER": str(recorder)}
    proc = subprocess.Popen(
        [str(STUDIO_TRAY), "--config", str(config), "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return Tray(
        proc, display, emulator, config, urls, isolated_env["log"] / "studio-tray.log", domain
    )


@pytest.fixture
def tray(
    display: Display, emulator: Emulator, isolated_env: dict[str, Path], tmp_path: Path
) -> Iterator[Tray]:
    need(have_gtk(), "PyGObject (gi) with GTK 3 is needed for pystray's gtk backend")
    t = start_tray("gtk", display, emulator, isolated_env, tmp_path)
    proc = t.proc
    try:
        t.icon()
        t.wait_log("tray up")
        yield t
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        if proc.stderr:
            proc.stderr.close()
        if proc.stdout:
            proc.stdout.close()


def test_click_opens_studio_failure_survives_and_quit_exits_0(tray: Tray) -> None:
    tray.open_menu()
    time.sleep(0.3)  # let GTK finish drawing before the picture
    shot = tray.display.screenshot(ARTIFACTS / "menu-full.png")
    save_menu_picture(shot, tray)
    tray.display.keys("Escape")
    tray.display.popup_gone(WM_CLASS)

    tray.choose("Lab")
    url = tray.recorded(1)[0]
    assert tray.emu.redeem(url) == 200
    calls = tray.presigns()
    assert len(calls) == 1
    assert calls[0].params["DomainId"] == tray.domain
    assert calls[0].params["UserProfileName"] == "demo-user"
    assert calls[0].params["SpaceName"] == "demo-lab"
    assert calls[0].params["LandingUri"] == "app:JupyterLab:"
    assert calls[0].access_key_id == DEMO_ACCESS_KEY_ID

    tray.choose("Broken")
    tray.wait_log("Broken failed")
    assert tray.proc.poll() is None
    assert len(tray.recorded(1)) == 1

    tray.choose("Lab")
    second = tray.recorded(2)[1]
    assert second != url
    assert tray.emu.redeem(second) == 200
    assert tray.emu.redeem(url) == 403  # each URL works once
    assert len(tray.presigns()) == 3

    tray.choose("Quit")
    assert tray.proc.wait(15) == 0
    stderr = tray.proc.stderr.read() if tray.proc.stderr else ""
    assert "Traceback" not in stderr
    log = tray.log_text()
    assert "token=" not in log and DEMO_SECRET_ACCESS_KEY not in log and url not in log


def save_menu_picture(shot: Path, tray: Tray) -> None:
    """Crop the screen to the open menu and the panel; save as artifact and README picture."""
    from PIL import Image

    popup = tray.display.popup(WM_CLASS)
    with Image.open(shot) as full:
        left = max(0, popup.x - 40)
        box = (left, 0, full.width, min(full.height, popup.y + popup.height + 30))
        picture = full.crop(box)
        picture.save(ARTIFACTS / "menu.png")
    shutil.copyfile(ARTIFACTS / "menu.png", REPO / "assets" / "screenshot-menu.png")
    assert picture.width > 100 and picture.height > 100


def test_second_instance_says_running_and_exits_0(tray: Tray) -> None:
    out = subprocess.run(
        [str(STUDIO_TRAY), "--config", str(tray.config), "run"],
        env={**os.environ, **tray.display.env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0
    assert out.stdout.strip() == "studio-tray is already running"
    assert tray.proc.poll() is None


def test_sighup_reload_with_broken_config_keeps_shortcuts(tray: Tray) -> None:
    good = tray.config.read_text()
    tray.config.write_text(good + "\n[[shortcuts]]\nname = 'bad'\n")
    tray.proc.send_signal(signal.SIGHUP)
    tray.wait_log("does not load")
    tray.open_menu()
    time.sleep(0.3)
    tray.display.screenshot(ARTIFACTS / "menu-broken-config.png")
    # the error item is disabled (skipped by the keyboard): the first Down lands on "Lab"
    tray.display.keys("Down", "Return")
    url = tray.recorded(1)[0]
    assert tray.emu.redeem(url) == 200
    tray.config.write_text(good)
    tray.proc.send_signal(signal.SIGHUP)
    tray.wait_log("config loaded")
    assert tray.stop() == 0


def test_ctrl_c_exits_0(tray: Tray) -> None:
    tray.proc.send_signal(signal.SIGINT)
    assert tray.proc.wait(15) == 0
    assert "tray stopped" in tray.log_text()


def test_sigterm_exits_0(tray: Tray) -> None:
    tray.proc.send_signal(signal.SIGTERM)
    assert tray.proc.wait(15) == 0


def test_stale_lock_does_not_block(display: Display, isolated_env: dict[str, Path]) -> None:
    need(have_gtk(), "PyGObject (gi) with GTK 3 is needed")
    (isolated_env["state"] / "tray.lock").write_text("999999\n")
    config = isolated_env["config"]
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("")
    proc = subprocess.Popen(
        [str(STUDIO_TRAY), "run"],
        env={**os.environ, **display.env, "PYSTRAY_BACKEND": "gtk"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        display.tray_icon(WM_CLASS)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=15)
        assert proc.returncode == 0
        assert "already running" not in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def pick_in_picker(display: Display, text: str) -> None:
    """Type ``text`` into the open picker and press Enter."""
    from studio_tray.picker.window import PICKER_TITLE

    win = display.window_named(f"^{PICKER_TITLE}$")
    display.run("xdotool", "windowfocus", "--sync", win.wid, check=False)
    display.run("xdotool", "type", "--delay", "40", text)
    display.keys("Return")


def test_open_picker_from_menu_launches_the_chosen_shortcut(tray: Tray) -> None:
    tray.choose("Open picker...")
    pick_in_picker(tray.display, "shared")
    url = tray.recorded(1)[0]
    assert tray.emu.redeem(url) == 200
    (call,) = tray.presigns()
    assert call.params["SpaceName"] == "demo-shared"
    assert tray.stop() == 0


def test_xorg_backend_without_menu_opens_picker_on_click(
    display: Display, emulator: Emulator, isolated_env: dict[str, Path], tmp_path: Path
) -> None:
    t = start_tray("xorg", display, emulator, isolated_env, tmp_path)
    proc = t.proc
    try:
        t.wait_log("tray up")
        assert "tray backend: xorg (menu: False)" in t.log_text()
        icon = display.tray_icon(WM_CLASS)
        display.click(icon, button=1)
        t.wait_log("opening the picker")
        pick_in_picker(display, "lab")
        url = t.recorded(1)[0]
        assert emulator.redeem(url) == 200
        assert t.stop() == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def test_demo_tray_opens_the_signed_in_page(
    display: Display, isolated_env: dict[str, Path], tmp_path: Path
) -> None:
    import urllib.request

    need(have_gtk(), "PyGObject (gi) with GTK 3 is needed")
    urls = tmp_path / "urls.txt"
    recorder = recorder_script(tmp_path, urls)
    env = {**os.environ, **display.env, "PYSTRAY_BACKEND": "gtk", "BROWSER": str(recorder)}
    proc = subprocess.Popen(
        [str(STUDIO_TRAY), "demo"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        display.click(display.tray_icon(WM_CLASS), button=3)
        display.popup(WM_CLASS)
        display.keys("Down", "Return")  # the first demo shortcut
        wait_until(lambda: urls.exists() and urls.read_text().strip(), timeout=20, what="a URL")
        url = urls.read_text().split()[0]
        with urllib.request.urlopen(url, timeout=10) as page:  # the emulator in the demo
            assert page.status == 200
            assert "signed in" in page.read().decode().lower()
        display.click(display.tray_icon(WM_CLASS), button=3)
        display.popup(WM_CLASS)
        display.keys("Up", "Return")  # Quit, the last item
        assert proc.wait(15) == 0
        assert not isolated_env["config"].exists()  # the user's config was never touched
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def test_left_click_opens_the_picker(tray: Tray) -> None:
    tray.display.click(tray.icon(), button=1)
    tray.wait_log("opening the picker")
    pick_in_picker(tray.display, "lab")
    url = tray.recorded(1)[0]
    assert tray.emu.redeem(url) == 200
    assert tray.presigns()[0].params["SpaceName"] == "demo-lab"
    assert tray.stop() == 0


def test_failure_notifies_where_a_notification_service_runs(
    notifications: Path, tray: Tray
) -> None:
    import json

    # ``notifications`` comes first in the arguments, so the service is up before the tray.
    tray.choose("Broken")
    tray.wait_log("Broken failed")
    wait_until(
        lambda: "Broken failed" in notifications.read_text(), what="the failure notification"
    )
    notes = [json.loads(line) for line in notifications.read_text().splitlines()]
    (note,) = [n for n in notes if n["summary"] == "Broken failed"]
    assert "d-doesnotexist0" in note["body"]
    assert "http" not in note["body"]
    tray.choose("Quit")
    assert tray.proc.wait(15) == 0
