"""The config dataclasses as tomlkit tables, fields that are None left out."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import tomlkit
from tomlkit import TOMLDocument
from tomlkit.items import Table

from studio_tray.model import Config, Profile, Settings, Shortcut


def _table(values: dict[str, Any]) -> Table:
    table = tomlkit.table()
    for key, value in values.items():
        if value is not None:
            table[key] = value
    return table


def shortcut_table(shortcut: Shortcut) -> Table:
    """A ``[[shortcuts]]`` entry for ``shortcut``."""
    values = {f.name: getattr(shortcut, f.name) for f in fields(shortcut)}
    if shortcut.studio_url and not shortcut.user_profile:
        del values["user_profile"]  # an Identity Center domain's shortcut has none
    return _table(values)


def profile_table(profile: Profile) -> Table:
    """The ``[profiles.NAME]`` table for ``profile`` (the name is the table's key)."""
    return _table({f.name: getattr(profile, f.name) for f in fields(profile) if f.name != "name"})


def settings_table(settings: Settings) -> Table:
    """The ``[settings]`` table, every setting written out."""
    return _table({f.name: getattr(settings, f.name) for f in fields(settings)})


def to_document(config: Config) -> TOMLDocument:
    """A whole document for ``config``: settings, then profiles, then shortcuts."""
    doc = tomlkit.document()
    doc["settings"] = settings_table(config.settings)
    if config.profiles:
        profiles = tomlkit.table(is_super_table=True)
        for name, profile in config.profiles.items():
            profiles[name] = profile_table(profile)
        doc["profiles"] = profiles
    if config.shortcuts:
        shortcuts = tomlkit.aot()
        for shortcut in config.shortcuts:
            shortcuts.append(shortcut_table(shortcut))
        doc["shortcuts"] = shortcuts
    return doc
