"""The settings window's logic without a window: the rows it lists, the add-keys form, first run.

``window.py`` only draws what this module computes, so what a form accepts or refuses can be
checked headless. The form checks use the same functions as ``studio-tray profile add``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from studio_tray.discovery.scan import Discovery
from studio_tray.errors import UsageError
from studio_tray.model import Config, Profile, Settings, Shortcut

# What the region list offers; any other region can be typed.
REGIONS = (
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "sa-east-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "me-central-1",
    "me-south-1",
    "il-central-1",
    "af-south-1",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-east-1",
)

KEYS, SSO, AWS_PROFILE = "keys", "Identity Center", "AWS profile"


@dataclass(frozen=True)
class ProfileRow:
    """One line of the Profiles list."""

    name: str
    kind: str
    region: str
    state: str


@dataclass(frozen=True)
class ShortcutRow:
    """One line of the Shortcuts list (config order is menu order)."""

    name: str
    group: str
    profile: str
    where: str


def kind_of(profile: Profile) -> str:
    """keys, Identity Center or AWS profile."""
    if profile.aws_profile:
        return AWS_PROFILE
    return SSO if profile.is_sso else KEYS


def profile_rows(
    config: Config,
    has_keys: Callable[[str], bool],
    sign_in: Callable[[Profile], str | None] | None = None,
) -> list[ProfileRow]:
    """The profiles in config order; ``has_keys(name)`` tells whether the keyring holds keys,
    ``sign_in(profile)`` what an Identity Center profile's sign-in is (``signed in until
    14:05``, ``not signed in``; without it the row says where it signs in)."""
    rows = []
    for profile in config.profiles.values():
        kind = kind_of(profile)
        if kind == AWS_PROFILE:
            state = f"uses {profile.aws_profile}"
        elif kind == SSO:
            state = (sign_in(profile) if sign_in else None) or (
                f"signs in at {profile.sso_start_url}"
            )
        else:
            state = "keys in the keyring" if has_keys(profile.name) else "no keys stored"
        rows.append(ProfileRow(profile.name, kind, profile.region or "", state))
    return rows


def shortcut_rows(shortcuts: Iterable[Shortcut]) -> list[ShortcutRow]:
    """The shortcuts in menu order, with their group and where they lead."""
    return [
        ShortcutRow(
            s.name,
            s.group or "",
            s.profile,
            " / ".join(part for part in (s.domain_id, s.user_profile, s.space) if part),
        )
        for s in shortcuts
    ]


def is_first_run(config: Config) -> bool:
    """No profile and no shortcut yet: the window opens on the welcome page."""
    return not config.profiles and not config.shortcuts


@dataclass
class KeysForm:
    """What the add-keys form holds, in tab order; every field is the text as typed."""

    name: str = ""
    access_key_id: str = ""
    secret: str = ""
    region: str = ""
    role_arn: str = ""
    mfa_serial: str = ""
    endpoint_url: str = ""

    @classmethod
    def field_names(cls) -> list[str]:
        """The fields in tab order."""
        return [f.name for f in fields(cls)]

    def profile(self) -> Profile:
        """The profile the form describes (empty optional fields left out)."""
        return Profile(
            name=self.name.strip(),
            region=self.region.strip() or None,
            role_arn=self.role_arn.strip() or None,
            mfa_serial=self.mfa_serial.strip() or None,
            endpoint_url=self.endpoint_url.strip() or None,
        )


def check_keys_form(form: KeysForm, path: Path) -> tuple[Profile, tuple[str, str]]:
    """The profile and cleaned keys; one ``UsageError`` naming every problem otherwise.

    The same checks as ``studio-tray profile add`` (its field check and key shape check).
    """
    from studio_tray.aws.keys import check_keys
    from studio_tray.aws.profile_setup import field_problems

    problems: list[str] = []
    if not form.name.strip():
        problems.append("name: a profile needs a name")
    profile = form.profile()
    if profile.name:
        problems += field_problems(profile, path)
    keys = ("", "")
    try:
        keys = check_keys(form.access_key_id, form.secret)
    except UsageError as err:
        problems += str(err).splitlines()
    if problems:
        raise UsageError("\n".join(problems))
    return profile, keys


@dataclass
class ShortcutForm:
    """What the shortcut form holds, in tab order; every field is the text as typed."""

    name: str = ""
    profile: str = ""
    domain_id: str = ""
    user_profile: str = ""
    space: str = ""
    landing_uri: str = ""
    group: str = ""
    hotkey: str = ""
    browser: str = ""

    @classmethod
    def field_names(cls) -> list[str]:
        """The fields in tab order."""
        return [f.name for f in fields(cls)]

    @classmethod
    def of(cls, shortcut: Shortcut) -> ShortcutForm:
        """The form filled with ``shortcut``'s fields (to edit it)."""
        return cls(**{name: getattr(shortcut, name) or "" for name in cls.field_names()})

    def shortcut(self, keep: Shortcut | None = None) -> Shortcut:
        """The shortcut the form describes; empty optional fields left out. ``keep``: the
        edited shortcut, whose fields the form does not show (``studio_url``) stay."""
        values = {name: getattr(self, name).strip() for name in self.field_names()}
        optional = {k: (v or None) for k, v in values.items() if k not in REQUIRED_SHORTCUT}
        return Shortcut(
            name=values["name"],
            profile=values["profile"],
            domain_id=values["domain_id"],
            user_profile=values["user_profile"],
            studio_url=keep.studio_url if keep else None,
            **optional,
        )


REQUIRED_SHORTCUT = ("name", "profile", "domain_id", "user_profile")


def check_shortcut_form(form: ShortcutForm, config: Config, editing: str | None = None) -> Shortcut:
    """The shortcut; one ``UsageError`` with every problem otherwise (the CLI's rules).

    ``editing`` is the name of the shortcut being edited (None: a new one).
    """
    from studio_tray.config.edits import shortcut_problems

    keep = config.shortcut(editing) if editing else None
    shortcut = form.shortcut(keep)
    problems = [f"{name}: required" for name in REQUIRED_SHORTCUT if not getattr(shortcut, name)]
    problems += shortcut_problems(config, shortcut, replacing=editing)
    if problems:
        raise UsageError("\n".join(dict.fromkeys(problems)))
    return shortcut


@dataclass(frozen=True)
class Counts:
    """What a discovery run found so far, as the progress line shows it."""

    domains: int = 0
    user_profiles: int = 0
    spaces: int = 0

    def line(self) -> str:
        """``2 domains, 3 user profiles, 4 spaces``."""
        return ", ".join(
            f"{count} {word}{'' if count == 1 else 's'}"
            for count, word in (
                (self.domains, "domain"),
                (self.user_profiles, "user profile"),
                (self.spaces, "space"),
            )
        )


def count_findings(discoveries: Iterable[Discovery]) -> Counts:
    """The domains, user profiles and spaces ``discoveries`` hold."""
    domains = users = spaces = 0
    for found in discoveries:
        for findings in found.domains:
            domains += 1
            users += len(findings.user_profiles)
            spaces += len(findings.spaces)
    return Counts(domains, users, spaces)


def discovery_notes(discoveries: Sequence[Discovery]) -> list[str]:
    """What the discover dialog shows under its list: the warnings, then one line per user
    profile or space that got no shortcut (not InService, an app type no browser opens)."""
    from studio_tray.discovery.scan import skipped_notes

    return [w for found in discoveries for w in found.warnings] + skipped_notes(discoveries)


@dataclass(frozen=True)
class Choice:
    """One line of the discover dialog: a shortcut discovery allows; ``added`` when the config
    already has one for its (profile, domain, user profile, space), whatever its name."""

    shortcut: Shortcut
    added: bool


def discovery_choices(discoveries: Iterable[Discovery], config: Config) -> list[Choice]:
    """What the discover dialog offers, in discovery order: new ones named as ``discover --add``
    would name them, the config's ones marked ``added`` (shown greyed, not checkable)."""
    from studio_tray.discovery.shortcuts import candidates, key, new_shortcuts

    found = candidates(discoveries)
    fresh = {key(s): s for s in new_shortcuts(found, config.shortcuts)}
    have = {key(s): s for s in config.shortcuts}
    choices: list[Choice] = []
    seen: set[tuple[str, str, str, str | None]] = set()
    for shortcut in found:
        k = key(shortcut)
        if k in seen:
            continue
        seen.add(k)
        choices.append(
            Choice(fresh[k], False) if k in fresh else Choice(have.get(k, shortcut), True)
        )
    return choices


GENERAL_INTS = {
    "expires_in": "seconds",
    "session_duration": "seconds",
    "space_start_minutes": "minutes",
    "remind_running_hours": "hours",
    "status_refresh_minutes": "minutes",
}


@dataclass
class GeneralForm:
    """What the General tab holds: the ``[settings]`` table as typed, and start at login."""

    expires_in: str = ""
    session_duration: str = ""
    browser: str = ""
    picker_hotkey: str = ""
    space_start_minutes: str = ""
    remind_running_hours: str = ""
    status_refresh_minutes: str = ""
    start_at_login: bool = False

    @classmethod
    def of(cls, settings: Settings, start_at_login: bool) -> GeneralForm:
        """The form filled with the config's settings."""
        return cls(
            str(settings.expires_in),
            str(settings.session_duration),
            settings.browser,
            settings.picker_hotkey,
            str(settings.space_start_minutes),
            str(settings.remind_running_hours),
            str(settings.status_refresh_minutes),
            start_at_login,
        )


def check_general_form(form: GeneralForm, current: Settings, path: Path) -> dict[str, Any]:
    """The ``[settings]`` keys that change, checked by the config loader's own rules
    (``config.fields.SETTINGS_FIELDS``); one ``UsageError`` naming every problem otherwise."""
    from studio_tray.config.fields import SETTINGS_FIELDS
    from studio_tray.config.validation import Problems, check_table

    raw: dict[str, Any] = {}
    problems: list[str] = []
    for name in (f.name for f in fields(Settings)):
        text = getattr(form, name)
        if name in GENERAL_INTS:
            try:
                raw[name] = int(text.strip())
            except ValueError:
                unit = GENERAL_INTS[name]
                problems.append(f"{name} {text.strip()!r} must be a whole number of {unit}")
        else:
            raw[name] = text.strip() if name == "picker_hotkey" else text
    found = Problems(path)
    values = check_table(raw, SETTINGS_FIELDS, "settings", found)
    problems += [item.removeprefix(f"{path.name}: settings: ") for item in found.items]
    if problems:
        raise UsageError("\n".join(problems))
    return {k: v for k, v in values.items() if v != getattr(current, k)}
