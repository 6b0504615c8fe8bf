"""``profile add --sso-*``: with every key it just writes the profile; with only the start URL
and region it signs in, lists accounts and roles (sso ListAccounts / ListAccountRoles) and
lets the user choose from numbered lists."""

from __future__ import annotations

from studio_tray.config.read import load
from tests.fixtures.cli import studio_tray
from tests.fixtures.sso import ACCOUNT, ROLE, SESSION, START_URL, approving_browser, cache_file

OTHER = "444455556666"


def test_all_keys_write_the_profile_without_signing_in(sso_emulator, isolated_env):
    out = studio_tray(
        "profile", "add", "dev", "--region", "us-east-1", "--sso-start-url", START_URL,
        "--sso-region", "us-east-1", "--sso-account-id", ACCOUNT, "--sso-role-name", ROLE,
        "--sso-session", SESSION,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "sign in with: studio-tray login dev" in out.stdout
    dev = load(isolated_env["config"]).profiles["dev"]
    assert (dev.sso_start_url, dev.sso_account_id, dev.sso_role_name, dev.sso_session) == (
        START_URL, ACCOUNT, ROLE, SESSION,
    )  # fmt: skip
    assert sso_emulator.requests == []
    listed = studio_tray("profile", "list")
    assert f"sso:{SESSION}" in listed.stdout


def test_start_url_and_region_sign_in_and_offer_the_choice(sso_emulator, isolated_env, tmp_path):
    sso_emulator.add_sso_assignment(OTHER, "Admin", account_name="dev-account")
    sso_emulator.add_sso_assignment(OTHER, "ReadOnly")
    browser, _ = approving_browser(tmp_path)
    config = isolated_env["config"]
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"[settings]\nbrowser = '{browser}'\n")
    out = studio_tray(
        "profile", "add", "ops", "--sso-start-url", START_URL, "--sso-region", "us-east-1",
        "--sso-session", SESSION, stdin="1\n9\n2\n", timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert f"  1. {OTHER}  dev-account" in out.stdout
    assert f"  2. {ACCOUNT}  prod" in out.stdout
    assert "  1. Admin\n  2. ReadOnly" in out.stdout
    assert "enter a number from 1 to 2" in out.stderr  # the 9
    ops = load(config).profiles["ops"]
    assert (ops.sso_account_id, ops.sso_role_name) == (OTHER, "ReadOnly")
    assert cache_file(isolated_env["home"], SESSION).exists()
    assert "sign in with" not in out.stdout  # already signed in
    names = [r.op for r in sso_emulator.requests]
    assert names.count("StartDeviceAuthorization") == 1
    assert {"ListAccounts", "ListAccountRoles"} <= set(names)


def test_a_bad_start_url_is_refused_before_signing_in(sso_emulator, isolated_env):
    out = studio_tray(
        "profile", "add", "x", "--sso-start-url", "http://plain", "--sso-region", "us-east-1"
    )
    assert out.returncode == 2
    assert 'sso_start_url "http://plain" must be an https:// URL' in out.stderr
    assert sso_emulator.requests == []
