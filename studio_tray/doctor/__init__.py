"""``studio-tray doctor``: a registry of checks, each giving result lines with their fixes.

A check is a function taking a ``Context`` and returning ``Result``s (one per thing it looked
at). Register one with ``@doctor.check``; a module holding checks is listed in
``CHECK_MODULES`` so the doctor imports it (importing registers its checks, in order). Checks
must not import GUI libraries at module top: ``doctor`` runs headless.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio_tray.errors import StudioTrayError
from studio_tray.model import Config

log = logging.getLogger(__name__)

CHECK_MODULES: list[str] = [
    "studio_tray.doctor.aws",  # config, keyring, credentials, endpoints
    "studio_tray.doctor.tray",  # tray backend, tray running
    "studio_tray.doctor.hotkeys",  # global hotkey support
    "studio_tray.doctor.autostart",  # start at login
    # later features add their module here, e.g. "studio_tray.doctor.tray"
]


@dataclass(frozen=True)
class Result:
    """One line of the report: what was checked, what was found, and the fix when it failed."""

    ok: bool
    label: str
    detail: str
    fix: str | None = None

    def line(self) -> str:
        """``ok   label: detail`` or ``FAIL label: detail  fix: ...``."""
        text = f"{'ok  ' if self.ok else 'FAIL'} {self.label}: {self.detail}"
        return f"{text}  fix: {self.fix}" if self.fix and not self.ok else text


@dataclass
class Context:
    """What checks may look at. ``config`` is None when the file did not load."""

    config_path: Path
    config: Config | None
    config_error: StudioTrayError | None = None
    store: Any = None
    sessions: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


Check = Callable[[Context], Iterable[Result]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    """Register ``fn`` as a doctor check (decorator); runs in registration order."""
    if fn not in CHECKS:
        CHECKS.append(fn)
    return fn


def load_checks(modules: Iterable[str] | None = None) -> list[Check]:
    """Import the check modules (registering their checks) and return every check."""
    for name in CHECK_MODULES if modules is None else modules:
        importlib.import_module(name)
    return list(CHECKS)


def run(context: Context, checks: Iterable[Check]) -> list[Result]:
    """Run ``checks``; a check that crashes becomes a FAIL line, never a traceback."""
    results: list[Result] = []
    for fn in checks:
        label = getattr(fn, "__name__", "check").removeprefix("check_").replace("_", " ")
        try:
            results.extend(fn(context))
        except StudioTrayError as err:
            results.append(Result(False, label, err.message, err.hint))
        except Exception as exc:  # a broken check must not hide the others' lines
            log.debug("doctor check %s crashed", label, exc_info=True)
            results.append(Result(False, label, f"the check itself failed ({type(exc).__name__})"))
    return results
