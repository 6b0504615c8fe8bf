"""When the tray reminds and re-reads: a space running too long, a Studio session about to
end, the next status refresh (pure: the clock is the caller's, nothing here waits).

The tray gives ``Reminders.plan`` what it knows (the spaces it saw running, the sessions it
opened) and the time; the plan says what is due now and when the next thing falls due, so the
tray sets one one-shot timer for it, and none when nothing will ever be due. A reminder is
shown once per key: a space's run is its app's CreationTime (a stop and a start make a new run,
so a new reminder), a session is the moment the tray opened it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from studio_tray.spaces.overview import SpaceRow
from studio_tray.spaces.status import RUNNING, STARTING, describe_duration

SESSION_WARNING = 600.0  # seconds before a session's end that its reminder comes
# A timer's clock (monotonic) stops while the machine sleeps, the wall clock does not: waiting
# at most this long keeps a reminder at most this late after a suspend.
MAX_WAIT = 900.0
LONG_RUN, SESSION_END = "long run", "session end"  # the kinds of reminder


@dataclass(frozen=True)
class RunningSpace:
    """A space seen running: shortcut, space, instance type and its app's CreationTime
    (``since``, seconds since the epoch)."""

    shortcut: str
    space: str
    instance_type: str | None
    since: float


@dataclass(frozen=True)
class OpenSession:
    """A Studio session the tray opened at ``opened`` (epoch seconds) for ``duration`` seconds
    (the SessionExpirationDurationInSeconds of its presigned URL)."""

    shortcut: str
    opened: float
    duration: float

    @property
    def ends(self) -> float:
        """When the session expires."""
        return self.opened + self.duration


@dataclass(frozen=True)
class Reminder:
    """A notification that is due: ``kind`` (``LONG_RUN`` or ``SESSION_END``), the shortcut,
    and the run or session it is for (``at``: CreationTime or opening time)."""

    kind: str
    shortcut: str
    at: float
    title: str
    message: str


@dataclass(frozen=True)
class Plan:
    """What is due now, and when the next reminder falls due (None: never, with what is known)."""

    due: tuple[Reminder, ...]
    next_at: float | None


def epoch(moment: datetime) -> float:
    """``moment`` in seconds since the epoch (a naive datetime is UTC, as botocore's are)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def running_spaces(rows: Iterable[SpaceRow]) -> list[RunningSpace]:
    """The rows of running spaces whose app's CreationTime is known."""
    return [
        RunningSpace(row.shortcut, row.space, row.instance_type, epoch(row.since))
        for row in rows
        if row.status == RUNNING and row.since is not None
    ]


def running_reminder(space: RunningSpace, ran: float) -> Reminder:
    """The reminder that ``space`` has run for ``ran`` seconds."""
    on = f" on {space.instance_type}" if space.instance_type else ""
    return Reminder(
        LONG_RUN,
        space.shortcut,
        space.since,
        f"{space.shortcut} is still running",
        f"Space {space.space} has been running{on} for {describe_duration(ran)}. "
        "Stop it from the tray's Spaces menu if you are done.",
    )


def session_reminder(session: OpenSession, now: float) -> Reminder:
    """The reminder that ``session`` ends soon."""
    left = describe_duration(max(0.0, session.ends - now))
    return Reminder(
        SESSION_END,
        session.shortcut,
        session.opened,
        f"{session.shortcut}: Studio session ends in {left}",
        f"Save your work; open {session.shortcut} again from the tray for a new session.",
    )


class Reminders:
    """Which reminders were shown (one run and one session per shortcut); thread-safe."""

    def __init__(self) -> None:
        self._shown: dict[tuple[str, str], float] = {}  # (kind, shortcut) -> run or session
        self._lock = threading.Lock()

    def plan(
        self,
        now: float,
        running: Iterable[RunningSpace],
        sessions: Iterable[OpenSession],
        remind_after: float,
    ) -> Plan:
        """What is due at ``now`` and not shown yet, and when the next one falls due.

        ``remind_after`` is the run time in seconds that earns a running space its reminder
        (0: never). A session's reminder is due ``SESSION_WARNING`` seconds before its end;
        a session that already ended (the machine slept through it) gets none.
        """
        due: list[Reminder] = []
        upcoming: list[float] = []
        with self._lock:
            shown = dict(self._shown)
        if remind_after > 0:
            for space in running:
                if shown.get((LONG_RUN, space.shortcut)) == space.since:
                    continue
                at = space.since + remind_after
                if at <= now:
                    due.append(running_reminder(space, now - space.since))
                else:
                    upcoming.append(at)
        for session in sessions:
            if shown.get((SESSION_END, session.shortcut)) == session.opened or session.ends <= now:
                continue
            at = session.ends - SESSION_WARNING
            if at <= now:
                due.append(session_reminder(session, now))
            else:
                upcoming.append(at)
        return Plan(tuple(due), min(upcoming) if upcoming else None)

    def shown(self, reminder: Reminder) -> None:
        """Remember that ``reminder`` was shown: its run or session gets no other."""
        with self._lock:
            self._shown[(reminder.kind, reminder.shortcut)] = reminder.at


def wait_for(next_at: float, now: float) -> float:
    """Seconds the timer for ``next_at`` waits: until then, but at most ``MAX_WAIT`` (the plan
    is made again when it fires, with the wall clock)."""
    return max(0.0, min(next_at - now, MAX_WAIT))


def refresh_delay(statuses: Iterable[str], minutes: int) -> float | None:
    """Seconds until the next status read while a space runs or starts, None for no timer:
    nothing runs, or ``minutes`` is 0 (statuses only on demand)."""
    if minutes <= 0 or not any(status in (RUNNING, STARTING) for status in statuses):
        return None
    return minutes * 60.0
