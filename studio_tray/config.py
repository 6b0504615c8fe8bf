"""The config file: TOML <-> frozen dataclasses, validation, and safe edits.

Public surface (other modules rely on exactly this):

- ``Settings``, ``Profile``, ``Shortcut``, ``Config``: frozen dataclasses.
- ``load(path) -> Config``: a missing file gives an empty ``Config`` (default settings, no
  profiles, no shortcuts); a file that does not parse or validate raises ``ConfigError`` with
  every problem, each naming the file, the entry and the field.
- ``editing(path)``: context manager yielding the tomlkit document; on exit the edited document
  is validated and written atomically. Refuses (``ConfigError``) to touch a file that does not
  parse. Comments and order survive.
- ``add_shortcut``, ``remove_shortcut``, ``add_profile``, ``remove_profile``: edits built on
  ``editing``.
- ``shortcut_table``, ``profile_table``, ``settings_table``, ``to_document``, ``dumps``: the
  dataclasses as TOML (None fields left out); ``parse(text, path)``: ``load`` for text.

The code lives in ``config_io`` (read, parse, ``editing``), ``config_validation`` and
``config_fields`` (the rules), ``config_tables`` and ``config_edits``; import it from here.

Messages name the file by its base name (``config.toml: ...``), as DESIGN.md shows; only a
failure to read or write the file gives the full path, since then the folder matters.
Hotkeys in a loaded ``Config`` are normalised (``<ctrl>+<alt>+s``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from studio_tray.config_read import load, parse
from studio_tray.model import Config, Profile, Settings, Shortcut

if TYPE_CHECKING:
    from studio_tray.config_edits import (
        add_profile,
        add_shortcut,
        remove_profile,
        remove_shortcut,
    )
    from studio_tray.config_io import Editing, dumps, editing
    from studio_tray.config_tables import (
        profile_table,
        settings_table,
        shortcut_table,
        to_document,
    )

# Loading is on every command's path; editing pulls in tomlkit, so it is imported on first use.
_LAZY = {
    "add_profile": "config_edits",
    "add_shortcut": "config_edits",
    "remove_profile": "config_edits",
    "remove_shortcut": "config_edits",
    "Editing": "config_io",
    "dumps": "config_io",
    "editing": "config_io",
    "profile_table": "config_tables",
    "settings_table": "config_tables",
    "shortcut_table": "config_tables",
    "to_document": "config_tables",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"studio_tray.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Config",
    "Editing",
    "Profile",
    "Settings",
    "Shortcut",
    "add_profile",
    "add_shortcut",
    "dumps",
    "editing",
    "load",
    "parse",
    "profile_table",
    "remove_profile",
    "remove_shortcut",
    "settings_table",
    "shortcut_table",
    "to_document",
]
