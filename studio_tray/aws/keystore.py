"""Long-term keys in the OS keyring (macOS Keychain, Windows Credential Manager, Secret Service).

Layout: service ``studio-tray``, username = profile name for the default config file and
``NAME@<digest of the config's path>`` for any other, so two configs with a profile of the same
name never share or delete each other's keys; password = JSON
``{"AccessKeyId": ..., "SecretAccessKey": ...}``. An item stored before configs had their own
(plain ``NAME``) is copied to the other config's own name on first read, then left alone.
Writes happen only when keys are added or changed (macOS resets an item's "Always Allow" list
on every write). Every keyring failure becomes a ``CredentialError`` that says what to do; none
carries the secret.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from studio_tray.errors import CredentialError

SERVICE = "studio-tray"

_INSTALL_HINT = {
    "linux": "install gnome-keyring or KWallet (Secret Service) plus the `secretstorage` "
    "package, or `pip install keyrings.alt` for a file-based store",
    "darwin": "the macOS Keychain backend should always be there: reinstall keyring "
    "(`pip install --force-reinstall keyring`) and check ~/.config/python_keyring/keyringrc.cfg",
    "win32": "the Windows Credential Manager backend should always be there: reinstall keyring "
    "(`pip install --force-reinstall keyring pywin32-ctypes`)",
}


def install_hint(platform: str | None = None) -> str:
    """What to install when keyring has no usable backend on ``platform`` (default: this OS)."""
    platform = platform or sys.platform
    key = "linux" if platform.startswith("linux") else platform
    return _INSTALL_HINT.get(key, "install a keyring backend: see https://pypi.org/project/keyring")


def backend_name(backend: Any) -> str:
    """A short name for a keyring backend, e.g. ``SecretService Keyring``."""
    module = type(backend).__module__.rsplit(".", 1)[-1]
    return f"{module} {type(backend).__name__}"


def is_unusable(backend: Any) -> bool:
    """True for keyring's fail and null backends (nothing can be stored)."""
    return type(backend).__module__ in ("keyring.backends.fail", "keyring.backends.null")


class KeyringStore:
    """Profile keys in the OS keyring. ``backend`` defaults to keyring's choice for this OS."""

    def __init__(
        self, backend: Any = None, service: str = SERVICE, config: Path | None = None
    ) -> None:
        self._backend = backend
        self.service = service
        self._suffix = config_suffix(config)

    def user(self, profile: str) -> str:
        """The keyring user name of ``profile``'s item for this store's config."""
        return profile + self._suffix

    @property
    def backend(self) -> Any:
        """The keyring backend in use (resolved on first use)."""
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        return self._backend

    def describe(self) -> str:
        """Which backend is in use; raises ``CredentialError`` when it is the fail backend."""
        self._check_usable()
        return backend_name(self.backend)

    def get(self, profile: str) -> tuple[str, str] | None:
        """The keys stored for ``profile``, or None when there is no item."""
        raw = self._read(profile)
        if raw is None and self._suffix:
            raw = self._migrate(profile)
        if raw is None:
            return None
        keys = _parse(raw)
        if keys is None:
            raise CredentialError(
                f"the keyring item for profile {profile} is not studio-tray's JSON",
                hint=f"run `studio-tray profile add {profile}` to store the keys again",
            )
        return keys

    def set(self, profile: str, access_key_id: str, secret: str) -> bool:
        """Store keys; writes only when they differ from what is stored. True if written."""
        raw = self._read(profile)
        if raw is not None and _parse(raw) == (access_key_id, secret):
            return False
        payload = json.dumps({"AccessKeyId": access_key_id, "SecretAccessKey": secret})
        self._call("write", self.backend.set_password, self.service, self.user(profile), payload)
        return True

    def delete(self, profile: str) -> bool:
        """Remove ``profile``'s item (even one that is not our JSON); True when there was one."""
        if self._read(profile) is None:
            return False
        self._call("delete", self.backend.delete_password, self.service, self.user(profile))
        return True

    def snapshot(self, profile: str) -> str | None:
        """``profile``'s item as stored (any text, ours or not), for ``restore``; None if none."""
        return self._read(profile)

    def restore(self, profile: str, raw: str | None) -> None:
        """Put ``profile``'s item back as ``snapshot`` found it (None: no item)."""
        if raw is None:
            self.delete(profile)
        elif self._read(profile) != raw:
            self._call("write", self.backend.set_password, self.service, self.user(profile), raw)

    def _read(self, profile: str) -> str | None:
        self._check_usable()
        raw = self._call("read", self.backend.get_password, self.service, self.user(profile))
        return None if raw is None else str(raw)

    def _migrate(self, profile: str) -> str | None:
        """Copy an item stored under the plain profile name (before each config had its own)
        to this config's own name; the plain item stays, another config may still use it."""
        raw = self._call("read", self.backend.get_password, self.service, profile)
        if raw is None or _parse(str(raw)) is None:
            return None
        self._call("write", self.backend.set_password, self.service, self.user(profile), raw)
        return str(raw)

    def _check_usable(self) -> None:
        if is_unusable(self.backend):
            raise CredentialError(
                f"no keyring backend is available ({backend_name(self.backend)})",
                hint=install_hint(),
            )

    def _call(self, action: str, fn: Any, *args: str) -> Any:
        from keyring.errors import KeyringError, KeyringLocked, NoKeyringError

        try:
            return fn(*args)
        except NoKeyringError:
            raise CredentialError("no keyring backend is available", hint=install_hint()) from None
        except KeyringLocked:
            raise CredentialError(
                f"the keyring is locked ({backend_name(self.backend)})",
                hint="unlock it (log in to the desktop session or open your keyring app) "
                "and try again",
            ) from None
        except KeyringError as err:
            raise CredentialError(
                f"the keyring refused to {action} the keys ({type(err).__name__})",
                hint="unlock the keyring and allow studio-tray access, then try again",
            ) from None
        except Exception as err:  # noqa: BLE001 - backends raise D-Bus and OS errors of any type
            raise CredentialError(
                f"the keyring failed to {action} the keys ({type(err).__name__})",
                hint="check that the keyring service is running (`studio-tray doctor`)",
            ) from None


def config_suffix(config: Path | None) -> str:
    """``""`` for the default config file (or none given), else ``@`` and 12 hex digits of
    the config's resolved path."""
    if config is None:
        return ""
    import hashlib

    from studio_tray import paths

    resolved = Path(config).expanduser().resolve()
    if resolved == paths.default_config_path().expanduser().resolve():
        return ""
    return "@" + hashlib.sha256(str(resolved).encode()).hexdigest()[:12]


def _parse(raw: str) -> tuple[str, str] | None:
    """(key id, secret) from an item's JSON, or None when it is not ours."""
    try:
        data = json.loads(raw)
        return str(data["AccessKeyId"]), str(data["SecretAccessKey"])
    except (ValueError, KeyError, TypeError):
        return None
