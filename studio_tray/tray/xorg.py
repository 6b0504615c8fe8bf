"""Work-arounds for pystray's plain X11 backend (used where PyGObject is missing).

It has no menu, so a click on the icon is the only way in, and two things can keep that from
working: the icon window never asks for clicks (pystray issue #151), and it sends the tray
host a single dock request, which a host may drop (trayer does, now and then, right after
another icon left). Both talk to pystray's own window through python-xlib.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger(__name__)


def listen_for_clicks(icon: Any) -> None:
    """Make the icon's window report button presses (before the icon's loop starts)."""
    try:
        from Xlib import X

        icon._window.change_attributes(
            event_mask=X.ExposureMask | X.StructureNotifyMask | X.ButtonPressMask
        )
        icon._display.flush()
    except Exception as exc:
        log.warning("xorg tray icon will not react to clicks: %s", type(exc).__name__)


def redock_if_lost(
    icon: Any, stopping: threading.Event, attempts: int = 5, wait: float = 2.0
) -> None:
    """Ask the tray host again until it has embedded the icon's window (or we stop)."""
    try:
        from Xlib import display as xdisplay

        # A connection of our own: python-xlib's display belongs to pystray's loop thread.
        conn = xdisplay.Display()
    except Exception as exc:
        log.debug("cannot watch the xorg icon: %s", type(exc).__name__)
        return
    try:
        window = conn.create_resource_object("window", icon._window.id)
        for _ in range(attempts):
            if stopping.wait(wait):
                return
            tree = window.query_tree()
            if tree.parent != tree.root:
                return
            log.info("the tray host has not embedded the icon; asking again")
            icon._show()  # pystray runs it on its own loop thread
    except Exception as exc:
        log.debug("xorg icon watch stopped: %s", type(exc).__name__)
    finally:
        conn.close()
