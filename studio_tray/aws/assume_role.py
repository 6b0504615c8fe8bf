"""AssumeRole for profiles with ``role_arn``, asking for an MFA code when ``mfa_serial`` is set.

The temporary credentials stay in memory only (the ``SessionProvider`` caches them and asks for
new ones shortly before they expire). The MFA asker is injected: a terminal prompt for the CLI,
a dialog in its own process for the tray.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from studio_tray import api_rules, logs
from studio_tray.aws import sts
from studio_tray.errors import CredentialError
from studio_tray.model import Profile

if TYPE_CHECKING:
    from studio_tray.aws.session import Session

MfaAsker = Callable[[Profile], "str | None"]
"""Asks the user for the current MFA code of ``profile.mfa_serial``; None when cancelled."""

DURATION_SECONDS = 3600
_SESSION_NAME_BAD = re.compile(r"[^\w+=,.@-]")


@dataclass(frozen=True)
class TemporaryCredentials:
    """Keys from AssumeRole. ``repr`` leaves the secret and token out."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str = field(repr=False)
    expiration: datetime

    def __post_init__(self) -> None:
        # Masked in the log by value, whatever their shape.
        logs.mask_value(self.secret_access_key, self.session_token)


def session_name(profile: Profile) -> str:
    """The RoleSessionName: ``studio-tray-<profile>``, cut to STS's 64 allowed characters."""
    return _SESSION_NAME_BAD.sub("-", f"studio-tray-{profile.name}")[:64]


def mfa_code(profile: Profile, ask: MfaAsker | None) -> str:
    """The MFA code for ``profile``, from ``ask``; ``CredentialError`` when there is none."""
    if ask is None:
        raise CredentialError(
            f"profile {profile.name} needs an MFA code, and there is no way to ask for it here",
            hint="run the command in a terminal, or use the tray",
        )
    code = ask(profile)
    if code is None or not code.strip():
        raise CredentialError(
            f"no MFA code was entered for profile {profile.name}",
            hint="try again and enter the 6-digit code from your MFA device",
        )
    code = code.strip()
    if api_rules.check_mfa_code(code):
        raise CredentialError(
            f"the MFA code for profile {profile.name} must be exactly 6 digits (0-9)",
            hint="enter the code your MFA device shows now",
        )
    return code


def assume(
    base: Session,
    profile: Profile,
    ask: MfaAsker | None = None,
    duration: int = DURATION_SECONDS,
) -> TemporaryCredentials:
    """Assume ``profile.role_arn`` with ``base``'s credentials (asking for MFA when needed)."""
    if not profile.role_arn:
        raise ValueError(f"profile {profile.name} has no role_arn")
    params: dict[str, object] = {
        "RoleArn": profile.role_arn,
        "RoleSessionName": session_name(profile),
        "DurationSeconds": duration,
    }
    if profile.mfa_serial:
        params["SerialNumber"] = profile.mfa_serial
        params["TokenCode"] = mfa_code(profile, ask)
    client = sts.client(base, profile)
    try:
        answer = client.assume_role(**params)
    except Exception as exc:
        raise sts.error_for(exc, profile, "AssumeRole", client.meta.region_name) from None
    creds = answer["Credentials"]
    return TemporaryCredentials(
        creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"], creds["Expiration"]
    )
