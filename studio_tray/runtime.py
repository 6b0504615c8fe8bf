"""Builds the real collaborators (keyring store, sessions, launcher) for commands and the tray.

Tests and the demo build their own from the same classes with in-memory parts.
"""

from __future__ import annotations

from studio_tray.credentials import KeyStore, SessionProvider
from studio_tray.launcher import Launcher


def default_store() -> KeyStore:
    """The OS keyring store of profile keys."""
    from studio_tray.keystore import KeyringStore

    return KeyringStore()


def make_launcher(interactive: bool = False) -> Launcher:
    """A launcher over the OS keyring; ``interactive`` lets it ask for MFA codes on a terminal."""
    from studio_tray.mfa_prompt import terminal_asker

    return Launcher(SessionProvider(default_store(), terminal_asker(interactive)))


def make_tray_launcher() -> Launcher:
    """A launcher over the OS keyring that asks for MFA codes in a small dialog window."""
    from studio_tray.dialogs import ask_in_dialog
    from studio_tray.mfa_prompt import dialog_asker

    return Launcher(SessionProvider(default_store(), dialog_asker(ask_in_dialog)))
