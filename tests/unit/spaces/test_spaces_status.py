"""The pure parts of spaces: one word from ListApps, durations, the tray's submenu lines."""

from __future__ import annotations

from datetime import UTC, datetime

from studio_tray.spaces import lifecycle
from studio_tray.spaces.status import describe_duration, status_of
from studio_tray.tray import menu

T0 = datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 1, 2, tzinfo=UTC)


def app(status: str, created: datetime = T0, name: str = "default") -> dict:
    return {
        "AppType": "JupyterLab",
        "AppName": name,
        "Status": status,
        "CreationTime": created,
        "ResourceSpec": {"InstanceType": "ml.t3.medium"},
    }


def test_no_app_or_only_deleted_ones_is_stopped() -> None:
    assert status_of([]).status == "stopped"
    assert status_of([app("Deleted"), app("Deleted", T1)]).status == "stopped"


def test_each_app_status_maps_to_one_word_and_the_newest_live_app_decides() -> None:
    words = {s: status_of([app(s)]).status for s in ("InService", "Pending", "Deleting", "Failed")}
    assert words == {
        "InService": "running",
        "Pending": "starting",
        "Deleting": "stopping",
        "Failed": "failed",
    }
    state = status_of([app("Deleted", T1), app("Failed", T0, "old"), app("Pending", T1, "new")])
    assert (state.status, state.app_name, state.since) == ("starting", "new", T1)
    assert state.instance_type == "ml.t3.medium"


def test_durations_and_poll_intervals() -> None:
    assert [describe_duration(s) for s in (5, 80, 7800)] == ["5 s", "1 m 20 s", "2 h 10 m"]
    assert lifecycle.interval(0) == 0.5 and lifecycle.interval(600) == lifecycle.MAX_INTERVAL


def test_the_spaces_submenu_offers_start_or_stop_by_status() -> None:
    lines = (
        menu.SpaceLine("lab", "running", "ml.t3.medium", 7800),
        menu.SpaceLine("off", "stopped", "ml.t3.medium"),
        menu.SpaceLine("x", "unknown"),
        menu.SpaceLine("busy", "stopped", busy=True),
    )
    item = menu.spaces_submenu(lines, refreshing=False)
    subs = [e for e in item.submenu if isinstance(e, menu.Item)]
    assert [s.label for s in subs] == [
        "lab: running 2 h 10 m, ml.t3.medium",
        "off: stopped",
        "x: unknown",
        "busy: stopped",
        "Refresh status",
    ]
    assert [[(i.label, i.action) for i in s.submenu] for s in subs[:4]] == [
        [("Stop", menu.SPACE_STOP)],
        [("Start", menu.SPACE_START)],
        [("Start", menu.SPACE_START), ("Stop", menu.SPACE_STOP)],
        [("Working...", None)],
    ]


def test_no_spaces_no_submenu() -> None:
    from pathlib import Path

    from studio_tray.model import Config

    assert "Spaces" not in menu.build(Config(Path("c.toml")), menu.MenuState()).labels()
