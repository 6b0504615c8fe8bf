"""The tray's "Discover shortcuts..." entry: discovery for every profile, in the background.

Adds what is new for the user profiles already in use (all of them when there are no
shortcuts yet), reloads the config and says how many were added. One run at a time.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from studio_tray.errors import StudioTrayError

if TYPE_CHECKING:
    from studio_tray.tray.protocols import TrayApp

log = logging.getLogger(__name__)
TITLE = "Discover shortcuts"


class DiscoveryRunner:
    """Runs ``discovery_run.discover_and_add`` off the UI thread for an ``App``."""

    def __init__(self, app: TrayApp) -> None:
        self._app = app
        self._running = threading.Event()

    @property
    def running(self) -> bool:
        """Whether a discovery is under way."""
        return self._running.is_set()

    def start(self) -> threading.Thread | None:
        """Begin a discovery; None when one is already running."""
        if self._running.is_set():
            return None
        self._running.set()
        self._app.refresh()
        worker = threading.Thread(target=self._run, name="discover", daemon=True)
        worker.start()
        return worker

    def _run(self) -> None:
        from studio_tray.discovery.run import discover_and_add

        try:
            result = discover_and_add(self._app.configs.current, self._app.launcher)
            for warning in result.warnings:
                log.warning("discover: %s", warning)
            for note in result.skipped:
                log.info("discover: %s", note)
            self._app.reload(refresh=False)
            self._app.notify(TITLE, result.message)
        except StudioTrayError as err:
            self._app.report(TITLE, str(err))
        except Exception as exc:  # the tray must outlive any bug here
            log.exception("discovery failed")
            self._app.report(TITLE, f"{type(exc).__name__}; see the log")
        finally:
            self._running.clear()
            self._app.refresh()
