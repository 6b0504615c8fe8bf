"""Global hotkeys: the pynput listener (the edge); combos are parsed in ``hotkeys.combo``."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from studio_tray.hotkeys.debounce import Debouncer

log = logging.getLogger(__name__)

START_TIMEOUT = 5.0


def _end_x_record(listener: Any) -> None:
    """End pynput's X11 listener thread now.

    pynput 1.8's ``stop()`` disables the XRecord context on the connection whose reply the
    listener's own thread is blocked reading, so the request is never sent: the thread lived
    on and ``stop`` waited out its 2 s join on every quit and config reload. The listener's
    other connection (the one pynput's own clean-up uses) delivers it at once. Other backends
    have neither attribute and are left alone.
    """
    display, context = getattr(listener, "_display_stop", None), getattr(listener, "_context", None)
    if display is None or context is None:
        return
    try:
        display.record_disable_context(context)
        display.flush()
    except Exception as exc:  # the thread may have closed the connection on its way out
        log.debug("hotkey listener already ending (%s)", type(exc).__name__)


class HotkeyService:
    """A pynput keyboard listener firing callbacks for combos; a held combo fires once.

    Callbacks run on their own short thread, so a slow one never stalls the listener (which on
    X11 would delay every key event of the session).
    """

    def __init__(self, mapping: Mapping[str, Callable[[], object]] | None = None) -> None:
        self._mapping: dict[str, Callable[[], object]] = dict(mapping or {})
        self._listener: Any = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """Whether a listener is running."""
        return self._listener is not None and self._listener.is_alive()

    @property
    def combos(self) -> tuple[str, ...]:
        """The combos listened for."""
        return tuple(self._mapping)

    def start(self) -> None:
        """Start listening (imports pynput: needs a display). No combos, no listener."""
        with self._lock:
            self._stop_locked()
            if self._mapping:
                listener = self._make_listener(self._mapping)
                listener.start()
                _wait_ready(listener, START_TIMEOUT)
                self._listener = listener
                log.info("hotkeys: listening for %s", ", ".join(self._mapping))

    def restart(self, mapping: Mapping[str, Callable[[], object]]) -> None:
        """Replace the combos (config reload): old ones stop working, new ones work."""
        self._mapping = dict(mapping)
        self.start()

    def stop(self) -> None:
        """Stop listening."""
        with self._lock:
            self._stop_locked()

    def _stop_locked(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()
            _end_x_record(listener)
            try:
                listener.join(2)
            except Exception as exc:  # pynput re-raises the listener thread's error here
                log.info("hotkey listener ended with %s", type(exc).__name__)

    @staticmethod
    def _make_listener(mapping: Mapping[str, Callable[[], object]]) -> Any:
        from pynput import keyboard

        keys = {combo: keyboard.HotKey.parse(combo) for combo in mapping}
        debounce = Debouncer(keys)

        def fire(combo: str) -> None:
            if debounce.activated(combo):
                log.info("hotkey %s", combo)
                threading.Thread(target=_call, args=(combo, mapping[combo]), daemon=True).start()

        hotkeys = [
            keyboard.HotKey(parsed, lambda combo=combo: fire(combo))
            for combo, parsed in keys.items()
        ]

        def on_press(key: Any) -> None:
            canonical = listener.canonical(key)
            for hotkey in hotkeys:
                hotkey.press(canonical)

        def on_release(key: Any) -> None:
            canonical = listener.canonical(key)
            debounce.released(canonical)
            for hotkey in hotkeys:
                hotkey.release(canonical)

        listener = keyboard.Listener(on_press=on_press, on_release=on_release)
        return listener


def _wait_ready(listener: Any, timeout: float) -> None:
    # pynput's wait() blocks forever when the listener thread dies before it is ready.
    waiter = threading.Thread(target=listener.wait, name="hotkeys-ready", daemon=True)
    waiter.start()
    deadline = time.monotonic() + timeout
    while waiter.is_alive() and listener.is_alive() and time.monotonic() < deadline:
        waiter.join(0.05)
    if waiter.is_alive():
        listener.stop()
        raise RuntimeError("the keyboard listener did not start")


def _call(combo: str, callback: Callable[[], object]) -> None:
    try:
        callback()
    except Exception:
        log.exception("hotkey %s: its action failed", combo)
