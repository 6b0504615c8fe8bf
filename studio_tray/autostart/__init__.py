"""Start at login: one backend per OS behind one small interface.

``for_platform()`` returns the backend for this OS (or a named one); every backend has
``enable() -> str``, ``disable() -> bool``, ``is_enabled() -> bool`` and
``describe() -> AutostartStatus`` (state enabled/disabled/broken, location, command). Every
module imports on any OS; each one's OS access sits in one replaceable place.
"""

from __future__ import annotations

import sys

from studio_tray.autostart.base import (
    REPAIR_HINT,
    Autostart,
    AutostartError,
    AutostartStatus,
    format_command,
)
from studio_tray.autostart.command import program_command, start_command

__all__ = [
    "REPAIR_HINT",
    "Autostart",
    "AutostartError",
    "AutostartStatus",
    "for_platform",
    "format_command",
    "program_command",
    "start_command",
]


def for_platform(platform: str = sys.platform) -> Autostart:
    """The backend for ``platform`` (a ``sys.platform`` value): darwin, win32, else XDG."""
    if platform == "darwin":
        from studio_tray.autostart.macos import LaunchAgent

        return LaunchAgent()
    if platform in ("win32", "cygwin"):
        from studio_tray.autostart.windows import RunKeyAutostart

        return RunKeyAutostart()
    from studio_tray.autostart.linux import XdgAutostart

    return XdgAutostart()
