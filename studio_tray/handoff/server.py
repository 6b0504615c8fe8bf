"""The running tray's end of the hand-off channel: listen, authenticate, answer.

See ``handoff`` for the protocol and the client. Each connection is served on its own thread
(at most ``MAX_HANDLERS`` at once) so a silent or slow peer never blocks the others; anything
unauthenticated, malformed or oversized is dropped.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sys
import threading
from multiprocessing import AuthenticationError
from multiprocessing import connection as mpc
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio_tray.handoff.client import MAX_MESSAGE, address, key_file, parse_request

if TYPE_CHECKING:
    from studio_tray.handoff.client import Handler

log = logging.getLogger(__name__)

AUTH_TIMEOUT = 5.0
MAX_HANDLERS = 32
QUEUE_WAIT = 10.0


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
        path = key_file(self._directory)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        where = address(self._directory)
        if sys.platform != "win32":
            with contextlib.suppress(FileNotFoundError):
                os.unlink(where)  # left by a crashed run; the instance lock says we are alone
        self._key = key
        # A queue as deep as the handlers, so a burst of clicks waits in the kernel, not
        # in the clients' connect (multiprocessing's default backlog is 1).
        self._listener = mpc.Listener(
            where, family="AF_PIPE" if sys.platform == "win32" else "AF_UNIX", backlog=MAX_HANDLERS
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
            key_file(self._directory).unlink()
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
                log.warning("hand-off: dropped a malformed request")
                return
            conn.send_bytes(json.dumps(self._answer(request)).encode())
        except (OSError, EOFError, AuthenticationError, ValueError) as exc:
            log.debug("hand-off: dropped a connection (%s)", type(exc).__name__)
        except Exception:  # a hostile peer must never kill a thread with a traceback
            log.exception("hand-off: dropped a connection")
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
            log.exception("hand-off handler failed")
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
