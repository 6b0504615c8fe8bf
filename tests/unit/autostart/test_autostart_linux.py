"""Start at login on Linux, for real: an XDG Autostart file in the test's own HOME."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studio_tray import __version__
from studio_tray.autostart import for_platform
from studio_tray.autostart.command import start_command
from studio_tray.autostart.desktop_exec import split_exec
from studio_tray.autostart.linux import FILE_NAME, XdgAutostart, read_entry
from tests.fixtures.env import need

VENV_SCRIPT = Path(sys.executable).parent / "studio-tray"
# Every character the Desktop Entry spec reserves, plus "%", which it doubles.
ODD_FOLDER = "my apps %u $HOME `id` \"q\" 'a' \\z ~#;&|<>()*?"


def launcher_in(folder: Path) -> Path:
    """A working copy of the installed ``studio-tray`` script inside ``folder``."""
    need(VENV_SCRIPT.is_file(), "the studio-tray console script is installed next to python")
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "studio-tray"
    shutil.copy2(VENV_SCRIPT, copy)
    return copy


def backend_running(script: Path) -> XdgAutostart:
    """A backend whose recorded command is ``script``, found as if python ran next to it."""
    return XdgAutostart(command=lambda: start_command(executable=str(script.parent / "python")))


def exec_argv(desktop: Path) -> list[str]:
    return split_exec(read_entry(desktop.read_text(encoding="utf-8"))["Exec"])


def validate(desktop: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    need(tool is not None, "desktop-file-validate (desktop-file-utils) is installed")
    done = subprocess.run([tool, str(desktop)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def run_with_version(argv: list[str]) -> str:
    assert argv[-1] == "run"
    done = subprocess.run([*argv[:-1], "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def gio_launch_with_version(desktop: Path, tmp_path: Path) -> str:
    """Start the entry the way GNOME's session does (GLib's desktop-file launcher)."""
    gio = shutil.which("gio")
    need(gio is not None, "gio (libglib2.0-bin) is installed")
    text = desktop.read_text(encoding="utf-8")
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" run")
    copy = tmp_path / "version-check.desktop"
    copy.write_text(text.replace(exec_line, exec_line[: -len("run")] + "--version"))
    done = subprocess.run([gio, "launch", str(copy)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_default_backend_on_linux_writes_into_xdg_config_home(isolated_env: dict[str, Path]):
    backend = for_platform("linux")
    assert isinstance(backend, XdgAutostart)
    assert backend.path == isolated_env["home"] / ".config" / "autostart" / FILE_NAME


def test_enable_writes_a_valid_entry_that_starts_the_app(tmp_path: Path):
    backend = XdgAutostart()
    assert not backend.is_enabled() and backend.describe().state == "disabled"
    message = backend.enable()
    assert str(backend.path) in message
    validate(backend.path)
    argv = exec_argv(backend.path)
    assert argv == start_command() and Path(argv[0]).is_absolute()
    assert run_with_version(argv) == f"studio-tray {__version__}"
    assert gio_launch_with_version(backend.path, tmp_path) == f"studio-tray {__version__}"


@pytest.mark.parametrize("folder", ["Program Files", ODD_FOLDER])
def test_program_path_with_spaces_and_reserved_characters(tmp_path: Path, folder: str):
    script = launcher_in(tmp_path / folder / "bin")
    backend = backend_running(script)
    backend.enable()
    validate(backend.path)
    argv = exec_argv(backend.path)
    assert argv[-2:] == [str(script), "run"]
    status = backend.describe()
    assert status.state == "enabled" and status.command == (str(script), "run")
    if "%" in str(script):
        assert argv[0] == "/usr/bin/env"  # see linux.ENV
    assert run_with_version(argv) == f"studio-tray {__version__}"
    assert gio_launch_with_version(backend.path, tmp_path) == f"studio-tray {__version__}"


def test_status_and_disable_agree():
    backend = XdgAutostart()
    assert backend.disable() is False
    backend.enable()
    status = backend.describe()
    assert (status.state, status.enabled, backend.is_enabled()) == ("enabled", True, True)
    assert status.location == str(backend.path) and backend.path.is_file()
    assert backend.disable() is True
    assert not backend.path.exists() and not backend.is_enabled()
    assert backend.describe().state == "disabled"
    assert backend.disable() is False


def test_a_moved_program_is_reported_broken_and_enable_repairs_it(tmp_path: Path):
    script = launcher_in(tmp_path / "old place")
    backend_running(script).enable()
    script.unlink()
    backend = XdgAutostart()
    status = backend.describe()
    assert status.state == "broken" and backend.is_enabled()
    assert status.problem == f"{script} no longer exists"
    assert "run `studio-tray autostart enable` to repair" in str(status)
    backend.enable()
    assert backend.describe().state == "enabled"
    assert exec_argv(backend.path) == start_command()


@pytest.mark.parametrize(
    ("extra", "state"),
    [("Hidden=true", "disabled"), ("X-GNOME-Autostart-enabled=false", "disabled")],
)
def test_entries_turned_off_by_the_desktop_count_as_disabled(extra: str, state: str):
    backend = XdgAutostart()
    backend.enable()
    text = backend.path.read_text().replace("X-GNOME-Autostart-enabled=true\n", "")
    backend.path.write_text(text + extra + "\n")
    assert backend.describe().state == state and not backend.is_enabled()
    backend.enable()
    assert backend.is_enabled()


def test_unparseable_exec_is_broken():
    backend = XdgAutostart()
    backend.path.parent.mkdir(parents=True)
    backend.path.write_text('[Desktop Entry]\nType=Application\nName=x\nExec="/bin/true run\n')
    assert backend.describe().state == "broken"


def test_xdg_config_home_is_honoured_and_falls_back_when_unset_or_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_env: dict[str, Path]
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    assert XdgAutostart().path == tmp_path / "elsewhere" / "autostart" / FILE_NAME
    XdgAutostart().enable()
    assert (tmp_path / "elsewhere" / "autostart" / FILE_NAME).is_file()
    for value in ("", "relative/dir"):
        monkeypatch.setenv("XDG_CONFIG_HOME", value)
        assert XdgAutostart().path == isolated_env["home"] / ".config" / "autostart" / FILE_NAME
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert XdgAutostart().path == isolated_env["home"] / ".config" / "autostart" / FILE_NAME


def test_written_file_is_readable_by_others_but_not_executable():
    backend = XdgAutostart()
    backend.enable()
    assert backend.path.stat().st_mode & 0o777 == 0o644
    assert not [p for p in os.listdir(backend.path.parent) if p != FILE_NAME]
