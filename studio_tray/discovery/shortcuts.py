"""Findings -> candidate shortcuts: who may open which space, with readable unique names.

Pairing rules:

- domains in IAM auth mode (``Domain.usable``) give presigned-URL shortcuts; a domain in
  Identity Center (SSO) auth mode gives one shortcut that opens its own Studio URL
  (``studio_url``; the browser signs in, so no user profile or space, and none when only
  some user profiles are wanted);
- a private space pairs with its owner's user profile only; a shared space with every user
  profile of the domain;
- a space is named by its SpaceDisplayName where it has one, and opens on the LandingUri of
  its app type (``scan.LANDING_URIS``; no AppType: Studio picks); user profiles and spaces
  that are not InService, and spaces of an app type no browser opens, get none (discovery
  lists them in ``DomainFindings.skipped``);
- a user profile with no space it may open gets one plain shortcut (no space, Studio's home),
  so a new user profile still has a way in; so does every user profile of a domain whose
  spaces could not be listed.

A candidate's identity is (profile, domain_id, user_profile, space): a shortcut the config
already has for that key, whatever its name, means the candidate is not new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from studio_tray.config.fields import LABEL_MAX
from studio_tray.discovery.scan import LANDING_URIS, Discovery, DomainFindings, Space
from studio_tray.model import Shortcut

Key = tuple[str, str, str, str | None]


def landing_uri(app_type: str | None) -> str | None:
    """The LandingUri that opens a space of ``app_type`` (None: Studio picks)."""
    return LANDING_URIS.get(app_type or "")


def key(shortcut: Shortcut) -> Key:
    """What makes two shortcuts the same: profile, domain, user profile and space."""
    return (shortcut.profile, shortcut.domain_id, shortcut.user_profile, shortcut.space or None)


def candidates(
    discoveries: Iterable[Discovery],
    *,
    group: str | None = None,
    users: Iterable[str] | None = None,
) -> list[Shortcut]:
    """Every shortcut the findings allow (names not yet unique: see ``new_shortcuts``)."""
    wanted = set(users) if users is not None else None
    found: list[Shortcut] = []
    for discovery in discoveries:
        for findings in discovery.domains:
            domain = findings.domain
            if domain.usable:
                found.extend(_domain_candidates(discovery.profile, findings, group, wanted))
            elif domain.opens_studio_url and wanted is None:  # no user profile to filter by
                found.append(
                    Shortcut(
                        name=label(domain.name),
                        profile=discovery.profile,
                        domain_id=domain.id,
                        user_profile="",
                        group=group or label(domain.name),
                        studio_url=domain.url,
                    )
                )
    return found


def _domain_candidates(
    profile: str, findings: DomainFindings, group: str | None, users: set[str] | None
) -> list[Shortcut]:
    domain = findings.domain
    shared = [s for s in findings.spaces if s.sharing_type != "Private"]
    out: list[Shortcut] = []
    for user in findings.user_profiles:
        if users is not None and user.name not in users:
            continue
        own = [s for s in findings.spaces if s.sharing_type == "Private" and s.owner == user.name]
        spaces: list[Space | None] = [*sorted(own + shared, key=lambda s: s.name)]
        if not spaces:
            spaces = [None]
        for space in spaces:
            # A space's name in the menu is the one Studio shows (label() makes it valid).
            parts = [domain.name, user.name] + ([space.display_name or space.name] if space else [])
            out.append(
                Shortcut(
                    name=" - ".join(parts),
                    profile=profile,
                    domain_id=domain.id,
                    user_profile=user.name,
                    space=space.name if space else None,
                    landing_uri=landing_uri(space.app_type) if space else None,
                    group=group or label(domain.name),
                )
            )
    return out


def new_shortcuts(found: Iterable[Shortcut], existing: Iterable[Shortcut]) -> list[Shortcut]:
    """The candidates in ``found`` that ``existing`` lacks, each with a valid, unused name."""
    existing = list(existing)
    have = {key(s) for s in existing}
    taken = {s.name for s in existing}
    fresh: list[Shortcut] = []
    for shortcut in found:
        if key(shortcut) in have:
            continue
        have.add(key(shortcut))
        name = unique_name(label(shortcut.name), taken, shortcut.profile)
        taken.add(name)
        fresh.append(replace(shortcut, name=name))
    return fresh


def label(text: str) -> str:
    """``text`` as a valid shortcut name or group: printable, trimmed, short enough."""
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return _fit(cleaned or "Studio", "")


def unique_name(name: str, taken: set[str], profile: str) -> str:
    """``name``, or ``name (profile)``, or ``name (profile 2)``...: the first one not taken."""
    if name not in taken:
        return name
    number = 1
    while True:
        suffix = f" ({profile})" if number == 1 else f" ({profile} {number})"
        candidate = _fit(name, suffix)
        if candidate not in taken:
            return candidate
        number += 1


def _fit(name: str, suffix: str) -> str:
    room = LABEL_MAX - len(suffix)
    return (name if len(name) <= room else name[:room].rstrip()) + suffix
