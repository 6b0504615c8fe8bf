"""Which URLs the app will open: the check on every presigned URL, and what counts as local.

The URL is a bearer credential: messages name its scheme or host, never the URL itself.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from studio_tray.errors import LaunchError

STUDIO_SUFFIXES = (".sagemaker.aws", ".aws.amazon.com")


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


def is_insecure_endpoint(value: str | None) -> bool:
    """Whether ``value`` is plain http to another computer (signed requests readable en route)."""
    if not value:
        return False
    parts = urlsplit(value)
    return parts.scheme.lower() == "http" and not is_loopback_host(parts.hostname)


def is_studio_host(host: str, endpoint_url: str | None) -> bool:
    """Whether a sign-in URL on ``host`` is one SageMaker may send the browser to: a Studio
    domain (``*.sagemaker.aws``, ``*.aws.amazon.com``), the endpoint's own host (a VPC
    endpoint, or a subdomain of it), or this computer when the endpoint is this computer."""
    host = host.lower().rstrip(".")
    if any(host.endswith(suffix) for suffix in STUDIO_SUFFIXES):
        return True
    endpoint_host = (urlsplit(endpoint_url).hostname or "").lower() if endpoint_url else ""
    if endpoint_host and (host == endpoint_host or host.endswith("." + endpoint_host)):
        return True
    return is_loopback_host(host) and is_loopback_host(endpoint_host)


def check_url(url: str, endpoint_url: str | None) -> None:
    """Refuse anything but ``https`` (or ``http`` to loopback when the endpoint is loopback),
    and any host that is not a Studio one (``is_studio_host``).

    Raises ``LaunchError`` naming the scheme or host, never the URL itself.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "https" and parts.hostname:
        if is_studio_host(parts.hostname, endpoint_url):
            return
        raise LaunchError(
            f"refused to open the URL SageMaker returned: its host {parts.hostname!r} is not a "
            "SageMaker Studio domain (*.sagemaker.aws, *.aws.amazon.com) nor the endpoint's",
            hint="check endpoint_url in the profile: it may not be a real SageMaker endpoint",
        )
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
