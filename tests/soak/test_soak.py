"""Soak: 1,000 launches through a running app's hand-off channel, against a faulty endpoint.

The emulator runs in its own process with 10% 5xx, 5% throttling and 2% dropped connections,
so this process holds only the app: its threads, open files and memory are measured before
and after. Every launch must end in exactly one opened URL or one reported failure.
"""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from studio_tray.app import App
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_DOMAIN_ID, DEMO_SECRET_ACCESS_KEY
from studio_tray.handoff import client as handoff
from studio_tray.tray.handoff import HandoffService
from tests.fixtures.views import FakeView
from tests.fixtures.wait import wait_for_channel, wait_until

SHORTCUTS = 20
LAUNCHES = 1000


# The pool holds up to its size of kept-alive connections and replaces dropped ones lazily, so
# after the waves it may hold a few more sockets than after the warm-up (27 against 24 seen
# once in a full run). A leak grows with the launches instead: 1,000 launches at 2% dropped
# connections drop about 20, far past this slack. Files and pipes get no slack at all.
SOCKET_SLACK = 5


class Counts(NamedTuple):
    """What this process holds."""

    threads: int
    sockets: int
    other_fds: int
    rss_mb: float


def counts() -> Counts:
    """Threads, open sockets, other file descriptors and RSS (MB) of this process.

    Garbage is collected first: a dropped connection's socket can sit in a reference cycle
    until the next full collection, which in a long test session (hundreds of MB of objects)
    comes late; that is garbage not yet collected, not a leak.
    """
    gc.collect()
    rss = next(
        int(line.split()[1]) / 1024
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmRSS:")
    )
    sockets = other = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the fd listdir itself used, closed by now
            continue
        if target.startswith("socket:"):
            sockets += 1
        else:
            other += 1
    return Counts(threading.active_count(), sockets, other, rss)


@pytest.fixture
def faulty_endpoint() -> Any:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studio_tray",
            "emulator",
            "--fault",
            "5xx:0.10",
            "--fault",
            "throttle:0.05",
            "--fault",
            "drop:0.02",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+", line)
    assert match, line + (proc.stderr.read() if proc.stderr else "")
    yield match.group(0)
    proc.terminate()
    proc.wait(20)


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_thousand_handed_off_launches(faulty_endpoint: str, isolated_env: dict[str, Path]) -> None:
    if not Path("/proc/self/fd").exists():
        pytest.skip("needs /proc")
    path = isolated_env["config"]
    path.parent.mkdir(parents=True, exist_ok=True)
    shortcuts = "".join(
        f'\n[[shortcuts]]\nname = "s{i:02d}"\nprofile = "p"\ndomain_id = "{DEMO_DOMAIN_ID}"\n'
        f'user_profile = "demo-user"\n'
        for i in range(SHORTCUTS)
    )
    path.write_text(
        f'[profiles.p]\nregion = "us-east-1"\nendpoint_url = "{faulty_endpoint}"\n{shortcuts}'
    )
    opened: list[str] = []
    lock = threading.Lock()

    def opener(url: str, _command: str) -> None:
        with lock:
            opened.append(url)

    store = MemoryKeyStore({"p": (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)})
    app = App(path, Launcher(SessionProvider(store), opener=opener))
    view = FakeView(keep=False, run_timeout=None)
    state = isolated_env["state"]
    app.add_service(HandoffService(app, state))
    runner = threading.Thread(target=app.run, args=(view,), daemon=True)
    runner.start()
    wait_for_channel(state)

    answers: list[dict[str, Any]] = []

    def client(index: int, rounds: int) -> None:
        for _ in range(rounds):
            answer = handoff.request({"op": "open", "name": f"s{index:02d}"}, state, timeout=60)
            assert answer is not None
            with lock:
                answers.append(answer)

    def wave(rounds: int) -> None:
        workers = [threading.Thread(target=client, args=(i, rounds)) for i in range(SHORTCUTS)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(90)

    wave(2)  # warm-up: sessions, clients and the connection pool exist before measuring
    time.sleep(0.5)
    before = counts()
    answers.clear()
    opened.clear()
    view.notes.clear()
    started = time.monotonic()
    wave(LAUNCHES // SHORTCUTS)
    elapsed = time.monotonic() - started

    outcome = Counter("ok" if a["ok"] else "failed" for a in answers)
    assert len(answers) == LAUNCHES
    assert outcome["ok"] == len(opened) == len(set(opened))
    assert outcome["failed"] == len(view.notes)
    assert outcome["ok"] > LAUNCHES * 0.8, outcome
    for answer in answers:
        assert "token" not in answer["message"] and "http" not in answer["message"]

    seen: list[Counts] = []

    def settled() -> bool:
        now = counts()
        seen.append(now)
        return (
            now.threads <= before.threads
            and now.sockets <= before.sockets + SOCKET_SLACK
            and now.other_fds <= before.other_fds
        )

    wait_until(settled, timeout=15, interval=0.2, fail=False)
    after = seen[-1]
    print(f"\nsoak: {outcome} in {elapsed:.1f} s; {before} -> {after}")
    assert after.threads <= before.threads
    assert after.sockets <= before.sockets + SOCKET_SLACK
    assert after.other_fds <= before.other_fds
    assert after.rss_mb - before.rss_mb < 5
    assert elapsed < 60
    app.quit()
    runner.join(10)
