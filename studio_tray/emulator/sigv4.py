"""AWS Signature Version 4 checking with only the standard library.

The canonical request, string to sign and HMAC key chain follow AWS's published algorithm
(the same one botocore's ``SigV4Auth`` implements), so a request signed by any real SDK or the
AWS CLI verifies here, and a request signed with another secret does not.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote, unquote

ALGORITHM = "AWS4-HMAC-SHA256"
MAX_SKEW_SECONDS = 15 * 60
_AUTH_RE = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=(?P<cred>[^,\s]+)\s*,\s*"
    r"SignedHeaders=(?P<headers>[^,\s]+)\s*,\s*Signature=(?P<sig>[0-9a-f]{64})\s*$"
)


class SigV4Error(Exception):
    """The request's signature is missing, malformed, stale or wrong; ``kind`` says which."""

    def __init__(self, kind: str, detail: str = "") -> None:
        self.kind = kind
        self.detail = detail
        super().__init__(kind)


@dataclass(frozen=True)
class Authorization:
    """The parts of an ``Authorization: AWS4-HMAC-SHA256 ...`` header."""

    access_key_id: str
    date: str
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str

    @property
    def scope(self) -> str:
        """The credential scope: date/region/service/aws4_request."""
        return f"{self.date}/{self.region}/{self.service}/aws4_request"


def parse_authorization(header: str | None) -> Authorization:
    """Parse the Authorization header; raise ``SigV4Error('missing'|'incomplete')``."""
    if not header:
        raise SigV4Error("missing")
    match = _AUTH_RE.match(header.strip())
    if not match:
        raise SigV4Error("incomplete")
    parts = match["cred"].split("/")
    if len(parts) != 5 or parts[4] != "aws4_request" or not parts[0]:
        raise SigV4Error("incomplete")
    signed = tuple(match["headers"].split(";"))
    if "host" not in signed:
        raise SigV4Error("incomplete")
    return Authorization(parts[0], parts[1], parts[2], parts[3], signed, match["sig"])


def _uri_encode(value: str) -> str:
    return quote(value, safe="-_.~")


def canonical_query(query: str) -> str:
    """The query string with keys and values encoded and sorted."""
    pairs = parse_qsl(query, keep_blank_values=True)
    encoded = sorted((_uri_encode(k), _uri_encode(v)) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in encoded)


def canonical_request(
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, Sequence[str]],
    signed_headers: Sequence[str],
    payload_hash: str,
) -> str:
    """AWS's canonical request; ``headers`` maps lower-case names to their values."""
    uri = quote(unquote(path or "/"), safe="/~")
    lines = [
        f"{name}:{','.join(' '.join(v.split()) for v in headers.get(name, ()))}"
        for name in signed_headers
    ]
    return "\n".join(
        [method, uri, canonical_query(query), *lines, "", ";".join(signed_headers), payload_hash]
    )


def string_to_sign(amz_date: str, scope: str, canonical: str) -> str:
    """What the signing key signs."""
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return f"{ALGORITHM}\n{amz_date}\n{scope}\n{digest}"


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    """The HMAC chain: secret -> date -> region -> service -> aws4_request."""
    key = f"AWS4{secret}".encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def expected_signature(secret: str, auth: Authorization, amz_date: str, canonical: str) -> str:
    """The hex signature a client holding ``secret`` would send."""
    key = signing_key(secret, auth.date, auth.region, auth.service)
    message = string_to_sign(amz_date, auth.scope, canonical)
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def check_date(amz_date: str | None, auth: Authorization, now: float) -> datetime:
    """Parse X-Amz-Date and refuse it outside 15 minutes of ``now`` (``SigV4Error``)."""
    if not amz_date:
        raise SigV4Error("incomplete")
    try:
        when = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise SigV4Error("incomplete") from None
    if when.strftime("%Y%m%d") != auth.date:
        raise SigV4Error("scope_date")
    current = datetime.fromtimestamp(now, UTC)
    stamp = "%Y%m%dT%H%M%SZ"
    if when.timestamp() < now - MAX_SKEW_SECONDS:
        limit = datetime.fromtimestamp(now - MAX_SKEW_SECONDS, UTC)
        raise SigV4Error(
            "stale",
            f"Signature expired: {amz_date} is now earlier than {limit.strftime(stamp)} "
            f"({current.strftime(stamp)} - 15 min.)",
        )
    if when.timestamp() > now + MAX_SKEW_SECONDS:
        limit = datetime.fromtimestamp(now + MAX_SKEW_SECONDS, UTC)
        raise SigV4Error(
            "stale",
            f"Signature not yet current: {amz_date} is still later than "
            f"{limit.strftime(stamp)} ({current.strftime(stamp)} + 15 min.)",
        )
    return when


def verify(
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, Sequence[str]],
    body: bytes,
    auth: Authorization,
    secret: str,
) -> None:
    """Raise ``SigV4Error('signature')`` unless the request was signed with ``secret``."""
    amz_date = next(iter(headers.get("x-amz-date", ())), "")
    body_hash = hashlib.sha256(body).hexdigest()
    payload_hash = next(iter(headers.get("x-amz-content-sha256", ())), body_hash)
    if payload_hash not in (body_hash, "UNSIGNED-PAYLOAD"):
        raise SigV4Error("signature")
    canonical = canonical_request(method, path, query, headers, auth.signed_headers, payload_hash)
    wanted = expected_signature(secret, auth, amz_date, canonical)
    if not hmac.compare_digest(wanted, auth.signature):
        raise SigV4Error("signature")
