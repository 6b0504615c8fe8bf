"""The state of every space the shortcuts open, read concurrently (``spaces``, the tray)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studio_tray.errors import ConfigError, StudioTrayError
from studio_tray.model import Config, Profile, Shortcut
from studio_tray.spaces.calls import SpaceCalls, SpaceInfo
from studio_tray.spaces.lifecycle import read_state
from studio_tray.spaces.status import RUNNING, STARTING, UNKNOWN, AppState

MAX_WORKERS = 20  # calls in flight at once in `spaces` (its clients keep as many connections)


@dataclass(frozen=True)
class SpaceRow:
    """One space shortcut and its app's state."""

    shortcut: str
    domain_id: str
    space: str
    app_type: str | None
    status: str
    instance_type: str | None
    since: datetime | None
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The object ``spaces --json`` prints."""
        return {
            "shortcut": self.shortcut,
            "domain_id": self.domain_id,
            "space": self.space,
            "app_type": self.app_type,
            "status": self.status,
            "instance_type": self.instance_type,
            "since": self.since.isoformat() if self.since else None,
            "reason": self.reason,
        }


def space_shortcuts(config: Config) -> list[Shortcut]:
    """The shortcuts that open a space (Identity Center domains' Studio URLs excluded)."""
    return [s for s in config.shortcuts if s.space and not s.studio_url]


def calls_for(
    config: Config, shortcut: Shortcut, client_for: Callable[[Profile], Any]
) -> SpaceCalls:
    """The calls on ``shortcut``'s space over ``client_for(profile)``."""
    profile = config.profiles.get(shortcut.profile)
    if profile is None:
        raise ConfigError(
            f"shortcut {shortcut.name!r}: profile {shortcut.profile!r} is not in the config"
        )
    assert shortcut.space is not None
    return SpaceCalls(client_for(profile), profile, shortcut.domain_id, shortcut.space)


def _row(shortcut: Shortcut, state: AppState, info: SpaceInfo | None) -> SpaceRow:
    assert shortcut.space is not None
    return SpaceRow(
        shortcut=shortcut.name,
        domain_id=shortcut.domain_id,
        space=shortcut.space,
        app_type=state.app_type or (info.app_type if info else None),
        status=state.status,
        instance_type=state.instance_type or (info.instance_type if info else None),
        since=state.since if state.status in (RUNNING, STARTING) else None,
        reason=state.reason or state.failure_reason,
    )


def _describe(calls: SpaceCalls) -> SpaceInfo | None:
    try:
        return calls.describe()
    except StudioTrayError:
        return None  # the row still shows the app's status


def read_all(
    config: Config,
    client_for: Callable[[Profile], Any],
    shortcuts: Iterable[Shortcut] | None = None,
    workers: int = MAX_WORKERS,
) -> list[SpaceRow]:
    """A row for every space shortcut (or those given). ListApps and DescribeSpace of all
    spaces run in one pool of at most ``workers`` threads (no more than the clients'
    connection pools hold), so many spaces cost about one round trip. A space whose
    client cannot be made (no keys, no sign-in) is ``unknown`` with the reason."""
    prepared: list[tuple[Shortcut, SpaceCalls | None, str | None]] = []
    for shortcut in space_shortcuts(config) if shortcuts is None else shortcuts:
        try:  # clients one by one: a sign-in or MFA prompt is serial
            prepared.append((shortcut, calls_for(config, shortcut, client_for), None))
        except StudioTrayError as err:
            prepared.append((shortcut, None, str(err)))
    rows: list[SpaceRow] = []
    size = max(1, min(workers, 2 * len(prepared)))
    with ThreadPoolExecutor(max_workers=size, thread_name_prefix="spaces") as pool:
        futures = [
            (pool.submit(read_state, calls), pool.submit(_describe, calls)) if calls else None
            for _, calls, _ in prepared
        ]
        for (shortcut, _, problem), pair in zip(prepared, futures, strict=True):
            if pair is None:
                rows.append(_row(shortcut, AppState(UNKNOWN, reason=problem), None))
            else:
                rows.append(_row(shortcut, pair[0].result(), pair[1].result()))
    return rows
