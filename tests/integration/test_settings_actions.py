"""The settings window's actions against the emulator over HTTP (no window)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_tray import config as config_file
from studio_tray.aws.credentials import MemoryKeyStore
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.errors import CredentialError
from studio_tray.settings import actions
from studio_tray.settings.model import KeysForm


def form(emu: Emulator, secret: str = DEMO_SECRET_ACCESS_KEY) -> KeysForm:
    return KeysForm("lab", DEMO_ACCESS_KEY_ID, secret, "us-east-1", endpoint_url=emu.url)


def test_save_verifies_then_stores_and_test_shows_who(emulator: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    store = MemoryKeyStore()
    saved = actions.save_keys_profile(path, form(emulator), store)
    assert saved.name == "lab" and saved.account and not saved.replaced
    assert store.get("lab") == (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)
    assert config_file.load(path).profiles["lab"].endpoint_url == emulator.url
    who = actions.identify_profile(path, "lab", store)
    assert who.account == saved.account and who.arn == saved.arn


def test_a_refused_key_stores_nothing(emulator: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    store = MemoryKeyStore()
    wrong = DEMO_SECRET_ACCESS_KEY[:-4] + "XXXX"
    with pytest.raises(CredentialError) as caught:
        actions.save_keys_profile(path, form(emulator, wrong), store)
    assert wrong not in str(caught.value)
    assert store.get("lab") is None and not path.exists()


ROLE = "arn:aws:iam::123456789012:role/DataScientist"
SERIAL = "arn:aws:iam::123456789012:mfa/alice"


def role_form(emu: Emulator, serial: str = "") -> KeysForm:
    return KeysForm(
        "lab", DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, "us-east-1", ROLE, serial, emu.url
    )


def test_a_role_with_mfa_is_assumed_with_the_asked_code_before_storing(
    emulator: Emulator, tmp_path: Path
) -> None:
    emulator.add_role(ROLE, mfa_serial=SERIAL)
    emulator.set_mfa_code(SERIAL, "246810")
    path = tmp_path / "config.toml"
    store = MemoryKeyStore()
    asked: list[str] = []

    def ask(profile: object) -> str:
        asked.append(getattr(profile, "mfa_serial", ""))
        return "246810"

    saved = actions.save_keys_profile(path, role_form(emulator, SERIAL), store, ask)
    assert asked == [SERIAL]
    assert ":assumed-role/DataScientist/" in saved.arn
    assert store.get("lab") == (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)
    profile = config_file.load(path).profiles["lab"]
    assert profile.role_arn == ROLE and profile.mfa_serial == SERIAL


@pytest.mark.parametrize("code", ["135791", None, "12345"])
def test_a_wrong_or_missing_mfa_code_stores_nothing(
    code: str | None, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.add_role(ROLE, mfa_serial=SERIAL)
    emulator.set_mfa_code(SERIAL, "246810")
    path = tmp_path / "config.toml"
    store = MemoryKeyStore()
    with pytest.raises(CredentialError) as caught:
        actions.save_keys_profile(path, role_form(emulator, SERIAL), store, lambda _p: code)
    assert "MFA code" in str(caught.value)
    assert store.get("lab") is None and not path.exists()


def test_a_role_without_mfa_is_assumed_and_a_refused_role_stores_nothing(
    emulator: Emulator, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    store = MemoryKeyStore()
    with pytest.raises(CredentialError) as caught:  # not assumable yet
        actions.save_keys_profile(path, role_form(emulator), store)
    assert "AssumeRole" in str(caught.value) or "role" in str(caught.value)
    assert store.get("lab") is None and not path.exists()
    emulator.add_role(ROLE)
    saved = actions.save_keys_profile(path, role_form(emulator), store)
    assert ":assumed-role/DataScientist/" in saved.arn
    assert config_file.load(path).profiles["lab"].role_arn == ROLE


def test_general_save_writes_settings_and_turns_start_at_login_on_and_off(
    tmp_path: Path,
) -> None:
    from studio_tray.autostart.linux import XdgAutostart
    from studio_tray.errors import UsageError
    from studio_tray.model import Settings
    from studio_tray.settings.model import GeneralForm

    path = tmp_path / "config.toml"
    path.write_text('[profiles.lab]\nregion = "us-east-1"\n')
    autostart = XdgAutostart(tmp_path / "autostart")
    form = GeneralForm.of(Settings(), start_at_login=True)
    form.expires_in = "60"
    assert actions.save_general(path, form, autostart) == ["expires_in", "start at login on"]
    assert autostart.is_enabled()  # the entry `autostart enable` writes
    assert config_file.load(path).settings.expires_in == 60
    form.start_at_login = False
    assert actions.save_general(path, form, autostart) == ["start at login off"]
    assert not autostart.is_enabled()
    form.remind_running_hours, form.status_refresh_minutes = "0", "10"
    assert actions.save_general(path, form, autostart) == [
        "remind_running_hours",
        "status_refresh_minutes",
    ]
    saved = config_file.load(path).settings
    assert (saved.remind_running_hours, saved.status_refresh_minutes) == (0, 10)
    form.session_duration = "60"
    before = path.read_text()
    with pytest.raises(UsageError, match="session_duration 60"):
        actions.save_general(path, form, autostart)
    assert path.read_text() == before


def test_discover_lists_with_the_profile_and_adds_only_what_is_new(
    emulator: Emulator, tmp_path: Path
) -> None:
    from studio_tray.errors import UsageError
    from studio_tray.settings.model import discovery_choices

    domain = emulator.add_domain(name="Prod")
    for user in ("alice", "bob"):
        emulator.add_user_profile(domain, user)
    path = tmp_path / "config.toml"
    path.write_text(f'[profiles.lab]\nregion = "us-east-1"\nendpoint_url = "{emulator.url}"\n')
    store = MemoryKeyStore()
    store.set("lab", DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)
    heard: list[object] = []
    found = actions.discover(path, "lab", "", store, found=heard.append)
    assert heard == found and found[0].listed and found[0].region == "us-east-1"
    choices = discovery_choices(found, config_file.load(path))
    assert [c.shortcut.name for c in choices] == ["Prod - alice", "Prod - bob"]
    added = actions.add_discovered(path, [choices[1].shortcut])
    assert [s.user_profile for s in added] == ["bob"]
    again = discovery_choices(found, config_file.load(path))
    assert [c.added for c in again] == [False, True]
    with pytest.raises(UsageError, match="region"):
        actions.discover(path, "lab", "mars-1", store)


def test_the_browser_test_opens_a_blank_page_with_the_command(tmp_path: Path) -> None:
    from studio_tray.errors import UsageError
    from tests.fixtures.browser import recorder_script
    from tests.fixtures.wait import wait_until

    urls = tmp_path / "urls.txt"
    recorder = recorder_script(tmp_path, urls)
    actions.try_browser(f"{recorder} {{url}}")
    wait_until(lambda: urls.exists() and urls.read_text(), 20, 0.1, what="the browser to start")
    assert urls.read_text().splitlines() == [actions.TEST_PAGE]
    with pytest.raises(UsageError, match=r"\{url\}"):
        actions.try_browser(str(recorder))  # no {url}: refused, as in the config
