"""Checking a presigned URL and handing it to a browser.

The URL is a bearer credential: it is passed to the browser and nowhere else. Nothing here logs
it or puts it in an error message.
"""

from __future__ import annotations

import ipaddress
import shlex
import shutil
import subprocess
import sys
import webbrowser
from collections.abc import Callable
from urllib.parse import urlsplit

from studio_tray import frozen
from studio_tray.errors import LaunchError

URL_PLACEHOLDER = "{url}"

Opener = Callable[[str, str], None]
"""``opener(url, browser_command)``: opens ``url``; an empty command means the default browser."""


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


def command_line(command: str, url: str) -> list[str]:
    """Split a browser command with shlex and put ``url`` where ``{url}`` stands."""
    try:
        argv = shlex.split(command)
    except ValueError as err:
        raise LaunchError(f"browser command {command!r} cannot be split: {err}") from None
    if not argv:
        raise LaunchError("browser command is empty")
    if not any(URL_PLACEHOLDER in arg for arg in argv):
        raise LaunchError(f"browser command {command!r} has no {URL_PLACEHOLDER} placeholder")
    return [arg.replace(URL_PLACEHOLDER, url) for arg in argv]


def open_url(url: str, browser_command: str = "") -> None:
    """Open ``url`` with ``browser_command`` (no shell) or, when empty, the default browser.

    The default browser honours ``$BROWSER`` (Python's ``webbrowser``).
    """
    env = frozen.child_env()
    if not browser_command and env is not None and sys.platform.startswith("linux"):
        # webbrowser cannot take an environment: without this the packaged app's bundled
        # libraries would leak into the browser (see studio_tray.frozen).
        browser_command = _frozen_linux_default(env)
    if browser_command:
        argv = command_line(browser_command, url)
        try:
            subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
                env=env,
            )
        except OSError as err:
            raise LaunchError(
                f"could not start the browser {argv[0]!r}: {err.strerror or err}",
                hint="fix `browser` in the config",
            ) from None
        return
    if not webbrowser.open(url, new=2):
        raise LaunchError(
            "no web browser could be started",
            hint="set `browser` in [settings] of the config, or the BROWSER environment variable",
        )


def _frozen_linux_default(env: dict[str, str]) -> str:
    """$BROWSER's first command (``%s`` = the URL, as in webbrowser), else xdg-open, else ""."""
    first = env.get("BROWSER", "").split(":")[0].strip()
    if first:
        return (
            first.replace("%s", URL_PLACEHOLDER) if "%s" in first else f"{first} {URL_PLACEHOLDER}"
        )
    return f"xdg-open {URL_PLACEHOLDER}" if shutil.which("xdg-open", path=env.get("PATH")) else ""
