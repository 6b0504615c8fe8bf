"""As a user runs it: ``studio-tray`` subprocesses with the real Secret Service keyring, the
emulator over HTTP, the real AWS CLI using ``credential-process``, and the secret canary."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from studio_tray.emulator import Emulator

AKID = "AKIACANARYKEY0000001"
SECRET = "CANARY-secret-7f3a9c-do-not-store-anywhere"
ROLE = "arn:aws:iam::123456789012:role/DataScientist"
SERIAL = "arn:aws:iam::123456789012:mfa/alice"
DOMAIN = "d-abc123def456"
BIN = Path(sys.executable).parent / "studio-tray"

pytestmark = pytest.mark.keyring


@pytest.fixture
def emu(emulator: Emulator, real_keyring: Any) -> Emulator:
    emulator.add_key(AKID, SECRET, "alice")
    emulator.add_role(ROLE, mfa_serial=SERIAL)
    emulator.set_mfa_code(SERIAL, "246810")
    emulator.add_domain(DOMAIN)
    emulator.add_user_profile(DOMAIN, "alice")
    emulator.add_space(DOMAIN, "alice-lab", owner="alice")
    return emulator


def st(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Any:
    """Run the installed ``studio-tray`` with this test's environment (keyring bus included)."""
    result = subprocess.run(
        [str(BIN), *args], input=stdin, capture_output=True, text=True, timeout=60,
        env=env or os.environ.copy(),
    )  # fmt: skip
    assert "Traceback" not in result.stderr
    return result


def add_profile(emu: Emulator, *extra: str) -> None:
    result = st("profile", "add", "prod", "--region", "us-east-1", "--endpoint-url", emu.url,
                "--stdin", *extra, stdin=f"{AKID}\n{SECRET}\n")  # fmt: skip
    assert result.returncode == 0, result.stderr
    shortcut = st("shortcut", "add", "lab", "--profile", "prod", "--domain-id", DOMAIN,
                  "--user-profile", "alice", "--space", "alice-lab")  # fmt: skip
    assert shortcut.returncode == 0, shortcut.stderr


def test_add_from_stdin_then_open_print(emu: Emulator, secret_service: Any) -> None:
    add_profile(emu)
    opened = st("open", "--print", "lab")
    assert opened.returncode == 0, opened.stderr
    url = opened.stdout.strip()
    # The space was stopped: the URL printed is the one presigned once it ran.
    call = [r for r in emu.requests if r.op == "CreatePresignedDomainUrl"][-1]
    # The emulator checked the SigV4 signature against SECRET: these exact keys signed.
    assert call.access_key_id == AKID and not call.session_token
    assert call.params["SpaceName"] == "alice-lab"
    assert emu.redeem(url) == 200


def test_aws_cli_uses_credential_process(
    emu: Emulator, secret_service: Any, isolated_env: dict[str, Path]
) -> None:
    add_profile(emu)
    aws_config = isolated_env["home"] / ".aws" / "config"
    aws_config.parent.mkdir(parents=True, exist_ok=True)
    aws_config.write_text(
        "[profile x]\n"
        f"credential_process = {BIN} credential-process --profile prod\n"
        "region = us-east-1\n"
    )
    aws = Path(sys.executable).parent / "aws"
    for args in (["sts", "get-caller-identity"], ["sagemaker", "list-domains"]):
        result = subprocess.run(
            [str(aws), *args, "--profile", "x", "--endpoint-url", emu.url, "--output", "json"],
            capture_output=True, text=True, timeout=90, env=os.environ.copy(),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        if args[0] == "sts":
            assert data["Arn"] == "arn:aws:iam::123456789012:user/alice"
        else:
            assert [d["DomainId"] for d in data["Domains"]] == [DOMAIN]
    assert {r.access_key_id for r in emu.requests} == {AKID}


def test_canary_secret_and_url_tokens_stay_out_of_files(
    emu: Emulator, secret_service: Any, isolated_env: dict[str, Path], tmp_path: Path
) -> None:
    add_profile(emu)
    tokens = []
    for _ in range(2):
        opened = st("--debug", "open", "--print", "lab")
        assert opened.returncode == 0, opened.stderr
        tokens.append(parse_qs(urlsplit(opened.stdout.strip()).query)["token"][0])
    assert st("--debug", "profile", "test", "prod").returncode == 0
    process = st("credential-process", "--profile", "prod")
    assert json.loads(process.stdout)["SecretAccessKey"] == SECRET
    doctor = st("doctor").stdout  # other features' checks (tray, hotkeys) may fail headless
    assert "ok   credentials prod: account 123456789012" in doctor
    needles = [SECRET.encode(), *(t.encode() for t in tokens)]
    roots = [tmp_path, *isolated_env.values(), secret_service.keyring_dir]
    scanned = 0
    for root in roots:
        for path in [root] if root.is_file() else root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                scanned += 1
                for needle in needles:
                    assert needle not in data, f"{path} contains a secret or URL token"
    assert scanned >= 3  # at least the config, the keyring file and the log


def test_no_keyring_backend(emu: Emulator) -> None:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = st("profile", "add", "prod", "--stdin", "--no-verify", stdin=f"{AKID}\n{SECRET}\n",
                env=env)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "studio-tray: no keyring backend is available (fail Keyring): install gnome-keyring or "
        "KWallet (Secret Service) plus the `secretstorage` package, or `pip install "
        "keyrings.alt` for a file-based store"
    )
    doctor = st("doctor", env=env)
    assert doctor.returncode == 1
    assert "FAIL keyring: no usable backend (fail Keyring)  fix: install gnome-keyring" in (
        doctor.stdout
    )


def run_on_terminal(args: list[str], *answers: tuple[str, str]) -> tuple[int, str]:
    """Run on a pseudo-terminal; answer each (prompt, text) in turn; (exit code, output)."""
    leader, follower = pty.openpty()
    child = subprocess.Popen([str(BIN), *args], stdin=follower, stdout=follower, stderr=follower,
                             env=os.environ.copy())  # fmt: skip
    os.close(follower)
    output, pending, seen = b"", list(answers), 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if pending and pending[0][0].encode() in output[seen:]:
            os.write(leader, pending.pop(0)[1].encode() + b"\n")
            seen = len(output)  # the next prompt must come after this one
    code = child.wait(timeout=30)
    os.close(leader)
    return code, output.decode(errors="replace")


def test_keys_prompted_without_echo(emu: Emulator, secret_service: Any) -> None:
    status, output = run_on_terminal(
        ["profile", "add", "prod", "--region", "us-east-1", "--endpoint-url", emu.url],
        ("AWS access key id for prod:", AKID),
        ("AWS secret access key:", SECRET),
    )
    assert status == 0, output
    assert "stored keys of profile prod" in output
    assert AKID not in output and SECRET not in output
    [(_, item)] = secret_service.items()
    assert json.loads(item) == {"AccessKeyId": AKID, "SecretAccessKey": SECRET}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("246810", "profile prod: account 123456789012, "
                   "arn:aws:sts::123456789012:assumed-role/DataScientist/studio-tray-prod"),
        ("135790", "studio-tray: AWS refused the MFA code for profile prod (wrong or expired)"),
    ],
)  # fmt: skip
def test_mfa_prompt_on_a_terminal(emu: Emulator, code: str, expected: str) -> None:
    add_profile(emu, "--role-arn", ROLE, "--mfa-serial", SERIAL)
    status, output = run_on_terminal(["profile", "test", "prod"], ("MFA code", code))
    assert f"MFA code for profile prod ({SERIAL}):" in output
    assert expected in output
    assert code not in output  # typed without echo
    assert status == (0 if code == "246810" else 1)
    [assume] = [r for r in emu.requests if r.op == "AssumeRole"]
    assert (assume.params["SerialNumber"], assume.params["TokenCode"]) == (SERIAL, code)


def test_open_on_a_terminal_asks_for_the_mfa_code(emu: Emulator) -> None:
    add_profile(emu, "--role-arn", ROLE, "--mfa-serial", SERIAL)
    status, output = run_on_terminal(["open", "--print", "lab"], ("MFA code", "246810"))
    assert status == 0, output
    url = output.strip().splitlines()[-1]
    assert emu.redeem(url) == 200
    for call in [r for r in emu.requests if r.op == "CreatePresignedDomainUrl"]:
        assert call.access_key_id.startswith("ASIA") and call.session_token


def test_credential_process_without_a_terminal_says_it_cannot_ask(emu: Emulator) -> None:
    add_profile(emu, "--role-arn", ROLE, "--mfa-serial", SERIAL)
    result = subprocess.run(
        [str(BIN), "credential-process", "--profile", "prod"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
        env=os.environ.copy(), start_new_session=True,  # no controlling terminal: as a service
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "studio-tray: profile prod needs an MFA code, and there is no way to ask for it here: "
        "run the command in a terminal, or use the tray"
    ], result.stderr
    assert [r for r in emu.requests if r.op == "AssumeRole"] == []
