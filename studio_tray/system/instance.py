"""One tray (and one settings window) per user: an OS file lock in the state folder.

The lock is held on an open file (``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` on
Windows), so the OS drops it when the process ends in any way: a crashed run's leftover file
never blocks the next start. The file holds the owner's pid, for people and ``doctor``,
and for ``wake``: a second settings window asks the open one to come forward with
``RAISE_SIGNAL`` (SIGUSR1; none on Windows, where the second one only says it is open).
The owner listens before it takes the lock, so the pid in a held lock's file is always
one that listens (the signal's default would end the process).
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from types import TracebackType
from typing import IO

from studio_tray import atomic, paths
from studio_tray.errors import UnsafeFileError

LOCK_NAME = "tray.lock"
DEMO_LOCK_NAME = "demo.lock"
SETTINGS_LOCK_NAME = "settings.lock"
RAISE_SIGNAL: signal.Signals | None = getattr(signal, "SIGUSR1", None)
ALREADY_RUNNING = "studio-tray is already running"
DEMO_ALREADY_RUNNING = "the studio-tray demo is already running"


def lock_path(name: str = LOCK_NAME) -> Path:
    """The lock file of the tray (or, with ``DEMO_LOCK_NAME``, of the demo's tray)."""
    return paths.state_dir() / name


class InstanceLock:
    """Non-blocking exclusive lock; ``acquire()`` says whether this process got it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or lock_path()
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another live process holds it."""
        if self._file is not None:
            return True
        handle = _open(self.path)
        try:
            _lock(handle)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        """Give the lock up (also happens when the process ends)."""
        if self._file is None:
            return
        try:
            _unlock(self._file)
        finally:
            self._file.close()
            self._file = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._file is not None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _open(path: Path) -> IO[str]:
    """The lock file, opened for writing without following a symlink (a link planted there
    must not make the tray truncate its target) and without a traceback when it cannot be."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as err:
        if path.is_symlink():
            problem = "is a symbolic link (someone may be trying to make the tray overwrite a file)"
        else:
            problem = f"cannot be opened ({err.strerror or err})"
        raise UnsafeFileError(
            f"the tray's lock file {path} {problem}",
            hint=f"remove it (rm {path}) if no studio-tray is running, or fix its owner",
        ) from None
    info = os.fstat(fd)
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_nlink > 1):
        os.close(fd)
        raise UnsafeFileError(
            f"the tray's lock file {path} belongs to another user or has other names (links)",
            hint=f"remove it (rm {path}) if no studio-tray is running",
        )
    return os.fdopen(fd, "r+", encoding="utf-8")


def owner_pid(path: Path | None = None) -> int | None:
    """The pid written by the last holder, if readable (it may be stale)."""
    try:
        return int((path or lock_path()).read_text(encoding="utf-8").split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _lock(handle: IO[str]) -> None:
    atomic.try_lock(handle.fileno())


def _unlock(handle: IO[str]) -> None:
    atomic.unlock(handle.fileno())


def wake(pid: int) -> bool:
    """Ask process ``pid`` (a settings window) to come forward; False when it cannot be."""
    if RAISE_SIGNAL is None or pid <= 0:
        return False
    try:
        os.kill(pid, RAISE_SIGNAL)
    except OSError:
        return False
    return True


def listen_for_wake() -> threading.Event | None:
    """From now on ``wake`` sets the returned event instead of ending this process (the
    signal's default); None where there is no such signal. Call it before taking the lock,
    so no one can wake the process before it listens. Main thread only."""
    if RAISE_SIGNAL is None:
        return None
    woken = threading.Event()
    signal.signal(RAISE_SIGNAL, lambda _signum, _frame: woken.set())
    return woken


def wake_owner(path: Path, timeout: float = 1.0) -> bool:
    """``wake`` the process holding the lock at ``path``; its pid is written just after it
    took the lock, so a moment is allowed for it. False when no one could be woken."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        pid = owner_pid(path)
        if pid is not None and pid != os.getpid() and wake(pid):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
