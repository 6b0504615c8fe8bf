"""Credentials: a boto3 Session per profile.

Sources, chosen by the profile: ``aws_profile`` (boto3's own chain: SSO, credential_process,
...), or keys from a ``KeyStore`` (the OS keyring in the app, an in-memory store in the demo
and tests). With ``role_arn`` the session is the assumed role's, cached in memory until shortly
before it expires.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol

from studio_tray.errors import CredentialError
from studio_tray.model import Profile

if TYPE_CHECKING:
    import boto3


class KeyStore(Protocol):
    """Where long-term keys live: ``get`` returns (access key id, secret) or None."""

    def get(self, profile: str) -> tuple[str, str] | None:
        """The keys of ``profile``, or None when there are none."""
        ...


class MemoryKeyStore:
    """Keys held in memory only (demo, tests)."""

    def __init__(self, keys: dict[str, tuple[str, str]] | None = None) -> None:
        self._keys = dict(keys or {})

    def get(self, profile: str) -> tuple[str, str] | None:
        """The keys of ``profile``, or None."""
        return self._keys.get(profile)

    def set(self, profile: str, access_key_id: str, secret: str) -> None:
        """Store keys for ``profile``."""
        self._keys[profile] = (access_key_id, secret)

    def delete(self, profile: str) -> None:
        """Forget ``profile``'s keys."""
        self._keys.pop(profile, None)


class SessionProvider:
    """Builds and caches one boto3 Session per profile."""

    def __init__(self, store: KeyStore) -> None:
        self._store = store
        self._sessions: dict[str, boto3.Session] = {}
        self._lock = threading.Lock()

    def session_for(self, profile: Profile) -> boto3.Session:
        """The (cached) Session for ``profile``; raises ``CredentialError`` when it has no keys."""
        with self._lock:
            session = self._sessions.get(profile.name)
            if session is None:
                session = self._build(profile)
                self._sessions[profile.name] = session
            return session

    def invalidate(self, profile_name: str | None = None) -> None:
        """Drop the cached session of one profile (or of all)."""
        with self._lock:
            if profile_name is None:
                self._sessions.clear()
            else:
                self._sessions.pop(profile_name, None)

    def _build(self, profile: Profile) -> boto3.Session:
        import boto3
        import botocore.exceptions

        if profile.aws_profile:
            try:
                return boto3.Session(profile_name=profile.aws_profile, region_name=profile.region)
            except botocore.exceptions.ProfileNotFound:
                raise CredentialError(
                    f"profile {profile.name}: AWS profile {profile.aws_profile!r} is not in "
                    "~/.aws/config",
                    hint="run `aws configure list-profiles` to see the names",
                ) from None
        keys = self._store.get(profile.name)
        if keys is None:
            raise CredentialError(
                f"no keys stored for profile {profile.name}",
                hint=f"run `studio-tray profile add {profile.name}`",
            )
        return boto3.Session(
            aws_access_key_id=keys[0], aws_secret_access_key=keys[1], region_name=profile.region
        )
