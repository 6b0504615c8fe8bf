"""Replace a file atomically: a reader sees the old bytes or the new ones, never a mix; and
hold an OS file lock around a read-modify-write, so two writers never lose each other's edit.

Temp file in the same folder, fsync, ``os.replace``, fsync the folder. The file keeps its mode;
a new file is private (0600) and missing folders are created (0700). A symlinked file is
written through the link, so a dotfiles setup keeps its link. On any error the temp file is
removed, the old file is untouched and the ``OSError`` propagates.

``locked(lock)`` holds an exclusive lock on the file ``lock`` (``fcntl.flock`` /
``msvcrt.locking``: the OS drops it when the process ends in any way).
``try_lock`` and ``unlock`` are that OS call, shared with the tray's instance lock.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

WriteCall = Callable[[int, memoryview], int]
LOCK_WAIT = 60.0  # seconds a writer waits for another to finish before giving up


def write_atomic(
    path: Path, data: bytes, *, new_mode: int = 0o600, write: WriteCall = os.write
) -> None:
    """Atomically make ``path`` hold ``data``. ``write`` is the OS call (a seam for tests)."""
    target = path.resolve() if path.is_symlink() else path
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = new_mode
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, mode)
        view = memoryview(data)
        while view:
            view = view[write(fd, view) :]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, target)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; Windows cannot open a folder, and NTFS journals renames.
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(lock: Path, timeout: float = LOCK_WAIT) -> Iterator[None]:
    """Hold an exclusive lock on the file ``lock`` (made 0600, never through a symlink) while
    the block runs, waiting up to ``timeout`` for another holder.

    Raises ``TimeoutError`` when another process keeps it longer, ``OSError`` when the lock file
    cannot be opened.
    """
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(lock, flags, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                try_lock(fd)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{lock} is held by another process") from None
                time.sleep(0.02)
        try:
            yield
        finally:
            unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def try_lock(fd: int) -> None:
        """Take the exclusive lock on the open file ``fd`` now, or raise ``OSError``."""
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def unlock(fd: int) -> None:
        """Give up the lock taken with ``try_lock``."""
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def try_lock(fd: int) -> None:
        """Take the exclusive lock on the open file ``fd`` now, or raise ``OSError``."""
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def unlock(fd: int) -> None:
        """Give up the lock taken with ``try_lock``."""
        fcntl.flock(fd, fcntl.LOCK_UN)
