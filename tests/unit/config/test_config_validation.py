"""Each kind of bad value gives its own message, naming file, entry and field; all at once."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomlkit

from studio_tray import api_rules, config
from studio_tray.config import fields
from studio_tray.errors import ConfigError

DROP = object()
Mutator = Callable[[dict[str, Any]], None]


def base() -> dict[str, Any]:
    return {
        "settings": {"expires_in": 30},
        "profiles": {"prod": {"region": "us-east-1"}},
        "shortcuts": [
            {
                "name": "lab",
                "profile": "prod",
                "domain_id": "d-abc123def456",
                "user_profile": "alice",
                "hotkey": "<ctrl>+<alt>+1",
            }
        ],
    }


def _set(table: dict[str, Any], values: dict[str, Any]) -> None:
    for key, value in values.items():
        if value is DROP:
            table.pop(key, None)
        else:
            table[key] = value


def settings(**values: Any) -> Mutator:
    return lambda data: _set(data["settings"], values)


def profile(**values: Any) -> Mutator:
    return lambda data: _set(data["profiles"]["prod"], values)


def shortcut(**values: Any) -> Mutator:
    return lambda data: _set(data["shortcuts"][0], values)


def second_shortcut(**values: Any) -> Mutator:
    def mutate(data: dict[str, Any]) -> None:
        extra = copy.deepcopy(base()["shortcuts"][0])
        extra.update(name="other", hotkey="<ctrl>+<alt>+2")
        _set(extra, values)
        data["shortcuts"].append(extra)

    return mutate


def top(**values: Any) -> Mutator:
    return lambda data: _set(data, values)


def problems_of(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    path = tmp_path / "config.toml"
    path.write_text(tomlkit.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert err.value.exit_code == 2
    return err.value.problems


SC = 'config.toml: shortcut "lab": '
CASES: list[tuple[str, Mutator, str]] = [
    # the API's rules
    ("domain id", shortcut(domain_id="D-1"), SC + 'domain_id "D-1" must look like d-xxxxxxxxxxxx'),
    ("domain id long", shortcut(domain_id="d-" + "a" * 62), SC + 'domain_id "d-aaaa'),
    ("domain id end dash", shortcut(domain_id="d-abc-"), SC + 'domain_id "d-abc-" must look'),
    ("user profile", shortcut(user_profile="-alice"), SC + 'user_profile "-alice" must be 1-63'),
    ("user profile long", shortcut(user_profile="a" * 64), SC + "user_profile"),
    ("space", shortcut(space="a_b"), SC + 'space "a_b" must be 1-63 letters'),
    ("expires_in 4", settings(expires_in=4), "config.toml: settings: expires_in 4 must be from 5"),
    ("expires_in 301", settings(expires_in=301), "config.toml: settings: expires_in 301 must be"),
    (
        "session low",
        settings(session_duration=1799),
        "config.toml: settings: session_duration 1799",
    ),
    ("session high", settings(session_duration=43201), "config.toml: settings: session_duration"),
    ("user profile 64", shortcut(user_profile="a" * 64), '..." (64 characters) must be at most 63'),
    (
        "user profile 5000 dashes",
        shortcut(user_profile="a" + "-" * 5000 + "b"),
        '..." (5002 characters) must be at most 63 characters',
    ),
    ("space 64", shortcut(space="a" + "-" * 62 + "b"), SC + 'space "a---'),
    ("landing 1024", shortcut(landing_uri="studio::" + "a" * 1016), SC + 'landing_uri "studio::'),
    (
        "landing typo",
        shortcut(landing_uri="jupyterlab"),
        SC + 'landing_uri "jupyterlab" must be one of studio::, app:JupyterServer:, '
        "app:JupyterLab:, app:RStudioServerPro:, app:CodeEditor:, app:Canvas: (each may be "
        "followed by a relative path); did you mean app:JupyterLab:?",
    ),
    ("landing unknown", shortcut(landing_uri="x"), SC + 'landing_uri "x" must be one of studio::'),
    # names
    ("name empty", shortcut(name=""), 'config.toml: shortcut #1: name "" must not be empty'),
    ("name spaces", shortcut(name=" lab"), 'config.toml: shortcut " lab": name " lab" must not'),
    ("name newline", shortcut(name="a\nb"), 'config.toml: shortcut "a\\nb": name "a\\nb" must not'),
    ("name long", shortcut(name="n" * 101), 'config.toml: shortcut "nnnn'),
    ("group empty", shortcut(group=""), SC + 'group "" must not be empty'),
    (
        "profile name",
        top(profiles={"prod": {}, "a b": {}}),
        'config.toml: profile "a b": name must be 1-64',
    ),
    # hotkeys
    ("hotkey two keys", shortcut(hotkey="ctrl+a+b"), SC + 'hotkey "ctrl+a+b" has 2 keys'),
    ("hotkey no mod", shortcut(hotkey="x"), SC + 'hotkey "x" needs at least one modifier'),
    ("hotkey unknown", shortcut(hotkey="ctrl+<f99>"), SC + "hotkey \"ctrl+<f99>\" key '<f99>'"),
    ("picker hotkey", settings(picker_hotkey="alt"), 'config.toml: settings: picker_hotkey "alt"'),
    (
        "hotkey duplicate",
        second_shortcut(hotkey="<Alt>+<CTRL>+1"),
        'config.toml: shortcut "other": hotkey "<Alt>+<CTRL>+1" is already used by shortcut "lab"',
    ),
    (
        "hotkey is the picker's",
        shortcut(hotkey="Control+Alt+S"),
        SC + 'hotkey "Control+Alt+S" is already used by settings.picker_hotkey',
    ),
    # unknown keys
    ("unknown key", shortcut(hotky="x"), SC + 'unknown key "hotky" (did you mean "hotkey"?)'),
    ("unknown setting", settings(expire_in=30), 'settings: unknown key "expire_in" (did you mean'),
    ("unknown profile key", profile(regoin="x"), 'profile "prod": unknown key "regoin" (did you'),
    ("unknown far", shortcut(colour="red"), SC + 'unknown key "colour" (known keys: name, profile'),
    ("unknown top", top(shortcut=[]), 'config.toml: unknown key "shortcut" (did you mean "shortc'),
    ("setting at top", top(expires_in=30), 'unknown key "expires_in" (put it under [settings])'),
    # types
    ("int as text", settings(expires_in="30"), 'expires_in "30" must be a whole number, not text'),
    ("int as bool", settings(expires_in=True), "expires_in true must be a whole number, not true"),
    (
        "int as float",
        settings(expires_in=30.0),
        "expires_in 30.0 must be a whole number, not a dec",
    ),
    (
        "text as int",
        shortcut(domain_id=5),
        SC + "domain_id 5 must be text (in quotes), not a whole",
    ),
    (
        "text as list",
        shortcut(space=["a"]),
        SC + "space (a list) must be text (in quotes), not a li",
    ),
    ("settings not table", top(settings=3), "config.toml: settings must be a table ([settings])"),
    (
        "profile not table",
        top(profiles={"prod": "x"}),
        'profile "prod": must be a table ([profiles',
    ),
    ("shortcuts not list", top(shortcuts="x"), "config.toml: shortcuts must be tables like [[sh"),
    ("missing field", shortcut(user_profile=DROP), SC + "user_profile is missing"),
    # references and duplicates
    (
        "unknown profile",
        shortcut(profile="prd"),
        SC + 'profile "prd" is not in [profiles] (did you mean "prod"?); '
        "add it with: studio-tray profile add prd",
    ),
    (
        "duplicate names",
        second_shortcut(name="lab"),
        'config.toml: shortcut "lab" (#2): name is already used by shortcut #1',
    ),
    # profiles
    (
        "region",
        profile(region="US-EAST-1"),
        'profile "prod": region "US-EAST-1" must look like us-',
    ),
    ("role arn", profile(role_arn="arn:aws:iam::12:role/x"), 'role_arn "arn:aws:iam::12:role/x" m'),
    (
        "mfa serial",
        profile(role_arn="arn:aws:iam::123456789012:role/R", mfa_serial="GAHT1234"),
        'mfa_serial "GAHT1234" must look like arn:aws:iam::123456789012:mfa/NAME',
    ),
    (
        "mfa without role",
        profile(mfa_serial="arn:aws:iam::123456789012:mfa/alice"),
        'profile "prod": mfa_serial needs role_arn',
    ),
    (
        "aws_profile with role",
        profile(aws_profile="dev", role_arn="arn:aws:iam::123456789012:role/R"),
        'profile "prod": aws_profile cannot be combined with role_arn',
    ),
    (
        "endpoint scheme",
        profile(endpoint_url="ftp://x.example"),
        'endpoint_url "ftp://x.example" m',
    ),
    ("endpoint no host", profile(endpoint_url="https://"), "must be an http:// or https:// URL"),
    (
        "aws_profile blank",
        profile(aws_profile=" "),
        'aws_profile " " must be the name of a profile',
    ),
    # browser commands
    ("browser no url", settings(browser="firefox"), 'browser "firefox" must contain {url}'),
    ("browser quote", settings(browser="firefox '{url}"), "cannot be split into words"),
    ("shortcut browser empty", shortcut(browser=""), SC + 'browser "" must not be empty'),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_bad_value_has_its_message(tmp_path: Path, mutate: Mutator, expected: str) -> None:
    data = base()
    mutate(data)
    problems = problems_of(tmp_path, data)
    assert len(problems) == 1, problems
    assert expected in problems[0], problems[0]
    assert problems[0].startswith("config.toml: ")


def test_the_base_of_the_table_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(tomlkit.dumps(base()), encoding="utf-8")
    assert config.load(path).shortcuts[0].name == "lab"


def test_an_empty_landing_uri_means_none(tmp_path: Path) -> None:
    from studio_tray.aws.launcher import request_params

    data = base()
    shortcut(landing_uri="", user_profile="a" * 63, space="a" + "-" * 61 + "b")(data)
    path = tmp_path / "config.toml"
    path.write_text(tomlkit.dumps(data), encoding="utf-8")
    loaded = config.load(path)
    params = request_params(loaded.shortcuts[0], loaded)
    assert "LandingUri" not in params
    assert (params["UserProfileName"], params["SpaceName"]) == ("a" * 63, "a" + "-" * 61 + "b")


def test_many_problems_are_all_reported_at_once(tmp_path: Path) -> None:
    data = base()
    for mutate in (
        settings(expires_in=4, browser="x"),
        profile(region="nowhere"),
        shortcut(domain_id="D-1", space="a_b", hotky="ctrl+alt+9"),
        second_shortcut(name="lab", profile="ghost", hotkey="ctrl+alt+1"),
    ):
        mutate(data)
    problems = problems_of(tmp_path, data)
    assert [p.split(": ")[1] for p in problems] == [
        "settings",
        "settings",
        'profile "prod"',
        'shortcut "lab"',
        'shortcut "lab"',
        'shortcut "lab"',
        'shortcut "lab" (#2)',
        'shortcut "lab" (#2)',
        'shortcut "lab" (#2)',
    ]
    text = "\n".join(problems)
    for fragment in (
        "expires_in 4",
        'browser "x"',
        'region "nowhere"',
        'domain_id "D-1"',
        'space "a_b"',
        '"hotky"',
        'profile "ghost"',
        "name is already used",
        'hotkey "ctrl+alt+1" is already used',
    ):
        assert fragment in text


def test_a_password_in_endpoint_url_is_not_repeated(tmp_path: Path) -> None:
    data = base()
    profile(endpoint_url="https://user:hunter2@vpce.example")(data)
    problems = problems_of(tmp_path, data)
    assert problems == [
        'config.toml: profile "prod": endpoint_url must not contain a user name or password'
    ]


def test_messages_use_the_name_of_the_given_file(tmp_path: Path) -> None:
    path = tmp_path / "work" / "studio.toml"
    path.parent.mkdir()
    path.write_text("[settings]\nexpires_in = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^studio.toml: settings: expires_in 0 must be from"):
        config.load(path)


TEXT_FIELDS = [
    (table, key, field.max_length)
    for table, spec in (
        ("settings", fields.SETTINGS_FIELDS),
        ("profile", fields.PROFILE_FIELDS),
        ("shortcut", fields.SHORTCUT_FIELDS),
    )
    for key, field in spec.items()
    if field.kind is str
]
LIMITS = {
    ("settings", "browser"): 4096,
    ("shortcut", "browser"): 4096,
    ("shortcut", "domain_id"): api_rules.DOMAIN_ID_MAX,
    ("shortcut", "user_profile"): api_rules.NAME_MAX,
    ("shortcut", "space"): api_rules.NAME_MAX,
    ("shortcut", "landing_uri"): api_rules.LANDING_URI_MAX,
    ("shortcut", "name"): fields.LABEL_MAX,
}


@pytest.mark.parametrize(("table", "key", "limit"), TEXT_FIELDS)
def test_every_text_field_has_a_length_checked_before_its_rule(
    tmp_path: Path, table: str, key: str, limit: int | None
) -> None:
    assert limit is not None, f"{table}.{key} needs a max_length"
    assert limit == LIMITS.get((table, key), limit)
    mutate = {"settings": settings, "profile": profile, "shortcut": shortcut}[table]
    data = base()
    mutate(**{key: "a" * 1_000_000})(data)
    started = time.monotonic()
    found = problems_of(tmp_path, data)
    assert time.monotonic() - started < 2, "a megabyte of text must be refused at once"
    assert any(
        f'{key} "{"a" * 40}..." (1000000 characters) must be at most {limit} characters' in p
        for p in found
    ), found


def test_a_megabyte_unknown_key_is_shown_short(tmp_path: Path) -> None:
    data = base()
    data["settings"]["x" * 1_000_000] = 1
    data["y" * 1_000_000] = 1
    found = problems_of(tmp_path, data)
    assert len(found) == 2 and all(len(p) < 300 for p in found), [p[:300] for p in found]
