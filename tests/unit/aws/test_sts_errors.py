"""STS failures go through the one error mapping (aws/errors.py) and come out as credential
errors naming the STS host, not SageMaker's."""

from __future__ import annotations

import botocore.exceptions as bx

from studio_tray.aws import sts
from studio_tray.errors import CredentialError
from studio_tray.model import Profile

PROFILE = Profile(name="prod", region="eu-west-1")


def _client_error(code: str, message: str = "", status: int = 400) -> bx.ClientError:
    response = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }
    return bx.ClientError(response, "GetCallerIdentity")  # type: ignore[arg-type]


def test_rejected_keys_are_a_credential_error_with_the_fix() -> None:
    err = sts.error_for(
        _client_error("InvalidClientTokenId"), PROFILE, "GetCallerIdentity", "eu-west-1"
    )
    assert isinstance(err, CredentialError)
    assert str(err).startswith(
        "the keys of profile prod were rejected by AWS (InvalidClientTokenId)"
    )


def test_throttling_and_server_errors_use_the_shared_words() -> None:
    throttled = sts.error_for(
        _client_error("Throttling"), PROFILE, "GetCallerIdentity", "eu-west-1"
    )
    assert isinstance(throttled, CredentialError) and "throttling" in str(throttled)
    broken = sts.error_for(
        _client_error("InternalFailure", status=500), PROFILE, "AssumeRole", "eu-west-1"
    )
    assert isinstance(broken, CredentialError) and "server error" in str(broken)


def test_network_errors_name_the_sts_host() -> None:
    exc = bx.EndpointConnectionError(endpoint_url="https://sts.eu-west-1.amazonaws.com")
    err = sts.error_for(exc, PROFILE, "GetCallerIdentity", "eu-west-1")
    assert isinstance(err, CredentialError)
    assert str(err).startswith("cannot reach sts.eu-west-1.amazonaws.com")


def test_denied_get_caller_identity_names_the_permission() -> None:
    err = sts.error_for(_client_error("AccessDenied"), PROFILE, "GetCallerIdentity", "eu-west-1")
    assert isinstance(err, CredentialError)
    assert "sts:GetCallerIdentity" in str(err) and "sagemaker" not in str(err)
