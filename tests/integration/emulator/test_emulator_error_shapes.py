"""The emulator's error answers have the real services' shapes, for every error the app maps.

Each case provokes one error through a real botocore client (one attempt, no retries) and
compares what botocore parsed: the HTTP status, the error code and the message, against what
SageMaker and STS answer (their API references' "Common Errors" and each operation's errors).
A SageMaker error that is not a common one must be among the operation's modeled errors in
botocore's service model, as the real service only answers those.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from botocore.loaders import Loader

from studio_tray.aws import errors as app_errors
from studio_tray.emulator import DEMO_DOMAIN_ID, DEMO_SECRET_ACCESS_KEY, DEMO_USER, Emulator
from tests.fixtures.emulator import client_for

# Errors any SageMaker or STS operation may answer (not in the per-operation models).
COMMON = {
    "AccessDeniedException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "IncompleteSignatureException",
    "ExpiredTokenException",
    "ThrottlingException",
    "ValidationException",
    "ServiceUnavailable",
    "InternalFailure",
}
INVALID_TOKEN = "The security token included in the request is invalid."
MISMATCH = "The request signature we calculated does not match the signature you provided."


def _presign(client: Any, user: str = DEMO_USER) -> Any:
    return client.create_presigned_domain_url(DomainId=DEMO_DOMAIN_ID, UserProfileName=user)


def _sm(emu: Emulator, **kw: Any) -> Any:
    return client_for(emu, "sagemaker", **kw)


def _sts(emu: Emulator, **kw: Any) -> Any:
    return client_for(emu, "sts", **kw)


def _throttled(emu: Emulator, service: str) -> Any:
    emu.inject("throttle", count=1)
    return client_for(emu, service)


def _unavailable(emu: Emulator) -> Any:
    emu.inject("5xx", count=1, status=503)
    return _sm(emu)


def _denied(emu: Emulator, op: str) -> None:
    emu.deny(op)


# (id, operation for the model check, call, status, code, message check)
CASES: list[tuple[str, str, Callable[[Emulator], Any], int, str, Callable[[str], bool]]] = [
    (
        "sagemaker-unknown-key",
        "CreatePresignedDomainUrl",
        lambda e: _presign(_sm(e, access_key_id="AKIAUNKNOWNUNKNOWN00")),
        400,
        "UnrecognizedClientException",
        lambda m: m == INVALID_TOKEN,
    ),
    (
        "sagemaker-wrong-secret",
        "CreatePresignedDomainUrl",
        lambda e: _presign(_sm(e, secret=DEMO_SECRET_ACCESS_KEY[::-1])),
        400,
        "InvalidSignatureException",
        lambda m: m.startswith(MISMATCH),
    ),
    (
        "sagemaker-unknown-user",
        "CreatePresignedDomainUrl",
        lambda e: _presign(_sm(e), user="nobody"),
        400,
        "ResourceNotFound",
        lambda m: "nobody" in m and "not found" in m,
    ),
    (
        "sagemaker-unknown-domain",
        "DescribeDomain",
        lambda e: _sm(e).describe_domain(DomainId="d-000000000000"),
        400,
        "ResourceNotFound",
        lambda m: "d-000000000000" in m,
    ),
    (
        "sagemaker-invalid-parameter",
        "CreatePresignedDomainUrl",
        lambda e: _sm(e, parameter_validation=False).create_presigned_domain_url(
            DomainId=DEMO_DOMAIN_ID, UserProfileName=DEMO_USER, ExpiresInSeconds=1
        ),
        400,
        "ValidationException",
        lambda m: m.startswith("1 validation error detected: Value '1' at 'expiresInSeconds'"),
    ),
    (
        "sagemaker-denied",
        "ListSpaces",
        lambda e: (_denied(e, "ListSpaces"), _sm(e).list_spaces(DomainIdEquals=DEMO_DOMAIN_ID)),
        400,
        "AccessDeniedException",
        lambda m: "is not authorized to perform: sagemaker:ListSpaces on resource: arn:aws:" in m,
    ),
    (
        "sagemaker-throttled",
        "ListDomains",
        lambda e: _throttled(e, "sagemaker").list_domains(),
        400,
        "ThrottlingException",
        lambda m: m == "Rate exceeded",
    ),
    (
        "sagemaker-unavailable",
        "ListDomains",
        lambda e: _unavailable(e).list_domains(),
        503,
        "ServiceUnavailable",
        bool,
    ),
    (
        "sts-unknown-key",
        "",
        lambda e: _sts(e, access_key_id="AKIAUNKNOWNUNKNOWN00").get_caller_identity(),
        403,
        "InvalidClientTokenId",
        lambda m: m == INVALID_TOKEN,
    ),
    (
        "sts-wrong-secret",
        "",
        lambda e: _sts(e, secret=DEMO_SECRET_ACCESS_KEY[::-1]).get_caller_identity(),
        403,
        "SignatureDoesNotMatch",
        lambda m: m.startswith(MISMATCH),
    ),
    (
        "sts-throttled",
        "",
        lambda e: _throttled(e, "sts").get_caller_identity(),
        400,
        "Throttling",
        lambda m: m == "Rate exceeded",
    ),
]


@pytest.fixture
def emu(emulator: Emulator) -> Emulator:
    emulator.add_demo_data()
    return emulator


@pytest.mark.parametrize(
    ("operation", "call", "status", "code", "message_ok"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_error_has_the_real_services_shape(
    emu: Emulator,
    operation: str,
    call: Callable[[Emulator], Any],
    status: int,
    code: str,
    message_ok: Callable[[str], bool],
) -> None:
    with pytest.raises(ClientError) as raised:
        call(emu)
    response = raised.value.response
    error = response["Error"]
    assert (response["ResponseMetadata"]["HTTPStatusCode"], error["Code"]) == (status, code)
    assert message_ok(error["Message"]), error["Message"]
    if operation and code not in COMMON:
        model = Loader().load_service_model("sagemaker", "service-2")
        modeled = {e["shape"] for e in model["operations"][operation].get("errors", [])}
        assert code in modeled, f"{operation} never answers {code} ({sorted(modeled)})"


def test_every_code_the_app_maps_for_these_services_is_provoked_here() -> None:
    provoked = {case[4] for case in CASES}
    mapped = (
        app_errors.REJECTED_KEY_CODES
        | app_errors.ACCESS_DENIED_CODES
        | app_errors.THROTTLE_CODES
        | app_errors.EXPIRED_CODES
    )
    # Codes other AWS services use (EC2's AuthFailure, IAM's InvalidAccessKeyId...) or that need
    # an expired session (covered by test_emulator_sagemaker's expired-token tests).
    elsewhere = {
        "InvalidAccessKeyId",
        "AuthFailure",
        "IncompleteSignature",
        "AccessDenied",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "ExpiredToken",
        "ExpiredTokenException",
        "RequestExpired",
    }
    assert mapped - elsewhere <= provoked, sorted(mapped - elsewhere - provoked)
