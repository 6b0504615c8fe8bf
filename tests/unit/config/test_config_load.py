"""Loading the config: the documented example, defaults, round trips, parse errors."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio_tray import config
from studio_tray.config import document
from studio_tray.errors import ConfigError
from studio_tray.model import Config, Profile, Settings, Shortcut
from tests.fixtures.config import EXAMPLE_CONFIG


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_design_example_loads_into_the_dataclasses(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", EXAMPLE_CONFIG)
    loaded = config.load(path)
    assert loaded.path == path
    assert loaded.settings == Settings(30, 43200, "", "<ctrl>+<alt>+s")
    assert dict(loaded.profiles) == {
        "prod": Profile(
            "prod",
            region="us-east-1",
            role_arn="arn:aws:iam::123456789012:role/DataScientist",
            mfa_serial="arn:aws:iam::123456789012:mfa/alice",
            endpoint_url="https://vpce-0abc.api.sagemaker.us-east-1.vpce.amazonaws.com",
        ),
        "dev": Profile("dev", region="eu-west-1", aws_profile="dev-sso"),
    }
    assert loaded.shortcuts == (
        Shortcut(
            name="Prod - alice - lab",
            profile="prod",
            domain_id="d-abc123def456",
            user_profile="alice",
            space="alice-lab",
            landing_uri="app:JupyterLab:",
            group="Prod",
            hotkey="<ctrl>+<alt>+1",  # normalised from <Ctrl>+<ALT>+1
            browser='google-chrome --profile-directory="Profile 2" {url}',
        ),
    )
    assert loaded.shortcut("Prod - alice - lab") is loaded.shortcuts[0]
    assert loaded.profiles["dev"].aws_profile == "dev-sso"


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "config.toml"
    assert config.load(path) == Config(path=path)
    assert not path.parent.exists(), "loading must not create anything"


def test_empty_file_and_picker_hotkey_off(tmp_path: Path) -> None:
    assert config.load(write(tmp_path / "a.toml", "")) == Config(path=tmp_path / "a.toml")
    off = config.load(write(tmp_path / "b.toml", '[settings]\npicker_hotkey = ""\n'))
    assert off.settings.picker_hotkey == ""


def test_boundary_values_are_accepted(tmp_path: Path) -> None:
    domain = "d-" + "a" * 61
    text = f"""
[settings]
expires_in = 5
session_duration = 1800
[profiles.p]
[[shortcuts]]
name = "{"n" * 100}"
profile = "p"
domain_id = "{domain}"
user_profile = "{"u" * 63}"
space = "{"a" + "-" * 61 + "b"}"
landing_uri = "{"studio::" + "x" * 1015}"
hotkey = "<shift>+<f5>"
browser = "firefox --new-window {{url}}"
"""
    loaded = config.load(write(tmp_path / "config.toml", text))
    assert loaded.shortcuts[0].domain_id == domain
    assert len(loaded.shortcuts[0].landing_uri or "") == 1023
    upper = write(tmp_path / "upper.toml", "[settings]\nexpires_in = 300\nsession_duration = 43200")
    assert config.load(upper).settings.expires_in == 300


def test_round_trip_of_the_design_example(tmp_path: Path) -> None:
    first = config.load(write(tmp_path / "config.toml", EXAMPLE_CONFIG))
    again = config.load(write(tmp_path / "config.toml", document.dumps(first)))
    assert again == first


def test_parse_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "mine.toml", '[settings]\nexpires_in = 30\nbrowser = "firefox {url}\n')
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert err.value.exit_code == 2
    assert len(err.value.problems) == 1
    assert err.value.problems[0].startswith("mine.toml: line 3, column ")
    assert "not valid TOML" in str(err.value)


def test_not_utf8_and_unreadable_files(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[settings]\nbrowser = "\xff {url}"\n')
    with pytest.raises(ConfigError, match=r"^config.toml: is not UTF-8 text"):
        config.load(path)
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    with pytest.raises(ConfigError, match=r"^dir.toml: cannot read .*dir.toml: Is a directory"):
        config.load(folder)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf[settings]\nexpires_in = 60\n")
    assert config.load(path).settings.expires_in == 60


names = st.from_regex(r"[a-z0-9](-?[a-z0-9]){0,8}", fullmatch=True)
labels = st.text(string.ascii_letters + string.digits + " -_'\"\\é", min_size=1, max_size=30).map(
    str.strip
)


@st.composite
def configs(draw: st.DrawFn) -> Config:
    profile_names = draw(st.lists(names, min_size=1, max_size=3, unique=True))
    profiles = {
        n: Profile(n, region=draw(st.sampled_from([None, "us-east-1", "eu-central-2"])))
        for n in profile_names
    }
    shortcut_names = draw(st.lists(labels.filter(bool), max_size=4, unique=True))
    keys = iter(draw(st.permutations("0123456789")))
    shortcuts = tuple(
        Shortcut(
            name=name,
            profile=draw(st.sampled_from(profile_names)),
            domain_id="d-" + draw(names),
            user_profile=draw(names),
            space=draw(st.none() | names),
            landing_uri=draw(st.none() | st.sampled_from(["studio::", "app:CodeEditor:"])),
            group=draw(st.none() | labels.filter(bool)),
            hotkey=draw(st.none() | st.just(f"<ctrl>+<alt>+{next(keys)}")),
            browser=draw(st.none() | st.just("firefox -P 'work' {url}")),
        )
        for name in shortcut_names
    )
    settings_ = Settings(
        expires_in=draw(st.integers(5, 300)),
        session_duration=draw(st.integers(1800, 43200)),
        browser=draw(st.sampled_from(["", "chromium {url}"])),
        picker_hotkey=draw(st.sampled_from(["", "<ctrl>+<alt>+s", "<cmd>+<space>"])),
    )
    return Config(Path("config.toml"), settings_, profiles, shortcuts)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(configs())
def test_any_valid_config_round_trips(tmp_path: Path, built: Config) -> None:
    path = write(tmp_path / "config.toml", document.dumps(built))
    loaded = config.load(path)
    assert loaded.settings == built.settings
    assert dict(loaded.profiles) == dict(built.profiles)
    assert loaded.shortcuts == built.shortcuts
    assert document.dumps(loaded) == path.read_text(encoding="utf-8")


def test_reminder_and_refresh_settings_take_zero_for_off_and_refuse_past_their_range(
    tmp_path: Path,
) -> None:
    defaults = config.load(write(tmp_path / "d.toml", ""))
    assert (defaults.settings.remind_running_hours, defaults.settings.status_refresh_minutes) == (
        4,
        5,
    )
    text = "[settings]\nremind_running_hours = 0\nstatus_refresh_minutes = 0\n"
    off = config.load(write(tmp_path / "off.toml", text))
    assert (off.settings.remind_running_hours, off.settings.status_refresh_minutes) == (0, 0)
    text = "[settings]\nremind_running_hours = 721\nstatus_refresh_minutes = -1\n"
    with pytest.raises(ConfigError) as caught:
        config.load(write(tmp_path / "bad.toml", text))
    message = str(caught.value)
    assert "remind_running_hours 721" in message and "720" in message
    assert "status_refresh_minutes -1" in message and "1440" in message
