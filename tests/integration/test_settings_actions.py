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
