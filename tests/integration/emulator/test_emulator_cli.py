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


def _start_verb(*args: str, stdin: str | None = None) -> tuple[subprocess.Popen[str], str, str]:
    """Start ``studio-tray emulator`` (``stdin`` written to it); return the process, its URL
    and its banner."""
    proc = subprocess.Popen(
        [str(BIN / "studio-tray"), "emulator", *args],
        stdin=subprocess.PIPE if stdin is not None else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
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


def _signed_call(url: str, akid: str, secret: str) -> str:
    client = boto3.client(
        "sagemaker",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id=akid,
        aws_secret_access_key=secret,
    )
    answer = client.create_presigned_domain_url(DomainId=DEMO_DOMAIN_ID, UserProfileName=DEMO_USER)
    return str(answer["AuthorizedUrl"])


@pytest.mark.parametrize("where", ["file", "stdin"])
def test_emulator_keys_from_a_private_file_or_stdin_stay_off_the_command_line(
    tmp_path: Path, where: str
) -> None:
    keys = "AKIDFILEKEY000000001:secret-from-a-file-0001\nAKIDFILEKEY000000002:second-secret\n"
    if where == "file":
        path = tmp_path / "keys"
        path.write_text(keys)
        path.chmod(0o600)
        proc, url, banner = _start_verb("--credentials-file", str(path))
    else:
        proc, url, banner = _start_verb("--credentials-file", "-", stdin=keys)
    try:
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
        assert b"secret-from-a-file" not in cmdline and b"second-secret" not in cmdline
        assert _signed_call(url, "AKIDFILEKEY000000002", "second-secret").startswith(url)
    finally:
        out, err = _stop(proc, signal.SIGINT)
    assert "AKIDFILEKEY000000001, AKIDFILEKEY000000002" in banner
    assert "secret" not in (banner + out + err).replace("the secrets given", "")


@pytest.mark.parametrize(
    ("mode", "text", "expected"),
    [
        (0o644, "AKIDX:secret-x\n", "can be read by other users (mode 644)"),
        (0o600, "no-colon-secret\n", "must hold lines like ACCESS_KEY_ID:SECRET"),
        (0o600, "\n\n", "holds no keys"),
    ],
)
def test_a_bad_credentials_file_is_one_line(
    tmp_path: Path, mode: int, text: str, expected: str
) -> None:
    path = tmp_path / "keys"
    path.write_text(text)
    path.chmod(mode)
    bad = subprocess.run(
        [str(BIN / "studio-tray"), "emulator", "--credentials-file", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and expected in bad.stderr, bad.stderr
    assert "secret" not in bad.stderr.replace("holds secrets", "")
