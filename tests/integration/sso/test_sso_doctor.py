"""``doctor``'s Identity Center lines and ``credential-process`` for an SSO profile."""

from __future__ import annotations

import json
from datetime import datetime

from studio_tray import doctor
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.sso.source import from_profile
from studio_tray.config.read import load
from studio_tray.doctor import sso as sso_checks
from tests.fixtures.cli import studio_tray
from tests.fixtures.sso import SESSION, START_URL, cache_file, center_for, write_sso_config


def _lines(emulator, isolated_env, center) -> list[str]:
    path = isolated_env["config"]
    config = load(path)
    sessions = SessionProvider(MemoryKeyStore(), sso=center)
    context = doctor.Context(path, config, sessions=sessions)
    return [r.line() for r in doctor.run(context, sso_checks.CHECKS)]


def test_doctor_shows_each_state_and_the_cache_file(sso_emulator, isolated_env):
    write_sso_config(isolated_env["config"])
    path = cache_file(isolated_env["home"], SESSION)
    center = center_for(sso_emulator)
    assert _lines(sso_emulator, isolated_env, center) == [
        f"FAIL sign-in dev: never signed in; cache {path}  fix: run `studio-tray login dev`"
    ]
    sso_emulator.configure_sso(auto_approve_after_polls=0, token_seconds=3600)
    source = from_profile(load(isolated_env["config"]).profiles["dev"])
    assert source is not None
    token = center.sign_in(source, lambda device: None)
    until = datetime.fromtimestamp(token.expires_at).strftime("%H:%M")
    assert _lines(sso_emulator, isolated_env, center) == [
        f"ok   sign-in dev: signed in until {until} (refreshable); cache {path}"
    ]
    sso_emulator.advance(3700)
    assert _lines(sso_emulator, isolated_env, center) == [
        f"ok   sign-in dev: expired, refreshable without a browser; cache {path}"
    ]
    assert [r.op for r in sso_emulator.requests].count("CreateToken") == 1  # doctor sent none


def test_doctor_fails_an_expired_legacy_sign_in(sso_emulator, isolated_env):
    write_sso_config(isolated_env["config"], session=None)
    path = cache_file(isolated_env["home"], START_URL)
    path.parent.mkdir(parents=True)
    entry = sso_emulator.issue_sso_token(start_url=START_URL, scopes=())
    path.write_text(json.dumps(dict(entry, expiresAt="2020-01-01T00:00:00Z")))
    (line,) = _lines(sso_emulator, isolated_env, center_for(sso_emulator))
    assert line == f"FAIL sign-in dev: expired; cache {path}  fix: run `studio-tray login dev`"


def test_doctor_command_has_the_line(sso_emulator, isolated_env):
    write_sso_config(isolated_env["config"])
    out = studio_tray("doctor")
    assert "FAIL sign-in dev: never signed in" in out.stdout
    assert "fix: run `studio-tray login dev`" in out.stdout


def test_credential_process_for_an_sso_profile(sso_emulator, isolated_env):
    write_sso_config(isolated_env["config"])
    refused = studio_tray("credential-process", "--profile", "dev")
    assert refused.returncode == 1 and refused.stdout == ""
    assert "run `studio-tray login dev`" in refused.stderr

    sso_emulator.configure_sso(auto_approve_after_polls=0)
    source = from_profile(load(isolated_env["config"]).profiles["dev"])
    assert source is not None
    center_for(sso_emulator).sign_in(source, lambda device: None)
    out = studio_tray("credential-process", "--profile", "dev")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["Version"] == 1 and answer["AccessKeyId"].startswith("ASIA")
    assert answer["SessionToken"] and answer["Expiration"].endswith("Z")
    assert answer["AccessKeyId"] in sso_emulator.state.identities
