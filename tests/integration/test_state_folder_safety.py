"""Items 4 and 5 of the security issue: the state folder and its lock are checked before use."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from studio_tray import paths
from studio_tray.errors import UnsafeFileError
from studio_tray.handoff import client as handoff
from studio_tray.system.instance import InstanceLock, lock_path
from tests.fixtures.cli import studio_tray as cli
from tests.fixtures.other_user import OtherUser
from tests.fixtures.wait import wait_until

# Runs as the other user in the shared folder: a fake tray that records who connects.
FAKE_TRAY = """
import os, signal, sys
signal.alarm(15)  # runuser does not pass a kill on, so the fake ends itself
from multiprocessing import connection as mpc
folder = sys.argv[1]
key = b"k" * 32
with open(os.path.join(folder, "handoff.key"), "wb") as f:
    f.write(key)
os.chmod(os.path.join(folder, "handoff.key"), 0o644)
listener = mpc.Listener(os.path.join(folder, "handoff.sock"), family="AF_UNIX", authkey=key)
os.chmod(os.path.join(folder, "handoff.sock"), 0o777)
print("listening", flush=True)
conn = listener.accept()
print("GOT", conn.recv_bytes(4096).decode(), flush=True)
conn.send_bytes(b'{"ok": true, "message": "opened"}')
"""

# Runs as the other user: plants tray.lock as a link to the victim's file and holds a lock.
PLANT = """
import fcntl, os, sys, time
os.symlink(sys.argv[2], os.path.join(sys.argv[1], "tray.lock"))
print("planted", flush=True)
time.sleep(60)
"""


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    (line,) = result.stderr.strip().splitlines()
    return line


def test_a_state_folder_others_can_write_is_refused_and_a_planted_link_is_not_followed(
    other_user: OtherUser, shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user plants tray.lock -> the victim's .bashrc in a shared (1777) state folder.
    The tray refuses the folder, naming it, and the .bashrc is untouched. Before the fix the
    tray truncated it and wrote its pid there."""
    bashrc = tmp_path / "bashrc"
    bashrc.write_text("alias ll='ls -l'\n")
    bashrc.chmod(0o644)
    tmp_path.chmod(0o755)
    planter = other_user.popen(
        ["/usr/bin/python3", "-c", PLANT, str(shared_dir), str(bashrc)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert planter.stdout is not None and planter.stdout.readline().strip() == "planted"
        monkeypatch.setenv(paths.STATE_ENV, str(shared_dir))
        with pytest.raises(UnsafeFileError, match="can be written by other users"):
            InstanceLock(lock_path()).acquire()
        result = cli("run", env={**os.environ, paths.STATE_ENV: str(shared_dir)}, timeout=60)
        assert str(shared_dir) in one_line(result)
    finally:
        planter.kill()
        planter.wait()
    assert bashrc.read_text() == "alias ll='ls -l'\n"


def test_a_symlinked_lock_in_a_private_folder_is_refused(tmp_path: Path) -> None:
    """O_NOFOLLOW: a tray.lock that is a link is never opened through, with a clear error."""
    victim = tmp_path / "victim"
    victim.write_text("keep me\n")
    os.symlink(victim, lock_path())
    with pytest.raises(UnsafeFileError, match="symbolic link"):
        InstanceLock().acquire()
    assert victim.read_text() == "keep me\n"


def test_a_lock_file_that_cannot_be_opened_is_one_line() -> None:
    """Item 5: an unopenable tray.lock (here a folder in its place) is one line naming the file
    and the fix, exit 1; before the fix it was a traceback."""
    lock_path().mkdir()
    line = one_line(cli("run", timeout=60))
    assert str(lock_path()) in line and "cannot be opened" in line and "remove it" in line


def test_open_never_talks_to_a_socket_in_an_unverified_folder(
    other_user: OtherUser, shared_dir: Path
) -> None:
    """Another user's fake tray listens in a shared state folder with a key anyone can read.
    ``open`` refuses the folder in one line and the fake tray never hears from it; before the
    fix the request (shortcut and config path) went to the other user, who answered "ok"."""
    fake = other_user.popen(
        ["/usr/bin/python3", "-c", FAKE_TRAY, str(shared_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert fake.stdout is not None and fake.stdout.readline().strip() == "listening"
        with pytest.raises(UnsafeFileError):
            handoff.request({"op": "ping"}, shared_dir, timeout=5)
        result = cli("open", "lab", env={**os.environ, paths.STATE_ENV: str(shared_dir)})
        assert "can be written by other users" in one_line(result)
        time.sleep(0.5)
        assert fake.poll() is None, fake.communicate()
    finally:
        fake.terminate()
        out, _ = fake.communicate(timeout=30)
    assert "GOT" not in out


def test_the_private_folder_check_passes_for_our_own_folder(tmp_path: Path) -> None:
    """The check is not a blanket refusal: the usual private state folder is used."""
    assert wait_until(lambda: paths.state_dir().is_dir())
    paths.check_private(paths.state_dir())
