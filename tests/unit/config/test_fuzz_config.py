"""Property-based: whatever the config file holds, only our own ConfigError comes out."""

from __future__ import annotations

import contextlib
from pathlib import Path

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio_tray import config
from studio_tray.config import document
from studio_tray.errors import ConfigError
from studio_tray.model import Config

PATH = Path("config.toml")
SETTINGS_KEYS = ["expires_in", "session_duration", "browser", "picker_hotkey", "bogus"]
PROFILE_KEYS = ["region", "role_arn", "mfa_serial", "endpoint_url", "aws_profile", "regoin"]
SHORTCUT_KEYS = [
    "name",
    "profile",
    "domain_id",
    "user_profile",
    "space",
    "landing_uri",
    "group",
    "hotkey",
    "browser",
    "extra",
]

scalars = st.one_of(
    st.text(max_size=80),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "d-abc123def456",
            "alice",
            "<ctrl>+<alt>+1",
            "us-east-1",
            "app:JupyterLab:",
            "http://127.0.0.1:1",
            "{url}",
            "firefox {url}",
            "prod",
            "",
            "D-1",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=8,
)


def table(keys: list[str]) -> st.SearchStrategy[dict[str, object]]:
    return st.dictionaries(st.sampled_from(keys), values, max_size=len(keys))


documents = st.fixed_dictionaries(
    {},
    optional={
        "settings": st.one_of(table(SETTINGS_KEYS), values),
        "profiles": st.one_of(
            st.dictionaries(
                st.sampled_from(["prod", "dev", "", "a b"]),
                st.one_of(table(PROFILE_KEYS), values),
                max_size=3,
            ),
            values,
        ),
        "shortcuts": st.one_of(
            st.lists(st.one_of(table(SHORTCUT_KEYS), values), max_size=4), values
        ),
        "junk": values,
    },
)


def only_our_errors(text: str) -> None:
    try:
        result = config.parse(text, PATH)
    except ConfigError as err:
        assert str(err)
        assert all(p.startswith("config.toml") for p in err.problems), err.problems
    else:
        assert isinstance(result, Config)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_random_values_in_the_right_places(doc: dict[str, object]) -> None:
    only_our_errors(tomlkit.dumps(doc))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    only_our_errors(text)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_random_bytes_in_the_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    with contextlib.suppress(ConfigError):
        config.load(path)
    try:
        with document.editing(path) as doc:
            doc["settings"] = {"expires_in": 60}
    except ConfigError:
        assert path.read_bytes() == data  # a file the app could not take is never overwritten
