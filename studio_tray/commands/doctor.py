"""``studio-tray doctor``: one line per check with its fix; exit 0 when all pass, else 1."""

from __future__ import annotations

import argparse

from studio_tray import paths
from studio_tray.commands import add_verb

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see cli.py)
if TYPE_CHECKING:
    from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``doctor``."""
    parser = add_verb(sub, "doctor")
    parser.set_defaults(func=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    """Run every check and print its lines."""
    from studio_tray import config as config_file
    from studio_tray import doctor
    from studio_tray.aws.credentials import SessionProvider
    from studio_tray.aws.keystore import KeyringStore
    from studio_tray.errors import StudioTrayError

    path = paths.config_path(args.config)
    store = KeyringStore(config=path)
    context = doctor.Context(path, None, store=store, sessions=SessionProvider(store))
    try:
        context.config = config_file.load(path)
    except StudioTrayError as err:
        context.config_error = err
    results = doctor.run(context, doctor.all_checks())
    for result in results:
        print(result.line())
    return 0 if all(r.ok for r in results) else 1
