"""The real tray under Xvfb signs in to IAM Identity Center by itself: a click on a shortcut
of a profile that never signed in opens the verification page in the configured browser (a
recording script that approves, as a person would), and Studio opens without a second click.
Endpoints reach the emulator through AWS_ENDPOINT_URL_SSO / _SSO_OIDC / _SAGEMAKER."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio_tray.tray import menu
from tests.fixtures.display import Display, Window
from tests.fixtures.env import need
from tests.fixtures.sso import (
    SESSION,
    SHORTCUT,
    START_URL,
    approving_browser,
    cache_file,
    write_sso_config,
)
from tests.fixtures.tray_process import STUDIO_TRAY, WM_CLASS, TrayProcess, have_gtk

pytestmark = [pytest.mark.gui, pytest.mark.timeout(180)]


class SsoTray(TrayProcess):
    """The tray under test, clicked through its menu with the keyboard."""

    def icon(self) -> Window:
        return self.display.tray_icon(WM_CLASS)

    def choose(self, label: str) -> None:
        """Open the menu and pick the top-level item ``label``."""
        from studio_tray import config as config_file

        config = config_file.load(self.config)
        state = menu.MenuState(autostart=False, spaces=menu.unread_spaces(config))
        built = menu.build(config, state)
        labels = [e.label for e in built.entries if isinstance(e, menu.Item)]
        self.display.click(self.icon(), button=3)
        self.display.popup(WM_CLASS)
        self.display.keys(*["Down"] * (labels.index(label) + 1), "Return")
        self.display.popup_gone(WM_CLASS)


@pytest.fixture
def tray(
    display: Display, sso_emulator, isolated_env: dict[str, Path], tmp_path: Path
) -> Iterator[SsoTray]:
    need(have_gtk(), "PyGObject (gi) with GTK 3 is needed for pystray's gtk backend")
    browser, urls = approving_browser(tmp_path)
    config = write_sso_config(tmp_path / "config.toml", browser=browser)
    env = {**os.environ, **display.env, "PYSTRAY_BACKEND": "gtk"}
    proc = subprocess.Popen(
        [str(STUDIO_TRAY), "--config", str(config), "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    t = SsoTray(
        proc, display, sso_emulator, config, urls, isolated_env["log"] / "studio-tray.log", ""
    )
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


def test_a_click_signs_in_through_the_browser_and_studio_opens(tray: SsoTray, isolated_env) -> None:
    tray.choose(SHORTCUT)
    verify, studio = tray.recorded(2, timeout=40)
    assert verify.startswith(f"{tray.emu.url}/sso/verify?user_code=")
    assert studio.startswith(f"{tray.emu.url}/auth?token=")
    assert tray.emu.redeem(studio) == 200
    tray.wait_log("signing in to IAM Identity Center for dev")
    ops = [r.op for r in tray.emu.requests]
    assert ops.count("StartDeviceAuthorization") == 1
    # After the sign-in: the role's keys, then the space's app read (it runs) and the presign,
    # sent together (either may arrive first); the tray may read the Spaces submenu's status
    # afterwards.
    keys = ops.index("GetRoleCredentials")
    assert sorted(ops[keys + 1 : keys + 3]) == ["CreatePresignedDomainUrl", "ListApps"], ops
    assert ops.count("CreatePresignedDomainUrl") == 1
    saved = json.loads(cache_file(isolated_env["home"], SESSION).read_text())
    assert saved["startUrl"] == START_URL

    tray.choose(SHORTCUT)  # signed in now: straight to Studio, no second sign-in
    assert len(tray.recorded(3)) == 3
    assert [r.op for r in tray.emu.requests].count("StartDeviceAuthorization") == 1

    assert tray.stop() == 0
    log = tray.log_text()
    for secret in (saved["accessToken"], saved["refreshToken"], saved["clientSecret"]):
        assert secret not in log
    assert "token=" not in log
