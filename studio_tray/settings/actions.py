"""What the settings window's buttons do, through the same functions as the CLI.

Saving a keys profile is ``profile add``'s steps (``aws.profile_setup``): check the fields and
the keys' shape, ask STS who they belong to on the profile's endpoint, and only then store the
secret in the keyring and the table in the config. After each save a running tray reloads
through the hand-off channel. No toolkit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio_tray import paths
from studio_tray.aws import profile_setup
from studio_tray.settings.model import KeysForm, check_keys_form


@dataclass(frozen=True)
class Saved:
    """A profile saved from the form: who STS said the keys belong to."""

    name: str
    account: str
    arn: str
    replaced: bool


def save_keys_profile(path: Path, form: KeysForm, store: Any) -> Saved:
    """Check, verify with STS, store; ``UsageError``/``CredentialError`` and nothing stored."""
    profile, keys = check_keys_form(form, path)
    who = profile_setup.identity(profile, keys)
    _written, replaced = profile_setup.store_keys_profile(path, profile, keys, store)
    tell_tray(path)
    return Saved(profile.name, who.account, who.arn, replaced)


def remove_profile(path: Path, name: str, store: Any) -> list[str]:
    """Remove the profile, its keyring item and the shortcuts using it; their names."""
    from studio_tray import config as config_file

    config = config_file.load(path)
    _deleted, removed = profile_setup.remove_profile_and_keys(path, config, name, store)
    tell_tray(path)
    return removed


def tell_tray(path: Path) -> bool:
    """A tray running on ``path`` re-reads it (as ``studio-tray reload`` asks); True if one did."""
    from studio_tray.handoff import client

    try:
        return client.reload_tray(path, paths.state_dir())
    except OSError:
        return False
