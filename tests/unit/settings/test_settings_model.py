"""The settings window's pure parts: rows, the add-keys form's checks, first run."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_tray.errors import UsageError
from studio_tray.model import Config, Profile, Shortcut
from studio_tray.settings.model import (
    KeysForm,
    check_keys_form,
    is_first_run,
    profile_rows,
    shortcut_rows,
)

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
PATH = Path("config.toml")


def test_profile_rows_name_kind_region_and_state() -> None:
    config = Config(
        PATH,
        profiles={
            "k": Profile("k", region="us-east-1"),
            "a": Profile("a", aws_profile="dev-sso", region="eu-west-1"),
            "s": Profile(
                "s",
                sso_start_url="https://x.awsapps.com/start",
                sso_region="us-east-1",
                sso_account_id="123456789012",
                sso_role_name="R",
            ),
            "n": Profile("n"),
        },
    )
    rows = profile_rows(config, lambda name: name == "k")
    assert [(r.name, r.kind, r.region, r.state) for r in rows] == [
        ("k", "keys", "us-east-1", "keys in the keyring"),
        ("a", "AWS profile", "eu-west-1", "uses dev-sso"),
        ("s", "Identity Center", "", "signs in at https://x.awsapps.com/start"),
        ("n", "keys", "", "no keys stored"),
    ]


def test_shortcut_rows_keep_menu_order_and_group() -> None:
    shortcuts = (
        Shortcut("b", "p", "d-abc123", "alice", space="lab", group="Prod"),
        Shortcut("a", "p", "d-abc123", "bob"),
    )
    rows = shortcut_rows(shortcuts)
    assert [(r.name, r.group, r.where) for r in rows] == [
        ("b", "Prod", "d-abc123 / alice / lab"),
        ("a", "", "d-abc123 / bob"),
    ]


def test_first_run_only_without_profiles_and_shortcuts() -> None:
    assert is_first_run(Config(PATH))
    assert not is_first_run(Config(PATH, profiles={"p": Profile("p")}))


def test_a_good_form_gives_the_profile_and_cleaned_keys() -> None:
    form = KeysForm(
        name=" prod ",
        access_key_id=f" {KEY_ID} ",
        secret=SECRET,
        region="us-east-1",
        endpoint_url="",
    )
    profile, keys = check_keys_form(form, PATH)
    assert profile == Profile("prod", region="us-east-1")
    assert keys == (KEY_ID, SECRET)


def test_a_bad_form_names_every_problem_at_once() -> None:
    form = KeysForm(
        name="prod",
        access_key_id="nope",
        secret="short",
        region="us-east-1",
        role_arn="not-an-arn",
        endpoint_url="ftp://x",
    )
    with pytest.raises(UsageError) as caught:
        check_keys_form(form, PATH)
    text = str(caught.value)
    assert "role_arn" in text
    assert "endpoint_url" in text
    assert "access key" in text.lower()
    assert "secret" in text.lower()
    assert SECRET not in text and "short" not in text


def test_a_form_without_a_name_says_so() -> None:
    with pytest.raises(UsageError, match="name"):
        check_keys_form(KeysForm(access_key_id=KEY_ID, secret=SECRET), PATH)


def test_field_order_is_the_tab_order() -> None:
    assert KeysForm.field_names() == [
        "name",
        "access_key_id",
        "secret",
        "region",
        "role_arn",
        "mfa_serial",
        "endpoint_url",
    ]


def shortcut_config(tmp_path: Path) -> Config:
    from studio_tray import config as config_file

    path = tmp_path / "config.toml"
    path.write_text(
        '[profiles.p]\nregion = "us-east-1"\n\n'
        '[[shortcuts]]\nname = "a"  # keep me\nprofile = "p"\ndomain_id = "d-abc123"\n'
        'user_profile = "alice"\nhotkey = "<ctrl>+<alt>+1"\n\n'
        '[[shortcuts]]\nname = "b"\nprofile = "p"\ndomain_id = "d-abc123"\nuser_profile = "bob"\n'
    )
    return config_file.load(path)


def test_the_shortcut_form_reports_every_problem_at_once(tmp_path: Path) -> None:
    from studio_tray.settings.model import ShortcutForm, check_shortcut_form

    config = shortcut_config(tmp_path)
    form = ShortcutForm(
        name="b", profile="nope", domain_id="D-1", user_profile="x", hotkey="<ctrl>+<alt>+1"
    )
    with pytest.raises(UsageError) as caught:
        check_shortcut_form(form, config)
    text = str(caught.value)
    assert 'shortcut "b" already exists' in text
    assert "profile" in text and "nope" in text
    assert "domain_id" in text
    assert "hotkey" in text or "<ctrl>+<alt>+1" in text
    with pytest.raises(UsageError, match="user_profile: required"):
        check_shortcut_form(ShortcutForm(name="c", profile="p", domain_id="d-abc123"), config)


def test_editing_a_shortcut_keeps_its_name_free_and_its_place(tmp_path: Path) -> None:
    from studio_tray import config as config_file
    from studio_tray.config import edits
    from studio_tray.settings.model import ShortcutForm, check_shortcut_form

    config = shortcut_config(tmp_path)
    original = config.shortcut("a")
    assert original is not None
    form = ShortcutForm.of(original)
    form.space = "lab"
    shortcut = check_shortcut_form(form, config, editing="a")  # its own name and hotkey: fine
    edits.replace_shortcut(config.path, "a", shortcut)
    saved = config_file.load(config.path)
    assert [s.name for s in saved.shortcuts] == ["a", "b"]
    assert saved.shortcuts[0].space == "lab"
    assert "# keep me" in config.path.read_text()


def test_moving_a_shortcut_changes_the_menu_order_and_stops_at_the_ends(tmp_path: Path) -> None:
    from studio_tray.config import edits

    config = shortcut_config(tmp_path)
    assert [s.name for s in edits.move_shortcut(config.path, "b", -1).shortcuts] == ["b", "a"]
    assert [s.name for s in edits.move_shortcut(config.path, "b", -1).shortcuts] == ["b", "a"]
    assert [s.name for s in edits.move_shortcut(config.path, "b", 5).shortcuts] == ["a", "b"]


def test_a_file_that_does_not_parse_is_never_overwritten(tmp_path: Path) -> None:
    from studio_tray.errors import ConfigError
    from studio_tray.settings import actions
    from studio_tray.settings.model import ShortcutForm

    path = tmp_path / "config.toml"
    path.write_text("this is = = not toml\n")
    form = ShortcutForm(name="c", profile="p", domain_id="d-abc123", user_profile="x")
    with pytest.raises(ConfigError):
        actions.save_shortcut(path, form)
    with pytest.raises(ConfigError):
        actions.save_keys_profile(path, KeysForm("p", KEY_ID, SECRET, "us-east-1"), store=None)
    assert path.read_text() == "this is = = not toml\n"


def test_the_general_form_gives_only_what_changed_checked_as_the_loader_does() -> None:
    from studio_tray.model import Settings
    from studio_tray.settings.model import GeneralForm, check_general_form

    current = Settings()
    form = GeneralForm.of(current, start_at_login=False)
    assert check_general_form(form, current, PATH) == {}
    form.expires_in = " 120 "
    form.picker_hotkey = "ctrl+alt+p"
    changes = check_general_form(form, current, PATH)
    assert changes == {"expires_in": 120, "picker_hotkey": "<ctrl>+<alt>+p"}  # normalised
    form.picker_hotkey = ""  # turns the picker's combo off, as in the config
    assert check_general_form(form, current, PATH)["picker_hotkey"] == ""
    form.remind_running_hours, form.status_refresh_minutes = "0", "0"  # both mean off
    changes = check_general_form(form, current, PATH)
    assert changes["remind_running_hours"] == 0 and changes["status_refresh_minutes"] == 0


def test_the_general_form_names_every_problem_at_once() -> None:
    from studio_tray.model import Settings
    from studio_tray.settings.model import GeneralForm, check_general_form

    form = GeneralForm("9999", "soon", "firefox", "<nokey>+q", "0", "-1", "often")
    with pytest.raises(UsageError) as caught:
        check_general_form(form, Settings(), PATH)
    lines = str(caught.value).splitlines()
    assert len(lines) == 7
    assert lines[0] == "session_duration 'soon' must be a whole number of seconds"
    assert lines[1] == "status_refresh_minutes 'often' must be a whole number of minutes"
    assert "expires_in 9999" in lines[2] and "300" in lines[2]
    assert "browser" in lines[3] and "{url}" in lines[3]
    assert "picker_hotkey" in lines[4]
    assert "space_start_minutes" in lines[5] and "120" in lines[5]
    assert "remind_running_hours -1" in lines[6] and "0 (no reminder)" in lines[6]
    assert not any(line.startswith("config.toml") for line in lines)
