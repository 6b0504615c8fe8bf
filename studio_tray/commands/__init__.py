"""One module per group of verbs; each has ``register(subparsers)``. See ``studio_tray.cli``.

``VERBS`` names every top-level verb's module and one-line help, in the order ``--help`` lists
them: the CLI builds only the module of the verb it runs and shows the others from this table,
so this package imports nothing (``--help`` and every verb's cold start are timed).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: --help is timed
if TYPE_CHECKING:
    import argparse
    from typing import Any

VERBS: dict[str, tuple[str, str]] = {
    "run": ("app", "run the tray app (the default)"),
    "demo": ("app", "the tray on a built-in emulator: no AWS account needed"),
    "open": ("open", "open a shortcut in the browser with a fresh URL"),
    "list": ("shortcuts", "list the shortcuts"),
    "shortcut": ("shortcuts", "add or remove a shortcut in the config"),
    "profile": ("profiles", "AWS profiles: keys in the OS keyring"),
    "credential-process": ("profiles", "print a profile's keys for AWS credential_process"),
    "discover": (
        "discover",
        "list the Studio domains, user profiles and spaces a profile can open",
    ),
    "autostart": ("autostart", "start the tray at login (enable, disable, status)"),
    "doctor": ("doctor", "check config, keyring, credentials and endpoints"),
    "emulator": (
        "emulator",
        "serve a local SageMaker/STS-compatible endpoint (demo data, demo keys)",
    ),
    "picker": (
        "picker",
        "choose a shortcut by typing and open it (the running tray's picker when there is one)",
    ),
    "prompt": ("picker", "ask for a 6-digit MFA code in a window; prints it"),
    "settings": (
        "settings",
        "a window to add and remove profiles, edit and discover shortcuts, and the settings",
    ),
    "login": ("sso", "sign in to IAM Identity Center for a profile"),
    "logout": ("sso", "sign out of IAM Identity Center for a profile"),
    "spaces": ("spaces", "show the apps of the spaces the shortcuts open"),
    "start": ("spaces", "start a space's app and wait until it runs"),
    "stop": ("spaces", "stop a space's app and wait until it is gone"),
}
"""Top-level verb -> (its module in this package, its one-line help), in ``--help``'s order."""


def add_verb(
    sub: argparse._SubParsersAction[Any], name: str, **kwargs: Any
) -> argparse.ArgumentParser:
    """Add the top-level verb ``name`` to ``sub`` with its help from ``VERBS``."""
    return sub.add_parser(name, help=VERBS[name][1], **kwargs)
