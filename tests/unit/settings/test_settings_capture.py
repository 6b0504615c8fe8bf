"""The hotkey capture's pure part: one Tk key press to the config's hotkey syntax."""

from __future__ import annotations

import pytest

from studio_tray.hotkeys.combo import parse_hotkey
from studio_tray.settings.capture import combo_of

CTRL, SHIFT, ALT_X11, SUPER = 0x4, 0x1, 0x8, 0x40


@pytest.mark.parametrize(
    ("keysym", "char", "state", "system", "combo"),
    [
        ("p", "\x10", CTRL | ALT_X11, "x11", "<ctrl>+<alt>+p"),
        ("P", "P", CTRL | SHIFT, "x11", "<ctrl>+<shift>+p"),
        ("F5", "", SUPER, "x11", "<cmd>+<f5>"),
        ("Return", "\r", CTRL, "x11", "<ctrl>+<enter>"),
        ("Next", "", ALT_X11, "x11", "<alt>+<page_down>"),
        ("comma", ",", CTRL, "x11", "<ctrl>+,"),
        ("plus", "+", CTRL, "x11", "<ctrl>++"),
        ("s", "s", 0x8 | 0x10, "aqua", "<alt>+<cmd>+s"),  # Command and Option on macOS
        ("s", "s", CTRL | 0x20000, "win32", "<ctrl>+<alt>+s"),
        ("s", "s", CTRL | 0x2, "x11", "<ctrl>+s"),  # Caps Lock is not a modifier
    ],
)
def test_a_press_becomes_the_config_syntax(
    keysym: str, char: str, state: int, system: str, combo: str
) -> None:
    assert combo_of(keysym, char, state, system) == combo
    assert parse_hotkey(combo) == combo  # what the config reads back


@pytest.mark.parametrize("keysym", ["Control_L", "Alt_R", "Shift_L", "Super_L", "ISO_Level3_Shift"])
def test_a_modifier_alone_waits_for_the_key(keysym: str) -> None:
    assert combo_of(keysym, "", CTRL, "x11") is None


@pytest.mark.parametrize(
    ("keysym", "char", "state", "why"),
    [
        ("q", "q", 0, "needs at least one modifier"),
        ("Q", "Q", SHIFT, "shift plus a character"),
        ("XF86Launch1", "", CTRL, "is unknown"),
    ],
)
def test_what_the_config_refuses_is_refused_with_its_reason(
    keysym: str, char: str, state: int, why: str
) -> None:
    with pytest.raises(ValueError, match=why):
        combo_of(keysym, char, state, "x11")
