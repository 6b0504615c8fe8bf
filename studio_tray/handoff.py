"""Hand-off channel: ``studio-tray open NAME`` asks a running tray to do the launch.

A ``multiprocessing.connection`` listener, authenticated with a random key kept in a user-only
file beside the socket: a Unix socket in a private (0700) folder on Linux and macOS, a named
pipe on Windows. Messages are small JSON objects (never pickles); anything malformed, oversized
or unauthenticated is dropped. This module imports only the standard library, so a handed-off
click never pays for importing boto3.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import threading
from collections.abc import Callable
from multiprocessing import AuthenticationError
from multiprocessing import connection as mpc
from pathlib import Path
from typing import Any


def _log() -> Any:
    # Imported on first use: the client side (``studio-tray open`` handing off) is timed in
    # milliseconds, and only the server side logs.
    import logging

    return logging.getLogger(__name__)


MAX_MESSAGE = 4096
AUTH_TIMEOUT = 5.0
MAX_HANDLERS = 32
QUEUE_WAIT = 10.0
OPS = frozenset({"ping", "open", "picker", "reload"})
UNIX_PATH_MAX = 100

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def _key_file(directory: Path) -> Path:
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


def parse_request(data: bytes) -> dict[str, Any] | None:
    """The request in ``data`` when it is well formed, else None."""
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
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


class HandoffServer:
    """Listens for hand-off requests and answers each with ``handler(request)``."""

    def __init__(self, handler: Handler, directory: Path) -> None:
        self._handler = handler
        self._directory = directory
        self._listener: mpc.Listener | None = None
        self._thread: threading.Thread | None = None
        self._slots = threading.BoundedSemaphore(MAX_HANDLERS)
        self._stopping = threading.Event()

    def start(self) -> None:
        """Write a fresh key and start listening in a background thread."""
        key = os.urandom(32)
        key_file = _key_file(self._directory)
        with contextlib.suppress(FileNotFoundError):
            key_file.unlink()
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        where = address(self._directory)
        if sys.platform != "win32":
            with contextlib.suppress(FileNotFoundError):
                os.unlink(where)  # left by a crashed run; the instance lock says we are alone
        self._key = key
        self._listener = mpc.Listener(
            where, family="AF_PIPE" if sys.platform == "win32" else "AF_UNIX"
        )
        if sys.platform != "win32":
            os.chmod(where, 0o600)
        self._thread = threading.Thread(target=self._accept_loop, name="handoff", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop listening and remove the socket and key."""
        self._stopping.set()
        listener, self._listener = self._listener, None
        if listener is not None:
            where = listener.address
            _wake(where)  # closing a listener does not interrupt a blocked accept()
            with contextlib.suppress(OSError):
                listener.close()
            if sys.platform != "win32":
                with contextlib.suppress(OSError):
                    os.unlink(str(where))
        with contextlib.suppress(OSError):
            _key_file(self._directory).unlink()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _accept_loop(self) -> None:
        while not self._stopping.is_set() and self._listener is not None:
            try:
                conn = self._listener.accept()
            except OSError:
                if self._stopping.is_set():
                    return
                continue
            if self._stopping.is_set():
                conn.close()
                return
            # Too many at once: wait a little for a free handler (the kernel queues further
            # connections meanwhile), then drop rather than grow without bound.
            if not self._slots.acquire(timeout=QUEUE_WAIT):
                conn.close()
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: mpc.Connection) -> None:
        watchdog = threading.Timer(AUTH_TIMEOUT, _shutdown, args=(conn,))
        watchdog.start()
        try:
            mpc.deliver_challenge(conn, self._key)
            mpc.answer_challenge(conn, self._key)
            if not conn.poll(AUTH_TIMEOUT):
                return
            data = conn.recv_bytes(MAX_MESSAGE)
            watchdog.cancel()
            request = parse_request(data)
            if request is None:
                _log().warning("hand-off: dropped a malformed request")
                return
            conn.send_bytes(json.dumps(self._answer(request)).encode())
        except (OSError, EOFError, AuthenticationError, ValueError) as exc:
            _log().debug("hand-off: dropped a connection (%s)", type(exc).__name__)
        finally:
            watchdog.cancel()
            with contextlib.suppress(OSError):
                conn.close()
            self._slots.release()

    def _answer(self, request: dict[str, Any]) -> dict[str, Any]:
        if request["op"] == "ping":
            return {"ok": True, "message": "pong"}
        try:
            return self._handler(request)
        except Exception as exc:  # the tray must survive any request
            _log().exception("hand-off handler failed")
            return {"ok": False, "message": f"the tray failed ({type(exc).__name__})"}


def _wake(where: Any) -> None:
    """Connect once to our own listener so its accept loop sees the stop flag."""
    with contextlib.suppress(OSError, AuthenticationError, EOFError):
        if sys.platform == "win32":
            mpc.Client(where, family="AF_PIPE").close()
        else:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.connect(str(where))


def _shutdown(conn: mpc.Connection) -> None:
    """Wake a thread blocked reading ``conn`` (closing the fd alone does not)."""
    with contextlib.suppress(OSError, ValueError):
        sock = socket.socket(fileno=os.dup(conn.fileno()))
        with sock:
            sock.shutdown(socket.SHUT_RDWR)


def request(
    message: dict[str, Any], directory: Path, timeout: float = 30.0
) -> dict[str, Any] | None:
    """Send ``message`` to a running tray and return its answer; None when no tray answers."""
    try:
        key = _key_file(directory).read_bytes()
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
            answer = json.loads(conn.recv_bytes(MAX_MESSAGE).decode())
        except (OSError, EOFError, ValueError):
            return {"ok": False, "message": "the running tray dropped the request"}
    if not isinstance(answer, dict):
        return {"ok": False, "message": "the running tray gave a malformed answer"}
    return answer
