"""Asking for MFA codes and keys on a terminal (the tray asks through a dialog process instead)."""

from __future__ import annotations

import getpass
import os
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
    """``ask_on_terminal`` when asking is wanted (default: stdin is a terminal) and there is a
    terminal to ask on (``has_terminal``), else None: the caller then says clearly that it
    cannot ask, rather than getpass warning that the code "may be echoed"."""
    interactive = sys.stdin.isatty() if interactive is None else interactive
    return ask_on_terminal if interactive and has_terminal() else None


def has_terminal() -> bool:
    """Whether getpass can read without echo: a controlling terminal, or stdin is a terminal."""
    if sys.platform != "win32":
        try:
            os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
            return True
        except OSError:
            pass
    return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()


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
