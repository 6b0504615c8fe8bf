"""Every message of the app's errors is cleaned: no control characters, no URL queries or
secret ``name=value`` pairs (``errors.clean_text``); tables from service data likewise."""

from __future__ import annotations

import pytest

from studio_tray.commands.table import format_table
from studio_tray.errors import ConfigError, LaunchError, clean_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text, kept: did you mean x?", "plain text, kept: did you mean x?"),
        ("red \x1b[31mtext\x1b[0m", "red [31mtext[0m"),
        ("title \x1b]0;owned\x07 bell", "title ]0;owned bell"),
        ("over\rwrite, back\bspace, csi \x9b2J", "overwrite, backspace, csi 2J"),
        ("bidi \u202eevil\u202c zero\u200bwidth", "bidi evil zerowidth"),
        ("tab\there\nnew line kept", "tab here\nnew line kept"),
        (
            "see https://h.example/p/a?token=abc&x=1#frag now",
            "see https://h.example/p/a?<redacted> now",
        ),
        (
            "token=abc, X-Amz-Signature=def&Password=ghi",
            "token=<redacted>, X-Amz-Signature=<redacted>&Password=<redacted>",
        ),
        ("ünïcödé and emoji 🙂 kept", "ünïcödé and emoji 🙂 kept"),
    ],
)
def test_clean_text(raw: str, shown: str) -> None:
    assert clean_text(raw) == shown


def test_messages_hints_and_config_problems_are_cleaned() -> None:
    err = LaunchError("failed \x1b[2J at https://x.example/?token=t", hint="retry\r\x07")
    assert str(err) == "failed [2J at https://x.example/?<redacted>: retry"
    assert err.message == "failed [2J at https://x.example/?<redacted>"
    config = ConfigError(["a.toml: one \x1b", "a.toml: two token=s"])
    assert config.problems == ["a.toml: one ", "a.toml: two token=<redacted>"]
    assert str(config) == "a.toml: one \na.toml: two token=<redacted>"


def test_table_cells_are_cleaned_and_kept_on_one_line() -> None:
    table = format_table(["NAME", "ID"], [["evil\x1b[2J\nname", "d-1"], [None, "d-2"]])
    assert table.splitlines() == ["NAME          ID", "evil[2J name  d-1", "-             d-2"]
