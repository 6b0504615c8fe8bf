"""Hotkey service: held-combo rule, availability, bindings, tray wiring; real keys under Xvfb."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from studio_tray.hotkeys.combo import bindings
from studio_tray.hotkeys.debounce import Debouncer
from studio_tray.hotkeys.listener import HotkeyService
from studio_tray.hotkeys.support import MAC_SETTINGS, Availability, availability
from studio_tray.model import Config, Settings, Shortcut
from studio_tray.tray.keyboard import attach_hotkeys
from tests.fixtures.display import Display


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_held_combo_with_press_only_repeats_fires_once(clock: Clock) -> None:
    d = Debouncer({"a": {"ctrl", "1"}}, clock=clock)
    assert d.activated("a")
    for _ in range(20):
        clock.tick(0.04)
        assert not d.activated("a")
    d.released("1")
    clock.tick(0.3)
    assert d.activated("a")


def test_held_combo_with_release_press_pairs_fires_once(clock: Clock) -> None:
    d = Debouncer({"a": {"ctrl", "1"}}, clock=clock)
    assert d.activated("a")
    clock.tick(0.6)
    for _ in range(20):  # X auto-repeat: release and press with (almost) no time between
        d.released("1")
        clock.tick(0.001)
        assert not d.activated("a")
        clock.tick(0.04)
    d.released("1")  # the real release
    clock.tick(0.2)
    assert d.activated("a")


def test_dead_time_and_unrelated_keys(clock: Clock) -> None:
    d = Debouncer({"a": {"ctrl", "1"}, "b": {"ctrl", "2"}}, clock=clock)
    assert d.activated("a")
    d.released("2")  # not a key of "a": still latched
    clock.tick(0.5)
    assert not d.activated("a")
    assert d.activated("b")  # combos are independent
    d.released("ctrl")  # a key of both: both may fire again...
    clock.tick(0.1)  # ...but not within the dead time after firing
    assert not d.activated("b")
    assert d.activated("a")
    d.released("2")
    clock.tick(0.3)
    assert d.activated("b")
    assert not d.activated("a")  # still held


@pytest.mark.parametrize(
    ("env", "platform", "ok", "words"),
    [
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False, "Wayland session without XWayland"),
        ({}, "linux", False, "no display"),
        ({"DISPLAY": ":5"}, "linux", True, "X11 display :5"),
        ({"DISPLAY": ":5", "WAYLAND_DISPLAY": "wayland-0"}, "linux", True, "XWayland"),
        ({}, "win32", True, "Windows"),
    ],
)
def test_availability_per_session(env: dict, platform: str, ok: bool, words: str) -> None:
    result = availability(env=env, platform=platform, x_problem=lambda _d: None)
    assert result.ok is ok
    assert words in result.reason
    if "Wayland" in words:
        assert "studio-tray open NAME" in result.fix


def test_availability_reports_a_dead_x_display_and_macos_permission() -> None:
    dead = availability(env={"DISPLAY": ":99"}, platform="linux", x_problem=lambda d: f"no {d}")
    assert dead == Availability(False, "no :99", dead.fix) and dead.fix
    mac = availability(env={}, platform="darwin", mac_trusted=lambda: False)
    assert not mac.ok and "Accessibility" in mac.reason and MAC_SETTINGS in mac.fix
    assert availability(env={}, platform="darwin", mac_trusted=lambda: True).ok


def test_real_x_probe_says_why_a_display_is_unusable() -> None:
    from studio_tray.hotkeys.support import x_display_problem

    problem = x_display_problem(":987")
    assert problem is not None and ":987" in problem


def config_with(*shortcuts: Shortcut, picker: str = "<ctrl>+<alt>+s") -> Config:
    return Config(Path("c.toml"), Settings(picker_hotkey=picker), shortcuts=tuple(shortcuts))


def test_bindings_map_normalised_combos_to_launch_and_picker() -> None:
    calls: list[object] = []
    config = config_with(
        Shortcut("A", "p", "d-a1", "u", hotkey="<Ctrl>+<ALT>+1"),
        Shortcut("B", "p", "d-a1", "u"),
        Shortcut("C", "p", "d-a1", "u", hotkey="ctrl+alt+1"),  # duplicate: first one wins
    )
    mapping = bindings(config, calls.append, lambda: calls.append("picker"))
    assert sorted(mapping) == ["<ctrl>+<alt>+1", "<ctrl>+<alt>+s"]
    mapping["<ctrl>+<alt>+1"]()
    mapping["<ctrl>+<alt>+s"]()
    assert calls == ["A", "picker"]
    assert bindings(config_with(picker=""), calls.append, lambda: None) == {}


class FakeApp:
    """The three things TrayHotkeys uses from app.App, plus the hooks attach_hotkeys calls."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.services: list = []
        self.reload_listeners: list[Callable[[Config], None]] = []
        self.reports: list[tuple[str, str]] = []
        self.launched: list[str] = []

    def launch(self, name: str) -> None:
        self.launched.append(name)

    def open_picker(self) -> None:
        self.launched.append("<picker>")

    def report(self, title: str, message: str) -> None:
        self.reports.append((title, message))

    def add_service(self, service: object) -> None:
        self.services.append(service)

    def on_reload(self, listener: Callable[[Config], None]) -> None:
        self.reload_listeners.append(listener)


class RecordingService(HotkeyService):
    def __init__(self) -> None:
        super().__init__()
        self.started: list[tuple[str, ...]] = []

    def start(self) -> None:
        self.started.append(self.combos)


def test_unavailable_hotkeys_notify_once_and_never_start() -> None:
    app = FakeApp(config_with(Shortcut("A", "p", "d-a1", "u", hotkey="<ctrl>+<alt>+1")))
    service = RecordingService()
    why = Availability(False, "Wayland session without XWayland", "bind a desktop shortcut")
    hotkeys = attach_hotkeys(app, service=service, check=lambda: why)  # type: ignore[arg-type]
    assert app.services == [hotkeys] and app.reload_listeners == [hotkeys.listen]
    hotkeys.start()
    app.reload_listeners[0](app.config)
    assert service.started == []
    assert app.reports == [
        ("Hotkeys are off", "Wayland session without XWayland; bind a desktop shortcut")
    ]


def test_reload_swaps_the_combos() -> None:
    app = FakeApp(config_with(Shortcut("A", "p", "d-a1", "u", hotkey="<ctrl>+<alt>+1")))
    service = RecordingService()
    ok = Availability(True, "X11", "")
    hotkeys = attach_hotkeys(app, service=service, check=lambda: ok)  # type: ignore[arg-type]
    hotkeys.start()
    hotkeys.listen(config_with(Shortcut("A", "p", "d-a1", "u", hotkey="<ctrl>+<alt>+2")))
    assert service.started == [
        ("<ctrl>+<alt>+s", "<ctrl>+<alt>+1"),
        ("<ctrl>+<alt>+s", "<ctrl>+<alt>+2"),
    ]
    assert app.reports == []


# real key events ----------------------------------------------------------------------------


class Hits:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.event = threading.Condition()

    def callback(self, name: str) -> Callable[[], None]:
        def hit() -> None:
            with self.event:
                self.names.append(name)
                self.event.notify_all()

        return hit

    def wait_for(self, count: int, timeout: float = 5) -> list[str]:
        with self.event:
            self.event.wait_for(lambda: len(self.names) >= count, timeout)
        return list(self.names)


@pytest.fixture
def live(display: Display, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Display, Hits]]:
    monkeypatch.setenv("DISPLAY", display.env["DISPLAY"])
    os.environ.pop("WAYLAND_DISPLAY", None)
    yield display, Hits()


def xdo(display: Display, *args: str) -> None:
    display.run("xdotool", *args)


@pytest.mark.gui
def test_real_keys_fire_hold_once_restart_and_stop(live: tuple[Display, Hits]) -> None:
    display, hits = live
    assert availability().ok
    service = HotkeyService({"<ctrl>+<alt>+1": hits.callback("one")})
    service.start()
    try:
        xdo(display, "key", "ctrl+alt+1")
        assert hits.wait_for(1) == ["one"]
        time.sleep(0.4)  # past the dead time: a person does not press twice in 0.25 s

        xdo(display, "keydown", "ctrl+alt+1")  # held: the X server auto-repeats the 1
        time.sleep(1.2)
        xdo(display, "keyup", "ctrl+alt+1")
        assert hits.wait_for(2) == ["one", "one"]
        time.sleep(0.5)
        assert hits.names == ["one", "one"]

        # repeats as release+press pairs (how some servers deliver auto-repeat)
        pairs = ["keyup", "1", "keydown", "1"] * 15
        xdo(display, "keydown", "ctrl+alt+1", *pairs, "keyup", "ctrl+alt+1")
        assert hits.wait_for(3) == ["one"] * 3
        time.sleep(0.5)
        assert hits.names == ["one"] * 3

        service.restart({"<ctrl>+<alt>+2": hits.callback("two")})
        xdo(display, "key", "ctrl+alt+1")
        xdo(display, "key", "ctrl+alt+2")
        assert hits.wait_for(4) == ["one"] * 3 + ["two"]
        time.sleep(0.3)
        assert hits.names == ["one"] * 3 + ["two"]
    finally:
        listener = service._listener
        service.stop()
    assert not service.running
    # the listener's thread has ended, not merely been given up on after stop's join timeout
    assert listener is not None and not listener.is_alive()
    xdo(display, "key", "ctrl+alt+2")
    time.sleep(0.5)
    assert hits.names == ["one"] * 3 + ["two"]


class BrokenService(HotkeyService):
    def start(self) -> None:
        raise ImportError("this platform is not supported")


def test_listener_failure_keeps_the_tray_and_says_so() -> None:
    app = FakeApp(config_with())
    ok = Availability(True, "X11", "")
    hotkeys = attach_hotkeys(app, service=BrokenService(), check=lambda: ok)  # type: ignore[arg-type]
    hotkeys.start()
    hotkeys.listen(app.config)  # a reload does not notify again
    assert app.reports == [("Hotkeys are off", "the keyboard listener failed (ImportError)")]


def test_start_on_a_dead_display_raises_instead_of_hanging() -> None:
    import subprocess
    import sys

    script = (
        "from studio_tray.hotkeys.listener import HotkeyService\n"
        "try:\n"
        "    HotkeyService({'<ctrl>+<alt>+1': print}).start()\n"
        "except Exception as exc:\n"
        "    print('failed', type(exc).__name__)\n"
    )
    env = {**os.environ, "DISPLAY": ":987"}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=30
    )
    assert out.stdout.startswith("failed"), out.stderr
