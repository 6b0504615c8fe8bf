"""Checks a parsed config (plain dicts from ``tomllib``) and builds the frozen ``Config``.

Every problem is collected, none stops the others, and they are raised together as one
``ConfigError``. Each names the file (its base name, e.g. ``config.toml``), the entry and the
field: ``config.toml: shortcut "Prod - alice - lab": domain_id "D-1" must look like d-...``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any

from studio_tray.aws.urls import is_insecure_endpoint
from studio_tray.config.fields import (
    PROFILE_FIELDS,
    SETTINGS_FIELDS,
    SHORTCUT_FIELDS,
    SSO_REQUIRED,
    TOP_LEVEL,
    Field,
    HiddenValueError,
    check_profile_name,
    insecure_endpoint_problem,
)
from studio_tray.errors import ConfigError
from studio_tray.model import Config, Profile, Settings, Shortcut

SHOW_MAX = 60
SHOW_MAX_BITS = 64
EXPECTED = {str: "text (in quotes)", bool: "true or false", int: "a whole number"}


class Problems:
    """The problems found so far, each prefixed with the file name."""

    def __init__(self, path: Path) -> None:
        self.filename = path.name
        self.items: list[str] = []

    def add(self, where: str, text: str) -> None:
        """Record one problem found in ``where`` (``""`` for the file as a whole)."""
        self.items.append(
            f"{self.filename}: {where}: {text}" if where else f"{self.filename}: {text}"
        )


def show(value: object) -> str:
    """A value as the user would write it in TOML, shortened when long."""
    if isinstance(value, str):
        if len(value) > SHOW_MAX:
            return (
                f'{json.dumps(value[:40], ensure_ascii=False)[:-1]}..." ({len(value)} characters)'
            )
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > SHOW_MAX_BITS:
        # repr() of a huge number is slow and past 4300 digits raises ValueError.
        return f"(a whole number of {value.bit_length()} bits)"
    if isinstance(value, int | float):
        return repr(value)
    return f"({type_name(value)})"


def type_name(value: object) -> str:
    """What a TOML value is, in words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, datetime | date | time):
        return "a date or time"
    if isinstance(value, list):
        return "a list"
    return "a table"


def _did_you_mean(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6) if len(key) <= SHOW_MAX else []
    if close:
        return f' (did you mean "{close[0]}"?)'
    return f" (known keys: {', '.join(known)})"


def check_table(
    table: Mapping[str, Any], spec: Mapping[str, Field], where: str, problems: Problems
) -> dict[str, Any]:
    """The good values of ``table`` by the field ``spec``; every bad or unknown key reported."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        field = spec.get(key)
        if field is None:
            problems.add(where, f"unknown key {show(key)}{_did_you_mean(key, list(spec))}")
            continue
        if (isinstance(value, bool) != (field.kind is bool)) or not isinstance(value, field.kind):
            expected = EXPECTED.get(field.kind, "a whole number")
            problems.add(where, f"{key} {show(value)} must be {expected}, not {type_name(value)}")
            continue
        if (
            isinstance(value, str)
            and field.max_length is not None
            and len(value) > field.max_length
        ):
            # Before the check: some (shlex, regexes) are slow on megabytes of text.
            limit = field.max_length
            problems.add(where, f"{key} {show(value)} must be at most {limit} characters")
            continue
        try:
            values[key] = field.check(value) if field.check else value
        except HiddenValueError as err:
            problems.add(where, f"{key} {err}")
        except ValueError as err:
            problems.add(where, f"{key} {show(value)} {err}")
    for key, field in spec.items():
        if field.required and key not in table:
            problems.add(where, f"{key} is missing")
    return values


def validate(data: Mapping[str, Any], path: Path) -> Config:
    """The ``Config`` for ``data`` read from ``path``; ConfigError listing every problem."""
    problems = Problems(path)
    for key in data:
        if key not in TOP_LEVEL:
            hint = (
                " (put it under [settings])"
                if key in SETTINGS_FIELDS
                else _did_you_mean(key, list(TOP_LEVEL))
            )
            problems.add("", f"unknown key {show(key)}{hint}")
    settings = _settings(data.get("settings", {}), problems)
    profiles = _profiles(data.get("profiles", {}), problems)
    # A profile that is declared but broken is reported once, not again by each shortcut.
    raw_profiles = data.get("profiles", {})
    declared = list(raw_profiles) if isinstance(raw_profiles, dict) else []
    shortcuts = _shortcuts(data.get("shortcuts", []), declared, settings, problems)
    if problems.items:
        raise ConfigError(problems.items)
    return Config(
        path=path,
        settings=settings,
        profiles=MappingProxyType(profiles),
        shortcuts=tuple(shortcuts),
    )


def _settings(raw: Any, problems: Problems) -> Settings:
    if not isinstance(raw, dict):
        problems.add("", f"settings must be a table ([settings]), not {type_name(raw)}")
        return Settings()
    return Settings(**check_table(raw, SETTINGS_FIELDS, "settings", problems))


def _profiles(raw: Any, problems: Problems) -> dict[str, Profile]:
    if not isinstance(raw, dict):
        problems.add("", f"profiles must be tables like [profiles.NAME], not {type_name(raw)}")
        return {}
    profiles: dict[str, Profile] = {}
    for name, table in raw.items():
        where = f"profile {show(name)}"
        try:
            check_profile_name(name)
        except ValueError as err:
            problems.add(where, f"name {err}")
        if not isinstance(table, dict):
            problems.add(where, f"must be a table ([profiles.{name}]), not {type_name(table)}")
            continue
        values = check_table(table, PROFILE_FIELDS, where, problems)
        for other in ("role_arn", "mfa_serial"):
            if "aws_profile" in table and other in table:
                problems.add(
                    where,
                    f"aws_profile cannot be combined with {other}: set it in ~/.aws/config's "
                    f"profile {show(table['aws_profile'])} instead",
                )
        endpoint = values.get("endpoint_url")
        if (
            endpoint
            and is_insecure_endpoint(endpoint)
            and not values.get("allow_insecure_endpoint")
        ):
            problems.add(where, f"endpoint_url {insecure_endpoint_problem(endpoint)}")
        if "mfa_serial" in table and "role_arn" not in table:
            problems.add(where, "mfa_serial needs role_arn (the code is sent with AssumeRole)")
        _check_sso(table, where, problems)
        profiles[name] = Profile(name=name, **values)
    _check_shared_sessions(profiles, problems)
    return profiles


def _check_sso(table: Mapping[str, Any], where: str, problems: Problems) -> None:
    """An Identity Center profile has all four sso_ keys, and no aws_profile."""
    given = [key for key in (*SSO_REQUIRED, "sso_session") if key in table]
    if not given:
        return
    if "aws_profile" in table:
        problems.add(
            where,
            "aws_profile cannot be combined with sso_ keys: either sign in here (sso_...) or "
            "use the ~/.aws/config profile",
        )
        return
    missing = [key for key in SSO_REQUIRED if key not in table]
    if missing:
        problems.add(
            where,
            f"an IAM Identity Center profile also needs {', '.join(missing)} "
            f"(it has {', '.join(given)})",
        )


def _check_shared_sessions(profiles: Mapping[str, Profile], problems: Problems) -> None:
    """Profiles sharing an sso_session share one sign-in: same start URL and region."""
    first: dict[str, Profile] = {}
    for profile in profiles.values():
        if profile.sso_session is None or profile.sso_start_url is None:
            continue
        other = first.setdefault(profile.sso_session, profile)
        if (other.sso_start_url, other.sso_region) != (profile.sso_start_url, profile.sso_region):
            problems.add(
                f"profile {show(profile.name)}",
                f"sso_session {show(profile.sso_session)} is also used by profile "
                f"{show(other.name)} with another sso_start_url or sso_region; one session has "
                "one start URL and region",
            )


def _shortcuts(
    raw: Any, declared: list[str], settings: Settings, problems: Problems
) -> list[Shortcut]:
    if not isinstance(raw, list):
        problems.add("", f"shortcuts must be tables like [[shortcuts]], not {type_name(raw)}")
        return []
    found: list[Shortcut] = []
    names: dict[str, int] = {}
    hotkeys = {settings.picker_hotkey: "settings.picker_hotkey"} if settings.picker_hotkey else {}
    for number, table in enumerate(raw, start=1):
        if not isinstance(table, dict):
            problems.add(f"shortcut #{number}", f"must be a table, not {type_name(table)}")
            continue
        before = len(problems.items)
        name = table.get("name")
        named = isinstance(name, str) and bool(name)
        where = f"shortcut {show(name)}" if named else f"shortcut #{number}"
        if named and name in names:
            where += f" (#{number})"
            problems.add(where, f"name is already used by shortcut #{names[name]}")
        elif named:
            names[str(name)] = number
        values = check_table(table, SHORTCUT_FIELDS, where, problems)
        _check_profile_ref(values.get("profile"), declared, where, problems)
        hotkey = values.get("hotkey")
        if hotkey in hotkeys:
            problems.add(
                where, f"hotkey {show(table['hotkey'])} is already used by {hotkeys[hotkey]}"
            )
        elif hotkey:
            hotkeys[hotkey] = where
        _check_studio_url(table, where, problems)
        if len(problems.items) == before:
            found.append(Shortcut(**{"user_profile": "", **values}))
    return found


def _check_studio_url(table: Mapping[str, Any], where: str, problems: Problems) -> None:
    """A ``studio_url`` shortcut opens that URL; the others need a user profile."""
    if "studio_url" not in table:
        if "user_profile" not in table:
            problems.add(where, "user_profile is missing")
        return
    for key in ("space", "landing_uri"):
        if key in table:
            problems.add(
                where,
                f"{key} cannot be combined with studio_url (an Identity Center domain's Studio "
                "URL opens Studio's home; spaces need a presigned URL)",
            )


def _check_profile_ref(
    ref: str | None, declared: list[str], where: str, problems: Problems
) -> None:
    if ref is None or ref in declared:
        return
    near = difflib.get_close_matches(ref, declared, n=1)
    hint = f' (did you mean "{near[0]}"?)' if near else ""
    problems.add(
        where,
        f"profile {show(ref)} is not in [profiles]{hint}; "
        f"add it with: studio-tray profile add {ref}",
    )
