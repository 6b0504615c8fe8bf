"""Discovery across profiles and regions, and adding what is new to the config.

Used by ``studio-tray discover`` and by the tray's "Discover shortcuts..." entry
(``discover_and_add``). Adding is idempotent on (profile, domain_id, user_profile, space) and
only appends: shortcuts already in the file keep their name, fields, comments and place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomlkit
from tomlkit.items import AoT, Array

from studio_tray.discovery.scan import Discovery, Progress, discover, skipped_notes
from studio_tray.discovery.shortcuts import candidates, new_shortcuts
from studio_tray.errors import ConfigError, DiscoveryError, StudioTrayError
from studio_tray.model import Config, Profile, Shortcut

if TYPE_CHECKING:
    from studio_tray.aws.launcher import Launcher


def discover_all(
    launcher: Launcher,
    profiles: Iterable[Profile],
    regions: Sequence[str] = (),
    *,
    users: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> list[Discovery]:
    """``discover`` for each profile in each of ``regions`` (default: the profile's region).

    A profile whose client cannot be made (no keys, no region) gives a Discovery with
    ``listed=False`` and the reason as its warning.
    """
    wanted = set(users) if users is not None else None
    found: list[Discovery] = []
    for profile in profiles:
        for region in regions or [profile.region or ""]:
            try:
                client = launcher.client(profile, region or None)
            except StudioTrayError as err:
                found.append(Discovery(profile.name, region or "?", (), (str(err),), False))
                continue
            if progress is not None:
                progress(f"{profile.name} {client.meta.region_name}: listing domains")
            found.append(
                discover(client, profile, client.meta.region_name, users=wanted, progress=progress)
            )
    return found


def add_new(path: Path, found: Iterable[Shortcut]) -> list[Shortcut]:
    """Append the shortcuts of ``found`` the file at ``path`` lacks; return those added.

    One validated, atomic write; the file is re-read inside the edit, so a shortcut added
    meanwhile by hand is not added twice.
    """
    from studio_tray.config import document, tables

    added: list[Shortcut] = []
    with document.editing(path) as doc:
        items = doc.get("shortcuts")
        added = new_shortcuts(found, _existing(items))
        if not added:
            return []
        if items is None:
            if doc.as_string().strip() and not doc.as_string().endswith("\n\n"):
                doc.add(tomlkit.nl())
            items = tomlkit.aot()
            doc["shortcuts"] = items
        for shortcut in added:
            table = tables.shortcut_table(shortcut)
            if isinstance(items, AoT):
                items.append(table)
            elif isinstance(items, Array):
                inline = tomlkit.inline_table()
                inline.update(table)
                items.append(inline)
            else:
                raise ConfigError(f"{path.name}: shortcuts must be tables like [[shortcuts]]")
    return added


def _existing(items: Any) -> list[Shortcut]:
    if not isinstance(items, AoT | Array):
        return []
    return [
        Shortcut(
            name=str(item.get("name", "")),
            profile=str(item.get("profile", "")),
            domain_id=str(item.get("domain_id", "")),
            user_profile=str(item.get("user_profile", "")),
            space=str(item["space"]) if item.get("space") else None,
        )
        for item in items
        if isinstance(item, dict)
    ]


@dataclass(frozen=True)
class TrayDiscovery:
    """What the tray's "Discover shortcuts..." did: shortcuts added, warnings, and the user
    profiles and spaces that got no shortcut (``scan.skipped_notes``)."""

    added: tuple[Shortcut, ...]
    warnings: tuple[str, ...]
    skipped: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """One line for the notification."""
        count = len(self.added)
        text = f"added {count} shortcut{'s' if count != 1 else ''}" if count else "nothing new"
        notes = []
        if self.skipped:
            notes.append(f"{len(self.skipped)} not ready or not openable")
        if self.warnings:
            notes.append(f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}")
        if notes:
            text += f" ({', '.join(notes)}: see the log)"
        return text[0].upper() + text[1:]


def users_in_use(config: Config, profile: str) -> set[str] | None:
    """User profiles the tray's discovery looks for in ``profile``; None means every one.

    Those of the profile's own shortcuts; else those of every shortcut (the same person in
    another account); with no shortcuts at all, every user profile.
    """
    own = {s.user_profile for s in config.shortcuts if s.profile == profile}
    if own:
        return own
    return {s.user_profile for s in config.shortcuts} or None


def discover_and_add(
    config: Config, launcher: Launcher, progress: Progress | None = None
) -> TrayDiscovery:
    """Discover with every profile in its own region and add what is new to ``config.path``.

    Raises ``DiscoveryError`` when nothing could be listed at all (no profiles, all refused),
    ``ConfigError`` when the file cannot be updated.
    """
    if not config.profiles:
        raise DiscoveryError(
            "no profiles to discover with", hint="run `studio-tray profile add NAME` first"
        )
    discoveries: list[Discovery] = []
    found: list[Shortcut] = []
    for profile in config.profiles.values():
        users = users_in_use(config, profile.name)
        mine = discover_all(launcher, [profile], users=users, progress=progress)
        discoveries.extend(mine)
        found.extend(candidates(mine, users=users))
    warnings = tuple(w for d in discoveries for w in d.warnings)
    if not any(d.listed for d in discoveries):
        raise DiscoveryError(
            "discovery could not list anything" + (f": {warnings[0]}" if warnings else "")
        )
    skipped = tuple(dict.fromkeys(skipped_notes(discoveries)))  # each profile sees them
    return TrayDiscovery(tuple(add_new(config.path, found)), warnings, skipped)
