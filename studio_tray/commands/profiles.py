"""``studio-tray profile add/list/remove/test`` and ``credential-process``.

Keys go to the OS keyring only; the config gets the profile's other fields. ``add`` checks the
keys' shape, then (unless ``--no-verify``) asks STS who they belong to, then stores them, then
writes the profile: a failure at any step leaves nothing half-done behind it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studio_tray import paths
from studio_tray.commands import add_verb, table
from studio_tray.commands.reload import tell_running_tray
from studio_tray.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see cli.py)
if TYPE_CHECKING:
    from typing import Any

    from studio_tray.model import Config, Profile

COLUMNS = ("NAME", "SOURCE", "REGION", "ROLE", "ENDPOINT")


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``profile add/list/remove/test`` and ``credential-process``."""
    group = add_verb(sub, "profile")
    verbs = group.add_subparsers(dest="profile_command", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="add a profile or change its keys and settings")
    add.add_argument("name", help="profile name used by shortcuts")
    add.add_argument("--region", help="AWS region, e.g. us-east-1")
    add.add_argument("--role-arn", help="role to assume with the keys")
    add.add_argument("--mfa-serial", help="MFA device ARN; asks for a code when assuming the role")
    add.add_argument("--endpoint-url", help="SageMaker endpoint (VPC endpoint or local emulator)")
    add.add_argument(
        "--allow-insecure-endpoint",
        action="store_true",
        help="accept a plain http:// --endpoint-url to another computer (a lab proxy; warned)",
    )
    add.add_argument(
        "--aws-profile", help="use this ~/.aws/config profile (SSO...) instead of stored keys"
    )
    add.add_argument(
        "--stdin", action="store_true", help="read key id and secret as two lines from stdin"
    )
    from studio_tray.commands.sso import add_sso_arguments

    add_sso_arguments(add)
    add.add_argument(
        "--no-verify", action="store_true", help="store without checking with STS first"
    )
    add.set_defaults(func=run_add)
    listing = verbs.add_parser("list", help="list profiles (never shows secrets)")
    listing.set_defaults(func=run_list)
    remove = verbs.add_parser("remove", help="remove a profile and its keyring item")
    remove.add_argument("name")
    remove.add_argument(
        "--force", action="store_true", help="also remove the shortcuts that use it"
    )
    remove.set_defaults(func=run_remove)
    test = verbs.add_parser("test", help="show the account and ARN the profile signs in as")
    test.add_argument("name")
    test.set_defaults(func=run_test)
    process = add_verb(sub, "credential-process")
    process.add_argument("--profile", required=True)
    process.set_defaults(func=run_credential_process)


def run_add(args: argparse.Namespace) -> int:
    """Check, verify, store the keys; then write the profile to the config (when that fails,
    the keyring is put back as it was: a failure changes neither)."""
    from studio_tray import config as config_file
    from studio_tray.aws import profile_setup as setup
    from studio_tray.aws.keystore import KeyringStore
    from studio_tray.config import edits

    path = paths.config_path(args.config)
    config = config_file.load(path)  # refuse early when broken: the edit would refuse anyway
    if args.sso_start_url or args.sso_region:
        from studio_tray.commands.sso import add_sso_profile

        return add_sso_profile(args, config)
    from studio_tray.model import Profile

    profile = Profile(
        name=args.name,
        region=args.region,
        role_arn=args.role_arn,
        mfa_serial=args.mfa_serial,
        endpoint_url=args.endpoint_url,
        aws_profile=args.aws_profile,
        allow_insecure_endpoint=True if args.allow_insecure_endpoint else None,
    )
    # Validate the profile's fields before asking for any key; keys piped in with --stdin are
    # checked at the same time, so every problem is reported in one message.
    problems = setup.field_problems(profile, path)
    keys = None
    if not profile.aws_profile and args.stdin:
        try:
            keys = setup.read_keys(True, profile.name)
        except UsageError as err:
            problems += str(err).splitlines()
    if problems:
        raise UsageError("\n".join(problems))
    store = KeyringStore(config=path)
    if profile.aws_profile:
        setup.verify(profile, None, args.no_verify)
        replaced = edits.add_profile(path, profile)
        print(f"{'updated' if replaced else 'added'} profile {profile.name} in {path}")
        setup.drop_old_keys(store, profile.name)  # only once the config no longer needs them
        tell_running_tray(path)
        return 0
    keys = keys or setup.read_keys(args.stdin, profile.name)
    setup.verify(profile, keys, args.no_verify)
    written, replaced = setup.store_keys_profile(path, profile, keys, store)
    print(
        f"{'stored' if written else 'unchanged:'} keys of profile {profile.name} in the "
        f"keyring ({store.describe()})"
    )
    print(f"{'updated' if replaced else 'added'} profile {profile.name} in {path}")
    tell_running_tray(path)
    return 0


def format_table(config: Config) -> str:
    """The profiles as aligned columns; never a key or secret."""
    rows = [
        (
            p.name,
            f"aws:{p.aws_profile}"
            if p.aws_profile
            else (f"sso:{p.sso_session or p.sso_start_url}" if p.is_sso else "keyring"),
            p.region,
            p.role_arn,
            p.endpoint_url,
        )
        for p in config.profiles.values()
    ]
    return table.format_table(COLUMNS, rows)


def run_list(args: argparse.Namespace) -> int:
    """Print the profiles table, or how to add one."""
    from studio_tray import config as config_file

    config = config_file.load(paths.config_path(args.config))
    if not config.profiles:
        print("no profiles yet: add one with `studio-tray profile add NAME --region R`")
    else:
        print(format_table(config))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove the profile from the config and its keys from the keyring."""
    from studio_tray import config as config_file
    from studio_tray.aws.keystore import KeyringStore
    from studio_tray.config import edits

    path = paths.config_path(args.config)
    config = config_file.load(path)
    store = KeyringStore(config=path)
    profile = config.profiles.get(args.name)
    if profile is None:
        # Keys left behind by an earlier, interrupted remove still go.
        if not profile_keys_exist(store, args.name):
            edits.remove_profile(path, args.name)  # raises the "no profile" UsageError
        store.delete(args.name)
        print(f"removed the keyring item of profile {args.name}")
        return 0
    users = [s.name for s in config.shortcuts if s.profile == args.name]
    if users and not args.force:
        raise UsageError(
            f"profile {args.name} is used by shortcut " + ", ".join(f'"{u}"' for u in users),
            hint="remove those first, or add --force to remove them too",
        )
    from studio_tray.aws.profile_setup import remove_profile_and_keys

    deleted, removed = remove_profile_and_keys(path, config, args.name, store)
    if deleted:
        print(f"removed the keyring item of profile {args.name}")
    for name in removed:
        print(f'removed shortcut "{name}"')
    print(f"removed profile {args.name} from {path}")
    tell_running_tray(path)
    return 0


def profile_keys_exist(store: Any, name: str) -> bool:
    """Whether the keyring holds keys for ``name`` (False when there is no usable keyring)."""
    from studio_tray.aws.profile_setup import keys_exist

    return keys_exist(store, name)


def _profile(args: argparse.Namespace, name: str) -> Profile:
    from studio_tray import config as config_file

    path = paths.config_path(args.config)
    profile = config_file.load(path).profiles.get(name)
    if profile is None:
        raise UsageError(
            f"no profile {name} in {path.name}", hint=f"run `studio-tray profile add {name}`"
        )
    return profile


def _sessions(interactive: bool, config: Path) -> Any:
    from studio_tray.aws.credentials import SessionProvider
    from studio_tray.aws.keystore import KeyringStore
    from studio_tray.aws.mfa import terminal_asker

    return SessionProvider(KeyringStore(config=config), terminal_asker(interactive))


def run_test(args: argparse.Namespace) -> int:
    """Print the account and ARN the profile's credentials (or role) belong to."""
    from studio_tray.aws.sts import caller_identity

    profile = _profile(args, args.name)
    session = _sessions(sys.stdin.isatty(), paths.config_path(args.config)).session_for(profile)
    who = caller_identity(session, profile)
    print(f"profile {profile.name}: account {who.account}, {who.arn}")
    return 0


def run_credential_process(args: argparse.Namespace) -> int:
    """Print the profile's credentials as AWS ``credential_process`` JSON (Version 1)."""
    from studio_tray.aws.profile_setup import credential_process_json

    profile = _profile(args, args.profile)
    # stdout carries the JSON, so the MFA prompt must use the terminal itself (getpass does);
    # without one (run by a service) there is no prompt, just a clear error.
    creds = _sessions(True, paths.config_path(args.config)).credentials_for(profile)
    sys.stdout.write(credential_process_json(creds) + "\n")
    return 0
