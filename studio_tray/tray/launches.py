"""Launches in flight: one worker thread per click, one launch per shortcut at a time.

``Launches`` runs ``launcher.open`` off the UI thread, ignores a click on a shortcut that is
still launching, and remembers the last failure until the next success (the icon's error
state). A launch that needs an IAM Identity Center sign-in hands it to ``sign_in`` (the
tray's ``SignInService``) and carries on once signed in. It tells its owner about every
change through ``on_change``, about failures through ``on_failure`` and, through
``on_news``, that a space the click had to start is ready; it never raises from a worker.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from studio_tray.errors import SignInRequired, StudioTrayError
from studio_tray.model import Config, Shortcut
from studio_tray.spaces import lifecycle

if TYPE_CHECKING:
    from studio_tray.aws.launcher import Launcher

log = logging.getLogger(__name__)

# ``ensure_running`` outcomes where the click waited for the space to start: worth saying so.
READY_OUTCOMES = (lifecycle.STARTED, lifecycle.JOINED)


class Launches:
    """Tracks running launches and the last failure; thread-safe."""

    def __init__(
        self,
        launcher: Launcher,
        on_change: Callable[[], None],
        on_failure: Callable[[str, str], None],
        sign_in: Callable[[SignInRequired, str], None] | None = None,
        on_news: Callable[[str, str], None] | None = None,
    ) -> None:
        self.launcher = launcher
        self._sign_in = sign_in
        self._on_change = on_change
        self._on_failure = on_failure
        self._on_news = on_news  # (title, message): a space this click started is ready
        self._running: set[str] = set()
        self._starting: dict[str, float] = {}  # shortcut -> seconds its space has been starting
        self._failure: str | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> frozenset[str]:
        """Names of shortcuts launching now."""
        with self._lock:
            return frozenset(self._running)

    @property
    def starting(self) -> dict[str, float]:
        """Shortcuts whose space is being started before opening, with the seconds so far."""
        with self._lock:
            return dict(self._starting)

    @property
    def failure(self) -> str | None:
        """``"NAME failed: why"`` of the last launch if it failed, else None."""
        with self._lock:
            return self._failure

    def start(
        self, config: Config, name: str, on_done: Callable[[str | None], None] | None = None
    ) -> threading.Thread | None:
        """Launch shortcut ``name`` of ``config`` on a new thread; None when unknown or busy.

        ``on_done(failure)`` is called from the worker when the launch ends (None = opened).
        """
        if config.shortcut(name) is None:
            log.warning("no shortcut called %r", name)
            return None
        with self._lock:
            if name in self._running:
                log.info("shortcut %r is still launching; click ignored", name)
                return None
            self._running.add(name)
        # A daemon thread: quitting must not wait for a slow network call. It starts before the
        # busy icon is shown (rebuilding the native menu takes milliseconds): each update shows
        # the state of that moment, so the last one is right whichever runs first.
        worker = threading.Thread(
            target=self._run, args=(config, name, on_done), name="launch", daemon=True
        )
        worker.start()
        self._on_change()
        return worker

    def _progress(self, name: str) -> Callable[[str, float], None]:
        def progress(status: str, elapsed: float) -> None:
            with self._lock:
                if status in ("InService", "Failed"):
                    self._starting.pop(name, None)
                else:
                    self._starting[name] = elapsed
            self._on_change()

        return progress

    def _open(self, config: Config, shortcut: Shortcut) -> str | None:
        # The space is started inside launcher.open, after the client (and so any Identity
        # Center sign-in): the retry after signing in starts it too.
        progress = self._progress(shortcut.name)
        try:
            return self.launcher.open(config, shortcut, progress=progress)
        except SignInRequired as needed:
            if self._sign_in is None:
                raise
            self._sign_in(needed, shortcut.browser or config.settings.browser)
            return self.launcher.open(config, shortcut, progress=progress)

    def _run(self, config: Config, name: str, on_done: Callable[[str | None], None] | None) -> None:
        shortcut = config.shortcut(name)
        assert shortcut is not None
        started = time.perf_counter()
        failure: str | None = None
        outcome: str | None = None
        try:
            outcome = self._open(config, shortcut)
        except StudioTrayError as err:
            failure = str(err)
        except Exception as exc:  # the tray must outlive any bug in a launch
            log.exception("shortcut %r: unexpected %s", name, type(exc).__name__)
            failure = "unexpected error; see the log"
        with self._lock:
            self._running.discard(name)
            self._starting.pop(name, None)
            self._failure = f"{name} failed: {failure}" if failure else None
        if not failure:
            # Each click's own time (the benchmark compares the first click with warm ones).
            log.info("shortcut %r opened in %.1f ms", name, (time.perf_counter() - started) * 1000)
        if on_done is not None:  # a hand-off's answer first: notes, icon and menu follow
            on_done(failure)
        if failure:
            self._on_failure(f"{name} failed", failure)
        elif outcome in READY_OUTCOMES and self._on_news is not None:
            message = f"Space {shortcut.space} is running; Studio opens in the browser."
            self._on_news(f"{name} is ready", message)
        self._on_change()
