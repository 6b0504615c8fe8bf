"""STS calls for profiles: GetCallerIdentity and AssumeRole, with errors a person can act on.

Which STS endpoint: botocore's regional default (``sts.REGION.amazonaws.com``), except when the
profile's ``endpoint_url`` is a loopback address. Then it is the local emulator, which serves STS
and SageMaker on one port. A real ``endpoint_url`` (a SageMaker VPC endpoint) is SageMaker-only,
so STS goes to the regional endpoint; set ``AWS_ENDPOINT_URL_STS`` when STS must go elsewhere too
(botocore honours it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from studio_tray.aws import errors as aws_errors
from studio_tray.aws.urls import is_loopback_host
from studio_tray.errors import CredentialError, StudioTrayError
from studio_tray.model import Profile

if TYPE_CHECKING:
    from studio_tray.aws.session import Session

DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True)
class Identity:
    """Who a profile's credentials belong to (GetCallerIdentity)."""

    account: str
    arn: str


def sts_endpoint(profile: Profile) -> str | None:
    """The STS endpoint for ``profile``: its ``endpoint_url`` when loopback, else None (AWS's)."""
    url = profile.endpoint_url
    if url and is_loopback_host(urlsplit(url).hostname):
        return url
    return None


def sts_host(profile: Profile, region: str) -> str:
    """The STS host ``profile`` talks to, for messages."""
    endpoint = sts_endpoint(profile)
    return urlsplit(endpoint).netloc if endpoint else f"sts.{region}.amazonaws.com"


def client(session: Session, profile: Profile) -> Any:
    """An STS client for ``profile`` (short timeouts, standard retries)."""
    from studio_tray.aws.clients import client_config

    config = client_config()
    region = profile.region or session.region_name or DEFAULT_REGION
    return session.client(
        "sts", region_name=region, endpoint_url=sts_endpoint(profile), config=config
    )


def caller_identity(session: Session, profile: Profile) -> Identity:
    """Account and ARN of ``session``'s credentials; ``CredentialError`` when AWS says no."""
    sts = client(session, profile)
    try:
        answer = sts.get_caller_identity()
    except Exception as exc:
        raise error_for(exc, profile, "GetCallerIdentity", sts.meta.region_name) from None
    return Identity(str(answer.get("Account", "")), str(answer.get("Arn", "")))


def error_for(exc: BaseException, profile: Profile, op: str, region: str) -> StudioTrayError:
    """The user-facing error for an STS failure (never includes keys or tokens).

    AssumeRole's refusals get their own words (MFA code, trust policy); everything else goes
    through the one mapping in :mod:`studio_tray.aws.errors`, as a credential error."""
    import botocore.exceptions as bx

    if isinstance(exc, StudioTrayError):
        return exc
    if isinstance(exc, bx.ClientError) and op == "AssumeRole":
        error = exc.response.get("Error", {})
        code = str(error.get("Code") or "")
        message = str(error.get("Message") or "")
        if code in aws_errors.ACCESS_DENIED_CODES:
            if "MultiFactorAuthentication" in message or "MFA" in message:
                return CredentialError(
                    f"AWS refused the MFA code for profile {profile.name} (wrong or expired)",
                    hint="wait for the next code and try again; check mfa_serial "
                    f"{profile.mfa_serial}",
                )
            return CredentialError(
                f"profile {profile.name} may not assume role {profile.role_arn} ({code})",
                hint="check role_arn and the role's trust policy; if the role requires MFA, "
                "set mfa_serial (`studio-tray profile add "
                f"{profile.name} --role-arn ... --mfa-serial ...`)",
            )
    target = f"role {profile.role_arn}" if op == "AssumeRole" else "its own identity"
    action = aws_errors.Action(
        f"sts:{op}",
        target,
        profile,
        error=CredentialError,
        host=sts_host(profile, region),
    )
    mapped = aws_errors.from_exception(exc, action, region)
    if mapped is not None:
        return mapped
    return CredentialError(f"STS {op} failed for profile {profile.name} ({type(exc).__name__})")
