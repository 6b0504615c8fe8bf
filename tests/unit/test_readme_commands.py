"""Every command and flag of the CLI is in the README's commands table (a newcomer's reference)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

from studio_tray import cli
from tests.fixtures.env import REPO

GLOBAL = ("--version", "--config", "--debug")


def _section(text: str, title: str) -> str:
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _rows() -> list[str]:
    commands = _section((REPO / "README.md").read_text(encoding="utf-8"), "Commands")
    return [line for line in commands.splitlines() if line.startswith("| `")]


def _verbs(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], list[str]]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                flags = [
                    opt
                    for a in sub._actions
                    if a.help != argparse.SUPPRESS
                    for opt in a.option_strings
                    if opt.startswith("--") and opt != "--help"
                ]
                has_verbs = any(isinstance(a, argparse._SubParsersAction) for a in sub._actions)
                if not has_verbs:
                    yield (*path, name), flags
                yield from _verbs(sub, (*path, name))


def _row_for(verb: tuple[str, ...], rows: list[str]) -> str | None:
    words = " ".join(verb)
    pattern = re.compile(rf"`{re.escape(words)}( |`)")
    matching = [row for row in rows if pattern.search(row.split(" | ")[0])]
    return "\n".join(matching) if matching else None  # a command may have several rows


def test_every_command_has_a_row_naming_each_of_its_flags() -> None:
    rows = _rows()
    missing = []
    verbs = list(_verbs(cli.build_parser()))
    for verb, flags in verbs:
        row = _row_for(verb, rows)
        if row is None:
            missing.append(" ".join(verb))
            continue
        missing += [f"{' '.join(verb)} {flag}" for flag in flags if f"{flag}" not in row]
    assert missing == [], f"add these to the README's commands table: {missing}"
    assert len(verbs) >= 15  # the walk found the nested verbs (shortcut add, profile test...)


def test_the_global_options_are_named_in_the_commands_section() -> None:
    commands = _section((REPO / "README.md").read_text(encoding="utf-8"), "Commands")
    assert [flag for flag in GLOBAL if f"`{flag}" not in commands] == []


def test_the_check_catches_a_missing_row_and_a_missing_flag() -> None:
    rows = ["| `open NAME` | opens |", "| `shortcut add NAME --profile P` | adds |"]
    assert _row_for(("open",), rows) == rows[0]
    assert _row_for(("shortcut", "add"), rows) == rows[1]
    assert _row_for(("shortcut", "remove"), rows) is None
    assert _row_for(("picker",), ["| `picker-x` | no |"]) is None
    assert "--print" not in rows[0]
