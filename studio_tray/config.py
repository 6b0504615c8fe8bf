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

from studio_tray.config_edits import add_profile, add_shortcut, remove_profile, remove_shortcut
from studio_tray.config_io import Editing, dumps, editing, load, parse
from studio_tray.config_tables import profile_table, settings_table, shortcut_table, to_document
from studio_tray.model import Config, Profile, Settings, Shortcut

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
