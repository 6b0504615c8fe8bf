"""The HTTP side: a threading HTTP/1.1 server with keep-alive that counts requests and TCP
connections, and can drop or hold a connection when a fault says so."""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)
MAX_BODY = 1 << 20


@dataclass
class HttpRequest:
    """A request as the handler read it; header names are lower-case."""

    method: str
    path: str
    query: str
    headers: dict[str, list[str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (lower-case), or None."""
        values = self.headers.get(name)
        return values[0] if values else None


@dataclass
class HttpResponse:
    """An answer, or an ``action`` ("drop", "hang") instead of one."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    action: str | None = None


App = Callable[[HttpRequest], HttpResponse]


class Counters:
    """HTTP requests and accepted TCP connections; outlives a server's start and stop."""

    def __init__(self) -> None:
        self.requests = 0
        self.connections = 0
        self.lock = threading.Lock()

    def reset(self) -> None:
        """Back to zero."""
        with self.lock:
            self.requests = self.connections = 0


class Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that tracks its connections so ``close_all`` can end them."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # bursts of parallel clients must not wait for SYN retries

    def __init__(self, address: tuple[str, int], app: App, counters: Counters) -> None:
        self.app = app
        self.counters = counters
        self.stopping = threading.Event()
        self.open_connections: set[socket.socket] = set()
        self.open_lock = threading.Lock()
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Count and track each accepted TCP connection."""
        with self.counters.lock:
            self.counters.connections += 1
        with self.open_lock:
            self.open_connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Forget a connection when its handler is done with it."""
        with self.open_lock:
            self.open_connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-answer is normal here: no traceback on stderr."""
        log.debug("emulator: connection ended with an error", exc_info=True)

    def close_all(self) -> None:
        """Wake every handler blocked on a connection by shutting its socket down."""
        self.stopping.set()
        with self.open_lock:
            sockets = list(self.open_connections)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class Handler(BaseHTTPRequestHandler):
    """Reads one request at a time (keep-alive) and hands it to the server's app."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in one write with Nagle off: otherwise delayed ACKs add ~40 ms
    # to every keep-alive answer and the benchmark would measure the emulator, not the app.
    disable_nagle_algorithm = True
    server: Server

    def version_string(self) -> str:
        """The Server header."""
        return "studio-tray-emulator"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        """GET: the /auth page and the index."""
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        """POST: the API operations."""
        self._serve()

    def _serve(self) -> None:
        with self.server.counters.lock:
            self.server.counters.requests += 1
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.send_error(400 if length < 0 else 413)
            return
        body = self.rfile.read(length) if length else b""
        headers: dict[str, list[str]] = {}
        for name, value in self.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        url = urlsplit(self.path)
        request = HttpRequest(self.command, url.path, url.query, headers, body)
        try:
            response = self.server.app(request)
        except Exception:
            log.exception("emulator: internal error in %s %s", self.command, url.path)
            response = HttpResponse(500, b'{"__type":"InternalFailure","message":"emulator bug"}')
        if response.action == "drop":
            self._drop()
        elif response.action == "hang":
            self._hang()
        else:
            self._send(response)

    def _send(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Connection", "close" if self.close_connection else "keep-alive")
        self._headers_buffer.append(b"\r\n" + response.body)  # type: ignore[attr-defined]
        self.flush_headers()

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _hang(self) -> None:
        """Answer nothing until the client hangs up or the server stops."""
        self.close_connection = True
        while not self.server.stopping.is_set():
            try:
                readable, _, _ = select.select([self.connection], [], [], 0.1)
                if readable and not self.connection.recv(1, socket.MSG_PEEK):
                    break
            except OSError:
                break
            if readable:
                self.server.stopping.wait(0.1)
        self._drop()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Say nothing: request lines carry /auth tokens, which must not reach a log."""
