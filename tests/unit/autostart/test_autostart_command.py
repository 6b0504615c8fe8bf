"""The command start-at-login records: what is running now, absolute, plus ``run``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from studio_tray import __version__
from studio_tray.autostart import start_command


def none(_name: str) -> str | None:
    return None


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    return path


def test_this_process_records_the_venv_console_script():
    assert start_command() == [str(Path(sys.executable).absolute().parent / "studio-tray"), "run"]


def test_a_frozen_app_records_its_own_executable(tmp_path: Path):
    exe = tmp_path / "Studio Tray" / "studio-tray"
    assert start_command(frozen=True, executable=str(exe)) == [str(exe), "run"]


def test_console_script_next_to_the_interpreter_wins(tmp_path: Path):
    script = touch(tmp_path / "my venv" / "bin" / "studio-tray")
    got = start_command(frozen=False, executable=str(script.parent / "python"), which=none)
    assert got == [str(script), "run"]


def test_windows_looks_for_the_exe_launcher(tmp_path: Path):
    exe = touch(tmp_path / "Scripts" / "studio-tray.exe")
    got = start_command(
        frozen=False, executable=str(exe.parent / "python.exe"), which=none, windows=True
    )
    assert got == [str(exe), "run"]


def test_then_the_scripts_folder_then_path(tmp_path: Path):
    python = str(tmp_path / "py" / "python")
    script = touch(tmp_path / "scripts" / "studio-tray")
    got = start_command(frozen=False, executable=python, script_dirs=[str(script.parent)])
    assert got == [str(script), "run"]
    on_path = str(tmp_path / "on path" / "studio-tray")
    got = start_command(frozen=False, executable=python, script_dirs=[], which=lambda _: on_path)
    assert got == [on_path, "run"]


def test_last_resort_is_python_dash_m_and_it_works(tmp_path: Path):
    command = start_command(frozen=False, executable=sys.executable, script_dirs=[], which=none)
    assert command == [str(Path(sys.executable).absolute()), "-m", "studio_tray", "run"]
    done = subprocess.run([*command[:-1], "--version"], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == f"studio-tray {__version__}"


def test_relative_paths_become_absolute_without_resolving_symlinks(tmp_path: Path, monkeypatch):
    os.symlink("/usr/bin/python3", tmp_path / "python")
    monkeypatch.chdir(tmp_path)
    got = start_command(frozen=True, executable="python")
    assert got == [str(tmp_path / "python"), "run"]
    got = start_command(frozen=False, executable="python", script_dirs=[], which=lambda _: "st")
    assert got == [str(tmp_path / "st"), "run"]
