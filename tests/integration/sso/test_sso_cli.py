"""``studio-tray login`` / ``logout`` and ``open`` for an Identity Center profile, as processes
against the emulator (endpoints through AWS_ENDPOINT_URL_SSO / _SSO_OIDC / _SAGEMAKER)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.fixtures.cli import studio_tray
from tests.fixtures.sso import (
    SESSION,
    SHORTCUT,
    START_URL,
    approve_printed_code,
    approving_browser,
    cache_file,
    write_sso_config,
)
from tests.fixtures.wait import wait_until


def _login(*args: str, emulator, deny: bool = False) -> tuple[int, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "studio_tray", "login", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    err = "".join(approve_printed_code(process, emulator, deny=deny))
    return process.wait(timeout=60), err


def test_login_open_logout_in_a_terminal(sso_emulator, isolated_env):
    write_sso_config(isolated_env["config"])
    code, err = _login("dev", "--no-browser", emulator=sso_emulator)
    assert code == 0, err
    assert f"{sso_emulator.url}/sso/verify" in err  # the URL and the code are shown
    assert "signed in until" in err and "(refreshable)" in err
    path = cache_file(isolated_env["home"], SESSION)
    assert json.loads(path.read_text())["startUrl"] == START_URL

    opened = studio_tray("open", SHORTCUT, "--print")
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.startswith(sso_emulator.url + "/auth?token=")

    out = studio_tray("logout", "dev")
    assert out.returncode == 0, out.stderr
    assert "signed out" in out.stderr
    assert not path.exists()
    assert ("Logout", None) in [(r.op, r.error) for r in sso_emulator.requests]

    refused = studio_tray("open", SHORTCUT, "--print")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "studio-tray: profile dev is not signed in to IAM Identity Center: "
        "run `studio-tray login dev`"
    )
    assert refused.stdout == ""


def test_login_denied_exits_1_with_why(sso_emulator, isolated_env):
    write_sso_config(isolated_env["config"])
    code, err = _login("dev", "--no-browser", emulator=sso_emulator, deny=True)
    assert code == 1
    assert "studio-tray: the sign-in of profile dev was denied" in err
    assert not cache_file(isolated_env["home"], SESSION).exists()


def test_login_opens_the_verification_page_with_the_config_browser(
    sso_emulator, isolated_env, tmp_path
):
    browser, record = approving_browser(tmp_path)
    write_sso_config(isolated_env["config"], browser=browser)
    out = studio_tray("login", "dev", timeout=60)
    assert out.returncode == 0, out.stderr
    wait_until(record.exists, 10)
    (url,) = record.read_text().splitlines()
    assert url.startswith(f"{sso_emulator.url}/sso/verify?user_code=")
    assert cache_file(isolated_env["home"], SESSION).exists()


def test_an_expired_sign_in_in_a_terminal(sso_emulator, isolated_env):
    """A legacy sign-in (no refresh token) that has expired: open exits 1 and says what to run."""
    write_sso_config(isolated_env["config"], session=None)
    entry = sso_emulator.issue_sso_token(start_url=START_URL, scopes=())
    path = cache_file(isolated_env["home"], START_URL)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(dict(entry, expiresAt="2020-01-01T00:00:00Z")))

    out = studio_tray("open", SHORTCUT)
    assert out.returncode == 1
    assert out.stderr.strip() == (
        "studio-tray: the IAM Identity Center sign-in of profile dev has expired: "
        "run `studio-tray login dev`"
    )
    assert sso_emulator.requests == []  # nothing was sent with a dead token


def test_login_of_a_profile_without_identity_center(isolated_env):
    isolated_env["config"].parent.mkdir(parents=True, exist_ok=True)
    isolated_env["config"].write_text('[profiles.keys]\nregion = "us-east-1"\n')
    out = studio_tray("login", "keys")
    assert out.returncode == 2
    assert "profile keys does not sign in with IAM Identity Center" in out.stderr
