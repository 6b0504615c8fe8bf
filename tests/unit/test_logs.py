"""The log: rotating file in the log folder, and nothing secret ever written to it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio_tray import logs

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr" + "A1b2C3d4E5/+" * 30
URL = "https://d-abc123.studio.us-east-1.sagemaker.aws/auth?token=eyJhbGciOiJIUzI1NiJ9.abc.def"


@pytest.fixture
def log_path(isolated_env: dict[str, Path]) -> Iterator[Path]:
    root = logging.getLogger()
    before = list(root.handlers), root.level
    path = logs.setup()
    yield path
    for handler in list(root.handlers):
        if handler not in before[0]:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(before[1])


def test_redact_masks_url_queries_keys_and_tokens() -> None:
    text = logs.redact(f"opening {URL} with {SECRET} and token {TOKEN} done")
    assert "token=" not in text and "eyJ" not in text
    assert SECRET not in text and TOKEN[:40] not in text
    assert "https://d-abc123.studio.us-east-1.sagemaker.aws/auth?<redacted>" in text
    assert text.startswith("opening ") and text.endswith(" done")


@pytest.mark.parametrize(
    "text",
    [
        f'"SecretAccessKey": "{SECRET[:20]}"',
        "aws_session_token = shortish-token-value",
        "X-Amz-Security-Token: abcdef123",
        "X-Amz-Signature=0123456789abcdef",
        "http://127.0.0.1:5000/auth?token=abc123",
    ],
)
def test_named_values_are_masked(text: str) -> None:
    out = logs.redact(text)
    assert "<redacted>" in out
    for secret in (SECRET[:20], "shortish-token-value", "abcdef123", "0123456789abcdef", "abc123"):
        assert secret not in out


def test_plain_messages_are_untouched() -> None:
    text = 'shortcut "Prod - alice" failed: keys for profile prod were rejected (AKIAEXAMPLE)'
    assert logs.redact(text) == text
    assert logs.redact("see https://example.com/docs/page") == "see https://example.com/docs/page"


def test_file_log_is_redacted_including_args_and_tracebacks(
    log_path: Path, isolated_env: dict[str, Path]
) -> None:
    assert log_path == isolated_env["log"] / "studio-tray.log"
    log = logging.getLogger("studio_tray.test")
    log.info("got %s", URL)
    log.warning("key %s", SECRET)
    try:
        raise RuntimeError(f"boom {TOKEN}")
    except RuntimeError:
        log.exception("failed at %s", URL)
    logging.getLogger("botocore.endpoint").debug("body %s", "should not appear")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_path.read_text()
    assert "got https://d-abc123.studio.us-east-1.sagemaker.aws/auth?<redacted>" in text
    assert "RuntimeError: boom <redacted>" in text
    assert SECRET not in text and "token=" not in text and TOKEN[:30] not in text
    assert "should not appear" not in text
    assert oct(log_path.stat().st_mode & 0o777) == "0o600"


def test_setup_twice_does_not_log_twice(log_path: Path) -> None:
    logs.setup()
    logging.getLogger("studio_tray.x").info("once")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert log_path.read_text().count("once") == 1


def test_rotates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, log_path: Path) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = logs.setup()
    for n in range(200):
        logging.getLogger("studio_tray.x").info("line %d %s", n, "x" * 50)
    assert (path.parent / "studio-tray.log.1").exists()
    assert path.stat().st_size <= 2000


def _app_handler() -> logs.QuietFileHandler:
    return next(h for h in logging.getLogger().handlers if getattr(h, "_studio_tray", False))  # type: ignore[return-value]


def test_a_full_disk_is_one_line_on_stderr_and_the_app_carries_on(
    log_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = _app_handler()
    handler.stream.close()
    handler.stream = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 - ENOSPC on write
    log = logging.getLogger("studio_tray.test")
    for number in range(50):
        log.warning("record %d", number)
    err = capsys.readouterr().err
    assert "Logging error" not in err and "Traceback" not in err, err
    assert err.splitlines() == [
        f"studio-tray: cannot write the log {log_path} (No space left on device); "
        "carrying on without it"
    ]


def test_a_log_that_cannot_be_opened_is_one_line_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    root = logging.getLogger()
    before = list(root.handlers), root.level
    try:
        logs.setup(path=blocked / "app.log")  # its folder is a file: cannot be made
        logging.getLogger("studio_tray.test").warning("still fine")
    finally:
        for handler in list(root.handlers):
            if handler not in before[0]:
                root.removeHandler(handler)
        root.setLevel(before[1])
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"studio-tray: cannot open the log {blocked}")
