"""Fault injection: per-request latency and faults by kind, counted or with a probability."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

KINDS = ("5xx", "throttle", "drop", "malformed", "hang")


@dataclass
class FaultRule:
    """Inject ``kind`` into matching requests: the next ``count`` ones, or with ``probability``
    (up to ``count`` times when both are given), or all of them."""

    kind: str
    count: int | None = None
    probability: float | None = None
    ops: frozenset[str] | None = None
    status: int = 500
    where: Mapping[str, object] | None = None

    def matches(self, op: str, params: Mapping[str, object]) -> bool:
        """Whether this rule applies to ``op`` (None = every operation) with these parameters
        (``where``: each named parameter must have that value)."""
        if self.ops is not None and op not in self.ops:
            return False
        return all(params.get(key) == value for key, value in (self.where or {}).items())


class Faults:
    """The active fault rules and latency; thread-safe, with a seeded random source."""

    def __init__(self, seed: int | None = 0) -> None:
        self.latency = 0.0
        self._rules: list[FaultRule] = []
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def add(
        self,
        kind: str,
        *,
        count: int | None = None,
        probability: float | None = None,
        ops: Iterable[str] | str | None = None,
        status: int = 500,
        where: Mapping[str, object] | None = None,
    ) -> FaultRule:
        """Add a rule; without ``count`` or ``probability`` it hits every matching request."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; choose from {', '.join(KINDS)}")
        if kind == "5xx" and not 500 <= status <= 599:
            raise ValueError("status of a 5xx fault must be 500..599")
        if probability is not None and not 0.0 <= probability <= 1.0:
            raise ValueError("probability must be from 0 to 1")
        if count is not None and count < 1:
            raise ValueError("count must be at least 1")
        op_set = frozenset([ops] if isinstance(ops, str) else ops) if ops is not None else None
        rule = FaultRule(kind, count, probability, op_set, status, dict(where or {}))
        with self._lock:
            self._rules.append(rule)
        return rule

    def seed(self, value: int) -> None:
        """Restart the random source used by probability rules."""
        with self._lock:
            self._random.seed(value)

    def clear(self) -> None:
        """Remove every rule and the latency."""
        with self._lock:
            self._rules.clear()
            self.latency = 0.0

    def pick(self, op: str, params: Mapping[str, object] | None = None) -> FaultRule | None:
        """The fault to inject into this request, if any.

        Rules without a probability fire first, in the order they were added. Probability
        rules share one random draw, split into disjoint slices, so 10% 5xx plus 5% throttling
        really gives 10% and 5% (not 5% of the remaining 90%).
        """
        with self._lock:
            matching = [rule for rule in self._rules if rule.matches(op, params or {})]
            fired = next((rule for rule in matching if rule.probability is None), None)
            if fired is None:
                chance = [rule for rule in matching if rule.probability is not None]
                draw = self._random.random() if chance else 1.0
                edge = 0.0
                for rule in chance:
                    edge += rule.probability or 0.0
                    if draw < edge:
                        fired = rule
                        break
            if fired is not None and fired.count is not None:
                fired.count -= 1
                if fired.count <= 0:
                    self._rules.remove(fired)
            return fired
