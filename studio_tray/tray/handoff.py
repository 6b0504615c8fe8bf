"""The running tray's side of the hand-off channel: ``open``, ``picker`` and ``reload``.

``studio-tray open NAME`` (and ``picker``, and ``profile add`` after new keys) reach the tray
through ``handoff``; this service answers them with the tray's own warm launcher, the same
in-flight rules as a menu click, and one answer per request: opened, or why not.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio_tray import paths
from studio_tray.handoff import client as handoff_client
from studio_tray.handoff import server as handoff_server

if TYPE_CHECKING:
    from studio_tray.tray.protocols import TrayApp

log = logging.getLogger(__name__)

LAUNCH_WAIT = 60.0
WAIT_STEP = 0.5


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same config file (also when it does not exist yet)."""
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


class HandoffService:
    """Serves hand-off requests while the tray runs (an ``app.add_service`` service)."""

    def __init__(self, app: TrayApp, directory: Path | None = None) -> None:
        self._app = app
        self._directory = directory
        self._server: handoff_server.HandoffServer | None = None

    def start(self) -> None:
        """Listen in the state folder."""
        self._server = handoff_server.HandoffServer(
            self.handle, self._directory or paths.state_dir()
        )
        self._server.start()
        log.info("hand-off channel listening")

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.stop()
            self._server = None

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        """Answer one request (already validated by ``handoff.parse_request``)."""
        op = request["op"]
        if request.get("config") is not None and not same_file(
            request["config"], self._app.configs.current.path
        ):
            return {"ok": False, "fallback": True, "message": "the tray uses another config"}
        if op == "picker":
            self._app.open_picker()
            return {"ok": True, "message": "picker shown"}
        if op == "reload":
            loaded = self._app.reload()
            return {"ok": loaded, "message": "reloaded" if loaded else "the config has errors"}
        return self._open(request["name"])

    def _open(self, name: str) -> dict[str, Any]:
        config = self._app.configs.current
        if config.shortcut(name) is None:
            return {
                "ok": False,
                "code": handoff_client.CODE_UNKNOWN_SHORTCUT,
                "message": f"no shortcut named {name!r} in the running tray's config",
            }
        done = threading.Event()
        outcome: list[str | None] = []

        def finished(failure: str | None) -> None:
            outcome.append(failure)
            done.set()

        if self._app.launch(name, on_done=finished) is None:
            return {"ok": False, "message": f"{name} is already opening"}
        waited = 0.0
        while not done.wait(WAIT_STEP):
            waited += WAIT_STEP
            signing_in = self._app.signing_in()
            if signing_in:
                # The client gives up after 30 s; a sign-in may take minutes. Say so now.
                who = ", ".join(signing_in)
                return {
                    "ok": False,
                    "message": f"waiting for sign-in to {who}: approve it in the browser, "
                    f"then {name} opens by itself",
                }
            if name in self._app.starting_spaces():
                # A space's start takes minutes and the client gives up after 30 s: say so now.
                return {
                    "ok": True,
                    "starting": True,
                    "message": f"starting the space of {name}: it opens by itself once it runs",
                }
            if waited >= LAUNCH_WAIT:
                return {
                    "ok": False,
                    "message": f"{name} is still opening after {LAUNCH_WAIT:.0f} s",
                }
        failure = outcome[0]
        if failure is None:
            return {"ok": True, "message": f"opened {name}"}
        return {"ok": False, "message": failure}
