"""The app's data: frozen dataclasses the config loads into and every other module reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from studio_tray.api_rules import DEFAULT_EXPIRES_IN as DEFAULT_EXPIRES_IN  # re-exported

DEFAULT_SESSION_DURATION = 43200
DEFAULT_PICKER_HOTKEY = "<ctrl>+<alt>+s"
DEFAULT_SPACE_START_MINUTES = 20
DEFAULT_REMIND_RUNNING_HOURS = 4
DEFAULT_STATUS_REFRESH_MINUTES = 5


@dataclass(frozen=True)
class Settings:
    """``[settings]``: durations of each fresh URL, browser command, picker hotkey, how long a
    space may take to start, when to remind of a running space, how often to re-read spaces."""

    expires_in: int = DEFAULT_EXPIRES_IN
    session_duration: int = DEFAULT_SESSION_DURATION
    browser: str = ""
    picker_hotkey: str = DEFAULT_PICKER_HOTKEY
    # How long opening (or `start`) waits for a space's app to be InService.
    space_start_minutes: int = DEFAULT_SPACE_START_MINUTES
    # A notification once a space has run this long (0: never).
    remind_running_hours: int = DEFAULT_REMIND_RUNNING_HOURS
    # How often the tray re-reads the statuses while a space runs (0: only on demand).
    status_refresh_minutes: int = DEFAULT_STATUS_REFRESH_MINUTES


@dataclass(frozen=True)
class Profile:
    """``[profiles.NAME]``: where a profile's credentials come from and where it connects."""

    name: str
    region: str | None = None
    role_arn: str | None = None
    mfa_serial: str | None = None
    endpoint_url: str | None = None
    aws_profile: str | None = None
    allow_insecure_endpoint: bool | None = None  # plain http to a non-loopback endpoint_url
    # IAM Identity Center: sign in at sso_start_url, then sso GetRoleCredentials for the role.
    sso_start_url: str | None = None
    sso_region: str | None = None
    sso_account_id: str | None = None
    sso_role_name: str | None = None
    sso_session: str | None = None

    @property
    def is_sso(self) -> bool:
        """Whether this profile signs in through IAM Identity Center itself (not ~/.aws)."""
        return self.sso_start_url is not None


@dataclass(frozen=True)
class Shortcut:
    """``[[shortcuts]]``: one menu entry that opens one Studio domain / user profile / space."""

    name: str
    profile: str
    domain_id: str
    user_profile: str
    space: str | None = None
    landing_uri: str | None = None
    group: str | None = None
    hotkey: str | None = None
    browser: str | None = None
    # An Identity Center (SSO auth mode) domain: open its own Studio URL, never a presigned one;
    # ``user_profile`` is then "" (the signed-in Identity Center user decides it).
    studio_url: str | None = None


def _empty_profiles() -> Mapping[str, Profile]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Config:
    """A whole, validated config file."""

    path: Path
    settings: Settings = field(default_factory=Settings)
    profiles: Mapping[str, Profile] = field(default_factory=_empty_profiles)
    shortcuts: tuple[Shortcut, ...] = ()

    def shortcut(self, name: str) -> Shortcut | None:
        """The shortcut called ``name``, or None."""
        return next((s for s in self.shortcuts if s.name == name), None)
