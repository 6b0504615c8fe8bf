"""The rules SageMaker's CreatePresignedDomainUrl enforces on its parameters.

botocore checks only minimum lengths, so the config loader, the launcher and the emulator all
check these. Each ``check_*`` returns None when the value is fine, else the problem as a phrase
that reads after the value: ``domain_id "D-1" must look like d-xxxxxxxxxxxx``. STS's rule for
an MFA code (``TokenCode``) is here too: the client and the emulator share it.
"""

from __future__ import annotations

import re

DOMAIN_ID_RE = re.compile(r"d-(-*[a-z0-9]){1,61}")
NAME_RE = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
DOMAIN_ID_MAX = 63
NAME_MAX = 63
EXPIRES_IN_RANGE = (5, 300)
DEFAULT_EXPIRES_IN = 30  # the app's ExpiresInSeconds unless the config says otherwise
SESSION_DURATION_RANGE = (1800, 43200)
LANDING_URI_MAX = 1023
KNOWN_LANDING_URIS = (
    "studio::",
    "app:JupyterServer:",
    "app:JupyterLab:",
    "app:RStudioServerPro:",
    "app:CodeEditor:",
    "app:Canvas:",
)
"""The documented LandingUri forms (botocore's sagemaker model), each optionally followed by a
relative path: ``studio::relative/path``, ``app:JupyterLab:lab/tree/x.ipynb``."""
MFA_CODE_RE = re.compile(r"[0-9]{6}")


def check_domain_id(value: str) -> str | None:
    """Problem with a DomainId, or None."""
    if len(value) > DOMAIN_ID_MAX or not DOMAIN_ID_RE.fullmatch(value):
        return "must look like d-xxxxxxxxxxxx (lower-case letters, digits and dashes, at most 63)"
    return None


def check_name(value: str) -> str | None:
    """Problem with a UserProfileName or SpaceName, or None."""
    if len(value) > NAME_MAX or not NAME_RE.fullmatch(value):
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
    """Problem with a LandingUri, or None. ``""`` is fine: it means "no LandingUri"."""
    if len(value) > LANDING_URI_MAX:
        return f"must be at most {LANDING_URI_MAX} characters"
    if not value or value.startswith(KNOWN_LANDING_URIS):
        return None
    forms = ", ".join(KNOWN_LANDING_URIS)
    problem = f"must be one of {forms} (each may be followed by a relative path)"
    guess = landing_uri_guess(value)
    return f"{problem}; did you mean {guess}?" if guess else problem


def landing_uri_guess(value: str) -> str | None:
    """The documented LandingUri form a mistyped ``value`` most likely meant, or None.

    ``jupyterlab``, ``JupyterLab``, ``app:jupyterlab:`` and ``app:JupyterLab`` all mean
    ``app:JupyterLab:``; a relative path after the form is kept.
    """
    lowered = value.lower()
    for form in KNOWN_LANDING_URIS:
        if lowered.startswith(form.lower()):
            return form + value[len(form) :]
    head = lowered.removeprefix("app:").split(":", 1)[0]
    names = {form.removeprefix("app:").strip(":").lower(): form for form in KNOWN_LANDING_URIS}
    import difflib

    close = difflib.get_close_matches(head, list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None


def check_mfa_code(value: str) -> str | None:
    """Problem with an MFA TokenCode (exactly six ASCII digits, as STS takes it), or None."""
    if not MFA_CODE_RE.fullmatch(value):
        return "must be exactly 6 digits (0-9)"
    return None
