"""Turn botocore's exceptions into messages a person can act on.

Only the service's error code and our own words go into the text: never the request, the
response body or anything botocore put in ``str(exc)``, which for some errors echoes input.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from studio_tray.errors import CredentialError, LaunchError, StudioTrayError
from studio_tray.model import Profile

REJECTED_KEY_CODES = frozenset(
    {
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "IncompleteSignature",
        "InvalidAccessKeyId",
        "AuthFailure",
    }
)
EXPIRED_CODES = frozenset({"ExpiredToken", "ExpiredTokenException", "RequestExpired"})
ACCESS_DENIED_CODES = frozenset({"AccessDenied", "AccessDeniedException"})
THROTTLE_CODES = frozenset(
    {"ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"}
)


@dataclass(frozen=True)
class Action:
    """What was being done, for the message: the permission and the resource in words."""

    permission: str
    target: str
    profile: Profile
    # What a failure is to the user: the launcher's calls fail a launch, STS calls fail the
    # credentials; ``host`` names the endpoint in network messages (default: SageMaker's).
    error: type[StudioTrayError] = LaunchError
    host: str | None = None
    # The fix for "not found" where `discover` cannot help (the demo's profile is in no config).
    not_found_hint: str | None = None


def fix_credentials(profile: Profile) -> str:
    """The command that gives ``profile`` working credentials again."""
    if profile.aws_profile:
        return (
            f"run `aws sso login --profile {profile.aws_profile}` or fix AWS profile "
            f"{profile.aws_profile!r} in ~/.aws"
        )
    return f"run `studio-tray profile add {profile.name}`"


def endpoint_host(profile: Profile, region: str, service: str = "sagemaker") -> str:
    """The host a profile talks to, for messages (never a presigned URL)."""
    if profile.endpoint_url:
        return urlsplit(profile.endpoint_url).netloc or profile.endpoint_url
    return f"{service}.{region}.amazonaws.com"


def from_client_error(code: str, message: str, action: Action) -> StudioTrayError:
    """The error for an AWS error ``code`` (``message`` is the service's own text)."""
    profile = action.profile
    if code in {"ResourceNotFound", "ResourceNotFoundException", "ValidationException"} and (
        "not found" in message.lower() or code.startswith("ResourceNotFound")
    ):
        return action.error(
            f"{action.target}: not found ({_clean(message)})",
            hint=action.not_found_hint
            or "check domain_id, user_profile and space in the config, or run "
            f"`studio-tray discover --profile {profile.name}`",
        )
    if code in REJECTED_KEY_CODES:
        return CredentialError(
            f"the keys of profile {profile.name} were rejected by AWS ({code})",
            hint=fix_credentials(profile),
        )
    if code in EXPIRED_CODES:
        return CredentialError(
            f"the credentials of profile {profile.name} have expired", hint=fix_credentials(profile)
        )
    if code in ACCESS_DENIED_CODES:
        return action.error(
            f"profile {profile.name} may not call {action.permission} for {action.target}",
            hint=f"ask your AWS administrator to allow {action.permission}",
        )
    if code in THROTTLE_CODES:
        return action.error("AWS is throttling requests", hint="try again in a few seconds")
    if code == "ValidationException":
        return action.error(f"SageMaker refused {action.target}: {_clean(message)}")
    return action.error(f"{action.permission} failed for {action.target}: {code}")


def from_exception(exc: BaseException, action: Action, region: str) -> StudioTrayError | None:
    """The error for a botocore exception, or None when it is not one we know."""
    import botocore.exceptions as bx
    from botocore.parsers import ResponseParserError

    host = action.host or endpoint_host(action.profile, region)
    profile = action.profile
    if isinstance(exc, bx.ClientError):
        err = exc.response.get("Error", {})
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        code = str(err.get("Code") or "")
        if not code or (status >= 500 and code not in THROTTLE_CODES):
            return action.error(
                f"AWS had a server error ({code or status}) for {action.target}",
                hint="try again in a moment",
            )
        return from_client_error(code, str(err.get("Message") or ""), action)
    if isinstance(exc, bx.ConnectTimeoutError | bx.ReadTimeoutError):
        return action.error(f"timed out waiting for {host}", hint="check your network or VPN")
    if isinstance(exc, bx.ConnectionClosedError):
        return action.error(f"the connection to {host} was dropped", hint="try again in a moment")
    if isinstance(exc, bx.EndpointConnectionError | bx.ProxyConnectionError):
        return action.error(f"cannot reach {host}", hint="check your network, VPN or proxy")
    if isinstance(exc, bx.SSLError):
        return action.error(f"TLS connection to {host} failed", hint="check proxy/CA settings")
    if isinstance(exc, bx.HTTPClientError):
        return action.error(f"the connection to {host} failed", hint="try again in a moment")
    if isinstance(exc, ResponseParserError):
        return action.error(f"the answer from {host} could not be read (malformed response)")
    if isinstance(exc, bx.NoCredentialsError | bx.PartialCredentialsError):
        return CredentialError(
            f"no credentials found for profile {profile.name}", hint=fix_credentials(profile)
        )
    if isinstance(exc, bx.SSOError | bx.TokenRetrievalError | bx.CredentialRetrievalError):
        return CredentialError(
            f"the credentials of profile {profile.name} could not be loaded ({type(exc).__name__})",
            hint=fix_credentials(profile),
        )
    if isinstance(exc, bx.NoRegionError):
        return action.error(
            f"profile {profile.name} has no region",
            hint='add region = "us-east-1" (or yours) to the profile',
        )
    if isinstance(exc, bx.ParamValidationError):
        return action.error(f"invalid request for {action.target}: {exc}")
    return None


def _clean(message: str) -> str:
    """The service's message on one line, shortened."""
    one_line = " ".join(message.split())
    return one_line if len(one_line) <= 200 else one_line[:197] + "..."
