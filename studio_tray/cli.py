"""Command line: argparse verbs -> command functions, and the one place errors become exit codes.

Each module in ``studio_tray.commands`` has ``register(subparsers)``, which adds its verbs and
sets ``func`` on each parser: ``func(args) -> int``. Command modules import heavy libraries
(boto3, pystray...) inside their functions, so ``--version`` and ``--help`` stay fast.
"""

from __future__ import annotations

import importlib
import os
import sys

from studio_tray import __version__
from studio_tray.errors import StudioTrayError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a hand-off is timed
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Any

COMMAND_MODULES = (
    "app",
    "open",
    "shortcuts",
    "profiles",
    "discover",
    "autostart",
    "doctor",
    "emulator",
    "picker",
    "settings",
    "sso",
    "spaces",
)


# A verb on the timed path (a cold ``open``) gets a parser with its own module only: importing
# every command module costs a cold start more than parsing itself (about 0.1 s).
ONE_MODULE_VERBS = {"open": "open"}


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The ``studio-tray`` parser with the verbs of ``modules`` (all of them by default)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="studio-tray",
        description="One click from the system tray to a signed-in SageMaker Studio tab.",
    )
    parser.add_argument("--version", action="version", version=f"studio-tray {__version__}")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $STUDIO_TRAY_CONFIG or the platform config folder)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        module = importlib.import_module(f"studio_tray.commands.{name}")
        module.register(sub)
    _accept_global_options_after_verbs(sub)
    return parser


def _accept_global_options_after_verbs(sub: argparse._SubParsersAction[Any]) -> None:
    """Let ``studio-tray list --config X`` work as well as ``studio-tray --config X list``."""
    import argparse

    for verb in set(sub.choices.values()):
        known = {opt for action in verb._actions for opt in action.option_strings}
        if "--config" not in known:
            verb.add_argument(
                "--config", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS
            )
        if "--debug" not in known:
            verb.add_argument(
                "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
            )
        for action in verb._actions:
            if isinstance(action, argparse._SubParsersAction):
                _accept_global_options_after_verbs(action)


def _debug_to_stderr() -> None:
    """Debug logs on stderr, masked, with chatty libraries (which log bodies) kept quiet."""
    import logging

    from studio_tray import logs

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(logs.RedactFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in logs.NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)


def _fast_hand_off(arguments: list[str]) -> int | None:
    """``studio-tray open NAME`` with a tray running: hand it over before building the parser.

    The hand-off exists to make a key-bound ``open`` fast, and argparse plus every command
    module costs more than the hand-off itself. Any other form takes the normal path.
    """
    if len(arguments) != 2 or arguments[0] != "open" or arguments[1].startswith("-"):
        return None
    from studio_tray import paths
    from studio_tray.commands.open import hand_off

    try:
        return hand_off(arguments[1], paths.config_location(None))
    except StudioTrayError as err:
        print(f"studio-tray: {err}", file=sys.stderr)
        return err.exit_code


def _verb(arguments: Sequence[str]) -> str | None:
    """The verb of a command line: its first word that is neither an option nor ``--config``'s."""
    words = iter(arguments)
    for word in words:
        if word == "--config":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _quick_exit(code: int, program: bool) -> int:
    """The end of a quick answer (``--version``, ``--help``, a handed-off ``open``).

    Run as the program, it ends at once after flushing its output: the interpreter's teardown
    (collecting every module loaded) costs such a command about 10 ms, and nothing it would do
    is needed here (no files, no atexit work). Called in-process (tests), it returns ``code``.
    """
    if not program:
        return code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # e.g. a closed pipe: what Python's own exit reports
        code = code or 120
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (0 done, 1 failed, 2 bad usage or config)."""
    if sys.platform == "win32":  # a windowed build's CLI verbs print in their terminal
        from studio_tray.system import winconsole

        winconsole.ensure_console(sys.argv[1:] if argv is None else argv)
    program = argv is None  # the command itself, not a caller in this process
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:  # before argparse and the command modules: it is timed
        print(f"studio-tray {__version__}")
        return _quick_exit(0, program)
    handed = _fast_hand_off(arguments)
    if handed is not None:
        return _quick_exit(handed, program)
    home = ONE_MODULE_VERBS.get(_verb(arguments) or "")
    parser = build_parser((home,) if home else COMMAND_MODULES)
    if arguments in (["--help"], ["-h"]):
        parser.print_help()
        return _quick_exit(0, program)
    args = parser.parse_args(arguments)
    if args.command is None:
        args = parser.parse_args([*(sys.argv[1:] if argv is None else argv), "run"])
    if args.debug:
        _debug_to_stderr()
    try:
        return int(args.func(args) or 0)
    except StudioTrayError as err:
        if args.debug:
            import logging

            logging.getLogger(__name__).exception("command failed")
        print(f"studio-tray: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("studio-tray: interrupted", file=sys.stderr)
        return 130
