"""Windows: a value in the current user's ``Run`` registry key.

``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``, value ``studio-tray``: Explorer starts
that command line at the next login. Task Manager's "Startup apps" switch lives beside it, in
``...\\Explorer\\StartupApproved\\Run`` (binary; odd first byte = turned off): read for the
state, cleared by ``enable``. The one OS call is ``winreg_value``; tests pass in a stand-in
with the same signature, and ``winreg`` is imported only inside it, so this module imports on
any OS.
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
APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
VALUE_NAME = "studio-tray"
LOCATION = rf"HKCU\{RUN_KEY}\{VALUE_NAME}"

Action = Literal["get", "set", "delete"]
RegistryCall = Callable[[Action, str, str | None], str | bytes | None]


def winreg_value(action: Action, key_path: str, data: str | None = None) -> str | bytes | None:
    """Get, set (as a string) or delete the ``studio-tray`` value of an HKCU key.

    Returns the value (get/set), ``"deleted"`` when delete removed one, or None when the key
    or value does not exist. Other OSErrors pass through.
    """
    # Imported only here, so the module imports on every OS; Any because typeshed hides
    # winreg's names from type checks run on other platforms.
    winreg: Any = importlib.import_module("winreg")

    hkcu = winreg.HKEY_CURRENT_USER
    try:
        if action == "set":
            with winreg.CreateKeyEx(hkcu, key_path, 0, winreg.KEY_SET_VALUE) as key:
                winreg.SetValueEx(key, VALUE_NAME, 0, winreg.REG_SZ, data or "")
                return data
        access = winreg.KEY_QUERY_VALUE if action == "get" else winreg.KEY_SET_VALUE
        with winreg.OpenKey(hkcu, key_path, 0, access) as key:
            if action == "get":
                value, _kind = winreg.QueryValueEx(key, VALUE_NAME)
                return value if isinstance(value, bytes) else str(value)
            winreg.DeleteValue(key, VALUE_NAME)
            return "deleted"
    except FileNotFoundError:
        return None


class RunKeyAutostart:
    """Start at login through the ``Run`` registry key."""

    def __init__(
        self, registry: RegistryCall = winreg_value, command: CommandSource = start_command
    ) -> None:
        self._registry = registry
        self._command = command

    def _call(self, action: Action, key_path: str, data: str | None = None) -> str | bytes | None:
        try:
            return self._registry(action, key_path, data)
        except OSError as err:
            where = rf"HKCU\{key_path}\{VALUE_NAME}"
            raise AutostartError(f"cannot {action} {where}", hint=err.strerror or str(err)) from err

    def enable(self) -> str:
        """Write the value for the current command (repairing a broken one) and clear any
        Task Manager "turned off" mark."""
        self._call("set", RUN_KEY, join_command_line(self._command()))
        self._call("delete", APPROVED_KEY)
        return describe_enabled(self.describe())

    def disable(self) -> bool:
        """Delete the value (and any Task Manager mark); True when there was a value."""
        removed = self._call("delete", RUN_KEY) is not None
        self._call("delete", APPROVED_KEY)
        return removed

    def is_enabled(self) -> bool:
        """True when the value exists and is not turned off (even if its program is gone)."""
        return self.describe().enabled

    def describe(self) -> AutostartStatus:
        """Enabled; disabled (no value, or turned off in Task Manager); or broken (program gone)."""
        value = self._call("get", RUN_KEY)
        if value is None:
            return AutostartStatus("disabled", LOCATION)
        command = split_command_line(value if isinstance(value, str) else "")
        approved = self._call("get", APPROVED_KEY)
        if isinstance(approved, bytes) and approved and approved[0] & 1:
            return AutostartStatus("disabled", LOCATION, tuple(command))
        return entry_status(LOCATION, command)
