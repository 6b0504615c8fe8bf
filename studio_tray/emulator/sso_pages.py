"""The device-approval page a StartDeviceAuthorization's ``verificationUriComplete`` leads to.

``GET /sso/verify?user_code=BCDF-GHJK`` shows the code with Approve and Deny buttons, a form
that posts ``user_code=BCDF-GHJK&action=approve`` (or ``deny``) to ``/sso/verify``. Without a
code it asks for one. Scripts may approve in one request: ``GET ...&approve=1`` (``&deny=1``).
Answers: 200 shown/decided, 404 unknown code, 410 expired, 409 already decided otherwise.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from studio_tray.emulator.server import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from studio_tray.emulator.host import Host

_STYLE = "font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5"
_HEADERS = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
_NOTE = "<p><small>This is the local studio-tray emulator, not AWS.</small></p>"


def _page(status: int, title: str, body: str) -> HttpResponse:
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body style='{_STYLE}'>"
        f"<h1>{escape(title)}</h1>{body}{_NOTE}</body></html>"
    )
    return HttpResponse(status, html.encode(), dict(_HEADERS))


def _ask_for_code() -> HttpResponse:
    return _page(
        200,
        "Authorize request",
        "<form method='get' action='/sso/verify'><label>Code "
        "<input name='user_code' autocomplete='off'></label> "
        "<button type='submit'>Next</button></form>",
    )


def _show(emu: Host, user_code: str) -> HttpResponse:
    device = emu.sso.device_by_user_code(user_code)
    if device is None:
        return _page(404, "Code not found", "<p>This code is not valid. Check it and retry.</p>")
    with emu.sso.lock:
        client = emu.sso.clients.get(device.client_id)
    code = escape(device.user_code)
    rows = [
        ("Code", device.user_code),
        ("Application", client.name if client else "(unknown)"),
        ("Start URL", device.start_url),
        ("Status", device.status),
    ]
    cells = "".join(
        f"<tr><th style='text-align:left'>{escape(k)}</th><td>{escape(v)}</td></tr>"
        for k, v in rows
    )
    form = (
        "<form method='post' action='/sso/verify'>"
        f"<input type='hidden' name='user_code' value='{code}'>"
        "<button type='submit' name='action' value='approve'>Approve</button> "
        "<button type='submit' name='action' value='deny'>Deny</button></form>"
    )
    return _page(200, "Authorize request", f"<table>{cells}</table>{form}")


def _decide(emu: Host, user_code: str, approve: bool) -> HttpResponse:
    try:
        device = emu.sso.decide(user_code, approve, emu.now())
    except ValueError as err:
        why = str(err)
        if why == "unknown":
            return _page(404, "Code not found", "<p>This code is not valid.</p>")
        if why == "expired":
            return _page(410, "Code expired", "<p>This code has expired. Start again.</p>")
        return _page(409, "Already decided", f"<p>This request is already {escape(why)}.</p>")
    if approve:
        text = f"Request {escape(device.user_code)} approved. You can close this window."
        return _page(200, "Request approved", f"<p>{text}</p>")
    return _page(200, "Request denied", f"<p>Request {escape(device.user_code)} denied.</p>")


def verify(emu: Host, req: HttpRequest) -> HttpResponse:
    """Answer GET or POST /sso/verify."""
    query = dict(parse_qsl(req.query, keep_blank_values=True))
    if req.method == "POST":
        form = dict(parse_qsl(req.body.decode("utf-8", "replace"), keep_blank_values=True))
        user_code = form.get("user_code") or query.get("user_code") or ""
        action = form.get("action") or ""
        if action not in ("approve", "deny") or not user_code:
            return _page(400, "Bad request", "<p>Send user_code and action=approve|deny.</p>")
        return _decide(emu, user_code, action == "approve")
    user_code = query.get("user_code") or ""
    if not user_code:
        return _ask_for_code()
    if query.get("approve") == "1":
        return _decide(emu, user_code, True)
    if query.get("deny") == "1":
        return _decide(emu, user_code, False)
    return _show(emu, user_code)
