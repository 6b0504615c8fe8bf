"""``studio-tray run`` (the tray app) and ``studio-tray demo`` (the tray on the emulator)."""

from __future__ import annotations

import argparse

from studio_tray import paths
from studio_tray.api_rules import DEFAULT_EXPIRES_IN
from studio_tray.commands import add_verb

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: every parser imports this
if TYPE_CHECKING:
    import logging
    from typing import Any

    from studio_tray.app import App


def _log() -> logging.Logger:
    import logging  # not at import: every parser imports this module, and --help is timed

    return logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``run`` and ``demo`` verbs."""
    run_parser = add_verb(
        sub,
        "run",
        description="Show the tray icon with a menu of shortcuts; one instance per user.",
    )
    run_parser.set_defaults(func=run)
    demo = add_verb(
        sub,
        "demo",
        description="Run the tray against the embedded SageMaker emulator with demo shortcuts "
        "and in-memory demo keys. Touches neither your config nor your keyring.",
    )
    demo.add_argument(
        "--print",
        metavar="NAME",
        dest="print_name",
        help="no tray: print a fresh URL for demo shortcut NAME, then serve the emulator's "
        f"sign-in page until that URL is opened once or expires ({DEFAULT_EXPIRES_IN} s), "
        "then exit",
    )
    demo.set_defaults(func=run_demo)


def run(args: argparse.Namespace) -> int:
    """The tray app; a second instance prints that one is running and exits 0."""
    from studio_tray import autostart, logs, runtime
    from studio_tray.app import App
    from studio_tray.system.instance import ALREADY_RUNNING, InstanceLock
    from studio_tray.tray.handoff import HandoffService

    lock = InstanceLock()
    if not lock.acquire():
        print(ALREADY_RUNNING)
        return 0
    try:
        logs.setup(debug=args.debug)
        _log().info("starting; config %s", paths.config_path(args.config))
        app = App(
            paths.config_path(args.config),
            runtime.make_tray_launcher(paths.config_path(args.config)),
            autostart=_autostart(autostart),
        )
        # Only the real tray (it holds the instance lock) serves `studio-tray open` hand-offs.
        app.add_service(HandoffService(app))
        app.welcome_on_start = app.first_run()
        return _run_tray(app)
    finally:
        lock.release()


def run_demo(args: argparse.Namespace) -> int:
    """The tray (or, with ``--print``, one fresh URL) against the embedded emulator."""
    from studio_tray import logs
    from studio_tray.app import App
    from studio_tray.config import document
    from studio_tray.demo import start_demo
    from studio_tray.errors import UsageError
    from studio_tray.system.instance import (
        DEMO_ALREADY_RUNNING,
        DEMO_LOCK_NAME,
        InstanceLock,
        lock_path,
    )

    # One demo tray per user, as with `run`; the headless --print form may run beside it.
    lock = InstanceLock(lock_path(DEMO_LOCK_NAME))
    if not args.print_name and not lock.acquire():
        print(DEMO_ALREADY_RUNNING)
        return 0
    env = start_demo()
    try:
        launcher = env.launcher
        if args.print_name:
            # The headless path: one URL on stdout, for scripts and for trying it without a tray.
            shortcut = env.config.shortcut(args.print_name)
            if shortcut is None:
                names = ", ".join(s.name for s in env.config.shortcuts)
                raise UsageError(f"no demo shortcut called {args.print_name!r}; try: {names}")
            return _print_demo_url(env, _demo_url(env, shortcut))
        # The picker is its own process and reads a config file: give it the demo's, in the
        # demo's temporary folder (never the user's config).
        env.config.path.write_text(document.dumps(env.config), encoding="utf-8")
        logs.setup(debug=args.debug)
        _log().info("demo: emulator at a local port, %d shortcuts", len(env.config.shortcuts))
        return _run_tray(App(None, launcher, config=env.config))
    finally:
        env.close()
        lock.release()


def _demo_url(env: Any, shortcut: Any) -> str:
    """A fresh demo URL; "Demo SSO" first signs in here (URL and code on stderr, browser)."""
    from studio_tray.errors import SignInRequired

    try:
        return str(env.launcher.fresh_url(env.config, shortcut))
    except SignInRequired as needed:
        from studio_tray.aws.sso.source import from_profile
        from studio_tray.commands.sso import show_in_terminal

        source = from_profile(env.config.profiles[needed.profile])
        assert source is not None
        env.sessions.sso.sign_in(source, show_in_terminal(source, env.config.settings.browser))
        return str(env.launcher.fresh_url(env.config, shortcut))


def _print_demo_url(env: Any, url: str) -> int:
    """Print the URL, then keep the emulator up until its page is opened once or it expires."""
    import sys

    from studio_tray.demo import wait_until_used

    print(url, flush=True)
    expires = env.config.settings.expires_in
    print(
        f"serving the demo sign-in page until the URL is opened once or expires ({expires} s)",
        file=sys.stderr,
        flush=True,
    )
    used = wait_until_used(env.emulator, url)
    print("signed in: the URL is now used up" if used else "the URL expired", file=sys.stderr)
    return 0


def _run_tray(app: App) -> int:
    from studio_tray.tray.icon import PystrayView
    from studio_tray.tray.keyboard import attach_hotkeys

    attach_hotkeys(app)
    return app.run(PystrayView(app))


def _autostart(module: Any) -> Any:
    try:
        return module.for_platform()
    except Exception as exc:  # no backend here: the menu simply has no "Start at login"
        _log().info("no autostart backend: %s", type(exc).__name__)
        return None
