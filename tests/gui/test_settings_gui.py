"""The settings window as a real Tk process under Xvfb, driven by xdotool keystrokes.

The window saves through the real keyring (gnome-keyring on a private D-Bus session) and
checks keys with the emulator's STS over HTTP with SigV4.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from studio_tray import config as config_file
from studio_tray.aws.keystore import KeyringStore
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.settings.window import REMOVE_TITLE, SETTINGS_TITLE
from tests.fixtures.display import Display
from tests.fixtures.settings_window import Settings, save_picture
from tests.fixtures.wait import wait_until

pytestmark = [pytest.mark.gui, pytest.mark.timeout(120)]

TITLE = f"^{SETTINGS_TITLE}$"  # as xdotool search --name takes it


def log_text(path: Path) -> str:
    return path.read_text() if path.exists() else ""


def keys_config(path: Path, emu: Emulator, *names: str) -> Path:
    text = "".join(
        f'[profiles.{name}]\nregion = "us-east-1"\nendpoint_url = "{emu.url}"\n\n' for name in names
    )
    path.write_text(text)
    return path


def fill_form(window: Settings, name: str, secret: str, endpoint: str) -> None:
    """Type the add-keys form in its tab order (Show is skipped), then Enter."""
    window.type(name)
    window.display.keys("Tab")
    window.type(DEMO_ACCESS_KEY_ID)
    window.display.keys("Tab")
    window.type(secret)
    window.display.keys("Tab")
    window.type("us-east-1")
    window.display.keys("Tab", "Tab", "Tab")  # role ARN, MFA serial: empty
    window.type(endpoint)
    window.display.keys("Return")


def test_add_profile_form_saves_to_keyring_and_config(
    settings: Any, emulator: Emulator, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("# my profiles\n")
    window = settings(config, "--add-profile")
    window.wait_line("page: add-keys")
    fill_form(window, "lab", DEMO_SECRET_ACCESS_KEY, emulator.url)
    line = window.wait_line("added profile lab")
    assert "account" in line
    profile = config_file.load(config).profiles["lab"]
    assert profile.region == "us-east-1" and profile.endpoint_url == emulator.url
    assert "# my profiles" in config.read_text()  # written through the edit layer
    assert DEMO_SECRET_ACCESS_KEY not in config.read_text()
    assert KeyringStore(config=config).get("lab") == (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)
    window.wait_line("page: lists")
    assert window.close() == 0
    assert not any(DEMO_SECRET_ACCESS_KEY in line for line in window.lines)


def test_a_wrong_secret_stores_nothing_and_shows_the_error(
    settings: Any, emulator: Emulator, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    window = settings(config, "--add-profile")
    window.wait_line("page: add-keys")
    wrong = DEMO_SECRET_ACCESS_KEY[:-4] + "XXXX"
    fill_form(window, "lab", wrong, emulator.url)
    window.wait_line("not saved:")
    window.wait_line("shown: add-keys")
    assert window.proc.poll() is None  # the window stays open
    save_picture(window.display, "error")
    assert not config.exists() or "lab" not in config_file.load(config).profiles
    assert KeyringStore(config=config).get("lab") is None
    assert not any(wrong in line for line in window.lines)
    # What was typed is kept: back to the secret field (Tab in selects it), type the right one.
    window.display.keys("shift+Tab", "shift+Tab", "shift+Tab", "shift+Tab")
    window.type(DEMO_SECRET_ACCESS_KEY)
    window.display.keys("Return")
    window.wait_line("added profile lab")
    assert config_file.load(config).profiles["lab"].endpoint_url == emulator.url
    assert KeyringStore(config=config).get("lab") == (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)
    assert window.close() == 0


ROLE = "arn:aws:iam::123456789012:role/DataScientist"
SERIAL = "arn:aws:iam::123456789012:mfa/alice"
CODE = "246810"


def fill_role_form(window: Settings, endpoint: str, serial: str = SERIAL) -> None:
    """The add-keys form with a role ARN and an MFA serial (empty: none), then Enter."""
    window.type("lab")
    window.display.keys("Tab")
    window.type(DEMO_ACCESS_KEY_ID)
    window.display.keys("Tab")
    window.type(DEMO_SECRET_ACCESS_KEY)
    window.display.keys("Tab")
    window.type("us-east-1")
    window.display.keys("Tab")
    window.type(ROLE)
    window.display.keys("Tab")
    if serial:
        window.type(serial)
    window.display.keys("Tab")
    window.type(endpoint)
    window.display.keys("Return")


def next_line(window: Settings, start: str, seen: int) -> str:
    """The first line starting with ``start`` reported after the first ``seen`` lines."""

    def found() -> str | None:
        return next((line for line in window.lines[seen:] if line.startswith(start)), None)

    line = wait_until(found, 30, 0.1, what=repr(start))
    assert line is not None
    return line


def nothing_stored(config: Path) -> bool:
    profiles = config_file.load(config).profiles if config.exists() else {}
    return "lab" not in profiles and KeyringStore(config=config).get("lab") is None


def mfa_prompt_shown(
    settings: Any, emulator: Emulator, display: Display, tmp_path: Path
) -> tuple[Settings, Path]:
    """The add-keys form filled for a role with MFA and saved, its MFA prompt on screen."""
    from studio_tray.settings.mfa_prompt import MFA_TITLE

    emulator.add_role(ROLE, mfa_serial=SERIAL)
    emulator.set_mfa_code(SERIAL, CODE)
    config = tmp_path / "config.toml"
    window = settings(config, "--add-profile")
    window.wait_line("page: add-keys")
    fill_role_form(window, emulator.url)
    window.wait_line("mfa prompt: shown")
    display.window_named(f"^{MFA_TITLE}$", timeout=20)
    return window, config


def test_a_role_with_mfa_asks_for_the_code_in_the_window_then_stores(
    settings: Any, emulator: Emulator, display: Display, tmp_path: Path
) -> None:
    window, config = mfa_prompt_shown(settings, emulator, display, tmp_path)
    window.type("12a")
    display.keys("Return")  # not six digits: the prompt says so and stays
    window.wait_line("mfa prompt: not a code")
    assert nothing_stored(config)
    display.keys("BackSpace", "BackSpace", "BackSpace")
    window.type(CODE)
    display.keys("Return")
    line = window.wait_line("added profile lab")
    assert ":assumed-role/DataScientist/" in line  # who the role check said
    profile = config_file.load(config).profiles["lab"]
    assert profile.role_arn == ROLE and profile.mfa_serial == SERIAL
    assert profile.endpoint_url == emulator.url
    assert KeyringStore(config=config).get("lab") == (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)
    assert not any(CODE in line or DEMO_SECRET_ACCESS_KEY in line for line in window.lines)
    window.wait_line("page: lists")
    assert window.close() == 0


def test_a_wrong_mfa_code_or_cancel_stores_nothing_and_keeps_the_form(
    settings: Any, emulator: Emulator, display: Display, tmp_path: Path
) -> None:
    from studio_tray.settings.mfa_prompt import MFA_TITLE

    window, config = mfa_prompt_shown(settings, emulator, display, tmp_path)
    window.type("135791")  # six digits, not the device's: the emulator's STS refuses it
    display.keys("Return")
    line = window.wait_line("not saved:")
    assert "MFA code" in line
    assert nothing_stored(config)
    assert window.proc.poll() is None
    # The form kept what was typed: Enter in it asks again; Escape cancels the prompt only.
    seen = len(window.lines)
    display.keys("Return")
    next_line(window, "mfa prompt: shown", seen)
    display.window_named(f"^{MFA_TITLE}$", timeout=20)
    display.keys("Escape")
    next_line(window, "mfa prompt: cancelled", seen)
    next_line(window, "not saved: MFA prompt cancelled", seen)
    assert nothing_stored(config)
    assert window.proc.poll() is None  # Escape closed the prompt, not the window
    seen = len(window.lines)
    display.keys("Return")
    next_line(window, "mfa prompt: shown", seen)
    display.window_named(f"^{MFA_TITLE}$", timeout=20)
    window.type(CODE)
    display.keys("Return")
    next_line(window, "added profile lab", seen)
    assert KeyringStore(config=config).get("lab") == (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)
    assert config_file.load(config).profiles["lab"].mfa_serial == SERIAL
    assert window.close() == 0


def test_a_role_without_mfa_is_assumed_without_a_prompt(
    settings: Any, emulator: Emulator, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    window = settings(config, "--add-profile")
    window.wait_line("page: add-keys")
    fill_role_form(window, emulator.url, serial="")
    line = window.wait_line("not saved:")  # the keys are fine, the role is not assumable yet
    assert "may not assume role" in line
    assert nothing_stored(config)
    emulator.add_role(ROLE)
    seen = len(window.lines)
    window.display.keys("Return")  # the form kept everything
    line = next_line(window, "added profile lab", seen)
    assert ":assumed-role/DataScientist/" in line
    assert not any(line.startswith("mfa prompt") for line in window.lines)
    assert config_file.load(config).profiles["lab"].role_arn == ROLE
    assert KeyringStore(config=config).get("lab") == (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)
    assert window.close() == 0


def test_closing_during_the_keys_check_lets_the_save_finish_first(
    settings: Any, emulator: Emulator, display: Display, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    window = settings(config, "--add-profile")
    window.wait_line("page: add-keys")
    emulator.set_latency(2)  # each STS answer takes 2 s: time to close meanwhile
    fill_form(window, "lab", DEMO_SECRET_ACCESS_KEY, emulator.url)
    window.wait_line("checking keys")
    display.keys("Escape")
    window.wait_line("closing after the keys check")
    assert window.proc.wait(30) == 0
    assert "saved profile lab" in window.lines
    assert config_file.load(config).profiles["lab"].endpoint_url == emulator.url
    assert KeyringStore(config=config).get("lab") == (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)


def test_no_mfa_prompt_for_a_bad_field_or_a_broken_config(
    settings: Any, emulator: Emulator, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("# mine\n")
    window = settings(config, "--add-profile")
    window.wait_line("page: add-keys")
    window.type("lab")
    window.display.keys("Tab")
    window.type(DEMO_ACCESS_KEY_ID)
    window.display.keys("Tab")
    window.type(DEMO_SECRET_ACCESS_KEY)
    window.display.keys("Tab")
    window.type("us-east-1")
    window.display.keys("Tab")
    window.type(ROLE)
    window.display.keys("Tab")
    window.type("alice")  # no MFA device ARN
    window.display.keys("Return")
    assert "mfa_serial" in window.wait_line("not saved:")
    window.display.keys("shift+Tab", "Tab")  # back into the serial: Tab in selects it
    window.type(SERIAL)  # the fields are fine now
    config.write_text("this is = = not toml\n")  # but the file broke in an editor meanwhile
    seen = len(window.lines)
    window.display.keys("Return")
    next_line(window, "page: error", seen)
    assert not any(line.startswith("mfa prompt") for line in window.lines)
    assert KeyringStore(config=config).get("lab") is None
    assert window.close() == 0


def test_remove_asks_then_removes_the_keyring_item_and_table(
    settings: Any, emulator: Emulator, display: Display, tmp_path: Path
) -> None:
    config = keys_config(tmp_path / "config.toml", emulator, "gone")
    KeyringStore(config=config).set("gone", DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)
    window = settings(config)
    window.wait_line("page: lists")
    display.keys("Delete")  # the first profile is selected and the list has the focus
    display.window_named(f"^{REMOVE_TITLE}$", timeout=20)
    display.keys("Return")  # "Yes" is the default button
    window.wait_line("removed profile gone")
    assert "gone" not in config_file.load(config).profiles
    assert KeyringStore(config=config).get("gone") is None
    assert window.close() == 0


def test_first_run_opens_the_welcome_page(
    run_tray: Any, display: Display, isolated_env: dict[str, Path], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"  # no file at all: no profiles, no shortcuts
    tray = run_tray(config)
    display.tray_icon("studio-tray")
    display.window_named(TITLE, timeout=30)
    tray.wait_line("shown: welcome")
    log = isolated_env["log"] / "studio-tray.log"
    wait_until(lambda: "first run" in log_text(log), 20, 0.2, what="the first-run log line")
    save_picture(display, "welcome")
    assert tray.proc.poll() is None  # the tray keeps running


def test_no_welcome_once_a_profile_exists(
    run_tray: Any,
    display: Display,
    emulator: Emulator,
    isolated_env: dict[str, Path],
    tmp_path: Path,
) -> None:
    config = keys_config(tmp_path / "config.toml", emulator, "lab")
    tray = run_tray(config)
    display.tray_icon("studio-tray")
    log = isolated_env["log"] / "studio-tray.log"
    # Its services start after the first-run decision: once they listen, it has been made.
    wait_until(
        lambda: "hand-off channel listening" in log_text(log), 20, 0.2, what="the tray's services"
    )
    assert "first run" not in log_text(log)
    assert not display.run("xdotool", "search", "--name", TITLE, check=False).split()
    assert not any(line.startswith("page:") for line in tray.lines)
    assert tray.proc.poll() is None


SHORTCUT = """
[[shortcuts]]
name = "first"  # a comment the edits keep
profile = "lab"
domain_id = "d-abc123def456"
user_profile = "alice"
"""


def test_an_invalid_shortcut_edit_shows_every_problem_and_writes_nothing(
    settings: Any, emulator: Emulator, display: Display, tmp_path: Path
) -> None:
    config = keys_config(tmp_path / "config.toml", emulator, "lab")
    config.write_text(config.read_text() + SHORTCUT)
    before = config.read_text()
    window = settings(config)
    window.wait_line("shown: lists")
    display.keys("ctrl+Tab")  # the Shortcuts tab; its list gets the keyboard
    window.wait_line("tab: shortcuts")
    display.keys("Return")  # edit the selected (first) shortcut
    window.wait_line("page: shortcut")
    display.keys("Tab")  # profile (Tab in selects what is there)
    window.type("nobody")
    display.keys("Tab")  # domain id
    window.type("D-BAD")
    display.keys("Return")
    line = window.wait_line("not saved:")
    problems = "\n".join(window.lines[window.lines.index(line) :])
    assert "nobody" in problems and "D-BAD" in problems  # both at once
    assert config.read_text() == before
    assert window.proc.poll() is None
    assert window.close() == 0


def test_a_config_that_does_not_parse_shows_the_error_and_reload(
    settings: Any, emulator: Emulator, display: Display, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("this is = = not toml\n")
    window = settings(config)
    window.wait_line("shown: error")
    keys_config(config, emulator, "lab")  # fixed in an editor
    display.keys("space")  # the focused "Reload" button
    window.wait_line("page: lists")
    assert window.close() == 0


def test_the_tray_menu_opens_settings_and_the_tray_reloads_after_a_save(
    run_tray: Any,
    display: Display,
    emulator: Emulator,
    isolated_env: dict[str, Path],
    tmp_path: Path,
) -> None:
    from studio_tray.tray import menu

    config = keys_config(tmp_path / "config.toml", emulator, "lab")
    config.write_text(config.read_text() + SHORTCUT)
    tray = run_tray(config)
    icon = display.tray_icon("studio-tray")
    log = isolated_env["log"] / "studio-tray.log"
    wait_until(lambda: "tray up" in log_text(log), 20, 0.2, what="the tray to be up")
    built = menu.build(config_file.load(config), menu.MenuState(autostart=False))
    labels = [e.label for e in built.entries if isinstance(e, menu.Item)]
    display.click(icon, button=3)
    display.popup("studio-tray")
    display.keys(*["Down"] * (labels.index("Settings...") + 1), "Return")
    display.window_named(TITLE, timeout=30)
    tray.wait_line("shown: lists")
    loads = log_text(log).count("config loaded")
    display.keys("ctrl+Tab")
    tray.wait_line("tab: shortcuts")
    display.keys("Tab", "space")  # the Shortcuts tab's "Add..." button
    tray.wait_line("page: shortcut")
    tray.type("second")
    display.keys("Tab", "Tab")  # the only profile is preset
    tray.type("d-abc123def456")
    display.keys("Tab")
    tray.type("bob")
    display.keys("Return")
    tray.wait_line('added shortcut "second"')
    assert [s.name for s in config_file.load(config).shortcuts] == ["first", "second"]
    assert "# a comment the edits keep" in config.read_text()
    wait_until(
        lambda: log_text(log).count("config loaded") > loads,
        20,
        0.2,
        what="the tray to reload after the save",
    )
    assert "config loaded: 2 shortcuts" in log_text(log)


def test_discover_finds_the_shortcuts_and_adds_the_checked_ones(
    settings: Any, emulator: Emulator, display: Display, tmp_path: Path
) -> None:
    domain = emulator.add_domain("d-abc123def456", name="studio")
    for user in ("alice", "bob", "carol", "dave"):
        emulator.add_user_profile(domain, user)
    emulator.add_space(domain, "team", sharing="Shared", app_type="JupyterLab")
    config = keys_config(tmp_path / "config.toml", emulator, "lab")
    config.write_text(config.read_text() + SHORTCUT.replace('"alice"', '"alice"\nspace = "team"'))
    KeyringStore(config=config).set("lab", DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)
    window = settings(config)
    window.wait_line("shown: lists")
    display.keys("ctrl+Tab")  # the Shortcuts tab; its list gets the keyboard
    window.wait_line("tab: shortcuts")
    # Add..., Edit..., Remove, Move up, Move down, Discover...
    display.keys(*["Tab"] * 6, "space")
    window.wait_line("page: discover")
    display.keys("Return")  # in the profile list ("lab", the only one, is chosen)
    line = window.wait_line("discovered:", timeout=60)
    assert "1 domain, 4 user profiles, 1 space;" in line and "4 shortcut(s)" in line
    save_picture(display, "discover")
    # alice's is greyed (already added); the keyboard is on bob's, the first new one.
    display.keys("space")  # uncheck bob
    display.keys("Return")  # add the checked ones
    window.wait_line("added 2 discovered shortcut(s)")
    shortcuts = config_file.load(config).shortcuts
    assert [(s.user_profile, s.space) for s in shortcuts] == [
        ("alice", "team"),
        ("carol", "team"),
        ("dave", "team"),
    ]
    assert shortcuts[0].name == "first"
    assert "# a comment the edits keep" in config.read_text()
    window.wait_line("page: lists")
    assert window.close() == 0


def test_general_tab_checks_every_field_then_saves_expires_in(
    settings: Any, emulator: Emulator, display: Display, tmp_path: Path
) -> None:
    config = keys_config(tmp_path / "config.toml", emulator, "lab")
    config.write_text("# my settings file\n" + config.read_text() + SHORTCUT)
    before = config.read_text()
    window = settings(config)
    window.wait_line("shown: lists")
    display.keys("ctrl+Tab")
    window.wait_line("tab: shortcuts")
    display.keys("ctrl+Tab")  # the General tab; the keyboard in its first field
    window.wait_line("tab: general")
    window.type("9999")  # replaces the selected value
    display.keys("Tab", "Tab", "Tab", "Tab")  # session, browser, its Test: to the picker hotkey
    window.type("<nokey>+q")
    display.keys("Return")
    line = window.wait_line("not saved:")
    problems = "\n".join(window.lines[window.lines.index(line) :])
    assert "expires_in 9999" in problems and "picker_hotkey" in problems  # both at once
    assert config.read_text() == before
    display.keys("shift+Tab", "Tab")  # out and back in: Tab in selects the bad combo
    window.type("<ctrl>+<alt>+p")
    display.keys(*["shift+Tab"] * 4)  # back in expires_in, selected
    window.type("120")
    display.keys("Return")
    window.wait_line("saved settings: expires_in, picker_hotkey")
    saved = config_file.load(config)
    assert saved.settings.expires_in == 120
    assert saved.settings.picker_hotkey == "<ctrl>+<alt>+p"
    assert saved.settings.session_duration == 43200 and saved.settings.browser == ""
    assert "# my settings file" in config.read_text()  # written through the edit layer
    assert "session_duration" not in config.read_text()  # only what changed is written
    assert window.close() == 0
