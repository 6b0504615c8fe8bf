"""Start-before-presign against the emulator: the click path starts a stopped space's app and
opens a URL presigned once it is InService (the presign sent alongside the first read is
used only for a space that already runs); failures, denial and the tray's tooltip."""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from studio_tray.app import App
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.errors import LaunchError
from studio_tray.model import Config, Profile, Settings, Shortcut
from studio_tray.spaces import lifecycle
from studio_tray.spaces.calls import SpaceCalls
from tests.fixtures.emulator import client_for, presigned, token_of
from tests.fixtures.views import FakeView
from tests.fixtures.wait import wait_until

D = "d-abc123def456"
PRESIGN = "CreatePresignedDomainUrl"


class Opener:
    """A browser stand-in that remembers the URLs."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, url: str, command: str) -> None:
        self.urls.append(url)


@pytest.fixture
def emu(emulator: Emulator) -> Emulator:
    emulator.add_domain(D, "prod")
    emulator.add_user_profile(D, "alice")
    emulator.add_space(D, "stopped", owner="alice", app_type="JupyterLab")
    emulator.add_space(D, "running", owner="alice", app_type="CodeEditor")
    emulator.add_app(D, "running")
    emulator.add_space(D, "broken", owner="alice", fail_start="No capacity for ml.t3.medium")
    emulator.set_app_delays(start=1, stop=0.5)
    return emulator


def config_for(emu: Emulator) -> Config:
    profile = Profile(name="prod", region="us-east-1", endpoint_url=emu.url)
    shortcuts = (
        Shortcut("lab", "prod", D, "alice", space="stopped"),
        Shortcut("code", "prod", D, "alice", space="running"),
        Shortcut("broken", "prod", D, "alice", space="broken"),
        Shortcut("home", "prod", D, "alice"),
    )
    return Config(Path("c.toml"), Settings(), MappingProxyType({"prod": profile}), shortcuts)


def launcher(opener: Opener | None = None) -> Launcher:
    store = MemoryKeyStore({"prod": (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)})
    return Launcher(SessionProvider(store), opener=opener or Opener())


def ops(emu: Emulator) -> list[tuple[str, str | None, str | None]]:
    return [(r.op, r.status, r.error) for r in emu.requests if r.service == "sagemaker"]


def test_open_starts_a_stopped_space_and_presigns_strictly_after_in_service(emu) -> None:
    config, opener, seen = config_for(emu), Opener(), []
    launcher(opener).open(config, config.shortcut("lab"), progress=lambda s, t: seen.append(s))
    assert len(opener.urls) == 1
    calls = ops(emu)
    names = [op for op, _, _ in calls]
    # A presign goes out alongside the first read (used when the space runs); here it is
    # dropped unseen, and the URL opened is the one presigned after the space ran.
    early, opened = presigned(emu)
    assert token_of(opener.urls[0]) == opened.token and emu.redeem(opener.urls[0]) == 200
    assert not early.used
    assert [n for n in names if n != PRESIGN][:3] == ["ListApps", "DescribeSpace", "CreateApp"]
    assert names.index(PRESIGN) < names.index("CreateApp")
    last = len(names) - 1 - names[::-1].index(PRESIGN)
    assert last == len(names) - 1
    # The answer just before the used presign was DescribeApp saying InService; none after it.
    assert calls[last - 1][:2] == ("DescribeApp", "InService")
    assert ("DescribeApp", "Pending", None) in calls
    assert seen[0] == "Pending" and seen[-1] == "InService"
    (create,) = [r for r in emu.requests if r.op == "CreateApp"]
    assert create.params == {
        "DomainId": D,
        "SpaceName": "stopped",
        "AppType": "JupyterLab",
        "AppName": "default",
    }
    assert emu.space_app(D, "stopped").status == "InService"


def test_a_running_space_opens_with_one_list_apps_and_no_create_app(emu) -> None:
    config, opener = config_for(emu), Opener()
    launcher(opener).open(config, config.shortcut("code"))
    assert sorted(op for op, _, _ in ops(emu)) == [PRESIGN, "ListApps"]
    (url,) = presigned(emu)
    assert len(opener.urls) == 1 and token_of(opener.urls[0]) == url.token


def test_a_running_space_is_read_and_presigned_in_one_round_trip(emu) -> None:
    # Sent one after the other, the two requests would reach the emulator a latency apart.
    config, latency = config_for(emu), 0.5
    emu.set_latency(latency)
    launcher().open(config, config.shortcut("code"))
    (read,) = [r for r in emu.requests if r.op == "ListApps"]
    (presign,) = [r for r in emu.requests if r.op == PRESIGN]
    assert abs(presign.time - read.time) < latency / 2


def test_the_dropped_and_the_opened_url_never_reach_the_log(
    emu, caplog: pytest.LogCaptureFixture, app_log: Path
) -> None:
    config, opener = config_for(emu), Opener()
    launcher(opener).open(config, config.shortcut("lab"))
    tokens = [url.token for url in presigned(emu)]
    assert len(tokens) == 2 and len(opener.urls) == 1
    text = caplog.text + app_log.read_text()
    for token in tokens:
        assert token not in text
    assert "shortcut 'lab'" in caplog.text  # the log does say what happened


def test_a_missing_space_says_not_found_from_the_presign_sent_alongside(emu) -> None:
    config, opener = config_for(emu), Opener()
    gone = dataclasses.replace(config.shortcut("lab"), space="no-such-space")
    with pytest.raises(LaunchError, match="not found") as err:
        launcher(opener).open(config, gone)
    assert "no-such-space" in str(err.value) and opener.urls == []
    assert [op for op, _, _ in ops(emu)].count(PRESIGN) == 1


def test_a_shortcut_without_a_space_never_reads_or_starts_apps(emu) -> None:
    config = config_for(emu)
    launcher().open(config, config.shortcut("home"))
    assert [op for op, _, _ in ops(emu)] == ["CreatePresignedDomainUrl"]


def test_no_start_opens_the_stopped_space_as_it_is(emu) -> None:
    config, opener = config_for(emu), Opener()
    launcher(opener).open(config, config.shortcut("lab"), start=False)
    assert [op for op, _, _ in ops(emu)] == ["CreatePresignedDomainUrl"]
    assert len(opener.urls) == 1 and emu.space_app(D, "stopped") is None


def test_a_failed_start_shows_the_reason_and_opens_nothing(emu) -> None:
    config, opener = config_for(emu), Opener()
    with pytest.raises(lifecycle.StartFailed, match="No capacity for ml.t3.medium"):
        launcher(opener).open(config, config.shortcut("broken"))
    assert opener.urls == []
    # At most the presign sent alongside the first read, before anything was known; none
    # after the start began.
    names = [op for op, _, _ in ops(emu)]
    assert names.count(PRESIGN) <= 1
    assert PRESIGN not in names[names.index("CreateApp") :]


@pytest.mark.parametrize("denied", ["ListApps", "CreateApp"])
def test_access_denied_on_the_app_calls_opens_as_before_with_one_log_line(
    emu, denied: str, caplog: pytest.LogCaptureFixture
) -> None:
    emu.deny(denied)
    config, opener = config_for(emu), Opener()
    with caplog.at_level(logging.INFO, logger="studio_tray.aws.launcher"):
        launcher(opener).open(config, config.shortcut("lab"))
    assert len(opener.urls) == 1 and emu.redeem(opener.urls[0]) == 200
    lines = [r.getMessage() for r in caplog.records if "denied" in r.getMessage()]
    assert lines == [f"shortcut 'lab': sagemaker:{denied} denied; opening the space as it is"]
    assert opener.urls[0] not in caplog.text


def test_resource_in_use_on_create_app_waits_for_the_other_start(emu) -> None:
    """Another client starts the app between our ListApps and our CreateApp."""
    config = config_for(emu)
    client = launcher().client(config.profiles["prod"])
    calls = SpaceCalls(client, config.profiles["prod"], D, "stopped")
    other = client_for(emu, "sagemaker")
    real_list = calls.list_apps
    raced: list[bool] = []

    def stale_list() -> list[dict[str, Any]]:
        answer = real_list()
        if not raced:
            raced.append(True)
            other.create_app(DomainId=D, SpaceName="stopped", AppType="JupyterLab", AppName="x")
        return answer

    calls.list_apps = stale_list  # type: ignore[method-assign]
    assert lifecycle.start(calls) == lifecycle.JOINED
    errors = [(r.op, r.error) for r in emu.requests if r.op == "CreateApp"]
    assert errors == [("CreateApp", None), ("CreateApp", "ResourceInUse")]
    assert emu.space_app(D, "stopped").status == "InService"
    assert emu.space_app(D, "stopped").name == "x"


def test_start_and_stop_of_a_running_and_a_stopped_space(emu) -> None:
    config = config_for(emu)
    client = launcher().client(config.profiles["prod"])
    running = SpaceCalls(client, config.profiles["prod"], D, "running")
    stopped = SpaceCalls(client, config.profiles["prod"], D, "stopped")
    assert lifecycle.start(running) == lifecycle.ALREADY_RUNNING
    assert lifecycle.stop(stopped) == lifecycle.ALREADY_STOPPED
    assert not [r for r in emu.requests if r.op in ("CreateApp", "DeleteApp")]
    assert lifecycle.stop(running) == lifecycle.STOPPED_NOW
    (delete,) = [r for r in emu.requests if r.op == "DeleteApp"]
    assert delete.params["AppType"] == "CodeEditor" and delete.params["AppName"] == "default"
    assert emu.space_app(D, "running").status == "Deleted"


def test_a_start_that_takes_too_long_says_what_state_it_is_in(emu) -> None:
    emu.set_app_delays(start=600)
    config = config_for(emu)
    profile = config.profiles["prod"]
    calls = SpaceCalls(launcher().client(profile), profile, D, "stopped")
    ticks = iter(range(0, 10_000, 60))
    waiter = lifecycle.Waiter(calls, timeout=300, clock=lambda: next(ticks), sleep=lambda s: None)
    with pytest.raises(Exception, match=r"still Pending after \d+ m"):
        lifecycle.start(calls, waiter=waiter)


def test_the_tray_shows_starting_in_the_tooltip_then_opens(emu, isolated_env) -> None:
    emu.set_app_delays(start=2)
    config, opener = config_for(emu), Opener()
    gate = threading.Event()
    app = App(None, launcher(opener), config=config)
    view = FakeView()
    app.view = view
    worker = app.launch("lab", lambda failure: gate.set())
    assert worker is not None
    tip = wait_until(
        lambda: next((t for _, state, t in view.updates if t.startswith("Starting lab: ")), None),
        what="the Starting tooltip",
    )
    assert tip.startswith("Starting lab: ")
    assert any(state == "busy" and t.startswith("Starting lab") for _, state, t in view.updates)
    assert gate.wait(20)
    assert len(opener.urls) == 1
    assert app.icon_state()[0] == "idle"
    # The click started it: a notification says it is ready (the browser has the URL already).
    ready = ("lab is ready", "Space stopped is running; Studio opens in the browser.")
    # on_done (a hand-off's answer) comes first; the notification follows on the same worker.
    assert wait_until(lambda: view.notes, 10, what="the ready notification") == [ready]
    again = app.launch("lab")  # running now: no news, as for any open
    assert again is not None
    again.join(10)
    assert len(opener.urls) == 2 and len(view.notes) == 1


def test_a_hand_off_of_a_starting_space_answers_at_once_and_opens_later(emu, isolated_env) -> None:
    from studio_tray.handoff import client as handoff
    from studio_tray.tray.handoff import HandoffService

    emu.set_app_delays(start=3)
    config, opener = config_for(emu), Opener()
    app = App(None, launcher(opener), config=config)
    app.view = FakeView()
    service = HandoffService(app, isolated_env["state"])
    service.start()
    try:
        answer = handoff.request({"op": "open", "name": "lab"}, isolated_env["state"])
        assert answer is not None and answer["ok"] is True and answer["starting"] is True
        assert answer["message"] == "starting the space of lab: it opens by itself once it runs"
        assert opener.urls == []
        wait_until(lambda: len(opener.urls) == 1, 20, what="Studio opened once the space ran")
    finally:
        service.stop()


def test_a_space_seen_running_a_moment_ago_is_not_read_again(emu) -> None:
    config, warm = config_for(emu), launcher()
    warm.open(config, config.shortcut("code"))
    warm.open(config, config.shortcut("code"))
    names = [op for op, _, _ in ops(emu)]
    assert sorted(names[:2]) == [PRESIGN, "ListApps"] and names[2:] == [PRESIGN]
    warm.forget_running("prod", D, "running")  # e.g. the tray just stopped it
    warm.open(config, config.shortcut("code"))
    assert sorted(op for op, _, _ in ops(emu)[3:]) == [PRESIGN, "ListApps"]
