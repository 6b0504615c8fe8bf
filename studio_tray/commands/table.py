"""Plain aligned text tables for the command line (``list``, ``profile list``, ``discover``)."""

from __future__ import annotations

from collections.abc import Sequence

from studio_tray.errors import clean_text


def format_table(header: Sequence[str], rows: Sequence[Sequence[str | None]]) -> str:
    """``header`` and ``rows`` as left-aligned columns two spaces apart; None shows as "-".

    Cells may come from a service (domain and space names): each is cleaned (``clean_text``)
    and kept on one line, so no escape code or line break reaches the terminal."""
    cells = [list(header)] + [
        ["-" if value is None else clean_text(value).replace("\n", " ") for value in row]
        for row in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )
