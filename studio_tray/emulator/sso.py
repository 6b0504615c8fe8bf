"""IAM Identity Center on the emulator's host:port: the sso-oidc device flow, the sso portal
API and a device-approval page, all routed by path as botocore sends them (rest-json, unsigned):

==========================  ====================================================
``POST /client/register``   sso-oidc RegisterClient
``POST /device_authorization``  sso-oidc StartDeviceAuthorization
``POST /token``             sso-oidc CreateToken (device_code and refresh_token grants)
``GET /federation/credentials?role_name=&account_id=``  sso GetRoleCredentials
``GET /assignment/accounts``  sso ListAccounts (``max_result``, ``next_token``)
``GET /assignment/roles?account_id=``  sso ListAccountRoles
``POST /logout``            sso Logout
``GET /sso/verify``         the approval page (``?user_code=BCDF-GHJK``)
``POST /sso/verify``        approve or deny: form ``user_code=...&action=approve|deny``
==========================  ====================================================

The portal calls take the ``x-amz-sso_bearer_token`` header. With
``AWS_ENDPOINT_URL_SSO`` and ``AWS_ENDPOINT_URL_SSO_OIDC`` set to ``Emulator.url``, botocore's
own SSO credential and token providers work against it. ``GET /sso/verify?user_code=X&approve=1``
(or ``&deny=1``) decides in one request, for scripts.

Errors come in the services' shapes: sso-oidc answers ``{"error": "authorization_pending",
"error_description": "..."}`` with ``x-amzn-ErrorType: AuthorizationPendingException:...``,
the portal ``{"message": "..."}`` (401 UnauthorizedException, 403 ForbiddenException "No
access"). No token, refresh token, client secret or device code is logged, recorded or echoed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote

from studio_tray.emulator import paging
from studio_tray.emulator.errors import ApiError
from studio_tray.emulator.server import HttpRequest, HttpResponse
from studio_tray.emulator.sso_state import Client, OAuthProblem, Session
from studio_tray.emulator.state import RequestRecord

if TYPE_CHECKING:
    from studio_tray.emulator.host import Host

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
REFRESH_GRANT = "refresh_token"
BEARER_HEADER = "x-amz-sso_bearer_token"
VERIFY_PATH = "/sso/verify"
SECRET_PARAMS = frozenset(
    {"clientSecret", "refreshToken", "deviceCode", "codeVerifier", "code", "accessToken"}
)
_OIDC_NS = "http://internal.amazon.com/coral/com.amazonaws.sso.oidc/"
_PORTAL_NS = "http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/"
UNAUTHORIZED = "Session token not found or invalid"
JSON = "application/json"

Params = Mapping[str, Any]
Answer = dict[str, Any] | None


def _record_params(params: Params) -> dict[str, object]:
    return {k: ("***" if k in SECRET_PARAMS else v) for k, v in params.items()}


def _text(params: Params, name: str, problems: list[str]) -> str:
    value = params.get(name)
    if not isinstance(value, str) or not value:
        problems.append(name)
        return ""
    return value


def _require(params: Params, *names: str) -> list[str]:
    problems: list[str] = []
    values = [_text(params, name, problems) for name in names]
    if problems:
        raise OAuthProblem(
            "InvalidRequestException",
            "invalid_request",
            "Missing or invalid parameter: " + ", ".join(problems),
        )
    return values


def _client(emu: Host, params: Params) -> Client:
    client_id, secret = _require(params, "clientId", "clientSecret")
    return emu.sso.check_client(client_id, secret, emu.now())


# -- sso-oidc ---------------------------------------------------------------------------------
def register_client(emu: Host, req: HttpRequest, params: Params) -> Answer:
    """A public client registration (clientId, clientSecret, issue and expiry times)."""
    name, kind = _require(params, "clientName", "clientType")
    if kind != "public":
        raise OAuthProblem(
            "InvalidClientMetadataException", "invalid_client_metadata", "Invalid client type"
        )
    scopes = params.get("scopes") or []
    if not isinstance(scopes, list) or not all(
        isinstance(s, str) and s and not any(c.isspace() for c in s) for s in scopes
    ):
        raise OAuthProblem("InvalidScopeException", "invalid_scope", "Invalid scope requested")
    client = emu.sso.register_client(name, tuple(scopes), emu.now())
    return {
        "clientId": client.client_id,
        "clientSecret": client.secret,
        "clientIdIssuedAt": int(client.issued_at),
        "clientSecretExpiresAt": int(client.expires_at),
    }


def start_device_authorization(emu: Host, req: HttpRequest, params: Params) -> Answer:
    """A device code and a user code to approve at ``verificationUriComplete``."""
    client = _client(emu, params)
    (start_url,) = _require(params, "startUrl")
    now = emu.now()
    device = emu.sso.start_device(client, start_url, now)
    page = f"{emu.url}{VERIFY_PATH}"
    return {
        "deviceCode": device.device_code,
        "userCode": device.user_code,
        "verificationUri": page,
        "verificationUriComplete": f"{page}?user_code={quote(device.user_code)}",
        "expiresIn": int(round(device.expires_at - now)),
        "interval": device.interval,
    }


def create_token(emu: Host, req: HttpRequest, params: Params) -> Answer:
    """Tokens for an approved device code, or fresh ones for a refresh token."""
    if "aws_iam" in req.query:
        raise OAuthProblem(
            "InvalidRequestException", "invalid_request", "CreateTokenWithIAM is not emulated"
        )
    client = _client(emu, params)
    (grant,) = _require(params, "grantType")
    now = emu.now()
    session: Session
    if grant == DEVICE_GRANT:
        (device_code,) = _require(params, "deviceCode")
        session = emu.sso.poll(client, device_code, now)
    elif grant == REFRESH_GRANT:
        (refresh_token,) = _require(params, "refreshToken")
        session = emu.sso.refresh(client, refresh_token, now)
    else:
        raise OAuthProblem(
            "UnsupportedGrantTypeException", "unsupported_grant_type", "Unsupported grant type"
        )
    access, refresh = emu.sso.issue_tokens(session, now)
    answer: dict[str, Any] = {
        "accessToken": access.token,
        "tokenType": "Bearer",
        "expiresIn": int(round(access.expires_at - now)),
    }
    if refresh is not None:
        answer["refreshToken"] = refresh.token
    return answer


# -- sso portal -------------------------------------------------------------------------------
def _session(emu: Host, req: HttpRequest) -> Session:
    session = emu.sso.session_for(req.header(BEARER_HEADER), emu.now())
    if session is None:
        raise ApiError("UnauthorizedException", UNAUTHORIZED, 401)
    return session


def _query_value(params: Params, name: str) -> str:
    value = params.get(name)
    if not value:
        raise ApiError("InvalidRequestException", f"Missing required parameter {name}", 400)
    return str(value)


def _page(emu: Host, op: str, params: Params, items: list[Any], key: str) -> Answer:
    raw_size = params.get("max_result")
    size = emu.page_size
    if raw_size is not None:
        size = int(raw_size) if str(raw_size).isdigit() else 0
        if not 1 <= size <= 100:
            raise ApiError("InvalidRequestException", "max_result must be from 1 to 100", 400)
    token = params.get("next_token")
    start = paging.decode_token(op, token) if token else 0
    if start is None:
        raise ApiError("InvalidRequestException", "Invalid next token", 400)
    answer: dict[str, Any] = {key: items[start : start + size]}
    if start + size < len(items):
        answer["nextToken"] = paging.encode_token(op, start + size)
    return answer


def get_role_credentials(emu: Host, req: HttpRequest, params: Params) -> Answer:
    """Temporary keys for an assigned role, accepted by the emulator's SigV4 check."""
    _session(emu, req)
    role, account = _query_value(params, "role_name"), _query_value(params, "account_id")
    with emu.sso.lock:
        assignment = emu.sso.assignments.get(account)
        allowed = assignment is not None and role in assignment.roles
    if not allowed:
        raise ApiError("ForbiddenException", "No access", 403)
    identity = emu.sso.role_identity(account, role, emu.now())
    assert identity.expires_at is not None
    with emu.state.lock:
        emu.state.identities[identity.access_key_id] = identity
    return {
        "roleCredentials": {
            "accessKeyId": identity.access_key_id,
            "secretAccessKey": identity.secret,
            "sessionToken": identity.session_token,
            "expiration": int(identity.expires_at * 1000),
        }
    }


def list_accounts(emu: Host, req: HttpRequest, params: Params) -> Answer:
    """The accounts the user has an assignment in, paginated."""
    _session(emu, req)
    with emu.sso.lock:
        items = [
            {"accountId": a.account_id, "accountName": a.account_name, "emailAddress": a.email}
            for a in emu.sso.assignments.values()
        ]
    return _page(emu, "ListAccounts", params, items, "accountList")


def list_account_roles(emu: Host, req: HttpRequest, params: Params) -> Answer:
    """The roles assigned to the user in one account (none for another account), paginated."""
    _session(emu, req)
    account = _query_value(params, "account_id")
    with emu.sso.lock:
        assignment = emu.sso.assignments.get(account)
        roles = list(assignment.roles) if assignment else []
    items = [{"roleName": role, "accountId": account} for role in roles]
    return _page(emu, "ListAccountRoles", params, items, "roleList")


def logout(emu: Host, req: HttpRequest, params: Params) -> Answer:
    """End the sign-in session: its access and refresh tokens stop working."""
    session = _session(emu, req)
    emu.sso.end_session(session.session_id)
    return None


Operation = Callable[["Host", HttpRequest, Params], Answer]
ROUTES: dict[tuple[str, str], tuple[str, str, Operation]] = {
    ("POST", "/client/register"): ("sso-oidc", "RegisterClient", register_client),
    ("POST", "/device_authorization"): (
        "sso-oidc",
        "StartDeviceAuthorization",
        start_device_authorization,
    ),
    ("POST", "/token"): ("sso-oidc", "CreateToken", create_token),
    ("GET", "/federation/credentials"): ("sso", "GetRoleCredentials", get_role_credentials),
    ("GET", "/assignment/accounts"): ("sso", "ListAccounts", list_accounts),
    ("GET", "/assignment/roles"): ("sso", "ListAccountRoles", list_account_roles),
    ("POST", "/logout"): ("sso", "Logout", logout),
}
OPERATIONS = frozenset(op for _, op, _ in ROUTES.values())


def handles(req: HttpRequest) -> bool:
    """Whether this request is for Identity Center (by method and path)."""
    return (req.method, req.path) in ROUTES


def handle(emu: Host, req: HttpRequest) -> HttpResponse:
    """Answer an Identity Center API request (sso-oidc or the sso portal)."""
    return _api(emu, req)


def _render(service: str, err: Exception, request_id: str) -> HttpResponse:
    if isinstance(err, OAuthProblem):
        code, status = err.code, err.status
        body = {"error": err.error, "error_description": err.description}
    else:
        assert isinstance(err, ApiError)
        code, status, body = err.code, err.status, {"message": err.message}
    namespace = _OIDC_NS if service == "sso-oidc" else _PORTAL_NS
    headers = {
        "Content-Type": JSON,
        "x-amzn-RequestId": request_id,
        "x-amzn-ErrorType": f"{code}:{namespace}",
    }
    return HttpResponse(status, json.dumps(body).encode(), headers)


def _fault(service: str, kind: str, status: int) -> Exception:
    if service == "sso-oidc":
        if kind == "throttle":
            return OAuthProblem("SlowDownException", "slow_down", "Rate exceeded")
        return OAuthProblem("InternalServerException", "server_error", "Internal error", status)
    if kind == "throttle":
        return ApiError("TooManyRequestsException", "Rate exceeded", 429)
    return ApiError("InternalServerException", "Internal error", status)


def _parse(service: str, req: HttpRequest) -> dict[str, Any]:
    if service == "sso":
        return dict(parse_qsl(req.query, keep_blank_values=True))
    try:
        params = json.loads(req.body or b"{}")
    except ValueError:
        params = None
    if not isinstance(params, dict):
        raise OAuthProblem("InvalidRequestException", "invalid_request", "Invalid request body")
    return params


def _api(emu: Host, req: HttpRequest) -> HttpResponse:
    service, op, operation = ROUTES[(req.method, req.path)]
    request_id = str(uuid.uuid4())
    now = emu.now()
    bearer = req.header(BEARER_HEADER) is not None
    try:
        params = _parse(service, req)
    except OAuthProblem as err:
        return _render(service, err, request_id)
    shown = _record_params(params)

    def record(fault: str | None = None, error: str | None = None) -> None:
        emu.record(RequestRecord(service, op, shown, None, bearer, now, fault, error))

    rule = emu.faults.pick(op, shown)
    if rule is not None:
        record(fault=rule.kind)
        if rule.kind in ("drop", "hang"):
            return HttpResponse(action=rule.kind)
        if rule.kind == "malformed":
            return HttpResponse(200, b"<html><body>502 Bad Gateway (injected)</body></html>")
        status = rule.status if rule.kind == "5xx" else 400
        return _render(service, _fault(service, rule.kind, status), request_id)
    try:
        answer = operation(emu, req, params)
    except (OAuthProblem, ApiError) as err:
        record(error=getattr(err, "code", None))
        return _render(service, err, request_id)
    record()
    body = b"" if answer is None else json.dumps(answer).encode()
    return HttpResponse(200, body, {"Content-Type": JSON, "x-amzn-RequestId": request_id})
