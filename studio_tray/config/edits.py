"""Edits the CLI and the tray make to the config file, each one validated and saved atomically.

Return values: ``add_shortcut`` the shortcut as saved (hotkey normalised), ``add_profile``
True when it replaced a profile of that name, the removals the Config after the edit.
Removing works even when the file's other entries are bad only if the removal fixes them:
what is saved must validate.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.items import AoT, Array, InlineTable, Table

from studio_tray.config.document import dumps, editing
from studio_tray.config.read import parse
from studio_tray.config.tables import profile_table, shortcut_table
from studio_tray.errors import ConfigError, UsageError
from studio_tray.hotkeys.combo import parse_hotkey
from studio_tray.model import Config, Profile, Shortcut

KNOWN_LISTED = 8
# [profiles.x] tables split by other tables come back from tomlkit as a proxy, not a Table.
TABLES = (Table, InlineTable, OutOfOrderTableProxy)


def add_shortcut(path: Path, shortcut: Shortcut) -> Shortcut:
    """Append ``shortcut``; UsageError when one of that name exists."""
    if shortcut.hotkey:
        # A bad combo is saved as given, so validation reports it with the shortcut's name.
        with contextlib.suppress(ValueError):
            shortcut = dataclasses.replace(shortcut, hotkey=parse_hotkey(shortcut.hotkey))
    edit = editing(path)
    with edit as doc:
        existing = doc.get("shortcuts")
        if shortcut.name in _shortcut_names(existing):
            raise UsageError(
                f'shortcut "{shortcut.name}" already exists in {path.name}',
                hint="pick another name, or remove it first: studio-tray shortcut remove NAME",
            )
        table = shortcut_table(shortcut)
        if existing is None:
            shortcuts = tomlkit.aot()
            shortcuts.append(table)
            doc["shortcuts"] = shortcuts
        elif isinstance(existing, AoT):
            table.trivia.indent = _blank_line_before(doc.as_string())
            existing.append(table)
        elif isinstance(existing, Array):
            inline = tomlkit.inline_table()
            inline.update(table)
            existing.append(inline)
        else:
            raise ConfigError(f"{path.name}: shortcuts must be tables like [[shortcuts]]")
    assert edit.config is not None
    saved = edit.config.shortcut(shortcut.name)
    assert saved is not None
    return saved


def normalised_hotkey(text: str | None) -> str | None:
    """The combo as it will be saved; a bad one as given, so validation names it."""
    try:
        return parse_hotkey(text) if text else text
    except ValueError:
        return text


def shortcut_problems(
    config: Config, shortcut: Shortcut, replacing: str | None = None
) -> list[str]:
    """Every problem ``shortcut`` would have in ``config`` (empty: it can be saved).

    The same rules as the config file, with the other shortcuts (a taken name or hotkey is
    reported); ``replacing`` is the name of the shortcut it replaces, when editing one.
    """
    from studio_tray.config.validation import show

    path = config.path
    problems = []
    if shortcut.name != replacing and config.shortcut(shortcut.name) is not None:
        problems.append(
            f'shortcut "{shortcut.name}" already exists in {path.name}: pick another name, or '
            "remove it first: studio-tray shortcut remove NAME"
        )
    profiles = dict(config.profiles)
    if shortcut.profile not in profiles:
        problems.append(
            f"{path.name}: shortcut {show(shortcut.name)}: profile {show(shortcut.profile)} is "
            f"not in {path.name}: add it first: studio-tray profile add {shortcut.profile}"
        )
        profiles[shortcut.profile] = Profile(shortcut.profile)  # checked above: not again below
    shortcut = dataclasses.replace(shortcut, hotkey=normalised_hotkey(shortcut.hotkey))
    others = tuple(s for s in config.shortcuts if s.name not in (shortcut.name, replacing))
    trial = Config(path, config.settings, profiles, (*others, shortcut))
    try:
        parse(dumps(trial), path)
    except ConfigError as err:
        problems += err.problems
    return problems


def replace_shortcut(path: Path, name: str, shortcut: Shortcut) -> Shortcut:
    """Put ``shortcut`` where the one called ``name`` is (its comments kept); as saved."""
    shortcut = dataclasses.replace(shortcut, hotkey=normalised_hotkey(shortcut.hotkey))
    edit = editing(path)
    with edit as doc:
        existing = doc.get("shortcuts")
        names = _shortcut_names(existing)
        if name not in names:
            raise UsageError(_unknown("shortcut", name, names, path))
        if shortcut.name != name and shortcut.name in names:
            raise UsageError(f'shortcut "{shortcut.name}" already exists in {path.name}')
        old = next(t for t in _tables(existing) if _is_named(t, name))
        new = shortcut_table(shortcut)
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = value
    assert edit.config is not None
    saved = edit.config.shortcut(shortcut.name)
    assert saved is not None
    return saved


def move_shortcut(path: Path, name: str, step: int) -> Config:
    """Move the shortcut called ``name`` ``step`` places (menu order), stopping at the ends."""
    edit = editing(path)
    with edit as doc:
        existing = doc.get("shortcuts")
        names = _shortcut_names(existing)
        if name not in names:
            raise UsageError(_unknown("shortcut", name, names, path))
        assert isinstance(existing, AoT | Array)
        index = next(i for i, t in enumerate(existing) if _is_named(t, name))
        target = max(0, min(len(existing) - 1, index + step))
        if target != index:
            item = existing[index]
            del existing[index]
            existing.insert(target, item)
    assert edit.config is not None
    return edit.config


def _blank_line_before(text: str) -> str:
    """What to put before a table appended to ``text`` so exactly one blank line separates them
    (a file that does not end with a new line gets it first)."""
    if text.endswith("\n\n") or not text:
        return ""
    return "\n" if text.endswith("\n") else "\n\n"


def remove_shortcut(path: Path, name: str) -> Config:
    """Remove the shortcut called ``name``; UsageError naming it when there is none."""
    edit = editing(path)
    with edit as doc:
        existing = doc.get("shortcuts")
        names = _shortcut_names(existing)
        if name not in names:
            raise UsageError(_unknown("shortcut", name, names, path))
        assert isinstance(existing, AoT | Array)
        if len(existing) == 1:
            del doc["shortcuts"]  # an emptied array of tables would be written as `shortcuts = []`
        else:
            del existing[next(i for i, t in enumerate(existing) if _is_named(t, name))]
    assert edit.config is not None
    return edit.config


def add_profile(path: Path, profile: Profile) -> bool:
    """Add ``profile``, or replace the one of that name in place; True when it replaced one."""
    edit = editing(path)
    with edit as doc:
        profiles = doc.get("profiles")
        if profiles is None:
            profiles = tomlkit.table(is_super_table=True)
            doc["profiles"] = profiles
        if not isinstance(profiles, TABLES):
            raise ConfigError(f"{path.name}: profiles must be tables like [profiles.NAME]")
        new = profile_table(profile)
        old = profiles.get(profile.name)
        if isinstance(old, Table | InlineTable):
            for key in [k for k in old if k not in new]:
                del old[key]
            for key, value in new.items():
                old[key] = value
        else:
            new.add(tomlkit.nl())  # a blank line before whatever table follows
            profiles[profile.name] = new
    return isinstance(old, Table | InlineTable)


def remove_profile(path: Path, name: str) -> Config:
    """Remove profile ``name``; UsageError when unknown or still used by shortcuts."""
    edit = editing(path)
    with edit as doc:
        profiles = doc.get("profiles")
        known = list(profiles) if isinstance(profiles, TABLES) else []
        if name not in known:
            raise UsageError(_unknown("profile", name, known, path))
        users = [
            str(item.get("name"))
            for item in _tables(doc.get("shortcuts"))
            if item.get("profile") == name
        ]
        if users:
            raise UsageError(
                f'profile "{name}" is used by shortcut {", ".join(map(_quote, users))}',
                hint="remove those first: studio-tray shortcut remove NAME",
            )
        assert isinstance(profiles, TABLES)
        if len(profiles) == 1:
            del doc["profiles"]
        else:
            del profiles[name]
    assert edit.config is not None
    return edit.config


def _tables(items: Any) -> list[Any]:
    if not isinstance(items, AoT | Array):
        return []
    return [item for item in items if isinstance(item, dict)]


def _is_named(item: Any, name: str) -> bool:
    return isinstance(item, dict) and item.get("name") == name


def _shortcut_names(items: Any) -> list[str]:
    return [str(item.get("name")) for item in _tables(items)]


def _quote(name: str) -> str:
    return f'"{name}"'


def _unknown(kind: str, name: str, known: Iterable[str], path: Path) -> str:
    known = list(known)
    message = f'no {kind} "{name}" in {path.name}'
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f'{message}; did you mean "{close[0]}"?'
    if not known:
        return f"{message}; it has no {kind}s yet"
    if len(known) <= KNOWN_LISTED:
        return f"{message}; known: {', '.join(map(_quote, known))}"
    plural = "studio-tray list" if kind == "shortcut" else "studio-tray profile list"
    return f"{message}; see {plural}"


def update_settings(path: Path, changes: Mapping[str, Any]) -> Config:
    """Set the ``[settings]`` keys in ``changes`` (others, comments and order kept); the Config.

    The table is made when the file has none. What is saved must validate, as every edit.
    """
    edit = editing(path)
    with edit as doc:
        table = doc.get("settings")
        if table is None:
            table = tomlkit.table()
            table.trivia.indent = _blank_line_before(doc.as_string())
            doc["settings"] = table
        if not isinstance(table, TABLES):
            raise ConfigError(f"{path.name}: settings must be a table ([settings])")
        for key, value in changes.items():
            table[key] = value
    assert edit.config is not None
    return edit.config
