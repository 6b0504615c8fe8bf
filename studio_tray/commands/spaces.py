"""``studio-tray spaces [--json]``, ``spaces set``, ``start`` and ``stop``: the apps of the
spaces the shortcuts open."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime

from studio_tray import paths
from studio_tray.commands import add_verb, table
from studio_tray.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see cli.py)
if TYPE_CHECKING:
    from typing import Any

    from studio_tray.aws.launcher import Launcher
    from studio_tray.model import Config, Shortcut
    from studio_tray.spaces.calls import SpaceCalls
    from studio_tray.spaces.overview import SpaceRow

COLUMNS = ("SHORTCUT", "SPACE", "STATUS", "APP TYPE", "INSTANCE", "FOR")
NO_SPACES = (
    "no shortcut opens a space: add one with `studio-tray shortcut add NAME ... --space S` or "
    "`studio-tray discover --profile P --add`"
)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``spaces`` (and ``spaces set``), ``start`` and ``stop``."""
    spaces = add_verb(sub, "spaces")
    spaces.add_argument("--json", action="store_true", help="print a JSON list")
    spaces.set_defaults(func=run_spaces)
    verbs = spaces.add_subparsers(dest="spaces_command", metavar="VERB")
    change = verbs.add_parser("set", help="change a space's idle timeout or instance type")
    change.add_argument("name", help="a shortcut that opens the space")
    change.add_argument(
        "--idle-timeout",
        type=int,
        metavar="MINUTES",
        help="stop the app after this many idle minutes (60..525600)",
    )
    change.add_argument("--instance-type", metavar="T", help="default instance for the next start")
    change.set_defaults(func=run_set)

    start = add_verb(sub, "start")
    start.add_argument("name", help="a shortcut that opens the space")
    start.add_argument("--instance-type", metavar="T", help="e.g. ml.t3.medium (default: space's)")
    start.add_argument("--no-wait", action="store_true", help="return once CreateApp is sent")
    start.set_defaults(func=run_start)

    stop = add_verb(sub, "stop")
    stop.add_argument("name", help="a shortcut that opens the space")
    stop.add_argument("--no-wait", action="store_true", help="return once DeleteApp is sent")
    stop.set_defaults(func=run_stop)


def _load(args: argparse.Namespace) -> tuple[Config, Launcher]:
    from studio_tray import config as config_file
    from studio_tray.runtime import make_launcher
    from studio_tray.spaces.overview import MAX_WORKERS

    path = paths.config_path(args.config)
    config = config_file.load(path)
    launcher = make_launcher(interactive=sys.stdin.isatty(), config=path, max_pool=MAX_WORKERS)
    return config, launcher


def space_calls(config: Config, launcher: Launcher, shortcut: Shortcut) -> SpaceCalls:
    """The calls on ``shortcut``'s space, over the launcher's client of its profile."""
    from studio_tray.spaces.overview import calls_for

    if not shortcut.space or shortcut.studio_url:
        raise UsageError(
            f"shortcut {shortcut.name!r} opens no space (the user's Studio home)",
            hint="start and stop work on shortcuts with a space",
        )
    return calls_for(config, shortcut, launcher.client)


def _shortcut(config: Config, name: str) -> Shortcut:
    from studio_tray.commands.open import find_shortcut

    return find_shortcut(config, name)


# -- spaces ---------------------------------------------------------------------------------


def collect(config: Config, launcher: Launcher) -> list[SpaceRow]:
    """A row for every shortcut with a space (``spaces.overview.read_all``)."""
    from studio_tray.spaces.overview import read_all

    return read_all(config, launcher.client)


def _run_time(row: SpaceRow, now: datetime) -> str | None:
    from studio_tray.spaces.status import describe_duration

    if row.since is None:
        return None
    since = row.since if row.since.tzinfo else row.since.replace(tzinfo=UTC)
    return describe_duration((now - since).total_seconds())


def run_spaces(args: argparse.Namespace) -> int:
    """Print each space shortcut's app status; exit 0 even when some are unknown."""
    config, launcher = _load(args)
    rows = collect(config, launcher)
    if args.json:
        print(json.dumps([row.as_json() for row in rows], indent=2))
        return 0
    if not rows:
        print(NO_SPACES)
        return 0
    now = datetime.now(UTC)
    print(
        table.format_table(
            COLUMNS,
            [
                (r.shortcut, r.space, r.status, r.app_type, r.instance_type, _run_time(r, now))
                for r in rows
            ],
        )
    )
    for row in rows:
        if row.reason:
            print(f"{row.shortcut}: {row.status}: {row.reason}", file=sys.stderr)
    return 0


# -- start / stop ---------------------------------------------------------------------------


class _Progress:
    """Progress on stderr: one line updated in place on a terminal, else a line per change
    (and every 30 s)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tty = sys.stderr.isatty()
        self.last: tuple[str, float] | None = None

    def __call__(self, status: str, elapsed: float) -> None:
        from studio_tray.spaces.status import describe_duration

        line = f"{self.name}: {status} ({describe_duration(elapsed)})"
        if self.tty:
            print("\r" + line.ljust(60), end="", file=sys.stderr, flush=True)
        elif self.last is None or self.last[0] != status or elapsed - self.last[1] >= 30:
            print(line, file=sys.stderr, flush=True)
            self.last = (status, elapsed)
            return
        if self.last is None or self.last[0] != status:
            self.last = (status, elapsed)

    def end(self) -> None:
        """Finish the in-place line."""
        if self.tty and self.last is not None:
            print(file=sys.stderr, flush=True)


def _waiter(config: Config, calls: SpaceCalls, progress: _Progress) -> Any:
    from studio_tray.spaces.lifecycle import Waiter

    return Waiter(calls, progress, config.settings.space_start_minutes * 60.0)


def run_start(args: argparse.Namespace) -> int:
    """Start the space's app (CreateApp) and wait for InService; 1 with the reason if Failed."""
    from studio_tray.spaces import lifecycle

    config, launcher = _load(args)
    shortcut = _shortcut(config, args.name)
    calls = space_calls(config, launcher, shortcut)
    progress = _Progress(shortcut.name)
    started = time.monotonic()
    try:
        outcome = lifecycle.start(
            calls,
            instance_type=args.instance_type,
            wait=not args.no_wait,
            waiter=_waiter(config, calls, progress),
        )
    finally:
        progress.end()
    if outcome == lifecycle.ALREADY_RUNNING:
        print(f"{shortcut.name}: space {shortcut.space} is already running", file=sys.stderr)
    elif args.no_wait:
        print(f"{shortcut.name}: space {shortcut.space} is starting", file=sys.stderr)
    else:
        print(
            f"{shortcut.name}: space {shortcut.space} is running "
            f"(after {time.monotonic() - started:.0f} s)",
            file=sys.stderr,
        )
    return 0


def run_stop(args: argparse.Namespace) -> int:
    """Stop the space's app (DeleteApp) and wait for Deleted; already stopped is fine."""
    from studio_tray.spaces import lifecycle

    config, launcher = _load(args)
    shortcut = _shortcut(config, args.name)
    calls = space_calls(config, launcher, shortcut)
    progress = _Progress(shortcut.name)
    try:
        outcome = lifecycle.stop(
            calls, wait=not args.no_wait, waiter=_waiter(config, calls, progress)
        )
    finally:
        progress.end()
    if outcome == lifecycle.ALREADY_STOPPED:
        print(f"{shortcut.name}: space {shortcut.space} is already stopped", file=sys.stderr)
    elif args.no_wait:
        print(f"{shortcut.name}: space {shortcut.space} is stopping", file=sys.stderr)
    else:
        print(f"{shortcut.name}: space {shortcut.space} is stopped", file=sys.stderr)
    return 0


# -- spaces set -----------------------------------------------------------------------------


def run_set(args: argparse.Namespace) -> int:
    """UpdateSpace: the idle timeout and/or the default instance type."""
    from studio_tray.spaces.calls import IDLE_RANGE

    if args.idle_timeout is None and not args.instance_type:
        raise UsageError("nothing to change", hint="give --idle-timeout and/or --instance-type")
    low, high = IDLE_RANGE
    if args.idle_timeout is not None and not low <= args.idle_timeout <= high:
        raise UsageError(f"--idle-timeout must be from {low} to {high} minutes")
    config, launcher = _load(args)
    shortcut = _shortcut(config, args.name)
    calls = space_calls(config, launcher, shortcut)
    info = calls.describe()
    if not info.app_type:
        raise UsageError(f"space {shortcut.space} has no AppType to change settings of")
    calls.update(info.app_type, idle_timeout=args.idle_timeout, instance_type=args.instance_type)
    changes = []
    if args.idle_timeout is not None:
        changes.append(f"idle timeout {args.idle_timeout} min")
    if args.instance_type:
        changes.append(f"instance type {args.instance_type} from the next start")
    print(f"{shortcut.name}: space {shortcut.space}: {', '.join(changes)}", file=sys.stderr)
    return 0
