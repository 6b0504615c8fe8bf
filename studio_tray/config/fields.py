"""The fields each config table may hold, their types and checks (README "Configuration").

A check takes the (already type-checked) value and returns it, normalised where that matters
(hotkeys), or raises ValueError with a phrase that reads after ``field "value"``:
``domain_id "D-1" must look like d-xxxxxxxxxxxx``. ``HiddenValueError`` marks a problem whose
message must not repeat the value (a URL with a password in it).

Rules beyond the API's (decided here, documented for users in the README's config section):

- Profile names: 1-64 of ``A-Z a-z 0-9 . _ -``, starting with a letter or digit (they are
  keyring user names and command-line arguments). Shortcut names and groups: 1-100 printable
  characters, no leading or trailing spaces.
- ``region`` looks like ``us-east-1``; ``role_arn`` / ``mfa_serial`` are IAM role / MFA ARNs;
  ``endpoint_url`` is an http(s) URL with a host and no user name or password; plain http only
  to this computer unless the profile says ``allow_insecure_endpoint = true`` (the signed
  request could be read and replayed on the way).
- ``aws_profile`` combines with ``region`` and ``endpoint_url`` only: a role or MFA belongs in
  that ~/.aws/config profile. ``mfa_serial`` needs ``role_arn`` (the code goes with AssumeRole).
- IAM Identity Center profiles: ``sso_start_url`` (https), ``sso_region``, ``sso_account_id``
  (12 digits) and ``sso_role_name`` (a permission set name) together, optionally ``sso_session``
  (profiles with the same one share one sign-in and must agree on start URL and region); not
  with ``aws_profile``. ``role_arn`` (and ``mfa_serial``) may be assumed on top.
- A shortcut with ``studio_url`` (an SSO auth mode domain's own https Studio URL) needs no
  ``user_profile`` and takes no ``space`` or ``landing_uri`` (those need a presigned URL).
- Text fields have a longest length, checked first: a browser command 4096 characters, URLs
  and role ARNs 2048, MFA serials 256, API names (domain id, user profile, space) 63 and a
  landing URI 1023 as the API allows, labels 100, profile names 64.
- A browser command must contain ``{url}`` (nothing is appended silently); ``settings.browser``
  may be ``""`` (default browser), a shortcut's ``browser`` is left out instead of empty.
- Hotkeys follow ``hotkeys.combo.parse_hotkey``; ``settings.picker_hotkey = ""`` turns the
  picker's combo off. ``landing_uri`` follows ``api_rules.check_landing_uri``: one of the
  documented forms (``studio::``, ``app:JupyterLab:``...) with an optional relative path, at
  most 1023 characters; ``""`` means no landing URI.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from studio_tray import api_rules
from studio_tray.hotkeys.combo import parse_hotkey

REGION_RE = re.compile(r"[a-z]{2,}(-[a-z]+)+-\d{1,2}")
ARN_RE = r"arn:aws[a-z-]*:iam::\d{12}:%s/[\w+=,.@/-]{1,512}"
ROLE_ARN_RE = re.compile(ARN_RE % "role")
MFA_ARN_RE = re.compile(ARN_RE % "mfa")
ACCOUNT_ID_RE = re.compile(r"\d{12}")
PERMISSION_SET_RE = re.compile(r"[\w+=,.@-]{1,32}")
PROFILE_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
LABEL_MAX = 100
# Longest text per kind of field (characters). API names use api_rules' limits; the others are
# far above any real value and far below what makes a check slow.
BROWSER_MAX = 4096
URL_MAX = 2048  # endpoint, start and Studio URLs
ARN_MAX = 2048  # STS takes a RoleArn of at most 2048
MFA_SERIAL_MAX = 256  # and a SerialNumber of at most 256
PROFILE_NAME_MAX = 64
NAME_MAX = 256  # ~/.aws/config profile names, sso_session names
SHORT_MAX = 64  # regions, account ids, permission sets
HOTKEY_MAX = 100


class HiddenValueError(ValueError):
    """A problem whose message must not show the value (it may hold a secret)."""


@dataclass(frozen=True)
class Field:
    """One key of a table: its TOML type, its check, whether it must be there, and for text
    its longest length (checked before ``check``: a megabyte of text must not reach a parser
    such as shlex, which takes minutes on it)."""

    kind: type
    check: Callable[[Any], Any] | None = None
    required: bool = False
    max_length: int | None = None


def api_rule(rule: Callable[[Any], str | None]) -> Callable[[Any], Any]:
    """Turn an ``api_rules.check_*`` function (returns a problem or None) into a check."""

    def check(value: Any) -> Any:
        problem = rule(value)
        if problem:
            raise ValueError(problem)
        return value

    return check


def check_label(value: str) -> str:
    """Shortcut names and groups: shown in menus and typed on the command line."""
    if not value.strip():
        raise ValueError("must not be empty")
    if value != value.strip():
        raise ValueError("must not start or end with spaces")
    if any(not ch.isprintable() for ch in value):
        raise ValueError("must not contain control characters (tabs, new lines...)")
    if len(value) > LABEL_MAX:
        raise ValueError(f"must be at most {LABEL_MAX} characters")
    return value


def check_profile_name(value: str) -> str:
    """Profile names: keyring user names and command-line arguments, so kept plain."""
    if not PROFILE_NAME_RE.fullmatch(value):
        raise ValueError(
            "must be 1-64 letters, digits, dots, dashes or underscores, starting with a letter "
            "or digit"
        )
    return value


def check_region(value: str) -> str:
    """An AWS region code."""
    if not REGION_RE.fullmatch(value):
        raise ValueError("must look like us-east-1")
    return value


def check_role_arn(value: str) -> str:
    """The ARN of an IAM role to assume."""
    if not ROLE_ARN_RE.fullmatch(value):
        raise ValueError("must look like arn:aws:iam::123456789012:role/NAME")
    return value


def check_mfa_serial(value: str) -> str:
    """The ARN of a virtual MFA device."""
    if not MFA_ARN_RE.fullmatch(value):
        raise ValueError("must look like arn:aws:iam::123456789012:mfa/NAME")
    return value


def check_endpoint_url(value: str) -> str:
    """An http(s) URL with a host and nothing secret in it."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        parts = None
    if parts is not None and (parts.username or parts.password):
        raise HiddenValueError("must not contain a user name or password")
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL with a host")
    return value


def insecure_endpoint_problem(value: str) -> str:
    """Why a plain-http endpoint is refused, and the https form to use instead."""
    https = urlsplit(value)._replace(scheme="https").geturl()
    return (
        f"{value!r} is plain http to another computer: the signed request could be read and "
        f"replayed on the way; use {https!r}, or add allow_insecure_endpoint = true to the "
        "profile (or --allow-insecure-endpoint) for a lab proxy"
    )


def check_aws_profile(value: str) -> str:
    """A profile name of ~/.aws/config."""
    if not value.strip() or value != value.strip() or not value.isprintable():
        raise ValueError("must be the name of a profile in ~/.aws/config")
    return value


def check_https_url(value: str) -> str:
    """An https URL with a host and nothing secret in it (start URLs, Studio URLs)."""
    check_endpoint_url(value)
    if urlsplit(value).scheme != "https":
        raise ValueError("must be an https:// URL")
    return value


def check_account_id(value: str) -> str:
    """A 12-digit AWS account id."""
    if not ACCOUNT_ID_RE.fullmatch(value):
        raise ValueError("must be a 12-digit AWS account id")
    return value


def check_permission_set(value: str) -> str:
    """An Identity Center role (permission set) name."""
    if not PERMISSION_SET_RE.fullmatch(value):
        raise ValueError("must be a permission set name (1-32 letters, digits or +=,.@_-)")
    return value


def check_sso_session(value: str) -> str:
    """A sign-in session name (the AWS CLI's ``[sso-session NAME]``)."""
    if not value.strip() or value != value.strip() or not value.isprintable():
        raise ValueError("must be a name without leading or trailing spaces")
    return value


def check_browser(value: str) -> str:
    """A browser command: split like a shell would, with ``{url}`` where the URL goes."""
    if not value:
        return value
    try:
        words = shlex.split(value)
    except ValueError as err:
        raise ValueError(f"cannot be split into words ({err})") from None
    if not any("{url}" in word for word in words):
        raise ValueError("must contain {url} where the URL goes, like: firefox {url}")
    return value


def check_shortcut_browser(value: str) -> str:
    """A shortcut's own browser command; leaving it out means the settings' browser."""
    if not value:
        raise ValueError("must not be empty (leave it out to use settings.browser)")
    return check_browser(value)


def check_hotkey(value: str) -> str:
    """A key combo, returned in pynput's normalised form."""
    return parse_hotkey(value)


def check_picker_hotkey(value: str) -> str:
    """The picker's combo; ``""`` turns it off."""
    return parse_hotkey(value) if value else value


def check_space_start_minutes(value: int) -> int:
    """How long a click waits for a space's app to start: 1..120 minutes."""
    if not 1 <= value <= 120:
        raise ValueError("must be from 1 to 120 (minutes)")
    return value


def check_remind_running_hours(value: int) -> int:
    """After how many hours a running space is reminded of: 0 (never) to 720 (30 days)."""
    if not 0 <= value <= 720:
        raise ValueError("must be from 0 (no reminder) to 720 (hours)")
    return value


def check_status_refresh_minutes(value: int) -> int:
    """How often the tray re-reads running spaces: 0 (only on demand) to 1440 minutes."""
    if not 0 <= value <= 1440:
        raise ValueError("must be from 0 (only on demand) to 1440 (minutes)")
    return value


SETTINGS_FIELDS: dict[str, Field] = {
    "expires_in": Field(int, api_rule(api_rules.check_expires_in)),
    "session_duration": Field(int, api_rule(api_rules.check_session_duration)),
    "browser": Field(str, check_browser, max_length=BROWSER_MAX),
    "picker_hotkey": Field(str, check_picker_hotkey, max_length=HOTKEY_MAX),
    "space_start_minutes": Field(int, check_space_start_minutes),
    "remind_running_hours": Field(int, check_remind_running_hours),
    "status_refresh_minutes": Field(int, check_status_refresh_minutes),
}

PROFILE_FIELDS: dict[str, Field] = {
    "region": Field(str, check_region, max_length=SHORT_MAX),
    "role_arn": Field(str, check_role_arn, max_length=ARN_MAX),
    "mfa_serial": Field(str, check_mfa_serial, max_length=MFA_SERIAL_MAX),
    "endpoint_url": Field(str, check_endpoint_url, max_length=URL_MAX),
    "aws_profile": Field(str, check_aws_profile, max_length=NAME_MAX),
    "allow_insecure_endpoint": Field(bool),
    "sso_start_url": Field(str, check_https_url, max_length=URL_MAX),
    "sso_region": Field(str, check_region, max_length=SHORT_MAX),
    "sso_account_id": Field(str, check_account_id, max_length=SHORT_MAX),
    "sso_role_name": Field(str, check_permission_set, max_length=SHORT_MAX),
    "sso_session": Field(str, check_sso_session, max_length=NAME_MAX),
}
SSO_REQUIRED = ("sso_start_url", "sso_region", "sso_account_id", "sso_role_name")

SHORTCUT_FIELDS: dict[str, Field] = {
    "name": Field(str, check_label, required=True, max_length=LABEL_MAX),
    "profile": Field(str, required=True, max_length=PROFILE_NAME_MAX),
    "domain_id": Field(
        str, api_rule(api_rules.check_domain_id), required=True, max_length=api_rules.DOMAIN_ID_MAX
    ),
    # Required unless studio_url is set (checked in validation).
    "user_profile": Field(str, api_rule(api_rules.check_name), max_length=api_rules.NAME_MAX),
    "space": Field(str, api_rule(api_rules.check_name), max_length=api_rules.NAME_MAX),
    "landing_uri": Field(
        str, api_rule(api_rules.check_landing_uri), max_length=api_rules.LANDING_URI_MAX
    ),
    "group": Field(str, check_label, max_length=LABEL_MAX),
    "hotkey": Field(str, check_hotkey, max_length=HOTKEY_MAX),
    "browser": Field(str, check_shortcut_browser, max_length=BROWSER_MAX),
    "studio_url": Field(str, check_https_url, max_length=URL_MAX),
}

TOP_LEVEL = ("settings", "profiles", "shortcuts")
