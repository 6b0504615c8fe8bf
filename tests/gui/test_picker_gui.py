"""The picker and MFA prompt as real Tk processes under Xvfb, driven by xdotool."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio_tray.model import Profile
from studio_tray.picker.window import PICKER_TITLE
from studio_tray.system.dialogs import PickerRunner, ask_in_dialog, ask_mfa_in_dialog, self_command
from tests.fixtures.display import Display
from tests.fixtures.env import need
from tests.fixtures.tray_process import have_tk
from tests.fixtures.wait import wait_until

pytestmark = [pytest.mark.gui, pytest.mark.timeout(60)]

CONFIG = """
[profiles.p]
region = "us-east-1"

[[shortcuts]]
name = "Prod lab"
profile = "p"
domain_id = "d-prod1"
user_profile = "alice"
space = "alice-lab"
group = "Prod"

[[shortcuts]]
name = "Dev notebook"
profile = "p"
domain_id = "d-dev1"
user_profile = "bob"

[[shortcuts]]
name = "Shared editor"
profile = "p"
domain_id = "d-prod1"
user_profile = "carol"
space = "team-space"
group = "Team"
"""


@pytest.fixture
def gui(display: Display, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    need(have_tk(), "tkinter is needed for the picker")
    for key, value in display.env.items():
        monkeypatch.setenv(key, value)
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    yield config
    close_all(display)


def close_all(display: Display) -> None:
    for wid in find_windows(display, PICKER_TITLE):
        display.run("xdotool", "windowkill", wid, check=False)


def find_windows(display: Display, name: str) -> list[str]:
    out = display.run("xdotool", "search", "--onlyvisible", "--name", f"^{name}$", check=False)
    return out.split()


def wait_window(display: Display, name: str, timeout: float = 15) -> str:
    found = wait_until(
        lambda: find_windows(display, name), timeout, 0.1, what=f"a window named {name!r}"
    )
    time.sleep(0.3)  # let Tk take the focus
    return found[0]


def start_picker(config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        self_command("picker", "--print", config=config),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=15)
    return proc.returncode, out, err


def test_typing_filters_and_enter_prints_the_name(display: Display, gui: Path) -> None:
    proc = start_picker(gui)
    wait_window(display, PICKER_TITLE)
    display.run("xdotool", "type", "--delay", "40", "TEAM")  # the group, any case
    display.keys("Return")
    assert finish(proc)[:2] == (0, "Shared editor\n")


def test_arrows_move_and_other_fields_match(display: Display, gui: Path) -> None:
    proc = start_picker(gui)
    wait_window(display, PICKER_TITLE)
    display.run("xdotool", "type", "--delay", "40", "d-prod")  # domain id: two rows
    display.keys("Down", "Down", "Up", "Down", "Return")
    assert finish(proc)[:2] == (0, "Shared editor\n")

    proc = start_picker(gui)
    wait_window(display, PICKER_TITLE)
    display.run("xdotool", "type", "--delay", "40", "bob")  # user profile
    display.keys("Return")
    assert finish(proc)[:2] == (0, "Dev notebook\n")


def test_escape_and_no_match_print_nothing(display: Display, gui: Path) -> None:
    proc = start_picker(gui)
    wait_window(display, PICKER_TITLE)
    display.run("xdotool", "type", "--delay", "40", "zzz")
    display.keys("Return")  # nothing matches: Enter does nothing
    time.sleep(0.3)
    assert proc.poll() is None
    display.keys("Escape")
    code, out, err = finish(proc)
    assert (code, out) == (1, "")
    assert "Traceback" not in err


def test_focus_loss_closes(display: Display, gui: Path) -> None:
    proc = start_picker(gui)
    wait_window(display, PICKER_TITLE)
    other = subprocess.Popen(["xev", "-name", "other-window"], stdout=subprocess.DEVNULL)
    try:
        wid = wait_window(display, "other-window")
        display.run("xdotool", "windowfocus", wid)
        assert finish(proc)[:2] == (1, "")
    finally:
        other.terminate()
        other.wait(5)


def test_second_picker_brings_the_first_forward(display: Display, gui: Path) -> None:
    first = start_picker(gui)
    wid = wait_window(display, PICKER_TITLE)
    display.run("xdotool", "windowminimize", wid, check=False)
    second = start_picker(gui)
    assert finish(second)[:2] == (1, "")
    assert first.poll() is None
    wait_window(display, PICKER_TITLE)  # visible again
    assert len(find_windows(display, PICKER_TITLE)) == 1
    display.run("xdotool", "type", "--delay", "40", "editor")  # the text field has the focus
    display.keys("Return")
    assert finish(first)[:2] == (0, "Shared editor\n")


def test_runner_opens_one_picker_and_reports_the_choice(display: Display, gui: Path) -> None:
    chosen: list[str] = []
    done = threading.Event()

    def on_chosen(name: str) -> None:
        chosen.append(name)
        done.set()

    runner = PickerRunner(on_chosen, gui)
    runner.request()
    wait_window(display, PICKER_TITLE)
    runner.request()  # brings it forward, no second window
    time.sleep(0.5)
    assert runner.is_open and len(find_windows(display, PICKER_TITLE)) == 1
    display.run("xdotool", "type", "--delay", "40", "dev")
    display.keys("Return")
    assert done.wait(10)
    assert chosen == ["Dev notebook"]
    wait_until(lambda: not runner.is_open, timeout=5, what="the picker to close")


def test_mfa_prompt_accepts_six_digits_only(display: Display, gui: Path) -> None:
    answers: list[str | None] = []
    asker = threading.Thread(target=lambda: answers.append(ask_in_dialog("MFA for prod", "Code")))
    asker.start()
    wait_window(display, "MFA for prod")
    display.run("xdotool", "type", "--delay", "40", "12x34")  # the x is refused
    display.keys("Return")  # 4 digits: not yet
    time.sleep(0.3)
    assert asker.is_alive()
    display.run("xdotool", "type", "--delay", "40", "5678")  # 7th digit refused
    display.keys("Return")
    asker.join(15)
    assert answers == ["123456"]


def test_mfa_prompt_cancel_gives_none(display: Display, gui: Path) -> None:
    answers: list[str | None] = []
    asker = threading.Thread(target=lambda: answers.append(ask_in_dialog("MFA cancel", "Code")))
    asker.start()
    wait_window(display, "MFA cancel")
    display.keys("Escape")
    asker.join(15)
    assert answers == [None]


def test_mfa_asker_for_a_profile(display: Display, gui: Path) -> None:
    profile = Profile("prod", mfa_serial="arn:aws:iam::123456789012:mfa/alice")
    answers: list[str | None] = []
    asker = threading.Thread(target=lambda: answers.append(ask_mfa_in_dialog(profile)))
    asker.start()
    wait_window(display, "studio-tray: MFA for prod")
    # Every local user can read each process's command line: the dialog's names neither the
    # profile nor its MFA device (they reach it on stdin).
    cmdlines = [p.read_bytes() for p in Path("/proc").glob("[0-9]*/cmdline") if _readable(p)]
    assert any(b"prompt\0--stdin" in line for line in cmdlines)
    assert [line for line in cmdlines if b"mfa/alice" in line or b"MFA for prod" in line] == []
    display.run("xdotool", "type", "--delay", "40", "654321")
    display.keys("KP_Enter")
    asker.join(15)
    assert answers == ["654321"]


def _readable(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:  # the process ended meanwhile
        return False
    return True


def test_prompt_stdin_refuses_a_malformed_line() -> None:
    for line in ("not json\n", '{"title": 5}\n', "[" * 4000 + "\n"):
        out = subprocess.run(
            [sys.executable, "-m", "studio_tray", "prompt", "--stdin"],
            input=line,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert out.returncode == 2 and out.stdout == "", out.stderr
        assert out.stderr == (
            'studio-tray: prompt --stdin needs one line {"title": "...", "label": "..."}\n'
        )


def test_picker_without_display_fails_cleanly(gui: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    out = subprocess.run(
        [sys.executable, "-m", "studio_tray", "--config", str(gui), "picker", "--print"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 1 and out.stdout == ""
    assert "no display" in out.stderr and "Traceback" not in out.stderr
