"""Helpers of the tray view that do not touch pystray: icon images, start-up checks."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from studio_tray.errors import StudioTrayError

ICON_SIZE = 64
HEADLESS_FORMS = (
    "without a desktop use `studio-tray open --print NAME` "
    '(or `studio-tray demo --print "Demo - alice - lab"`)'
)
GTK_INSTALL = "pip install 'studio-tray[gtk]' or the distribution's python3-gi"


def missing_for_tray(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    gi_found: bool | None = None,
) -> list[str]:
    """What this machine lacks for a tray with menus, in words; empty when nothing is known to.

    Only on Linux (elsewhere the OS always has a tray); defaults: ``os.environ``,
    ``sys.platform``, whether PyGObject (``gi``) can be imported.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return []
    missing = []
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        missing.append("no display ($DISPLAY and $WAYLAND_DISPLAY are not set)")
    runtime_bus = Path(env.get("XDG_RUNTIME_DIR") or "/nonexistent") / "bus"
    if not env.get("DBUS_SESSION_BUS_ADDRESS") and not runtime_bus.exists():
        missing.append("no D-Bus session ($DBUS_SESSION_BUS_ADDRESS is not set)")
    if gi_found is None:
        gi_found = importlib.util.find_spec("gi") is not None
    if not gi_found:
        missing.append(f"no PyGObject for menus ({GTK_INSTALL})")
    return missing


def desktop_hint(missing: list[str] | None = None) -> str:
    """The fix for "no tray here": a desktop session, PyGObject only when it is missing, and
    the headless forms."""
    missing = missing_for_tray() if missing is None else missing
    fix = "run it inside a desktop session"
    if any(m.startswith("no PyGObject") for m in missing):
        fix += f"; for menus: {GTK_INSTALL}"
    return f"{fix}; {HEADLESS_FORMS}"


def no_tray_error(exc: BaseException) -> StudioTrayError:
    """The one-line error for a tray that cannot start, naming what is actually missing."""
    missing = missing_for_tray()
    shown = [m for m in missing if not m.startswith("no PyGObject")]
    reason = ", ".join(shown) if shown else first_line(exc)
    return StudioTrayError(f"cannot show the tray here: {reason}", hint=desktop_hint(missing))


def first_line(exc: BaseException) -> str:
    """``Type: first line of the message`` of ``exc``, for one-line errors."""
    first = (str(exc).splitlines() or [""])[0].strip()
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def check_session_bus() -> None:
    """Raise ``StudioTrayError`` when there is no D-Bus session bus to connect to."""
    # pystray's GTK and AppIndicator backends need the session bus at start-up and fail
    # half-way without it; say so up front instead.
    from gi.repository import Gio

    try:
        Gio.bus_get_sync(Gio.BusType.SESSION, None)
    except Exception as exc:
        raise StudioTrayError(
            f"cannot show the tray here: no D-Bus session ({first_line(exc)})",
            hint="start studio-tray from your desktop session (DBUS_SESSION_BUS_ADDRESS); "
            + HEADLESS_FORMS,
        ) from None


def load_icon(state: str, size: int = ICON_SIZE) -> Any:
    """The PIL image of the ``state`` icon (idle, busy, error) at ``size`` pixels."""
    from PIL import Image

    ref = resources.files("studio_tray") / "assets" / f"{state}-{size}.png"
    with ref.open("rb") as handle:
        image = Image.open(handle)
        image.load()
    return image
