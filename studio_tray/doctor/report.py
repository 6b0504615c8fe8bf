"""What a doctor check is: it takes a :class:`Context` and returns :class:`Result` lines.

``run`` turns a crashing check into a FAIL line, so one broken check never hides the others.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio_tray.errors import StudioTrayError
from studio_tray.model import Config

log = logging.getLogger(__name__)


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
    # Opens a TCP connection ((host, port), timeout); tests pass a recorder, so no check
    # ever needs the public internet to be tested.
    connect: Callable[[tuple[str, int], float], Any] = socket.create_connection


Check = Callable[[Context], Iterable[Result]]


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
