"""The hand-off client's JSON: written and read without importing ``json``, exactly as
``json.dumps`` writes and ``json.loads`` reads it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from studio_tray.handoff import client as handoff

SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
)
# At most handoff.MAX_DEPTH levels of arrays and objects, as the decoder takes.
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
).filter(lambda v: handoff._depth(json.dumps(v)) <= handoff.MAX_DEPTH)


@settings(max_examples=300)
@given(st.dictionaries(st.text(max_size=30), st.text(max_size=60), max_size=5))
def test_a_flat_request_is_written_as_json_dumps_writes_it(message: dict[str, str]) -> None:
    assert handoff.encode(message) == json.dumps(message).encode()


def test_a_request_with_other_values_is_still_json() -> None:
    message: dict[str, Any] = {"op": "ping", "n": 3, "flag": True}
    assert handoff.encode(message) == json.dumps(message).encode()


@settings(max_examples=300)
@given(VALUES, st.sampled_from(["", " ", "\n\t", "\r\n "]))
def test_answers_are_read_as_json_loads_reads_them(value: Any, space: str) -> None:
    text = space + json.dumps(value) + space
    assert handoff.decode(text.encode()) == json.loads(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "{",
        '{"ok": true',
        '{"ok": true} x',
        '{"ok": true}{}',
        "[1,]",
        '{"a" 1}',
        "tru",
        '"\x01"',  # a raw control character inside a string
        "\ufeff{}",
        "'single'",
        "01",
    ],
)
def test_what_json_loads_refuses_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        handoff.decode(text.encode())


@settings(max_examples=300)
@given(st.text(alphabet='{}[]":,0123456789.eE+- \ntrufalsn\\', max_size=30))
def test_any_text_is_refused_or_read_as_json_loads_reads_it(text: str) -> None:
    assume(handoff._depth(text) <= handoff.MAX_DEPTH)
    try:
        expected = json.loads(text)
    except (ValueError, RecursionError):
        with pytest.raises(ValueError):
            handoff.decode(text.encode())
        return
    assert handoff.decode(text.encode()) == expected


def test_constants_read_as_json_loads_reads_them() -> None:
    assert handoff.decode(b"[Infinity, -Infinity]") == [float("inf"), float("-inf")]
    nan = handoff.decode(b"NaN")
    assert nan != nan
