"""``studio-tray list`` and ``studio-tray shortcut add/remove``: the shortcuts in the config."""

from __future__ import annotations

import argparse

from studio_tray import paths
from studio_tray.commands import add_verb, table
from studio_tray.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see cli.py)
if TYPE_CHECKING:
    from typing import Any

    from studio_tray.model import Config

COLUMNS = ("NAME", "GROUP", "PROFILE", "DOMAIN", "USER PROFILE", "SPACE")
SSO_USER = "(Identity Center)"  # a studio_url shortcut: the signed-in user decides
EMPTY_HINT = (
    "no shortcuts yet: add one with `studio-tray shortcut add NAME --profile P --domain-id D "
    "--user-profile U`, or find them with `studio-tray discover --profile P --add`"
)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``list`` and ``shortcut add/remove``."""
    listing = add_verb(sub, "list")
    listing.set_defaults(func=run_list)

    shortcut = add_verb(sub, "shortcut")
    verbs = shortcut.add_subparsers(dest="shortcut_command", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="add a shortcut")
    add.add_argument("name", help="the name shown in the menu and used by `studio-tray open`")
    add.add_argument("--profile", required=True, help="profile whose credentials are used")
    add.add_argument("--domain-id", required=True, help="SageMaker domain id, d-xxxxxxxxxxxx")
    add.add_argument("--user-profile", required=True, help="user profile name in the domain")
    add.add_argument("--space", help="space to open (default: the user's home)")
    add.add_argument("--landing-uri", help="e.g. app:JupyterLab: or studio::")
    add.add_argument("--group", help="submenu to put it in")
    add.add_argument("--hotkey", help="global key combo, e.g. '<ctrl>+<alt>+1'")
    add.add_argument("--browser", help="browser command with {url}, e.g. 'firefox {url}'")
    add.set_defaults(func=run_add)
    remove = verbs.add_parser("remove", help="remove a shortcut")
    remove.add_argument("name", help="the shortcut's name")
    remove.set_defaults(func=run_remove)


def format_table(config: Config) -> str:
    """The shortcuts as aligned columns, in config (menu) order."""
    rows = [
        (s.name, s.group, s.profile, s.domain_id, s.user_profile or SSO_USER, s.space)
        for s in config.shortcuts
    ]
    return table.format_table(COLUMNS, rows)


def run_list(args: argparse.Namespace) -> int:
    """Print the shortcuts table, or how to add some."""
    from studio_tray import config as config_file

    config = config_file.load(paths.config_path(args.config))
    print(format_table(config) if config.shortcuts else EMPTY_HINT)
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Add one shortcut; the same rules as the config file apply, every problem reported."""
    from studio_tray import config as config_file
    from studio_tray.config import edits
    from studio_tray.model import Shortcut

    path = paths.config_path(args.config)
    config = config_file.load(path)
    shortcut = Shortcut(
        name=args.name,
        profile=args.profile,
        domain_id=args.domain_id,
        user_profile=args.user_profile,
        space=args.space,
        landing_uri=args.landing_uri,
        group=args.group,
        hotkey=edits.normalised_hotkey(args.hotkey),
        browser=args.browser,
    )
    problems = edits.shortcut_problems(config, shortcut)
    if problems:
        raise UsageError("\n".join(problems))
    saved = edits.add_shortcut(path, shortcut)
    print(f'added shortcut "{saved.name}" to {path}')
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove one shortcut by name."""
    from studio_tray.config import edits

    path = paths.config_path(args.config)
    edits.remove_shortcut(path, args.name)
    print(f'removed shortcut "{args.name}" from {path}')
    return 0
