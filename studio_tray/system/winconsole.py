"""Windowed Windows builds: let CLI verbs print in the terminal they were started from.

The packaged ``studio-tray.exe`` is a GUI-subsystem program (no console window for the tray),
so Windows gives it no console and Python sets ``sys.stdout``/``sys.stderr`` to None. When such
a build runs a CLI verb from a terminal, attach to the parent's console and reopen the streams
on it. The tray verbs (``run``, the default, and ``demo`` without ``--print``) stay detached:
an attached process is killed when its terminal window closes. Streams that exist (redirected
to a file or pipe, the picker's pipe to the tray) are left alone. On other systems, and in
console builds, nothing happens.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

TRAY_VERBS = frozenset({"run", "demo"})
_CONSOLE_FLAGS = frozenset({"-h", "--help", "--version", "--debug", "--print"})
_OPTIONS_WITH_VALUE = frozenset({"--config"})


def attach_parent_console() -> bool:
    """The one OS call: attach to the parent process's console (``AttachConsole(-1)``)."""
    import ctypes

    attach_parent_process = -1
    kernel32: Any = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    return bool(kernel32.AttachConsole(attach_parent_process))


def wants_console(argv: Sequence[str]) -> bool:
    """Whether this command line prints: every verb but the tray's (unless help/debug/print)."""
    if any(arg in _CONSOLE_FLAGS for arg in argv):
        return True
    verb = None
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            verb = arg
            break
    return verb is not None and verb not in TRAY_VERBS


def _open_console(name: str, mode: str) -> IO[str]:
    return open(name, mode, encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115


def ensure_console(
    argv: Sequence[str],
    *,
    platform: str = sys.platform,
    attach: Callable[[], bool] = attach_parent_console,
    open_console: Callable[[str, str], IO[str]] = _open_console,
) -> bool:
    """Reopen missing std streams on the parent's console; True when it did."""
    if platform != "win32" or not wants_console(argv):
        return False
    missing = [name for name in ("stdout", "stderr", "stdin") if getattr(sys, name) is None]
    if not missing or not attach():
        return False
    try:
        for name in missing:
            device, mode = ("CONIN$", "r") if name == "stdin" else ("CONOUT$", "w")
            setattr(sys, name, open_console(device, mode))
    except OSError:
        return False
    return True
