"""The doctor's hotkey line: can global hotkeys work in this session, and if not, what to do."""

from __future__ import annotations

from collections.abc import Iterator

from studio_tray.doctor.report import Check, Context, Result
from studio_tray.hotkeys.combo import bindings
from studio_tray.hotkeys.support import availability


def check_hotkeys(ctx: Context) -> Iterator[Result]:
    """Whether the configured combos can fire here (no listener is started)."""
    combos = len(bindings(ctx.config, lambda _name: None, lambda: None)) if ctx.config else 0
    ok, reason, fix = availability()
    if not combos:
        yield Result(True, "hotkeys", f"none configured ({reason})")
        return
    detail = f"{combos} combo{'s' if combos != 1 else ''}; {reason}"
    if ok and fix:
        detail += f" ({fix})"
    yield Result(ok, "hotkeys", detail, fix or None)


CHECKS: tuple[Check, ...] = (check_hotkeys,)
