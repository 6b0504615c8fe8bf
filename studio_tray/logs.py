"""The app's log: a rotating file in the platform log folder, with secrets masked.

The code never logs a URL, a secret or a token on purpose; ``RedactFilter`` is the second line
of defence for what libraries or exception texts might carry: every secret the app holds, by
value (``mask_value``, called where credentials and tokens are made), presigned URLs (any
http(s) URL with a query string keeps only scheme://host/path), strings shaped like AWS secret
keys or session tokens, and ``name=value`` pairs whose name says secret, token or signature.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

from studio_tray import paths
from studio_tray.errors import REDACTED, mask_url_queries

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


KNOWN_MAX = 256  # the newest secrets kept: a long-running tray refreshes its role keys
KNOWN_MIN = 8  # shorter values would mask ordinary words
_known: dict[str, None] = {}  # insertion-ordered: the oldest are forgotten first
_known_lock = threading.Lock()


def mask_value(*values: str | None) -> None:
    """Mask each of ``values`` wherever it appears in the log from now on, whatever its shape.

    The app calls it for every secret it holds (secret keys, session tokens, SSO tokens and
    client secrets, presigned URL tokens): the shape rules miss secrets of other shapes.
    """
    with _known_lock:
        for value in values:
            if value and len(value) >= KNOWN_MIN:
                _known.pop(value, None)
                _known[value] = None
        while len(_known) > KNOWN_MAX:
            del _known[next(iter(_known))]


def redact(text: str) -> str:
    """``text`` with the known secrets (``mask_value``), URLs' queries, and secret-key-,
    token- and JWT-shaped strings masked."""
    with _known_lock:
        known = sorted(_known, key=len, reverse=True)  # a longer secret may contain a shorter
    for value in known:
        if value in text:
            text = text.replace(value, REDACTED)
    text = mask_url_queries(text)
    text = _NAMED.sub(lambda m: m.group(1) + REDACTED, text)
    text = _SESSION_TOKEN.sub(REDACTED, text)
    text = _JWT.sub(REDACTED, text)
    return _SECRET_KEY.sub(REDACTED, text)


class QuietFileHandler(RotatingFileHandler):
    """The rotating log file, failing quietly: when a record cannot be written (a full disk, a
    removed folder), one line on stderr the first time and nothing after, instead of logging's
    "--- Logging error ---" traceback for each record. It keeps trying, so the log resumes once
    there is room again."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        self._warned = False

    def flush(self) -> None:
        """Flush the file; a failure is reported like a failed record (once, one line)."""
        try:
            super().flush()
        except OSError as err:
            self._say(err)

    def close(self) -> None:
        """Close the file; buffered lines that cannot be written are dropped quietly."""
        try:
            super().close()
        except OSError as err:
            self._say(err)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """Say once on stderr that the log cannot be written; never raise, never a traceback."""
        self._say(sys.exc_info()[1])

    def _say(self, err: BaseException | None) -> None:
        if self._warned:
            return
        self._warned = True
        reason = (err.strerror if isinstance(err, OSError) else None) or type(err).__name__
        with contextlib.suppress(Exception):
            print(
                f"studio-tray: cannot write the log {self.baseFilename} ({reason}); "
                "carrying on without it",
                file=sys.stderr,
            )


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
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_studio_tray", False) or debug:
            root.removeHandler(handler)
    handlers: list[logging.Handler] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(QuietFileHandler(path))
    except OSError as err:  # no log file is no reason not to run
        print(
            f"studio-tray: cannot open the log {path} ({err.strerror or err}); "
            "carrying on without it",
            file=sys.stderr,
        )
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
