"""The app's own errors: each carries user-ready text and the exit code it maps to.

Only ``cli.main`` turns them into a message and an exit code; everything else raises them.
Messages must never contain a secret, a session token or a presigned URL.
"""

from __future__ import annotations


class StudioTrayError(Exception):
    """Base of every expected failure. ``str(err)`` is the one line shown to the user."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if not hint else f"{message}: {hint}")


class UsageError(StudioTrayError):
    """Bad command-line usage (unknown shortcut name, missing argument...)."""

    exit_code = 2


class ConfigError(StudioTrayError):
    """The config file is missing something, cannot be parsed or does not validate."""

    exit_code = 2

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
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
