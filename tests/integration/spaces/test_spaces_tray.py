"""The tray's "Spaces" submenu, headless: statuses read at start-up, Start and Stop from the
menu, the status after a click. Real App, launcher, HTTP and emulator; a FakeView."""

from __future__ import annotations

import threading
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from studio_tray.app import App
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.model import Config, Profile, Settings, Shortcut
from studio_tray.tray import menu
from tests.fixtures.views import FakeView
from tests.fixtures.wait import wait_until

D = "d-abc123def456"


@pytest.fixture
def app(emulator: Emulator, isolated_env) -> App:
    emulator.add_domain(D, "prod")
    emulator.add_user_profile(D, "alice")
    emulator.add_space(D, "lab", owner="alice")
    emulator.add_space(D, "code", owner="alice", app_type="CodeEditor")
    emulator.add_app(D, "code", instance_type="ml.t3.medium", created=emulator.now() - 7800)
    emulator.add_space(D, "broken", owner="alice", fail_start="No capacity for ml.t3.medium")
    emulator.set_app_delays(start=1, stop=0.5)
    profile = Profile(name="prod", region="us-east-1", endpoint_url=emulator.url)
    config = Config(
        Path("c.toml"),
        Settings(),
        MappingProxyType({"prod": profile}),
        (
            Shortcut("alice-lab", "prod", D, "alice", space="lab"),
            Shortcut("alice-code", "prod", D, "alice", space="code"),
            Shortcut("home", "prod", D, "alice"),
            Shortcut("broken", "prod", D, "alice", space="broken"),
        ),
    )
    store = MemoryKeyStore({"prod": (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)})
    opened: list[str] = []
    application = App(
        None, Launcher(SessionProvider(store), opener=lambda u, c: opened.append(u)), config=config
    )
    application.view = FakeView()
    return application


def stop_elsewhere(app: App, emulator: Emulator) -> None:
    """Stop the "code" space as the console or a colleague would: DeleteApp from another
    client, then wait until it is Deleted."""
    other = Launcher(
        SessionProvider(MemoryKeyStore({"prod": (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)}))
    )
    other.client(app.config.profiles["prod"]).delete_app(
        DomainId=D, SpaceName="code", AppType="CodeEditor", AppName="default"
    )
    wait_until(lambda: emulator.space_app(D, "code").status == "Deleted", 10, what="stopped")


def spaces_menu(app: App) -> list[str]:
    (spaces,) = [i for i in app.menu().entries if isinstance(i, menu.Item) and i.label == "Spaces"]
    return [e.label for e in spaces.submenu if isinstance(e, menu.Item)]


def actions(app: App, name: str) -> list[tuple[str, str | None]]:
    for item in app.menu().items():
        if item.label.startswith(f"{name}: "):
            return [(i.label, i.action) for i in item.submenu if isinstance(i, menu.Item)]
    raise AssertionError(f"no line for {name}")


def test_the_submenu_shows_status_run_time_and_start_or_stop(app: App) -> None:
    assert spaces_menu(app) == [
        "alice-lab: not checked yet",
        "alice-code: not checked yet",
        "broken: not checked yet",
        "Refresh status",
    ]
    app._started()  # what the tray does once its icon is up: one read, no timer
    wait_until(lambda: "alice-lab: stopped" in spaces_menu(app), what="statuses read")
    labels = spaces_menu(app)
    assert labels[1].startswith("alice-code: running 2 h 10 m, ml.t3.medium"), labels
    assert actions(app, "alice-lab") == [("Start", menu.SPACE_START)]
    assert actions(app, "alice-code") == [("Stop", menu.SPACE_STOP)]
    app.sign_ins.stop()


def test_start_and_stop_from_the_menu(app: App, emulator: Emulator) -> None:
    app.dispatch(menu.SPACE_START, "alice-lab")
    assert actions(app, "alice-lab") == [("Working...", None)]
    wait_until(lambda: "alice-lab: running" in " ".join(spaces_menu(app)), 20)
    assert emulator.space_app(D, "lab").status == "InService"
    assert ("Start alice-lab", "alice-lab is running") in app.view.notes
    app.dispatch(menu.SPACE_STOP, "alice-lab")
    wait_until(lambda: "alice-lab: stopped" in spaces_menu(app), 20)
    assert ("Stop alice-lab", "alice-lab stopped") in app.view.notes
    assert not [r for r in emulator.requests if r.op == "CreatePresignedDomainUrl"]


def test_a_failed_start_from_the_menu_is_reported_and_the_tray_goes_on(
    app: App, emulator: Emulator
) -> None:
    app.dispatch(menu.SPACE_START, "broken")
    wait_until(lambda: any("failed" in title for title, _ in app.view.notes), 20)
    ((title, message),) = [n for n in app.view.notes if "failed" in n[0]]
    assert title == "Start broken failed" and "No capacity for ml.t3.medium" in message
    wait_until(lambda: "broken: failed" in " ".join(spaces_menu(app)), 10)
    assert actions(app, "broken") == [("Start", menu.SPACE_START)]
    worker = app.launch("alice-code")  # the tray goes on: other shortcuts still open
    assert worker is not None
    worker.join(10)
    assert app.launches.failure is None


def until_presign(emulator: Emulator, start: int) -> list[str]:
    """The operations from request ``start`` to the first presign (the tray's status re-read
    after a click on a space may follow it)."""
    ops = [r.op for r in emulator.requests[start:]]
    assert "CreatePresignedDomainUrl" in ops, ops
    return ops[: ops.index("CreatePresignedDomainUrl") + 1]


def test_the_first_click_after_start_up_is_one_request_like_a_warm_one(
    app: App, emulator: Emulator
) -> None:
    # The status read at start-up saw alice-code running: its first click presigns at once.
    app._started()
    wait_until(lambda: "alice-code: running" in " ".join(spaces_menu(app)), what="statuses")
    wait_until(lambda: not app.spaces.refreshing, what="the read to end")
    before = len(emulator.requests)
    worker = app.launch("alice-code")
    assert worker is not None
    worker.join(10)
    assert app.launches.failure is None
    assert until_presign(emulator, before) == ["CreatePresignedDomainUrl"]
    app.sign_ins.stop()


def test_a_space_the_read_saw_stopped_is_started_by_the_next_click(
    app: App, emulator: Emulator
) -> None:
    first = app.launch("alice-code")  # the launcher now takes it as running for a minute
    assert first is not None
    first.join(10)
    stop_elsewhere(app, emulator)
    app.spaces.refresh_status()
    wait_until(lambda: "alice-code: stopped" in " ".join(spaces_menu(app)), what="statuses")
    wait_until(lambda: not app.spaces.refreshing, what="the read to end")
    before = len(emulator.requests)
    worker = app.launch("alice-code")
    assert worker is not None
    worker.join(20)
    assert app.launches.failure is None
    ops = [r.op for r in emulator.requests[before:]]
    # Read and presign go out together; the space had to start, so that URL was dropped and
    # the one opened was presigned after CreateApp (the tray's own status reads interleave).
    presigns = [i for i, op in enumerate(ops) if op == "CreatePresignedDomainUrl"]
    assert len(presigns) == 2 and presigns[0] < ops.index("CreateApp") < presigns[1], ops


def test_an_older_read_answering_last_does_not_put_back_a_stale_status(
    app: App, emulator: Emulator
) -> None:
    """Reads overlap (a click's re-read, "Refresh status", the timer): the first one here sees
    the space running and answers only after a newer read saw it stopped."""
    from studio_tray.spaces.overview import read_all
    from studio_tray.tray.spaces import SpacesRunner

    gate, held = threading.Event(), threading.Event()
    calls: list[int] = []

    def read(*args: Any, **kwargs: Any) -> list[Any]:
        calls.append(1)
        rows = read_all(*args, **kwargs)
        if len(calls) == 1:  # the older read: it has its answer, and waits to give it
            held.set()
            gate.wait(10)
        return rows

    app.spaces = SpacesRunner(app, read=read)
    app.spaces.refresh_status({"alice-code"})
    wait_until(held.is_set, 10, what="the older read to hold its answer")
    stop_elsewhere(app, emulator)
    app.spaces.refresh_status()
    wait_until(lambda: app.spaces.status("alice-code") == "stopped", 10, what="the newer read")
    gate.set()
    wait_until(
        lambda: not [t for t in threading.enumerate() if t.name == "spaces"],
        10,
        what="the older read to end",
    )
    assert app.spaces.status("alice-code") == "stopped"
