"""One tray per user: an OS file lock in the state folder.

The lock is held on an open file (``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` on
Windows), so the OS drops it when the process ends in any way: a crashed run's leftover file
never blocks the next start. The file holds the owner's pid, for people and ``doctor``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from studio_tray import paths

LOCK_NAME = "tray.lock"
DEMO_LOCK_NAME = "demo.lock"
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
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
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


def owner_pid(path: Path | None = None) -> int | None:
    """The pid written by the last holder, if readable (it may be stale)."""
    try:
        return int((path or lock_path()).read_text(encoding="utf-8").split()[0])
    except (OSError, ValueError, IndexError):
        return None


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
