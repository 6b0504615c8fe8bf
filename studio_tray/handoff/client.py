"""Hand-off channel: ``studio-tray open NAME`` asks a running tray to do the launch.

A ``multiprocessing.connection`` listener, authenticated with a random key kept in a user-only
file beside the socket: a Unix socket in a private (0700) folder on Linux and macOS, a named
pipe on Windows. Messages are small flat JSON objects (never pickles; nesting deeper than
``MAX_DEPTH`` is refused before parsing); anything malformed, oversized
or unauthenticated is dropped. This module is the protocol and the client; the tray's listener
is ``studio_tray.handoff.server``. Only the standard library here, so a handed-off click never
pays for importing boto3.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from multiprocessing import AuthenticationError
from multiprocessing import connection as mpc
from pathlib import Path
from typing import Any

MAX_MESSAGE = 4096
MAX_DEPTH = 4  # requests and answers are flat objects; deeper nesting is refused unparsed
# The "code" of a refused answer, shared by the tray's services and the client.
CODE_UNKNOWN_SHORTCUT = 2  # the running tray has no shortcut of that name (a usage error)
OPS = frozenset({"ping", "open", "picker", "reload"})
UNIX_PATH_MAX = 100

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def key_file(directory: Path) -> Path:
    """The file holding the running tray's random key (0600, in the private state folder)."""
    return directory / "handoff.key"


def _digest(directory: Path) -> str:
    import hashlib  # lazily, like tempfile below: the client path is timed in milliseconds

    return hashlib.sha256(str(directory).encode()).hexdigest()[:16]


def address(directory: Path) -> str:
    """Where the tray listens: a named pipe on Windows, else a Unix socket path."""
    if sys.platform == "win32":
        return rf"\\.\pipe\studio-tray-{_digest(directory)}"
    path = directory / "handoff.sock"
    if len(str(path)) <= UNIX_PATH_MAX:
        return str(path)
    # AF_UNIX paths are limited to ~104 bytes: fall back to a private folder in the temp dir.
    import tempfile

    digest = _digest(directory)
    short = Path(tempfile.gettempdir()) / f"studio-tray-{os.getuid()}"
    short.mkdir(mode=0o700, exist_ok=True)
    info = short.stat()
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise PermissionError(f"{short} is not a private folder of this user")
    return str(short / f"{digest}.sock")


def decode(data: bytes) -> Any:
    """The JSON value in ``data``; ValueError when it is not JSON or nests deeper than
    ``MAX_DEPTH`` (checked before parsing: a deeply nested message would otherwise raise
    RecursionError in the decoder)."""
    text = data.decode("utf-8")
    if _depth(text) > MAX_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DEPTH}")
    try:
        return json.loads(text)
    except RecursionError:  # a belt to the braces above: never let it escape
        raise ValueError("nested too deep") from None


def _depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` in JSON ``text``, not counting those in strings."""
    deepest = depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def parse_request(data: bytes) -> dict[str, Any] | None:
    """The request in ``data`` when it is well formed, else None."""
    try:
        message = decode(data)
    except ValueError:  # UnicodeDecodeError is a ValueError too
        return None
    if not isinstance(message, dict) or message.get("op") not in OPS:
        return None
    name = message.get("name")
    if name is not None and not (isinstance(name, str) and 0 < len(name) <= 256):
        return None
    if message["op"] == "open" and name is None:
        return None
    config = message.get("config")
    if config is not None and not (isinstance(config, str) and len(config) <= 1024):
        return None
    request: dict[str, Any] = {"op": message["op"]}
    if name is not None:
        request["name"] = name
    if config is not None:
        request["config"] = config
    return request


def request(
    message: dict[str, Any], directory: Path, timeout: float = 30.0
) -> dict[str, Any] | None:
    """Send ``message`` to a running tray and return its answer; None when no tray answers.

    Raises ``UnsafeFileError`` when ``directory`` is not a private folder of this user: a socket
    or key there could be another user's.
    """
    from studio_tray.paths import check_private

    check_private(directory, "hand-off folder")
    try:
        key = key_file(directory).read_bytes()
        conn = mpc.Client(
            address(directory),
            family="AF_PIPE" if sys.platform == "win32" else "AF_UNIX",
            authkey=key,
        )
    except (OSError, AuthenticationError, EOFError):
        return None
    # Once connected, never fall back to a local launch: the tray may already be opening it.
    with conn:
        try:
            conn.send_bytes(json.dumps(message).encode())
            if not conn.poll(timeout):
                return {
                    "ok": False,
                    "message": f"the running tray did not answer in {timeout:.0f} s",
                }
            answer = decode(conn.recv_bytes(MAX_MESSAGE))
        except (OSError, EOFError, ValueError):
            return {"ok": False, "message": "the running tray dropped the request"}
    if not isinstance(answer, dict):
        return {"ok": False, "message": "the running tray gave a malformed answer"}
    return answer


def reload_tray(config_path: Path, directory: Path) -> bool:
    """Ask a tray running on ``config_path`` to re-read it; True when one did."""
    answer = request({"op": "reload", "config": str(config_path)}, directory)
    return answer is not None and not answer.get("fallback")
