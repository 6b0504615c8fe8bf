"""Telling a running tray that the config or the credentials changed (``profile add``,
``profile remove``, ``logout``): it drops its cached sessions and re-reads the config."""

from __future__ import annotations

from pathlib import Path

from studio_tray import paths


def tell_running_tray(config_path: Path) -> None:
    """A running tray drops its cached sessions and re-reads the config (new keys apply)."""
    from studio_tray.handoff import client as handoff

    if handoff.reload_tray(config_path, paths.state_dir()):
        print("the running tray reloaded its config")
