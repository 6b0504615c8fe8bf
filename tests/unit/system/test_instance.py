"""Single instance: a live holder blocks, a crashed run's leftover lock file does not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from studio_tray.system import instance
from studio_tray.system.instance import InstanceLock

HOLD = """
import sys, time
from pathlib import Path
from studio_tray.system.instance import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
print("got" if lock.acquire() else "busy", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_second_holder_in_another_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tray.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "got"
        lock = InstanceLock(path)
        assert lock.acquire() is False
        assert not lock.held
        assert instance.owner_pid(path) == holder.pid
    finally:
        holder.kill()
        holder.wait()
    # the holder died without releasing: its file is still there, but does not block
    assert path.exists()
    with InstanceLock(path) as lock:
        assert lock.acquire() is True
        assert instance.owner_pid(path) == os.getpid()


def test_crashed_run_leaves_no_block(tmp_path: Path) -> None:
    path = tmp_path / "tray.lock"
    out = subprocess.run(
        [sys.executable, "-c", HOLD + "\nimport os; os._exit(9)", str(path), "0"],
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == "got"
    path.write_text("999999\n")  # a stale pid from long ago
    lock = InstanceLock(path)
    assert lock.acquire()
    lock.release()
    assert not lock.held


def test_default_path_is_in_the_state_folder(isolated_env: dict[str, Path]) -> None:
    assert instance.lock_path() == isolated_env["state"] / "tray.lock"


def test_release_then_reacquire_in_same_process(tmp_path: Path) -> None:
    a = InstanceLock(tmp_path / "l")
    assert a.acquire() and a.acquire()
    b = InstanceLock(tmp_path / "l")
    assert not b.acquire()
    a.release()
    assert b.acquire()
    b.release()


LISTEN = """
import sys
from pathlib import Path
from studio_tray.system import instance
woken = instance.listen_for_wake()
lock = instance.InstanceLock(Path(sys.argv[1]))
print("got" if lock.acquire() else "busy", flush=True)
print("woken" if woken.wait(20) else "never", flush=True)
"""


def test_a_holder_that_listens_is_woken_through_its_lock_file(tmp_path: Path) -> None:
    if instance.RAISE_SIGNAL is None:
        return  # Windows: no signal to wake with (the second launch only says it is open)
    path = tmp_path / "settings.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", LISTEN, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "got"
        assert not InstanceLock(path).acquire()
        assert instance.wake_owner(path) is True
        assert holder.stdout.readline().strip() == "woken"  # and not ended by the signal
        assert holder.wait(10) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait()


def test_no_owner_to_wake(tmp_path: Path) -> None:
    assert instance.wake_owner(tmp_path / "none.lock", timeout=0.1) is False
    assert instance.wake(0) is False
