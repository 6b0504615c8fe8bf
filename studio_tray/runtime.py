"""Builds the real collaborators (keyring store, sessions, launcher) for commands and the tray.

Tests and the demo build their own from the same classes with in-memory parts.
"""

from __future__ import annotations

from pathlib import Path

from studio_tray.aws.clients import MAX_POOL
from studio_tray.aws.credentials import KeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.system import browser


def default_store(config: Path | None = None) -> KeyStore:
    """The OS keyring store of the keys of ``config``'s profiles."""
    from studio_tray.aws.keystore import KeyringStore

    return KeyringStore(config=config)


def make_launcher(
    interactive: bool = False, config: Path | None = None, max_pool: int = MAX_POOL
) -> Launcher:
    """A launcher over the OS keyring (``config``'s items); ``interactive`` lets it ask for MFA
    codes on a terminal; ``max_pool`` connections per client (more for calls made concurrently)."""
    from studio_tray.aws.mfa import terminal_asker

    return Launcher(
        SessionProvider(default_store(config), terminal_asker(interactive)),
        opener=browser.open_url,
        max_pool=max_pool,
    )


def make_tray_launcher(config: Path | None = None) -> Launcher:
    """A launcher over the OS keyring (``config``'s items) that asks for MFA codes in a small
    dialog window."""
    from studio_tray.aws.mfa import dialog_asker
    from studio_tray.system.dialogs import ask_in_dialog

    return Launcher(
        SessionProvider(default_store(config), dialog_asker(ask_in_dialog)),
        opener=browser.open_url,
    )
