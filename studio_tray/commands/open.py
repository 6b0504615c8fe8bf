"""``studio-tray open NAME [--print] [--no-start]``: a fresh URL for one shortcut, its space
started first unless it runs."""

from __future__ import annotations

import sys

from studio_tray import paths
from studio_tray.commands import add_verb
from studio_tray.errors import LaunchError, UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a hand-off is timed
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from studio_tray.model import Config, Shortcut


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``open`` verb."""
    parser = add_verb(sub, "open")
    parser.add_argument("name", help="the shortcut's name (see `studio-tray list`)")
    parser.add_argument(
        "--print",
        dest="print_url",
        action="store_true",
        help="print the URL instead of opening it (it is a credential: do not share it)",
    )
    parser.add_argument(
        "--no-start",
        action="store_true",
        help="open a stopped space as it is (by default its app is started first)",
    )
    parser.set_defaults(func=run_open)


def find_shortcut(config: Config, name: str) -> Shortcut:
    """The shortcut called ``name``; ``UsageError`` naming close matches otherwise."""
    shortcut = config.shortcut(name)
    if shortcut is not None:
        return shortcut
    names = [s.name for s in config.shortcuts]
    if not names:
        raise UsageError(
            f"no shortcut named {name!r}: the config has none yet",
            hint="add one with `studio-tray shortcut add` or `studio-tray discover --add`",
        )
    import difflib

    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = (
        "did you mean " + ", ".join(repr(c) for c in close) + "?"
        if close
        else "run `studio-tray list` to see the names"
    )
    raise UsageError(f"no shortcut named {name!r}", hint=hint)


def run_open(args: argparse.Namespace) -> int:
    """Get a fresh URL for the shortcut; print it or open it."""
    config_path = paths.config_path(args.config)
    if not args.print_url and not args.no_start:  # the tray always starts the space
        handed = hand_off(args.name, config_path)
        if handed is not None:
            return handed
    from studio_tray import config as config_file
    from studio_tray.runtime import make_launcher

    config = config_file.load(config_path)
    shortcut = find_shortcut(config, args.name)
    _warn_if_insecure(config, shortcut)
    launcher = make_launcher(interactive=sys.stdin.isatty(), config=config_path)
    progress = _start_progress(shortcut.name)
    if args.print_url:
        if args.no_start:
            url = launcher.fresh_url(config, shortcut)
        else:
            _, url = launcher.running_url(config, shortcut, progress)
        print(url, flush=True)
    else:
        launcher.open(config, shortcut, start=not args.no_start, progress=progress)
        print(f"opened {shortcut.name}", file=sys.stderr)
    return 0


def _start_progress(name: str) -> Callable[[str, float], None]:
    """Progress of starting the space on stderr, one line per status change."""
    seen: list[str] = []

    def progress(status: str, elapsed: float) -> None:
        if not seen or seen[-1] != status:
            seen.append(status)
            print(f"{name}: space {status} ({elapsed:.0f} s)", file=sys.stderr, flush=True)

    return progress


def _warn_if_insecure(config: Config, shortcut: Shortcut) -> None:
    from studio_tray.aws.launcher import INSECURE_WARNING
    from studio_tray.aws.urls import is_insecure_endpoint

    profile = config.profiles.get(shortcut.profile)
    if profile is not None and is_insecure_endpoint(profile.endpoint_url):
        print(f"studio-tray: warning: {INSECURE_WARNING % profile.name}", file=sys.stderr)


def hand_off(name: str, config_path: str | Path) -> int | None:
    """Ask a running tray to open ``name``; None when no tray (with this config) answers.

    The tray's session is warm, and this path imports only what connecting and sending take
    (``tests/integration/test_cli_open.py``): the tray finds and checks the shortcut.
    """
    from studio_tray.handoff import client as handoff

    request = {"op": "open", "name": name, "config": str(config_path)}
    answer = handoff.request(request, paths.state_folder())
    if answer is None or answer.get("fallback"):
        return None
    message = str(answer.get("message") or "")
    if answer.get("ok"):
        if answer.get("starting"):
            print(f"{message} (the running tray)", file=sys.stderr)
            return 0
        print(f"opened {name} (by the running tray)", file=sys.stderr)
        return 0
    if answer.get("code") == handoff.CODE_UNKNOWN_SHORTCUT:
        raise UsageError(message or f"the running tray has no shortcut named {name!r}")
    raise LaunchError(message or "the running tray could not open it")
