"""A hostile endpoint's error text reaches the user cleaned: no terminal escapes or control
characters, no query strings or ``token=`` values (``errors.clean_text``, the one place every
message of the app's errors goes through). The endpoint is a plain HTTP server on loopback
that answers every call with the error under test; studio-tray runs as a process."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.cli import studio_tray as cli

AKID = "AKIAHOSTILE000000001"
SECRET = "hostile-secret-0123456789abcdefghijklmn"
HOSTILE = (
    "User \x1b[31mprofile\x1b[0m not found\r\x1b]0;owned\x07 \x9b2J\u202eevil "
    "see https://evil.example/x?token=SECRET-ONE&a=b then token=SECRET-TWO"
)
RAW = ("\x1b", "\x07", "\r", "\x9b", "\u202e", "SECRET-ONE", "SECRET-TWO")


class Hostile(BaseHTTPRequestHandler):
    answer: dict[str, Any] = {}
    status = 400

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps(Hostile.answer).encode()
        self.send_response(Hostile.status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def endpoint(isolated_env: dict[str, Path]) -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{srv.server_address[1]}"
    config = isolated_env["config"]
    config.parent.mkdir(parents=True)
    config.write_text(
        f'[profiles.p]\naws_profile = "default"\nregion = "eu-west-1"\nendpoint_url = "{url}"\n\n'
        '[[shortcuts]]\nname = "lab"\nprofile = "p"\ndomain_id = "d-abc123def456"\n'
        'user_profile = "alice"\n'
    )
    aws = isolated_env["home"] / ".aws"
    aws.mkdir()
    (aws / "config").write_text("[default]\nregion = eu-west-1\n")
    (aws / "credentials").write_text(
        f"[default]\naws_access_key_id = {AKID}\naws_secret_access_key = {SECRET}\n"
    )
    yield url
    srv.shutdown()


@pytest.mark.parametrize(
    "answer",
    [
        {"__type": "ValidationException", "message": HOSTILE},
        {"__type": "ResourceNotFound", "message": HOSTILE},
        {"__type": "Evil\x1b[2JCode?token=SECRET-ONE", "message": HOSTILE},
    ],
    ids=["validation", "not found", "hostile code"],
)
def test_service_error_text_is_cleaned(endpoint: str, answer: dict[str, Any]) -> None:
    Hostile.answer = answer
    result = cli("open", "lab", "--print", env={**os.environ, "AWS_MAX_ATTEMPTS": "1"})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert [raw for raw in RAW if raw in result.stderr] == [], repr(result.stderr)
    assert result.stderr.startswith("studio-tray: ") and result.stderr.count("\n") == 1
    if answer["__type"] != "Evil\x1b[2JCode?token=SECRET-ONE":
        assert "https://evil.example/x?<redacted>" in result.stderr, result.stderr
        assert "token=<redacted>" in result.stderr, result.stderr
