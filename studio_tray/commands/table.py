"""Plain aligned text tables for the command line (``list``, ``profile list``, ``discover``)."""

from __future__ import annotations

from collections.abc import Sequence


def format_table(header: Sequence[str], rows: Sequence[Sequence[str | None]]) -> str:
    """``header`` and ``rows`` as left-aligned columns two spaces apart; None shows as "-"."""
    cells = [list(header)] + [["-" if value is None else value for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )
