"""``Host``: what request dispatch needs of the running emulator.

``core.Emulator`` satisfies it; ``dispatch`` takes a ``Host`` so it never imports ``core``
(which imports ``dispatch`` to serve requests).
"""

from __future__ import annotations

from typing import Protocol

from studio_tray.emulator.faults import Faults
from studio_tray.emulator.sso_state import SsoState
from studio_tray.emulator.state import RequestRecord, State


class Host(Protocol):
    """The emulator as seen by one request: account state, faults, clock, records."""

    state: State
    faults: Faults
    page_size: int
    auth_base: str | None

    @property
    def sso(self) -> SsoState:
        """IAM Identity Center state: clients, devices, sessions, assignments."""

    @property
    def url(self) -> str:
        """The emulator's base URL (``http://host:port``)."""

    def now(self) -> float:
        """The emulator's clock (epoch seconds, shifted by ``advance``)."""

    def wait(self, seconds: float) -> None:
        """Sleep up to ``seconds``, returning early when the emulator stops."""

    def record(self, entry: RequestRecord) -> None:
        """Keep ``entry`` for the tests' request log."""

    def denied_ops(self) -> frozenset[str]:
        """Operations the account is set up to refuse."""
