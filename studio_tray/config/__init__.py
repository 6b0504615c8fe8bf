"""The config file: TOML <-> frozen dataclasses, validation, and safe edits.

Here: ``Settings``, ``Profile``, ``Shortcut``, ``Config`` (frozen dataclasses) and
``load(path) -> Config`` / ``parse(text, path)``: a missing file gives an empty ``Config``
(default settings, no profiles, no shortcuts); a file that does not parse or validate raises
``ConfigError`` with every problem, each naming the file, the entry and the field.

Modules (editing pulls in tomlkit, so it is imported only where an edit is made):

- ``read``: the fast path every command takes (``tomllib`` only).
- ``fields`` and ``validation``: the rules of each field and of the whole file.
- ``document``: ``editing(path)``, a context manager yielding the tomlkit document; on exit the
  edited document is validated and written atomically. It refuses (``ConfigError``) to touch a
  file that does not parse. Comments and order survive. ``dumps`` for text.
- ``tables``: the dataclasses as tomlkit tables (None fields left out).
- ``edits``: ``add_shortcut``, ``remove_shortcut``, ``add_profile``, ``remove_profile``.
- ``state``: the tray's view of its config file (the last good config, and why it fails now).

Messages name the file by its base name (``config.toml: ...``), as the README shows; only a
failure to read or write the file gives the full path, since then the folder matters.
Hotkeys in a loaded ``Config`` are normalised (``<ctrl>+<alt>+s``).
"""

from __future__ import annotations

from studio_tray.config.read import load, parse
from studio_tray.model import Config, Profile, Settings, Shortcut

__all__ = ["Config", "Profile", "Settings", "Shortcut", "load", "parse"]
