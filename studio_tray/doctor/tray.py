"""The doctor's checks for the tray: which pystray backend this desktop gets, and whether a
tray is running now."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from studio_tray.doctor.report import Check, Context, Result
from studio_tray.system import instance
from studio_tray.tray import support

GTK_HINT = (
    "pip install 'studio-tray[gtk]' (needs libgirepository1.0-dev libcairo2-dev "
    "gir1.2-gtk-3.0) or use the distribution's python3-gi"
)


def _backend_info() -> object:
    from studio_tray.tray import icon as tray

    return tray.backend_info()


def check_tray_backend(
    ctx: Context, info: Callable[[], object] = _backend_info
) -> Iterator[Result]:
    """The pystray backend: menus need gtk/appindicator on Linux; xorg means click-for-picker."""
    found = info()
    name = getattr(found, "name", "none")
    error = getattr(found, "error", None)
    if error:
        missing = [m for m in support.missing_for_tray() if not m.startswith("no PyGObject")]
        reason = ", ".join(missing) if missing else error
        yield Result(False, "tray", f"cannot show the tray here: {reason}", support.desktop_hint())
        return
    if not getattr(found, "has_menu", False):
        yield Result(
            True,
            "tray",
            f"{name} backend: no menus, a click on the icon opens the picker; "
            f"for menus: {GTK_HINT}",
        )
        return
    notes = "menus and notifications" if getattr(found, "has_notification", False) else "menus"
    yield Result(True, "tray", f"{name} backend ({notes})")


def check_tray_running(ctx: Context) -> Iterator[Result]:
    """Whether a tray holds the single-instance lock right now."""
    lock = instance.InstanceLock()
    if lock.acquire():
        lock.release()
        yield Result(True, "tray running", "no (start it with `studio-tray run`)")
        return
    pid = instance.owner_pid()
    yield Result(True, "tray running", f"yes (pid {pid})" if pid else "yes")


CHECKS: tuple[Check, ...] = (check_tray_backend, check_tray_running)
