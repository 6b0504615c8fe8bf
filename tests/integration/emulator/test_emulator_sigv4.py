"""SigV4 checking: AWS's published example, and botocore's own signer against our verifier."""

from __future__ import annotations

import time

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from studio_tray.emulator import sigv4

# The worked example of AWS's Signature Version 4 documentation (IAM ListUsers).
DOC_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
DOC_HEADERS = {
    "content-type": ["application/x-www-form-urlencoded; charset=utf-8"],
    "host": ["iam.amazonaws.com"],
    "x-amz-date": ["20150830T123600Z"],
}
DOC_AUTH = (
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date, "
    "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
)


def test_signing_key_matches_the_documented_example() -> None:
    key = sigv4.signing_key(DOC_SECRET, "20150830", "us-east-1", "iam")
    assert key.hex() == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"


def test_documented_request_verifies_and_a_changed_one_does_not() -> None:
    auth = sigv4.parse_authorization(DOC_AUTH)
    assert (auth.access_key_id, auth.region, auth.service) == ("AKIDEXAMPLE", "us-east-1", "iam")
    query = "Action=ListUsers&Version=2010-05-08"
    sigv4.verify("GET", "/", query, DOC_HEADERS, b"", auth, DOC_SECRET)
    with pytest.raises(sigv4.SigV4Error) as err:
        sigv4.verify(
            "GET", "/", query.replace("ListUsers", "ListRoles"), DOC_HEADERS, b"", auth, DOC_SECRET
        )
    assert err.value.kind == "signature"
    with pytest.raises(sigv4.SigV4Error):
        sigv4.verify("GET", "/", query, DOC_HEADERS, b"", auth, DOC_SECRET + "x")


def _botocore_signed(body: bytes, secret: str = "s3cr3t") -> AWSRequest:
    request = AWSRequest(
        method="POST",
        url="http://127.0.0.1:8080/",
        data=body,
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "SageMaker.ListDomains",
        },
    )
    SigV4Auth(Credentials("AKIDTESTKEY000000001", secret), "sagemaker", "eu-west-1").add_auth(
        request
    )
    return request


def _parts(request: AWSRequest) -> dict[str, list[str]]:
    return {k.lower(): [v] for k, v in request.headers.items()} | {"host": ["127.0.0.1:8080"]}


def test_botocore_signature_verifies_and_tampering_is_caught() -> None:
    request = _botocore_signed(b"{}")
    auth = sigv4.parse_authorization(request.headers["Authorization"])
    headers = _parts(request)
    sigv4.verify("POST", "/", "", headers, b"{}", auth, "s3cr3t")
    sigv4.check_date(headers["x-amz-date"][0], auth, time.time())
    with pytest.raises(sigv4.SigV4Error):
        sigv4.verify("POST", "/", "", headers, b'{"MaxResults": 1}', auth, "s3cr3t")
    with pytest.raises(sigv4.SigV4Error):
        sigv4.verify("POST", "/", "", headers, b"{}", auth, "other")


def test_stale_and_future_dates_are_refused() -> None:
    request = _botocore_signed(b"{}")
    auth = sigv4.parse_authorization(request.headers["Authorization"])
    amz_date = request.headers["X-Amz-Date"]
    for shift, words in ((16 * 60, "Signature expired"), (-16 * 60, "not yet current")):
        with pytest.raises(sigv4.SigV4Error) as err:
            sigv4.check_date(amz_date, auth, time.time() + shift)
        assert err.value.kind == "stale" and words in err.value.detail


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer abc",
        "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam, "
        "SignedHeaders=host, Signature=" + "0" * 64,
    ],
)
def test_malformed_authorization_headers(header: str | None) -> None:
    with pytest.raises(sigv4.SigV4Error) as err:
        sigv4.parse_authorization(header)
    assert err.value.kind in ("missing", "incomplete")
