"""Shape checks for AWS access keys, so typos are caught before anything is stored.

The checks never echo the secret back: messages name the field and the rule only.
"""

from __future__ import annotations

import re

from studio_tray.errors import UsageError

_KEY_ID = re.compile(r"[A-Z0-9]{16,128}")
SECRET_MIN = 30
SECRET_MAX = 100


def check_access_key_id(key_id: str) -> str:
    """Return the stripped key id, or raise ``UsageError`` naming the rule it breaks."""
    key_id = key_id.strip()
    if not key_id:
        raise UsageError("access key id is empty")
    if not _KEY_ID.fullmatch(key_id):
        raise UsageError(
            "access key id must be 16 to 128 capital letters and digits (like AKIA...)"
        )
    if key_id.startswith("ASIA"):
        # ASIA keys are temporary and useless without their session token, which we never store.
        raise UsageError(
            "access key id starts with ASIA: that is a temporary key",
            hint="store a long-term key (AKIA...), or use --aws-profile for SSO or "
            "temporary credentials",
        )
    return key_id


def check_secret(secret: str) -> str:
    """Return the stripped secret, or raise ``UsageError`` (the message never contains it)."""
    secret = secret.strip()
    if not secret:
        raise UsageError("secret access key is empty")
    if not SECRET_MIN <= len(secret) <= SECRET_MAX:
        raise UsageError(
            f"secret access key has {len(secret)} characters; AWS secrets have 40 "
            f"(accepted: {SECRET_MIN} to {SECRET_MAX})"
        )
    if not all(c.isascii() and c.isprintable() and not c.isspace() for c in secret):
        raise UsageError("secret access key contains spaces or non-printable characters")
    return secret


def check_keys(key_id: str, secret: str) -> tuple[str, str]:
    """Both checks; returns the cleaned pair, or one ``UsageError`` naming every problem."""
    problems: list[str] = []
    cleaned: list[str] = []
    for check, value in ((check_access_key_id, key_id), (check_secret, secret)):
        try:
            cleaned.append(check(value))
        except UsageError as err:
            problems.append(str(err))
    if problems:
        raise UsageError("\n".join(problems))
    return cleaned[0], cleaned[1]
