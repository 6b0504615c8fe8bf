"""One sign-in for every tool: boto3 (botocore's own SSO providers) and the AWS CLI use a token
studio-tray wrote, and studio-tray uses a cache file written the way the AWS CLI v2 writes it.
Each other tool runs as its own process with only HOME and the endpoints set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from studio_tray.aws.sso.source import from_profile
from studio_tray.emulator import DEMO_DOMAIN_ID
from studio_tray.model import Profile
from tests.fixtures.aws_cli import AWS
from tests.fixtures.cli import studio_tray
from tests.fixtures.sso import (
    ACCOUNT,
    ROLE,
    SESSION,
    SHORTCUT,
    START_URL,
    cache_file,
    center_for,
)


def _aws_config(home: Path, *, legacy: bool = False) -> None:
    config = home / ".aws" / "config"
    config.parent.mkdir(parents=True, exist_ok=True)
    if legacy:
        text = f"""
            [profile dev]
            sso_start_url = {START_URL}
            sso_region = us-east-1
            sso_account_id = {ACCOUNT}
            sso_role_name = {ROLE}
            region = us-east-1
            """
    else:
        text = f"""
            [profile dev]
            sso_session = {SESSION}
            sso_account_id = {ACCOUNT}
            sso_role_name = {ROLE}
            region = us-east-1

            [sso-session {SESSION}]
            sso_start_url = {START_URL}
            sso_region = us-east-1
            sso_registration_scopes = sso:account:access
            """
    config.write_text(textwrap.dedent(text))


def _studio_config(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '[profiles.dev]\naws_profile = "dev"\n\n'
        f'[[shortcuts]]\nname = "{SHORTCUT}"\nprofile = "dev"\ndomain_id = "{DEMO_DOMAIN_ID}"\n'
        'user_profile = "demo-user"\n'
    )


def _boto3(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ACCESS")}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


def _ops(emulator) -> list[str]:
    return [r.op for r in emulator.requests]


LIST_DOMAINS = (
    "import boto3; s = boto3.Session(profile_name='dev');"
    "print(s.client('sagemaker').list_domains()['Domains'][0]['DomainId'])"
)


def _sign_in_with_studio_tray(emulator, profile: Profile) -> None:
    source = from_profile(profile)
    assert source is not None
    emulator.configure_sso(auto_approve_after_polls=0)
    center_for(emulator).sign_in(source, lambda device: None)
    emulator.reset()


def test_boto3_uses_the_token_studio_tray_wrote(sso_emulator, isolated_env):
    home = isolated_env["home"]
    _aws_config(home)
    _sign_in_with_studio_tray(sso_emulator, Profile("dev", aws_profile="dev"))
    before = cache_file(home, SESSION).read_text()

    result = _boto3(LIST_DOMAINS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == DEMO_DOMAIN_ID
    assert _ops(sso_emulator) == ["GetRoleCredentials", "ListDomains"]  # no new sign-in
    assert cache_file(home, SESSION).read_text() == before


def test_boto3_refreshes_what_studio_tray_wrote(sso_emulator, isolated_env):
    """Close to expiry botocore refreshes with our clientId, clientSecret and refreshToken."""
    home = isolated_env["home"]
    _aws_config(home)
    _sign_in_with_studio_tray(sso_emulator, Profile("dev", aws_profile="dev"))
    path = cache_file(home, SESSION)
    entry = json.loads(path.read_text())
    path.write_text(json.dumps(dict(entry, expiresAt="2020-01-01T00:00:00Z")))

    result = _boto3(LIST_DOMAINS)
    assert result.returncode == 0, result.stderr
    assert _ops(sso_emulator) == ["CreateToken", "GetRoleCredentials", "ListDomains"]
    assert json.loads(path.read_text())["accessToken"] != entry["accessToken"]


def test_boto3_legacy_profile_uses_a_studio_tray_legacy_sign_in(sso_emulator, isolated_env):
    home = isolated_env["home"]
    _aws_config(home, legacy=True)
    _sign_in_with_studio_tray(sso_emulator, Profile("dev", aws_profile="dev"))
    assert cache_file(home, START_URL).exists()
    result = _boto3(LIST_DOMAINS)
    assert result.returncode == 0, result.stderr
    assert _ops(sso_emulator) == ["GetRoleCredentials", "ListDomains"]


def test_the_aws_cli_uses_the_token_studio_tray_wrote(sso_emulator, isolated_env, aws_cli):
    home = isolated_env["home"]
    _aws_config(home)
    _sign_in_with_studio_tray(sso_emulator, Profile("dev", aws_profile="dev"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ACCESS")}
    result = subprocess.run(
        [str(AWS), "sts", "get-caller-identity", "--profile", "dev", "--output", "json"],
        env=dict(env, AWS_PAGER=""),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    arn = json.loads(result.stdout)["Arn"]
    assert f":{ACCOUNT}:assumed-role/AWSReservedSSO_{ROLE}_" in arn
    assert _ops(sso_emulator) == ["GetRoleCredentials", "GetCallerIdentity"]


def test_studio_tray_uses_a_cache_file_the_aws_cli_v2_wrote(sso_emulator, isolated_env):
    """The document `aws sso login` leaves (emulator.issue_sso_token builds it the same way)."""
    home = isolated_env["home"]
    _aws_config(home)
    _studio_config(isolated_env["config"])
    entry = sso_emulator.issue_sso_token(start_url=START_URL)
    path = cache_file(home, SESSION)
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_text(json.dumps(entry))

    out = studio_tray("open", SHORTCUT, "--print")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(sso_emulator.url + "/auth?token=")
    assert _ops(sso_emulator) == ["GetRoleCredentials", "CreatePresignedDomainUrl"]
    assert json.loads(path.read_text()) == entry  # a fresh token is left as it is


def test_studio_tray_refreshes_an_aws_cli_v2_file_and_keeps_its_fields(sso_emulator, isolated_env):
    """An older AWS CLI v2 wrote ``...UTC`` times; an unknown field stays after the refresh."""
    home = isolated_env["home"]
    _aws_config(home)
    _studio_config(isolated_env["config"])
    entry = sso_emulator.issue_sso_token(start_url=START_URL)
    sso_emulator.expire_sso_token(entry["accessToken"])
    stale = dict(entry, expiresAt="2020-01-01T00:00:00UTC", futureField="kept")
    path = cache_file(home, SESSION)
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_text(json.dumps(stale))

    out = studio_tray("open", SHORTCUT, "--print")
    assert out.returncode == 0, out.stderr
    assert _ops(sso_emulator) == ["CreateToken", "GetRoleCredentials", "CreatePresignedDomainUrl"]
    saved = json.loads(path.read_text())
    assert saved["accessToken"] != entry["accessToken"]
    assert saved["futureField"] == "kept"
    assert saved["clientId"] == entry["clientId"]
    # ...and botocore reads the refreshed file back without signing in again
    sso_emulator.reset()
    result = _boto3(LIST_DOMAINS)
    assert result.returncode == 0, result.stderr
    assert _ops(sso_emulator) == ["GetRoleCredentials", "ListDomains"]
