"""STS over real HTTP: GetCallerIdentity, AssumeRole with MFA, session credentials."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from studio_tray.emulator import DEMO_DOMAIN_ID, DEMO_USER, Emulator
from tests.fixtures.emulator import client_for

ROLE = "arn:aws:iam::123456789012:role/DataScientist"
MFA = "arn:aws:iam::123456789012:mfa/alice"


def _code(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = err.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def _assume(emulator: Emulator, **extra: str):
    return client_for(emulator, "sts").assume_role(
        RoleArn=ROLE, RoleSessionName="studio-tray", **extra
    )


def test_caller_identity_of_the_long_term_keys(emulator) -> None:
    who = client_for(emulator, "sts").get_caller_identity()
    assert who["Account"] == "123456789012"
    assert who["Arn"] == "arn:aws:iam::123456789012:user/emulator-user"
    assert who["UserId"].startswith("AIDA")
    assert emulator.requests[-1].service == "sts"
    assert emulator.requests[-1].op == "GetCallerIdentity"


def test_assume_role_with_mfa_then_call_with_the_session(emulator) -> None:
    emulator.add_demo_data()
    emulator.add_role(ROLE, mfa_serial=MFA)
    emulator.set_mfa_code(MFA, "123456")
    creds = _assume(emulator, SerialNumber=MFA, TokenCode="123456", DurationSeconds=900)[
        "Credentials"
    ]
    assert creds["AccessKeyId"].startswith("ASIA") and creds["SessionToken"]
    session = {
        "access_key_id": creds["AccessKeyId"],
        "secret": creds["SecretAccessKey"],
        "session_token": creds["SessionToken"],
    }
    who = client_for(emulator, "sts", **session).get_caller_identity()
    assert who["Arn"] == "arn:aws:sts::123456789012:assumed-role/DataScientist/studio-tray"
    sagemaker = client_for(emulator, "sagemaker", **session)
    url = sagemaker.create_presigned_domain_url(DomainId=DEMO_DOMAIN_ID, UserProfileName=DEMO_USER)[
        "AuthorizedUrl"
    ]
    assert emulator.redeem(url) == 200
    record = emulator.requests[-1]
    assert record.access_key_id == creds["AccessKeyId"] and record.session_token is True
    assume_record = next(r for r in emulator.requests if r.op == "AssumeRole")
    assert assume_record.params["SerialNumber"] == MFA


def test_session_credentials_expire_and_cannot_be_forged(emulator) -> None:
    emulator.add_role(ROLE)
    creds = _assume(emulator, DurationSeconds=900)["Credentials"]
    forged = client_for(
        emulator,
        "sts",
        access_key_id=creds["AccessKeyId"],
        secret=creds["SecretAccessKey"],
        session_token="forged",
    )
    with pytest.raises(ClientError) as err:
        forged.get_caller_identity()
    assert _code(err)[:1] == ("InvalidClientTokenId",) and _code(err)[2] == 403
    session = client_for(
        emulator,
        "sagemaker",
        access_key_id=creds["AccessKeyId"],
        secret=creds["SecretAccessKey"],
        session_token=creds["SessionToken"],
    )
    assert session.list_domains()["Domains"] == []
    emulator.advance(901)
    with pytest.raises(ClientError) as err:
        session.list_domains()
    assert _code(err)[:2] == (
        "ExpiredTokenException",
        "The security token included in the request is expired",
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"SerialNumber": MFA, "TokenCode": "654321"},
            "MultiFactorAuthentication failed with invalid MFA one time pass code.",
        ),
        ({}, "is not authorized to perform: sts:AssumeRole on resource: " + ROLE),
    ],
)
def test_wrong_or_missing_mfa_code_is_access_denied(emulator, extra, message) -> None:
    emulator.add_role(ROLE, mfa_serial=MFA)
    emulator.set_mfa_code(MFA, "123456")
    with pytest.raises(ClientError) as err:
        _assume(emulator, **extra)
    code, text, status = _code(err)
    assert (code, status) == ("AccessDenied", 403)
    assert message in text


def test_unregistered_roles_durations_and_bad_keys(emulator) -> None:
    with pytest.raises(ClientError) as err:
        _assume(emulator)
    assert _code(err)[0] == "AccessDenied"
    emulator.add_role(ROLE)
    with pytest.raises(ClientError) as err:
        _assume(emulator, DurationSeconds=7200)
    assert _code(err)[0] == "ValidationError" and "MaxSessionDuration" in _code(err)[1]
    with pytest.raises(ClientError) as err:
        client_for(emulator, "sts", secret="wrong").get_caller_identity()
    assert _code(err)[0] == "SignatureDoesNotMatch"
    with pytest.raises(ClientError) as err:
        client_for(emulator, "sts", access_key_id="AKIDNOBODY0000000001").get_caller_identity()
    assert _code(err)[:2] == (
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
    )
    emulator.deny("GetCallerIdentity")
    with pytest.raises(ClientError) as err:
        client_for(emulator, "sts").get_caller_identity()
    assert _code(err)[0] == "AccessDenied" and "sts:GetCallerIdentity" in _code(err)[1]
