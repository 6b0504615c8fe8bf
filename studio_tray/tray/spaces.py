"""The tray's "Spaces" submenu: the status of each space shortcut, and Start / Stop.

Statuses are read (``spaces.overview.read_all``, all spaces at once) when the tray is up,
after every Start or Stop, after a click on a space shortcut and on "Refresh status"; never
on a timer, so an idle tray makes no calls. Profiles that assume a role are left out of the
read at start-up (it could ask for an MFA code unasked); "Refresh status" reads them too.
Each read tells the launcher what it saw, so a click on a space just read as running is one
request (the first click after start-up too) and one read as stopped is started first.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from studio_tray.aws.clients import MAX_POOL
from studio_tray.errors import StudioTrayError
from studio_tray.spaces.status import RUNNING, UNKNOWN
from studio_tray.tray import menu

if TYPE_CHECKING:
    from studio_tray.model import Config
    from studio_tray.spaces.overview import SpaceRow
    from studio_tray.tray.protocols import TrayApp

log = logging.getLogger(__name__)


class SpacesRunner:
    """Holds the last statuses and runs reads, starts and stops off the UI thread."""

    def __init__(self, app: TrayApp) -> None:
        self._app = app
        self._rows: dict[str, SpaceRow] = {}
        self._busy: set[str] = set()
        self._refreshing = threading.Event()
        self._lock = threading.Lock()

    @property
    def refreshing(self) -> bool:
        """Whether a status read is under way."""
        return self._refreshing.is_set()

    def status(self, name: str) -> str:
        """The last status read for shortcut ``name`` ("" when never read)."""
        with self._lock:
            row = self._rows.get(name)
        return row.status if row else ""

    def lines(self, now: float | None = None) -> tuple[menu.SpaceLine, ...]:
        """One ``menu.SpaceLine`` per space shortcut of the current config."""
        from studio_tray.spaces.overview import space_shortcuts

        moment = datetime.fromtimestamp(time.time() if now is None else now, UTC)
        with self._lock:
            rows, busy = dict(self._rows), set(self._busy)
        lines = []
        for shortcut in space_shortcuts(self._app.config):
            row = rows.get(shortcut.name)
            since = row.since if row else None
            if since is not None and since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            lines.append(
                menu.SpaceLine(
                    shortcut.name,
                    row.status if row else "",
                    row.instance_type if row else None,
                    (moment - since).total_seconds() if since else None,
                    shortcut.name in busy,
                )
            )
        return tuple(lines)

    def refresh_status(self, names: set[str] | None = None, *, automatic: bool = False) -> None:
        """Read the statuses (of ``names``, or all) in the background; one read at a time."""
        if names is None and self._refreshing.is_set():
            return
        threading.Thread(
            target=self._read, args=(names, automatic), name="spaces", daemon=True
        ).start()

    def _read(self, names: set[str] | None, automatic: bool) -> None:
        from studio_tray.spaces.overview import read_all, space_shortcuts

        config = self._app.config
        shortcuts = [
            s
            for s in space_shortcuts(config)
            if (names is None or s.name in names)
            and not (automatic and (p := config.profiles.get(s.profile)) and p.role_arn)
        ]
        if not shortcuts:
            return
        if names is None:
            self._refreshing.set()
            self._app.refresh()
        try:
            # The tray's clients keep botocore's 10 connections: no more calls at once.
            rows = read_all(config, self._app.launcher.client, shortcuts, workers=MAX_POOL)
            with self._lock:
                self._rows.update({row.shortcut: row for row in rows})
            self._tell_launcher(config, rows)
        except Exception:  # the tray must outlive any bug here
            log.exception("reading the spaces' status failed")
        finally:
            if names is None:
                self._refreshing.clear()
            self._app.refresh()

    def _tell_launcher(self, config: Config, rows: list[SpaceRow]) -> None:
        """What was read is what a click would read: a running space opens without reading it
        again (so the first click after start-up is one request, like a warm one), and one
        seen stopped is read, and started, by the next click."""
        launcher = self._app.launcher
        for row in rows:
            shortcut = config.shortcut(row.shortcut)
            if shortcut is None or row.status == UNKNOWN:
                continue
            if row.status == RUNNING:
                launcher.saw_running(shortcut.profile, row.domain_id, row.space)
            else:
                launcher.forget_running(shortcut.profile, row.domain_id, row.space)

    def start_space(self, name: str) -> threading.Thread | None:
        """Start shortcut ``name``'s space (no browser); None when it is busy already."""
        return self._act(name, "start")

    def stop_space(self, name: str) -> threading.Thread | None:
        """Stop shortcut ``name``'s space; None when it is busy already."""
        return self._act(name, "stop")

    def _act(self, name: str, verb: str) -> threading.Thread | None:
        with self._lock:
            if name in self._busy:
                return None
            self._busy.add(name)
        self._app.refresh()
        worker = threading.Thread(
            target=self._run, args=(name, verb), name=f"space-{verb}", daemon=True
        )
        worker.start()
        return worker

    def _run(self, name: str, verb: str) -> None:
        from studio_tray.spaces import lifecycle
        from studio_tray.spaces.overview import calls_for

        config = self._app.config
        title = f"{verb.capitalize()} {name}"
        try:
            shortcut = config.shortcut(name)
            if shortcut is None or not shortcut.space:
                raise StudioTrayError(f"shortcut {name!r} opens no space")
            calls = calls_for(config, shortcut, self._app.launcher.client)
            waiter = lifecycle.Waiter(calls, timeout=config.settings.space_start_minutes * 60.0)
            if verb == "start":
                already = lifecycle.start(calls, waiter=waiter) == lifecycle.ALREADY_RUNNING
                done = "was already running" if already else "is running"
            else:
                forget = self._app.launcher.forget_running
                forget(shortcut.profile, shortcut.domain_id, shortcut.space)
                already = lifecycle.stop(calls, waiter=waiter) == lifecycle.ALREADY_STOPPED
                forget(shortcut.profile, shortcut.domain_id, shortcut.space)
                done = "was already stopped" if already else "stopped"
            self._app.notify(title, f"{name} {done}")
        except StudioTrayError as err:
            self._app.report(f"{title} failed", str(err))
        except Exception as exc:  # the tray must outlive any bug here
            log.exception("%s failed", title)
            self._app.report(f"{title} failed", f"{type(exc).__name__}; see the log")
        finally:
            with self._lock:
                self._busy.discard(name)
            self._read({name}, False)
