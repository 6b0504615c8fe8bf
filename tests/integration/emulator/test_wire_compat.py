"""studio-tray's request on the wire equals the AWS CLI's for the same call.

The AWS CLI is AWS's own client for the real service; if both send the same operation, body
and signed headers to a plain recording server, studio-tray speaks SageMaker's real protocol,
not just whatever our emulator accepts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

AKID = "AKIAWIRECOMPAT000001"
SECRET = "wire-compat-secret-0123456789abcdefghij"
BIN = Path(sys.executable).parent


class Recorder(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Recorder.seen.append({"headers": dict(self.headers), "body": json.loads(body)})
        answer = json.dumps(
            {"AuthorizedUrl": "https://d-abc123def456.studio.us-east-1.sagemaker.aws/auth?token=x"}
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer.encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Any:
    Recorder.seen = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def signed_headers(headers: dict[str, str]) -> list[str]:
    auth = headers["Authorization"]
    assert auth.startswith("AWS4-HMAC-SHA256 Credential=" + AKID + "/")
    return sorted(auth.split("SignedHeaders=")[1].split(",")[0].split(";"))


def test_same_request_as_the_aws_cli(server: str, isolated_env: dict[str, Path]) -> None:
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": AKID,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_DEFAULT_REGION": "eu-west-1",
    }
    config = isolated_env["config"]
    config.parent.mkdir(parents=True)
    config.write_text(f"""[settings]
expires_in = 45
session_duration = 3600

[profiles.p]
aws_profile = "default"
region = "eu-west-1"
endpoint_url = "{server}"

[[shortcuts]]
name = "lab"
profile = "p"
domain_id = "d-abc123def456"
user_profile = "alice"
space = "alice-lab"
landing_uri = "app:JupyterLab:"
""")
    (isolated_env["home"] / ".aws").mkdir()
    (isolated_env["home"] / ".aws" / "config").write_text("[default]\nregion = eu-west-1\n")
    (isolated_env["home"] / ".aws" / "credentials").write_text(
        f"[default]\naws_access_key_id = {AKID}\naws_secret_access_key = {SECRET}\n"
    )
    ours = subprocess.run(
        [str(BIN / "studio-tray"), "open", "lab", "--print", "--no-start"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ours.returncode == 0, ours.stderr
    theirs = subprocess.run(
        [
            str(BIN / "aws"),
            "sagemaker",
            "create-presigned-domain-url",
            "--endpoint-url",
            server,
            "--domain-id",
            "d-abc123def456",
            "--user-profile-name",
            "alice",
            "--space-name",
            "alice-lab",
            "--landing-uri",
            "app:JupyterLab:",
            "--expires-in-seconds",
            "45",
            "--session-expiration-duration-in-seconds",
            "3600",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert theirs.returncode == 0, theirs.stderr
    a, b = Recorder.seen
    assert (
        a["body"]
        == b["body"]
        == {
            "DomainId": "d-abc123def456",
            "UserProfileName": "alice",
            "SpaceName": "alice-lab",
            "LandingUri": "app:JupyterLab:",
            "ExpiresInSeconds": 45,
            "SessionExpirationDurationInSeconds": 3600,
        }
    )
    for key in ("X-Amz-Target", "Content-Type"):
        assert a["headers"][key] == b["headers"][key]
    assert a["headers"]["X-Amz-Target"] == "SageMaker.CreatePresignedDomainUrl"
    assert signed_headers(a["headers"]) == signed_headers(b["headers"])
    scope = a["headers"]["Authorization"].split("Credential=")[1].split(",")[0].split("/")[2:]
    assert scope == ["eu-west-1", "sagemaker", "aws4_request"]
