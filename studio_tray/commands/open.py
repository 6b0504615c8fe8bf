"""``studio-tray open NAME [--print]``: a fresh URL for one shortcut."""

from __future__ import annotations

import argparse
import difflib
import sys
from typing import Any

from studio_tray import paths
from studio_tray.errors import UsageError
from studio_tray.model import Config, Shortcut


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``open`` verb."""
    parser = sub.add_parser("open", help="open a shortcut in the browser with a fresh URL")
    parser.add_argument("name", help="the shortcut's name (see `studio-tray list`)")
    parser.add_argument(
        "--print", dest="print_url", action="store_true",
        help="print the URL instead of opening it (it is a credential: do not share it)",
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
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = (
        "did you mean " + ", ".join(repr(c) for c in close) + "?"
        if close
        else "run `studio-tray list` to see the names"
    )
    raise UsageError(f"no shortcut named {name!r}", hint=hint)


def run_open(args: argparse.Namespace) -> int:
    """Get a fresh URL for the shortcut; print it or open it."""
    from studio_tray import config as config_file
    from studio_tray.runtime import make_launcher

    config = config_file.load(paths.config_path(args.config))
    shortcut = find_shortcut(config, args.name)
    launcher = make_launcher(interactive=sys.stdin.isatty())
    if args.print_url:
        print(launcher.fresh_url(config, shortcut), flush=True)
    else:
        launcher.open(config, shortcut)
        print(f"opened {shortcut.name}", file=sys.stderr)
    return 0
