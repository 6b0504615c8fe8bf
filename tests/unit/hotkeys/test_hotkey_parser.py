"""The pure combo parser: what is accepted, how it is normalised, and why the rest is refused."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio_tray.hotkeys.combo import MODIFIER_ALIASES, NAMED_KEYS, parse_hotkey
from tests.fixtures.env import need


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<ctrl>+<alt>+s", "<ctrl>+<alt>+s"),
        ("<Ctrl>+<ALT>+S", "<ctrl>+<alt>+s"),
        ("ctrl+alt+s", "<ctrl>+<alt>+s"),
        (" ctrl + alt + s ", "<ctrl>+<alt>+s"),
        ("<alt>+<ctrl>+1", "<ctrl>+<alt>+1"),
        ("control+option+x", "<ctrl>+<alt>+x"),
        ("super+F5", "<cmd>+<f5>"),
        ("win+e", "<cmd>+e"),
        ("command+shift+p", "<shift>+<cmd>+p"),
        ("meta+space", "<cmd>+<space>"),
        ("<shift>+<f20>", "<shift>+<f20>"),
        ("ctrl+alt+<Return>", "<ctrl>+<alt>+<enter>"),
        ("ctrl+Escape", "<ctrl>+<esc>"),
        ("ctrl+alt+PgDn", "<ctrl>+<alt>+<page_down>"),
        ("<ctrl>+<alt>+<S>", "<ctrl>+<alt>+s"),
        ("<ctrl>++", "<ctrl>++"),
        ("ctrl+alt+/", "<ctrl>+<alt>+/"),
        ("ctrl+alt+é", "<ctrl>+<alt>+é"),
        ("<ctrl>+<shift>+<alt>+<cmd>+<up>", "<ctrl>+<alt>+<shift>+<cmd>+<up>"),
    ],
)
def test_valid_combos_are_normalised(text: str, expected: str) -> None:
    assert parse_hotkey(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("s", "needs at least one modifier"),
        ("<f5>", "needs at least one modifier"),
        ("<ctrl>+<alt>", "needs a key after the modifiers"),
        ("ctrl+ctrl+s", "has ctrl twice"),
        ("control+ctrl+s", "has ctrl twice"),
        ("ctrl+a+b", "has 2 keys (a, b)"),
        ("ctrl+<f1>+<f2>", "has 2 keys"),
        ("shift+a", "shift plus a character is just typing"),
        ("ctrl++s", "has an empty part"),
        ("+ctrl+s", "has an empty part"),
        ("ctrl+", "has an empty part"),
        ("ctrl+<f21>", "key '<f21>' is unknown"),
        ("ctrl+<hyper>", "key '<hyper>' is unknown"),
        ("ctrl+alt+pageup2", "is unknown"),
        ("ctrl+<65>", "is unknown"),
        ("ctrl+\x07", "not a printable character"),
    ],
)
def test_invalid_combos_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_hotkey(text)
    assert reason in str(err.value)


def test_every_alias_names_a_pynput_modifier() -> None:
    for alias, name in MODIFIER_ALIASES.items():
        assert parse_hotkey(f"{alias}+<f9>") == f"<{name}>+<f9>"


def test_every_modifier_order_gives_the_same_combo() -> None:
    parts = ["<ctrl>", "<alt>", "<shift>", "<cmd>", "<f7>"]
    forms = {parse_hotkey("+".join(order)) for order in itertools.permutations(parts)}
    assert forms == {"<ctrl>+<alt>+<shift>+<cmd>+<f7>"}


combo_parts = st.tuples(
    st.sets(st.sampled_from(sorted(MODIFIER_ALIASES)), min_size=1, max_size=3),
    st.one_of(
        st.sampled_from(sorted(NAMED_KEYS)),
        st.characters(min_codepoint=33, max_codepoint=126).filter(lambda c: c != "+"),
    ),
)


@given(combo_parts, st.booleans(), st.booleans())
def test_normalised_form_is_stable(parts: tuple[set[str], str], upper: bool, spaces: bool) -> None:
    modifiers, key = parts
    written = [f"<{m}>" for m in sorted(modifiers)] + [key if len(key) == 1 else f"<{key}>"]
    if upper:
        written = [w.upper() for w in written]
    text = (" + " if spaces else "+").join(written)
    try:
        normal = parse_hotkey(text)
    except ValueError as err:
        # Only aliases of one modifier twice, or shift alone before a character, are refused.
        assert "twice" in str(err) or "shift plus a character" in str(err)
        return
    assert parse_hotkey(normal) == normal
    assert normal == normal.lower()


@pytest.mark.gui
def test_pynput_accepts_every_normalised_form() -> None:
    """The strings we produce are what pynput's own parser reads (run under Xvfb)."""
    need(shutil.which("xvfb-run") is not None, "xvfb-run is needed to import pynput")
    combos = [parse_hotkey(f"ctrl+alt+{key}") for key in sorted(NAMED_KEYS)]
    combos += [parse_hotkey(t) for t in ("ctrl++", "super+shift+F5", "control+option+/")]
    script = (
        "import sys\nfrom pynput.keyboard import HotKey\n"
        "for line in sys.stdin.read().splitlines():\n"
        "    parts = line.count('+') + (0 if line.endswith('++') else 1)\n"
        "    assert len(HotKey.parse(line)) == parts, line\n"
        "print('ok', flush=True)\n"
    )
    result = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-c", script],
        input="\n".join(combos),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
