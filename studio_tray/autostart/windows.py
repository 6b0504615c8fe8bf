"""Windows: a value in the current user's ``Run`` registry key.

``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``, value ``studio-tray``: Explorer starts
that command line at the next login. The one OS call is ``winreg_run_value``; tests pass in a
stand-in with the same signature, and ``winreg`` is imported only inside it, so this module
imports on any OS.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Literal

from studio_tray.autostart.base import (
    AutostartError,
    AutostartStatus,
    CommandSource,
    describe_enabled,
    entry_status,
)
from studio_tray.autostart.command import start_command
from studio_tray.autostart.wincmdline import join_command_line, split_command_line

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
VALUE_NAME = "studio-tray"
LOCATION = rf"HKCU\{RUN_KEY}\{VALUE_NAME}"

Action = Literal["get", "set", "delete"]
RegistryCall = Callable[[Action, str | None], str | None]


def winreg_run_value(action: Action, data: str | None = None) -> str | None:
    """Get, set or delete our ``Run`` value; returns the value (get/set) or None when absent.

    ``delete`` returns ``"deleted"`` when a value was removed. OSError passes through.
    """
    # Imported only here, so the module imports on every OS; Any because typeshed hides
    # winreg's names from type checks run on other platforms.
    winreg: Any = importlib.import_module("winreg")

    access = winreg.KEY_QUERY_VALUE if action == "get" else winreg.KEY_SET_VALUE
    try:
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, access) as key:
            if action == "get":
                value, _kind = winreg.QueryValueEx(key, VALUE_NAME)
                return str(value)
            if action == "set":
                winreg.SetValueEx(key, VALUE_NAME, 0, winreg.REG_SZ, data or "")
                return data
            winreg.DeleteValue(key, VALUE_NAME)
            return "deleted"
    except FileNotFoundError:
        return None


class RunKeyAutostart:
    """Start at login through the ``Run`` registry key."""

    def __init__(
        self, registry: RegistryCall = winreg_run_value, command: CommandSource = start_command
    ) -> None:
        self._registry = registry
        self._command = command

    def _call(self, action: Action, data: str | None = None) -> str | None:
        try:
            return self._registry(action, data)
        except OSError as err:
            raise AutostartError(
                f"cannot {action} {LOCATION}", hint=err.strerror or str(err)
            ) from err

    def enable(self) -> str:
        """Write the value for the current command (this also repairs a broken one)."""
        self._call("set", join_command_line(self._command()))
        return describe_enabled(self.describe())

    def disable(self) -> bool:
        """Delete the value; True when there was one."""
        return self._call("delete") is not None

    def is_enabled(self) -> bool:
        """True when the value exists (even if its program is gone)."""
        return self.describe().enabled

    def describe(self) -> AutostartStatus:
        """Enabled, disabled (no value) or broken (its program is gone or it is empty)."""
        value = self._call("get")
        if value is None:
            return AutostartStatus("disabled", LOCATION)
        return entry_status(LOCATION, split_command_line(value))
