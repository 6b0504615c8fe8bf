"""The tray's timed work with a fake clock: reminders of long runs and ending sessions, status
refreshes while a space runs and no timer at all while nothing runs. Real App, launcher, HTTP
and emulator; the clock and timer factory are ``App``'s own parameters (nothing sleeps)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

import pytest

from studio_tray.app import App
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.model import Config, Profile, Settings, Shortcut
from studio_tray.tray import menu
from tests.fixtures.timers import FakeClock
from tests.fixtures.views import FakeView
from tests.fixtures.wait import wait_until

D = "d-abc123def456"
HOUR = 3600.0

MakeApp = Callable[..., tuple[App, FakeView, FakeClock]]


@pytest.fixture
def make_app(emulator: Emulator, isolated_env) -> MakeApp:
    emulator.add_domain(D, "prod")
    emulator.add_user_profile(D, "alice")
    emulator.add_space(D, "lab", owner="alice")
    emulator.add_space(D, "code", owner="alice", app_type="CodeEditor")
    emulator.set_app_delays(start=0.3, stop=0.3)
    profile = Profile(name="prod", region="us-east-1", endpoint_url=emulator.url)
    store = MemoryKeyStore({"prod": (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)})

    def make(**settings: int) -> tuple[App, FakeView, FakeClock]:
        config = Config(
            Path("c.toml"),
            Settings(**settings),
            MappingProxyType({"prod": profile}),
            (
                Shortcut("alice-lab", "prod", D, "alice", space="lab"),
                Shortcut("alice-code", "prod", D, "alice", space="code"),
                Shortcut("home", "prod", D, "alice"),
            ),
        )
        clock = FakeClock()
        launcher = Launcher(SessionProvider(store), opener=lambda url, command: None)
        app = App(None, launcher, config=config, clock=clock, timer=clock.timer)
        view = FakeView()
        app.view = view
        return app, view, clock

    return make


def spaces_text(app: App) -> str:
    (spaces,) = [i for i in app.menu().entries if isinstance(i, menu.Item) and i.label == "Spaces"]
    return " | ".join(e.label for e in spaces.submenu if isinstance(e, menu.Item))


def reads(emulator: Emulator) -> int:
    return len([r for r in emulator.requests if r.op == "ListApps"])


def test_a_space_running_past_remind_running_hours_is_reminded_once_per_run(
    make_app: MakeApp, emulator: Emulator
) -> None:
    # The app has run 1 h less 30 s of the fake clock when the tray starts.
    emulator.add_app(D, "code", instance_type="ml.g5.xlarge", created=emulator.now() - HOUR + 30)
    app, view, clock = make_app(remind_running_hours=1, status_refresh_minutes=0)
    app._started()
    wait_until(lambda: "alice-code: running" in spaces_text(app), what="statuses read")
    wait_until(lambda: len(clock.pending) == 1, what="the reminder's timer")
    assert 29 <= clock.pending[0].due - clock() <= 31, "one timer, for when it falls due"
    before = reads(emulator)
    clock.advance(30)  # the timer fires: the space is read again, then the reminder shows
    wait_until(lambda: view.notes, what="the reminder")
    assert reads(emulator) == before + 1
    ((title, message),) = view.notes
    assert title == "alice-code is still running"
    assert "Space code has been running on ml.g5.xlarge for 1 h 0 m" in message
    assert clock.pending == [], "once per run: nothing is left to wait for"
    clock.advance(120)  # (not hours: the new run below starts on the emulator's real clock)
    assert view.notes == [(title, message)]

    # A stop and a start make a new run, which earns its own reminder.
    app.dispatch(menu.SPACE_STOP, "alice-code")
    wait_until(lambda: "alice-code: stopped" in spaces_text(app), 20)
    app.dispatch(menu.SPACE_START, "alice-code")
    wait_until(lambda: "alice-code: running" in spaces_text(app), 20)
    wait_until(lambda: len(clock.pending) == 1, what="the new run's reminder timer")
    notes = len(view.notes)
    clock.advance(HOUR)  # (the timer wakes at most every 15 minutes on the way)
    wait_until(lambda: len(view.notes) == notes + 1, what="the second run's reminder")
    assert view.notes[-1][0] == "alice-code is still running"
    app.quit()
    app.sign_ins.stop()


def test_no_reminder_when_the_space_was_stopped_elsewhere_meanwhile(
    make_app: MakeApp, emulator: Emulator
) -> None:
    emulator.add_app(D, "code", instance_type="ml.t3.medium", created=emulator.now() - HOUR + 30)
    app, view, clock = make_app(remind_running_hours=1, status_refresh_minutes=0)
    app._started()
    wait_until(lambda: len(clock.pending) == 1, what="the reminder's timer")
    app.launcher.client(app.config.profiles["prod"]).delete_app(
        DomainId=D, SpaceName="code", AppType="CodeEditor", AppName="default"
    )  # the console's Stop
    wait_until(lambda: emulator.space_app(D, "code").status != "Deleting", 10)
    clock.advance(30)
    wait_until(lambda: "alice-code: stopped" in spaces_text(app), what="the read before it")
    assert view.notes == [] and clock.pending == []
    app.sign_ins.stop()


def test_a_session_the_tray_opened_is_reminded_ten_minutes_before_it_ends(
    make_app: MakeApp,
) -> None:
    app, view, clock = make_app(session_duration=1800, remind_running_hours=0)
    worker = app.launch("home")
    assert worker is not None
    worker.join(10)
    wait_until(lambda: clock.pending, what="the session's timer")
    clock.advance(1199)
    assert view.notes == []
    clock.advance(1)
    assert view.notes == [
        (
            "home: Studio session ends in 10 m 0 s",
            "Save your work; open home again from the tray for a new session.",
        )
    ]
    assert clock.pending == [], "one reminder per session, then no timer"
    app.sign_ins.stop()


def test_statuses_refresh_every_status_refresh_minutes_only_while_a_space_runs(
    make_app: MakeApp, emulator: Emulator
) -> None:
    emulator.add_app(D, "code", instance_type="ml.t3.medium", created=emulator.now() - 60)
    app, _, clock = make_app(status_refresh_minutes=5, remind_running_hours=0)
    app._started()
    wait_until(lambda: "alice-code: running" in spaces_text(app), what="statuses read")
    wait_until(lambda: len(clock.pending) == 1, what="the refresh timer")
    assert clock.pending[0].due - clock() == pytest.approx(300, abs=1)
    before = reads(emulator)
    refresh_at = clock.pending[0].due
    clock.advance(100)
    app.spaces.opened("home")  # a click in between adds its session's timer...
    assert refresh_at in [t.due for t in clock.pending], "...and never pushes the refresh back"
    clock.advance(199)
    assert reads(emulator) == before
    clock.advance(1)
    wait_until(lambda: reads(emulator) == before + 2, what="both spaces read again")
    wait_until(lambda: len(clock.pending) == 2, what="the next refresh timer")
    # Once nothing runs, only the session's reminder is left: no refresh, no wake-ups.
    app.dispatch(menu.SPACE_STOP, "alice-code")
    wait_until(lambda: "alice-code: stopped" in spaces_text(app), 20)
    wait_until(lambda: len(clock.pending) == 1, what="no refresh timer while nothing runs")
    assert app.spaces.timers == {"remind"}
    app.sign_ins.stop()


def test_zero_status_refresh_minutes_means_only_on_demand(
    make_app: MakeApp, emulator: Emulator
) -> None:
    emulator.add_app(D, "code", instance_type="ml.t3.medium", created=emulator.now() - 60)
    app, _, clock = make_app(status_refresh_minutes=0, remind_running_hours=0)
    app._started()
    wait_until(lambda: "alice-code: running" in spaces_text(app), what="statuses read")
    assert not app.spaces.refreshing
    assert clock.pending == [] and app.spaces.timers == frozenset()
    app.sign_ins.stop()


def test_a_refresh_that_sees_a_space_stopped_elsewhere_makes_the_next_click_start_it(
    make_app: MakeApp, emulator: Emulator
) -> None:
    emulator.add_app(D, "code", instance_type="ml.t3.medium", created=emulator.now() - 60)
    app, _, clock = make_app(status_refresh_minutes=5, remind_running_hours=0)
    worker = app.launch("alice-code")  # seen running: the launcher would not read it for 60 s
    assert worker is not None
    worker.join(10)
    # Two timers: the session's reminder and, once the click's read is in, the refresh.
    wait_until(lambda: len(clock.pending) == 2, what="the refresh timer")
    assert sorted(round(t.due - clock()) for t in clock.pending) == [300, 900]  # 900: at most
    app.launcher.client(app.config.profiles["prod"]).delete_app(
        DomainId=D, SpaceName="code", AppType="CodeEditor", AppName="default"
    )  # the console's Stop
    wait_until(lambda: emulator.space_app(D, "code").status != "Deleting", 10)
    clock.advance(300)
    wait_until(lambda: "alice-code: stopped" in spaces_text(app), what="the refresh")
    worker = app.launch("alice-code")
    assert worker is not None
    worker.join(20)
    assert emulator.space_app(D, "code").status == "InService", "the click started it again"
    assert app.launches.failure is None
    app.sign_ins.stop()
