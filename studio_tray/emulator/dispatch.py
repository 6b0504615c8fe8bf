"""From an HTTP request to an answer: routing, faults, SigV4, access denial, the operations."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, parse_qsl

from studio_tray.emulator import pages, sagemaker, sigv4, sso, sso_pages, sts
from studio_tray.emulator.context import Call
from studio_tray.emulator.errors import ApiError, from_sigv4, sts_status
from studio_tray.emulator.faults import FaultRule
from studio_tray.emulator.server import HttpRequest, HttpResponse
from studio_tray.emulator.state import Identity, RequestRecord

if TYPE_CHECKING:
    from studio_tray.emulator.host import Host

JSON_TYPE = "application/x-amz-json-1.1"


@dataclass
class Parsed:
    """The service, operation and parameters a request asks for."""

    service: str
    op: str
    params: dict[str, Any]


def _parse(req: HttpRequest) -> Parsed:
    target = req.header("x-amz-target")
    if target is not None:
        prefix, _, op = target.partition(".")
        if prefix != "SageMaker" or op not in sagemaker.OPERATIONS:
            raise ApiError("UnknownOperationException", f"Unknown operation {target}")
        try:
            params = json.loads(req.body or b"{}")
        except ValueError:
            raise ApiError("SerializationException", "Request body is not valid JSON") from None
        if not isinstance(params, dict):
            raise ApiError("SerializationException", "Request body must be a JSON object")
        return Parsed("sagemaker", op, params)
    form = dict(parse_qsl(req.body.decode("utf-8", "replace"), keep_blank_values=True))
    action = form.pop("Action", None)
    form.pop("Version", None)
    if req.method != "POST" or action is None:
        raise ApiError("UnknownOperationException", "No X-Amz-Target header or Action given")
    if action not in sts.OPERATIONS:
        raise ApiError("InvalidAction", f"Could not find operation {action} for version 2011-06-15")
    return Parsed("sts", action, form)


def _authenticate(emu: Host, req: HttpRequest, service: str, now: float) -> Identity:
    auth = sigv4.parse_authorization(req.header("authorization"))
    identity = emu.state.identities.get(auth.access_key_id)
    if identity is None:
        raise sigv4.SigV4Error("unknown_key")
    token = req.header("x-amz-security-token")
    if identity.session_token != token:
        raise sigv4.SigV4Error("unknown_key")
    if identity.expires_at is not None and now > identity.expires_at:
        raise sigv4.SigV4Error("expired_token")
    sigv4.check_date(req.header("x-amz-date"), auth, now)
    if auth.service != service:
        raise sigv4.SigV4Error("signature")
    sigv4.verify(req.method, req.path, req.query, req.headers, req.body, auth, identity.secret)
    return identity


def _fault_error(rule: FaultRule) -> ApiError:
    if rule.kind == "throttle":
        return ApiError("ThrottlingException", "Rate exceeded", 400, sts_code="Throttling")
    if rule.status == 503:
        return ApiError("ServiceUnavailable", "Service is unavailable, try again later.", 503)
    return ApiError(
        "InternalFailure", "We encountered an internal error. Please try again.", rule.status
    )


def _render(service: str, err: ApiError, request_id: str) -> HttpResponse:
    if service == "sts":
        return HttpResponse(
            sts_status(err),
            err.xml_body(request_id),
            {"Content-Type": "text/xml", "x-amzn-RequestId": request_id},
        )
    headers = {
        "Content-Type": JSON_TYPE,
        "x-amzn-RequestId": request_id,
        "x-amzn-ErrorType": err.code,
    }
    return HttpResponse(err.status, err.json_body(), headers)


def _malformed(service: str) -> HttpResponse:
    kind = "text/xml" if service == "sts" else JSON_TYPE
    return HttpResponse(
        200, b"<html><body>502 Bad Gateway (injected)</body></html>", {"Content-Type": kind}
    )


def _auth_page(emu: Host, req: HttpRequest) -> HttpResponse:
    token = (parse_qs(req.query).get("token") or [""])[0]
    found, outcome = emu.state.redeem(token, emu.now())
    headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
    if outcome == "ok" and found is not None:
        return HttpResponse(200, pages.signed_in(found), headers)
    return HttpResponse(403, pages.refused(outcome), headers)


def handle(emu: Host, req: HttpRequest) -> HttpResponse:
    """Answer one HTTP request; API answers take at least the injected latency in all."""
    if req.method == "GET" and req.path == "/auth":
        return _auth_page(emu, req)
    if req.method == "GET" and req.path == "/":
        return HttpResponse(200, pages.index(), {"Content-Type": "text/html; charset=utf-8"})
    if req.path == sso.VERIFY_PATH:
        return sso_pages.verify(emu, req)
    # IAM Identity Center (sso-oidc, the sso portal) or SageMaker/STS: the same latency rule.
    answer = sso.handle if sso.handles(req) else _api
    started = time.monotonic()
    response = answer(emu, req)
    latency = emu.faults.latency
    if latency and response.action != "hang":
        emu.wait(started + latency - time.monotonic())
    return response


def _api(emu: Host, req: HttpRequest) -> HttpResponse:
    request_id = str(uuid.uuid4())
    service = "sts" if req.header("x-amz-target") is None else "sagemaker"
    try:
        parsed = _parse(req)
    except ApiError as err:
        return _render(service, err, request_id)
    now = emu.now()
    try:
        akid: str | None = sigv4.parse_authorization(req.header("authorization")).access_key_id
    except sigv4.SigV4Error:
        akid = None
    token_sent = req.header("x-amz-security-token") is not None
    rule = emu.faults.pick(parsed.op, parsed.params)

    def record(fault: str | None = None, error: str | None = None, status: Any = None) -> None:
        emu.record(
            RequestRecord(
                parsed.service,
                parsed.op,
                parsed.params,
                akid,
                token_sent,
                now,
                fault,
                error,
                status if isinstance(status, str) else None,
            )
        )

    if rule is not None:
        record(fault=rule.kind)
        if rule.kind in ("drop", "hang"):
            return HttpResponse(action=rule.kind)
        if rule.kind == "malformed":
            return _malformed(parsed.service)
        return _render(parsed.service, _fault_error(rule), request_id)
    try:
        try:
            identity = _authenticate(emu, req, parsed.service, now)
        except sigv4.SigV4Error as sig_err:
            raise from_sigv4(sig_err) from None
        region = sigv4.parse_authorization(req.header("authorization")).region
        call = Call(emu.state, identity, region, emu.auth_base or emu.url, now, emu.page_size)
        _check_allowed(emu, call, parsed)
        if parsed.service == "sts":
            body = sts.respond(
                parsed.op, sts.OPERATIONS[parsed.op](call, parsed.params), request_id
            )
            record()
            return HttpResponse(
                200, body, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id}
            )
        answer = sagemaker.OPERATIONS[parsed.op](call, parsed.params)
    except ApiError as err:
        record(error=err.sts_code if parsed.service == "sts" else err.code)
        return _render(parsed.service, err, request_id)
    record(status=answer.get("Status"))
    return HttpResponse(
        200,
        json.dumps(answer).encode(),
        {"Content-Type": JSON_TYPE, "x-amzn-RequestId": request_id},
    )


def _check_allowed(emu: Host, call: Call, parsed: Parsed) -> None:
    if parsed.op not in emu.denied_ops():
        return
    if parsed.service == "sts":
        resource = parsed.params.get("RoleArn") or "*"
        raise ApiError(
            "AccessDenied",
            f"User: {call.identity.arn} is not authorized to perform: "
            f"sts:{parsed.op} on resource: {resource}",
            403,
        )
    resource = sagemaker.resource_arn(call, parsed.op, parsed.params)
    action = f"sagemaker:{parsed.op}"
    raise ApiError(
        "AccessDeniedException",
        f"User: {call.identity.arn} is not authorized to perform: {action} on resource: "
        f"{resource} because no identity-based policy allows the {action} action",
    )
