"""Steps of ``profile add`` and the ``credential-process`` output, kept out of the argparse code."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import UTC
from typing import Any

from studio_tray.aws.credentials import Credentials
from studio_tray.errors import CredentialError, UsageError
from studio_tray.model import Profile


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


def verify(profile: Profile, keys: tuple[str, str] | None, skip: bool) -> None:
    """Ask STS who ``keys`` (or the aws_profile) belong to; print it. ``skip`` does nothing."""
    if skip:
        return
    from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
    from studio_tray.aws.sts import caller_identity

    base = replace(profile, role_arn=None, mfa_serial=None)
    store = MemoryKeyStore({profile.name: keys} if keys else None)
    who = caller_identity(SessionProvider(store).session_for(base), base)
    print(f"verified: account {who.account}, {who.arn}")


def drop_old_keys(store: Any, name: str) -> None:
    """Remove a keyring item left from when ``name`` used stored keys."""
    try:
        if store.delete(name):
            print(f"removed the old keyring item of profile {name} (it now uses ~/.aws/config)")
    except CredentialError:
        pass  # no usable keyring: there is nothing stored to drop


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
