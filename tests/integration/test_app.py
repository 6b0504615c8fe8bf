"""The app's wiring, headless: a fake view, a real Launcher, real HTTP to the emulator."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from studio_tray.app import App
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.tray import menu
from tests.fixtures.config import write_config
from tests.fixtures.views import FakeView


@pytest.fixture
def setup(emulator: Emulator, isolated_env: dict[str, Path]) -> dict[str, Any]:
    domain = emulator.add_demo_data()
    path = isolated_env["config"]
    write_config(path, emulator, domain)
    opened: list[str] = []
    gate = threading.Event()
    gate.set()

    def opener(url: str, command: str) -> None:
        assert gate.wait(10)
        opened.append(url)

    store = MemoryKeyStore({"demo": (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)})
    app = App(path, Launcher(SessionProvider(store), opener=opener))
    view = FakeView()
    app.view = view
    return {
        "app": app,
        "view": view,
        "opened": opened,
        "gate": gate,
        "path": path,
        "emu": emulator,
        "domain": domain,
    }


def presign_calls(emu: Emulator) -> list[Any]:
    return [r for r in emu.requests if r.op == "CreatePresignedDomainUrl"]


def test_click_opens_a_fresh_url_the_emulator_accepts(setup: dict[str, Any]) -> None:
    app, view, emu = setup["app"], setup["view"], setup["emu"]
    worker = app.launch("lab")
    assert worker is not None
    worker.join(10)
    assert len(setup["opened"]) == 1
    assert emu.redeem(setup["opened"][0]) == 200
    calls = presign_calls(emu)
    assert len(calls) == 1
    assert calls[0].params["DomainId"] == setup["domain"]
    assert calls[0].params["SpaceName"] == "demo-lab"
    assert view.last[1:] == ("idle", "studio-tray")
    assert "busy" in [u[1] for u in view.updates]


def test_second_click_while_launching_is_ignored(setup: dict[str, Any]) -> None:
    app, view = setup["app"], setup["view"]
    setup["gate"].clear()
    first = app.launch("lab")
    assert first is not None
    assert app.launch("lab") is None
    model, state, tooltip = view.last
    assert state == "busy" and "lab" in tooltip
    lab = next(i for i in model.items() if i.label == "lab")
    assert lab.enabled is False
    setup["gate"].set()
    first.join(10)
    assert len(setup["opened"]) == 1
    assert len(presign_calls(setup["emu"])) == 1
    assert app.launch("lab") is not None  # launching again works once done


def test_failure_shows_error_state_until_next_success(setup: dict[str, Any]) -> None:
    app, view = setup["app"], setup["view"]
    worker = app.launch("missing-domain")
    assert worker is not None
    worker.join(10)
    model, state, tooltip = view.last
    assert state == "error"
    assert "missing-domain failed" in tooltip
    assert view.notes and view.notes[0][0] == "missing-domain failed"
    assert "http" not in view.notes[0][1]
    assert setup["opened"] == []
    ok = app.launch("lab")
    assert ok is not None
    ok.join(10)
    assert view.last[1] == "idle"
    assert len(setup["opened"]) == 1


def test_unknown_shortcut_is_ignored(setup: dict[str, Any]) -> None:
    assert setup["app"].launch("nope") is None


def test_reload_broken_config_keeps_last_good_and_shows_error(setup: dict[str, Any]) -> None:
    app, view, path = setup["app"], setup["view"], setup["path"]
    path.write_text("[[shortcuts]]\nname = 'x'\nbogus = 1\n")
    assert app.reload() is False
    model, state, _ = view.last
    first = model.entries[0]
    assert isinstance(first, menu.Item) and not first.enabled
    assert "config.toml" in first.label
    assert [i.label for i in model.items()][-3:] == ["Edit config", "Reload config", "Quit"]
    assert "lab" in [i.label for i in model.items()]
    assert state == "error"
    assert view.notes[-1][0] == "Config not reloaded"
    worker = app.launch("lab")  # the last good shortcuts still work
    assert worker is not None
    worker.join(10)
    assert len(setup["opened"]) == 1
    write_config(path, setup["emu"], setup["domain"], extra='group = "Other"')
    assert app.reload() is True
    assert view.last[1] == "idle"
    assert view.last[0].labels()[:2] == ["Demo", "Other"]


def test_reload_listeners_hear_good_reloads(setup: dict[str, Any]) -> None:
    heard: list[int] = []
    setup["app"].on_reload(lambda c: heard.append(len(c.shortcuts)))
    assert setup["app"].reload()
    assert heard == [2]


def test_edit_config_creates_template_and_opens_it(emulator: Emulator, tmp_path: Path) -> None:
    opened: list[Path] = []
    path = tmp_path / "new" / "config.toml"
    app = App(path, Launcher(SessionProvider(MemoryKeyStore())), opener=opened.append)
    app.dispatch(menu.EDIT_CONFIG)
    assert opened == [path]
    assert path.read_text().startswith("# studio-tray config")
    assert app.reload() is True  # the template is a valid (empty) config
    app.dispatch(menu.OPEN_LOG)
    assert opened[-1].name == "studio-tray.log"


def test_quit_stops_view_and_services(setup: dict[str, Any]) -> None:
    app = setup["app"]
    events: list[str] = []

    class Svc:
        def start(self) -> None:
            events.append("start")

        def stop(self) -> None:
            events.append("stop")

    app.add_service(Svc())
    view = FakeView()
    threading.Timer(0.2, lambda: app.dispatch(menu.QUIT)).start()
    assert app.run(view) == 0
    assert events == ["start", "stop"]


def test_autostart_toggle(setup: dict[str, Any]) -> None:
    class FakeAutostart:
        on = False

        def enable(self) -> str:
            self.on = True
            return "x"

        def disable(self) -> bool:
            self.on = False
            return True

        def is_enabled(self) -> bool:
            return self.on

    app = App(setup["path"], setup["app"].launcher, autostart=FakeAutostart())  # type: ignore[arg-type]
    app.view = view = FakeView()
    item = next(i for i in app.menu().items() if i.label == "Start at login")
    assert item.checked is False
    app.dispatch(menu.AUTOSTART)
    item = next(i for i in view.last[0].items() if i.label == "Start at login")
    assert item.checked is True


def test_picker_action_calls_picker(setup: dict[str, Any]) -> None:
    calls: list[int] = []
    app = App(setup["path"], setup["app"].launcher, picker=lambda: calls.append(1))
    app.dispatch(menu.OPEN_PICKER)
    assert calls == [1]


def test_menu_action_errors_never_escape(setup: dict[str, Any]) -> None:
    def broken(_path: Path) -> None:
        raise OSError("no opener")

    app = App(setup["path"], setup["app"].launcher, opener=broken)
    app.view = view = FakeView()
    app.dispatch(menu.OPEN_LOG)
    app.dispatch(menu.EDIT_CONFIG)
    app.dispatch("no-such-action")
    assert [n[0] for n in view.notes] == ["open-log failed", "edit-config failed"]
    assert "OSError" in view.notes[0][1]


def test_notifier_failure_is_swallowed(
    setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    escaped: list[object] = []
    monkeypatch.setattr(threading, "excepthook", escaped.append)
    tried: list[str] = []

    def no_service(title: str, message: str) -> None:
        tried.append(title)
        raise RuntimeError("no notification service on the bus")

    app = App(setup["path"], setup["app"].launcher, notifier=no_service)
    worker = app.launch("missing-domain")
    assert worker is not None
    worker.join(10)
    assert app.icon_state()[0] == "error"
    assert tried == ["missing-domain failed"]
    assert escaped == []


def test_broken_config_at_start_shows_the_error(emulator: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("this is not toml =")
    app = App(path, Launcher(SessionProvider(MemoryKeyStore())))
    model = app.menu()
    assert model.labels()[-3:] == ["Edit config", "Reload config", "Quit"]
    first = model.entries[0]
    assert isinstance(first, menu.Item) and not first.enabled and "config.toml" in first.label
    assert app.icon_state()[0] == "error"
    assert app.config.shortcuts == ()


def test_first_run_only_on_a_loading_config_without_profiles_and_shortcuts(
    tmp_path: Path,
) -> None:
    from studio_tray.model import Config

    launcher = Launcher(SessionProvider(MemoryKeyStore()))
    path = tmp_path / "config.toml"
    assert App(path, launcher).first_run()  # no file yet
    path.write_text("# empty\n")
    assert App(path, launcher).first_run()
    path.write_text('[profiles.p]\nregion = "us-east-1"\n')
    assert not App(path, launcher).first_run()
    path.write_text("this is = = not toml\n")
    assert not App(path, launcher).first_run()  # a broken file is not a first run
    assert not App(None, launcher, config=Config(tmp_path / "demo.toml")).first_run()  # demo


def test_settings_item_starts_one_settings_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    from studio_tray.system.dialogs import SettingsRunner

    started: list[subprocess.Popen[bytes]] = []
    runner = SettingsRunner(command=lambda: [sys.executable, "-c", "import time; time.sleep(30)"])
    original = subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        child = original(*args, **kwargs)
        started.append(child)
        return child

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess, "Popen", popen)
        runner.request()
        runner.request()  # open already: no second window
    assert len(started) == 1 and runner.is_open
    runner.close()
    assert started[0].wait(10) != 0 and not runner.is_open
