"""macOS: a per-user LaunchAgent with ``RunAtLoad``.

``~/Library/LaunchAgents/<LABEL>.plist``; launchd loads every agent in that folder at the next
login and ``RunAtLoad`` starts it then. ``ProgramArguments`` is a list, so no quoting is
involved. Writing the file is the only OS action (no ``launchctl`` call: loading it now would
start a second copy while this one runs).
"""

from __future__ import annotations

import plistlib
from pathlib import Path
from typing import Any

from studio_tray.autostart.base import (
    AutostartError,
    AutostartStatus,
    CommandSource,
    EntryFileAutostart,
    entry_status,
)
from studio_tray.autostart.command import start_command

LABEL = "io.github.studio-tray"


def agent_plist(command: list[str], label: str = LABEL) -> dict[str, Any]:
    """The LaunchAgent's keys for ``command``."""
    return {
        "Label": label,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }


class LaunchAgent(EntryFileAutostart):
    """Start at login through a LaunchAgent plist."""

    def __init__(
        self,
        directory: Path | None = None,
        command: CommandSource = start_command,
        label: str = LABEL,
    ) -> None:
        self._directory = directory
        self._command = command
        self._label = label

    @property
    def path(self) -> Path:
        """The plist this backend writes."""
        folder = self._directory or Path.home() / "Library" / "LaunchAgents"
        return folder / f"{self._label}.plist"

    def entry(self) -> bytes:
        """The LaunchAgent plist for the current command."""
        return plistlib.dumps(agent_plist(self._command(), self._label), fmt=plistlib.FMT_XML)

    def describe(self) -> AutostartStatus:
        """Enabled, disabled (no plist, or ``Disabled`` set) or broken."""
        path = self.path
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return AutostartStatus("disabled", str(path))
        except OSError as err:
            raise AutostartError(f"cannot read {path}", hint=err.strerror or str(err)) from err
        try:
            keys = plistlib.loads(raw)
        except Exception:  # plistlib raises several unrelated types for bad input
            return AutostartStatus("broken", str(path), (), "the plist cannot be parsed")
        if not isinstance(keys, dict):
            return AutostartStatus("broken", str(path), (), "the plist is not a dictionary")
        if keys.get("Disabled") is True:
            return AutostartStatus("disabled", str(path))
        args = keys.get("ProgramArguments")
        if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
            return AutostartStatus("broken", str(path), (), "it has no ProgramArguments list")
        if keys.get("RunAtLoad") is not True:
            return AutostartStatus("broken", str(path), tuple(args), "RunAtLoad is not set")
        return entry_status(str(path), args)
