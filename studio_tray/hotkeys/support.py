"""Can global hotkeys work here? Answered without starting a listener, for ``doctor`` and the tray.

Each platform question is one small function that a test can replace: the X display probe
(python-xlib, which pynput uses on Linux anyway) and the macOS Accessibility check.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import NamedTuple

MAC_SETTINGS = "System Settings > Privacy & Security > Accessibility"
DESKTOP_SHORTCUT = (
    "bind a desktop keyboard shortcut to `studio-tray open NAME` (or `studio-tray picker`)"
)


class Availability(NamedTuple):
    """Whether hotkeys work; when not (or only partly), why and what to do."""

    ok: bool
    reason: str
    fix: str


def x_display_problem(display: str) -> str | None:
    """None when the X display answers and has the RECORD extension pynput listens with."""
    try:
        from Xlib import display as xdisplay
        from Xlib.error import DisplayError
    except ImportError:
        return "python-xlib is not installed"
    try:
        connection = xdisplay.Display(display)
    except (DisplayError, OSError, ValueError) as err:
        return f"cannot connect to the X display {display} ({type(err).__name__})"
    try:
        if not connection.has_extension("RECORD"):
            return f"the X display {display} has no RECORD extension"
    finally:
        connection.close()
    return None


def mac_accessibility_trusted() -> bool:
    """Whether macOS lets this process watch the keyboard (the Accessibility permission)."""
    try:
        import HIServices

        return bool(HIServices.AXIsProcessTrusted())
    except ImportError:
        pass
    import ctypes
    import ctypes.util

    path = ctypes.util.find_library("ApplicationServices")
    if not path:
        return False
    services = ctypes.cdll.LoadLibrary(path)
    services.AXIsProcessTrusted.restype = ctypes.c_bool
    return bool(services.AXIsProcessTrusted())


def availability(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    x_problem: Callable[[str], str | None] = x_display_problem,
    mac_trusted: Callable[[], bool] = mac_accessibility_trusted,
) -> Availability:
    """Whether global hotkeys can work in this session, with the reason and the fix."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if platform == "win32":
        return Availability(True, "Windows keyboard hooks", "")
    if platform == "darwin":
        if mac_trusted():
            return Availability(True, "Accessibility permission granted", "")
        return Availability(
            False,
            "macOS has not given studio-tray the Accessibility permission",
            f"allow it in {MAC_SETTINGS} (add the app or the terminal running it), then restart",
        )
    display = env.get("DISPLAY", "")
    wayland = env.get("WAYLAND_DISPLAY", "")
    if wayland and not display:
        return Availability(
            False, "Wayland session without XWayland: global hotkeys need X11", DESKTOP_SHORTCUT
        )
    if not display:
        return Availability(
            False, "no display: hotkeys need a desktop session", "run the tray inside one"
        )
    problem = x_problem(display)
    if problem:
        return Availability(False, problem, "check $DISPLAY, or " + DESKTOP_SHORTCUT)
    if wayland:
        return Availability(
            True,
            "XWayland: hotkeys fire only while an X11 window has the focus",
            "for hotkeys everywhere, " + DESKTOP_SHORTCUT,
        )
    return Availability(True, f"X11 display {display}", "")
