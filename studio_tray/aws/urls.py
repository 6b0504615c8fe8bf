"""Which URLs the app will open: the check on every presigned URL, and what counts as local.

The URL is a bearer credential: messages name its scheme or host, never the URL itself.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from studio_tray.errors import LaunchError


def is_loopback_host(host: str | None) -> bool:
    """True for ``localhost`` and loopback IP addresses (127.0.0.0/8, ::1)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, endpoint_url: str | None) -> None:
    """Refuse anything but ``https`` (or ``http`` to loopback when the endpoint is loopback).

    Raises ``LaunchError`` naming the scheme, never the URL itself.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "https" and parts.hostname:
        return
    if scheme == "http" and parts.hostname and is_loopback_host(parts.hostname):
        endpoint_host = urlsplit(endpoint_url).hostname if endpoint_url else None
        if is_loopback_host(endpoint_host):
            return
        raise LaunchError(
            "refused to open the URL SageMaker returned: it is plain http to this computer but "
            "the endpoint is not local"
        )
    shown = scheme or "no scheme"
    raise LaunchError(
        f"refused to open the URL SageMaker returned: its scheme is {shown!r}, only https is "
        "allowed"
    )
