"""Reading, parsing and safely rewriting the config file (see ``studio_tray.config``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import tomlkit
from tomlkit import TOMLDocument

from studio_tray import paths
from studio_tray.atomic import locked, write_atomic
from studio_tray.config.read import _decode, _parse_problem, _read, load, parse, parse_toml
from studio_tray.config.tables import to_document
from studio_tray.errors import ConfigError
from studio_tray.model import Config

__all__ = ["Editing", "dumps", "editing", "load", "parse"]

Writer = Callable[[Path, bytes], None]


def dumps(config: Config) -> str:
    """``config`` as TOML text (no comments: it is built from the dataclasses)."""
    return tomlkit.dumps(to_document(config))


class Editing:
    """``with editing(path) as doc:`` edit ``doc``; afterwards ``.config`` is the saved Config.

    Nothing is written when the block raises, when the result does not validate, or when the
    file changed on disk while it was being edited. The whole read-modify-write holds the
    file's OS lock (``atomic.locked``), so concurrent edits (CLI, tray) queue, none is lost.
    """

    def __init__(self, path: Path, writer: Writer | None = None) -> None:
        self.path = Path(path)
        self.config: Config | None = None
        self._writer = writer or write_atomic
        self._original: bytes | None = None
        self._doc: TOMLDocument | None = None
        self._lock = contextlib.ExitStack()

    def __enter__(self) -> TOMLDocument:
        try:
            self._lock.enter_context(locked(edit_lock(self.path)))
        except OSError as err:
            reason = (
                "another studio-tray keeps it locked"
                if isinstance(err, TimeoutError)
                else (err.strerror or str(err))
            )
            raise ConfigError(f"{self.path.name}: cannot lock it for editing: {reason}") from None
        try:
            return self._start()
        except BaseException:
            self._lock.close()
            raise

    def _start(self) -> TOMLDocument:
        self._original = _read(self.path)
        if self._original is None:
            self._doc = tomlkit.document()
            return self._doc
        text = _decode(self._original, self.path)
        parse_toml(text, self.path, editing=True)  # hostile input stops here, as a ConfigError
        try:
            self._doc = tomlkit.parse(text)
        except (tomlkit.exceptions.ParseError, RecursionError, ValueError) as err:
            reason = str(err) if isinstance(err, ValueError) else "nested too deeply"
            raise ConfigError(_parse_problem(self.path, reason, editing=True)) from None
        return self._doc

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._lock:
            self._finish(exc_type)

    def _finish(self, exc_type: type[BaseException] | None) -> None:
        if exc_type is not None or self._doc is None:
            return
        text = self._doc.as_string()
        self.config = parse(text, self.path)
        data = text.encode("utf-8")
        if data == (self._original or b""):
            return
        if _read(self.path) != self._original:
            raise ConfigError(f"{self.path.name}: changed on disk while being edited; try again")
        try:
            self._writer(self.path, data)
        except OSError as err:
            reason = err.strerror or str(err)
            raise ConfigError(
                f"{self.path.name}: cannot write {self.path}: {reason}; the old file is unchanged"
            ) from None


def edit_lock(path: Path) -> Path:
    """The lock file guarding edits of the config ``path``: in the user-only state folder, one
    per config file (by its resolved path), so nothing is left beside the user's config."""
    import hashlib

    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    return paths.state_dir() / f"config-{digest}.lock"


def editing(path: Path, *, writer: Writer | None = None) -> Editing:
    """Context manager yielding ``path``'s tomlkit document, validated and saved on exit.

    ``writer(path, data: bytes)`` replaces the file (default: ``atomic.write_atomic``); tests
    hand in one whose OS call fails.
    """
    return Editing(path, writer)
