"""``studio-tray discover --profile P [--region R ...] [--user U] [--add] [--group G]``.

Prints what the profile can see (a table on stdout), the shortcuts it would add (or added),
warnings on stderr and, when the run takes a while, progress on stderr. Exit 0 when at least
one region could be listed, 1 when nothing could.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence

from studio_tray import api_rules, paths
from studio_tray.commands import add_verb
from studio_tray.commands.table import format_table
from studio_tray.errors import DiscoveryError, UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see cli.py)
if TYPE_CHECKING:
    from typing import IO, Any

COLUMNS = ("REGION", "DOMAIN", "DOMAIN ID", "AUTH", "USER PROFILE", "SPACE", "APP TYPE", "NOTE")
PROGRESS_AFTER = 1.0


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``discover`` verb."""
    parser = add_verb(sub, "discover")
    parser.add_argument("--profile", required=True, help="profile whose credentials are used")
    parser.add_argument(
        "--region",
        action="append",
        default=[],
        help="region to search (repeat for several; default: the profile's region)",
    )
    parser.add_argument("--user", help="only this user profile")
    parser.add_argument(
        "--add", action="store_true", help="add the shortcuts found (never twice) to the config"
    )
    parser.add_argument("--group", help="submenu for added shortcuts (default: the domain name)")
    parser.set_defaults(func=run_discover)


class SlowProgress:
    """Progress lines on ``stream``, only once the run has taken ``after`` seconds."""

    def __init__(
        self,
        stream: IO[str],
        after: float = PROGRESS_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._after = after
        self._clock = clock
        self._start = clock()

    def __call__(self, message: str) -> None:
        """Show ``message`` if the run is slow enough for progress to matter."""
        if self._clock() - self._start >= self._after:
            print(f"studio-tray: {message}...", file=self._stream, flush=True)


def format_findings(discoveries: Sequence[Any]) -> str:
    """What was found, one row per user profile and per space, as aligned columns."""
    rows: list[tuple[str, ...]] = [COLUMNS]
    for found in discoveries:
        for findings in found.domains:
            d = findings.domain
            head = (found.region, d.name, d.id, d.auth_mode)
            if d.opens_studio_url:
                rows.append((*head, "-", "-", "-", "Identity Center: opens its Studio URL"))
                continue
            if not d.usable:
                rows.append((*head, "-", "-", "-", f"not usable: {d.reason}"))
                continue
            for user in findings.user_profiles:
                rows.append((*head, user.name, "-", "-", ""))
            for space in findings.spaces:
                shared = space.sharing_type != "Private"
                owner = "(all)" if shared else space.owner or "?"
                note = "shared" if shared else "private"
                if space.display_name and space.display_name != space.name:
                    note += f', shown as "{space.display_name}"'
                rows.append((*head, owner, space.name, space.app_type or "-", note))
            for item in findings.skipped:
                is_user = item.kind == "user profile"
                user, space_name = (item.name, "-") if is_user else ("-", item.name)
                rows.append((*head, user, space_name, "-", f"no shortcut: {item.reason}"))
            if not findings.spaces_listed:
                rows.append((*head, "-", "?", "-", "spaces not listed"))
    if len(rows) == 1:
        return "no Studio domains found"
    return format_table(rows[0], rows[1:])


def format_shortcut(shortcut: Any) -> str:
    """One shortcut on one line: its name, then what it opens."""
    if shortcut.studio_url:
        where = f"domain {shortcut.domain_id}, its Studio URL, Identity Center sign-in"
        return f"  {shortcut.name}  ({where}; group {shortcut.group})"
    parts = [f"domain {shortcut.domain_id}", f"user profile {shortcut.user_profile}"]
    if shortcut.space:
        parts.append(f"space {shortcut.space}")
    if shortcut.landing_uri:
        parts.append(shortcut.landing_uri)
    return f"  {shortcut.name}  ({', '.join(parts)}; group {shortcut.group})"


def run_discover(args: argparse.Namespace) -> int:
    """List what the profile can see; with ``--add`` add the new shortcuts to the config."""
    from studio_tray import config as config_file
    from studio_tray.discovery.run import add_new, discover_all
    from studio_tray.discovery.shortcuts import candidates, new_shortcuts
    from studio_tray.runtime import make_launcher

    _check_args(args)
    path = paths.config_path(args.config)
    config = config_file.load(path)
    profile = config.profiles.get(args.profile)
    if profile is None:
        raise UsageError(
            f'profile "{args.profile}" is not in {path.name}',
            hint=f"add it first: studio-tray profile add {args.profile}",
        )
    regions = list(dict.fromkeys(args.region))
    launcher = make_launcher(interactive=sys.stdin.isatty(), config=path)
    users = [args.user] if args.user else None
    discoveries = discover_all(
        launcher, [profile], regions, users=users, progress=SlowProgress(sys.stderr)
    )
    for found in discoveries:
        for warning in found.warnings:
            print(f"studio-tray: warning: {warning}", file=sys.stderr)
    if not any(found.listed for found in discoveries):
        raise DiscoveryError(f"nothing could be listed with profile {profile.name}")
    print(format_findings(discoveries))
    found_shortcuts = candidates(discoveries, group=args.group, users=users)
    if args.add:
        fresh = add_new(path, found_shortcuts)
        verb = "added"
    else:
        fresh = new_shortcuts(found_shortcuts, config.shortcuts)
        verb = "would add"
    known = len(found_shortcuts) - len(fresh)
    print()
    if fresh:
        count = f"{len(fresh)} shortcut{'s' if len(fresh) != 1 else ''}"
        print(f"{verb} {count}" + (":" if args.add else " (run again with --add to add them):"))
    else:
        print("nothing new to add")
    for shortcut in fresh:
        print(format_shortcut(shortcut))
    if known:
        print(f"{known} already in {path.name}")
    return 0


def _check_args(args: argparse.Namespace) -> None:
    from studio_tray.config.fields import check_label, check_region

    for region in args.region:
        try:
            check_region(region)
        except ValueError as err:
            raise UsageError(f"--region {region!r} {err}") from None
    if args.user:
        problem = api_rules.check_name(args.user)
        if problem:
            raise UsageError(f"--user {args.user!r} {problem}")
    if args.group is not None:
        try:
            check_label(args.group)
        except ValueError as err:
            raise UsageError(f"--group {args.group!r} {err}") from None
