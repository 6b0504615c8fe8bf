"""Linux (and other XDG desktops): an XDG Autostart ``.desktop`` file.

``$XDG_CONFIG_HOME/autostart/studio-tray.desktop`` (``~/.config/autostart`` when the variable is
unset, empty or relative, as the XDG Base Directory spec says). The session manager starts its
``Exec`` at the next login. Writing the file is the only OS action.
"""

from __future__ import annotations

import os
from pathlib import Path

from studio_tray.autostart.base import (
    AutostartError,
    AutostartStatus,
    CommandSource,
    EntryFileAutostart,
    entry_status,
)
from studio_tray.autostart.command import start_command
from studio_tray.autostart.desktop_exec import escape_value, join_exec, split_exec

FILE_NAME = "studio-tray.desktop"
GROUP = "[Desktop Entry]"


def autostart_dir() -> Path:
    """The user's XDG Autostart folder, per the environment at call time."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".config"
    return root / "autostart"


# GLib checks that the Exec program exists before un-doubling its "%%", so it would never start
# a program whose path holds a "%"; behind env the path is an argument, where "%%" works.
ENV = "/usr/bin/env"


def desktop_entry(command: list[str]) -> str:
    """The ``.desktop`` file's text for ``command``."""
    program = command[0]
    if "%" in program:
        command = [ENV, *command]
    return "\n".join(
        [
            GROUP,
            "Type=Application",
            "Version=1.0",
            "Name=studio-tray",
            "Comment=One click from the system tray to a signed-in SageMaker Studio tab",
            f"TryExec={escape_value(program)}",
            f"Exec={join_exec(command)}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )


def read_entry(text: str) -> dict[str, str]:
    """The ``[Desktop Entry]`` group's keys and raw values (comments and other groups skipped)."""
    keys: dict[str, str] = {}
    in_group = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            in_group = line == GROUP
            continue
        if in_group and "=" in line:
            key, value = line.split("=", 1)
            keys.setdefault(key.strip(), value.strip())
    return keys


class XdgAutostart(EntryFileAutostart):
    """Start at login through an XDG Autostart entry."""

    def __init__(
        self, directory: Path | None = None, command: CommandSource = start_command
    ) -> None:
        self._directory = directory
        self._command = command

    @property
    def path(self) -> Path:
        """The ``.desktop`` file this backend writes."""
        return (self._directory or autostart_dir()) / FILE_NAME

    def entry(self) -> bytes:
        """The ``.desktop`` entry for the current command, as UTF-8."""
        text = desktop_entry(self._command())
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError as err:
            raise AutostartError(
                "cannot write the autostart entry", hint="the program path is not valid UTF-8"
            ) from err

    def describe(self) -> AutostartStatus:
        """Enabled, disabled (no file, ``Hidden=true`` or turned off in GNOME) or broken."""
        path = self.path
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return AutostartStatus("disabled", str(path))
        except OSError as err:
            raise AutostartError(f"cannot read {path}", hint=err.strerror or str(err)) from err
        keys = read_entry(text)
        if keys.get("Hidden") == "true" or keys.get("X-GNOME-Autostart-enabled") == "false":
            return AutostartStatus("disabled", str(path))
        try:
            command = split_exec(keys.get("Exec", ""))
        except ValueError:
            return AutostartStatus("broken", str(path), (), "its Exec line cannot be parsed")
        if len(command) > 1 and command[0] == ENV and "%" in command[1]:
            command = command[1:]
        return entry_status(str(path), command)
