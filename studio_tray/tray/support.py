"""Helpers of the tray view that do not touch pystray: icon images, start-up checks."""

from __future__ import annotations

from importlib import resources
from typing import Any

from studio_tray.errors import StudioTrayError

ICON_SIZE = 64
DESKTOP_HINT = (
    "run it inside a desktop session; on Linux, menus need PyGObject: "
    "pip install 'studio-tray[gtk]' or the distribution's python3-gi"
)


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
            f"no D-Bus session bus ({first_line(exc)})",
            hint="start studio-tray from your desktop session (DBUS_SESSION_BUS_ADDRESS)",
        ) from None


def load_icon(state: str, size: int = ICON_SIZE) -> Any:
    """The PIL image of the ``state`` icon (idle, busy, error) at ``size`` pixels."""
    from PIL import Image

    ref = resources.files("studio_tray") / "assets" / f"{state}-{size}.png"
    with ref.open("rb") as handle:
        image = Image.open(handle)
        image.load()
    return image
