"""Where the app keeps its config, state (locks, sockets) and logs.

``--config`` beats ``STUDIO_TRAY_CONFIG`` beats the platform's config folder. State and log
folders follow platformdirs and can be moved with ``STUDIO_TRAY_STATE_DIR`` and
``STUDIO_TRAY_LOG_DIR`` (tests use these to keep runs apart).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from studio_tray import APP_NAME

CONFIG_ENV = "STUDIO_TRAY_CONFIG"
STATE_ENV = "STUDIO_TRAY_STATE_DIR"
LOG_ENV = "STUDIO_TRAY_LOG_DIR"
CACHE_ENV = "STUDIO_TRAY_CACHE_DIR"


def config_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The config file to use: the explicit override, ``$STUDIO_TRAY_CONFIG``, or the default."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def state_dir() -> Path:
    """Folder for locks and the hand-off socket; created private (0700) on first use."""
    env = os.environ.get(STATE_ENV)
    path = Path(env) if env else Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    return _private_dir(path)


def log_dir() -> Path:
    """Folder for the rotating log; created private (0700) on first use."""
    env = os.environ.get(LOG_ENV)
    path = Path(env) if env else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return _private_dir(path)


def cache_dir() -> Path:
    """Folder for derived, non-secret data (the trimmed service model); made on first use."""
    env = os.environ.get(CACHE_ENV)
    path = Path(env) if env else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    return _private_dir(path)


def log_file() -> Path:
    """The app's log file."""
    return log_dir() / "studio-tray.log"


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
