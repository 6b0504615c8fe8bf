"""The pure menu model: grouping, order, the error state, disabled and check items."""

from __future__ import annotations

from pathlib import Path

from studio_tray.errors import ConfigError
from studio_tray.model import Config, Profile, Shortcut
from studio_tray.tray import menu
from studio_tray.tray.menu import SEPARATOR, Item, MenuState


def sc(name: str, group: str | None = None) -> Shortcut:
    return Shortcut(name=name, profile="p", domain_id="d-abc", user_profile="u", group=group)


CONFIG = Config(
    path=Path("config.toml"),
    shortcuts=(
        sc("top-1"),
        sc("prod-a", "Prod"),
        sc("dev-a", "Dev"),
        sc("top-2"),
        sc("prod-b", "Prod"),
    ),
)

TAIL = [
    "Open picker...",
    "Discover shortcuts...",
    "Settings...",
    "Edit config",
    "Reload config",
    "Open log",
    "Quit",
]


def test_groups_become_submenus_in_config_order() -> None:
    built = menu.build(CONFIG)
    assert built.labels() == ["top-1", "Prod", "Dev", "top-2", "-", *TAIL]
    prod = built.entries[1]
    assert isinstance(prod, Item)
    assert [i.label for i in prod.submenu if isinstance(i, Item)] == ["prod-a", "prod-b"]
    assert prod.action is None
    assert all(i.action == menu.LAUNCH for i in prod.submenu if isinstance(i, Item))
    assert [i.target for i in prod.submenu if isinstance(i, Item)] == ["prod-a", "prod-b"]


def test_launch_items_carry_the_shortcut_name() -> None:
    items = {i.label: i for i in menu.build(CONFIG).items()}
    assert items["top-2"].action == menu.LAUNCH
    assert items["top-2"].target == "top-2"
    assert items["Quit"].action == menu.QUIT
    assert items["Open log"].action == menu.OPEN_LOG
    assert items["Reload config"].action == menu.RELOAD_CONFIG
    assert items["Edit config"].action == menu.EDIT_CONFIG
    assert items["Settings..."].action == menu.SETTINGS
    assert items["Open picker..."].action == menu.OPEN_PICKER


def test_start_at_login_only_with_a_backend_and_checked_from_state() -> None:
    assert "Start at login" not in menu.build(CONFIG).labels()
    on = {i.label: i for i in menu.build(CONFIG, MenuState(autostart=True)).items()}
    off = {i.label: i for i in menu.build(CONFIG, MenuState(autostart=False)).items()}
    assert on["Start at login"].checked is True
    assert off["Start at login"].checked is False
    assert on["Start at login"].action == menu.AUTOSTART
    assert on["Quit"].checked is None
    labels = menu.build(CONFIG, MenuState(autostart=False)).labels()
    assert labels.index("Start at login") == labels.index("Discover shortcuts...") + 1


def test_launching_shortcuts_are_greyed_out() -> None:
    items = {
        i.label: i for i in menu.build(CONFIG, MenuState(launching=frozenset({"prod-b"}))).items()
    }
    assert items["prod-b"].enabled is False
    assert items["prod-a"].enabled is True


def test_empty_config_has_no_separator_and_no_picker() -> None:
    built = menu.build(Config(path=Path("c.toml")))
    assert built.labels() == TAIL
    assert built.items()[0].enabled is False


def test_demo_has_no_file_items() -> None:
    labels = menu.build(CONFIG, MenuState(has_file=False)).labels()
    assert "Edit config" not in labels and "Reload config" not in labels
    assert "Settings..." not in labels  # the demo has no config file to change
    assert labels[-2:] == ["Open log", "Quit"]


def test_broken_config_shows_one_disabled_error_item_and_edit_reload_quit() -> None:
    err = ConfigError(
        [
            'config.toml: shortcut "x": domain_id "D-1" must look like d-xxx',
            "config.toml: line 3: bad",
        ]
    )
    built = menu.build(err)
    assert built.labels() == [
        'config.toml: shortcut "x": domain_id "D-1" must look like d-xxx (+1 more)',
        "-",
        "Settings...",
        "Edit config",
        "Reload config",
        "Quit",
    ]
    first = built.entries[0]
    assert isinstance(first, Item) and not first.enabled and first.action is None


def test_broken_config_keeps_last_good_shortcuts() -> None:
    built = menu.build(ConfigError("bad"), MenuState(last_good=CONFIG.shortcuts))
    assert built.labels() == [
        "bad",
        "-",
        "top-1",
        "Prod",
        "Dev",
        "top-2",
        "-",
        "Settings...",
        "Edit config",
        "Reload config",
        "Quit",
    ]


def test_long_error_is_shortened() -> None:
    label = menu.error_label(ConfigError("x" * 300))
    assert len(label) <= menu.MAX_ERROR_LABEL and label.endswith("...")


def test_separator_is_one_shared_value() -> None:
    assert menu.build(CONFIG).entries[4] is SEPARATOR


def test_discover_needs_a_profile_and_greys_out_while_running() -> None:
    with_profile = Config(
        path=Path("c.toml"),
        profiles={"prod": Profile("prod", region="us-east-1")},
        shortcuts=CONFIG.shortcuts,
    )
    idle = {i.label: i for i in menu.build(with_profile).items()}
    assert idle["Discover shortcuts..."].enabled is True
    assert idle["Discover shortcuts..."].action == menu.DISCOVER
    busy = {i.label: i for i in menu.build(with_profile, MenuState(discovering=True)).items()}
    assert busy["Discovering shortcuts..."].enabled is False
    none = {i.label: i for i in menu.build(CONFIG).items()}
    assert none["Discover shortcuts..."].enabled is False
    assert "Discover shortcuts..." not in menu.build(CONFIG, MenuState(has_file=False)).labels()
