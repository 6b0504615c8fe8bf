"""The canary: the access token, the refresh token and the client secret of a real sign-in
never reach a log, an error text, the config or a temp file. They live in the AWS CLI's cache
folder only. Every value the sign-in ever held (before and after a refresh) is searched for in
every output of ``--debug`` commands and every file under the test's folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.cli import studio_tray
from tests.fixtures.sso import SESSION, SHORTCUT, approve_printed_code, cache_file, write_sso_config


def _secrets(path: Path) -> set[str]:
    saved = json.loads(path.read_text())
    return {saved["accessToken"], saved["refreshToken"], saved["clientSecret"]}


def test_canary_tokens_and_client_secret_stay_in_the_sso_cache(
    sso_emulator, isolated_env, tmp_path
):
    write_sso_config(isolated_env["config"])
    outputs: list[str] = []
    login = subprocess.Popen(
        [sys.executable, "-m", "studio_tray", "--debug", "login", "dev", "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        env=os.environ.copy(),
    )  # fmt: skip
    outputs.append("".join(approve_printed_code(login, sso_emulator)))
    assert login.wait(60) == 0, outputs[-1]
    path = cache_file(isolated_env["home"], SESSION)
    seen = _secrets(path)

    def run(*args: str, code: int = 0) -> None:
        result = studio_tray("--debug", *args)
        outputs.extend([result.stdout, result.stderr])
        assert result.returncode == code, result.stderr

    run("open", SHORTCUT, "--print")
    run("credential-process", "--profile", "dev")
    run("doctor", code=1)  # headless: the tray and hotkey checks fail; the SSO line is ok
    assert "ok   sign-in dev: signed in until" in outputs[-2]
    # a refresh: the file says the token is about to expire
    saved = json.loads(path.read_text())
    path.write_text(json.dumps(dict(saved, expiresAt="2020-01-01T00:00:00Z")))
    run("open", SHORTCUT, "--print")
    seen |= _secrets(path)
    assert len(seen) == 5  # two access tokens, two refresh tokens, one client secret
    # failures: a revoked session, then a logout
    sso_emulator.revoke_sso_session(json.loads(path.read_text())["accessToken"])
    run("open", SHORTCUT, "--print", code=1)
    run("logout", "dev")

    for text in outputs:
        for secret in seen:
            assert secret not in text, "a token or the client secret reached an output"
    cache_dir = path.parent
    scanned = 0
    for root in {tmp_path, *isolated_env.values()}:
        for found in [root] if root.is_file() else root.rglob("*"):
            if not found.is_file() or cache_dir in found.parents:
                continue
            data = found.read_bytes()
            scanned += 1
            for secret in seen:
                assert secret.encode() not in data, f"{found} holds a token or the client secret"
    assert scanned >= 1  # at least the config
    assert any("DEBUG" in text for text in outputs)  # the debug logs were there to search
