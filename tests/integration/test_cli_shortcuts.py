"""``studio-tray list`` and ``shortcut add/remove`` as a user runs them: a subprocess each."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.fixtures.cli import studio_tray as cli

PROFILES = """\
# my profiles
[profiles.prod]
region = "us-east-1"  # where the domain lives
"""


def failed(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The one stderr line of an expected failure."""
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("studio-tray: ")
    return lines[0]


@pytest.fixture
def cfg(isolated_env: dict[str, Path]) -> Path:
    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    path.write_text(PROFILES, encoding="utf-8")
    return path


def test_list_without_shortcuts_says_how_to_add_some() -> None:
    result = cli("list")
    assert result.returncode == 0, result.stderr
    assert "no shortcuts yet" in result.stdout
    assert "studio-tray shortcut add" in result.stdout
    assert "studio-tray discover" in result.stdout


def test_add_then_list_then_remove(cfg: Path) -> None:
    added = cli(
        "shortcut", "add", "Prod - alice - lab", "--profile", "prod", "--domain-id",
        "d-abc123def456", "--user-profile", "alice", "--space", "alice-lab", "--group", "Prod",
        "--hotkey", "<Ctrl>+<ALT>+1", "--landing-uri", "app:JupyterLab:",
        "--browser", "firefox -P work {url}",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout == f'added shortcut "Prod - alice - lab" to {cfg}\n'
    assert cli("shortcut", "add", "bob", "--profile", "prod", "--domain-id", "d-0000",
               "--user-profile", "bob").returncode == 0  # fmt: skip

    text = cfg.read_text(encoding="utf-8")
    assert text.startswith(PROFILES), "comments kept"
    assert 'hotkey = "<ctrl>+<alt>+1"' in text
    assert 'browser = "firefox -P work {url}"' in text

    listed = cli("list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        "NAME                GROUP  PROFILE  DOMAIN          USER PROFILE  SPACE",
        "Prod - alice - lab  Prod   prod     d-abc123def456  alice         alice-lab",
        "bob                 -      prod     d-0000          bob           -",
    ]

    removed = cli("shortcut", "remove", "bob")
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout == f'removed shortcut "bob" from {cfg}\n'
    assert "bob" not in cli("list").stdout


def test_a_bad_domain_id_gets_the_config_message_and_changes_nothing(cfg: Path) -> None:
    line = failed(cli("shortcut", "add", "x", "--profile", "prod", "--domain-id", "D-1",
                      "--user-profile", "alice"))  # fmt: skip
    assert line.startswith(
        'studio-tray: config.toml: shortcut "x": domain_id "D-1" must look like d-xxxxxxxxxxxx'
    )
    assert cfg.read_text(encoding="utf-8") == PROFILES


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--space", "my_space"], 'space "my_space" must be 1-63 letters'),
        (["--hotkey", "ctrl+a+b"], 'hotkey "ctrl+a+b" has 2 keys'),
        (["--hotkey", "Ctrl+Alt+S"], "is already used by settings.picker_hotkey"),
        (["--landing-uri", "x" * 1024], "must be at most 1023 characters"),
        (["--browser", "firefox"], 'browser "firefox" must contain {url}'),
    ],
)
def test_add_checks_every_field(cfg: Path, extra: list[str], expected: str) -> None:
    args = ["shortcut", "add", "x", "--profile", "prod", "--domain-id", "d-1", "--user-profile"]
    line = failed(cli(*args, "u", *extra))
    assert line.startswith('studio-tray: config.toml: shortcut "x": ')
    assert expected in line
    assert cfg.read_text(encoding="utf-8") == PROFILES


def test_an_unknown_profile_says_how_to_add_it(cfg: Path) -> None:
    line = failed(cli("shortcut", "add", "x", "--profile", "stage", "--domain-id", "d-1",
                      "--user-profile", "u"))  # fmt: skip
    assert "studio-tray profile add stage" in line


def test_every_problem_is_reported_at_once(cfg: Path) -> None:
    result = cli(
        "shortcut", "add", "lab", "--profile", "stage", "--domain-id", "D-1",
        "--user-profile", "a" + "-" * 70 + "b", "--landing-uri", "jupyterlab", "--hotkey", "x",
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == (
        'studio-tray: config.toml: shortcut "lab": profile "stage" is not in config.toml: '
        "add it first: studio-tray profile add stage"
    )
    fields = [line.split('"lab": ', 1)[1].split(" ")[0] for line in lines[1:]]
    assert fields == ["domain_id", "user_profile", "landing_uri", "hotkey"]
    assert lines[3].endswith("did you mean app:JupyterLab:?")
    assert cfg.read_text(encoding="utf-8") == PROFILES


@pytest.mark.parametrize("ending", ["", "\n", "\n\n"])
def test_each_new_table_follows_one_blank_line_and_the_file_ends_with_a_newline(
    cfg: Path, ending: str
) -> None:
    one = '\n[[shortcuts]]\nname = "one"\nprofile = "prod"\ndomain_id = "d-1"\nuser_profile = "u"'
    cfg.write_text(PROFILES + one + ending, encoding="utf-8")
    args = ["--profile", "prod", "--domain-id", "d-1", "--user-profile", "u"]
    assert cli("shortcut", "add", "two", *args).returncode == 0
    assert cli("shortcut", "add", "three", *args).returncode == 0
    text = cfg.read_text(encoding="utf-8")
    assert text.startswith(PROFILES + one + '\n\n[[shortcuts]]\nname = "two"')
    assert '"u"\n\n[[shortcuts]]\nname = "three"' in text
    assert text.endswith('user_profile = "u"\n') and not text.endswith("\n\n")
    assert [s.split("\n")[0] for s in text.split("name = ")[1:]] == ['"one"', '"two"', '"three"']


def test_duplicates_and_unknown_names(cfg: Path) -> None:
    args = ["--profile", "prod", "--domain-id", "d-1", "--user-profile", "u"]
    assert cli("shortcut", "add", "one", *args, "--hotkey", "alt+ctrl+1").returncode == 0
    line = failed(cli("shortcut", "add", "one", *args))
    assert line == (
        'studio-tray: shortcut "one" already exists in config.toml: pick another name, '
        "or remove it first: studio-tray shortcut remove NAME"
    )
    line = failed(cli("shortcut", "add", "two", *args, "--hotkey", "<Control>+<Alt>+1"))
    assert 'hotkey "<ctrl>+<alt>+1" is already used by shortcut "one"' in line
    line = failed(cli("shortcut", "remove", "three"))
    assert line == 'studio-tray: no shortcut "three" in config.toml; known: "one"'


def test_a_broken_config_is_reported_not_overwritten(cfg: Path) -> None:
    cfg.write_text(PROFILES + "[[shortcuts]\n", encoding="utf-8")
    assert "line 4, column 12: not valid TOML" in failed(cli("list"))
    failed(cli("shortcut", "add", "x", "--profile", "prod", "--domain-id", "d-1",
               "--user-profile", "u"))  # fmt: skip
    assert cfg.read_text(encoding="utf-8") == PROFILES + "[[shortcuts]\n"


def test_all_problems_of_a_bad_file_are_shown(cfg: Path) -> None:
    cfg.write_text("[settings]\nexpires_in = 4\nsession_duration = 1\n", encoding="utf-8")
    result = cli("list")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "studio-tray: config.toml: settings: expires_in 4 must be from 5 to 300",
        "config.toml: settings: session_duration 1 must be from 1800 to 43200",
    ]


def test_config_option_and_environment_select_the_file(
    tmp_path: Path, cfg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "elsewhere" / "other.toml"
    other.parent.mkdir()
    other.write_text('[profiles.prod]\n[profiles.lab]\nregion = "eu-west-1"\n', encoding="utf-8")
    args = ["shortcut", "add", "via-option", "--profile", "lab", "--domain-id", "d-1",
            "--user-profile", "u"]  # fmt: skip
    result = cli("--config", str(other), *args)
    assert result.returncode == 0, result.stderr
    assert "via-option" in other.read_text(encoding="utf-8")
    assert "via-option" not in cfg.read_text(encoding="utf-8")
    assert "via-option" in cli("--config", str(other), "list").stdout
    assert "via-option" not in cli("list").stdout  # $STUDIO_TRAY_CONFIG is cfg
    monkeypatch.setenv("STUDIO_TRAY_CONFIG", str(other))
    assert "via-option" in cli("list").stdout


def test_usage_errors_exit_2() -> None:
    assert cli("shortcut").returncode == 2
    assert cli("shortcut", "add", "x", "--profile", "prod").returncode == 2
