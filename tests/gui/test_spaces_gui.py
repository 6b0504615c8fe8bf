"""The tray's "Spaces" submenu under Xvfb: statuses read at start-up, Start from the menu
starts a stopped space; the README's picture of the submenu is taken here."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio_tray.emulator import DEMO_STOPPED_SPACE, Emulator
from studio_tray.tray import menu
from tests.fixtures.browser import recorder_script
from tests.fixtures.display import Display
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
SHORTCUTS = """
[[shortcuts]]
name = "alice-lab"
profile = "emu"
domain_id = "{domain}"
user_profile = "demo-user"
space = "{stopped}"

[[shortcuts]]
name = "team-code"
profile = "emu"
domain_id = "{domain}"
user_profile = "demo-user"
space = "demo-running"
"""


@pytest.fixture
def tray(
    display: Display, emulator: Emulator, isolated_env: dict[str, Path], tmp_path: Path
) -> Iterator[TrayProcess]:
    need(have_gtk(), "PyGObject (gi) with GTK 3 is needed for pystray's gtk backend")
    domain = emulator.add_demo_data()
    emulator.set_app_delays(start=1)
    write_aws_profile(isolated_env["home"])
    config = tmp_path / "config.toml"
    config.write_text(
        f'[profiles.emu]\naws_profile = "emu"\nregion = "us-east-1"\n'
        f'endpoint_url = "{emulator.url}"\n'
        + SHORTCUTS.format(domain=domain, stopped=DEMO_STOPPED_SPACE)
    )
    urls = tmp_path / "urls.txt"
    env = {
        **os.environ,
        **display.env,
        "PYSTRAY_BACKEND": "gtk",
        "BROWSER": str(recorder_script(tmp_path, urls)),
    }
    proc = subprocess.Popen(
        [str(STUDIO_TRAY), "--config", str(config), "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    t = TrayProcess(
        proc, display, emulator, config, urls, isolated_env["log"] / "studio-tray.log", domain
    )
    try:
        display.tray_icon(WM_CLASS)
        t.wait_log("tray up")
        yield t
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        if proc.stderr:
            proc.stderr.close()


def open_spaces(tray: TrayProcess) -> None:
    from studio_tray import config as config_file

    config = config_file.load(tray.config)
    built = menu.build(config, menu.MenuState(autostart=False, spaces=menu.unread_spaces(config)))
    labels = [e.label for e in built.entries if isinstance(e, menu.Item)]
    tray.display.click(tray.display.tray_icon(WM_CLASS), button=3)
    tray.display.popup(WM_CLASS)
    tray.display.keys(*["Down"] * (labels.index("Spaces") + 1), "Right")


def test_the_spaces_submenu_shows_statuses_and_starts_a_space(tray: TrayProcess) -> None:
    def listed(space: str) -> bool:
        return any(
            r.op == "ListApps" and r.params.get("SpaceNameEquals") == space
            for r in tray.emu.requests
        )

    wait_until(lambda: listed(DEMO_STOPPED_SPACE) and listed("demo-running"), what="statuses")
    open_spaces(tray)
    time.sleep(0.5)  # let GTK draw the submenu before the picture
    shot = tray.display.screenshot(ARTIFACTS / "menu-spaces-full.png")
    from PIL import Image

    popup = tray.display.popup(WM_CLASS)
    with Image.open(shot) as full:
        # The submenus open to the left of the main menu (the panel is on the right).
        left = max(0, popup.x - 460)
        box = (left, 0, full.width, min(full.height, popup.y + popup.height + 20))
        picture = full.crop(box)
        picture.save(ARTIFACTS / "menu-spaces.png")
    shutil.copyfile(ARTIFACTS / "menu-spaces.png", REPO / "assets" / "screenshot-spaces.png")
    # alice-lab (stopped) is the first line; its only action is Start.
    tray.display.keys("Right", "Return")
    tray.display.popup_gone(WM_CLASS)
    wait_until(
        lambda: (
            (app := tray.emu.space_app(tray.domain, DEMO_STOPPED_SPACE)) is not None
            and app.status == "InService"
        ),
        20,
        what="the stopped space started from the menu",
    )
    tray.wait_log("alice-lab is running")
    assert not [r for r in tray.emu.requests if r.op == "CreatePresignedDomainUrl"]
    assert tray.proc.poll() is None
