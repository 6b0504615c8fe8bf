"""``studio-tray login NAME [--no-browser]`` and ``studio-tray logout NAME``: IAM Identity
Center sign-in for a profile (its own ``sso_*`` keys, or an SSO ``aws_profile``)."""

from __future__ import annotations

import argparse
import sys

from studio_tray import paths
from studio_tray.commands import add_verb
from studio_tray.errors import LaunchError, UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see cli.py)
if TYPE_CHECKING:
    from typing import Any

    from studio_tray.aws.sso.oidc import DeviceCode
    from studio_tray.aws.sso.source import SsoSource
    from studio_tray.model import Config


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``login`` and ``logout`` verbs."""
    login = add_verb(sub, "login")
    login.add_argument("name", help="the profile (see `studio-tray profile list`)")
    login.add_argument(
        "--no-browser",
        action="store_true",
        help="only print the verification URL and code; open it yourself (any device)",
    )
    login.set_defaults(func=run_login)
    logout = add_verb(sub, "logout")
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
    from studio_tray.commands.reload import tell_running_tray

    path = paths.config_path(args.config)
    source = sso_source(config_file.load(path), args.name)
    if sign_out(source):
        print(f"signed out: {source.label}", file=sys.stderr)
    else:
        print(f"{source.label} was not signed in", file=sys.stderr)
    tell_running_tray(path)
    return 0


def add_sso_arguments(add: argparse.ArgumentParser) -> None:
    """``profile add``'s Identity Center flags."""
    add.add_argument("--sso-start-url", help="IAM Identity Center start URL (AWS access portal)")
    add.add_argument("--sso-region", help="the region of IAM Identity Center, e.g. eu-west-1")
    add.add_argument("--sso-account-id", help="the AWS account (chosen from a list if left out)")
    add.add_argument("--sso-role-name", help="the role (permission set); chosen if left out")
    add.add_argument("--sso-session", help="a session name: profiles that share it sign in once")


def choose(items: list[str], what: str) -> int:
    """The index the user picks from a numbered list (printed on stdout, asked on stderr)."""
    if len(items) == 1:
        print(f"{what}: {items[0]} (the only one)")
        return 0
    for number, item in enumerate(items, start=1):
        print(f"  {number}. {item}")
    while True:
        print(f"{what} (1-{len(items)}): ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            raise UsageError(
                f"no {what.lower()} chosen", hint="pass --sso-account-id and --sso-role-name"
            )
        answer = line.strip()
        if answer.isdigit() and 1 <= int(answer) <= len(items):
            return int(answer) - 1
        print(f"enter a number from 1 to {len(items)}", file=sys.stderr)


def add_sso_profile(args: argparse.Namespace, config: Config) -> int:
    """``profile add NAME --sso-start-url URL --sso-region R [...]``: write an Identity Center
    profile; without account and role, sign in and let the user choose them."""
    import dataclasses

    from studio_tray.aws import profile_setup
    from studio_tray.aws.sso import tokens
    from studio_tray.aws.sso.signin import default_center
    from studio_tray.aws.sso.source import from_profile
    from studio_tray.commands.reload import tell_running_tray
    from studio_tray.config import edits
    from studio_tray.errors import SignInRequired
    from studio_tray.model import Profile

    if args.aws_profile or args.stdin:
        raise UsageError("--sso-... flags cannot be combined with --aws-profile or --stdin")
    if not (args.sso_start_url and args.sso_region):
        raise UsageError("an Identity Center profile needs both --sso-start-url and --sso-region")
    profile = Profile(
        name=args.name,
        region=args.region,
        role_arn=args.role_arn,
        mfa_serial=args.mfa_serial,
        endpoint_url=args.endpoint_url,
        sso_start_url=args.sso_start_url,
        sso_region=args.sso_region,
        sso_account_id=args.sso_account_id,
        sso_role_name=args.sso_role_name,
        sso_session=args.sso_session,
    )
    path = config.path
    profile_setup.check_sso_fields(config, profile)  # every field, before signing in
    source = from_profile(profile)
    assert source is not None
    center = default_center()
    if not (profile.sso_account_id and profile.sso_role_name):
        try:
            center.token(source)
        except SignInRequired:
            print(sign_in_here(config, source, no_browser=False), file=sys.stderr)
        account_id = profile.sso_account_id
        if not account_id:
            accounts = profile_setup.sso_accounts(center, source)
            labels = [profile_setup.account_label(a) for a in accounts]
            account_id = accounts[choose(labels, "Account")].account_id
        role = profile.sso_role_name
        if not role:
            roles = profile_setup.sso_roles(center, source, account_id)
            role = roles[choose(roles, "Role")]
        profile = dataclasses.replace(profile, sso_account_id=account_id, sso_role_name=role)
    replaced = edits.add_profile(path, profile)
    print(f"{'updated' if replaced else 'added'} profile {profile.name} in {path}")
    state = center.token_state(from_profile(profile) or source)
    if state.status not in (tokens.SIGNED_IN, tokens.REFRESHABLE):
        print(f"sign in with: studio-tray login {profile.name}")
    tell_running_tray(path)
    return 0
