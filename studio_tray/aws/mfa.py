"""Asking for MFA codes and keys on a terminal (the tray asks through a dialog process instead)."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable

from studio_tray.aws.assume_role import MfaAsker
from studio_tray.model import Profile


def ask_on_terminal(profile: Profile) -> str | None:
    """Ask for ``profile``'s current MFA code on the terminal; None when input ends."""
    try:
        return getpass.getpass(f"MFA code for profile {profile.name} ({profile.mfa_serial}): ")
    except EOFError:
        return None


def terminal_asker(interactive: bool | None = None) -> MfaAsker | None:
    """``ask_on_terminal`` when there is a terminal to ask on (default: stdin is one), else None."""
    interactive = sys.stdin.isatty() if interactive is None else interactive
    return ask_on_terminal if interactive else None


def read_secret(prompt: str) -> str:
    """One line from the terminal without echo (``EOFError`` when input ends)."""
    return getpass.getpass(prompt)


def dialog_asker(ask: Callable[[str, str], str | None]) -> MfaAsker:
    """Adapt a window prompt ``ask(title, label)`` (``dialogs.ask_in_dialog``) to an MFA asker."""

    def asker(profile: Profile) -> str | None:
        return ask(
            "studio-tray: MFA code", f"MFA code for profile {profile.name} ({profile.mfa_serial})"
        )

    return asker
