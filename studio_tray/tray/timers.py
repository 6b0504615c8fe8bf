"""Named one-shot timers for the tray's timed work (reminders, status refreshes).

Nothing here repeats: each timer runs once, and setting a name again replaces its timer, so
an idle tray with nothing due holds no timer at all (no wake-ups, no CPU). The timer factory
is a parameter (``threading.Timer`` in the app, a fake clock's in tests).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger(__name__)


class Timer(Protocol):
    """A started one-shot timer."""

    def cancel(self) -> None:
        """Do not run it (a no-op once it ran)."""


TimerFactory = Callable[[float, Callable[[], None]], Timer]
"""``factory(delay_seconds, action)``: a started timer that calls ``action`` once."""


def thread_timer(delay: float, action: Callable[[], None]) -> Timer:
    """A daemon ``threading.Timer`` (quitting never waits for it), started."""
    timer = threading.Timer(max(0.0, delay), action)
    timer.daemon = True
    timer.name = "tray-timer"
    timer.start()
    return timer


class OneShots:
    """At most one pending timer per name; thread-safe."""

    def __init__(self, factory: TimerFactory = thread_timer) -> None:
        self._factory = factory
        self._timers: dict[str, Timer] = {}
        self._stopped = False
        self._lock = threading.Lock()

    def set(self, name: str, delay: float, action: Callable[[], None]) -> None:
        """Run ``action`` once after ``delay`` seconds, replacing timer ``name``'s."""

        def run() -> None:
            with self._lock:
                if self._timers.get(name) is not timer:
                    return  # replaced or cancelled meanwhile
                del self._timers[name]
            try:
                action()
            except Exception:  # a timer thread must not die with a traceback on stderr
                log.exception("timed work %s failed", name)

        with self._lock:
            if self._stopped:
                return
            old = self._timers.pop(name, None)
            if old is not None:
                old.cancel()
            timer = self._factory(delay, run)
            self._timers[name] = timer

    def cancel(self, name: str) -> None:
        """Drop timer ``name`` if one is pending."""
        with self._lock:
            old = self._timers.pop(name, None)
        if old is not None:
            old.cancel()

    def pending(self) -> frozenset[str]:
        """The names with a timer pending."""
        with self._lock:
            return frozenset(self._timers)

    def stop(self) -> None:
        """Cancel every timer and set no more (on quit)."""
        with self._lock:
            self._stopped = True
            timers, self._timers = list(self._timers.values()), {}
        for timer in timers:
            timer.cancel()
