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


def shortcuts_in_groups(count: int, groups: int) -> tuple[Shortcut, ...]:
    per = max(1, count // groups)
    return tuple(sc(f"s{i:05d}", f"g{i // per:05d}") for i in range(count))


def test_ten_thousand_groups_show_the_first_ones_and_more_opens_the_picker() -> None:
    config = Config(path=Path("c.toml"), shortcuts=shortcuts_in_groups(10_000, 10_000))
    built = menu.build(config)
    labels = built.labels()
    assert labels[: menu.MAX_ENTRIES] == [f"g{i:05d}" for i in range(menu.MAX_ENTRIES)]
    more = built.entries[menu.MAX_ENTRIES]
    assert isinstance(more, Item)
    assert more.label == f"More... ({10_000 - menu.MAX_ENTRIES:,} shortcuts in the picker)"
    assert more.action == menu.OPEN_PICKER
    assert labels[menu.MAX_ENTRIES + 1 :] == ["-", *TAIL]
    assert len(built.items()) < 3 * menu.MAX_ENTRIES + len(TAIL)


def test_a_long_group_lists_its_first_shortcuts_then_more() -> None:
    config = Config(path=Path("c.toml"), shortcuts=shortcuts_in_groups(10_000, 100))
    built = menu.build(config)
    groups = [e for e in built.entries if isinstance(e, Item) and e.submenu]
    assert len(groups) == menu.MAX_ENTRIES
    first = groups[0].submenu
    assert [e.label for e in first[:2] if isinstance(e, Item)] == ["s00000", "s00001"]
    assert len(first) == menu.MAX_GROUP_ITEMS + 1
    last = first[-1]
    assert isinstance(last, Item) and last.action == menu.OPEN_PICKER
    assert last.label == f"More... ({100 - menu.MAX_GROUP_ITEMS} shortcuts in the picker)"
    top_more = built.entries[menu.MAX_ENTRIES]
    assert isinstance(top_more, Item)
    # the 50 groups not listed, 100 shortcuts each; the shown groups' rest is in their own More
    assert top_more.label == "More... (5,000 shortcuts in the picker)"


def test_the_more_count_adds_ungrouped_shortcuts_and_hidden_groups() -> None:
    grouped = tuple(sc(f"g{i}", f"G{i}") for i in range(menu.MAX_ENTRIES))
    extra = (sc("loose-1"), sc("x1", "Late"), sc("x2", "Late"), sc("loose-2"))
    built = menu.build(Config(path=Path("c.toml"), shortcuts=grouped + extra))
    more = built.entries[menu.MAX_ENTRIES]
    assert isinstance(more, Item)
    assert more.label == "More... (4 shortcuts in the picker)"


def test_a_menu_at_the_limits_has_no_more_item() -> None:
    group = tuple(sc(f"a{i}", "A") for i in range(menu.MAX_GROUP_ITEMS))
    loose = tuple(sc(f"b{i}") for i in range(menu.MAX_ENTRIES - 1))
    built = menu.build(Config(path=Path("c.toml"), shortcuts=group + loose))
    assert not any(i.label.startswith("More...") for i in built.items())
    assert len(built.items()) == menu.MAX_GROUP_ITEMS + menu.MAX_ENTRIES + len(TAIL)


def test_a_broken_config_counts_what_it_does_not_list_greyed_out() -> None:
    kept = shortcuts_in_groups(200, 200)
    built = menu.build(ConfigError("bad"), MenuState(last_good=kept))
    more = [i for i in built.items() if "more" in i.label]
    assert [(i.label, i.enabled, i.action) for i in more] == [
        ("150 more shortcuts not shown", False, None)
    ]


def test_the_spaces_submenu_lists_at_most_max_spaces() -> None:
    lines = tuple(menu.SpaceLine(f"sp{i}") for i in range(menu.MAX_SPACES + 7))
    item = menu.spaces_submenu(lines, refreshing=False)
    labels = [e.label for e in item.submenu if isinstance(e, Item)]
    assert len(labels) == menu.MAX_SPACES + 2
    assert labels[-2:] == ["7 more: studio-tray spaces", "Refresh status"]
