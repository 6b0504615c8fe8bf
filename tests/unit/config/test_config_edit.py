"""Rewriting the config: comments survive, writes are atomic, bad or broken files stay as is."""

from __future__ import annotations

import errno
import functools
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio_tray import config
from studio_tray.atomic import write_atomic
from studio_tray.config import document, edits, tables
from studio_tray.errors import ConfigError, UsageError
from studio_tray.model import Profile, Shortcut
from tests.fixtures.config import EXAMPLE_CONFIG

NEW = Shortcut("Dev - bob", "dev", "d-0123456789ab", "bob", space="bob-space", hotkey="alt+ctrl+2")


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    path = tmp_path / "conf" / "config.toml"
    path.parent.mkdir()
    path.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "config.toml")


def test_comments_and_order_survive_adding_a_shortcut(cfg: Path) -> None:
    saved = edits.add_shortcut(cfg, NEW)
    assert saved.hotkey == "<ctrl>+<alt>+2"
    text = cfg.read_text(encoding="utf-8")
    assert text.startswith(EXAMPLE_CONFIG), "the existing text, comments included, is kept"
    assert text[len(EXAMPLE_CONFIG) :].lstrip().startswith('[[shortcuts]]\nname = "Dev - bob"')
    assert [s.name for s in config.load(cfg).shortcuts] == ["Prod - alice - lab", "Dev - bob"]


def test_editing_one_value_changes_only_that_line(cfg: Path) -> None:
    with document.editing(cfg) as doc:
        doc["settings"]["expires_in"] = 60
    before, after = EXAMPLE_CONFIG.splitlines(), cfg.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        (
            "expires_in = 30              # ExpiresInSeconds of each fresh URL (5..300)",
            "expires_in = 60              # ExpiresInSeconds of each fresh URL (5..300)",
        )
    ]


def test_editing_exposes_the_saved_config(cfg: Path) -> None:
    edit = document.editing(cfg)
    with edit as doc:
        doc["settings"]["picker_hotkey"] = "Super+Space"
    assert edit.config is not None
    assert edit.config.settings.picker_hotkey == "<cmd>+<space>"
    assert config.load(cfg) == edit.config


def test_a_broken_file_is_never_overwritten(cfg: Path) -> None:
    broken = EXAMPLE_CONFIG.replace('region = "eu-west-1"', 'region = "eu-west-1')
    cfg.write_text(broken, encoding="utf-8")
    original = cfg.read_bytes()
    with pytest.raises(ConfigError) as err:
        edits.add_shortcut(cfg, NEW)
    assert str(err.value).startswith("config.toml: line 15, column ")
    assert "does not overwrite it" in str(err.value)
    with pytest.raises(ConfigError), document.editing(cfg) as doc:
        doc["settings"]["expires_in"] = 60
    assert cfg.read_bytes() == original
    assert leftovers(cfg.parent) == []


def test_an_edit_that_does_not_validate_is_not_written(cfg: Path) -> None:
    original = cfg.read_bytes()
    bad = r"config.toml: settings: expires_in 4 must be from 5"
    with pytest.raises(ConfigError, match=bad), document.editing(cfg) as doc:
        doc["settings"]["expires_in"] = 4
    with pytest.raises(ConfigError, match=r'domain_id "D-1" must look like'):
        edits.add_shortcut(cfg, Shortcut("x", "prod", "D-1", "bob"))
    assert cfg.read_bytes() == original


def test_an_error_inside_the_block_writes_nothing(cfg: Path) -> None:
    original = cfg.read_bytes()
    with pytest.raises(RuntimeError), document.editing(cfg) as doc:
        doc["settings"]["expires_in"] = 60
        raise RuntimeError("changed my mind")
    assert cfg.read_bytes() == original


def test_an_unchanged_edit_does_not_rewrite(cfg: Path) -> None:
    inode = cfg.stat().st_ino
    with document.editing(cfg):
        pass
    assert cfg.stat().st_ino == inode


def test_a_new_file_is_private_and_its_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "config.toml"
    replaced = edits.add_profile(path, Profile("prod", region="us-east-1"))
    assert replaced is False
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert config.load(path).profiles["prod"].region == "us-east-1"


def test_the_file_mode_is_kept(cfg: Path) -> None:
    cfg.chmod(0o640)
    edits.add_profile(cfg, Profile("extra"))
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o640


def test_a_symlinked_config_is_written_through_the_link(cfg: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(cfg)
    edits.add_shortcut(link, NEW)
    assert link.is_symlink()
    assert "Dev - bob" in cfg.read_text(encoding="utf-8")


def test_a_change_on_disk_during_the_edit_wins(cfg: Path) -> None:
    theirs = EXAMPLE_CONFIG.replace("expires_in = 30", "expires_in = 99")
    changed = "changed on disk while being edited"
    with pytest.raises(ConfigError, match=changed), document.editing(cfg) as doc:
        doc["settings"]["expires_in"] = 60
        cfg.write_text(theirs, encoding="utf-8")
    assert cfg.read_text(encoding="utf-8") == theirs


def test_disk_full_gives_a_clear_error_and_keeps_the_old_file(cfg: Path) -> None:
    written: list[int] = []

    def full_disk(fd: int, data: memoryview) -> int:
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(os.write(fd, data[:10]))
        return written[-1]

    original = cfg.read_bytes()
    writer = functools.partial(write_atomic, write=full_disk)
    with pytest.raises(ConfigError) as err, document.editing(cfg, writer=writer) as doc:
        doc["settings"]["expires_in"] = 60
    assert str(err.value) == (
        f"config.toml: cannot write {cfg}: No space left on device; the old file is unchanged"
    )
    assert written == [10], "the write really started"
    assert cfg.read_bytes() == original
    assert leftovers(cfg.parent) == []


def test_a_file_where_the_folder_should_be_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("I am a file", encoding="utf-8")
    expected = r"^config.toml: cannot read .*not-a-folder/config.toml: Not a directory$"
    with pytest.raises(ConfigError, match=expected):
        edits.add_profile(blocker / "config.toml", Profile("prod"))
    assert blocker.read_text(encoding="utf-8") == "I am a file"


@pytest.fixture
def read_only(cfg: Path) -> Iterator[Path]:
    """``cfg``'s folder made unwritable: chmod for a normal user, chattr +i for root."""
    folder = cfg.parent
    if os.geteuid() != 0:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    if shutil.which("chattr") is None:
        pytest.skip("root ignores folder modes and chattr is missing")
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not permitted here (no CAP_LINUX_IMMUTABLE)")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_folder_gives_a_clear_error(cfg: Path, read_only: Path) -> None:
    original = cfg.read_bytes()
    with pytest.raises(ConfigError) as err:
        edits.add_shortcut(cfg, NEW)
    message = str(err.value)
    assert message.startswith(f"config.toml: cannot write {cfg}: ")
    assert message.endswith("; the old file is unchanged")
    assert "\n" not in message
    assert cfg.read_bytes() == original


def test_shortcut_edits(cfg: Path) -> None:
    with pytest.raises(UsageError, match=r'shortcut "Prod - alice - lab" already exists in con'):
        edits.add_shortcut(cfg, Shortcut("Prod - alice - lab", "dev", "d-abc", "bob"))
    with pytest.raises(UsageError, match=r'^no shortcut "Prod" in config.toml; known: "Prod - '):
        edits.remove_shortcut(cfg, "Prod")
    edits.add_shortcut(cfg, NEW)
    with pytest.raises(UsageError, match=r'no shortcut "Dev - bo" in config.toml; did you mean'):
        edits.remove_shortcut(cfg, "Dev - bo")
    after = edits.remove_shortcut(cfg, "Prod - alice - lab")
    assert [s.name for s in after.shortcuts] == ["Dev - bob"]
    empty = edits.remove_shortcut(cfg, "Dev - bob")
    assert empty.shortcuts == ()
    text = cfg.read_text(encoding="utf-8")
    assert "shortcuts" not in text
    assert "# optional: ask for a code" in text
    with pytest.raises(UsageError, match=r'no shortcut "x" in config.toml; it has no shortcuts'):
        edits.remove_shortcut(cfg, "x")


def test_removing_the_bad_shortcut_repairs_a_bad_file(cfg: Path) -> None:
    cfg.write_text(EXAMPLE_CONFIG.replace("d-abc123def456", "D-1"), encoding="utf-8")
    with pytest.raises(ConfigError):
        config.load(cfg)
    assert edits.remove_shortcut(cfg, "Prod - alice - lab").shortcuts == ()


def test_profile_edits(cfg: Path) -> None:
    assert edits.add_profile(cfg, Profile("prod", region="eu-west-3")) is True
    loaded = config.load(cfg)
    assert list(loaded.profiles) == ["prod", "dev"], "replaced in place, order kept"
    assert loaded.profiles["prod"] == Profile("prod", region="eu-west-3")
    text = cfg.read_text(encoding="utf-8")
    assert "[profiles.prod]              # AWS profile whose keys live in the OS keyring" in text
    assert 'aws_profile = "dev-sso"      # use ~/.aws/config\'s profile' in text
    with pytest.raises(UsageError, match=r'profile "prod" is used by shortcut "Prod - alice - la'):
        edits.remove_profile(cfg, "prod")
    with pytest.raises(UsageError, match=r'no profile "stage" in config.toml; known: "prod", "d'):
        edits.remove_profile(cfg, "stage")
    assert list(edits.remove_profile(cfg, "dev").profiles) == ["prod"]


def test_profile_table_leaves_out_none(cfg: Path) -> None:
    table = tables.profile_table(Profile("p", region="us-east-1", aws_profile="sso"))
    assert dict(table) == {"region": "us-east-1", "aws_profile": "sso"}
    assert dict(tables.shortcut_table(Shortcut("n", "p", "d-a", "u"))) == {
        "name": "n",
        "profile": "p",
        "domain_id": "d-a",
        "user_profile": "u",
    }


def test_edits_work_on_out_of_order_and_inline_tables(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "shortcuts = [\n"
        '  { name = "a", profile = "prod", domain_id = "d-1", user_profile = "u" },\n'
        "]\n"
        "[profiles]\n"
        'prod = { region = "us-east-1" }  # inline\n'
        "[settings]\n"
        "expires_in = 60\n"
        "[profiles.dev]\n"
        'region = "eu-west-1"\n',
        encoding="utf-8",
    )
    assert edits.add_profile(path, Profile("prod", region="eu-west-2")) is True
    assert edits.add_profile(path, Profile("dev", region="eu-west-3")) is True
    edits.add_shortcut(path, Shortcut("b", "dev", "d-2", "v"))
    edits.remove_shortcut(path, "a")
    loaded = config.load(path)
    assert loaded.settings.expires_in == 60
    assert dict(loaded.profiles) == {
        "prod": Profile("prod", region="eu-west-2"),
        "dev": Profile("dev", region="eu-west-3"),
    }
    assert loaded.shortcuts == (Shortcut("b", "dev", "d-2", "v"),)
    assert 'prod = { region = "eu-west-2"' in path.read_text(encoding="utf-8")


def test_an_empty_edit_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    edit = document.editing(path)
    with edit:
        pass
    assert edit.config == config.Config(path=path)
    assert not path.exists()


def test_update_settings_sets_keys_and_keeps_their_comments(cfg: Path) -> None:
    saved = edits.update_settings(cfg, {"expires_in": 120, "browser": "firefox {url}"})
    assert saved.settings.expires_in == 120 and saved.settings.browser == "firefox {url}"
    text = cfg.read_text()
    assert "# ExpiresInSeconds of each fresh URL (5..300)" in text
    assert "[profiles.prod]              # AWS profile" in text
    assert config.load(cfg).settings.expires_in == 120


def test_update_settings_makes_the_table_and_refuses_what_does_not_validate(
    tmp_path: Path,
) -> None:
    path = tmp_path / "conf" / "config.toml"
    path.parent.mkdir()
    path.write_text('[profiles.lab]\nregion = "us-east-1"\n')
    edits.update_settings(path, {"session_duration": 3600})
    assert path.read_text().endswith("\n\n[settings]\nsession_duration = 3600\n")
    before = path.read_text()
    with pytest.raises(ConfigError, match="expires_in"):
        edits.update_settings(path, {"expires_in": 9999})
    assert path.read_text() == before
