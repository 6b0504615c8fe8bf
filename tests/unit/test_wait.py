"""The tests' one polling loop: it returns what it waited for, and fails saying what it was."""

from __future__ import annotations

import pytest

from tests.fixtures.wait import wait_until


def test_returns_the_first_truthy_value() -> None:
    values = iter([0, None, "", "ready"])
    assert wait_until(lambda: next(values), timeout=5, interval=0) == "ready"


def test_fails_naming_what_it_waited_for_and_the_last_value() -> None:
    with pytest.raises(AssertionError, match=r"waiting for the door \(last: \[\]\)"):
        wait_until(list, timeout=0.05, interval=0.01, what="the door")


def test_without_fail_returns_the_last_value_seen() -> None:
    assert wait_until(lambda: 0, timeout=0.05, interval=0.01, fail=False) == 0


def test_a_probe_that_asserts_ends_the_wait_at_once() -> None:
    calls: list[int] = []

    def probe() -> bool:
        calls.append(1)
        assert len(calls) < 3, "the process died"
        return False

    with pytest.raises(AssertionError, match="the process died"):
        wait_until(probe, timeout=30, interval=0)
    assert len(calls) == 3
