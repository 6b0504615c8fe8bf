"""The emulator enforces the API's exact limits (names, LandingUri, TokenCode) and answers every
error the client maps in the service's shape: code, message and HTTP status, parsed by botocore
and turned by ``aws.errors`` into its specific message (never the generic fallback)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from studio_tray.aws import errors
from studio_tray.emulator import DEMO_DOMAIN_ID, DEMO_SPACE, DEMO_USER, Emulator
from studio_tray.model import Profile
from tests.fixtures.emulator import client_for

ROLE = "arn:aws:iam::123456789012:role/DataScientist"
MFA = "arn:aws:iam::123456789012:mfa/alice"
NAME_PATTERN = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"


def _presign(emulator: Emulator, **params: Any) -> Any:
    raw = client_for(emulator, "sagemaker", parameter_validation=False)
    return raw.create_presigned_domain_url(DomainId=DEMO_DOMAIN_ID, **params)


@pytest.mark.parametrize(
    ("name", "problems"),
    [
        (
            "a" * 64,
            [
                "Member must have length less than or equal to 63",
                f"Member must satisfy regular expression pattern: {NAME_PATTERN}",
            ],
        ),
        ("a" + "-" * 62 + "b", ["Member must have length less than or equal to 63"]),
        ("a" + "-" * 5000 + "b", ["Member must have length less than or equal to 63"]),
        (
            "-" * 64,
            [
                "Member must have length less than or equal to 63",
                f"Member must satisfy regular expression pattern: {NAME_PATTERN}",
            ],
        ),
        ("a-", [f"Member must satisfy regular expression pattern: {NAME_PATTERN}"]),
    ],
)
def test_user_profile_names_past_the_limit(emulator: Emulator, name: str, problems: list[str]):
    emulator.add_demo_data()
    with pytest.raises(ClientError) as err:
        _presign(emulator, UserProfileName=name)
    error = err.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    noun = "error" if len(problems) == 1 else "errors"
    expected = f"{len(problems)} validation {noun} detected: " + "; ".join(
        f"Value '{name}' at 'userProfileName' failed to satisfy constraint: {p}" for p in problems
    )
    assert error["Message"] == expected


def test_names_at_the_limit_and_an_empty_landing_uri_pass(emulator: Emulator) -> None:
    user, space = "u" * 63, "s" + "-" * 61 + "s"
    domain = emulator.add_domain("d-limits000001", "limits")
    emulator.add_user_profile(domain, user)
    emulator.add_space(domain, space, owner=user)
    url = client_for(emulator, "sagemaker").create_presigned_domain_url(
        DomainId=domain, UserProfileName=user, SpaceName=space, LandingUri=""
    )["AuthorizedUrl"]
    assert emulator.redeem(url) == 200


@pytest.mark.parametrize("code", ["１２３４５６", "12345", "1234567", "12345a"])
def test_a_token_code_not_of_six_ascii_digits_is_a_validation_error(emulator, code) -> None:
    emulator.add_role(ROLE, mfa_serial=MFA)
    emulator.set_mfa_code(MFA, "123456")
    with pytest.raises(ClientError) as err:
        client_for(emulator, "sts", parameter_validation=False).assume_role(
            RoleArn=ROLE, RoleSessionName="studio-tray", SerialNumber=MFA, TokenCode=code
        )
    response = err.value.response
    assert response["Error"]["Code"] == "ValidationError"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "at 'tokenCode' failed to satisfy constraint" in response["Error"]["Message"]


def _rejected(emulator: Emulator, case: str) -> ClientError:
    emulator.add_demo_data()
    good = client_for(emulator, "sagemaker")
    calls = {
        "not found": lambda: good.create_presigned_domain_url(
            DomainId=DEMO_DOMAIN_ID, UserProfileName="nobody"
        ),
        "invalid": lambda: _presign(emulator, UserProfileName="a" + "-" * 62 + "b"),
        "unknown key": lambda: client_for(
            emulator, "sagemaker", access_key_id="AKIDUNKNOWNKEY000001"
        ).list_domains(),
        "bad secret": lambda: client_for(emulator, "sagemaker", secret="wrong").list_domains(),
        "denied": lambda: good.create_presigned_domain_url(
            DomainId=DEMO_DOMAIN_ID, UserProfileName=DEMO_USER, SpaceName=DEMO_SPACE
        ),
        "throttled": good.list_domains,
    }
    if case == "denied":
        emulator.deny("CreatePresignedDomainUrl")
    if case == "throttled":
        emulator.inject("throttle", count=1)
    with pytest.raises(ClientError) as err:
        calls[case]()
    return err.value


@pytest.mark.parametrize(
    ("case", "code", "message", "mapped"),
    [
        ("not found", "ResourceNotFound", "nobody", "not found"),
        ("invalid", "ValidationException", "1 validation error detected: Value", "refused"),
        (
            "unknown key",
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
            "were rejected by AWS (UnrecognizedClientException)",
        ),
        (
            "bad secret",
            "InvalidSignatureException",
            "The request signature we calculated does not match",
            "were rejected by AWS (InvalidSignatureException)",
        ),
        (
            "denied",
            "AccessDeniedException",
            "is not authorized to perform: sagemaker:CreatePresignedDomainUrl on resource: arn:",
            "may not call sagemaker:CreatePresignedDomainUrl",
        ),
        ("throttled", "ThrottlingException", "Rate exceeded", "AWS is throttling requests"),
    ],
)
def test_every_mapped_error_has_the_services_shape(
    emulator: Emulator, case: str, code: str, message: str, mapped: str
) -> None:
    exc = _rejected(emulator, case)
    response = exc.response
    assert response["Error"]["Code"] == code
    assert message in response["Error"]["Message"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == code
    action = errors.Action("sagemaker:CreatePresignedDomainUrl", "shortcut lab", Profile("p"))
    error = errors.from_exception(exc, action, "us-east-1")
    assert error is not None and mapped in str(error)
    assert "failed for shortcut lab" not in str(error)
