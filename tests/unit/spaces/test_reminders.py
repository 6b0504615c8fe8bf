"""``spaces.reminders``: what is due when, with a fake clock (nothing sleeps)."""

from __future__ import annotations

from datetime import UTC, datetime

from studio_tray.spaces.overview import SpaceRow
from studio_tray.spaces.reminders import (
    LONG_RUN,
    SESSION_END,
    SESSION_WARNING,
    OpenSession,
    Reminders,
    RunningSpace,
    refresh_delay,
    running_spaces,
    wait_for,
)
from tests.fixtures.timers import FakeClock

HOUR = 3600.0
T0 = 1_800_000_000.0


def lab(since: float, instance: str | None = "ml.g5.xlarge") -> RunningSpace:
    return RunningSpace("alice-lab", "lab", instance, since)


def test_a_long_run_is_due_once_per_run_and_names_the_space_and_instance_type() -> None:
    clock, book = FakeClock(T0), Reminders()
    running = [lab(since=T0 - HOUR)]
    plan = book.plan(clock(), running, [], 4 * HOUR)
    assert plan.due == () and plan.next_at == T0 + 3 * HOUR
    clock.advance(3 * HOUR - 1)
    assert book.plan(clock(), running, [], 4 * HOUR).due == ()
    clock.advance(1)
    (due,) = book.plan(clock(), running, [], 4 * HOUR).due
    assert (due.kind, due.shortcut, due.at) == (LONG_RUN, "alice-lab", T0 - HOUR)
    assert due.title == "alice-lab is still running"
    assert "Space lab has been running on ml.g5.xlarge for 4 h 0 m" in due.message
    book.shown(due)
    clock.advance(10 * HOUR)
    plan = book.plan(clock(), running, [], 4 * HOUR)
    assert plan == type(plan)((), None), "one reminder per run, and no timer after it"
    # A stop and a start: a new app, a new CreationTime, a new run that earns its own.
    restarted = [lab(since=clock())]
    plan = book.plan(clock(), restarted, [], 4 * HOUR)
    assert plan.due == () and plan.next_at == clock() + 4 * HOUR
    clock.advance(4 * HOUR)
    assert [r.at for r in book.plan(clock(), restarted, [], 4 * HOUR).due] == [restarted[0].since]


def test_zero_hours_turns_the_running_reminder_off() -> None:
    plan = Reminders().plan(T0, [lab(since=T0 - 100 * HOUR)], [], 0)
    assert plan.due == () and plan.next_at is None


def test_a_session_is_reminded_ten_minutes_before_it_ends_once() -> None:
    clock, book = FakeClock(T0), Reminders()
    sessions = [OpenSession("home", opened=T0, duration=1800)]
    plan = book.plan(clock(), [], sessions, 4 * HOUR)
    assert plan.due == () and plan.next_at == T0 + 1800 - SESSION_WARNING
    clock.advance(1800 - SESSION_WARNING)
    (due,) = book.plan(clock(), [], sessions, 4 * HOUR).due
    assert due.kind == SESSION_END and due.title == "home: Studio session ends in 10 m 0 s"
    assert "Save your work; open home again" in due.message
    book.shown(due)
    assert book.plan(clock(), [], sessions, 4 * HOUR) == type(plan)((), None)
    reopened = [OpenSession("home", opened=clock(), duration=1800)]
    assert book.plan(clock(), [], reopened, 4 * HOUR).next_at == clock() + 1200


def test_a_session_that_ended_unseen_gets_no_reminder() -> None:
    plan = Reminders().plan(T0 + 1800, [], [OpenSession("home", T0, 1800)], 4 * HOUR)
    assert plan.due == () and plan.next_at is None


def test_the_next_check_is_the_soonest_of_all() -> None:
    sessions = [OpenSession("home", opened=T0, duration=43200)]
    running = [lab(since=T0 - 3.5 * HOUR), RunningSpace("b", "b", None, T0 - HOUR)]
    plan = Reminders().plan(T0, running, sessions, 4 * HOUR)
    assert plan.next_at == T0 + 0.5 * HOUR


def test_running_spaces_take_the_running_rows_with_a_creation_time() -> None:
    since = datetime.fromtimestamp(T0, UTC).replace(tzinfo=None)  # botocore's are naive UTC
    rows = [
        SpaceRow("a", "d-1", "a", "JupyterLab", "running", "ml.t3.medium", since),
        SpaceRow("b", "d-1", "b", "JupyterLab", "running", None, None),
        SpaceRow("c", "d-1", "c", "JupyterLab", "stopped", None, None),
    ]
    assert running_spaces(rows) == [RunningSpace("a", "a", "ml.t3.medium", T0)]


def test_statuses_are_refreshed_only_while_a_space_runs_or_starts() -> None:
    assert refresh_delay(["stopped", "failed", "unknown"], 5) is None
    assert refresh_delay([], 5) is None
    assert refresh_delay(["stopped", "running"], 5) == 300
    assert refresh_delay(["starting"], 2) == 120
    assert refresh_delay(["running"], 0) is None, "0: only on demand"


def test_a_timer_waits_at_most_a_quarter_hour_so_a_suspend_delays_a_reminder_little() -> None:
    assert wait_for(T0 + 30, T0) == 30
    assert wait_for(T0 + 12 * HOUR, T0) == 900
    assert wait_for(T0 - 5, T0) == 0, "overdue: at once"
