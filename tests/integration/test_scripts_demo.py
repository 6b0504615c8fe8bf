"""``bash scripts/demo`` as a newcomer runs it: no pip install when nothing changed, and the way
to call ``studio-tray`` (not on PATH) printed at the end."""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

from tests.fixtures.env import REPO


def _demo_print() -> tuple[str, int]:
    proc = subprocess.Popen(
        ["bash", "scripts/demo", "--print", "Demo - alice - lab"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        with urllib.request.urlopen(url, timeout=10) as page:
            assert page.status == 200
        _, err = proc.communicate(timeout=60)
        return err, proc.returncode
    finally:
        proc.kill()


def test_a_second_run_skips_pip_and_says_how_to_call_studio_tray() -> None:
    _demo_print()  # may install (a fresh checkout); the next run must not
    err, code = _demo_print()
    assert code == 0, err
    assert "== .venv is up to date (pyproject.toml unchanged): skipping pip install" in err
    assert "pip install -e" not in err
    assert f"studio-tray is installed in {REPO}/.venv/bin (not on your PATH)" in err
    assert ".venv/bin/studio-tray ...   or first: source .venv/bin/activate" in err


def _current(folder: Path, spec: str) -> bool:
    script = f'source "{REPO}/scripts/_setup.sh"; install_is_current "{spec}"'
    return subprocess.run(["bash", "-c", script], cwd=folder).returncode == 0


def test_the_install_stamp_follows_pyproject_and_extras(tmp_path: Path) -> None:
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    launcher = tmp_path / ".venv" / "bin" / "studio-tray"
    launcher.write_text("#!/bin/sh\n")
    launcher.chmod(0o755)
    assert not _current(tmp_path, ".[gtk]")  # never installed
    digest = subprocess.run(
        ["sha256sum", "pyproject.toml"], cwd=tmp_path, capture_output=True, text=True
    ).stdout.split()[0]
    (tmp_path / ".venv" / ".studio-tray-installed").write_text(f"{digest} test,gtk,build\n")
    assert _current(tmp_path, ".[gtk]")
    assert _current(tmp_path, ".[test,gtk,build]")
    assert not _current(tmp_path, ".[gtk,docs]")  # an extra not installed yet
    with (tmp_path / "pyproject.toml").open("a") as handle:
        handle.write("\n# a changed dependency\n")
    assert not _current(tmp_path, ".[gtk]")
