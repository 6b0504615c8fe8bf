"""The doctor's start-at-login line: enabled, disabled, or broken with the repair command."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from studio_tray.autostart import REPAIR_HINT, Autostart, AutostartError, for_platform
from studio_tray.doctor.report import Check, Context, Result


def check_autostart(ctx: Context) -> Iterator[Result]:
    """Whether the app starts at login, and whether that entry still points at a program."""
    backend: Callable[[], Autostart] = ctx.extra.get("autostart", for_platform)
    try:
        status = backend().describe()
    except AutostartError as err:
        yield Result(False, "start at login", str(err), "see `studio-tray autostart status`")
        return
    if status.state == "broken":
        yield Result(False, "start at login", f"broken: {status.problem}", REPAIR_HINT)
    elif status.state == "enabled":
        yield Result(True, "start at login", f"enabled ({status.location})")
    else:
        yield Result(True, "start at login", "off (turn on: `studio-tray autostart enable`)")


CHECKS: tuple[Check, ...] = (check_autostart,)
