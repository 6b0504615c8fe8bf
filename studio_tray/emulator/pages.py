"""The /auth pages a presigned URL leads to: signed in once, refused afterwards."""

from __future__ import annotations

from html import escape

from studio_tray.emulator.state import UrlToken

_STYLE = "font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5"
_REASONS = {
    "unknown": "This sign-in link is not valid.",
    "used": "This sign-in link has already been used. Presigned URLs work only once.",
    "expired": "This sign-in link has expired. Ask for a fresh one.",
}


def _page(title: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body style='{_STYLE}'>"
        f"<h1>{escape(title)}</h1>{body}</body></html>"
    ).encode()


def signed_in(token: UrlToken) -> bytes:
    """The 200 page: signed in, with the domain, user profile and space."""
    rows = [
        ("Domain", token.domain_id),
        ("User profile", token.user_profile),
        ("Space", token.space or "(none)"),
        ("Landing", token.landing_uri or "studio::"),
        ("Session length", f"{token.session_seconds} s"),
    ]
    cells = "".join(
        f"<tr><th style='text-align:left'>{escape(k)}</th><td>{escape(v)}</td></tr>"
        for k, v in rows
    )
    note = "<p>This is the local studio-tray emulator, not AWS.</p>"
    return _page("Signed in to SageMaker Studio", f"<table>{cells}</table>{note}")


def refused(reason: str) -> bytes:
    """The 403 page for an unknown, used or expired token."""
    text = _REASONS.get(reason, _REASONS["unknown"])
    return _page("Access denied", f"<p>{escape(text)}</p>")


def index() -> bytes:
    """What a browser pointed at the endpoint itself sees."""
    return _page(
        "studio-tray emulator",
        "<p>A local SageMaker- and STS-compatible endpoint for studio-tray's demo and tests. "
        "Point an SDK or the AWS CLI here with --endpoint-url.</p>",
    )
