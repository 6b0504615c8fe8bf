"""Credentials: a Session (``aws.session``, boto3-shaped, botocore only) per profile.

Sources, chosen by the profile: IAM Identity Center (the profile's own ``sso_*`` keys, or an
``aws_profile`` whose ~/.aws/config profile signs in with SSO: ``aws.sso`` gets the role's keys
with the cached sign-in), ``aws_profile`` (botocore's own chain: credential_process, ...), or keys
from a ``KeyStore`` (the OS keyring in the app, an in-memory store in the demo
and tests). With ``role_arn`` the session is the assumed role's, cached in memory until shortly
before it expires, so a click within the session costs no STS call.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from studio_tray import logs
from studio_tray.aws.assume_role import DURATION_SECONDS, MfaAsker, assume
from studio_tray.aws.session import Session
from studio_tray.errors import CredentialError
from studio_tray.model import Profile

if TYPE_CHECKING:
    from studio_tray.aws.sso.signin import IdentityCenter

REFRESH_MARGIN = 300
"""Seconds before expiry at which role credentials are replaced (a click takes at most 20 s)."""


class KeyStore(Protocol):
    """Where long-term keys live: ``get`` returns (access key id, secret) or None."""

    def get(self, profile: str) -> tuple[str, str] | None:
        """The keys of ``profile``, or None when there are none."""
        ...


class MemoryKeyStore:
    """Keys held in memory only (demo, tests). Same contract as ``keystore.KeyringStore``."""

    def __init__(self, keys: dict[str, tuple[str, str]] | None = None) -> None:
        self._keys = dict(keys or {})

    def get(self, profile: str) -> tuple[str, str] | None:
        """The keys of ``profile``, or None."""
        return self._keys.get(profile)

    def set(self, profile: str, access_key_id: str, secret: str) -> bool:
        """Store keys for ``profile``; True when they changed."""
        if self._keys.get(profile) == (access_key_id, secret):
            return False
        self._keys[profile] = (access_key_id, secret)
        return True

    def delete(self, profile: str) -> bool:
        """Forget ``profile``'s keys; True when there were some."""
        return self._keys.pop(profile, None) is not None


@dataclass(frozen=True)
class Credentials:
    """Resolved keys of a profile. ``repr`` leaves the secret and token out."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str | None = field(default=None, repr=False)
    expiration: datetime | None = None

    def __post_init__(self) -> None:
        # Masked in the log by value, whatever their shape.
        logs.mask_value(self.secret_access_key, self.session_token)


@dataclass
class _Entry:
    session: Session
    credentials: Credentials | None  # None for aws_profile sessions (botocore refreshes those)


class SessionProvider:
    """Builds and caches one Session per profile; thread-safe.

    ``ask_mfa_code(profile) -> str | None`` is called when a role needs an MFA code.
    """

    def __init__(
        self,
        store: KeyStore,
        ask_mfa_code: MfaAsker | None = None,
        *,
        role_duration: int = DURATION_SECONDS,
        clock: Callable[[], float] = time.time,
        sso: IdentityCenter | None = None,
    ) -> None:
        self._store = store
        self._sso = sso
        self._ask = ask_mfa_code
        self._duration = role_duration
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()
        self._profile_locks: dict[str, threading.Lock] = {}

    @property
    def sso(self) -> IdentityCenter:
        """The IAM Identity Center sign-ins this provider uses (the process's default)."""
        if self._sso is None:
            from studio_tray.aws.sso.signin import default_center

            self._sso = default_center()
        return self._sso

    @property
    def store(self) -> KeyStore:
        """The key store this provider reads."""
        return self._store

    def session_for(self, profile: Profile) -> Session:
        """The (cached) Session for ``profile``; raises ``CredentialError`` when it has no keys."""
        return self._entry(profile).session

    def credentials_for(self, profile: Profile) -> Credentials:
        """The keys ``profile``'s session signs with now (temporary ones carry an expiration)."""
        entry = self._entry(profile)
        if entry.credentials is not None:
            return entry.credentials
        found = entry.session.get_credentials()
        if found is None:
            raise CredentialError(
                f"AWS profile {profile.aws_profile!r} gives no credentials",
                hint=f"run `aws sso login --profile {profile.aws_profile}` or fix ~/.aws/config",
            )
        frozen = found.get_frozen_credentials()
        expiry = getattr(found, "_expiry_time", None)  # set on botocore's refreshable credentials
        return Credentials(frozen.access_key or "", frozen.secret_key or "", frozen.token, expiry)

    def invalidate(self, profile_name: str | None = None) -> None:
        """Drop the cached session of one profile (or of all)."""
        with self._lock:
            if profile_name is None:
                self._entries.clear()
            else:
                self._entries.pop(profile_name, None)

    def _entry(self, profile: Profile) -> _Entry:
        with self._lock:
            profile_lock = self._profile_locks.setdefault(profile.name, threading.Lock())
        # One lock per profile: an MFA prompt for one profile must not block the others.
        with profile_lock:
            with self._lock:
                entry = self._entries.get(profile.name)
            if entry is None or self._expiring(entry):
                entry = self._build(profile)
                with self._lock:
                    self._entries[profile.name] = entry
            return entry

    def _expiring(self, entry: _Entry) -> bool:
        expiry = entry.credentials.expiration if entry.credentials else None
        return expiry is not None and expiry.timestamp() - self._clock() < REFRESH_MARGIN

    def _build(self, profile: Profile) -> _Entry:
        base, creds = self._base(profile)
        if not profile.role_arn:
            return _Entry(base, creds)
        temp = assume(base, profile, self._ask, self._duration)
        expiration = temp.expiration
        if expiration.tzinfo is None:
            expiration = expiration.replace(tzinfo=UTC)
        session = Session(
            aws_access_key_id=temp.access_key_id,
            aws_secret_access_key=temp.secret_access_key,
            aws_session_token=temp.session_token,
            region_name=profile.region or base.region_name,
        )
        return _Entry(
            session,
            Credentials(temp.access_key_id, temp.secret_access_key, temp.session_token, expiration),
        )

    def _base(self, profile: Profile) -> tuple[Session, Credentials | None]:
        import botocore.exceptions

        if profile.is_sso or profile.aws_profile:
            from studio_tray.aws.sso.source import from_profile

            source = from_profile(profile)
            if source is not None:
                role = self.sso.role_keys(source)
                creds = Credentials(
                    role.access_key_id, role.secret_access_key, role.session_token, role.expiration
                )
                session = Session(
                    aws_access_key_id=creds.access_key_id,
                    aws_secret_access_key=creds.secret_access_key,
                    aws_session_token=creds.session_token,
                    region_name=profile.region or source.default_region,
                )
                return session, creds
        if profile.aws_profile:
            try:
                session = Session(profile_name=profile.aws_profile, region_name=profile.region)
            except botocore.exceptions.ProfileNotFound:
                raise CredentialError(
                    f"profile {profile.name}: AWS profile {profile.aws_profile!r} is not in "
                    "~/.aws/config",
                    hint="run `aws configure list-profiles` to see the names",
                ) from None
            return session, None
        keys = self._store.get(profile.name)
        if keys is None:
            raise CredentialError(
                f"no keys stored for profile {profile.name}",
                hint=f"run `studio-tray profile add {profile.name}`",
            )
        session = Session(
            aws_access_key_id=keys[0], aws_secret_access_key=keys[1], region_name=profile.region
        )
        return session, Credentials(keys[0], keys[1])
