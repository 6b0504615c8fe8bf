"""The app's own errors: each carries user-ready text and the exit code it maps to.

Only ``cli.main`` turns them into a message and an exit code; everything else raises them.
Messages must never contain a secret, a session token or a presigned URL.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a hand-off is timed
if TYPE_CHECKING:
    import re

REDACTED = "<redacted>"
# The masks' patterns, compiled on first use: importing ``re`` costs a command that raises
# nothing (a handed-off ``open``, ``--version``) more than the rest of its imports.
_URL_QUERY = r"(?i)\b(https?://[^\s?#'\"<>]*)[?#][^\s'\"<>]*"
"""An http(s) URL with a query or fragment: group 1 is what may be shown (scheme, host, path)."""
_SENSITIVE_PAIR = (
    r"(?i)\b((?:aws_)?(?:secret_?access_?key|session_?token|x-amz-security-token|"
    r"x-amz-signature|x-amz-credential|signature|auth_?token|token|authcode|password|secret)"
    r"=)[^\s'\",&]+"
)
"""A ``name=value`` pair whose name says secret, token or signature: group 1 is ``name=``."""
_compiled: dict[str, re.Pattern[str]] = {}


def _pattern(source: str) -> re.Pattern[str]:
    found = _compiled.get(source)
    if found is None:
        import re

        found = _compiled[source] = re.compile(source)
    return found


def mask_url_queries(text: str) -> str:
    """``text`` with the query and fragment of every http(s) URL replaced by ``REDACTED``."""
    return _pattern(_URL_QUERY).sub(lambda m: f"{m.group(1)}?{REDACTED}", text)


def clean_text(text: str) -> str:
    """``text`` fit to show a person: no control characters (terminal escapes, carriage
    returns, bidi overrides) but new lines, tabs as spaces, and URL queries and secret
    ``name=value`` pairs masked. Every message of the app's errors goes through it, so text
    from a service, a file or an exception reaches no terminal or menu raw."""
    if text.isprintable():  # the usual case, and the cheap one
        shown = text
    else:
        import unicodedata

        shown = "".join(
            " " if char == "\t" else char
            for char in text
            if char in "\n\t" or unicodedata.category(char)[0] != "C"
        )
    shown = mask_url_queries(shown)
    return _pattern(_SENSITIVE_PAIR).sub(lambda m: m.group(1) + REDACTED, shown)


class StudioTrayError(Exception):
    """Base of every expected failure. ``str(err)`` is the one line shown to the user.

    Message and hint are passed through ``clean_text``: they may quote a service or a file.
    """

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = clean_text(message)
        self.hint = clean_text(hint) if hint is not None else None
        super().__init__(self.message if not self.hint else f"{self.message}: {self.hint}")


class UsageError(StudioTrayError):
    """Bad command-line usage (unknown shortcut name, missing argument...)."""

    exit_code = 2


class ConfigError(StudioTrayError):
    """The config file is missing something, cannot be parsed or does not validate."""

    exit_code = 2

    def __init__(self, problems: list[str] | str) -> None:
        raw = [problems] if isinstance(problems, str) else list(problems)
        self.problems = [clean_text(problem) for problem in raw]
        super().__init__("\n".join(self.problems))


class CredentialError(StudioTrayError):
    """Keys missing, keyring unusable, keys rejected, MFA or role problems."""


class LaunchError(StudioTrayError):
    """Getting or opening a fresh Studio URL failed."""


class UnsafeFileError(StudioTrayError):
    """A folder or file the app relies on could be changed by another user (or is not ours)."""


class DiscoveryError(StudioTrayError):
    """Listing domains, user profiles or spaces failed."""


class SignInRequired(CredentialError):
    """An IAM Identity Center profile has no usable sign-in (never signed in, expired, logged
    out). ``profile`` names it; the tray answers by starting the sign-in itself."""

    def __init__(self, profile: str, state: str = "") -> None:
        self.profile = profile
        message = (
            f"the IAM Identity Center sign-in of profile {profile} {state}"
            if state
            else f"profile {profile} is not signed in to IAM Identity Center"
        )
        super().__init__(message, hint=f"run `studio-tray login {profile}`")
