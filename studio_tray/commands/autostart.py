"""``studio-tray autostart enable|disable|status``: start the tray at login.

``status`` exits 0 whenever it could read the state, broken included (it then says what is
wrong and how to repair); ``enable`` always rewrites the entry, which repairs a broken one.
"""

from __future__ import annotations

import argparse

from studio_tray.commands import add_verb

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see cli.py)
if TYPE_CHECKING:
    from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``autostart`` and its verbs to ``sub``."""
    parser = add_verb(
        sub,
        "autostart",
        description="Start studio-tray at login: an XDG Autostart entry on Linux, a "
        "LaunchAgent on macOS, a Run registry value on Windows.",
    )
    verbs = parser.add_subparsers(dest="autostart_command", metavar="VERB", required=True)
    verbs.add_parser(
        "enable", help="start at login (rewrites the entry, repairing a broken one)"
    ).set_defaults(func=enable)
    verbs.add_parser("disable", help="stop starting at login").set_defaults(func=disable)
    verbs.add_parser(
        "status", help="show whether it starts at login, from where, and the command"
    ).set_defaults(func=status)


def enable(args: argparse.Namespace) -> int:
    """Write the start-at-login entry for the program running now."""
    from studio_tray.autostart import for_platform

    backend = for_platform()
    backend.enable()
    result = backend.describe()
    print(result)
    return 0 if result.state == "enabled" else 1


def disable(args: argparse.Namespace) -> int:
    """Remove the start-at-login entry."""
    from studio_tray.autostart import for_platform

    backend = for_platform()
    removed = backend.disable()
    location = backend.describe().location
    print(
        f"start at login: disabled ({'removed' if removed else 'nothing to remove at'} {location})"
    )
    return 0


def status(args: argparse.Namespace) -> int:
    """Print the state, where it lives and the command it runs."""
    from studio_tray.autostart import for_platform

    print(for_platform().describe())
    return 0
