"""Where the app keeps its config, state (locks, sockets) and logs.

``--config`` beats ``STUDIO_TRAY_CONFIG`` beats the platform's config folder. State and log
folders follow platformdirs and can be moved with ``STUDIO_TRAY_STATE_DIR`` and
``STUDIO_TRAY_LOG_DIR`` (tests use these to keep runs apart).

Locks, the hand-off socket and key, and the browser's one-shot pages live in these folders, so
each is checked before use (``check_private``): it must be a real folder owned by this user that
no other user can write, or the command stops with one line saying what to fix.
"""

from __future__ import annotations

import os
import stat
import sys

from studio_tray import APP_NAME
from studio_tray.errors import UnsafeFileError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a hand-off is timed
if TYPE_CHECKING:
    from pathlib import Path

CONFIG_ENV = "STUDIO_TRAY_CONFIG"
STATE_ENV = "STUDIO_TRAY_STATE_DIR"
LOG_ENV = "STUDIO_TRAY_LOG_DIR"
CACHE_ENV = "STUDIO_TRAY_CACHE_DIR"


def _path(location: str) -> Path:
    from pathlib import Path

    return Path(location)


def tidy(location: str) -> str:
    """``location`` written as ``str(pathlib.Path(location))`` writes it, without importing
    pathlib on a POSIX system (a handed-off ``open`` passes its paths as strings, and pathlib
    with what it imports costs it more than connecting to the tray): no empty or ``.`` parts,
    no trailing slash. ``tests/unit/test_paths.py`` holds it to pathlib."""
    if sys.platform == "win32":
        return str(_path(location))
    if location.startswith("//") and not location.startswith("///"):
        lead = "//"
    else:
        lead = "/" if location.startswith("/") else ""
    return lead + "/".join(part for part in location.split("/") if part not in ("", ".")) or "."


def config_location(override: str | os.PathLike[str] | None = None) -> str:
    """``config_path`` as a string: the explicit override, ``$STUDIO_TRAY_CONFIG``, or the
    default."""
    chosen = override or os.environ.get(CONFIG_ENV)
    if chosen:
        return tidy(os.path.expanduser(os.fspath(chosen)))
    return tidy(os.path.join(_platform_folder(_CONFIG), "config.toml"))


def config_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The config file to use: the explicit override, ``$STUDIO_TRAY_CONFIG``, or the default."""
    return _path(config_location(override))


_CONFIG, _STATE, _LOG, _CACHE = "config", "state", "log", "cache"
# The XDG variable and default of each folder kind, for ``_xdg_folder``.
_XDG = {
    _CONFIG: ("XDG_CONFIG_HOME", ".config"),
    _STATE: ("XDG_STATE_HOME", ".local/state"),
    _CACHE: ("XDG_CACHE_HOME", ".cache"),
}


def _xdg_folder(kind: str) -> str | None:
    """The app's ``kind`` folder on a plain Linux desktop without importing platformdirs (a
    handed-off ``open`` needs the config and state folders, and platformdirs costs it more than
    the rest of its imports); None wherever platformdirs must decide (other systems, Android,
    a relative ``HOME``). ``tests/unit/test_paths.py`` holds it to platformdirs' answers."""
    if not sys.platform.startswith("linux") or hasattr(sys, "getandroidapilevel"):
        return None
    if os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system":
        return None
    variable, default = _XDG[kind]
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, default)
    return os.path.join(base, APP_NAME)


def _platform_folder(kind: str) -> str:
    """The app's ``kind`` folder (config, state, log or cache) as platformdirs names it."""
    fast = _xdg_folder(kind) if kind in _XDG else None
    if fast is not None:
        return fast
    import platformdirs

    where = getattr(platformdirs, f"user_{kind}_dir")
    return str(where(APP_NAME, appauthor=False))


def default_config_path() -> Path:
    """The platform's config file (``~/.config/studio-tray/config.toml`` on Linux)."""
    return _path(os.path.join(_platform_folder(_CONFIG), "config.toml"))


def state_folder() -> str:
    """``state_dir`` as a string (the hand-off client's, which imports no pathlib)."""
    return _private_folder(os.environ.get(STATE_ENV) or _platform_folder(_STATE))


def state_dir() -> Path:
    """Folder for locks and the hand-off socket; created private (0700) on first use."""
    return _path(state_folder())


def log_dir() -> Path:
    """Folder for the rotating log; created private (0700) on first use."""
    return _path(_private_folder(os.environ.get(LOG_ENV) or _platform_folder(_LOG)))


def cache_dir() -> Path:
    """Folder for derived, non-secret data (the trimmed service model); made on first use."""
    return _path(_private_folder(os.environ.get(CACHE_ENV) or _platform_folder(_CACHE)))


def log_file() -> Path:
    """The app's log file."""
    return log_dir() / "studio-tray.log"


def check_private(path: str | os.PathLike[str], what: str = "folder") -> None:
    """Raise ``UnsafeFileError`` unless ``path`` is a folder of this user others cannot write.

    A symlink is followed only when its target passes the same checks. No-op on Windows (the
    per-user profile folders carry ACLs instead of modes).
    """
    if not hasattr(os, "getuid"):
        return
    try:
        info = os.stat(path)
    except OSError as err:
        raise UnsafeFileError(f"cannot use the {what} {path}: {err.strerror or err}") from None
    fix = f"make it yours and private (chown it to you, chmod 700 {path}) or use another folder"
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeFileError(f"the {what} {path} is not a folder", hint=fix)
    if info.st_uid != os.getuid():
        raise UnsafeFileError(
            f"the {what} {path} belongs to another user (uid {info.st_uid})", hint=fix
        )
    if info.st_mode & 0o022:
        raise UnsafeFileError(
            f"the {what} {path} can be written by other users (mode "
            f"{stat.S_IMODE(info.st_mode):o})",
            hint=fix,
        )


def _private_folder(location: str) -> str:
    """``location`` (tidied), made (0700, its parents as the umask says) and checked private."""
    location = tidy(location)
    try:
        os.makedirs(location, mode=0o700, exist_ok=True)
    except OSError as err:
        raise UnsafeFileError(
            f"cannot create the folder {location}: {err.strerror or err}"
        ) from None
    check_private(location)
    return location
