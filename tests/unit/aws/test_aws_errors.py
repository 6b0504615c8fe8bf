"""AWS error codes -> messages a person can act on (pure: no network)."""

from __future__ import annotations

import pytest

from studio_tray.aws import errors as aws_errors
from studio_tray.errors import CredentialError, LaunchError
from studio_tray.model import Profile

KEYRING = Profile(name="prod", region="us-east-1")
SSO = Profile(name="dev", region="eu-west-1", aws_profile="dev-sso")


def action(profile: Profile = KEYRING) -> aws_errors.Action:
    return aws_errors.Action(
        "sagemaker:CreatePresignedDomainUrl", "domain d-abc, user alice", profile
    )


@pytest.mark.parametrize(
    ("code", "message", "kind", "words"),
    [
        ("ResourceNotFound", "User profile alice does not exist", LaunchError, "not found"),
        (
            "AccessDeniedException",
            "not authorized",
            LaunchError,
            "ask your AWS administrator to allow sagemaker:CreatePresignedDomainUrl",
        ),
        ("UnrecognizedClientException", "bad", CredentialError, "studio-tray profile add prod"),
        ("InvalidSignatureException", "bad", CredentialError, "were rejected"),
        ("ExpiredTokenException", "expired", CredentialError, "have expired"),
        ("ThrottlingException", "slow down", LaunchError, "throttling"),
        ("ValidationException", "Domain is in SSO mode", LaunchError, "SSO mode"),
        ("SomethingNew", "??", LaunchError, "SomethingNew"),
    ],
)
def test_codes(code: str, message: str, kind: type, words: str) -> None:
    err = aws_errors.from_client_error(code, message, action())
    assert type(err) is kind
    assert words in str(err)


def test_expired_sso_profile_says_sso_login() -> None:
    err = aws_errors.from_client_error("ExpiredToken", "x", action(SSO))
    assert "aws sso login --profile dev-sso" in str(err)


def test_long_service_message_is_one_shortened_line() -> None:
    err = aws_errors.from_client_error("ResourceNotFound", "a\n" * 300, action())
    assert "\n" not in str(err)
    assert len(str(err)) < 400
