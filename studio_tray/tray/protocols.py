"""What the app talks to (the toolkit side ``TrayView``, ``Service``s beside it) and what those
services see of the app (``TrayApp``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from studio_tray.tray import menu

if TYPE_CHECKING:
    from studio_tray.aws.launcher import Launcher
    from studio_tray.config.state import ConfigState
    from studio_tray.model import Config


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


class TrayApp(Protocol):
    """What the tray's services (hotkeys, hand-off, discovery) need of ``app.App``.

    They get the app through this Protocol so that ``app`` may import them without a cycle.
    """

    @property
    def configs(self) -> ConfigState:
        """The config file's state: the last good config and why it fails now."""

    @property
    def config(self) -> Config:
        """The config in use (the last one that loaded)."""

    @property
    def launcher(self) -> Launcher:
        """The launcher every click goes through."""

    def launch(
        self, name: str, on_done: Callable[[str | None], None] | None = None
    ) -> threading.Thread | None:
        """Open shortcut ``name`` on a worker thread; None when unknown or already launching."""

    def signing_in(self) -> tuple[str, ...]:
        """The IAM Identity Center sign-ins waiting for approval (profile names)."""

    def starting_spaces(self) -> frozenset[str]:
        """Shortcuts whose space the tray is starting before it opens them."""

    def reload(self, refresh: bool = True) -> bool:
        """Re-read the config file; True when it loaded."""

    def refresh(self) -> None:
        """Redraw the menu and icon from the current state."""

    def open_picker(self) -> None:
        """Show the shortcut picker."""

    def notify(self, title: str, message: str) -> None:
        """Tell the user something (a notification, where the desktop has them)."""

    def report(self, title: str, message: str) -> None:
        """Tell the user something failed (and log it)."""

    def add_service(self, service: Service) -> None:
        """Run ``service`` alongside the tray."""

    def on_reload(self, listener: Callable[[Config], None]) -> None:
        """Call ``listener`` with each config that loads."""
