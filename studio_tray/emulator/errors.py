"""Service errors and how each protocol spells them (JSON 1.1 for SageMaker, XML for STS)."""

from __future__ import annotations

import json

from studio_tray.emulator.sigv4 import SigV4Error

SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. "
    "Consult the service documentation for details."
)
INVALID_TOKEN = "The security token included in the request is invalid."  # noqa: S105 (a message)
EXPIRED_TOKEN = "The security token included in the request is expired"  # noqa: S105 (a message)


class ApiError(Exception):
    """An error answer: ``code`` as the JSON protocol names it, ``sts_code`` for STS."""

    def __init__(
        self, code: str, message: str, status: int = 400, *, sts_code: str | None = None
    ) -> None:
        self.code = code
        self.message = message
        self.status = status
        self.sts_code = sts_code or code
        super().__init__(code)

    def json_body(self) -> bytes:
        """The JSON 1.1 error document botocore parses (``__type`` and ``message``)."""
        return json.dumps({"__type": self.code, "message": self.message}).encode()

    def xml_body(self, request_id: str) -> bytes:
        """STS's ``ErrorResponse`` document."""
        kind = "Receiver" if self.status >= 500 else "Sender"
        return (
            '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            f"<Error><Type>{kind}</Type><Code>{_xml(self.sts_code)}</Code>"
            f"<Message>{_xml(self.message)}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        ).encode()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def from_sigv4(err: SigV4Error) -> ApiError:
    """The service's answer to a signature problem."""
    if err.kind == "missing":
        return ApiError(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
            sts_code="MissingAuthenticationToken",
            status=400,
        )
    if err.kind == "unknown_key":
        return ApiError(
            "UnrecognizedClientException",
            INVALID_TOKEN,
            sts_code="InvalidClientTokenId",
            status=400,
        )
    if err.kind == "expired_token":
        return ApiError("ExpiredTokenException", EXPIRED_TOKEN, sts_code="ExpiredToken")
    if err.kind == "stale":
        return ApiError("InvalidSignatureException", err.detail, sts_code="SignatureDoesNotMatch")
    if err.kind in ("incomplete", "scope_date"):
        return ApiError(
            "IncompleteSignatureException",
            "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' "
            "parameters, a matching X-Amz-Date and the host header signed.",
            sts_code="IncompleteSignature",
        )
    return ApiError(
        "InvalidSignatureException", SIGNATURE_MISMATCH, sts_code="SignatureDoesNotMatch"
    )


def sts_status(err: ApiError) -> int:
    """STS answers authentication and authorisation failures with 403."""
    if err.sts_code in (
        "InvalidClientTokenId",
        "SignatureDoesNotMatch",
        "AccessDenied",
        "MissingAuthenticationToken",
        "IncompleteSignature",
    ):
        return 403
    return err.status
