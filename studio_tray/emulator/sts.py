"""STS's query protocol (form-encoded POST, XML answers): GetCallerIdentity and AssumeRole."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from studio_tray import api_rules
from studio_tray.emulator.context import Call
from studio_tray.emulator.errors import ApiError

NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"
MFA_FAILED = "MultiFactorAuthentication failed with invalid MFA one time pass code. "
_SESSION_NAME_RE = re.compile(r"[\w+=,.@-]{2,64}")
_SERIAL_RE = re.compile(r"[\w+=/:,.@-]{9,256}")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _document(action: str, result: str, request_id: str) -> str:
    return (
        f'<{action}Response xmlns="{NAMESPACE}"><{action}Result>{result}</{action}Result>'
        f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>"
        f"</{action}Response>"
    )


def get_caller_identity(call: Call, params: Mapping[str, str]) -> str:
    """Account, Arn and UserId of whoever signed the request."""
    who = call.identity
    return (
        f"<Arn>{_xml(who.arn)}</Arn><UserId>{_xml(who.user_id)}</UserId>"
        f"<Account>{call.state.account_id}</Account>"
    )


def _validation(problems: list[str]) -> None:
    if problems:
        noun = "error" if len(problems) == 1 else "errors"
        raise ApiError(
            "ValidationError", f"{len(problems)} validation {noun} detected: " + "; ".join(problems)
        )


def _check_assume_params(params: Mapping[str, str]) -> int:
    """Validate AssumeRole's parameters; return DurationSeconds."""
    problems = []
    for name, field in (("RoleArn", "roleArn"), ("RoleSessionName", "roleSessionName")):
        if not params.get(name):
            problems.append(
                f"Value null at '{field}' failed to satisfy constraint: Member must not be null"
            )
    session = params.get("RoleSessionName")
    if session and not _SESSION_NAME_RE.fullmatch(session):
        problems.append(
            f"Value '{session}' at 'roleSessionName' failed to satisfy constraint: "
            r"Member must satisfy regular expression pattern: [\w+=,.@-]*"
        )
    serial = params.get("SerialNumber")
    if serial is not None and not _SERIAL_RE.fullmatch(serial):
        problems.append(
            f"Value '{serial}' at 'serialNumber' failed to satisfy constraint: "
            r"Member must satisfy regular expression pattern: [\w+=/:,.@-]*"
        )
    code = params.get("TokenCode")
    if code is not None and api_rules.check_mfa_code(code):
        problems.append(
            "Value at 'tokenCode' failed to satisfy constraint: "
            "Member must have length 6 and contain only digits"
        )
    raw = params.get("DurationSeconds", "3600")
    duration = int(raw) if raw.isdigit() else -1
    if not 900 <= duration <= 43200:
        problems.append(
            f"Value '{raw}' at 'durationSeconds' failed to satisfy constraint: "
            "Member must have value between 900 and 43200"
        )
    _validation(problems)
    return duration


def assume_role(call: Call, params: Mapping[str, str]) -> str:
    """Temporary credentials for a registered role; MFA checked when the role demands it."""
    duration = _check_assume_params(params)
    arn = params["RoleArn"]
    denied = ApiError(
        "AccessDenied",
        f"User: {call.identity.arn} is not authorized to perform: sts:AssumeRole on resource: "
        f"{arn}",
        403,
    )
    with call.state.lock:
        role = call.state.roles.get(arn)
        expected_code = (
            call.state.mfa_codes.get(role.mfa_serial) if role and role.mfa_serial else None
        )
    if role is None:
        raise denied
    if role.mfa_serial:
        serial, code = params.get("SerialNumber"), params.get("TokenCode")
        if serial != role.mfa_serial or not code:
            raise denied
        if code != expected_code:
            raise ApiError("AccessDenied", MFA_FAILED, 403)
    if duration > role.max_session_seconds:
        raise ApiError(
            "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
        )
    session = call.state.issue_session(role, params["RoleSessionName"], duration, call.now)
    assert session.expires_at is not None and session.session_token is not None
    expires = datetime.fromtimestamp(session.expires_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assumed_id = session.user_id
    return (
        f"<AssumedRoleUser><Arn>{_xml(session.arn)}</Arn>"
        f"<AssumedRoleId>{_xml(assumed_id)}</AssumedRoleId></AssumedRoleUser>"
        f"<Credentials><AccessKeyId>{session.access_key_id}</AccessKeyId>"
        f"<SecretAccessKey>{session.secret}</SecretAccessKey>"
        f"<SessionToken>{session.session_token}</SessionToken>"
        f"<Expiration>{expires}</Expiration></Credentials>"
        "<PackedPolicySize>0</PackedPolicySize>"
    )


OPERATIONS: dict[str, Callable[[Call, Mapping[str, str]], str]] = {
    "GetCallerIdentity": get_caller_identity,
    "AssumeRole": assume_role,
}


def respond(action: str, result: str, request_id: str) -> bytes:
    """The full XML answer of a successful action."""
    return _document(action, result, request_id).encode()
