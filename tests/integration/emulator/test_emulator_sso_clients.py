"""Real clients of the emulator's IAM Identity Center: botocore's own SSO credential and token
providers (an sso-session profile, its token cache, the refresh) and the AWS CLI."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import boto3
import pytest
from botocore.credentials import SSOProvider
from botocore.exceptions import TokenRetrievalError, UnauthorizedSSOTokenError
from botocore.tokens import SSOTokenProvider

from studio_tray.emulator import DEMO_DOMAIN_ID
from tests.fixtures.aws_cli import aws

ACCOUNT = "111122223333"
ROLE = "DataScientist"
START_URL = "https://d-1234567890.awsapps.com/start"
SESSION = "studio"


def _write_config(home: Path, *, legacy: bool = False) -> None:
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


def _cache_file(home: Path, key: str) -> Path:
    """Where botocore looks for a token: sha1 of the session name (legacy: of the start URL)."""
    return home / ".aws" / "sso" / "cache" / (hashlib.sha1(key.encode()).hexdigest() + ".json")


@pytest.fixture
def sso_env(emulator, isolated_env, monkeypatch) -> Path:
    """An account with the demo domain and one assignment, every endpoint at the emulator, and
    botocore's SSO cache folder under the test's HOME (botocore fixes it at import time)."""
    emulator.add_demo_data()
    emulator.add_sso_assignment(ACCOUNT, ROLE, account_name="prod")
    home = isolated_env["home"]
    cache = str(home / ".aws" / "sso" / "cache")
    monkeypatch.setattr(SSOProvider, "_SSO_TOKEN_CACHE_DIR", cache)
    monkeypatch.setattr(SSOTokenProvider, "_SSO_TOKEN_CACHE_DIR", cache)
    for service in ("SSO", "SSO_OIDC", "SAGEMAKER", "STS"):
        monkeypatch.setenv(f"AWS_ENDPOINT_URL_{service}", emulator.url)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    return home


def _ops(emulator) -> list[tuple[str, str | None]]:
    return [(r.op, r.error) for r in emulator.requests]


def test_botocore_sso_session_profile_lists_domains(emulator, sso_env) -> None:
    _write_config(sso_env)
    entry = emulator.issue_sso_token(start_url=START_URL)
    path = _cache_file(sso_env, SESSION)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(entry))

    session = boto3.Session(profile_name="dev")
    domains = session.client("sagemaker").list_domains()["Domains"]
    assert [d["DomainId"] for d in domains] == [DEMO_DOMAIN_ID]
    arn = session.client("sts").get_caller_identity()["Arn"]
    assert f":{ACCOUNT}:assumed-role/AWSReservedSSO_{ROLE}_" in arn
    assert _ops(emulator) == [
        ("GetRoleCredentials", None),
        ("ListDomains", None),
        ("GetCallerIdentity", None),
    ]
    role_call, list_call = emulator.requests[:2]
    assert role_call.params == {"role_name": ROLE, "account_id": ACCOUNT}
    assert role_call.session_token is True  # the bearer header came
    assert list_call.access_key_id.startswith("ASIA") and list_call.session_token
    assert json.loads(path.read_text()) == entry  # a fresh token is not refreshed


def test_botocore_refreshes_an_expired_token_with_create_token(emulator, sso_env) -> None:
    _write_config(sso_env)
    entry = emulator.issue_sso_token(start_url=START_URL)
    emulator.expire_sso_token(entry["accessToken"])
    stale = dict(entry, expiresAt="2020-01-01T00:00:00Z")
    path = _cache_file(sso_env, SESSION)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(stale))

    domains = boto3.Session(profile_name="dev").client("sagemaker").list_domains()["Domains"]
    assert [d["DomainId"] for d in domains] == [DEMO_DOMAIN_ID]
    assert _ops(emulator) == [
        ("CreateToken", None),
        ("GetRoleCredentials", None),
        ("ListDomains", None),
    ]
    assert emulator.requests[0].params["grantType"] == "refresh_token"
    saved = json.loads(path.read_text())
    assert saved["accessToken"] != entry["accessToken"]
    assert saved["refreshToken"] != entry["refreshToken"]
    assert saved["clientId"] == entry["clientId"]
    assert saved["registrationExpiresAt"] == entry["registrationExpiresAt"]
    assert saved["startUrl"] == START_URL and saved["region"] == "us-east-1"
    assert saved["expiresAt"] > entry["expiresAt"][:-1]


def test_botocore_reports_a_dead_session(emulator, sso_env) -> None:
    """An expired cached token whose refresh fails: botocore gives up before GetRoleCredentials.
    A cached token that looks fresh but was revoked: GetRoleCredentials answers 401."""
    _write_config(sso_env)
    entry = emulator.issue_sso_token(start_url=START_URL)
    emulator.revoke_sso_session(entry["accessToken"])
    path = _cache_file(sso_env, SESSION)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(dict(entry, expiresAt="2020-01-01T00:00:00Z")))
    with pytest.raises(TokenRetrievalError):
        boto3.Session(profile_name="dev").client("sagemaker").list_domains()
    assert _ops(emulator) == [("CreateToken", "InvalidGrantException")]

    emulator.reset()
    path.write_text(json.dumps(entry))
    with pytest.raises(UnauthorizedSSOTokenError):
        boto3.Session(profile_name="dev").client("sagemaker").list_domains()
    assert _ops(emulator) == [("GetRoleCredentials", "UnauthorizedException")]


def test_botocore_legacy_profile_uses_the_start_url_cache_key(emulator, sso_env) -> None:
    _write_config(sso_env, legacy=True)
    entry = emulator.issue_sso_token(start_url=START_URL, scopes=())
    assert "refreshToken" not in entry
    path = _cache_file(sso_env, START_URL)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(entry))
    domains = boto3.Session(profile_name="dev").client("sagemaker").list_domains()["Domains"]
    assert [d["DomainId"] for d in domains] == [DEMO_DOMAIN_ID]


def test_fresh_python_finds_the_token_cache_under_home(emulator, sso_env) -> None:
    """No monkeypatching: a new interpreter with HOME set resolves ~/.aws/sso/cache itself."""
    _write_config(sso_env)
    entry = emulator.issue_sso_token(start_url=START_URL)
    path = _cache_file(sso_env, SESSION)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(dict(entry, expiresAt="2020-01-01T00:00:00Z")))
    emulator.expire_sso_token(entry["accessToken"])
    code = (
        "import boto3; s = boto3.Session(profile_name='dev');"
        "print(s.client('sagemaker').list_domains()['Domains'][0]['DomainId'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ, HOME=str(sso_env)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == DEMO_DOMAIN_ID
    assert json.loads(path.read_text())["accessToken"] != entry["accessToken"]


def _cli(emulator, *args: str) -> dict:
    result = aws(emulator.url, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() else {}


def test_aws_cli_device_flow_and_portal(emulator, aws_cli, isolated_env) -> None:
    emulator.add_sso_assignment(ACCOUNT, ROLE, account_name="prod")
    # AWS CLI v1 fetches http(s) URLs given as parameters unless told not to (--start-url).
    config = isolated_env["home"] / ".aws" / "config"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[default]\ncli_follow_urlparam = false\n")
    client = _cli(
        emulator,
        "sso-oidc",
        "register-client",
        "--client-name",
        "cli",
        "--client-type",
        "public",
        "--scopes",
        "sso:account:access",
    )
    device = _cli(
        emulator,
        "sso-oidc",
        "start-device-authorization",
        "--client-id",
        client["clientId"],
        "--client-secret",
        client["clientSecret"],
        "--start-url",
        START_URL,
    )
    assert device["verificationUriComplete"].endswith(device["userCode"])
    token_args = (
        "sso-oidc",
        "create-token",
        "--client-id",
        client["clientId"],
        "--client-secret",
        client["clientSecret"],
        "--grant-type",
        "urn:ietf:params:oauth:grant-type:device_code",
        "--device-code",
        device["deviceCode"],
    )
    pending = aws(emulator.url, *token_args)
    assert pending.returncode != 0
    assert "(AuthorizationPendingException)" in pending.stderr
    assert "Authorization is still pending" in pending.stderr
    assert client["clientSecret"] not in pending.stderr

    emulator.approve_device(device["userCode"])
    emulator.advance(5)
    token = _cli(emulator, *token_args)
    assert token["tokenType"] == "Bearer" and token["refreshToken"]
    accounts = _cli(emulator, "sso", "list-accounts", "--access-token", token["accessToken"])
    assert accounts["accountList"] == [
        {"accountId": ACCOUNT, "accountName": "prod", "emailAddress": f"aws+{ACCOUNT}@example.com"}
    ]
    creds = _cli(
        emulator,
        "sso",
        "get-role-credentials",
        "--role-name",
        ROLE,
        "--account-id",
        ACCOUNT,
        "--access-token",
        token["accessToken"],
    )["roleCredentials"]
    assert creds["accessKeyId"].startswith("ASIA")
    _cli(emulator, "sso", "logout", "--access-token", token["accessToken"])
    after = aws(emulator.url, "sso", "list-accounts", "--access-token", token["accessToken"])
    assert after.returncode != 0 and "(UnauthorizedException)" in after.stderr
