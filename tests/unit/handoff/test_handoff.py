"""The hand-off channel between `studio-tray open` and a running tray (real Unix sockets)."""

from __future__ import annotations

import json
import socket
import stat
import threading
import time
from multiprocessing import connection as mpc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio_tray.handoff import client as handoff
from studio_tray.handoff import server as handoff_server


class Recorder:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.requests.append(request)
        if request.get("name") == "boom":
            raise RuntimeError("handler bug")
        return {"ok": True, "message": f"opened {request.get('name')}"}


@pytest.fixture
def server(tmp_path: Path):
    directory = tmp_path / "state"
    directory.mkdir(mode=0o700, exist_ok=True)
    recorder = Recorder()
    srv = handoff_server.HandoffServer(recorder, directory)
    srv.start()
    yield directory, recorder
    srv.stop()


def raw_client(directory: Path, key: bytes | None = None) -> mpc.Connection:
    key = key if key is not None else (directory / "handoff.key").read_bytes()
    return mpc.Client(handoff.address(directory), family="AF_UNIX", authkey=key)


def test_request_reaches_handler_and_answer_comes_back(server) -> None:
    directory, recorder = server
    answer = handoff.request({"op": "open", "name": "Prod - lab"}, directory)
    assert answer == {"ok": True, "message": "opened Prod - lab"}
    assert recorder.requests == [{"op": "open", "name": "Prod - lab"}]


def test_no_tray_means_none(tmp_path: Path) -> None:
    assert handoff.request({"op": "ping"}, tmp_path) is None


def test_files_are_private(server) -> None:
    directory, _ = server
    assert stat.S_IMODE((directory / "handoff.key").stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(handoff.address(directory)).stat().st_mode) == 0o600


def test_stop_removes_socket_and_key(tmp_path: Path) -> None:
    srv = handoff_server.HandoffServer(Recorder(), tmp_path)
    srv.start()
    srv.stop()
    assert not (tmp_path / "handoff.key").exists()
    assert not Path(handoff.address(tmp_path)).exists()
    assert handoff.request({"op": "ping"}, tmp_path) is None


def test_wrong_key_is_refused(server) -> None:
    directory, recorder = server
    with pytest.raises((mpc.AuthenticationError, EOFError, OSError)):
        conn = raw_client(directory, key=b"x" * 32)
        conn.send_bytes(json.dumps({"op": "open", "name": "a"}).encode())
        conn.recv_bytes()
    assert recorder.requests == []


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"\xff\xfe",
        json.dumps(["open", "x"]).encode(),
        json.dumps({"op": "rm -rf"}).encode(),
        json.dumps({"op": "open"}).encode(),
        json.dumps({"op": "open", "name": ""}).encode(),
        json.dumps({"op": "open", "name": "x" * 300}).encode(),
        json.dumps({"op": "open", "name": 5}).encode(),
        b"{" * (handoff.MAX_MESSAGE + 10),
    ],
)
def test_malformed_or_oversized_messages_are_dropped(server, payload: bytes) -> None:
    directory, recorder = server
    conn = raw_client(directory)
    conn.send_bytes(payload)
    with pytest.raises((EOFError, OSError)):
        conn.recv_bytes()
    assert recorder.requests == []
    assert handoff.request({"op": "ping"}, directory) == {"ok": True, "message": "pong"}


def test_handler_crash_becomes_a_failure_answer(server) -> None:
    directory, _ = server
    answer = handoff.request({"op": "open", "name": "boom"}, directory)
    assert answer is not None and answer["ok"] is False
    assert "RuntimeError" in answer["message"]
    assert handoff.request({"op": "ping"}, directory) == {"ok": True, "message": "pong"}


def test_a_silent_client_does_not_block_others(server) -> None:
    directory, _ = server
    silent = socket.socket(socket.AF_UNIX)
    silent.connect(handoff.address(directory))
    try:
        started = time.monotonic()
        assert handoff.request({"op": "ping"}, directory, timeout=5) == {
            "ok": True,
            "message": "pong",
        }
        assert time.monotonic() - started < 2
    finally:
        silent.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600))
def test_random_bytes_from_an_unauthenticated_peer_never_hurt(server, data: bytes) -> None:
    directory, recorder = server
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(2)
        sock.connect(handoff.address(directory))
        try:
            sock.recv(64)  # the challenge
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            sock.recv(64)
        except OSError:
            pass
    assert recorder.requests == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300))
def test_random_bytes_from_an_authenticated_peer_are_dropped_or_parsed(server, data: bytes) -> None:
    directory, recorder = server
    before = len(recorder.requests)
    conn = raw_client(directory)
    conn.send_bytes(data)
    try:
        answer = json.loads(conn.recv_bytes())
    except (EOFError, OSError):
        answer = None
    finally:
        conn.close()
    expected = handoff.parse_request(data)
    if expected is None:
        assert answer is None and len(recorder.requests) == before
    else:
        assert answer is not None and "ok" in answer


def test_long_state_dir_falls_back_to_a_private_temp_folder(tmp_path: Path) -> None:
    deep = tmp_path / ("x" * 60) / ("y" * 60)
    deep.mkdir(parents=True)
    where = Path(handoff.address(deep))
    assert len(str(where)) <= handoff.UNIX_PATH_MAX
    assert stat.S_IMODE(where.parent.stat().st_mode) == 0o700
    srv = handoff_server.HandoffServer(Recorder(), deep)
    srv.start()
    try:
        assert handoff.request({"op": "ping"}, deep) == {"ok": True, "message": "pong"}
    finally:
        srv.stop()


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            {"op": "open", "name": "a", "config": "/x.toml"},
            {"op": "open", "name": "a", "config": "/x.toml"},
        ),
        ({"op": "picker"}, {"op": "picker"}),
        ({"op": "picker", "name": 5}, None),
        ({"op": "open", "name": "a", "config": 7}, None),
        ({"op": "open", "name": "a", "config": "x" * 2000}, None),
        ({"op": "open", "name": "a", "extra": "ignored"}, {"op": "open", "name": "a"}),
    ],
)
def test_parse_request_table(message: dict[str, Any], expected: dict[str, Any] | None) -> None:
    assert handoff.parse_request(json.dumps(message).encode()) == expected


@pytest.fixture
def thread_crashes(monkeypatch: pytest.MonkeyPatch) -> list[BaseException | None]:
    """Exceptions that escaped any thread during the test (the tray's channel threads)."""
    crashes: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: crashes.append(args.exc_value))
    return crashes


@pytest.mark.parametrize(
    "payload",
    [
        b"[" * 4000,
        b"{" * 2000 + b"[" * 2000,
        b'{"op": "open", "name": "a", "x": ' + b"[" * 2000 + b"]" * 2000 + b"}",
        b'{"op": "ping", "x": [[[[[[[[[[1]]]]]]]]]]}',
    ],
)
def test_deeply_nested_messages_are_dropped_and_the_tray_answers_on(
    server, thread_crashes: list[BaseException | None], payload: bytes
) -> None:
    directory, recorder = server
    conn = raw_client(directory)
    conn.send_bytes(payload)
    with pytest.raises((EOFError, OSError)):
        conn.recv_bytes()
    conn.close()
    assert handoff.request({"op": "ping"}, directory) == {"ok": True, "message": "pong"}
    assert thread_crashes == []
    assert recorder.requests == []


@pytest.mark.parametrize("text", ["[" * 4000, '{"a": ' * 3000, '{"op": "ping", "x": [[[[[1]]]]]}'])
def test_decoder_refuses_deep_nesting_without_recursing(text: str) -> None:
    with pytest.raises(ValueError, match="nested"):
        handoff.decode(text.encode())
    assert handoff.parse_request(text.encode()) is None


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    message = {"op": "open", "name": '[{"\\' * 50}
    assert handoff.parse_request(json.dumps(message).encode()) == message
