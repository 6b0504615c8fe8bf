"""The real AWS CLI as a client of the emulator, and the ``studio-tray emulator`` verb."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from studio_tray.emulator import (
    DEMO_ACCESS_KEY_ID,
    DEMO_DOMAIN_ID,
    DEMO_SECRET_ACCESS_KEY,
    DEMO_USER,
)
from tests.fixtures.aws_cli import aws

BIN = Path(sys.executable).parent


def test_aws_cli_gets_a_presigned_url(emulator, aws_cli) -> None:
    emulator.add_demo_data()
    result = aws(
        emulator.url,
        "sagemaker",
        "create-presigned-domain-url",
        "--domain-id",
        DEMO_DOMAIN_ID,
        "--user-profile-name",
        DEMO_USER,
        "--expires-in-seconds",
        "60",
    )
    assert result.returncode == 0, result.stderr
    url = json.loads(result.stdout)["AuthorizedUrl"]
    assert url.startswith(f"{emulator.url}/auth?token=")
    assert emulator.redeem(url) == 200
    (record,) = emulator.requests
    assert record.params == {
        "DomainId": DEMO_DOMAIN_ID,
        "UserProfileName": DEMO_USER,
        "ExpiresInSeconds": 60,
    }


def test_aws_cli_with_a_wrong_secret_gets_a_signature_error(emulator, aws_cli) -> None:
    emulator.add_demo_data()
    result = aws(
        emulator.url,
        "sagemaker",
        "create-presigned-domain-url",
        "--domain-id",
        DEMO_DOMAIN_ID,
        "--user-profile-name",
        DEMO_USER,
        secret="wrong-secret",
    )
    assert result.returncode != 0
    assert "InvalidSignatureException" in result.stderr
    assert "signature we calculated does not match" in result.stderr


def test_aws_cli_sts_get_caller_identity(emulator, aws_cli) -> None:
    result = aws(emulator.url, "sts", "get-caller-identity")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Account"] == "123456789012"
    wrong = aws(emulator.url, "sts", "get-caller-identity", secret="wrong-secret")
    assert wrong.returncode != 0 and "SignatureDoesNotMatch" in wrong.stderr


def _start_verb(*args: str) -> tuple[subprocess.Popen[str], str, str]:
    """Start ``studio-tray emulator``; return the process, its URL and its banner."""
    proc = subprocess.Popen(
        [str(BIN / "studio-tray"), "emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    banner = []
    for line in proc.stdout:
        banner.append(line)
        if line.startswith("Ctrl-C stops it."):
            break
    first = banner[0] if banner else ""
    if not first.startswith("studio-tray emulator listening on "):
        proc.kill()
        pytest.fail(f"unexpected banner {banner!r}: {proc.communicate()[1]}")
    return proc, first.rsplit(" ", 1)[1].strip(), "".join(banner)


def _stop(proc: subprocess.Popen[str], how: int) -> tuple[str, str]:
    proc.send_signal(how)
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.wait(timeout=10)
    return out, err


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_emulator_verb_serves_the_demo_until_stopped(how) -> None:
    proc, url, banner = _start_verb("--port", "0")
    try:
        client = boto3.client(
            "sagemaker",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id=DEMO_ACCESS_KEY_ID,
            aws_secret_access_key=DEMO_SECRET_ACCESS_KEY,
        )
        answer = client.create_presigned_domain_url(
            DomainId=DEMO_DOMAIN_ID, UserProfileName=DEMO_USER
        )
        assert answer["AuthorizedUrl"].startswith(f"{url}/auth?token=")
    finally:
        out, err = _stop(proc, how)
    assert proc.returncode == 0, err
    assert DEMO_ACCESS_KEY_ID in banner and "stopped" in out
    assert answer["AuthorizedUrl"] not in banner + out + err


def test_emulator_verb_with_own_credentials_never_prints_the_secret() -> None:
    proc, _, banner = _start_verb("--credentials", "AKIDOWNKEY0000000001:my-very-own-secret")
    out, err = _stop(proc, signal.SIGINT)
    assert proc.returncode == 0
    assert "AKIDOWNKEY0000000001" in banner
    assert "my-very-own-secret" not in banner + out + err
    bad = subprocess.run(
        [str(BIN / "studio-tray"), "emulator", "--credentials", "no-colon-secret"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert bad.returncode == 2 and "no-colon-secret" not in bad.stdout + bad.stderr
