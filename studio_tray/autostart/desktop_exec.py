"""The Desktop Entry spec's ``Exec=`` key: quoting an argv into a value and splitting it back.

Two layers, applied in this order when reading: the string-value escapes (``\\s \\n \\t \\r
\\\\``), then the Exec quoting (arguments with reserved characters in double quotes, where
``"`` `` ` `` ``$`` and ``\\`` take a backslash), with ``%%`` standing for a literal ``%``.
"""

from __future__ import annotations

from collections.abc import Sequence

RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
ESCAPED_IN_QUOTES = set('"`$\\')
FIELD_CODES = {f"%{c}" for c in "fFuUdDnNickvm"}
_VALUE_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def quote_arg(arg: str) -> str:
    """One argument in Exec quoting (before the string-value escapes)."""
    arg = arg.replace("%", "%%")
    if arg and not RESERVED.intersection(arg):
        return arg
    body = "".join(f"\\{ch}" if ch in ESCAPED_IN_QUOTES else ch for ch in arg)
    return f'"{body}"'


def escape_value(text: str) -> str:
    """Apply the string-value escapes so ``text`` fits on one ``Key=Value`` line."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def unescape_value(value: str) -> str:
    """Undo the string-value escapes (unknown escapes are kept as written)."""
    out: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value) and value[i + 1] in _VALUE_ESCAPES:
            out.append(_VALUE_ESCAPES[value[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def join_exec(argv: Sequence[str]) -> str:
    """The ``Exec=`` value (as written in the file) that runs ``argv``."""
    return escape_value(" ".join(quote_arg(arg) for arg in argv))


def split_exec(value: str) -> list[str]:
    """The argv an ``Exec=`` value (as written in the file) runs; field codes are dropped.

    Raises ValueError for an unterminated quote.
    """
    text = unescape_value(value)
    args: list[str] = []
    current: list[str] = []
    started = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            started = True
            i += 1
            while True:
                if i >= len(text):
                    raise ValueError("unterminated quote in Exec")
                ch = text[i]
                if ch == '"':
                    break
                if ch == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPED_IN_QUOTES:
                    i += 1
                    ch = text[i]
                current.append(ch)
                i += 1
        elif ch in " \t\n":
            if started:
                args.append("".join(current))
                current, started = [], False
        else:
            current.append(ch)
            started = True
        i += 1
    if started:
        args.append("".join(current))
    return [arg.replace("%%", "%") for arg in args if arg not in FIELD_CODES]
