"""Services beside the tray, headless: the hand-off channel and "Discover shortcuts..."."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from studio_tray.app import App
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.handoff import client as handoff
from studio_tray.tray import menu
from studio_tray.tray.handoff import HandoffService
from tests.fixtures.config import write_config
from tests.fixtures.views import FakeView
from tests.fixtures.wait import wait_for_channel, wait_until


@pytest.fixture
def running(emulator: Emulator, isolated_env: dict[str, Path]) -> Any:
    domain = emulator.add_demo_data()
    path = isolated_env["config"]
    write_config(path, emulator, domain)
    opened: list[str] = []
    pickers: list[bool] = []
    store = MemoryKeyStore({"demo": (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)})
    launcher = Launcher(SessionProvider(store), opener=lambda url, _cmd: opened.append(url))
    app = App(path, launcher, picker=lambda: pickers.append(True))
    view = FakeView()
    app.add_service(HandoffService(app, isolated_env["state"]))
    runner = threading.Thread(target=app.run, args=(view,), daemon=True)
    runner.start()
    state = isolated_env["state"]
    wait_for_channel(state)
    yield {
        "app": app,
        "view": view,
        "opened": opened,
        "pickers": pickers,
        "state": state,
        "path": path,
        "emu": emulator,
    }
    app.quit()
    runner.join(10)


def test_open_through_the_channel_opens_once_and_says_so(running: Any) -> None:
    answer = handoff.request(
        {"op": "open", "name": "lab", "config": str(running["path"])}, running["state"]
    )
    assert answer == {"ok": True, "message": "opened lab"}
    assert len(running["opened"]) == 1
    assert running["emu"].redeem(running["opened"][0]) == 200


def test_a_failing_shortcut_reports_why(running: Any) -> None:
    answer = handoff.request({"op": "open", "name": "missing-domain"}, running["state"])
    assert answer is not None and answer["ok"] is False
    assert "not found" in answer["message"]
    assert running["opened"] == []


def test_unknown_name_is_a_usage_answer(running: Any) -> None:
    answer = handoff.request({"op": "open", "name": "nope"}, running["state"])
    assert answer is not None and answer["code"] == 2 and "nope" in answer["message"]


def test_another_config_falls_back_to_the_cli(running: Any, tmp_path: Path) -> None:
    answer = handoff.request(
        {"op": "open", "name": "lab", "config": str(tmp_path / "x.toml")}, running["state"]
    )
    assert answer is not None and answer.get("fallback") is True
    assert running["opened"] == []


def test_picker_and_reload_ops(running: Any) -> None:
    assert handoff.request({"op": "picker"}, running["state"]) == {
        "ok": True,
        "message": "picker shown",
    }
    assert running["pickers"] == [True]
    running["path"].write_text(running["path"].read_text().replace('name = "lab"', 'name = "lab2"'))
    assert handoff.request({"op": "reload"}, running["state"])["ok"] is True
    assert running["app"].config.shortcut("lab2") is not None


def test_cli_open_hands_off_to_the_running_tray(running: Any) -> None:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "studio_tray", "open", "lab"],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    assert "by the running tray" in result.stderr
    assert len(running["opened"]) == 1
    missing = subprocess.run(
        [sys.executable, "-m", "studio_tray", "open", "missing-domain"],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert missing.returncode == 1 and "not found" in missing.stderr


def test_discover_from_the_menu_adds_new_shortcuts_and_notifies(running: Any) -> None:
    app, view, emu = running["app"], running["view"], running["emu"]
    emu.add_space(
        emu.add_domain("d-team00000001", "team"),
        "shared-code",
        sharing="Shared",
        app_type="CodeEditor",
    )
    emu.add_user_profile("d-team00000001", "demo-user")
    before = len(app.config.shortcuts)
    app.dispatch(menu.DISCOVER)
    wait_until(lambda: not app.discovery.running, what="discovery to finish")
    added = [s for s in app.config.shortcuts[before:]]
    assert added, view.notes
    assert any(s.space == "shared-code" and s.landing_uri == "app:CodeEditor:" for s in added)
    assert any(title == "Discover shortcuts" and "Added" in msg for title, msg in view.notes)
    again = len(app.config.shortcuts)
    app.dispatch(menu.DISCOVER)
    wait_until(lambda: not app.discovery.running, what="discovery to finish")
    assert len(app.config.shortcuts) == again
