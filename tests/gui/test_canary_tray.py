"""End to end with canaries: keyring keys, an assumed role, a running tray, hand-off opens.

A recognisable secret key, the role's session tokens and every URL token the emulator issued
are searched for in HOME, the config, state, log and temp folders and in everything the tray
printed (with --debug). None may appear anywhere.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from studio_tray.emulator import Emulator
from tests.fixtures.display import Display
from tests.fixtures.wait import wait_for_channel, wait_until

AKID = "AKIACANARYTRAY000001"
SECRET = "CANARY-tray-secret-91be-never-on-disk"
ROLE = "arn:aws:iam::123456789012:role/Canary"
DOMAIN = "d-canary000001"
BIN = Path(sys.executable).parent / "studio-tray"
RECORDER = """\
import html, re, sys, urllib.parse, urllib.request
page = open(urllib.parse.unquote(urllib.parse.urlsplit(sys.argv[1]).path)).read()
url = html.unescape(re.search('content="0;url=([^"]*)"', page).group(1))
status = urllib.request.urlopen(url, timeout=10).status
with open(sys.argv[2], "a") as out:
    out.write(f"{status}\\n")
"""

pytestmark = [pytest.mark.gui, pytest.mark.keyring]


def st(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )


def test_no_secret_session_token_or_url_token_leaks(
    emulator: Emulator,
    real_keyring: Any,
    secret_service: Any,
    display: Display,
    isolated_env: dict[str, Path],
    tmp_path: Path,
) -> None:
    emulator.add_key(AKID, SECRET, "canary")
    emulator.add_role(ROLE)
    emulator.add_domain(DOMAIN, "canary")
    emulator.add_user_profile(DOMAIN, "alice")
    added = st(
        "profile",
        "add",
        "prod",
        "--region",
        "us-east-1",
        "--endpoint-url",
        emulator.url,
        "--role-arn",
        ROLE,
        "--stdin",
        stdin=f"{AKID}\n{SECRET}\n",
    )
    assert added.returncode == 0, added.stderr
    assert (
        st(
            "shortcut",
            "add",
            "lab",
            "--profile",
            "prod",
            "--domain-id",
            DOMAIN,
            "--user-profile",
            "alice",
        ).returncode
        == 0
    )
    recorder = tmp_path / "recorder.py"
    recorder.write_text(RECORDER)
    statuses = tmp_path / "statuses.txt"
    env = {
        **os.environ,
        "DISPLAY": display.env["DISPLAY"],
        "GDK_BACKEND": "x11",
        "PYSTRAY_BACKEND": "gtk",
        "BROWSER": f"{sys.executable} {recorder} %s {statuses}",
    }
    tray = subprocess.Popen(
        [str(BIN), "--debug", "run"],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_channel(isolated_env["state"], timeout=30, alive=lambda: tray.poll() is None)
        for _ in range(2):
            opened = st("--debug", "open", "lab")
            assert opened.returncode == 0, opened.stderr
            assert "by the running tray" in opened.stderr
        wait_until(
            lambda: statuses.exists() and len(statuses.read_text().split()) >= 2,
            timeout=20,
            what="the browser to get both URLs",
        )
        assert statuses.read_text().split() == ["200", "200"]
    finally:
        tray.send_signal(signal.SIGTERM)
        out, err = tray.communicate(timeout=30)
    assert tray.returncode == 0, err
    # A page read just before the quit is left to the forked hand-over watcher, which removes it
    # once READ_GRACE_NS has passed since the read (the browser has the bytes by then).
    pages = isolated_env["state"] / "pages"
    wait_until(
        lambda: not list(pages.glob("open-*.html")),
        timeout=5,
        what="the hand-over watcher to remove the read pages",
    )
    ops = [r.op for r in emulator.requests]
    assert ops.count("AssumeRole") == 1 and ops.count("CreatePresignedDomainUrl") == 2
    with emulator.state.lock:
        url_tokens = list(emulator.state.tokens)
        session_tokens = [
            i.session_token for i in emulator.state.identities.values() if i.session_token
        ]
        session_secrets = [i.secret for i in emulator.state.identities.values() if i.session_token]
    needles = [SECRET, *url_tokens, *session_tokens, *session_secrets]
    assert len(url_tokens) == 2 and len(session_tokens) == 1
    printed = out + err + opened.stdout + opened.stderr
    assert "studio_tray" in err  # debug logging was on
    for needle in needles:
        assert needle not in printed
    scanned = 0
    for root in [*isolated_env.values(), tmp_path, Path(secret_service.keyring_dir)]:
        for path in [root] if root.is_file() else root.rglob("*"):
            if path.is_file():
                scanned += 1
                data = path.read_bytes()
                for needle in needles:
                    assert needle.encode() not in data, f"{path} holds a secret or token"
    assert scanned >= 4
