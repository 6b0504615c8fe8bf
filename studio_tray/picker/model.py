"""The picker's logic without a window: rows from the config, filtering, and the selection.

``picker.py`` only draws what this module computes, so everything the keyboard does (typing,
Up, Down, Enter) can be checked headless.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from studio_tray.model import Shortcut


@dataclass(frozen=True)
class Row:
    """One line of the picker: the shortcut's name and where it leads, as secondary text."""

    name: str
    details: str
    fields: tuple[str, ...]

    @property
    def label(self) -> str:
        """The text a list widget shows."""
        return f"{self.name}    {self.details}" if self.details else self.name


def row_for(shortcut: Shortcut) -> Row:
    """The row of one shortcut: details are group / domain / user profile / space."""
    where = [shortcut.domain_id, shortcut.user_profile, shortcut.space or ""]
    details = " / ".join(part for part in [shortcut.group or "", *where] if part)
    fields = tuple(part.lower() for part in (shortcut.name, shortcut.group, *where) if part)
    return Row(shortcut.name, f"({details})" if details else "", fields)


def rows_for(shortcuts: Iterable[Shortcut]) -> list[Row]:
    """Rows of all shortcuts, in config order."""
    return [row_for(s) for s in shortcuts]


def matches(row: Row, query: str) -> bool:
    """Whether every word of ``query`` is a substring (any case) of one of the row's fields."""
    words = query.lower().split()
    return all(any(word in field for field in row.fields) for word in words)


def filter_rows(rows: Sequence[Row], query: str) -> list[Row]:
    """The rows matching ``query``; rows whose name matches come first, order otherwise kept."""
    words = query.lower().split()
    if not words:
        return list(rows)
    found = [row for row in rows if matches(row, query)]
    by_name = [row for row in found if all(word in row.fields[0] for word in words)]
    return by_name + [row for row in found if row not in by_name]


class PickerState:
    """The query, the rows it shows, and which one is selected (None when nothing matches)."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = list(rows)
        self.query = ""
        self.visible: list[Row] = list(self.rows)
        self.index: int | None = 0 if self.visible else None

    def set_query(self, query: str) -> None:
        """Filter by ``query``; the selection goes back to the first match."""
        self.query = query
        self.visible = filter_rows(self.rows, query)
        self.index = 0 if self.visible else None

    def move(self, step: int) -> None:
        """Move the selection by ``step`` rows, stopping at the ends."""
        if self.index is None:
            return
        self.index = max(0, min(len(self.visible) - 1, self.index + step))

    def select(self, index: int) -> None:
        """Select a visible row by position (a mouse click)."""
        if 0 <= index < len(self.visible):
            self.index = index

    @property
    def chosen(self) -> str | None:
        """The name Enter would choose, or None."""
        return None if self.index is None else self.visible[self.index].name


def valid_code(text: str) -> bool:
    """Whether ``text`` is a complete MFA code: six digits."""
    return len(text) == 6 and text.isascii() and text.isdigit()


def partial_code(text: str) -> bool:
    """Whether ``text`` may still become a code (the prompt refuses other keystrokes)."""
    return len(text) <= 6 and (text == "" or (text.isascii() and text.isdigit()))
