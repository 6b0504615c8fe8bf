"""Windows command lines: ``subprocess.list2cmdline`` to join, the MS C runtime rules to split."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

_BLANKS = " \t"


def join_command_line(argv: Sequence[str]) -> str:
    """The command line Windows parses back into ``argv`` (the MS C runtime rules)."""
    return subprocess.list2cmdline(list(argv))


def split_command_line(line: str) -> list[str]:
    """Split like ``CommandLineToArgvW``: the program name first, then the C runtime rules.

    The program name runs to the next blank, or between quotes when it starts with one, with no
    backslash escapes. Each later argument: blanks separate outside quotes; ``2n`` backslashes
    before a quote give ``n`` and the quote toggles quoting; ``2n+1`` give ``n`` and a literal
    quote; ``""`` inside quotes is a literal quote; other backslashes are literal.
    """
    line = line.lstrip(_BLANKS)
    if not line:
        return []
    if line.startswith('"'):
        end = line.find('"', 1)
        end = len(line) if end < 0 else end
        args, i = [line[1:end]], end + 1
    else:
        end = next((k for k, ch in enumerate(line) if ch in _BLANKS), len(line))
        args, i = [line[:end]], end
    return args + _split_args(line[i:])


def _split_args(text: str) -> list[str]:
    args: list[str] = []
    current: list[str] = []
    started = quoted = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            run = len(text[i:]) - len(text[i:].lstrip("\\"))
            i += run
            if i < len(text) and text[i] == '"':
                current.append("\\" * (run // 2))
                if run % 2:
                    current.append('"')
                    i += 1
            else:
                current.append("\\" * run)
            started = True
            continue
        if ch == '"':
            if quoted and i + 1 < len(text) and text[i + 1] == '"':
                current.append('"')
                i += 2
                continue
            quoted = not quoted
            started = True
        elif ch in _BLANKS and not quoted:
            if started:
                args.append("".join(current))
                current, started = [], False
        else:
            current.append(ch)
            started = True
        i += 1
    if started:
        args.append("".join(current))
    return args
