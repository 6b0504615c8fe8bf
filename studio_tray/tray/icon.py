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
import time
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


def once_built_icon(pystray: Any) -> Any:
    """``pystray.Icon`` whose native menu is built only when its ``menu`` is a new object.

    pystray's GTK and AppIndicator backends rebuild every native item on each
    ``update_menu()``, which pystray itself calls after every click and once more when the
    loop starts; each rebuild also destroys the old items, and GTK destroys a submenu (its own
    toplevel window) in time that grows with the number of submenus, so 10,000 groups took
    minutes. Our menus are plain values (no callables that change between builds), and
    ``PystrayView`` sets ``menu`` only when the model changed, so an unchanged ``menu`` object
    needs no rebuild.
    """

    class OnceBuiltIcon(pystray.Icon):
        _built: object = None
        after_build: Callable[[], None] | None = None  # called once each build is queued

        def update_menu(self) -> None:
            if self.menu is not None and self.menu is self._built:
                return
            self._built = self.menu
            super().update_menu()
            if self.after_build is not None:
                self.after_build()

    return OnceBuiltIcon


class PystrayView:
    """A ``TrayView`` on pystray: icon per state, tooltip, menu, notifications."""

    def __init__(self, actions: Actions) -> None:
        self._actions = actions
        self._icon: Any = None
        self._pystray: Any = None
        self._backend = "none"
        self._pending: tuple[menu.Menu, str, str] | None = None
        self._shown: menu.Menu | None = None  # the model the native menu was last built from
        self._shown_items = 0
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
        if self.has_menu and model != self._shown:
            self._shown = model
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
            model, state, tooltip = self._pending or (menu.Menu(), "idle", "studio-tray")
            if self.has_menu:
                # Given to the constructor, the menu is built once, when the loop is ready;
                # set afterwards, pystray would build it twice and destroy the first one.
                first, self._shown = self._convert(model), model
            else:
                first = self._root_menu()
            self._icon = once_built_icon(pystray)(
                "studio-tray", load_icon(state), tooltip, menu=first
            )
            if self._backend in GLIB_BACKENDS and self.has_menu:
                self._icon.after_build = self._log_when_built
            self._apply(model, state, tooltip)
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

    def _log_when_built(self) -> None:
        # Queued behind the build on the GLib loop, so the line means the new menu is in place
        # (and the old one destroyed); the GUI tests and bench_menu.py time updates by it.
        from gi.repository import GLib

        items, queued = self._shown_items, time.perf_counter()

        def built() -> bool:
            log.info("menu ready: %d items, %.0f ms", items, (time.perf_counter() - queued) * 1e3)
            return False

        GLib.idle_add(built)

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
        # No menu (xorg backend): a click on the icon opens the picker instead.
        item = self._pystray.MenuItem(
            "Open picker", lambda *_: self._actions.open_picker(), default=True, visible=False
        )
        return self._pystray.Menu(item)

    def _convert(self, model: menu.Menu) -> Any:
        self._shown_items = len(model.items())
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
            self._handler(entry.action, entry.target, rebuild=checked is not None),
            checked=checked,
            enabled=entry.enabled,
        )

    def _handler(
        self, action: str | None, target: str | None, rebuild: bool = False
    ) -> Callable[..., None]:
        def handle(_icon: Any = None, _item: Any = None) -> None:
            if rebuild and self._icon is not None:
                # GTK flips a check item itself; the rebuild pystray does after the click puts
                # it back to the model's state if the action failed.
                self._icon._built = None
            self._actions.dispatch(action, target)

        return handle
