"""Handing a presigned URL to a browser (the URL is checked first, in ``aws.urls``).

The URL is a bearer credential: it is passed to the browser and nowhere else. Nothing here logs
it or puts it in an error message, and it is on no command line (other local users can read
those): the browser is given a one-shot redirect page instead (``system.redirect_page``).
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import subprocess
import sys
import threading
import webbrowser

from studio_tray.errors import LaunchError
from studio_tray.system import frozen, redirect_page

URL_PLACEHOLDER = "{url}"


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


def warm() -> None:
    """Let Python's ``webbrowser`` find this system's browsers now (off the UI thread, after
    start-up) rather than on the first click: it looks up some forty programs on the PATH
    and, on an X11 desktop with xdg-settings, runs it once. Nothing is opened."""
    _find_browsers()


_found = threading.Event()
_finding = threading.Lock()


def _find_browsers() -> None:
    """``webbrowser``'s registry, filled once and completely before any use: it publishes an
    empty list first and fills it after, so a click racing the warm-up could otherwise see
    part of it (and a browser other than ``$BROWSER``)."""
    if _found.is_set():
        return
    with _finding:
        if not _found.is_set():
            with contextlib.suppress(webbrowser.Error):  # none found: the click says so
                webbrowser.get()
            _found.set()


def open_url(url: str, browser_command: str = "") -> None:
    """Open ``url`` with ``browser_command`` (no shell) or, when empty, the default browser.

    The default browser honours ``$BROWSER`` (Python's ``webbrowser``). Either way the browser
    gets the ``file://`` address of a one-shot redirect page, never ``url`` itself.
    """
    page = redirect_page.write_page(url)
    try:
        _start(page.as_uri(), browser_command)
    except BaseException:
        redirect_page.discard(page)
        raise


def _start(url: str, browser_command: str) -> None:
    env = frozen.child_env()
    if not browser_command and env is not None and sys.platform.startswith("linux"):
        # webbrowser cannot take an environment: without this the packaged app's bundled
        # libraries would leak into the browser (see studio_tray.system.frozen).
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
    _find_browsers()
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
