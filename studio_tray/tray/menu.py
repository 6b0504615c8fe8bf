"""The tray menu as plain data: built from the config (or its error) and the app's state.

Nothing here touches a GUI toolkit, so the whole menu can be checked without a display.
``tray.py`` turns the model into a ``pystray.Menu``; the app turns a chosen item's ``action``
(and ``target``, the shortcut name for launches) into a call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from studio_tray.errors import ConfigError
from studio_tray.model import Config, Shortcut
from studio_tray.spaces.status import (
    FAILED,
    RUNNING,
    STARTING,
    STOPPED,
    STOPPING,
    describe_duration,
)

LAUNCH = "launch"
OPEN_PICKER = "open-picker"
DISCOVER = "discover"
AUTOSTART = "autostart"
SETTINGS = "settings"
EDIT_CONFIG = "edit-config"
RELOAD_CONFIG = "reload-config"
OPEN_LOG = "open-log"
SPACE_START = "space-start"
SPACE_STOP = "space-stop"
SPACES_REFRESH = "spaces-refresh"
QUIT = "quit"

MAX_ERROR_LABEL = 90
# Longest lists the menu shows (see shortcut_entries): shortcut entries at the top level
# (ungrouped shortcuts and groups), shortcuts in one group's submenu, lines in "Spaces".
MAX_ENTRIES = 50
MAX_GROUP_ITEMS = 50
MAX_SPACES = 50
SSO_MARK = " (Identity Center)"  # a shortcut that opens an SSO auth mode domain's Studio URL


@dataclass(frozen=True)
class Item:
    """One clickable (or greyed-out) entry; with ``submenu`` it only opens that submenu."""

    label: str
    action: str | None = None
    target: str | None = None
    enabled: bool = True
    checked: bool | None = None
    submenu: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Separator:
    """A line between groups of items."""


SEPARATOR = Separator()
Entry = Item | Separator


@dataclass(frozen=True)
class SpaceLine:
    """A space shortcut in the "Spaces" submenu: its app's status (``spaces.status`` words;
    "" = not read yet), instance type, run time in seconds, and whether the tray is starting
    or stopping it right now."""

    shortcut: str
    status: str = ""
    instance_type: str | None = None
    running_for: float | None = None
    busy: bool = False


@dataclass(frozen=True)
class MenuState:
    """What the menu shows besides the config.

    ``launching``: shortcuts whose launch is running (shown greyed out).
    ``autostart``: whether start at login is on, or None when there is no autostart backend.
    ``has_file``: False in the demo, where there is no config file to edit or reload.
    ``last_good``: the shortcuts of the last config that loaded, still offered when the
    current file is broken.
    ``discovering``: "Discover shortcuts..." is running (shown greyed out).
    """

    launching: frozenset[str] = frozenset()
    autostart: bool | None = None
    has_file: bool = True
    last_good: tuple[Shortcut, ...] = ()
    discovering: bool = False
    # The "Spaces" submenu: one line per space shortcut (empty: no submenu).
    spaces: tuple[SpaceLine, ...] = ()
    refreshing_spaces: bool = False


@dataclass(frozen=True)
class Menu:
    """The whole menu, top to bottom."""

    entries: tuple[Entry, ...] = field(default_factory=tuple)

    def items(self) -> list[Item]:
        """Every item, submenus flattened depth-first (handy for lookups and tests)."""
        found: list[Item] = []
        stack = list(reversed(self.entries))
        while stack:
            entry = stack.pop()
            if isinstance(entry, Item):
                found.append(entry)
                stack.extend(reversed(entry.submenu))
        return found

    def labels(self) -> list[str]:
        """Top-level labels, ``"-"`` for separators."""
        return [e.label if isinstance(e, Item) else "-" for e in self.entries]


def build(config: Config | ConfigError, state: MenuState | None = None) -> Menu:
    """The menu for ``config`` (or for a config that failed to load) in ``state``."""
    state = state or MenuState()
    if isinstance(config, ConfigError):
        return _broken(config, state)
    entries: list[Entry] = list(shortcut_entries(config.shortcuts, state.launching))
    if entries:
        entries.append(SEPARATOR)
    if state.spaces:
        entries.append(spaces_submenu(state.spaces, state.refreshing_spaces))
    entries.append(Item("Open picker...", OPEN_PICKER, enabled=bool(config.shortcuts)))
    if state.has_file:
        label = "Discovering shortcuts..." if state.discovering else "Discover shortcuts..."
        entries.append(
            Item(label, DISCOVER, enabled=bool(config.profiles) and not state.discovering)
        )
    if state.autostart is not None:
        entries.append(Item("Start at login", AUTOSTART, checked=state.autostart))
    if state.has_file:
        entries += [
            Item("Settings...", SETTINGS),
            Item("Edit config", EDIT_CONFIG),
            Item("Reload config", RELOAD_CONFIG),
        ]
    entries += [Item("Open log", OPEN_LOG), Item("Quit", QUIT)]
    return Menu(tuple(entries))


def shortcut_entries(
    shortcuts: Sequence[Shortcut], launching: frozenset[str], more: str | None = OPEN_PICKER
) -> list[Entry]:
    """Shortcuts in config order; grouped ones in a submenu per group, placed where the group
    first appears, ungrouped ones at the top level.

    At most ``MAX_ENTRIES`` top-level entries and ``MAX_GROUP_ITEMS`` per submenu; the rest are
    behind a "More..." item that runs ``more`` (the picker; None: a greyed-out count). This
    bounds the native menu whatever the config holds: GTK makes a window per submenu and takes
    ever longer per submenu to destroy one, and a menu taller than the screen is no way to pick.
    """
    entries: list[Entry] = []
    groups: dict[str, list[Item]] = {}
    slots: dict[str, int] = {}
    for shortcut in shortcuts:
        shown = shortcut.name + (SSO_MARK if shortcut.studio_url else "")
        item = Item(shown, LAUNCH, target=shortcut.name, enabled=shortcut.name not in launching)
        if shortcut.group:
            if shortcut.group not in groups:
                groups[shortcut.group] = []
                slots[shortcut.group] = len(entries)
                entries.append(SEPARATOR)  # placeholder, replaced below
            groups[shortcut.group].append(item)
        else:
            entries.append(item)
    for name, index in slots.items():
        members = groups[name]
        submenu: list[Entry] = list(members[:MAX_GROUP_ITEMS])
        if len(members) > MAX_GROUP_ITEMS:
            submenu.append(more_item(len(members) - MAX_GROUP_ITEMS, more))
        entries[index] = Item(name, submenu=tuple(submenu))
    if len(entries) <= MAX_ENTRIES:
        return entries
    hidden = 0
    for entry in entries[MAX_ENTRIES:]:
        if isinstance(entry, Item):
            hidden += len(groups[entry.label]) if entry.submenu else 1
    return [*entries[:MAX_ENTRIES], more_item(hidden, more)]


def more_item(count: int, action: str | None) -> Item:
    """The "More..." entry standing for ``count`` shortcuts the menu does not list."""
    noun = "shortcut" if count == 1 else "shortcuts"
    if action is None:
        return Item(f"{count:,} more {noun} not shown", enabled=False)
    return Item(f"More... ({count:,} {noun} in the picker)", action)


def unread_spaces(config: Config) -> tuple[SpaceLine, ...]:
    """A not-yet-read line per space shortcut of ``config`` (the submenu before any read)."""
    return tuple(SpaceLine(s.name) for s in config.shortcuts if s.space and not s.studio_url)


def space_label(line: SpaceLine) -> str:
    """``alice-lab: running 2 h 10 m, ml.t3.medium``."""
    label = f"{line.shortcut}: {line.status or 'not checked yet'}"
    if line.status in (RUNNING, STARTING) and line.running_for is not None:
        label += f" {describe_duration(line.running_for)}"
    if line.instance_type and line.status not in (STOPPED, ""):
        label += f", {line.instance_type}"
    return label


def _space_actions(line: SpaceLine) -> tuple[Item, ...]:
    if line.busy:
        return (Item("Working...", enabled=False),)
    if line.status == RUNNING:
        return (Item("Stop", SPACE_STOP, target=line.shortcut),)
    if line.status in (STOPPED, FAILED):
        return (Item("Start", SPACE_START, target=line.shortcut),)
    if line.status == STARTING:
        return (Item("Starting...", enabled=False),)
    if line.status == STOPPING:
        return (Item("Stopping...", enabled=False),)
    return (  # unknown or not read yet: both, SageMaker decides
        Item("Start", SPACE_START, target=line.shortcut),
        Item("Stop", SPACE_STOP, target=line.shortcut),
    )


def spaces_submenu(lines: Sequence[SpaceLine], refreshing: bool) -> Item:
    """The "Spaces" submenu: each space shortcut's status with Start or Stop, then Refresh."""
    entries: list[Entry] = [
        Item(space_label(line), submenu=_space_actions(line)) for line in lines[:MAX_SPACES]
    ]
    if len(lines) > MAX_SPACES:
        hidden = len(lines) - MAX_SPACES
        entries.append(Item(f"{hidden:,} more: studio-tray spaces", enabled=False))
    entries += [
        SEPARATOR,
        Item(
            "Refreshing status..." if refreshing else "Refresh status",
            SPACES_REFRESH,
            enabled=not refreshing,
        ),
    ]
    return Item("Spaces", submenu=tuple(entries))


def error_label(error: ConfigError) -> str:
    """The first line of a config error, short enough for a menu item."""
    lines = [line for line in str(error).splitlines() if line.strip()] or ["config error"]
    label = lines[0].strip()
    if len(label) > MAX_ERROR_LABEL:
        label = label[: MAX_ERROR_LABEL - 3] + "..."
    more = len(error.problems) - 1
    if more > 0:
        label += f" (+{more} more)"
    return label


def _broken(error: ConfigError, state: MenuState) -> Menu:
    entries: list[Entry] = [Item(error_label(error), enabled=False)]
    kept = shortcut_entries(state.last_good, state.launching, more=None)
    if kept:
        entries += [SEPARATOR, *kept]
    entries += [
        SEPARATOR,
        Item("Settings...", SETTINGS),
        Item("Edit config", EDIT_CONFIG),
        Item("Reload config", RELOAD_CONFIG),
        Item("Quit", QUIT),
    ]
    return Menu(tuple(entries))
