"""The tray's global hotkeys, as a service of ``app.App``.

``attach_hotkeys(app)`` makes the hotkeys start once the icon is up, follow each successful
config reload (old combos stop, new ones work) and stop on quit. The picker hotkey calls
``app.open_picker`` and a shortcut's hotkey ``app.launch``. Where hotkeys cannot work (see
``studio_tray.hotkeys.support``) the tray runs without them and says why once, as a notification.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from studio_tray.hotkeys.combo import bindings
from studio_tray.hotkeys.listener import HotkeyService
from studio_tray.hotkeys.support import Availability, availability
from studio_tray.model import Config

if TYPE_CHECKING:
    from studio_tray.tray.protocols import TrayApp

log = logging.getLogger(__name__)

OFF_TITLE = "Hotkeys are off"


class TrayHotkeys:
    """Keeps a ``HotkeyService`` in step with the app's config."""

    def __init__(
        self,
        app: TrayApp,
        service: HotkeyService | None = None,
        check: Callable[[], Availability] = availability,
    ) -> None:
        self.app = app
        self.service = service or HotkeyService()
        self._check = check
        self._usable: bool | None = None

    def start(self) -> None:
        """Listen for the current config's combos (or say once why hotkeys are off)."""
        self.listen(self.app.config)

    def stop(self) -> None:
        """Stop listening."""
        self.service.stop()

    def listen(self, config: Config) -> None:
        """Listen for ``config``'s combos instead of the previous ones."""
        mapping = bindings(config, self.app.launch, self.app.open_picker)
        if not mapping:
            self.service.stop()
            return
        if not self._available():
            return
        try:
            self.service.restart(mapping)
        except Exception as exc:  # a hotkey backend failure must not take the tray down
            log.exception("hotkeys failed to start")
            self._usable = False
            self.app.report(OFF_TITLE, f"the keyboard listener failed ({type(exc).__name__})")

    def _available(self) -> bool:
        if self._usable is None:
            ok, reason, fix = self._check()
            self._usable = ok
            if ok:
                log.info("hotkeys: %s", reason)
            else:
                self.app.report(OFF_TITLE, f"{reason}; {fix}")
        return self._usable


def attach_hotkeys(
    app: TrayApp,
    service: HotkeyService | None = None,
    check: Callable[[], Availability] = availability,
) -> TrayHotkeys:
    """Run global hotkeys alongside ``app`` (started with the tray, reloaded, stopped on quit)."""
    hotkeys = TrayHotkeys(app, service, check)
    app.add_service(hotkeys)
    app.on_reload(hotkeys.listen)
    return hotkeys
