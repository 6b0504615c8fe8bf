"""The tray's "Spaces" submenu: the status of each space shortcut, and Start / Stop; and the
reminders of long runs and ending Studio sessions.

Statuses are read (``spaces.overview.read_all``, all spaces at once) when the tray is up,
after every Start or Stop, after a click on a space shortcut and on "Refresh status", and
while a space runs or starts at most every ``status_refresh_minutes`` (one one-shot timer, set
again after each read; none while nothing runs, so an idle tray makes no calls and no
wake-ups). Profiles that assume a role are left out of the reads nobody asked for (they could
ask for an MFA code unasked); "Refresh status" reads them too. Each read tells the launcher
what it saw, so a click on a space just read as running is one request (the first click
after start-up too) and one read as stopped is started first.

Reminders (``spaces.reminders`` decides, this module only sets the one timer for the next
one): a space running longer than ``remind_running_hours`` (read again first, so a space
stopped elsewhere is not reminded of; one whose profile assumes a role is not read unasked, so
its last status counts), and a Studio session the tray opened, 10 minutes before its
``session_duration`` ends.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from studio_tray.aws.clients import MAX_POOL
from studio_tray.errors import StudioTrayError
from studio_tray.spaces import reminders
from studio_tray.spaces.status import RUNNING, UNKNOWN
from studio_tray.tray import menu
from studio_tray.tray.timers import OneShots

if TYPE_CHECKING:
    from studio_tray.model import Config
    from studio_tray.spaces.overview import SpaceRow
    from studio_tray.tray.protocols import TrayApp

    ReadAll = Callable[..., list[SpaceRow]]  # spaces.overview.read_all's signature

log = logging.getLogger(__name__)


class SpacesRunner:
    """Holds the last statuses and runs reads, starts and stops off the UI thread."""

    def __init__(
        self,
        app: TrayApp,
        timers: OneShots | None = None,
        clock: Callable[[], float] = time.time,
        read: ReadAll | None = None,
    ) -> None:
        self._app = app
        self._read_all = read  # spaces.overview.read_all unless given (tests order answers)
        self._timers = timers or OneShots()
        self._clock = clock  # wall-clock seconds, as CreationTimes and session ends are
        self._rows: dict[str, SpaceRow] = {}
        self._reads = 0  # status reads started so far; each read's number orders its answer
        self._read_of: dict[str, int] = {}  # shortcut -> the number of the read in its row
        self._busy: set[str] = set()
        self._sessions: dict[str, reminders.OpenSession] = {}  # shortcut -> its last session
        self._reminders = reminders.Reminders()
        self._refreshing = threading.Event()
        self._lock = threading.Lock()
        self._schedule_lock = threading.Lock()

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

        moment = datetime.fromtimestamp(self._clock() if now is None else now, UTC)
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

        read_all = self._read_all or read_all

        config = self._app.config
        shortcuts = [
            s
            for s in space_shortcuts(config)
            if (names is None or s.name in names)
            and not (automatic and (p := config.profiles.get(s.profile)) and p.role_arn)
        ]
        if not shortcuts:
            self.reschedule(after_read=True)
            return
        with self._lock:
            self._reads += 1
            number = self._reads
        if names is None:
            self._refreshing.set()
            self._app.refresh()
        try:
            # The tray's clients keep botocore's 10 connections: no more calls at once.
            rows = read_all(config, self._app.launcher.client, shortcuts, workers=MAX_POOL)
            with self._lock:
                # Reads overlap (a click's re-read, "Refresh status", the timer): one started
                # earlier that answers later must not put back a status a newer one replaced.
                rows = [row for row in rows if self._read_of.get(row.shortcut, 0) < number]
                for row in rows:
                    self._rows[row.shortcut] = row
                    self._read_of[row.shortcut] = number
            self._tell_launcher(config, rows)
        except Exception:  # the tray must outlive any bug here
            log.exception("reading the spaces' status failed")
        finally:
            if names is None:
                self._refreshing.clear()
            self._app.refresh()
            self.reschedule(after_read=True)

    # timed work -------------------------------------------------------------------------

    def opened(self, name: str) -> None:
        """Shortcut ``name`` opened a Studio session now: remind before it ends."""
        config = self._app.config
        shortcut = config.shortcut(name)
        if shortcut is None or shortcut.studio_url:  # Identity Center's own URL: no presign
            return
        session = reminders.OpenSession(name, self._clock(), config.settings.session_duration)
        with self._lock:
            self._sessions[name] = session
        self.reschedule()

    def reschedule(self, after_read: bool = False) -> None:
        """Show the reminders due now and set the timers for the next one and the next status
        read (or none). A long run's reminder is shown only ``after_read`` (a read just made
        confirmed it runs); otherwise that read is started, and it comes back here."""
        from studio_tray.spaces.overview import space_shortcuts

        config = self._app.config
        settings = config.settings
        current = {s.name for s in space_shortcuts(config)}
        # One at a time: an older plan must not cancel the timer a newer one set.
        with self._schedule_lock:
            now = self._clock()
            with self._lock:
                rows = [row for name, row in self._rows.items() if name in current]
                sessions = [s for name, s in self._sessions.items() if config.shortcut(name)]
            plan = self._reminders.plan(
                now,
                reminders.running_spaces(rows),
                sessions,
                settings.remind_running_hours * 3600.0,
            )
            show = [r for r in plan.due if after_read or r.kind == reminders.SESSION_END]
            for reminder in show:
                self._reminders.shown(reminder)
            unconfirmed = {r.shortcut for r in plan.due if r not in show}
            if unconfirmed:
                self.refresh_status(unconfirmed, automatic=True)  # it comes back here
            elif plan.next_at is None:
                self._timers.cancel("remind")
            else:
                wait = reminders.wait_for(plan.next_at, now)
                self._timers.set("remind", wait, self.reschedule)
            delay = reminders.refresh_delay(
                [row.status for row in rows], settings.status_refresh_minutes
            )
            if delay is None:
                self._timers.cancel("refresh")
            elif after_read or "refresh" not in self._timers.pending():
                # Counted from the last read, so clicks in between never push it back.
                self._timers.set("refresh", delay, lambda: self.refresh_status(automatic=True))
        for reminder in show:
            self._app.notify(reminder.title, reminder.message)

    @property
    def timers(self) -> frozenset[str]:
        """The timed work pending: "remind", "refresh" (none while nothing is due)."""
        return self._timers.pending()

    def stop(self) -> None:
        """No more timers (the tray quits)."""
        self._timers.stop()

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
