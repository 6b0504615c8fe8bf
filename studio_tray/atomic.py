"""Replace a file atomically: a reader sees the old bytes or the new ones, never a mix.

Temp file in the same folder, fsync, ``os.replace``, fsync the folder. The file keeps its mode;
a new file is private (0600) and missing folders are created (0700). A symlinked file is
written through the link, so a dotfiles setup keeps its link. On any error the temp file is
removed, the old file is untouched and the ``OSError`` propagates.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

WriteCall = Callable[[int, memoryview], int]


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
