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
"""
