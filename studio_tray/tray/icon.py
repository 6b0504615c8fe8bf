"""The only module that imports pystray: the menu model as a real tray icon.

``import pystray`` picks a backend at import time and fails without a display, so it happens
inside ``PystrayView.run`` (and ``backend_info`` for ``doctor``), never at module import.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from studio_tray.errors import StudioTrayError
from studio_tray.tray import menu
from studio_tray.tray import xorg as tray_xorg
from studio_tray.tray.support import (
    check_session_bus,
    desktop_hint,
    first_line,
    load_icon,
    no_tray_error,
)

log = logging.getLogger(__name__)

GLIB_BACKENDS = ("gtk", "appindicator")


class Actions(Protocol):
    """What the view calls back into (``app.App``)."""

    def dispatch(self, action: str | None, target: str | None = None) -> None:
        """Run a menu action."""

    def open_picker(self) -> None:
        """Show the picker (used where the backend has no menu)."""


@dataclass(frozen=True)
class BackendInfo:
    """Which pystray backend this system gets, and what it can do."""

    name: str
    has_menu: bool
    has_notification: bool
    error: str | None = None


def backend_info() -> BackendInfo:
    """The pystray backend in use here (honours ``$PYSTRAY_BACKEND``), for ``doctor``."""
    try:
        import pystray
    except Exception as exc:  # no display, no GTK, unknown backend name...
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        return BackendInfo("none", False, False, f"{type(exc).__name__}: {first}")
    icon_cls = pystray.Icon
    return BackendInfo(
        name=icon_cls.__module__.rsplit("._", 1)[-1],
        has_menu=bool(icon_cls.HAS_MENU),
        has_notification=bool(icon_cls.HAS_NOTIFICATION),
    )


# GTK probes OpenGL when it opens an X display, to choose its visuals, unless a GTK program
# before it on the same X server left its choice on the root window (GDK_VISUALS). A tray
# started at login is often that first program: with Mesa the probe maps its drivers and LLVM,
# 55 MB of the tray's RSS and 10 MiB of its own memory in the benchmark, for an icon and menus
# that never draw with GL. GDK reads the variable when it starts; it is removed again at once,
# so the browsers and windows the tray starts keep their GL.
NO_GL = ("GDK_GL", "disable")


def _import_pystray() -> Any:
    """pystray (its GTK backends open the display on import), with GTK's OpenGL off for this
    process unless the user set ``GDK_GL`` themselves."""
    name, value = NO_GL
    ours = name not in os.environ
    if ours:
        os.environ[name] = value
    try:
        import pystray
    except Exception as exc:  # no display, no GTK, unknown $PYSTRAY_BACKEND...
        raise no_tray_error(exc) from None
    finally:
        if ours:
            os.environ.pop(name, None)
    return pystray


class PystrayView:
    """A ``TrayView`` on pystray: icon per state, tooltip, menu, notifications."""

    def __init__(self, actions: Actions) -> None:
        self._actions = actions
        self._icon: Any = None
        self._pystray: Any = None
        self._backend = "none"
        self._pending: tuple[menu.Menu, str, str] | None = None
        self._images: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._stop_requested = threading.Event()
        self.has_notification = False
        self.has_menu = True

    @property
    def backend(self) -> str:
        """The backend's name (gtk, appindicator, xorg, darwin, win32), once ``run`` started."""
        return self._backend

    def update(self, model: menu.Menu, state: str, tooltip: str) -> None:
        """Show ``model``, ``state``'s icon and ``tooltip``; safe from any thread."""
        with self._lock:
            if self._icon is None:
                self._pending = (model, state, tooltip)
                return
            self._apply(model, state, tooltip)

    def _apply(self, model: menu.Menu, state: str, tooltip: str) -> None:
        if state not in self._images:
            self._images[state] = load_icon(state)
        self._icon.icon = self._images[state]
        self._icon.title = tooltip
        if self.has_menu:
            self._icon.menu = self._convert(model)  # the setter rebuilds the native menu

    def notify(self, title: str, message: str) -> None:
        """A desktop notification (only where the backend has them)."""
        if self._icon is not None and self.has_notification:
            self._icon.notify(message, title)

    def run(self, ready: Callable[[], None]) -> None:
        """Show the icon and run the toolkit loop on this (the main) thread until ``stop``.

        Raises ``StudioTrayError`` when no tray can be shown here (no display, no session bus).
        """
        pystray = _import_pystray()
        self._pystray = pystray
        icon_cls = pystray.Icon
        self._backend = icon_cls.__module__.rsplit("._", 1)[-1]
        self.has_menu = bool(icon_cls.HAS_MENU)
        self.has_notification = bool(icon_cls.HAS_NOTIFICATION)
        log.info("tray backend: %s (menu: %s)", self._backend, self.has_menu)
        if self._backend in GLIB_BACKENDS:
            check_session_bus()
        sigint = signal.getsignal(signal.SIGINT)
        with self._lock:
            pending = self._pending or (menu.Menu(), "idle", "studio-tray")
            self._icon = pystray.Icon(
                "studio-tray", load_icon(pending[1]), pending[2], menu=self._root_menu()
            )
            self._apply(*pending)
        if self._backend == "xorg":
            tray_xorg.listen_for_clicks(self._icon)

        failed = threading.Event()

        def setup(icon: Any) -> None:
            if failed.is_set():
                return
            if self._stop_requested.is_set():  # quit arrived while the icon was starting
                icon.stop()
                return
            icon.visible = True
            if self._backend == "xorg":
                threading.Thread(
                    target=tray_xorg.redock_if_lost,
                    args=(icon, self._stop_requested),
                    name="xorg-dock",
                    daemon=True,
                ).start()
            if self._backend in GLIB_BACKENDS:
                self._restore_sigint(sigint)
            ready()

        if self._stop_requested.is_set():
            return
        try:
            self._icon.run(setup=setup)
        except Exception as exc:
            if self._stop_requested.is_set():
                # pystray's GTK backend closes its notification on the way out and raises when
                # no notification service is on the session bus; the tray is already gone.
                log.debug("ignored error while the tray stopped: %s", type(exc).__name__)
                return
            failed.set()
            self._release_setup_thread()
            raise StudioTrayError(
                f"the tray icon could not start ({first_line(exc)})", hint=desktop_hint()
            ) from None

    def stop(self) -> None:
        """End ``run``; safe from any thread and from signal handlers."""
        self._stop_requested.set()
        if self._icon is not None:
            self._icon.stop()

    def _release_setup_thread(self) -> None:
        # pystray's setup thread is not a daemon and waits for "ready"; when the backend fails
        # before that, it would keep the process alive forever after main() returned.
        if not getattr(self._icon, "_running", True):
            with contextlib.suppress(Exception):
                self._icon._mark_ready()

    def _restore_sigint(self, handler: Any) -> None:
        # pystray's GTK loop resets SIGINT to the default (kill); put the app's back, from the
        # main loop because only the main thread may set signal handlers.
        # Waits until it is done, so "ready" (and the log line tests wait for) comes after.
        from gi.repository import GLib

        done = threading.Event()

        def restore() -> bool:
            try:
                if callable(handler):
                    signal.signal(signal.SIGINT, handler)
            finally:
                done.set()
            return False

        GLib.idle_add(restore)
        if not done.wait(5):
            log.warning("could not restore the Ctrl-C handler in time")

    def _root_menu(self) -> Any:
        if self.has_menu:
            return None
        # No menu (xorg backend): a click on the icon opens the picker instead.
        item = self._pystray.MenuItem(
            "Open picker", lambda *_: self._actions.open_picker(), default=True, visible=False
        )
        return self._pystray.Menu(item)

    def _convert(self, model: menu.Menu) -> Any:
        # A hidden default item: a left click (where the backend reports one) opens the picker.
        picker = self._pystray.MenuItem(
            "Open picker", self._handler(menu.OPEN_PICKER, None), default=True, visible=False
        )
        return self._pystray.Menu(picker, *[self._entry(e) for e in model.entries])

    def _entry(self, entry: menu.Entry) -> Any:
        pystray = self._pystray
        if isinstance(entry, menu.Separator):
            return pystray.Menu.SEPARATOR
        if entry.submenu:
            return pystray.MenuItem(
                entry.label, pystray.Menu(*[self._entry(e) for e in entry.submenu])
            )
        checked = None if entry.checked is None else (lambda _item, v=entry.checked: v)
        return pystray.MenuItem(
            entry.label,
            self._handler(entry.action, entry.target),
            checked=checked,
            enabled=entry.enabled,
        )

    def _handler(self, action: str | None, target: str | None) -> Callable[..., None]:
        def handle(_icon: Any = None, _item: Any = None) -> None:
            self._actions.dispatch(action, target)

        return handle
