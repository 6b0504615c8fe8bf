"""Where a profile signs in: one ``SsoSource`` for a studio-tray profile with ``sso_*`` keys
or for an ``aws_profile`` whose ``~/.aws/config`` profile uses ``sso_session`` (or the legacy
``sso_start_url`` keys). Everything after this works from the ``SsoSource`` alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from studio_tray.errors import CredentialError
from studio_tray.model import Profile

ACCOUNT_ACCESS_SCOPE = "sso:account:access"


@dataclass(frozen=True)
class SsoSource:
    """One sign-in: ``profile`` (the studio-tray profile, for messages), the start URL and
    region, the account and role to get credentials for, and the session name when the
    sign-in is an ``sso-session`` (refreshable, cached under the session's name)."""

    profile: str
    start_url: str
    region: str
    account_id: str | None = None
    role_name: str | None = None
    session_name: str | None = None
    scopes: tuple[str, ...] = ()
    default_region: str | None = None  # the ~/.aws/config profile's region, if any

    @property
    def cache_key(self) -> str:
        """What the token cache file is named after: the session name, else the start URL."""
        return self.session_name or self.start_url

    @property
    def label(self) -> str:
        """The sign-in's name for people: the profile (and its session when it has one)."""
        if self.session_name:
            return f"{self.profile} (session {self.session_name})"
        return self.profile


def from_profile(profile: Profile, aws_config: dict[str, Any] | None = None) -> SsoSource | None:
    """The sign-in ``profile`` uses, or None when it does not use IAM Identity Center.

    ``aws_config`` is botocore's ``full_config`` (read from ``~/.aws/config`` when None and
    the profile has an ``aws_profile``)."""
    if profile.sso_start_url and profile.sso_region:
        session = profile.sso_session
        return SsoSource(
            profile=profile.name,
            start_url=profile.sso_start_url,
            region=profile.sso_region,
            account_id=profile.sso_account_id,
            role_name=profile.sso_role_name,
            session_name=session,
            scopes=(ACCOUNT_ACCESS_SCOPE,) if session else (),
        )
    if not profile.aws_profile:
        return None
    config = aws_config if aws_config is not None else read_aws_config()
    section = config.get("profiles", {}).get(profile.aws_profile)
    if not isinstance(section, dict):
        return None
    return _from_aws_profile(profile, section, config.get("sso_sessions", {}))


def _from_aws_profile(
    profile: Profile, section: dict[str, Any], sessions: dict[str, Any]
) -> SsoSource | None:
    where = f"~/.aws/config profile {profile.aws_profile!r}"

    def make(
        start_url: str, region: str, session: str | None, scopes: tuple[str, ...]
    ) -> SsoSource:
        return SsoSource(
            profile=profile.name,
            start_url=start_url,
            region=region,
            account_id=section.get("sso_account_id"),
            role_name=section.get("sso_role_name"),
            session_name=session,
            scopes=scopes,
            default_region=section.get("region"),
        )

    name = section.get("sso_session")
    if name:
        found = sessions.get(name)
        if not isinstance(found, dict) or not found.get("sso_start_url"):
            raise CredentialError(
                f"{where} uses sso_session {name!r}, which ~/.aws/config does not define",
                hint=f"add [sso-session {name}] with sso_start_url and sso_region",
            )
        if not found.get("sso_region"):
            raise CredentialError(f"[sso-session {name}] in ~/.aws/config has no sso_region")
        raw = str(found.get("sso_registration_scopes") or ACCOUNT_ACCESS_SCOPE)
        scopes = tuple(s.strip() for s in raw.split(",") if s.strip())
        return make(str(found["sso_start_url"]), str(found["sso_region"]), str(name), scopes)
    if section.get("sso_start_url"):
        if not section.get("sso_region"):
            raise CredentialError(f"{where} has sso_start_url but no sso_region")
        return make(str(section["sso_start_url"]), str(section["sso_region"]), None, ())
    return None


def read_aws_config() -> dict[str, Any]:
    """botocore's view of ``~/.aws/config`` (``AWS_CONFIG_FILE`` honoured); {} when absent.

    Read with botocore's own config loader (what a session's ``full_config`` uses) rather than
    a whole botocore session, whose event handlers cost a cold start about 20 ms.
    """
    import botocore.configloader
    import botocore.exceptions

    path = os.environ.get("AWS_CONFIG_FILE") or "~/.aws/config"
    try:
        return dict(botocore.configloader.load_config(path))
    except botocore.exceptions.ConfigNotFound:
        return {}
    except botocore.exceptions.BotoCoreError:
        raise CredentialError(
            "~/.aws/config cannot be read", hint="fix the file (see `aws configure list`)"
        ) from None
