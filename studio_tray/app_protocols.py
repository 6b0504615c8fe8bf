"""What the app talks to: the toolkit side (``TrayView``) and services running beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from studio_tray import menu


class TrayView(Protocol):
    """The toolkit side: shows the menu and icon state; ``run`` blocks until ``stop``."""

    has_notification: bool

    def update(self, model: menu.Menu, state: str, tooltip: str) -> None:
        """Show ``model``, the icon for ``state`` and ``tooltip`` (callable from any thread)."""

    def notify(self, title: str, message: str) -> None:
        """Show a desktop notification."""

    def run(self, ready: Callable[[], None]) -> None:
        """Show the icon and run the UI loop; call ``ready`` once the icon is up."""

    def stop(self) -> None:
        """End ``run`` (callable from any thread and from signal handlers)."""


class Service(Protocol):
    """Something running alongside the tray (hotkey listener, hand-off server)."""

    def start(self) -> None:
        """Begin; called once the tray is up."""

    def stop(self) -> None:
        """End; called on quit."""
