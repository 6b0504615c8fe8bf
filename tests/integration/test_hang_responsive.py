"""A hanging endpoint: the click reports a timeout within 20 s, the tray stays responsive."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from studio_tray.app import App
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.tray import menu
from tests.fixtures.views import FakeView
from tests.fixtures.wait import wait_until


@pytest.mark.slow
def test_hang_times_out_in_time_while_another_shortcut_opens(
    emulator: Emulator, isolated_env: dict[str, Path]
) -> None:
    with Emulator() as hanging:
        for emu in (emulator, hanging):
            emu.add_demo_data()
        hanging.inject("hang", ops="CreatePresignedDomainUrl")
        path = isolated_env["config"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"""
[profiles.ok]
region = "us-east-1"
endpoint_url = "{emulator.url}"

[profiles.stuck]
region = "us-east-1"
endpoint_url = "{hanging.url}"

[[shortcuts]]
name = "stuck"
profile = "stuck"
domain_id = "d-demo00000001"
user_profile = "demo-user"

[[shortcuts]]
name = "fine"
profile = "ok"
domain_id = "d-demo00000001"
user_profile = "demo-user"
""")
        opened: list[tuple[str, float]] = []
        keys = (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)
        store = MemoryKeyStore({"ok": keys, "stuck": keys})
        launcher = Launcher(
            SessionProvider(store), opener=lambda url, _: opened.append((url, time.monotonic()))
        )
        app = App(path, launcher)
        view = FakeView()
        app.view = view
        started = time.monotonic()
        done = threading.Event()
        outcome: list[str | None] = []
        stuck = app.launch("stuck", on_done=lambda f: (outcome.append(f), done.set()))
        assert stuck is not None
        time.sleep(0.5)
        # Meanwhile the UI answers at once and another shortcut opens.
        t0 = time.monotonic()
        model = app.menu()
        assert time.monotonic() - t0 < 0.5
        assert not {i.label: i for i in model.items()}["stuck"].enabled
        app.dispatch(menu.LAUNCH, "fine")
        wait_until(lambda: opened, what="the other shortcut to open")
        assert opened[0][1] - started < 5
        assert app.launch("stuck") is None  # still running: a second click is ignored
        assert done.wait(25)
        elapsed = time.monotonic() - started
        assert elapsed < 20, elapsed
        assert outcome[0] is not None and "timed out" in outcome[0]
        assert app.icon_state()[0] == "error" and "timed out" in app.icon_state()[1]
        assert any("timed out" in message for _, message in view.notes)
