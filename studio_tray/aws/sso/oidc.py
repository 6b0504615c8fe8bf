"""sso-oidc: RegisterClient, the device authorization flow and the refresh grant.

``poll`` asks CreateToken at the interval StartDeviceAuthorization returned, adds 5 s on each
``slow_down`` (RFC 8628 3.5) and ends when the user approved (the tokens), denied
(``SignInDenied``), the code expired (``SignInExpired``) or ``should_cancel()`` said so
(``SignInCancelled``). No token, secret or device code goes into a message or a log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from studio_tray import logs
from studio_tray.aws import errors as aws_errors
from studio_tray.aws.sso.cache import Registration
from studio_tray.aws.sso.clients import host_of
from studio_tray.errors import CredentialError
from studio_tray.model import Profile

log = logging.getLogger(__name__)

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
REFRESH_GRANT = "refresh_token"
SLOW_DOWN_STEP = 5
TICK = 0.2  # how often a wait looks at should_cancel


class SignInDenied(CredentialError):
    """The user denied the sign-in on the verification page."""


class SignInExpired(CredentialError):
    """The code was not approved in time."""


class SignInCancelled(CredentialError):
    """The sign-in was given up (the tray quit, the user cancelled)."""


@dataclass(frozen=True)
class DeviceCode:
    """StartDeviceAuthorization's answer: what to show the user and what to poll with."""

    user_code: str
    verification_uri: str
    verification_uri_complete: str
    expires_at: float
    interval: int
    device_code: str = field(repr=False)


@dataclass(frozen=True)
class Tokens:
    """CreateToken's answer."""

    access_token: str = field(repr=False)
    expires_at: float
    refresh_token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # Masked in the log by value, whatever their shape.
        logs.mask_value(self.access_token, self.refresh_token)


def error_code(exc: BaseException) -> str:
    """The service's error code of a botocore ClientError ("" for anything else)."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code") or "")
    return ""


def failure(exc: BaseException, client: Any, profile: str, op: str) -> CredentialError:
    """A failed Identity Center call in words (never the request or the answer's body)."""
    if isinstance(exc, CredentialError):
        return exc
    action = aws_errors.Action(
        f"{op}", "IAM Identity Center sign-in", Profile(profile), CredentialError, host_of(client)
    )
    region = str(client.meta.region_name)
    mapped = aws_errors.from_exception(exc, action, region)
    if isinstance(mapped, CredentialError):
        return mapped
    why = error_code(exc) or type(exc).__name__
    return CredentialError(f"IAM Identity Center {op} failed for profile {profile} ({why})")


def register(client: Any, name: str, scopes: tuple[str, ...], profile: str) -> Registration:
    """A new public client registration."""
    params: dict[str, Any] = {"clientName": name, "clientType": "public"}
    if scopes:
        params["scopes"] = list(scopes)
    try:
        answer = client.register_client(**params)
    except Exception as exc:
        raise failure(exc, client, profile, "sso-oidc:RegisterClient") from None
    return Registration(
        str(answer["clientId"]), str(answer["clientSecret"]), float(answer["clientSecretExpiresAt"])
    )


def start(
    client: Any, registration: Registration, start_url: str, profile: str, now: float
) -> DeviceCode:
    """A device code and the user code to approve at the verification URL."""
    try:
        answer = client.start_device_authorization(
            clientId=registration.client_id,
            clientSecret=registration.client_secret,
            startUrl=start_url,
        )
    except Exception as exc:
        raise failure(exc, client, profile, "sso-oidc:StartDeviceAuthorization") from None
    uri = str(answer.get("verificationUri") or "")
    return DeviceCode(
        user_code=str(answer.get("userCode") or ""),
        verification_uri=uri,
        verification_uri_complete=str(answer.get("verificationUriComplete") or uri),
        expires_at=now + int(answer.get("expiresIn") or 600),
        interval=max(1, int(answer.get("interval") or 5)),
        device_code=str(answer["deviceCode"]),
    )


def _tokens(answer: dict[str, Any], now: float) -> Tokens:
    refresh = answer.get("refreshToken")
    return Tokens(
        str(answer["accessToken"]),
        now + int(answer.get("expiresIn") or 0),
        str(refresh) if refresh else None,
    )


def poll(
    client: Any,
    registration: Registration,
    device: DeviceCode,
    profile: str,
    *,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
    should_cancel: Callable[[], bool] = lambda: False,
) -> Tokens:
    """CreateToken with the device code until approved, denied, expired or cancelled."""
    interval = float(device.interval)
    while True:
        if should_cancel():
            raise SignInCancelled(f"the sign-in of profile {profile} was cancelled")
        if clock() >= device.expires_at:
            raise _expired(profile)
        try:
            answer = client.create_token(
                grantType=DEVICE_GRANT,
                clientId=registration.client_id,
                clientSecret=registration.client_secret,
                deviceCode=device.device_code,
            )
            return _tokens(answer, clock())
        except Exception as exc:
            code = error_code(exc)
            if code == "SlowDownException":
                interval += SLOW_DOWN_STEP
                log.info("sign-in of %s: slow_down, polling every %.0f s", profile, interval)
            elif code == "AuthorizationPendingException":
                pass
            elif code == "AccessDeniedException":
                raise SignInDenied(
                    f"the sign-in of profile {profile} was denied",
                    hint=f"run `studio-tray login {profile}` and approve the request",
                ) from None
            elif code == "ExpiredTokenException":
                raise _expired(profile) from None
            else:
                raise failure(exc, client, profile, "sso-oidc:CreateToken") from None
        _wait(interval, sleep, should_cancel)


def _expired(profile: str) -> SignInExpired:
    return SignInExpired(
        f"the sign-in code of profile {profile} expired before it was approved",
        hint=f"run `studio-tray login {profile}` again and approve it in time",
    )


def _wait(
    seconds: float, sleep: Callable[[float], None], should_cancel: Callable[[], bool]
) -> None:
    left = seconds
    while left > 0 and not should_cancel():
        step = min(TICK, left)
        sleep(step)
        left -= step


def refresh(
    client: Any, registration: Registration, refresh_token: str, profile: str, now: float
) -> Tokens:
    """New tokens for a refresh token (no browser)."""
    try:
        answer = client.create_token(
            grantType=REFRESH_GRANT,
            clientId=registration.client_id,
            clientSecret=registration.client_secret,
            refreshToken=refresh_token,
        )
    except Exception as exc:
        raise failure(exc, client, profile, "sso-oidc:CreateToken") from None
    return _tokens(answer, now)
