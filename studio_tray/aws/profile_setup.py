"""Steps of ``profile add`` and the ``credential-process`` output, kept out of the argparse code."""

from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import replace
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio_tray.aws.credentials import Credentials
from studio_tray.errors import ConfigError, CredentialError, UsageError
from studio_tray.model import Config, Profile

if TYPE_CHECKING:
    from studio_tray.aws.assume_role import MfaAsker
    from studio_tray.aws.sso.portal import Account
    from studio_tray.aws.sso.signin import IdentityCenter
    from studio_tray.aws.sso.source import SsoSource
    from studio_tray.aws.sts import Identity

# What stands for the account and role of an Identity Center profile not chosen yet, so the
# other fields can be checked by the config's rules before signing in.
SSO_PLACEHOLDER_ACCOUNT, SSO_PLACEHOLDER_ROLE = "000000000000", "placeholder"


def read_keys(from_stdin: bool, name: str) -> tuple[str, str]:
    """The keys from two stdin lines or a no-echo prompt, shape-checked."""
    from studio_tray.aws.keys import check_keys
    from studio_tray.aws.mfa import read_secret

    if from_stdin:
        lines = sys.stdin.read().splitlines()
        lines = [line for line in lines if line.strip()]
        if len(lines) != 2:
            raise UsageError(
                f"--stdin expects 2 lines (access key id, secret access key), got {len(lines)}"
            )
        return check_keys(lines[0], lines[1])
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the keys", hint="pipe them in with --stdin")
    try:
        key_id = read_secret(f"AWS access key id for {name}: ")
        secret = read_secret("AWS secret access key: ")
    except EOFError:
        raise UsageError("no keys entered") from None
    return check_keys(key_id, secret)


def field_problems(profile: Profile, path: Path) -> list[str]:
    """Every problem of ``profile``'s fields as the config would report it (empty: fine)."""
    from studio_tray import config as config_file
    from studio_tray.config import document

    try:
        config_file.parse(document.dumps(Config(path, profiles={profile.name: profile})), path)
    except ConfigError as err:
        return list(err.problems) or [str(err)]
    return []


def identity(profile: Profile, keys: tuple[str, str] | None) -> Identity:
    """Who STS says ``keys`` (or the aws_profile) belong to, on the profile's endpoint.

    ``CredentialError`` (with a user-ready message) when STS rejects them.
    """
    from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
    from studio_tray.aws.sts import caller_identity

    base = replace(profile, role_arn=None, mfa_serial=None)
    store = MemoryKeyStore({profile.name: keys} if keys else None)
    return caller_identity(SessionProvider(store).session_for(base), base)


def role_identity(profile: Profile, keys: tuple[str, str], ask_mfa: MfaAsker | None) -> Identity:
    """Who ``profile`` signs in as once ``keys`` assume its role on the profile's endpoint:
    AssumeRole as the tray does it (``SerialNumber`` and ``TokenCode`` from ``ask_mfa`` when
    the profile has an ``mfa_serial``), then GetCallerIdentity with the role's keys.

    ``CredentialError`` (user-ready) when STS refuses, or no code is given.
    """
    from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
    from studio_tray.aws.sts import caller_identity

    sessions = SessionProvider(MemoryKeyStore({profile.name: keys}), ask_mfa)
    return caller_identity(sessions.session_for(profile), profile)


def verify(profile: Profile, keys: tuple[str, str] | None, skip: bool) -> None:
    """Ask STS who ``keys`` (or the aws_profile) belong to; print it. ``skip`` does nothing."""
    if skip:
        return
    who = identity(profile, keys)
    print(f"verified: account {who.account}, {who.arn}")


def store_keys_profile(
    path: Path, profile: Profile, keys: tuple[str, str], store: Any
) -> tuple[bool, bool]:
    """Keys to the keyring, then the profile's table to the config (checked keys only).

    Returns (whether the keyring item changed, whether a profile of that name was replaced).
    """
    from studio_tray.config import edits

    snapshot = getattr(store, "snapshot", None)  # the keyring's; an in-memory store has none
    before = snapshot(profile.name) if snapshot else None
    written = bool(store.set(profile.name, *keys))
    try:
        return written, edits.add_profile(path, profile)
    except BaseException:
        # The config was not written: leave the keyring as it was, so a failure changes neither.
        if written and snapshot:
            with contextlib.suppress(Exception):  # the write's error is the one to show
                store.restore(profile.name, before)
        raise


def remove_profile_and_keys(
    path: Path, config: Config, name: str, store: Any
) -> tuple[bool, list[str]]:
    """Remove profile ``name``'s keyring item, the shortcuts using it, then the profile.

    Keys first: when the keyring refuses, the profile stays and the removal can be retried.
    Returns (whether a keyring item was deleted, the names of the removed shortcuts).
    """
    from studio_tray.config import edits

    profile = config.profiles[name]
    users = [s.name for s in config.shortcuts if s.profile == name]
    if profile.aws_profile:
        deleted = keys_exist(store, name) and store.delete(name)
    else:
        deleted = store.delete(name)
    for shortcut in users:
        edits.remove_shortcut(path, shortcut)
    edits.remove_profile(path, name)
    return bool(deleted), users


def keys_exist(store: Any, name: str) -> bool:
    """Whether the keyring holds keys for ``name`` (False when there is no usable keyring)."""
    try:
        return store.get(name) is not None
    except CredentialError:
        return False


def drop_old_keys(store: Any, name: str) -> None:
    """Remove a keyring item left from when ``name`` used stored keys."""
    try:
        if store.delete(name):
            print(f"removed the old keyring item of profile {name} (it now uses ~/.aws/config)")
    except CredentialError:
        pass  # no usable keyring: there is nothing stored to drop


def check_sso_fields(config: Config, profile: Profile) -> None:
    """Check an Identity Center profile's fields by the config's rules before signing in
    (placeholders stand for the account and role still to choose); ``ConfigError`` naming
    every problem. ``config`` is the current one (its settings take part in the check)."""
    from studio_tray import config as config_file
    from studio_tray.config import document

    checked = replace(
        profile,
        sso_account_id=profile.sso_account_id or SSO_PLACEHOLDER_ACCOUNT,
        sso_role_name=profile.sso_role_name or SSO_PLACEHOLDER_ROLE,
    )
    alone = replace(config, shortcuts=(), profiles={checked.name: checked})
    config_file.parse(document.dumps(alone), config.path)


def sso_accounts(center: IdentityCenter, source: SsoSource) -> list[Account]:
    """The accounts the signed-in user may use; ``UsageError`` when there is none."""
    accounts = center.accounts(source)
    if not accounts:
        raise UsageError("this sign-in has no AWS accounts assigned")
    return accounts


def account_label(account: Account) -> str:
    """How an account is offered to choose from: ``111122223333  prod``."""
    return f"{account.account_id}  {account.name}"


def sso_roles(center: IdentityCenter, source: SsoSource, account_id: str) -> list[str]:
    """The roles the signed-in user may use in ``account_id``; ``UsageError`` when none."""
    roles = center.roles(source, account_id)
    if not roles:
        raise UsageError(f"this sign-in has no roles in account {account_id}")
    return roles


def credential_process_json(creds: Credentials) -> str:
    """AWS ``credential_process`` JSON (Version 1); Expiration only for temporary keys."""
    out: dict[str, Any] = {
        "Version": 1,
        "AccessKeyId": creds.access_key_id,
        "SecretAccessKey": creds.secret_access_key,
    }
    if creds.session_token:
        out["SessionToken"] = creds.session_token
    if creds.expiration is not None:
        out["Expiration"] = creds.expiration.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps(out)
