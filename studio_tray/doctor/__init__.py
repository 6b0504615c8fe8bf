"""``studio-tray doctor``'s checks, one module per part, run in the order of :func:`all_checks`.

A check is a function taking a :class:`Context` and returning :class:`Result` lines (see
:mod:`studio_tray.doctor.report`). A part adds its checks to its module's ``CHECKS`` and, for a
new module, one line to :func:`all_checks`. Checks must not import GUI libraries at module top:
``doctor`` runs headless.
"""

from __future__ import annotations

from studio_tray.doctor import autostart, aws, hotkeys, sso, tray
from studio_tray.doctor.report import Check, Context, Result, run

__all__ = ["Check", "Context", "Result", "all_checks", "run"]


def all_checks() -> list[Check]:
    """Every check, in report order: config and AWS, Identity Center sign-ins, tray, hotkeys,
    start at login."""
    return [*aws.CHECKS, *sso.CHECKS, *tray.CHECKS, *hotkeys.CHECKS, *autostart.CHECKS]
