"""The app's log: a rotating file in the platform log folder, with secrets masked.

The code never logs a URL, a secret or a token on purpose; ``RedactFilter`` is the second line
of defence for what libraries or exception texts might carry: presigned URLs (any http(s) URL
with a query string keeps only scheme://host/path), strings shaped like AWS secret keys or
session tokens, and ``name=value`` pairs whose name says secret, token or signature.
"""

from __future__ import annotations

import contextlib
import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from studio_tray import paths
from studio_tray.errors import REDACTED, URL_QUERY

MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"

# Libraries whose debug output carries request bodies and headers: never below WARNING.
NOISY = ("botocore", "boto3", "urllib3", "s3transfer", "PIL")

_NAMED = re.compile(
    r"(?i)\b((?:aws_)?(?:secret_?access_?key|session_?token|x-amz-security-token|"
    r"x-amz-signature|signature|token|authcode|password|secret)"
    r"['\"]?\s*[=:]\s*b?['\"]?)([^\s'\",&}]+)"
)
_SESSION_TOKEN = re.compile(r"[A-Za-z0-9/+=]{100,}")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}(?:\.[A-Za-z0-9_-]*)?")
_SECRET_KEY = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")


def redact(text: str) -> str:
    """``text`` with URLs' queries, secret-key-, token- and JWT-shaped strings masked."""
    text = URL_QUERY.sub(lambda m: f"{m.group(1)}?{REDACTED}", text)
    text = _NAMED.sub(lambda m: m.group(1) + REDACTED, text)
    text = _SESSION_TOKEN.sub(REDACTED, text)
    text = _JWT.sub(REDACTED, text)
    return _SECRET_KEY.sub(REDACTED, text)


class RedactFilter(logging.Filter):
    """Rewrites each record's message (and traceback text) through ``redact``."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record in place; always keep it."""
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not hide the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def setup(debug: bool = False, path: Path | None = None) -> Path:
    """Send the app's log to the rotating file (and to stderr with ``debug``); return its path.

    Replaces handlers a previous call installed, so calling it twice does not log twice.
    """
    path = path or paths.log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_studio_tray", False) or debug:
            root.removeHandler(handler)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handlers: list[logging.Handler] = [handler]
    if debug:
        handlers.append(logging.StreamHandler())
    for each in handlers:
        each.setFormatter(logging.Formatter(FORMAT))
        each.addFilter(RedactFilter())
        each._studio_tray = True  # type: ignore[attr-defined]
        root.addHandler(each)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for name in NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)
    with contextlib.suppress(OSError):  # e.g. a filesystem without modes; folder is private
        path.chmod(0o600)
    return path
