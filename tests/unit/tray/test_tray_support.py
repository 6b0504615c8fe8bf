"""What "no tray here" says: the thing actually missing, and the headless forms."""

from __future__ import annotations

from pathlib import Path

from studio_tray.tray import support

DESKTOP = {"DISPLAY": ":0", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}


def test_a_desktop_with_pygobject_lacks_nothing() -> None:
    assert support.missing_for_tray(DESKTOP, "linux", gi_found=True) == []
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "DBUS_SESSION_BUS_ADDRESS": "x"}
    assert support.missing_for_tray(wayland, "linux", gi_found=True) == []


def test_no_display_and_no_session_bus_are_named() -> None:
    assert support.missing_for_tray({}, "linux", gi_found=True) == [
        "no display ($DISPLAY and $WAYLAND_DISPLAY are not set)",
        "no D-Bus session ($DBUS_SESSION_BUS_ADDRESS is not set)",
    ]


def test_the_runtime_dir_bus_counts_as_a_session(tmp_path: Path) -> None:
    (tmp_path / "bus").touch()
    env = {"DISPLAY": ":0", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert support.missing_for_tray(env, "linux", gi_found=True) == []


def test_pygobject_is_named_only_when_it_is_missing() -> None:
    missing = support.missing_for_tray(DESKTOP, "linux", gi_found=False)
    assert missing == [f"no PyGObject for menus ({support.GTK_INSTALL})"]
    assert "pip install 'studio-tray[gtk]'" in support.desktop_hint(missing)
    no_display = support.missing_for_tray({}, "linux", gi_found=True)
    assert "PyGObject" not in support.desktop_hint(no_display)
    assert "studio-tray[gtk]" not in support.desktop_hint(no_display)


def test_the_hint_points_to_the_headless_forms() -> None:
    hint = support.desktop_hint([])
    assert "`studio-tray open --print NAME`" in hint
    assert '`studio-tray demo --print "Demo - alice - lab"`' in hint


def test_other_systems_always_have_a_tray() -> None:
    assert support.missing_for_tray({}, "darwin", gi_found=False) == []
    assert support.missing_for_tray({}, "win32", gi_found=False) == []
