"""The key store contract, run against the real Secret Service and the in-memory store, plus
what happens when keyring has no backend, is locked, or refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordSetError

from studio_tray.aws.credentials import MemoryKeyStore
from studio_tray.aws.keystore import KeyringStore, install_hint
from studio_tray.errors import CredentialError

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
OTHER = ("AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")


class CountingBackend(KeyringBackend):
    """The real backend, counting writes (macOS resets access lists on each one)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, real: Any) -> None:
        super().__init__()
        self.real = real
        self.writes = 0

    def get_password(self, service: str, username: str) -> str | None:
        return self.real.get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.writes += 1
        self.real.set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.real.delete_password(service, username)


class StoreContract:
    """What every key store does. Subclasses provide the ``store`` fixture."""

    def test_unknown_profile_has_no_keys(self, store: Any) -> None:
        assert store.get("prod") is None

    def test_set_then_get(self, store: Any) -> None:
        assert store.set("prod", AKID, SECRET) is True
        assert store.get("prod") == (AKID, SECRET)

    def test_same_keys_are_not_written_again(self, store: Any) -> None:
        store.set("prod", AKID, SECRET)
        assert store.set("prod", AKID, SECRET) is False
        assert store.get("prod") == (AKID, SECRET)

    def test_changed_keys_replace_the_old(self, store: Any) -> None:
        store.set("prod", AKID, SECRET)
        assert store.set("prod", *OTHER) is True
        assert store.get("prod") == OTHER

    def test_profiles_are_kept_apart(self, store: Any) -> None:
        store.set("prod", AKID, SECRET)
        store.set("dev", *OTHER)
        assert store.get("prod") == (AKID, SECRET)
        assert store.get("dev") == OTHER

    def test_delete(self, store: Any) -> None:
        store.set("prod", AKID, SECRET)
        store.set("dev", *OTHER)
        assert store.delete("prod") is True
        assert store.get("prod") is None
        assert store.get("dev") == OTHER
        assert store.delete("prod") is False


class TestMemoryStore(StoreContract):
    @pytest.fixture
    def store(self) -> MemoryKeyStore:
        return MemoryKeyStore()


@pytest.mark.keyring
class TestSecretServiceStore(StoreContract):
    @pytest.fixture
    def counting(self, real_keyring: Any) -> CountingBackend:
        return CountingBackend(real_keyring)

    @pytest.fixture
    def store(self, counting: CountingBackend) -> KeyringStore:
        return KeyringStore(counting)

    def test_writes_only_on_add_or_change(self, store: KeyringStore, counting: Any) -> None:
        store.set("prod", AKID, SECRET)
        store.set("prod", AKID, SECRET)
        store.set("prod", AKID, SECRET)
        assert counting.writes == 1
        store.set("prod", *OTHER)
        assert counting.writes == 2

    def test_item_layout(self, store: KeyringStore, secret_service: Any) -> None:
        store.set("prod", AKID, SECRET)
        [(attributes, secret)] = secret_service.items()
        assert attributes["service"] == "studio-tray"
        assert attributes["username"] == "prod"
        assert json.loads(secret) == {"AccessKeyId": AKID, "SecretAccessKey": SECRET}
        assert SECRET not in json.dumps(attributes)

    def test_describe_names_the_backend(self, store: KeyringStore, real_keyring: Any) -> None:
        assert KeyringStore(real_keyring).describe() == "SecretService Keyring"

    def test_default_backend_is_the_secret_service(self, real_keyring: Any) -> None:
        assert KeyringStore().describe() == "SecretService Keyring"

    def test_locked_keyring(self, store: KeyringStore, secret_service: Any) -> None:
        store.set("prod", AKID, SECRET)
        secret_service.lock()
        for call in (lambda: store.get("prod"), lambda: store.set("prod", *OTHER)):
            with pytest.raises(CredentialError, match="keyring is locked") as err:
                call()
            assert "unlock it" in str(err.value)
            assert SECRET not in str(err.value)
        secret_service.unlock()
        assert store.get("prod") == (AKID, SECRET)

    def test_item_that_is_not_our_json(self, real_keyring: Any) -> None:
        real_keyring.set_password("studio-tray", "prod", "not json")
        with pytest.raises(CredentialError) as err:
            KeyringStore(real_keyring).get("prod")
        assert "studio-tray profile add prod" in str(err.value)
        # ... and `profile add` (set) or `profile remove` (delete) can replace or drop it.
        assert KeyringStore(real_keyring).set("prod", AKID, SECRET) is True
        assert KeyringStore(real_keyring).get("prod") == (AKID, SECRET)
        real_keyring.set_password("studio-tray", "prod", "[1, 2]")
        assert KeyringStore(real_keyring).delete("prod") is True
        assert real_keyring.get_password("studio-tray", "prod") is None


NO_BACKEND_FIX = (
    "gnome-keyring or KWallet (Secret Service) plus the `secretstorage` package, "
    "or `pip install keyrings.alt`"
)


@pytest.mark.parametrize("op", ["get", "set", "delete", "describe"])
def test_fail_backend_says_what_to_install(op: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    store = KeyringStore(fail.Keyring())
    args = {"get": ("p",), "set": ("p", AKID, SECRET), "delete": ("p",), "describe": ()}[op]
    with pytest.raises(CredentialError) as err:
        getattr(store, op)(*args)
    assert "no keyring backend" in str(err.value)
    assert NO_BACKEND_FIX in str(err.value)


def test_install_hint_per_os() -> None:
    assert "keyrings.alt" in install_hint("linux")
    assert "Keychain" in install_hint("darwin")
    assert "Credential Manager" in install_hint("win32")


class RefusingBackend(KeyringBackend):
    """A backend whose user clicked "Deny" (what Keychain and Credential Manager report)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("access denied by the user")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordSetError("access denied by the user")


def test_access_refused() -> None:
    with pytest.raises(CredentialError, match="refused to write") as err:
        KeyringStore(RefusingBackend()).set("p", AKID, SECRET)
    assert SECRET not in str(err.value)
    assert "allow studio-tray" in str(err.value)
