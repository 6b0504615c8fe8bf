"""The hand-off client's own ``multiprocessing.connection`` handshake, against peers that
answer as Python 3.11 does (the real server), as Python 3.12+ does (``{sha256}``), with a
digest it does not speak, or without knowing the key."""

from __future__ import annotations

import hmac
import json
import os
import socket
import struct
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from studio_tray.handoff import client as handoff
from studio_tray.handoff import server as handoff_server

CHALLENGE, WELCOME, FAILURE = b"#CHALLENGE#", b"#WELCOME#", b"#FAILURE#"


def send(conn: socket.socket, data: bytes) -> None:
    conn.sendall(struct.pack("!i", len(data)) + data)


def receive(conn: socket.socket) -> bytes:
    def exactly(count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = conn.recv(count - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    (size,) = struct.unpack("!i", exactly(4))
    return exactly(size)


class Peer:
    """A one-connection tray stand-in: ``script(conn, key)`` plays its side."""

    def __init__(self, directory: Path, script: Callable[[socket.socket, bytes], None]) -> None:
        self.key = os.urandom(32)
        handoff.key_file(directory).write_bytes(self.key)
        self.listener = socket.socket(socket.AF_UNIX)
        self.listener.bind(handoff.address(directory))
        self.listener.listen(1)
        self.seen: list[Any] = []
        self.thread = threading.Thread(target=self._serve, args=(script,), daemon=True)
        self.thread.start()

    def _serve(self, script: Callable[[socket.socket, bytes], None]) -> None:
        conn, _ = self.listener.accept()
        with conn:
            try:
                script(conn, self.key)
            except (EOFError, OSError) as exc:
                self.seen.append(type(exc).__name__)

    def close(self) -> None:
        self.thread.join(timeout=10)
        self.listener.close()


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    folder = tmp_path / "state"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def modern_tray(conn: socket.socket, key: bytes, peer_seen: list[Any]) -> None:
    """Python 3.12+'s server: a ``{sha256}`` challenge, then it answers the client's."""
    message = b"{sha256}" + os.urandom(40)
    send(conn, CHALLENGE + message)
    expected = b"{sha256}" + hmac.new(key, message, "sha256").digest()
    send(conn, WELCOME if hmac.compare_digest(receive(conn), expected) else FAILURE)
    theirs = receive(conn)[len(CHALLENGE) :]
    assert len(theirs) == 20  # a legacy challenge, which 3.12+ answers with raw HMAC-MD5
    send(conn, hmac.new(key, theirs, "md5").digest())
    assert receive(conn) == WELCOME
    peer_seen.append(json.loads(receive(conn)))
    send(conn, json.dumps({"ok": True, "message": "opened"}).encode())


def test_a_python_312_tray_is_answered_in_its_own_digest(directory: Path) -> None:
    seen: list[Any] = []
    peer = Peer(directory, lambda conn, key: modern_tray(conn, key, seen))
    try:
        answer = handoff.request({"op": "open", "name": "lab"}, directory, timeout=10)
    finally:
        peer.close()
    assert answer == {"ok": True, "message": "opened"}
    assert seen == [{"op": "open", "name": "lab"}]


def test_a_tray_that_does_not_know_the_key_gets_no_request(directory: Path) -> None:
    def impostor(conn: socket.socket, key: bytes) -> None:
        message = os.urandom(20)
        send(conn, CHALLENGE + message)
        receive(conn)
        send(conn, WELCOME)  # welcomes anyone
        receive(conn)  # the client's challenge
        send(conn, b"\0" * 16)  # cannot answer it
        peer.seen.append(receive(conn))
        peer.seen.append(receive(conn))  # a request would come here

    peer = Peer(directory, impostor)
    try:
        assert handoff.request({"op": "open", "name": "lab"}, directory, timeout=10) is None
    finally:
        peer.close()
    assert peer.seen == [FAILURE, "EOFError"]


def test_an_unknown_digest_goes_through_multiprocessing(
    directory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[dict[str, Any]] = []
    monkeypatch.setattr(
        handoff,
        "_request_through_multiprocessing",
        lambda message, *_: taken.append(message) or {"ok": True},
    )

    def future_tray(conn: socket.socket, key: bytes) -> None:
        send(conn, CHALLENGE + b"{sha3_512}" + os.urandom(40))
        with pytest.raises(EOFError):
            receive(conn)

    peer = Peer(directory, future_tray)
    try:
        assert handoff.request({"op": "ping"}, directory, timeout=10) == {"ok": True}
    finally:
        peer.close()
    assert taken == [{"op": "ping"}]


def test_the_real_server_refuses_a_wrong_key_and_the_client_says_no_tray(
    directory: Path,
) -> None:
    requests: list[dict[str, Any]] = []
    server = handoff_server.HandoffServer(lambda r: requests.append(r) or {"ok": True}, directory)
    server.start()
    try:
        assert handoff.request({"op": "ping"}, directory) == {"ok": True, "message": "pong"}
        handoff.key_file(directory).write_bytes(os.urandom(32))
        assert handoff.request({"op": "open", "name": "lab"}, directory) is None
    finally:
        server.stop()
    assert requests == []


def test_a_silent_tray_times_out_with_a_message(directory: Path) -> None:
    release = threading.Event()

    def slow_tray(conn: socket.socket, key: bytes) -> None:
        message = os.urandom(20)
        send(conn, CHALLENGE + message)
        receive(conn)
        send(conn, WELCOME)
        theirs = receive(conn)[len(CHALLENGE) :]
        send(conn, hmac.new(key, theirs, "md5").digest())
        receive(conn)
        receive(conn)  # the request, never answered
        release.wait(10)

    peer = Peer(directory, slow_tray)
    try:
        answer = handoff.request({"op": "open", "name": "lab"}, directory, timeout=0.3)
    finally:
        release.set()
        peer.close()
    assert answer == {"ok": False, "message": "the running tray did not answer in 0 s"}


def test_a_full_listen_queue_is_waited_for_not_taken_for_no_tray(directory: Path) -> None:
    """Many clicks at once fill the tray's listen queue; a client then waits for room (as a
    blocking ``multiprocessing`` client does) instead of reporting no tray and launching
    itself."""
    key = os.urandom(32)
    handoff.key_file(directory).write_bytes(key)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(handoff.address(directory))
    listener.listen(1)
    fillers = []
    for _ in range(2):  # a backlog of 1 holds two pending connections on Linux
        filler = socket.socket(socket.AF_UNIX)
        filler.connect(handoff.address(directory))
        fillers.append(filler)
    seen: list[Any] = []

    def drain_then_serve() -> None:
        for _ in fillers:
            listener.accept()[0].close()
        conn, _ = listener.accept()
        with conn:
            modern_tray(conn, key, seen)

    later = threading.Timer(0.3, drain_then_serve)
    later.daemon = True  # without a client to serve, its accept() never returns
    later.start()
    try:
        answer = handoff.request({"op": "open", "name": "lab"}, directory, timeout=10)
    finally:
        later.join(10)
        for filler in fillers:
            filler.close()
        listener.close()
    assert answer == {"ok": True, "message": "opened"}
    assert seen == [{"op": "open", "name": "lab"}]


@pytest.mark.parametrize("digest", ["md5", "sha256"])
@pytest.mark.parametrize("key_length", [0, 1, 32, 64, 65, 200])
@pytest.mark.parametrize("message_length", [0, 20, 48, 64, 1000])
def test_the_built_in_hmac_is_hmac(digest: str, key_length: int, message_length: int) -> None:
    key, message = os.urandom(key_length), os.urandom(message_length)
    assert handoff.hmac_digest(key, message, digest) == hmac.digest(key, message, digest)


def test_the_rfc_2202_hmac_md5_vector() -> None:
    assert handoff.hmac_digest(b"Jefe", b"what do ya want for nothing?", "md5").hex() == (
        "750c783e6ab0b503eaa86e310a5db738"
    )


def test_clients_that_come_at_once_all_get_their_answer(directory: Path) -> None:
    # More clients at once than the listener queues: those that find it full wait their turn.
    server = handoff_server.HandoffServer(lambda r: {"ok": True, "message": "opened"}, directory)
    server.start()
    answers: list[Any] = []
    lock = threading.Lock()

    def client() -> None:
        for _ in range(10):
            answer = handoff.request({"op": "open", "name": "lab"}, directory, timeout=30)
            with lock:
                answers.append(answer)

    workers = [threading.Thread(target=client) for _ in range(2 * handoff_server.MAX_HANDLERS)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
    finally:
        server.stop()
    assert answers == [{"ok": True, "message": "opened"}] * (20 * handoff_server.MAX_HANDLERS)
