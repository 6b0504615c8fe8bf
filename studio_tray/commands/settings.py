"""``studio-tray settings [--add-profile]``: the settings window, in its own process."""

from __future__ import annotations

import argparse

from studio_tray import paths
from studio_tray.commands import add_verb

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see cli.py)
if TYPE_CHECKING:
    from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``settings`` verb."""
    settings = add_verb(
        sub,
        "settings",
        description="The settings window: profiles (add AWS keys or an IAM Identity Center "
        "profile, sign in, remove), shortcuts (add, edit, remove, reorder, discover) and the "
        "General settings (URL and session durations, browser, picker hotkey, start at login). "
        "Saves go through the same steps as `profile add`; a running tray reloads. One window "
        "per user: with one open, this brings it forward instead.",
    )
    settings.add_argument(
        "--add-profile",
        action="store_true",
        help="open on the add-keys form, the keyboard in its first field",
    )
    settings.set_defaults(func=run_settings)


def run_settings(args: argparse.Namespace) -> int:
    """Show the settings window until it is closed; 0."""
    import sys

    from studio_tray.autostart import for_platform
    from studio_tray.aws.keystore import KeyringStore
    from studio_tray.settings.window import ADD_KEYS, SettingsWindow, start_demo
    from studio_tray.system import desktop, instance

    path = paths.config_path(args.config)
    # One window per user: a second launch brings the open one forward and ends.
    woken = instance.listen_for_wake()
    lock = instance.InstanceLock(instance.lock_path(instance.SETTINGS_LOCK_NAME))
    if not lock.acquire():
        raised = instance.wake_owner(lock.path)
        print(
            "the settings window is already open" + ("; brought it forward" if raised else ""),
            file=sys.stderr,
        )
        return 0

    def edit(config_path: Any) -> None:
        desktop.ensure_config_file(config_path)
        desktop.open_path(config_path)

    window = SettingsWindow(
        path,
        KeyringStore(config=path),
        start=ADD_KEYS if args.add_profile else None,
        opener=edit,
        demo=start_demo,
        autostart=for_platform(),
        woken=woken,
    )
    try:
        window.run()
    finally:
        lock.release()
    return 0
