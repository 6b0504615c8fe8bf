"""Real key events (xdotool) against a running ``studio-tray run`` under Xvfb.

The tray runs as a subprocess against the emulator (keys from a temp ~/.aws/credentials via
``aws_profile``), with ``BROWSER`` set to a recorder script that appends each URL to a file.
Every URL the recorder gets is redeemed at the emulator, which accepts each one once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio_tray.emulator import DEMO_ACCESS_KEY_ID, Emulator
from studio_tray.picker.window import PICKER_TITLE
from tests.fixtures.browser import recorder_script
from tests.fixtures.display import Display
from tests.fixtures.env import need
from tests.fixtures.tray_process import (
    STUDIO_TRAY,
    TrayProcess,
    have_gtk,
    write_aws_profile,
)
from tests.fixtures.wait import wait_until

pytestmark = [pytest.mark.gui, pytest.mark.timeout(180)]

QUIET = 1.5  # how long "nothing happened" is watched for

CONFIG = """
[settings]
picker_hotkey = "<ctrl>+<alt>+p"

[profiles.emu]
aws_profile = "emu"
region = "us-east-1"
endpoint_url = "{url}"

[[shortcuts]]
name = "Lab"
profile = "emu"
domain_id = "{domain}"
user_profile = "demo-user"
space = "demo-lab"
hotkey = "{lab_hotkey}"

[[shortcuts]]
name = "Shared editor"
profile = "emu"
domain_id = "{domain}"
user_profile = "demo-user"
space = "demo-shared"
group = "Team"
"""


class Running(TrayProcess):
    """The tray under test, with this module's actions."""

    def write_config(self, lab_hotkey: str) -> None:
        self.config.write_text(
            CONFIG.format(url=self.emu.url, domain=self.domain, lab_hotkey=lab_hotkey)
        )

    def press(self, *args: str) -> None:
        self.display.run("xdotool", *args)

    def stays_at(self, count: int) -> None:
        time.sleep(QUIET)
        assert len(self.urls_now()) == count
        assert len(self.presigns()) == count

    def picker_windows(self) -> list[str]:
        out = self.display.run(
            "xdotool", "search", "--onlyvisible", "--name", f"^{PICKER_TITLE}$", check=False
        )
        return out.split()

    def wait_picker(self, shown: bool, timeout: float = 15) -> None:
        wait_until(
            lambda: bool(self.picker_windows()) is shown,
            timeout=timeout,
            interval=0.1,
            what="the picker to show" if shown else "the picker to close",
        )
        if shown:
            time.sleep(0.3)  # let Tk take the keyboard focus


@pytest.fixture
def tray(
    display: Display, emulator: Emulator, isolated_env: dict[str, Path], tmp_path: Path
) -> Iterator[Running]:
    need(have_gtk(), "PyGObject (gi) with GTK 3 is needed for pystray's gtk backend")
    domain = emulator.add_demo_data()
    write_aws_profile(isolated_env["home"])
    urls = tmp_path / "urls.txt"
    recorder = recorder_script(tmp_path, urls)
    config = tmp_path / "config.toml"
    env = {**os.environ, **display.env, "PYSTRAY_BACKEND": "gtk", "BROWSER": str(recorder)}
    env.pop("WAYLAND_DISPLAY", None)
    log = isolated_env["log"] / "studio-tray.log"
    running = Running(None, display, emulator, config, urls, log, domain)  # type: ignore[arg-type]
    running.write_config("<ctrl>+<alt>+1")
    running.proc = subprocess.Popen(
        [str(STUDIO_TRAY), "--config", str(config), "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        running.wait_log("hotkeys: listening for")
        yield running
    finally:
        if running.proc.poll() is None:
            running.proc.send_signal(signal.SIGTERM)
            try:
                running.proc.wait(10)
            except subprocess.TimeoutExpired:
                running.proc.kill()
        _, err = running.proc.communicate(timeout=10)
        assert "Traceback" not in err


def test_shortcut_hotkey_opens_it_and_holding_opens_once(tray: Running) -> None:
    tray.press("key", "ctrl+alt+1")
    url = tray.recorded(1)[0]
    assert tray.emu.redeem(url) == 200
    call = tray.presigns()[0]
    assert call.params["SpaceName"] == "demo-lab"
    assert call.access_key_id == DEMO_ACCESS_KEY_ID
    tray.stays_at(1)

    tray.press("keydown", "ctrl+alt+1")  # held: X auto-repeats the 1 for a second
    time.sleep(1.0)
    tray.press("keyup", "ctrl+alt+1")
    second = tray.recorded(2)[1]
    assert tray.emu.redeem(second) == 200
    tray.stays_at(2)
    assert url not in tray.log_text() and "token=" not in tray.log_text()


def test_picker_hotkey_type_and_enter_opens_esc_does_not(tray: Running) -> None:
    tray.press("key", "ctrl+alt+p")
    tray.wait_picker(shown=True)
    tray.press("type", "--delay", "40", "shared")
    tray.press("key", "Return")
    url = tray.recorded(1)[0]
    assert tray.emu.redeem(url) == 200
    assert tray.presigns()[0].params["SpaceName"] == "demo-shared"
    tray.wait_picker(shown=False)

    tray.press("key", "ctrl+alt+p")
    tray.wait_picker(shown=True)
    tray.press("type", "--delay", "40", "lab")
    tray.press("key", "Escape")
    tray.wait_picker(shown=False)
    tray.stays_at(1)
    assert tray.proc.poll() is None


def test_reload_with_a_changed_hotkey(tray: Running) -> None:
    tray.write_config("<ctrl>+<alt>+2")
    tray.proc.send_signal(signal.SIGHUP)
    tray.wait_log("hotkeys: listening for", count=2)
    assert "<ctrl>+<alt>+2" in tray.log_text()
    tray.press("key", "ctrl+alt+1")  # the old combo does nothing any more
    tray.stays_at(0)
    tray.press("key", "ctrl+alt+2")
    url = tray.recorded(1)[0]
    assert tray.emu.redeem(url) == 200
    assert tray.presigns()[0].params["SpaceName"] == "demo-lab"
    tray.stays_at(1)
