"""The emulator's IAM Identity Center: the sso-oidc device flow, refresh tokens, the sso portal
API, the approval page and the secrecy of tokens, through real boto3 clients."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request

import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.fixtures.emulator import client_for

ACCOUNT = "111122223333"
START_URL = "https://d-1234567890.awsapps.com/start"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def unsigned(emu, service: str):
    """An unsigned boto3 client of sso or sso-oidc against ``emu``, as botocore makes them."""
    import boto3

    config = Config(
        signature_version=UNSIGNED,
        retries={"mode": "standard", "total_max_attempts": 1},
        connect_timeout=2,
        read_timeout=3,
    )
    return boto3.Session(region_name="us-east-1").client(
        service, endpoint_url=emu.url, config=config
    )


def register(oidc, scopes=("sso:account:access",)):
    kwargs = {"clientName": "studio-tray", "clientType": "public"}
    if scopes is not None:
        kwargs["scopes"] = list(scopes)
    return oidc.register_client(**kwargs)


def start(oidc, client):
    return oidc.start_device_authorization(
        clientId=client["clientId"], clientSecret=client["clientSecret"], startUrl=START_URL
    )


def poll(oidc, client, device):
    return oidc.create_token(
        clientId=client["clientId"],
        clientSecret=client["clientSecret"],
        grantType=DEVICE_GRANT,
        deviceCode=device["deviceCode"],
    )


def refresh(oidc, client, refresh_token):
    return oidc.create_token(
        clientId=client["clientId"],
        clientSecret=client["clientSecret"],
        grantType="refresh_token",
        refreshToken=refresh_token,
    )


def sign_in(emu, oidc, scopes=("sso:account:access",)):
    client = register(oidc, scopes)
    device = start(oidc, client)
    emu.approve_device(device["userCode"])
    return client, poll(oidc, client, device)


def http(url: str, data: bytes | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, data=data, timeout=3) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


@pytest.fixture
def oidc(emulator):
    return unsigned(emulator, "sso-oidc")


@pytest.fixture
def portal(emulator):
    return unsigned(emulator, "sso")


# -- sso-oidc ---------------------------------------------------------------------------------
def test_register_client_answers_the_registration(emulator, oidc) -> None:
    emulator.configure_sso(registration_seconds=1000)
    before = int(emulator.now())
    client = register(oidc)
    assert client["clientId"] and len(client["clientSecret"]) > 40
    assert before <= client["clientIdIssuedAt"] <= before + 2
    assert client["clientSecretExpiresAt"] == client["clientIdIssuedAt"] + 1000
    with pytest.raises(oidc.exceptions.InvalidClientMetadataException):
        oidc.register_client(clientName="x", clientType="confidential")


def test_device_flow_pending_then_approved(emulator, oidc) -> None:
    client = register(oidc)
    device = start(oidc, client)
    code = device["userCode"]
    assert len(code) == 9 and code[4] == "-" and code.replace("-", "").isalpha()
    assert device["verificationUri"] == f"{emulator.url}/sso/verify"
    assert device["verificationUriComplete"] == f"{emulator.url}/sso/verify?user_code={code}"
    assert (device["expiresIn"], device["interval"]) == (600, 1)
    assert emulator.sso_start_urls == [START_URL]

    with pytest.raises(oidc.exceptions.AuthorizationPendingException) as pending:
        poll(oidc, client, device)
    assert pending.value.response["error"] == "authorization_pending"
    assert pending.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    emulator.approve_device(code.lower().replace("-", ""))  # as a user might type it
    emulator.advance(1)
    token = poll(oidc, client, device)
    assert token["tokenType"] == "Bearer"
    assert token["expiresIn"] == 3600
    assert token["accessToken"] and token["refreshToken"]
    assert token["accessToken"] != token["refreshToken"]

    emulator.advance(1)
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        poll(oidc, client, device)  # a device code is good for one token


def test_polling_faster_than_the_interval_slows_the_client_down(emulator, oidc) -> None:
    client = register(oidc)
    device = start(oidc, client)
    with pytest.raises(oidc.exceptions.AuthorizationPendingException):
        poll(oidc, client, device)
    with pytest.raises(oidc.exceptions.SlowDownException) as slow:
        poll(oidc, client, device)
    assert slow.value.response["error"] == "slow_down"
    emulator.advance(2)  # the old interval is no longer enough: it grew by 5 s to 6 s
    with pytest.raises(oidc.exceptions.SlowDownException):
        poll(oidc, client, device)
    emulator.advance(10)  # and by 5 s more with each slow_down: 11 s now
    with pytest.raises(oidc.exceptions.SlowDownException):
        poll(oidc, client, device)
    emulator.advance(16.5)
    with pytest.raises(oidc.exceptions.AuthorizationPendingException):
        poll(oidc, client, device)


def test_denied_device_gets_access_denied(emulator, oidc) -> None:
    client = register(oidc)
    device = start(oidc, client)
    emulator.deny_device(device["userCode"])
    with pytest.raises(oidc.exceptions.AccessDeniedException) as denied:
        poll(oidc, client, device)
    assert denied.value.response["error"] == "access_denied"
    with pytest.raises(ValueError, match="denied"):
        emulator.approve_device(device["userCode"])


def test_expired_device_code(emulator, oidc) -> None:
    emulator.configure_sso(device_seconds=120)
    client = register(oidc)
    device = start(oidc, client)
    assert device["expiresIn"] == 120
    emulator.advance(121)
    with pytest.raises(oidc.exceptions.ExpiredTokenException) as expired:
        poll(oidc, client, device)
    assert expired.value.response["error"] == "expired_token"
    with pytest.raises(ValueError, match="expired"):
        emulator.approve_device(device["userCode"])


def test_wrong_or_expired_client_is_invalid_client(emulator, oidc) -> None:
    client = register(oidc)
    wrong = dict(client, clientSecret="not-" + client["clientSecret"])
    with pytest.raises(oidc.exceptions.InvalidClientException) as bad:
        start(oidc, wrong)
    assert bad.value.response["ResponseMetadata"]["HTTPStatusCode"] == 401
    assert client["clientSecret"] not in str(bad.value.response)
    device = start(oidc, client)
    emulator.expire_sso_registration(client["clientId"])
    with pytest.raises(oidc.exceptions.InvalidClientException):
        poll(oidc, client, device)


def test_unknown_device_code_and_grant_type(emulator, oidc) -> None:
    client = register(oidc)
    with pytest.raises(oidc.exceptions.InvalidGrantException) as bad:
        poll(oidc, client, {"deviceCode": "made-up"})
    assert bad.value.response["error"] == "invalid_grant"
    with pytest.raises(oidc.exceptions.UnsupportedGrantTypeException):
        oidc.create_token(
            clientId=client["clientId"], clientSecret=client["clientSecret"], grantType="password"
        )


def test_start_url_can_be_pinned(emulator, oidc) -> None:
    emulator.configure_sso(start_url=START_URL)
    client = register(oidc)
    start(oidc, client)
    with pytest.raises(oidc.exceptions.InvalidRequestException):
        oidc.start_device_authorization(
            clientId=client["clientId"],
            clientSecret=client["clientSecret"],
            startUrl="https://elsewhere.awsapps.com/start",
        )
    with pytest.raises(ValueError, match="unknown SSO settings"):
        emulator.configure_sso(token_second=1)


def test_auto_approve_after_polls(emulator, oidc) -> None:
    emulator.configure_sso(auto_approve_after_polls=2)
    client = register(oidc)
    device = start(oidc, client)
    for _ in range(2):
        with pytest.raises(oidc.exceptions.AuthorizationPendingException):
            poll(oidc, client, device)
        emulator.advance(1)
    assert poll(oidc, client, device)["tokenType"] == "Bearer"


def test_legacy_registration_without_scopes_gets_no_refresh_token(emulator, oidc) -> None:
    _, token = sign_in(emulator, oidc, scopes=None)
    assert "refreshToken" not in token
    assert token["accessToken"]


def test_refresh_token_grant_rotates_the_refresh_token(emulator, oidc, portal) -> None:
    emulator.configure_sso(token_seconds=900)
    client, first = sign_in(emulator, oidc)
    assert first["expiresIn"] == 900
    emulator.advance(901)
    with pytest.raises(portal.exceptions.UnauthorizedException):
        portal.list_accounts(accessToken=first["accessToken"])

    second = refresh(oidc, client, first["refreshToken"])
    assert second["expiresIn"] == 900
    assert second["accessToken"] != first["accessToken"]
    assert second["refreshToken"] != first["refreshToken"]
    assert portal.list_accounts(accessToken=second["accessToken"])["accountList"] == []
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        refresh(oidc, client, first["refreshToken"])  # used up by the rotation
    other = register(oidc)
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        refresh(oidc, other, second["refreshToken"])  # another client's refresh token


def test_refresh_ends_with_the_session(emulator, oidc) -> None:
    emulator.configure_sso(session_seconds=7200, token_seconds=3600)
    client, token = sign_in(emulator, oidc)
    emulator.advance(7201)
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        refresh(oidc, client, token["refreshToken"])


def test_access_token_never_outlives_its_session(emulator, oidc) -> None:
    emulator.configure_sso(session_seconds=600, token_seconds=3600)
    _, token = sign_in(emulator, oidc)
    assert token["expiresIn"] == 600


# -- the approval page ------------------------------------------------------------------------
def test_approval_page_get_then_post_approve(emulator, oidc) -> None:
    client = register(oidc)
    device = start(oidc, client)
    status, page = http(device["verificationUriComplete"])
    assert status == 200
    assert device["userCode"] in page and "studio-tray" in page and START_URL in page
    assert "value='approve'" in page and "value='deny'" in page
    form = urllib.parse.urlencode({"user_code": device["userCode"], "action": "approve"})
    status, page = http(device["verificationUri"], form.encode())
    assert (status, "Request approved" in page) == (200, True)
    assert poll(oidc, client, device)["accessToken"]


def test_approval_page_one_request_approve_and_post_deny(emulator, oidc) -> None:
    client = register(oidc)
    first, second = start(oidc, client), start(oidc, client)
    status, _ = http(first["verificationUriComplete"] + "&approve=1")
    assert status == 200
    form = urllib.parse.urlencode({"user_code": second["userCode"], "action": "deny"})
    status, page = http(f"{emulator.url}/sso/verify", form.encode())
    assert (status, "denied" in page) == (200, True)
    assert poll(oidc, client, first)["accessToken"]
    with pytest.raises(oidc.exceptions.AccessDeniedException):
        poll(oidc, client, second)
    status, _ = http(second["verificationUriComplete"] + "&approve=1")
    assert status == 409


def test_approval_page_unknown_missing_and_expired_codes(emulator, oidc) -> None:
    status, page = http(f"{emulator.url}/sso/verify")
    assert status == 200 and "name='user_code'" in page
    assert http(f"{emulator.url}/sso/verify?user_code=BCDF-GHJK")[0] == 404
    device = start(oidc, register(oidc))
    emulator.advance(601)
    assert http(device["verificationUriComplete"] + "&approve=1")[0] == 410


# -- the sso portal ---------------------------------------------------------------------------
def test_role_credentials_sign_sagemaker_and_sts_calls(emulator, oidc, portal) -> None:
    emulator.add_demo_data()
    emulator.add_sso_assignment(ACCOUNT, "DataScientist", account_name="prod")
    emulator.configure_sso(role_credentials_seconds=1800, user_name="alice@example.com")
    _, token = sign_in(emulator, oidc)
    creds = portal.get_role_credentials(
        roleName="DataScientist", accountId=ACCOUNT, accessToken=token["accessToken"]
    )["roleCredentials"]
    assert creds["accessKeyId"].startswith("ASIA")
    assert abs(creds["expiration"] - (emulator.now() + 1800) * 1000) < 5000
    keys = {
        "access_key_id": creds["accessKeyId"],
        "secret": creds["secretAccessKey"],
        "session_token": creds["sessionToken"],
    }
    domains = client_for(emulator, "sagemaker", **keys).list_domains()["Domains"]
    assert [d["DomainId"] for d in domains] == ["d-demo00000001"]
    arn = client_for(emulator, "sts", **keys).get_caller_identity()["Arn"]
    assert arn.startswith(f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_DataScientist_")
    assert arn.endswith("/alice@example.com")

    wrong = dict(keys, secret=keys["secret"][:-1] + ("y" if keys["secret"].endswith("x") else "x"))
    with pytest.raises(ClientError) as bad:
        client_for(emulator, "sagemaker", **wrong).list_domains()
    assert bad.value.response["Error"]["Code"] == "InvalidSignatureException"
    emulator.advance(1801)
    with pytest.raises(ClientError) as expired:
        client_for(emulator, "sagemaker", **keys).list_domains()
    assert expired.value.response["Error"]["Code"] == "ExpiredTokenException"


def test_role_without_assignment_is_forbidden(emulator, oidc, portal) -> None:
    emulator.add_sso_assignment(ACCOUNT, "ReadOnly")
    _, token = sign_in(emulator, oidc)
    for role, account in (("Admin", ACCOUNT), ("ReadOnly", "999988887777")):
        with pytest.raises(ClientError) as denied:
            portal.get_role_credentials(
                roleName=role, accountId=account, accessToken=token["accessToken"]
            )
        assert denied.value.response["Error"] == {
            "Code": "ForbiddenException",
            "Message": "No access",
        }
        assert denied.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_unknown_or_expired_token_is_unauthorized(emulator, oidc, portal) -> None:
    emulator.add_sso_assignment(ACCOUNT, "ReadOnly")
    with pytest.raises(portal.exceptions.UnauthorizedException) as bad:
        portal.get_role_credentials(roleName="ReadOnly", accountId=ACCOUNT, accessToken="nope")
    assert bad.value.response["Error"]["Message"] == "Session token not found or invalid"
    assert bad.value.response["ResponseMetadata"]["HTTPStatusCode"] == 401
    entry = emulator.issue_sso_token()
    assert portal.list_account_roles(accessToken=entry["accessToken"], accountId=ACCOUNT)[
        "roleList"
    ] == [{"roleName": "ReadOnly", "accountId": ACCOUNT}]
    emulator.expire_sso_token(entry["accessToken"])
    with pytest.raises(portal.exceptions.UnauthorizedException):
        portal.list_accounts(accessToken=entry["accessToken"])


def test_logout_ends_the_session(emulator, oidc, portal) -> None:
    client, token = sign_in(emulator, oidc)
    portal.list_accounts(accessToken=token["accessToken"])
    portal.logout(accessToken=token["accessToken"])
    with pytest.raises(portal.exceptions.UnauthorizedException):
        portal.list_accounts(accessToken=token["accessToken"])
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        refresh(oidc, client, token["refreshToken"])
    with pytest.raises(portal.exceptions.UnauthorizedException):
        portal.logout(accessToken=token["accessToken"])


def test_revoke_session_by_refresh_token(emulator, oidc, portal) -> None:
    entry = emulator.issue_sso_token()
    emulator.revoke_sso_session(entry["refreshToken"])
    with pytest.raises(portal.exceptions.UnauthorizedException):
        portal.list_accounts(accessToken=entry["accessToken"])


def test_list_accounts_and_roles_paginate(emulator, portal) -> None:
    accounts = [f"{n:012d}" for n in range(100000000001, 100000000006)]
    for n, account in enumerate(accounts):
        emulator.add_sso_assignment(account, "ReadOnly", account_name=f"acct-{n}")
    for role in ("A", "B", "C"):
        emulator.add_sso_assignment(accounts[0], role, email="ops@example.com")
    token = emulator.issue_sso_token()["accessToken"]

    first = portal.list_accounts(accessToken=token, maxResults=2)
    assert [a["accountId"] for a in first["accountList"]] == accounts[:2]
    assert first["accountList"][0] == {
        "accountId": accounts[0],
        "accountName": "acct-0",
        "emailAddress": "ops@example.com",
    }
    pages = portal.get_paginator("list_accounts").paginate(
        accessToken=token, PaginationConfig={"PageSize": 2}
    )
    sizes = [len(page["accountList"]) for page in pages]
    assert sizes == [2, 2, 1]
    roles = portal.get_paginator("list_account_roles").paginate(
        accessToken=token, accountId=accounts[0], PaginationConfig={"PageSize": 3}
    )
    names = [r["roleName"] for page in roles for r in page["roleList"]]
    assert names == ["ReadOnly", "A", "B", "C"]
    assert portal.list_account_roles(accessToken=token, accountId="999988887777")["roleList"] == []
    with pytest.raises(portal.exceptions.InvalidRequestException):
        portal.list_accounts(accessToken=token, nextToken="garbage")


def test_faults_reach_identity_center(emulator, oidc, portal) -> None:
    emulator.inject("5xx", count=1, ops="CreateToken")
    emulator.inject("throttle", count=1, ops="ListAccounts")
    client = register(oidc)
    device = start(oidc, client)
    with pytest.raises(oidc.exceptions.InternalServerException):
        poll(oidc, client, device)
    token = emulator.issue_sso_token()["accessToken"]
    with pytest.raises(portal.exceptions.TooManyRequestsException):
        portal.list_accounts(accessToken=token)
    assert [r.fault for r in emulator.requests if r.fault] == ["5xx", "throttle"]


# -- SageMaker domains in SSO mode ------------------------------------------------------------
def test_sso_domain_describes_its_url_and_refuses_presigned_urls(emulator) -> None:
    domain = emulator.add_domain("d-ssodomain0001", name="sso", auth_mode="SSO")
    emulator.add_user_profile(domain, "alice")
    sm = client_for(emulator, "sagemaker")
    described = sm.describe_domain(DomainId=domain)
    assert described["AuthMode"] == "SSO"
    assert described["Url"] == f"https://{domain}.studio.us-east-1.sagemaker.aws"
    assert sm.list_domains()["Domains"][0]["Url"] == described["Url"]
    with pytest.raises(ClientError) as refused:
        sm.create_presigned_domain_url(DomainId=domain, UserProfileName="alice")
    error = refused.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert "SSO" in error["Message"] and "IAM" in error["Message"]


# -- secrets ----------------------------------------------------------------------------------
def test_no_secret_reaches_logs_records_or_error_texts(
    emulator, oidc, portal, caplog, capsys
) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.add_sso_assignment(ACCOUNT, "ReadOnly")
    client = register(oidc)
    device = start(oidc, client)
    errors = []
    for call in (
        lambda: poll(oidc, client, device),
        lambda: poll(oidc, dict(client, clientSecret=client["clientSecret"] + "x"), device),
        lambda: refresh(oidc, client, "aor-made-up-refresh-token"),
    ):
        with pytest.raises(ClientError) as err:
            call()
        errors.append(json.dumps(err.value.response, default=str))
    emulator.approve_device(device["userCode"])
    emulator.advance(10)
    token = poll(oidc, client, device)
    new = refresh(oidc, client, token["refreshToken"])
    creds = portal.get_role_credentials(
        roleName="ReadOnly", accountId=ACCOUNT, accessToken=new["accessToken"]
    )["roleCredentials"]
    portal.logout(accessToken=new["accessToken"])
    with pytest.raises(ClientError) as err:
        portal.list_accounts(accessToken=new["accessToken"])
    errors.append(json.dumps(err.value.response, default=str))

    secrets = [
        client["clientSecret"],
        device["deviceCode"],
        token["accessToken"],
        token["refreshToken"],
        new["accessToken"],
        new["refreshToken"],
        creds["secretAccessKey"],
        creds["sessionToken"],
        "aor-made-up-refresh-token",
    ]
    sso = emulator.sso
    stores = (sso.clients, sso.devices, sso.sessions, sso.access_tokens, sso.refresh_tokens)
    records = repr(emulator.requests) + repr([list(store.values()) for store in stores])
    emulator_logs = "\n".join(
        r.getMessage() for r in caplog.records if r.name.startswith("studio_tray")
    )
    output = capsys.readouterr()
    for secret in secrets:
        for where, text in (
            ("records", records),
            ("logs", emulator_logs),
            ("stderr", output.err),
            ("stdout", output.out),
            ("errors", "\n".join(errors)),
        ):
            assert secret not in text, where
    shown = [r.params for r in emulator.requests if r.op == "CreateToken"]
    assert all(p["clientSecret"] == "***" for p in shown)
    assert {p.get("refreshToken", p.get("deviceCode")) for p in shown} == {"***"}


def test_opaque_tokens_never_start_with_a_dash() -> None:
    """A leading dash made the AWS CLI read a client secret as an option (CI, stop 11)."""
    from studio_tray.emulator.sso_state import opaque

    firsts = {opaque("", 3)[0] for _ in range(2000)}
    assert "-" not in firsts and len(firsts) > 20
    assert opaque("eyJ", 8).startswith("eyJ")
