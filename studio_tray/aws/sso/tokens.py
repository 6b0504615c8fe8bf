"""Whether a cached token is usable, and what a sign-in's state is (for doctor and settings).

A token is used while it has more than ``MIN_LEFT`` seconds left. Within ``REFRESH_WINDOW``
of its expiry (botocore's 15 minutes) it is refreshed with its refresh token when it has one
and its client registration is still valid; a failed refresh keeps the old token while it lasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studio_tray.aws.sso.cache import CachedToken

REFRESH_WINDOW = 15 * 60
MIN_LEFT = 60

SIGNED_IN = "signed in"
REFRESHABLE = "refreshable"
EXPIRED = "expired"
NEVER = "never signed in"


@dataclass(frozen=True)
class TokenState:
    """A sign-in's state: ``status`` is SIGNED_IN, REFRESHABLE (expired but a refresh token
    can renew it without a browser), EXPIRED or NEVER; ``cache_file`` is the file it uses."""

    status: str
    cache_file: Path
    expires_at: float | None = None
    can_refresh: bool = False

    def describe(self) -> str:
        """``signed in until 14:05 (refreshable)``, ``expired``... in local time."""
        if self.status == SIGNED_IN and self.expires_at is not None:
            until = datetime.fromtimestamp(self.expires_at).strftime("%H:%M")
            return f"signed in until {until}" + (" (refreshable)" if self.can_refresh else "")
        if self.status == REFRESHABLE:
            return "expired, refreshable without a browser"
        return self.status


def can_refresh(token: CachedToken, now: float) -> bool:
    """Whether ``token`` has a refresh token and a live client registration."""
    registration_ok = token.registration_expires_at is None or token.registration_expires_at > now
    return bool(token.refresh_token and token.client_id and token.client_secret and registration_ok)


def needs_refresh(token: CachedToken, now: float) -> bool:
    """Whether ``token`` is close enough to its expiry to be refreshed now."""
    return token.expires_at - now < REFRESH_WINDOW


def usable(token: CachedToken, now: float) -> bool:
    """Whether ``token`` can still be sent."""
    return token.expires_at - now > MIN_LEFT


def state(token: CachedToken | None, cache_file: Path, now: float) -> TokenState:
    """The state of a sign-in whose cache file holds ``token`` (None: no usable file)."""
    if token is None:
        return TokenState(NEVER, cache_file)
    refreshable = can_refresh(token, now)
    if usable(token, now):
        return TokenState(SIGNED_IN, cache_file, token.expires_at, refreshable)
    return TokenState(
        REFRESHABLE if refreshable else EXPIRED, cache_file, token.expires_at, refreshable
    )
