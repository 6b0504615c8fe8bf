"""Start at login on macOS, tested on any OS: the LaunchAgent plist in the test's HOME."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

from studio_tray import __version__
from studio_tray.autostart import for_platform
from studio_tray.autostart.macos import LABEL, LaunchAgent
from tests.fixtures.env import need

VENV_SCRIPT = Path(sys.executable).parent / "studio-tray"


def launcher_in(folder: Path) -> Path:
    need(VENV_SCRIPT.is_file(), "the studio-tray console script is installed next to python")
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(VENV_SCRIPT, folder / "studio-tray"))


def test_enable_writes_a_launch_agent_that_starts_the_app(
    tmp_path: Path, isolated_env: dict[str, Path]
):
    script = launcher_in(tmp_path / "Studio Tray.app" / "Contents" / "MacOS")
    backend = LaunchAgent(command=lambda: [str(script), "run"])
    expected = isolated_env["home"] / "Library" / "LaunchAgents" / f"{LABEL}.plist"
    assert backend.path == expected
    assert backend.describe().state == "disabled" and not backend.is_enabled()
    assert str(expected) in backend.enable()
    with expected.open("rb") as handle:
        agent = plistlib.load(handle)
    assert agent["Label"] == LABEL == expected.stem
    assert agent["ProgramArguments"] == [str(script), "run"]
    assert agent["RunAtLoad"] is True
    argv = [*agent["ProgramArguments"][:-1], "--version"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == f"studio-tray {__version__}"


def test_status_and_disable_agree(tmp_path: Path):
    script = launcher_in(tmp_path / "bin")
    backend = LaunchAgent(command=lambda: [str(script), "run"])
    backend.enable()
    status = backend.describe()
    assert (status.state, backend.is_enabled()) == ("enabled", True)
    assert status.location == str(backend.path) and status.command == (str(script), "run")
    assert backend.disable() is True and not backend.path.exists()
    assert backend.describe().state == "disabled" and not backend.is_enabled()
    assert backend.disable() is False


def test_a_moved_app_is_broken_and_enable_repairs_it(tmp_path: Path):
    old = launcher_in(tmp_path / "old")
    new = launcher_in(tmp_path / "new")
    LaunchAgent(command=lambda: [str(old), "run"]).enable()
    old.unlink()
    backend = LaunchAgent(command=lambda: [str(new), "run"])
    status = backend.describe()
    assert status.state == "broken" and status.problem == f"{old} no longer exists"
    assert "to repair" in str(status) and backend.is_enabled()
    backend.enable()
    assert backend.describe().state == "enabled"


def test_odd_plists(tmp_path: Path):
    script = launcher_in(tmp_path / "bin")
    backend = LaunchAgent(command=lambda: [str(script), "run"])
    backend.enable()
    agent = plistlib.loads(backend.path.read_bytes())
    backend.path.write_bytes(plistlib.dumps({**agent, "Disabled": True}))
    assert backend.describe().state == "disabled"
    backend.path.write_bytes(plistlib.dumps({**agent, "RunAtLoad": False}))
    assert backend.describe().state == "broken"
    backend.path.write_bytes(b"not a plist")
    assert backend.describe().state == "broken"
    backend.enable()
    assert backend.describe().state == "enabled"


def test_for_platform_picks_the_launch_agent_on_macos():
    assert isinstance(for_platform("darwin"), LaunchAgent)
