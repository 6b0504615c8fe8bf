"""What the settings window's buttons do, through the same functions as the CLI.

Saving a keys profile is ``profile add``'s steps (``aws.profile_setup``): check the fields and
the keys' shape, ask STS who they belong to on the profile's endpoint, and only then store the
secret in the keyring and the table in the config. After each save a running tray reloads
through the hand-off channel. No toolkit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio_tray import paths
from studio_tray.aws import profile_setup
from studio_tray.model import Shortcut
from studio_tray.settings.model import (
    GeneralForm,
    KeysForm,
    ShortcutForm,
    check_general_form,
    check_keys_form,
    check_shortcut_form,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from studio_tray.autostart import Autostart
    from studio_tray.aws.assume_role import MfaAsker
    from studio_tray.aws.sts import Identity
    from studio_tray.discovery.scan import Discovery


@dataclass(frozen=True)
class Saved:
    """A profile saved from the form: who STS said the keys belong to."""

    name: str
    account: str
    arn: str
    replaced: bool


def save_keys_profile(
    path: Path, form: KeysForm, store: Any, ask_mfa: MfaAsker | None = None
) -> Saved:
    """Check, verify with STS, store; ``UsageError``/``CredentialError`` and nothing stored.

    With a role ARN the keys must also assume the role (``ask_mfa(profile)`` gives the code
    when an MFA serial is set); the account and ARN saved are then the role's.
    """
    from studio_tray import config as config_file

    config_file.load(path)  # a broken file refuses before any key is stored, as in the CLI
    profile, keys = check_keys_form(form, path)
    who = profile_setup.identity(profile, keys)
    if profile.role_arn:
        who = profile_setup.role_identity(profile, keys, ask_mfa)
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


def save_shortcut(path: Path, form: ShortcutForm, editing: str | None = None) -> Shortcut:
    """Add the form's shortcut (or replace ``editing``); ``UsageError`` with every problem."""
    from studio_tray import config as config_file
    from studio_tray.config import edits

    shortcut = check_shortcut_form(form, config_file.load(path), editing)
    if editing is None:
        saved = edits.add_shortcut(path, shortcut)
    else:
        saved = edits.replace_shortcut(path, editing, shortcut)
    tell_tray(path)
    return saved


def remove_shortcut(path: Path, name: str) -> None:
    """Remove the shortcut called ``name``."""
    from studio_tray.config import edits

    edits.remove_shortcut(path, name)
    tell_tray(path)


def move_shortcut(path: Path, name: str, step: int) -> None:
    """Move the shortcut ``step`` places in menu order."""
    from studio_tray.config import edits

    edits.move_shortcut(path, name, step)
    tell_tray(path)


def identify_profile(path: Path, name: str, store: Any, ask_mfa: Any = None) -> Identity:
    """Who the profile's credentials (or its role) are, as ``profile test`` shows it.

    ``CredentialError`` with the user-ready reason when AWS refuses them.
    """
    from studio_tray import config as config_file
    from studio_tray.aws.credentials import SessionProvider
    from studio_tray.aws.sts import caller_identity

    profile = config_file.load(path).profiles[name]
    return caller_identity(SessionProvider(store, ask_mfa).session_for(profile), profile)


def discover(
    path: Path,
    name: str,
    region: str,
    store: Any,
    *,
    ask_mfa: Any = None,
    found: Callable[[Discovery], object] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Discovery]:
    """What profile ``name`` can open in ``region`` (empty: its own), as ``discover`` lists it.

    ``found(discovery)`` hears each region's findings as they come; ``UsageError`` when the
    profile or region is not valid. Runs in a worker thread: nothing here touches a window.
    """
    from studio_tray import config as config_file
    from studio_tray.aws.credentials import SessionProvider
    from studio_tray.aws.launcher import Launcher
    from studio_tray.config.fields import check_region
    from studio_tray.discovery.run import discover_all
    from studio_tray.errors import UsageError

    profile = config_file.load(path).profiles.get(name)
    if profile is None:
        raise UsageError(f'profile "{name}" is not in {path.name}')
    region = region.strip()
    if region:
        try:
            check_region(region)
        except ValueError as err:
            raise UsageError(f"region {region!r} {err}") from None
    launcher = Launcher(SessionProvider(store, ask_mfa))
    results: list[Discovery] = []
    for one in discover_all(launcher, [profile], [region] if region else (), progress=progress):
        results.append(one)
        if found is not None:
            found(one)
    return results


def add_discovered(path: Path, shortcuts: Iterable[Shortcut]) -> list[Shortcut]:
    """Add the checked shortcuts as ``discover --add`` does (only what is new); those added."""
    from studio_tray.discovery.run import add_new

    added = add_new(path, shortcuts)
    tell_tray(path)
    return added


TEST_PAGE = "about:blank"  # what the browser Test button opens: nothing, from nowhere


def save_general(path: Path, form: GeneralForm, autostart: Autostart | None) -> list[str]:
    """Save the General tab: the ``[settings]`` keys that changed (checked as the loader
    checks them; ``UsageError`` naming every problem, nothing written) and start at login
    (as ``autostart enable``/``disable``). What changed, in words."""
    from studio_tray import config as config_file
    from studio_tray.config import edits

    config = config_file.load(path)
    changes = check_general_form(form, config.settings, path)
    if changes:
        edits.update_settings(path, changes)
    done = list(changes)
    if autostart is not None and form.start_at_login != autostart.is_enabled():
        if form.start_at_login:
            autostart.enable()
        else:
            autostart.disable()
        done.append("start at login " + ("on" if form.start_at_login else "off"))
    if done:
        tell_tray(path)
    return done


def try_browser(command: str) -> None:
    """Open a blank page with ``command`` (empty: the default browser), as a shortcut would be
    opened; ``UsageError`` when the command breaks the config's rule, ``LaunchError`` when it
    does not start."""
    from studio_tray.config.fields import check_browser
    from studio_tray.errors import UsageError
    from studio_tray.system import browser

    try:
        check_browser(command)
    except ValueError as err:
        raise UsageError(f"browser {err}") from None
    browser.open_url(TEST_PAGE, command)
