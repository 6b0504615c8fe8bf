"""``paths``: the folders platformdirs names, found without importing it on a Linux desktop."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from studio_tray import APP_NAME, paths

VARIABLES = ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "ANDROID_DATA", "ANDROID_ROOT")


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"XDG_CONFIG_HOME": "/x/conf", "XDG_STATE_HOME": "/x/state/", "XDG_CACHE_HOME": "/x/c"},
        {"XDG_CONFIG_HOME": "relative", "XDG_STATE_HOME": "", "XDG_CACHE_HOME": " "},
        {"HOME": "/home/with space/u"},
        {"HOME": "/"},
    ],
)
@pytest.mark.parametrize("kind", ["config", "state", "cache"])
def test_the_quick_folders_are_platformdirs_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], kind: str
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    expected = getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False)
    assert paths._xdg_folder(kind) == expected
    assert paths._platform_folder(kind) == expected


@pytest.mark.parametrize(
    "env",
    [{"HOME": "relative/home"}, {"ANDROID_DATA": "/data", "ANDROID_ROOT": "/system"}],
)
def test_unusual_setups_are_left_to_platformdirs(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert paths._xdg_folder("state") is None


def test_other_systems_are_left_to_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    for platform in ("darwin", "win32", "freebsd14"):
        monkeypatch.setattr(paths.sys, "platform", platform)
        assert paths._xdg_folder("config") is None


def test_the_default_config_and_state_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in (*VARIABLES, paths.STATE_ENV, paths.CONFIG_ENV):
        monkeypatch.delenv(name, raising=False)
    assert paths.config_path() == Path(
        platformdirs.user_config_dir(APP_NAME, appauthor=False), "config.toml"
    )
    assert paths.state_dir() == tmp_path / ".local" / "state" / APP_NAME
    assert (paths.state_dir().stat().st_mode & 0o777) == 0o700


@pytest.mark.parametrize(
    "location",
    [
        "/a/b",
        "/a/b/",
        "/a//b",
        "//a/b",
        "///a/b",
        "////a",
        "/a/./b/.",
        "./a",
        "a/b/",
        ".",
        "",
        "/",
        "//",
        "/a/../b",
        "~/x",
        "/with space/ü/",
    ],
)
def test_tidy_writes_a_path_as_pathlib_does(location: str) -> None:
    from pathlib import PurePosixPath

    assert paths.tidy(location) == str(PurePosixPath(location))


def test_the_string_and_path_forms_name_the_same_places(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(paths.STATE_ENV, f"{tmp_path}//state/./")
    monkeypatch.setenv(paths.CONFIG_ENV, f"{tmp_path}/conf//config.toml")
    assert paths.state_folder() == str(paths.state_dir()) == str(tmp_path / "state")
    assert paths.config_location() == str(paths.config_path()) == str(tmp_path / "conf/config.toml")
    assert paths.config_location("~/c.toml") == str(Path("~/c.toml").expanduser())
