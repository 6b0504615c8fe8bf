"""What every start-at-login backend offers, and the status it reports."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from studio_tray.atomic import write_atomic
from studio_tray.errors import StudioTrayError

State = Literal["enabled", "disabled", "broken"]
CommandSource = Callable[[], list[str]]

REPAIR_HINT = "run `studio-tray autostart enable` to repair"


class AutostartError(StudioTrayError):
    """Start at login could not be read or changed (permissions, registry, unreadable file)."""


@dataclass(frozen=True)
class AutostartStatus:
    """Start-at-login state: ``broken`` means an entry exists but its program is gone."""

    state: State
    location: str
    command: tuple[str, ...] = ()
    problem: str | None = None

    @property
    def enabled(self) -> bool:
        """True when an entry exists (even a broken one): what the tray's check item shows."""
        return self.state != "disabled"

    def lines(self) -> list[str]:
        """The user-facing report, one line each: state, where, command and any problem."""
        out = [f"start at login: {self.state}", f"where: {self.location}"]
        if self.command:
            out.append(f"command: {format_command(self.command)}")
        if self.problem:
            out.append(f"broken: {self.problem}; {REPAIR_HINT}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


class Autostart(Protocol):
    """The interface the CLI, the tray and ``doctor`` use, whatever the OS."""

    def enable(self) -> str:
        """Write (or rewrite, repairing a broken one) the entry; return a one-line description."""
        ...

    def disable(self) -> bool:
        """Remove the entry; True when there was one."""
        ...

    def is_enabled(self) -> bool:
        """True when an entry exists (see ``AutostartStatus.enabled``)."""
        ...

    def describe(self) -> AutostartStatus:
        """The full state: enabled/disabled/broken, where, and the recorded command."""
        ...


def format_command(command: Sequence[str]) -> str:
    """A one-line rendering for messages, quoted the way this OS's shell reads it."""
    if os.name == "nt":
        return subprocess.list2cmdline(list(command))
    return shlex.join(command)


def entry_status(location: str, command: Sequence[str]) -> AutostartStatus:
    """Status of an existing entry: ``broken`` when the program it starts is gone."""
    if not command:
        return AutostartStatus("broken", location, (), "the entry has no command")
    program = Path(command[0])
    if not program.is_absolute():
        return AutostartStatus("broken", location, tuple(command), f"{program} is not absolute")
    if not program.exists():
        return AutostartStatus("broken", location, tuple(command), f"{program} no longer exists")
    return AutostartStatus("enabled", location, tuple(command))


def describe_enabled(status: AutostartStatus) -> str:
    """One-line summary returned by ``enable()``."""
    return f"start at login enabled: {status.location} runs {format_command(status.command)}"


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (world-readable, as login items must be) so a crash never
    leaves a half-written entry; a failure is an :class:`AutostartError` naming the file."""
    try:
        write_atomic(path, data, new_mode=0o644)
    except OSError as err:
        raise AutostartError(f"cannot write {path}", hint=err.strerror or str(err)) from err


class EntryFileAutostart:
    """A backend whose entry is one file (XDG ``.desktop``, LaunchAgent plist): subclasses say
    where it lives, what it holds and how to read it back."""

    @property
    def path(self) -> Path:
        """The file this backend writes."""
        raise NotImplementedError

    def entry(self) -> bytes:
        """The file's content for the current command."""
        raise NotImplementedError

    def describe(self) -> AutostartStatus:
        """What the file says: enabled, disabled or broken."""
        raise NotImplementedError

    def enable(self) -> str:
        """Write the entry for the current command (this also repairs a broken one)."""
        write_atomically(self.path, self.entry())
        return describe_enabled(self.describe())

    def disable(self) -> bool:
        """Remove the entry; True when there was one."""
        return remove_file(self.path)

    def is_enabled(self) -> bool:
        """True when an active entry exists (even if its program is gone)."""
        return self.describe().enabled


def remove_file(path: Path) -> bool:
    """Delete ``path``; True when it existed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as err:
        raise AutostartError(f"cannot remove {path}", hint=err.strerror or str(err)) from err
    return True
