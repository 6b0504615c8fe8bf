"""Command line: argparse verbs -> command functions, and the one place errors become exit codes.

Each module in ``studio_tray.commands`` has ``register(subparsers)``, which adds its verbs and
sets ``func`` on each parser: ``func(args) -> int``. Command modules import heavy libraries
(boto3, pystray...) inside their functions, so ``--version`` and ``--help`` stay fast.

A command line builds the parsers of its own verb's module only (``commands.VERBS`` names it):
every other verb is a placeholder with its help from that table, so ``--help`` and argparse's
"invalid choice" message still list them all. Importing every command module costs a cold start
more than parsing itself (about 0.1 s).
"""

from __future__ import annotations

import os
import sys

from studio_tray import __version__
from studio_tray.commands import VERBS, add_verb

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a hand-off is timed
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Any

COMMAND_MODULES = tuple(dict.fromkeys(module for module, _ in VERBS.values()))
"""Every command module, in the order ``--help`` lists their verbs."""


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The ``studio-tray`` parser: the verbs of ``modules`` (all of them by default) in full,
    every other verb of ``commands.VERBS`` a placeholder (its name and help, no arguments)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="studio-tray",
        description="One click from the system tray to a signed-in SageMaker Studio tab.",
        formatter_class=_formatter,
    )
    parser.add_argument("--version", action="version", version=f"studio-tray {__version__}")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $STUDIO_TRAY_CONFIG or the platform config folder)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    registered: set[str] = set()
    for verb, (module, _) in VERBS.items():
        if module not in modules:
            add_verb(sub, verb, add_help=False).set_defaults(func=_not_built)
        elif module not in registered:  # its register() adds all its verbs, this one first
            import importlib

            importlib.import_module(f"studio_tray.commands.{module}").register(sub)
            registered.add(module)
    _accept_global_options_after_verbs(sub)
    return parser


def _formatter(prog: str) -> argparse.HelpFormatter:
    """argparse's help formatter at the width it would choose, found without ``shutil``.

    argparse asks ``shutil.get_terminal_size`` (whose import pulls in bz2, lzma and fnmatch,
    a few milliseconds of a timed ``--help``); this is its rule for the columns: ``$COLUMNS``
    when positive, else the terminal's, else 80.
    """
    import argparse

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return argparse.HelpFormatter(prog, width=(columns or 80) - 2)


def _not_built(args: argparse.Namespace) -> int:
    """The ``func`` of a placeholder verb. Never run: ``_parse`` then builds the full parser."""
    raise RuntimeError(f"the parser of {args.command!r} was not built")


def _parse(arguments: list[str], modules: Sequence[str]) -> argparse.Namespace:
    """``arguments`` parsed with the verbs of ``modules`` built; no verb means ``run``.

    When they land on a placeholder verb, or leave words over (which a verb's own parser may
    take, and else argparse reports), they are parsed again with every verb built.
    """
    parser = build_parser(modules)
    if set(COMMAND_MODULES) <= set(modules):
        args = parser.parse_args(arguments)
        return args if args.command is not None else parser.parse_args([*arguments, "run"])
    args, extra = parser.parse_known_args(arguments)
    if args.command is None:
        args, extra = parser.parse_known_args([*arguments, "run"])
    if extra or args.func is _not_built:
        return _parse(arguments, COMMAND_MODULES)
    return args


def _modules_for(arguments: list[str]) -> Sequence[str]:
    """The command modules whose verbs a command line needs built (see ``_parse``)."""
    verb = _verb(arguments)
    if verb is None:  # no verb: --help, or the tray (run)
        return () if {"-h", "--help"} & set(arguments) else (VERBS["run"][0],)
    if verb in VERBS:
        return (VERBS[verb][0],)
    return COMMAND_MODULES  # a typo (argparse lists the verbs), or an option's value


def _accept_global_options_after_verbs(sub: argparse._SubParsersAction[Any]) -> None:
    """Let ``studio-tray list --config X`` work as well as ``studio-tray --config X list``."""
    import argparse

    for verb in set(sub.choices.values()):
        if verb.get_default("func") is _not_built:
            continue  # parsed only to be parsed again in full
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
    from studio_tray.errors import StudioTrayError

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


# Verbs that also end with ``_quick_exit``: a cold ``open`` has botocore loaded, and the
# interpreter's teardown of it costs the command about 40 ms (the benchmark's cold rows).
ENDS_AT_ONCE = frozenset({"open"})


def _quick_exit(code: int, program: bool) -> int:
    """The end of a quick answer (``--version``, ``--help``, a handed-off ``open``) or of an
    ``ENDS_AT_ONCE`` verb.

    Run as the program, it runs the exit work (``atexit``'s functions: logging's flush, a
    redirect page's hand-over), flushes the output and ends at once: the interpreter's
    teardown (collecting every module loaded) costs such a command 10-40 ms, and nothing it
    does is needed. A thread that is not a daemon still running gets the normal exit, which
    waits for it. Called in-process (tests), it returns ``code``.
    """
    threading = sys.modules.get("threading")
    if not program or (
        threading is not None
        and any(
            t.is_alive() and not t.daemon and t is not threading.main_thread()
            for t in threading.enumerate()
        )
    ):
        return code
    atexit = sys.modules.get("atexit")  # not imported: nothing was registered
    if atexit is not None:
        run_exit_work = getattr(atexit, "_run_exitfuncs", None)
        if run_exit_work is None:  # an interpreter without it: the normal exit runs them
            return code
        run_exit_work()
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
    if arguments in (["--help"], ["-h"]):
        build_parser(()).print_help()
        return _quick_exit(0, program)
    args = _parse(arguments, _modules_for(arguments))
    if args.debug:
        _debug_to_stderr()
    from studio_tray.errors import StudioTrayError  # not at import: --version and --help skip it

    try:
        code = int(args.func(args) or 0)
    except StudioTrayError as err:
        if args.debug:
            import logging

            logging.getLogger(__name__).exception("command failed")
        print(f"studio-tray: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("studio-tray: interrupted", file=sys.stderr)
        return 130
    return _quick_exit(code, program) if args.command in ENDS_AT_ONCE else code
