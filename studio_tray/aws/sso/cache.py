"""The IAM Identity Center token cache, exactly where and how the AWS CLI v2 keeps it.

``~/.aws/sso/cache/<sha1>.json``: the sha1 (hex) of the ``sso-session`` name, or of the start
URL for a legacy profile. Fields ``startUrl``, ``region``, ``accessToken``, ``expiresAt`` and,
for sessions, ``clientId``, ``clientSecret``, ``registrationExpiresAt``, ``refreshToken``.
The folder is 0700, the file 0600, written atomically; fields this app does not know are kept.
So ``aws sso login`` and botocore read what studio-tray writes, and the other way round.

Legacy profiles keep their client registration beside it, named as the AWS CLI v2 names it
(sha1 of ``{"region", "scopes", "session_name", "startUrl", "tool"}`` as sorted JSON).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studio_tray import logs
from studio_tray.atomic import write_atomic

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def default_dir() -> Path:
    """``~/.aws/sso/cache`` for the current HOME (resolved at each call, like the AWS CLI)."""
    return Path(os.path.expanduser(os.path.join("~", ".aws", "sso", "cache")))


def file_name(key: str) -> str:
    """The cache file name for a session name or start URL: ``<sha1 hex>.json``."""
    # The AWS CLI's naming, not a security use of sha1.
    return hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest() + ".json"


def registration_key(
    start_url: str, region: str, scopes: tuple[str, ...], session: str | None
) -> str:
    """The AWS CLI v2's cache key of a client registration."""
    args = {
        "tool": "botocore",
        "startUrl": start_url,
        "region": region,
        "scopes": list(scopes) or None,
        "session_name": session,
    }
    return json.dumps(args, sort_keys=True)


def format_time(epoch: float) -> str:
    """A time as the AWS CLI v2 writes it: ``2026-01-02T03:04:05Z``."""
    return datetime.fromtimestamp(epoch, UTC).strftime(TIME_FORMAT)


def parse_time(text: object) -> float | None:
    """An ``expiresAt``-style time as epoch seconds; None when it is not one.

    Accepts what the AWS CLI v2 and botocore have written: ``...Z``, ``...UTC``, ``+00:00``,
    with or without fractions of a second."""
    if not isinstance(text, str) or not text:
        return None
    value = text.strip()
    if value.endswith("UTC"):
        value = value[:-3] + "+00:00"
    elif value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


@dataclass(frozen=True)
class CachedToken:
    """One cache file's content. ``repr`` leaves the tokens and the client secret out."""

    start_url: str
    region: str
    access_token: str = field(repr=False)
    expires_at: float
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    registration_expires_at: float | None = None
    refresh_token: str | None = field(default=None, repr=False)
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Masked in the log by value, whatever their shape.
        logs.mask_value(self.access_token, self.client_secret, self.refresh_token)

    def to_json(self) -> dict[str, Any]:
        """The cache document (unknown fields read from the file kept)."""
        out: dict[str, Any] = dict(self.extra)
        out.update(
            startUrl=self.start_url,
            region=self.region,
            accessToken=self.access_token,
            expiresAt=format_time(self.expires_at),
        )
        for key in ("clientId", "clientSecret", "registrationExpiresAt", "refreshToken"):
            out.pop(key, None)
        if self.client_id and self.client_secret:
            out["clientId"] = self.client_id
            out["clientSecret"] = self.client_secret
            if self.registration_expires_at is not None:
                out["registrationExpiresAt"] = format_time(self.registration_expires_at)
        if self.refresh_token:
            out["refreshToken"] = self.refresh_token
        return out

    @classmethod
    def from_json(cls, data: object) -> CachedToken | None:
        """The token in a cache document; None when it lacks what a token needs."""
        if not isinstance(data, dict):
            return None
        access, expires = data.get("accessToken"), parse_time(data.get("expiresAt"))
        start_url, region = data.get("startUrl"), data.get("region")
        if not isinstance(access, str) or not access or expires is None:
            return None

        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) and value else None

        known = {"startUrl", "region", "accessToken", "expiresAt"}
        known |= {"clientId", "clientSecret", "registrationExpiresAt", "refreshToken"}
        return cls(
            start_url=start_url if isinstance(start_url, str) else "",
            region=region if isinstance(region, str) else "",
            access_token=access,
            expires_at=expires,
            client_id=text("clientId"),
            client_secret=text("clientSecret"),
            registration_expires_at=parse_time(data.get("registrationExpiresAt")),
            refresh_token=text("refreshToken"),
            extra={k: v for k, v in data.items() if k not in known},
        )

    def with_tokens(self, access: str, expires_at: float, refresh: str | None) -> CachedToken:
        """The same sign-in with new tokens (a refresh that gives no new refresh token keeps
        the old one)."""
        return replace(
            self,
            access_token=access,
            expires_at=expires_at,
            refresh_token=refresh or self.refresh_token,
        )


@dataclass(frozen=True)
class Registration:
    """A RegisterClient answer: the public client's id, secret and expiry."""

    client_id: str
    client_secret: str = field(repr=False)
    expires_at: float

    def __post_init__(self) -> None:
        # Masked in the log by value, whatever their shape.
        logs.mask_value(self.client_secret)


class TokenCache:
    """The cache folder (``~/.aws/sso/cache`` unless given; the demo uses its own)."""

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory

    @property
    def directory(self) -> Path:
        """The folder the files live in."""
        return self._directory or default_dir()

    def path(self, key: str) -> Path:
        """The token file for a session name or start URL."""
        return self.directory / file_name(key)

    def load(self, key: str) -> CachedToken | None:
        """The cached token, or None (no file, unreadable, not a token)."""
        return CachedToken.from_json(self._read(self.path(key)))

    def save(self, key: str, token: CachedToken) -> Path:
        """Write the token atomically, 0600 in a 0700 folder; returns the file."""
        path = self.path(key)
        self._write(path, token.to_json())
        return path

    def remove(self, key: str) -> bool:
        """Delete the token file; True when there was one."""
        try:
            self.path(key).unlink()
        except FileNotFoundError:
            return False
        return True

    def load_registration(self, key: str) -> Registration | None:
        """A cached client registration (legacy profiles keep it in its own file)."""
        data = self._read(self.directory / file_name(key))
        if not isinstance(data, dict):
            return None
        client_id, secret = data.get("clientId"), data.get("clientSecret")
        expires = parse_time(data.get("expiresAt"))
        if not isinstance(client_id, str) or not isinstance(secret, str) or expires is None:
            return None
        return Registration(client_id, secret, expires)

    def save_registration(
        self, key: str, registration: Registration, scopes: tuple[str, ...]
    ) -> None:
        """Keep a client registration until it expires."""
        document: dict[str, Any] = {
            "clientId": registration.client_id,
            "clientSecret": registration.client_secret,
            "expiresAt": format_time(registration.expires_at),
        }
        if scopes:
            document["scopes"] = list(scopes)
        self._write(self.directory / file_name(key), document)

    @staticmethod
    def _read(path: Path) -> object:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write(self, path: Path, document: dict[str, Any]) -> None:
        folder = path.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if stat.S_IMODE(folder.stat().st_mode) != 0o700 and os.name != "nt":
            os.chmod(folder, 0o700)
        with contextlib.suppress(FileNotFoundError):
            if stat.S_IMODE(path.stat().st_mode) != 0o600:
                os.chmod(path, 0o600)  # write_atomic keeps an existing file's mode
        write_atomic(path, json.dumps(document, indent=2).encode("utf-8"))
