"""The tray's view of its config file: the last config that loaded, and why it fails now.

A reload that fails keeps the last good config (its shortcuts stay usable) and remembers the
error for the menu; a reload that works replaces both and tells the listeners.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from studio_tray.errors import ConfigError
from studio_tray.model import Config

log = logging.getLogger(__name__)


class ConfigState:
    """Last good config of ``path`` (or a fixed config, as in the demo) plus the current error."""

    def __init__(self, path: Path | None, fixed: Config | None = None) -> None:
        self.path = path
        self.fixed = fixed is not None
        self._config = fixed or Config(path=path or Path("config.toml"))
        self._error: ConfigError | None = None
        self._listeners: list[Callable[[Config], None]] = []
        self._lock = threading.Lock()

    @property
    def current(self) -> Config:
        """The last config that loaded."""
        with self._lock:
            return self._config

    @property
    def error(self) -> ConfigError | None:
        """Why the file does not load right now, or None."""
        with self._lock:
            return self._error

    def on_reload(self, listener: Callable[[Config], None]) -> None:
        """Call ``listener(config)`` after each successful reload."""
        self._listeners.append(listener)

    def reload(self) -> bool:
        """Re-read the file; True when it loaded. A fixed config never changes."""
        if self.fixed or self.path is None:
            return True
        from studio_tray import config as config_file

        try:
            loaded = config_file.load(self.path)
        except ConfigError as err:
            with self._lock:
                self._error = err
            log.warning("config %s does not load: %s", self.path, err)
            return False
        with self._lock:
            self._config, self._error = loaded, None
        log.info("config loaded: %d shortcuts", len(loaded.shortcuts))
        for listener in list(self._listeners):
            try:
                listener(loaded)
            except Exception:  # one broken listener must not stop the others or the tray
                log.exception("reload listener failed")
        return True
