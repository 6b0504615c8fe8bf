"""``studio-tray picker`` and ``studio-tray prompt``: the Tk windows, each as its own process.

Both talk over stdout: one line (the chosen shortcut's name, or the MFA code) and exit 0, or
nothing and exit 1 when cancelled. Only one picker is open at a time: a second one (from a
desktop shortcut, or the tray) brings the open one forward and exits 1 without choosing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import signal
import sys
import threading
from pathlib import Path

from studio_tray import paths
from studio_tray.commands import add_verb
from studio_tray.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see cli.py)
if TYPE_CHECKING:
    from typing import Any

PICKER_LOCK = "picker.lock"
PROMPT_TEXT_MAX = 4096
RAISE = "raise"


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``picker`` and ``prompt`` verbs."""
    picker = add_verb(sub, "picker")
    picker.add_argument(
        "--print",
        dest="print_name",
        action="store_true",
        help="show the picker here and print the chosen name instead of opening it "
        "(exit 1 when cancelled)",
    )
    picker.set_defaults(func=run_picker_command)
    prompt = add_verb(sub, "prompt")
    prompt.add_argument("--title", default="studio-tray", help="window title")
    prompt.add_argument("--label", default="MFA code:", help="text above the field")
    prompt.add_argument(
        "--stdin",
        action="store_true",
        help='read title and label as one JSON line from stdin ({"title": ..., "label": ...}), '
        "off the command line (what the tray does)",
    )
    prompt.set_defaults(func=run_prompt_command)


def run_picker_command(args: argparse.Namespace) -> int:
    """Show the picker; print the chosen name and return 0, or return 1."""
    from studio_tray import config as config_file
    from studio_tray.picker.model import rows_for
    from studio_tray.picker.window import run_picker
    from studio_tray.system.instance import InstanceLock, owner_pid

    config_path = paths.config_path(args.config)
    if not args.print_name and _hand_off(config_path):
        return 0
    config = config_file.load(config_path)
    lock_file = paths.state_dir() / PICKER_LOCK
    lock = InstanceLock(lock_file)
    if not lock.acquire():
        _wake_other(owner_pid(lock_file))
        return 1
    wakeups: queue.Queue[str] = queue.Queue()
    _listen_for_wakeups(wakeups)
    with lock:
        name = run_picker(rows_for(config.shortcuts), wakeups)
    if name is None:
        return 1
    if args.print_name:
        print(name, flush=True)
        return 0
    from studio_tray.commands.open import find_shortcut
    from studio_tray.runtime import make_launcher

    launcher = make_launcher(interactive=sys.stdin.isatty(), config=config.path)
    launcher.open(config, find_shortcut(config, name))
    print(f"opened {name}", file=sys.stderr)
    return 0


def _hand_off(config_path: Path) -> bool:
    """Ask a running tray (with the same config) to show its picker; True when it did."""
    from studio_tray.handoff import client as handoff

    answer = handoff.request({"op": "picker", "config": str(config_path)}, paths.state_dir())
    return bool(answer and answer.get("ok"))


def run_prompt_command(args: argparse.Namespace) -> int:
    """Ask for an MFA code; print it and return 0, or return 1 when cancelled."""
    from studio_tray.picker.window import run_prompt

    title, label = _prompt_texts(sys.stdin.readline()) if args.stdin else (args.title, args.label)
    code = run_prompt(title, label)
    if code is None:
        return 1
    print(code, flush=True)
    return 0


def _prompt_texts(line: str) -> tuple[str, str]:
    """Title and label from the JSON line ``prompt --stdin`` reads; UsageError when malformed."""
    import json

    try:
        texts = json.loads(line) if len(line) <= PROMPT_TEXT_MAX else None
    except (ValueError, RecursionError):
        texts = None
    if not (
        isinstance(texts, dict)
        and isinstance(texts.get("title"), str)
        and isinstance(texts.get("label"), str)
    ):
        raise UsageError('prompt --stdin needs one line {"title": "...", "label": "..."}')
    return texts["title"], texts["label"]


def _wake_other(pid: int | None) -> None:
    # POSIX only: Windows has no SIGUSR1; there the tray brings its own picker forward
    # through the picker's stdin instead (dialogs.PickerRunner).
    usr1 = getattr(signal, "SIGUSR1", None)
    if pid is None or usr1 is None or pid == os.getpid():
        return
    with contextlib.suppress(OSError):
        os.kill(pid, usr1)


def _listen_for_wakeups(wakeups: queue.Queue[str]) -> None:
    usr1 = getattr(signal, "SIGUSR1", None)
    if usr1 is not None:
        signal.signal(usr1, lambda _sig, _frame: wakeups.put(RAISE))
    if sys.stdin is None or sys.stdin.closed or sys.stdin.isatty():
        return

    def read() -> None:
        for line in sys.stdin:
            if line.strip() == RAISE:
                wakeups.put(RAISE)

    threading.Thread(target=read, name="picker-stdin", daemon=True).start()
