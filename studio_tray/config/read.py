"""Reading and parsing the config file: the fast path every command takes.

Only the standard library's ``tomllib`` here; tomlkit (for edits that keep comments) is
imported by ``studio_tray.config.document`` when a command actually edits the file.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tomllib
from pathlib import Path
from typing import Any

from studio_tray.config.validation import validate
from studio_tray.errors import ConfigError
from studio_tray.model import Config

MAX_BYTES = 2 * 2**20
"""The largest config file read (2 MiB): 10,000 shortcuts fit, and parsing the worst file
of that size (every text at its longest) takes about a second and a half."""


def load(path: Path) -> Config:
    """The validated config in ``path``; defaults when the file does not exist."""
    path = Path(path)
    data = _read(path)
    if data is None:
        return Config(path=path)
    return parse(_decode(data, path), path)


def parse(text: str, path: Path) -> Config:
    """The validated config in ``text``, as if read from ``path`` (for messages)."""
    _check_size(len(text), path)  # characters, at most the bytes: an edit cannot grow past it
    return validate(parse_toml(text, path), path)


def parse_toml(text: str, path: Path, *, editing: bool = False) -> dict[str, Any]:
    """The TOML in ``text`` as plain dicts; ConfigError naming ``path`` for any failure.

    Hostile input must not escape as a traceback: nesting deeper than the parser's recursion
    limit (RecursionError), a whole number longer than Python converts (ValueError), and any
    other ValueError the parser lets through all become the usual message.
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(_parse_problem(path, str(err), editing=editing)) from None
    except RecursionError:
        reason = "arrays or tables are nested too deeply"
    except ValueError as err:
        reason = (
            f"a whole number has too many digits (at most {sys.get_int_max_str_digits()})"
            if "integer string conversion" in str(err)
            else str(err)
        )
    raise ConfigError(_parse_problem(path, reason, editing=editing))


def _read(path: Path) -> bytes | None:
    try:
        with path.open("rb") as file:
            _check_owner(os.fstat(file.fileno()), path)
            data = file.read(MAX_BYTES + 1)  # never more: the file may be huge or endless
    except FileNotFoundError:
        return None
    except OSError as err:
        raise ConfigError(f"{path.name}: cannot read {path}: {err.strerror or err}") from None
    _check_size(len(data), path)
    return data


def _check_owner(info: os.stat_result, path: Path) -> None:
    """Refuse a config another user owns or can write, as ssh does: its ``browser`` commands
    would run as you. Root's files are trusted (root can do anything anyway), and so is group
    write for the user's own private group (the umask 002 of user-private-group systems).
    No-op on Windows (ACLs, not modes)."""
    if not hasattr(os, "getuid"):
        return
    uid = os.getuid()
    if info.st_uid not in (uid, 0):
        raise ConfigError(
            f"{path.name}: belongs to another user (uid {info.st_uid}), and its browser commands "
            f"would run as you; use a config of your own (or chown it to you: {path})"
        )
    writable = info.st_mode & 0o002 or (info.st_mode & 0o020 and not _private_group(info))
    if writable:
        raise ConfigError(
            f"{path.name}: can be written by other users (mode {stat.S_IMODE(info.st_mode):o}), "
            f"who could make its browser commands run as you; fix it with: chmod go-w {path}"
        )


def _private_group(info: os.stat_result) -> bool:
    """Whether the file's group is the user's own private group: same name, no members."""
    import grp
    import pwd

    try:
        group = grp.getgrgid(info.st_gid)
        return not group.gr_mem and group.gr_name == pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return False


def _check_size(size: int, path: Path) -> None:
    if size > MAX_BYTES:
        raise ConfigError(
            f"{path.name}: is larger than {MAX_BYTES // 2**20} MiB, too large for a config "
            f"file (10,000 shortcuts take about 1.4 MiB); is {path} the right file?"
        )


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ConfigError(
            f"{path.name}: is not UTF-8 text (bad byte at offset {err.start})"
        ) from None


def _parse_problem(path: Path, message: str, *, editing: bool = False) -> str:
    where = re.search(r"\(?at line (\d+),? col(?:umn)? (\d+)\)?", message)
    reason = message[: where.start()].strip() if where else message
    place = f"line {where.group(1)}, column {where.group(2)}: " if where else ""
    suffix = "; fix it by hand, the app does not overwrite it" if editing else ""
    return f"{path.name}: {place}not valid TOML: {reason}{suffix}"
