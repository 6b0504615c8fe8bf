"""The picker's pure logic: rows, filtering, selection, and MFA code checks."""

from __future__ import annotations

import pytest

from studio_tray.model import Shortcut
from studio_tray.picker.model import (
    PickerState,
    filter_rows,
    partial_code,
    row_for,
    rows_for,
    valid_code,
)

SHORTCUTS = (
    Shortcut(
        "Prod - alice - lab", "prod", "d-abc123def456", "alice", space="alice-lab", group="Prod"
    ),
    Shortcut("Dev notebook", "dev", "d-dev999", "bob"),
    Shortcut("Canvas", "prod", "d-abc123def456", "carol", group="Analytics"),
)
ROWS = rows_for(SHORTCUTS)


def names(rows: list) -> list[str]:
    return [r.name for r in rows]


def test_row_shows_group_domain_user_and_space_as_details() -> None:
    row = row_for(SHORTCUTS[0])
    assert row.name == "Prod - alice - lab"
    assert row.details == "(Prod / d-abc123def456 / alice / alice-lab)"
    assert row.label.startswith("Prod - alice - lab") and row.label.endswith("alice-lab)")
    assert row_for(SHORTCUTS[1]).details == "(d-dev999 / bob)"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Prod - alice - lab", "Dev notebook", "Canvas"]),
        ("NOTE", ["Dev notebook"]),  # name, any case
        ("analytics", ["Canvas"]),  # group
        ("d-dev9", ["Dev notebook"]),  # domain id
        ("carol", ["Canvas"]),  # user profile
        ("alice-lab", ["Prod - alice - lab"]),  # space
        ("abc123", ["Prod - alice - lab", "Canvas"]),  # shared domain, config order
        ("abc carol", ["Canvas"]),  # every word must match somewhere
        ("zzz", []),
    ],
)
def test_filter_matches_substrings_of_every_field(query: str, expected: list[str]) -> None:
    assert names(filter_rows(ROWS, query)) == expected


def test_name_matches_come_before_other_field_matches() -> None:
    # "canvas" is in the first row's domain id and the second row's name.
    rows = rows_for(
        [
            Shortcut("Lab", "p", "d-canvas1", "u"),
            Shortcut("Canvas app", "p", "d-x1", "u"),
        ]
    )
    assert names(filter_rows(rows, "canvas")) == ["Canvas app", "Lab"]


def test_state_moves_within_bounds_and_resets_on_typing() -> None:
    state = PickerState(ROWS)
    assert state.chosen == "Prod - alice - lab"
    state.move(1)
    assert state.chosen == "Dev notebook"
    state.move(10)
    assert state.chosen == "Canvas"
    state.move(-10)
    assert state.chosen == "Prod - alice - lab"
    state.move(2)
    state.set_query("abc")
    assert state.chosen == "Prod - alice - lab"
    state.move(1)
    assert state.chosen == "Canvas"


def test_no_match_means_nothing_to_choose() -> None:
    state = PickerState(ROWS)
    state.set_query("nothing like this")
    assert state.visible == [] and state.chosen is None
    state.move(1)
    assert state.chosen is None
    state.set_query("")
    assert state.chosen == "Prod - alice - lab"


def test_empty_picker_and_click_selection() -> None:
    assert PickerState([]).chosen is None
    state = PickerState(ROWS)
    state.select(2)
    assert state.chosen == "Canvas"
    state.select(7)
    assert state.chosen == "Canvas"


@pytest.mark.parametrize(
    ("text", "whole", "partial"),
    [
        ("123456", True, True),
        ("", False, True),
        ("123", False, True),
        ("1234567", False, False),
        ("12a456", False, False),
        ("١٢٣٤٥٦", False, False),  # non-ASCII digits are not an MFA code
        (" 12345", False, False),
    ],
)
def test_mfa_code_checks(text: str, whole: bool, partial: bool) -> None:
    assert valid_code(text) is whole
    assert partial_code(text) is partial
