"""The rules SageMaker's CreatePresignedDomainUrl enforces on its parameters.

botocore checks only minimum lengths, so the config loader, the launcher and the emulator all
check these. Each ``check_*`` returns None when the value is fine, else the problem as a phrase
that reads after the value: ``domain_id "D-1" must look like d-xxxxxxxxxxxx``.
"""

from __future__ import annotations

import re

DOMAIN_ID_RE = re.compile(r"d-(-*[a-z0-9]){1,61}")
NAME_RE = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
DOMAIN_ID_MAX = 63
EXPIRES_IN_RANGE = (5, 300)
SESSION_DURATION_RANGE = (1800, 43200)
LANDING_URI_MAX = 1023
KNOWN_LANDING_URIS = (
    "studio::",
    "app:JupyterLab:",
    "app:CodeEditor:",
    "app:JupyterServer:",
    "app:RStudioServerPro:",
    "app:Canvas:",
)


def check_domain_id(value: str) -> str | None:
    """Problem with a DomainId, or None."""
    if len(value) > DOMAIN_ID_MAX or not DOMAIN_ID_RE.fullmatch(value):
        return "must look like d-xxxxxxxxxxxx (lower-case letters, digits and dashes, at most 63)"
    return None


def check_name(value: str) -> str | None:
    """Problem with a UserProfileName or SpaceName, or None."""
    if not NAME_RE.fullmatch(value):
        return "must be 1-63 letters, digits and dashes, starting and ending with a letter or digit"
    return None


def check_int_range(value: object, bounds: tuple[int, int]) -> str | None:
    """Problem with an integer that must lie within ``bounds`` (inclusive), or None."""
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be a whole number from {low} to {high}"
    if not low <= value <= high:
        return f"must be from {low} to {high}"
    return None


def check_expires_in(value: object) -> str | None:
    """Problem with ExpiresInSeconds, or None."""
    return check_int_range(value, EXPIRES_IN_RANGE)


def check_session_duration(value: object) -> str | None:
    """Problem with SessionExpirationDurationInSeconds, or None."""
    return check_int_range(value, SESSION_DURATION_RANGE)


def check_landing_uri(value: str) -> str | None:
    """Problem with a LandingUri, or None."""
    if not value:
        return "must not be empty (leave it out for the default)"
    if len(value) > LANDING_URI_MAX:
        return f"must be at most {LANDING_URI_MAX} characters"
    return None
