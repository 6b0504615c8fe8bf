"""Hotkey combos: parsing and normalising what users write (pure, importable headless).

``parse_hotkey`` turns what a user writes (``<Ctrl>+<ALT>+S``, ``ctrl+alt+s``, ``super+F5``)
into pynput's ``GlobalHotKeys`` form (``<ctrl>+<alt>+s``, ``<cmd>+<f5>``). Modifiers come out in
a fixed order (ctrl, alt, shift, cmd), so two spellings of one combo normalise to one string and
duplicates can be compared. Rules: one or more modifiers (shift alone is not enough in front of
a character, it would fire on every capital letter typed), exactly one other key: a single
character or a named key (f1..f20, space, enter, tab, esc, arrows, ...). Whitespace around parts
is ignored; ``+`` itself is written as the last part (``<ctrl>++``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from studio_tray.model import Config

MODIFIER_ORDER = ("ctrl", "alt", "shift", "cmd")
MODIFIER_ALIASES = {
    "ctrl": "ctrl",
    "control": "ctrl",
    "ctl": "ctrl",
    "alt": "alt",
    "option": "alt",
    "opt": "alt",
    "shift": "shift",
    "cmd": "cmd",
    "command": "cmd",
    "super": "cmd",
    "win": "cmd",
    "windows": "cmd",
    "meta": "cmd",
}
_OTHER_KEYS = """space enter tab esc backspace delete insert home end page_up page_down up down
left right menu pause print_screen scroll_lock num_lock caps_lock media_play_pause
media_volume_mute media_volume_down media_volume_up media_previous media_next"""
NAMED_KEYS = frozenset([f"f{n}" for n in range(1, 21)] + _OTHER_KEYS.split())
KEY_ALIASES = {
    "return": "enter",
    "escape": "esc",
    "del": "delete",
    "ins": "insert",
    "pgup": "page_up",
    "pageup": "page_up",
    "pgdn": "page_down",
    "pagedown": "page_down",
    "bksp": "backspace",
    "spacebar": "space",
    "prtsc": "print_screen",
}


def parse_hotkey(text: str) -> str:
    """The normalised pynput form of ``text``; ValueError with the reason when it is not valid."""
    parts = _split(text)
    modifiers: list[str] = []
    keys: list[str] = []
    for part in parts:
        name = part[1:-1] if len(part) > 2 and part[0] == "<" and part[-1] == ">" else part
        lowered = name.strip().lower()
        if lowered in MODIFIER_ALIASES:
            modifier = MODIFIER_ALIASES[lowered]
            if modifier in modifiers:
                raise ValueError(f"has {modifier} twice")
            modifiers.append(modifier)
        else:
            keys.append(_key(part, name))
    if not keys:
        raise ValueError("needs a key after the modifiers, like <ctrl>+<alt>+s")
    if len(keys) > 1:
        raise ValueError(f"has {len(keys)} keys ({', '.join(keys)}); a combo has exactly one")
    if not modifiers:
        raise ValueError("needs at least one modifier (ctrl, alt, shift or cmd)")
    if modifiers == ["shift"] and len(keys[0]) == 1:
        raise ValueError("needs ctrl, alt or cmd: shift plus a character is just typing")
    ordered = [m for m in MODIFIER_ORDER if m in modifiers]
    key = keys[0] if len(keys[0]) == 1 else f"<{keys[0]}>"
    return "+".join([*(f"<{m}>" for m in ordered), key])


def _split(text: str) -> list[str]:
    stripped = text.strip()
    if not stripped:
        raise ValueError("is empty")
    if stripped == "+" or stripped.endswith("++"):
        head = stripped[:-2] if stripped != "+" else ""
        parts = [p.strip() for p in head.split("+")] if head else []
        parts.append("+")
    else:
        parts = [p.strip() for p in stripped.split("+")]
    if any(not p for p in parts):
        raise ValueError("has an empty part (two + in a row, or + at an end)")
    return parts


def _key(part: str, name: str) -> str:
    if len(name) == 1:
        part = name
        if not part.isprintable() or part.isspace():
            raise ValueError(f"key {part!r} is not a printable character; use <space>, <tab>...")
        return part.lower()
    lowered = KEY_ALIASES.get(name.strip().lower(), name.strip().lower())
    if lowered in NAMED_KEYS:
        return lowered
    raise ValueError(
        f"key {part!r} is unknown: use one character, or one of <f1>..<f20>, <space>, <enter>, "
        "<tab>, <esc>, <up>, <down>, <left>, <right>, <home>, <end>, <page_up>, <page_down>, ..."
    )


def bindings(
    config: Config, on_shortcut: Callable[[str], object], on_picker: Callable[[], object]
) -> dict[str, Callable[[], object]]:
    """Combo -> callback for the picker hotkey and every shortcut's own hotkey.

    A combo that does not parse is left out (config loading reports it); the first owner of a
    combo keeps it.
    """
    mapping: dict[str, Callable[[], object]] = {}

    def add(text: str | None, callback: Callable[[], object]) -> None:
        try:
            combo = parse_hotkey(text) if text else None
        except ValueError:
            return
        if combo and combo not in mapping:
            mapping[combo] = callback

    add(config.settings.picker_hotkey, on_picker)
    for shortcut in config.shortcuts:
        add(shortcut.hotkey, functools.partial(on_shortcut, shortcut.name))
    return mapping
