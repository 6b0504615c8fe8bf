"""The tests' own layout: feature tests live in unit/, integration/, gui/ or soak/, and shared
helpers only in fixtures/ (a test module that imports another test module is refused)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
KINDS = ("unit", "integration", "gui", "soak", "bench", "fixtures")


def test_no_flat_test_modules() -> None:
    flat = sorted(p.name for p in TESTS.glob("test_*.py"))
    assert flat == [], f"move these into one of {KINDS}: {flat}"


def _is_test_module(dotted: str) -> bool:
    return dotted.rsplit(".", 1)[-1].startswith("test_")


def _test_module_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found += [
            n for n in names if n.startswith("tests.") and n.split(".")[-1].startswith("test_")
        ]
    return found


def test_test_modules_share_helpers_only_through_fixtures() -> None:
    offenders = {
        str(p.relative_to(TESTS)): imports
        for p in TESTS.rglob("*.py")
        if (imports := _test_module_imports(p))
    }
    assert offenders == {}, f"put shared helpers in tests/fixtures/: {offenders}"


def test_the_import_check_catches_one(tmp_path: Path) -> None:
    planted = tmp_path / "test_x.py"
    planted.write_text("from tests.integration.test_app import write_config\n")
    assert _test_module_imports(planted) == ["tests.integration.test_app"]


# A deadline is allowed only in the one polling loop, in the terminal conversation, which
# reads a pseudo-terminal rather than polling a condition, and in the /proc poller that runs as
# another user (a standalone script: it cannot import the tests).
DEADLINES_ALLOWED = {
    "fixtures/wait.py",
    "integration/test_credentials_e2e.py",
    "integration/test_url_off_argv.py",
}
# built from parts so that this file does not match itself
HAND_WRITTEN_WAITS = (" ".join(("time.monotonic()", "+")), ".".join(("threading.Event()", "wait(")))


def test_polling_goes_through_wait_until() -> None:
    hand_written = sorted(
        f"{rel}:{number}"
        for p in TESTS.rglob("*.py")
        if (rel := str(p.relative_to(TESTS))) not in DEADLINES_ALLOWED
        for number, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if any(pattern in line for pattern in HAND_WRITTEN_WAITS)
    )
    assert hand_written == [], f"use tests.fixtures.wait.wait_until instead: {hand_written}"
