"""Held-down combos fire once: the rule, without pynput, so it can be tested with a fake clock.

When a combo is held, the key repeats. Depending on the X server, the repeat reaches the
listener as more presses (no release in between) or as release+press pairs a few microseconds
apart. Either way the combo must fire once until one of its keys is really released.

Rule, per combo: after it fires it is *latched*. A release of one of its keys unlatches it, but
an activation that comes less than ``REPEAT_GAP`` after that release is a repeat pair: ignored,
and the combo stays latched. On top, the same combo never fires twice within ``DEAD_TIME``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

REPEAT_GAP = 0.03
DEAD_TIME = 0.25


@dataclass
class _Combo:
    keys: frozenset[Hashable]
    latched: bool = False
    released_at: float = float("-inf")
    fired_at: float = float("-inf")


class Debouncer:
    """Decides whether an activation of a combo is a new press (fire) or a repeat (ignore)."""

    def __init__(
        self,
        combos: dict[str, Iterable[Hashable]],
        clock: Callable[[], float] = time.monotonic,
        repeat_gap: float = REPEAT_GAP,
        dead_time: float = DEAD_TIME,
    ) -> None:
        self._combos = {name: _Combo(frozenset(keys)) for name, keys in combos.items()}
        self._clock = clock
        self._repeat_gap = repeat_gap
        self._dead_time = dead_time

    def activated(self, combo: str) -> bool:
        """All keys of ``combo`` are down: True when it should fire now."""
        state = self._combos[combo]
        now = self._clock()
        if state.latched or now - state.released_at < self._repeat_gap:
            state.latched = True
            return False
        state.latched = True
        if now - state.fired_at < self._dead_time:
            return False
        state.fired_at = now
        return True

    def released(self, key: Hashable) -> None:
        """A key went up: combos containing it may fire again."""
        now = self._clock()
        for state in self._combos.values():
            if key in state.keys and state.latched:
                state.latched = False
                state.released_at = now
