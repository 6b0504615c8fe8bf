"""The settings window's IAM Identity Center parts under Xvfb, driven by xdotool keystrokes:
the add form signs in with the device flow against the emulator's SSO (a recording browser
approves, as a person would), lists the accounts and roles, and saves; a denied, expired or
cancelled sign-in stores nothing; the Profiles tab's Sign in signs an existing profile in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from studio_tray import config as config_file
from studio_tray.emulator import Emulator
from tests.fixtures.display import Display
from tests.fixtures.settings_window import save_picture
from tests.fixtures.sso import (
    ACCOUNT,
    ROLE,
    SESSION,
    START_URL,
    USER_CODE,
    approving_browser,
    cache_file,
    sso_profile_toml,
)
from tests.fixtures.wait import wait_until

pytestmark = [pytest.mark.gui, pytest.mark.timeout(150)]

OTHER = "444455556666"


def write_config(path: Path, browser: str, profiles: str) -> Path:
    path.write_text(f"# mine\n[settings]\nbrowser = {json.dumps(browser)}\n\n{profiles}")
    return path


KEYS_PROFILE = '[profiles.lab]\nregion = "us-east-1"\n'


def open_form(window: Any, display: Display) -> None:
    """From the Profiles list: Add keys..., Add Identity Center..."""
    window.wait_line("tab: profiles")  # the list has the keyboard
    display.keys("Tab", "Tab", "space")
    window.wait_line("page: add-sso")


def type_sign_in_fields(
    window: Any, display: Display, name: str, session: str | None = None
) -> None:
    window.type(name)
    display.keys("Tab")
    window.type(START_URL)
    display.keys("Tab")
    window.type("us-east-1")
    if session:
        display.keys("Tab")
        window.type(session)
    display.keys("Return")  # signs in


class SignIn(NamedTuple):
    """A settings window whose Identity Center form has started signing in."""

    window: Any
    config: Path
    urls: Path  # what the browser was sent to
    before: str  # the config file before the window opened


def start_sign_in(
    settings: Any,
    display: Display,
    tmp_path: Path,
    name: str = "ops",
    *,
    session: str | None = None,
    approve: bool = True,
    env: dict[str, str] | None = None,
) -> SignIn:
    """Write a config with a keys profile, open the window on the Identity Center form, fill
    in the sign-in fields and start the sign-in."""
    browser, urls = approving_browser(tmp_path, approve=approve)
    config = write_config(tmp_path / "config.toml", browser, KEYS_PROFILE)
    before = config.read_text()
    window = settings(config, env=env) if env else settings(config)
    open_form(window, display)
    type_sign_in_fields(window, display, name, session=session)
    return SignIn(window, config, urls, before)


def test_the_form_signs_in_lists_accounts_and_roles_and_saves(
    settings: Any,
    sso_emulator: Emulator,
    display: Display,
    isolated_env: dict[str, Path],
    tmp_path: Path,
) -> None:
    sso_emulator.add_sso_assignment(OTHER, "Admin", account_name="dev-account")
    sso_emulator.add_sso_assignment(OTHER, "ReadOnly")
    window, config, urls, _ = start_sign_in(settings, display, tmp_path)
    code = window.wait_line("sign-in: code", timeout=30)
    assert USER_CODE.search(code) and " at http" in code
    window.wait_line("accounts: 2", timeout=60)
    assert any("/sso/verify" in u for u in urls.read_text().splitlines())  # the browser went
    display.keys("Down")  # the first account (dev-account); its roles are listed
    window.wait_line("roles: 2", timeout=30)
    display.keys("Down", "Down")  # Admin, then ReadOnly
    window.wait_line("role: ReadOnly")
    save_picture(display, "identity-center")
    display.keys("Return")
    line = window.wait_line("added profile ops", timeout=30)
    assert f"account {OTHER}, role ReadOnly" in line
    ops = config_file.load(config).profiles["ops"]
    assert (ops.sso_start_url, ops.sso_region, ops.sso_account_id, ops.sso_role_name) == (
        START_URL,
        "us-east-1",
        OTHER,
        "ReadOnly",
    )
    assert ops.region == "us-east-1"  # the SSO region, preset
    assert "lab" in config_file.load(config).profiles
    assert config.read_text().startswith("# mine")  # written through the edit layer
    assert cache_file(isolated_env["home"], START_URL).exists()  # the token, in the CLI's cache
    window.wait_line("page: lists")
    assert window.close() == 0


def test_the_only_account_and_role_are_chosen_by_themselves_and_a_session_is_kept(
    settings: Any,
    sso_emulator: Emulator,
    display: Display,
    isolated_env: dict[str, Path],
    tmp_path: Path,
) -> None:
    window, config, _urls, _ = start_sign_in(settings, display, tmp_path, "dev", session=SESSION)
    window.wait_line("roles: 1", timeout=60)
    display.keys("Return")  # in the role list: save
    window.wait_line("added profile dev", timeout=30)
    dev = config_file.load(config).profiles["dev"]
    assert (dev.sso_account_id, dev.sso_role_name, dev.sso_session) == (ACCOUNT, ROLE, SESSION)
    cached = json.loads(cache_file(isolated_env["home"], SESSION).read_text())
    assert cached.get("refreshToken")  # a session's sign-in renews without the browser
    assert not cache_file(isolated_env["home"], START_URL).exists()
    assert window.close() == 0


@pytest.mark.parametrize("how", ["deny", "expire", "cancel"])
def test_a_sign_in_that_does_not_end_approved_stores_nothing(
    how: str,
    settings: Any,
    sso_emulator: Emulator,
    display: Display,
    isolated_env: dict[str, Path],
    tmp_path: Path,
) -> None:
    window, config, urls, before = start_sign_in(settings, display, tmp_path, approve=False)
    found = USER_CODE.search(window.wait_line("sign-in: code", timeout=30))
    assert found
    wait_until(lambda: urls.exists() and urls.read_text(), 20, 0.1, what="the browser")
    if how == "deny":
        sso_emulator.deny_device(found.group(0))
    elif how == "expire":
        sso_emulator.advance(601)  # past the code's 600 s
    else:
        display.keys("space")  # the keyboard is on "Cancel sign-in"
    line = window.wait_line("not signed in:", timeout=30)
    assert {"deny": "denied", "expire": "expired", "cancel": "cancelled"}[how] in line
    assert window.proc.poll() is None  # the window stays, the form too
    assert config.read_text() == before
    assert not cache_file(isolated_env["home"], START_URL).exists()
    assert window.close() == 0


def test_sign_in_button_signs_an_existing_profile_in_and_the_row_says_until(
    settings: Any,
    sso_emulator: Emulator,
    display: Display,
    isolated_env: dict[str, Path],
    tmp_path: Path,
) -> None:
    browser, _urls = approving_browser(tmp_path)
    config = write_config(tmp_path / "config.toml", browser, sso_profile_toml())
    window = settings(config)
    window.wait_line("tab: profiles")  # the list has the keyboard
    assert window.wait_line("row dev:") == "row dev: not signed in"
    # The list has the keyboard: Add keys..., Add Identity Center..., Remove, Test, Sign in.
    display.keys(*["Tab"] * 5, "space")
    window.wait_line("sign-in: code", timeout=30)
    window.wait_line("signed in: profile dev", timeout=60)
    rows = [line for line in window.lines if line.startswith("row dev:")]
    assert rows[-1].startswith("row dev: signed in until ")
    assert cache_file(isolated_env["home"], SESSION).exists()
    assert window.close() == 0


def test_a_network_error_is_shown_under_the_form_and_nothing_is_stored(
    settings: Any,
    sso_emulator: Emulator,
    display: Display,
    isolated_env: dict[str, Path],
    tmp_path: Path,
) -> None:
    # Identity Center's OIDC endpoint where nothing listens (port 9, discard).
    unreachable = {"AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:9"}
    window, config, urls, before = start_sign_in(settings, display, tmp_path, env=unreachable)
    line = window.wait_line("not signed in:", timeout=60)
    assert "127.0.0.1" in line or "reach" in line or "connect" in line, line
    assert "sign-in: code" not in "\n".join(window.lines)
    assert not urls.exists()  # no browser for a sign-in that never started
    assert config.read_text() == before
    assert not cache_file(isolated_env["home"], START_URL).exists()
    assert window.close() == 0


def test_sign_in_button_turns_into_cancel_and_a_cancelled_sign_in_stores_nothing(
    settings: Any,
    sso_emulator: Emulator,
    display: Display,
    isolated_env: dict[str, Path],
    tmp_path: Path,
) -> None:
    browser, _urls = approving_browser(tmp_path, approve=False)
    config = write_config(tmp_path / "config.toml", browser, sso_profile_toml())
    window = settings(config)
    window.wait_line("tab: profiles")
    display.keys(*["Tab"] * 5, "space")  # Sign in
    window.wait_line("sign-in: code", timeout=30)
    display.keys("space")  # the same button, now "Cancel sign-in"
    assert "cancelled" in window.wait_line("not signed in:", timeout=30)
    rows = [line for line in window.lines if line.startswith("row dev:")]
    assert rows[-1] == "row dev: not signed in"
    assert not cache_file(isolated_env["home"], SESSION).exists()
    assert window.close() == 0


def test_the_roles_are_those_of_the_account_chosen_last(
    settings: Any,
    sso_emulator: Emulator,
    display: Display,
    isolated_env: dict[str, Path],
    tmp_path: Path,
) -> None:
    sso_emulator.add_sso_assignment(OTHER, "Admin", account_name="dev-account")
    sso_emulator.add_sso_assignment(OTHER, "ReadOnly")
    window, config, _urls, _ = start_sign_in(settings, display, tmp_path)
    window.wait_line("accounts: 2", timeout=60)
    sso_emulator.set_latency(1.5)  # so the second Down lands while the first roles are listed
    display.keys("Down", "Down")  # dev-account, then prod (one role: DataScientist)
    window.wait_line("roles: 1", timeout=30)
    assert "roles: 2" not in window.lines  # the first account's roles were never offered
    display.keys("Return")
    window.wait_line("added profile ops", timeout=30)
    ops = config_file.load(config).profiles["ops"]
    assert (ops.sso_account_id, ops.sso_role_name) == (ACCOUNT, ROLE)
    assert window.close() == 0
