"""CreatePresignedDomainUrl's parameter rules, answered in the service's ValidationException text.

The rules come from ``studio_tray.api_rules`` (the same ones the config loader uses); the
wording follows AWS's "N validation errors detected: Value 'x' at 'field' failed to satisfy
constraint: ..." form.
"""

from __future__ import annotations

from collections.abc import Mapping

from studio_tray import api_rules
from studio_tray.emulator.errors import ApiError

_FIELDS = {
    "DomainId": "domainId",
    "UserProfileName": "userProfileName",
    "SpaceName": "spaceName",
    "ExpiresInSeconds": "expiresInSeconds",
    "SessionExpirationDurationInSeconds": "sessionExpirationDurationInSeconds",
    "LandingUri": "landingUri",
    "MaxResults": "maxResults",
    "DomainIdEquals": "domainIdEquals",
}


def _item(param: str, value: object, constraint: str) -> str:
    shown = "null" if value is None else f"'{value}'"
    return (
        f"Value {shown} at '{_FIELDS.get(param, param)}' failed to satisfy constraint: {constraint}"
    )


def _range(param: str, value: object, bounds: tuple[int, int]) -> str | None:
    if api_rules.check_int_range(value, bounds) is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError("SerializationException", f"{param} must be a number")
    low, high = bounds
    if value < low:
        return _item(param, value, f"Member must have value greater than or equal to {low}")
    return _item(param, value, f"Member must have value less than or equal to {high}")


def _string(param: str, value: object) -> str:
    if not isinstance(value, str):
        raise ApiError("SerializationException", f"{param} must be a string")
    return value


def _length_and_pattern(
    param: str, text: str, maximum: int, pattern: str, matches: bool
) -> list[str]:
    """Each failed constraint is its own item, as the service lists them."""
    found = []
    if len(text) > maximum:
        found.append(_item(param, text, f"Member must have length less than or equal to {maximum}"))
    if not matches:
        found.append(
            _item(param, text, f"Member must satisfy regular expression pattern: {pattern}")
        )
    return found


def domain_id_problems(param: str, value: object) -> list[str]:
    """The violation texts for a domain id (none when it is fine)."""
    text = _string(param, value)
    if api_rules.check_domain_id(text) is None:
        return []
    pattern = api_rules.DOMAIN_ID_RE
    return _length_and_pattern(
        param, text, api_rules.DOMAIN_ID_MAX, pattern.pattern, bool(pattern.fullmatch(text))
    )


def name_problems(param: str, value: object) -> list[str]:
    """The violation texts for a user profile or space name (none when it is fine)."""
    text = _string(param, value)
    if api_rules.check_name(text) is None:
        return []
    pattern = api_rules.NAME_RE
    return _length_and_pattern(
        param, text, api_rules.NAME_MAX, pattern.pattern, bool(pattern.fullmatch(text))
    )


def domain_id_problem(param: str, value: object) -> str | None:
    """The first violation text for a domain id, or None."""
    return next(iter(domain_id_problems(param, value)), None)


def name_problem(param: str, value: object) -> str | None:
    """The first violation text for a user profile or space name, or None."""
    return next(iter(name_problems(param, value)), None)


def raise_if(problems: list[str | None]) -> None:
    """Raise one ValidationException listing every problem, if there are any."""
    found = [p for p in problems if p]
    if found:
        noun = "error" if len(found) == 1 else "errors"
        raise ApiError(
            "ValidationException", f"{len(found)} validation {noun} detected: " + "; ".join(found)
        )


def presigned_url_params(params: Mapping[str, object]) -> None:
    """Check CreatePresignedDomainUrl's parameters (ValidationException listing all problems)."""
    problems: list[str | None] = []
    for required in ("DomainId", "UserProfileName"):
        if params.get(required) is None:
            problems.append(_item(required, None, "Member must not be null"))
    if params.get("DomainId") is not None:
        problems += domain_id_problems("DomainId", params["DomainId"])
    for name in ("UserProfileName", "SpaceName"):
        if params.get(name) is not None:
            problems += name_problems(name, params[name])
    if params.get("ExpiresInSeconds") is not None:
        problems.append(
            _range("ExpiresInSeconds", params["ExpiresInSeconds"], api_rules.EXPIRES_IN_RANGE)
        )
    duration = params.get("SessionExpirationDurationInSeconds")
    if duration is not None:
        problems.append(
            _range("SessionExpirationDurationInSeconds", duration, api_rules.SESSION_DURATION_RANGE)
        )
    landing = params.get("LandingUri")
    if landing is not None:
        text = _string("LandingUri", landing)
        if len(text) > api_rules.LANDING_URI_MAX:
            problems.append(
                _item(
                    "LandingUri",
                    text[:40] + "...",
                    f"Member must have length less than or equal to {api_rules.LANDING_URI_MAX}",
                )
            )
    raise_if(problems)


def max_results(params: Mapping[str, object]) -> str | None:
    """The violation text for MaxResults (1..100), or None."""
    value = params.get("MaxResults")
    return None if value is None else _range("MaxResults", value, (1, 100))
