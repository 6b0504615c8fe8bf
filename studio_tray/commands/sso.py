"""``studio-tray login NAME [--no-browser]`` and ``studio-tray logout NAME``: IAM Identity
Center sign-in for a profile (its own ``sso_*`` keys, or an SSO ``aws_profile``)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from studio_tray import paths
from studio_tray.errors import LaunchError, UsageError

if TYPE_CHECKING:
    from studio_tray.aws.sso.oidc import DeviceCode
    from studio_tray.aws.sso.source import SsoSource
    from studio_tray.model import Config


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``login`` and ``logout`` verbs."""
    login = sub.add_parser("login", help="sign in to IAM Identity Center for a profile")
    login.add_argument("name", help="the profile (see `studio-tray profile list`)")
    login.add_argument(
        "--no-browser",
        action="store_true",
        help="only print the verification URL and code; open it yourself (any device)",
    )
    login.set_defaults(func=run_login)
    logout = sub.add_parser("logout", help="sign out of IAM Identity Center for a profile")
    logout.add_argument("name", help="the profile")
    logout.set_defaults(func=run_logout)


def sso_source(config: Config, name: str) -> SsoSource:
    """The sign-in of profile ``name``; ``UsageError`` when it has none."""
    from studio_tray.aws.sso.source import from_profile

    profile = config.profiles.get(name)
    if profile is None:
        raise UsageError(
            f"no profile {name} in {config.path.name}",
            hint=f"add one with `studio-tray profile add {name} --sso-start-url URL "
            "--sso-region REGION`",
        )
    source = from_profile(profile)
    if source is None:
        raise UsageError(
            f"profile {name} does not sign in with IAM Identity Center",
            hint="give it sso_start_url, sso_region, sso_account_id and sso_role_name, or an "
            "aws_profile whose ~/.aws/config profile uses sso_session",
        )
    return source


def show_in_terminal(source: SsoSource, browser: str | None) -> Any:
    """A ``show_code`` that prints the URL and code on stderr and opens the browser
    (``browser`` is the browser command; None: do not open one)."""

    def show(device: DeviceCode) -> None:
        print(
            f"To sign in to IAM Identity Center for {source.label}, open\n"
            f"  {device.verification_uri}\nand enter the code\n  {device.user_code}",
            file=sys.stderr,
            flush=True,
        )
        if browser is not None:
            from studio_tray.system.browser import open_url

            try:
                open_url(device.verification_uri_complete, browser)
            except LaunchError as err:
                print(f"(the browser could not be opened: {err})", file=sys.stderr)
        print("waiting for the approval in the browser...", file=sys.stderr, flush=True)

    return show


def sign_in_here(config: Config, source: SsoSource, no_browser: bool) -> str:
    """Run the device flow in this terminal; returns ``signed in ... until HH:MM``."""
    from studio_tray.aws.sso.signin import sign_in, token_state

    browser = None if no_browser else config.settings.browser
    sign_in(source, show_code=show_in_terminal(source, browser))
    return f"{token_state(source).describe()}: {source.label}"


def run_login(args: argparse.Namespace) -> int:
    """Sign in for the profile: 0 when approved, 1 (with why) when denied or expired."""
    from studio_tray import config as config_file

    config = config_file.load(paths.config_path(args.config))
    source = sso_source(config, args.name)
    print(sign_in_here(config, source, args.no_browser), file=sys.stderr)
    return 0


def run_logout(args: argparse.Namespace) -> int:
    """Sign out (sso Logout) and remove the cached token."""
    from studio_tray import config as config_file
    from studio_tray.aws.sso.signin import sign_out
    from studio_tray.commands.profiles import tell_running_tray

    path = paths.config_path(args.config)
    source = sso_source(config_file.load(path), args.name)
    if sign_out(source):
        print(f"signed out: {source.label}", file=sys.stderr)
    else:
        print(f"{source.label} was not signed in", file=sys.stderr)
    tell_running_tray(path)
    return 0
