"""One-shot redirect pages: how a presigned URL reaches the browser without any command line.

Any local user can read every process's argv (``/proc/PID/cmdline``, ``ps``), so the URL (a
bearer credential) is never put on one. Instead it goes into a small HTML page that redirects
to it, written 0600 in the user-only ``pages`` folder of the state folder; the browser gets only
the page's ``file://`` address. The page is removed as soon as it has been read (its access
time moves past its modification time), else when the URL would have expired anyway
(``LIFETIME``): a page's deadline is in its name, and every new page sweeps the expired ones.
A process that exits first (``studio-tray open``) leaves its unread pages to a forked watcher.
"""

from __future__ import annotations

import atexit
import contextlib
import html
import json
import os
import secrets
import threading
import time
from pathlib import Path

from studio_tray import paths

LIFETIME = 300  # seconds: the longest a presigned URL lives (ExpiresInSeconds <= 300)
POLL = 0.1
READ_GRACE_NS = 500_000_000  # a read page stays this long, so the browser finishes reading
PREFIX = "open-"
SUFFIX = ".html"

_pending: set[Path] = set()
_lock = threading.Lock()


def pages_dir() -> Path:
    """The user-only folder the pages are written in (inside the checked state folder)."""
    folder = paths.state_dir() / "pages"
    folder.mkdir(mode=0o700, exist_ok=True)
    paths.check_private(folder, "browser pages folder")
    return folder


def page_html(url: str) -> str:
    """The page: an immediate redirect to ``url`` that leaves no history entry or referrer."""
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta http-equiv="refresh" content="0;url={html.escape(url, quote=True)}">\n'
        "<title>Opening SageMaker Studio</title>\n"
        f"<script>location.replace({json.dumps(url)})</script>\n"
        "</head><body>Opening SageMaker Studio...</body></html>\n"
    )


def write_page(url: str, folder: Path | None = None, now: float | None = None) -> Path:
    """Write the redirect page for ``url`` (0600, never over an existing file); its path.

    A watcher thread removes it once read or at its deadline.
    """
    folder = folder or pages_dir()
    now = time.time() if now is None else now
    sweep(folder, now)
    deadline = int(now) + LIFETIME
    path = folder / f"{PREFIX}{deadline}-{secrets.token_hex(8)}{SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(page_html(url))
    # The write may have set atime == mtime; pin atime below mtime so a read is visible.
    info = path.stat()
    os.utime(path, ns=(info.st_mtime_ns - 1_000_000_000, info.st_mtime_ns))
    with _lock:
        _pending.add(path)
    threading.Thread(
        target=_remove_when_read, args=(path,), name="redirect-page", daemon=True
    ).start()
    return path


def was_read(path: Path) -> bool:
    """Whether ``path`` has been opened for reading since it was written."""
    info = path.stat()
    return info.st_atime_ns >= info.st_mtime_ns


def sweep(folder: Path, now: float | None = None) -> None:
    """Remove the pages in ``folder`` whose deadline has passed."""
    now = time.time() if now is None else now
    with contextlib.suppress(OSError):
        for page in folder.glob(f"{PREFIX}*{SUFFIX}"):
            deadline = _deadline(page)
            if deadline is None or deadline <= now:
                _remove(page)


def hand_over_pending() -> None:
    """At exit: leave this process's unread pages to a small forked watcher (POSIX), so each is
    still removed once read; elsewhere the next page's sweep removes them once expired."""
    with _lock:
        pending = sorted(_pending)
        _pending.clear()
    if not pending or not hasattr(os, "fork"):
        return
    try:
        pid = os.fork()
    except OSError:
        return
    if pid:
        return
    # The watcher: no inherited pipes (a caller waiting on our output must not wait for it).
    try:
        os.setsid()
        os.closerange(0, 1 << 16)
        while pending:
            time.sleep(POLL)
            for page in list(pending):
                if _done(page):
                    pending.remove(page)
                    with contextlib.suppress(OSError):
                        page.unlink()
    finally:
        os._exit(0)


def discard(path: Path) -> None:
    """Remove a page no browser will read (its browser could not be started)."""
    _remove(path)


def _done(page: Path) -> bool:
    """Whether ``page`` may go: read a moment ago (the browser has the bytes), gone, or expired."""
    try:
        info = page.stat()
    except OSError:
        return True
    if info.st_atime_ns >= info.st_mtime_ns:
        return time.time_ns() - info.st_atime_ns > READ_GRACE_NS
    return time.time() >= (_deadline(page) or 0)


def _remove_when_read(path: Path) -> None:
    while not _done(path):
        time.sleep(POLL)
    _remove(path)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
    with _lock:
        _pending.discard(path)


def _deadline(page: Path) -> int | None:
    try:
        return int(page.name[len(PREFIX) :].split("-", 1)[0])
    except ValueError:
        return None


atexit.register(hand_over_pending)
