"""The command that start-at-login runs: the absolute path of what is running now, plus ``run``.

In order: the PyInstaller executable (``sys.frozen``), else the ``studio-tray`` console script
next to the interpreter, in its scripts folder or on PATH, else ``<python> -m studio_tray``.
Paths are made absolute but symlinks are kept: a venv's ``python`` is a symlink whose target
lies outside the venv, and resolving it would lose the venv.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from collections.abc import Callable, Sequence
from pathlib import Path

SCRIPT_NAME = "studio-tray"
START_VERB = "run"


def program_command(
    *,
    frozen: bool | None = None,
    executable: str | None = None,
    script_dirs: Sequence[str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
    windows: bool | None = None,
) -> list[str]:
    """The program part of the command (no ``run``). Every argument defaults to this process."""
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    interpreter = _absolute(sys.executable if executable is None else executable)
    if frozen:
        return [interpreter]
    if script_dirs is None:
        script_dirs = [str(Path(interpreter).parent), sysconfig.get_path("scripts")]
    windows = os.name == "nt" if windows is None else windows
    names = [f"{SCRIPT_NAME}.exe", SCRIPT_NAME] if windows else [SCRIPT_NAME]
    for folder in script_dirs:
        for name in names:
            candidate = Path(folder) / name
            if candidate.is_file():
                return [_absolute(str(candidate))]
    found = which(SCRIPT_NAME)
    if found:
        return [_absolute(found)]
    return [interpreter, "-m", "studio_tray"]


def start_command(
    *,
    frozen: bool | None = None,
    executable: str | None = None,
    script_dirs: Sequence[str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
    windows: bool | None = None,
) -> list[str]:
    """The full command start-at-login records: ``program_command(...)`` followed by ``run``."""
    program = program_command(
        frozen=frozen,
        executable=executable,
        script_dirs=script_dirs,
        which=which,
        windows=windows,
    )
    return [*program, START_VERB]


def _absolute(path: str) -> str:
    return str(Path(path).expanduser().absolute())
