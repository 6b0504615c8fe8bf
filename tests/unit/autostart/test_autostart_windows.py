"""Start at login on Windows, tested on any OS through the registry seam."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio_tray.autostart import AutostartError, for_platform
from studio_tray.autostart.wincmdline import join_command_line, split_command_line
from studio_tray.autostart.windows import (
    APPROVED_KEY,
    LOCATION,
    RUN_KEY,
    VALUE_NAME,
    RunKeyAutostart,
    winreg_value,
)


class FakeRegistry:
    """HKCU as a dict of keys, with the same call shape as ``winreg_value``."""

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, str | bytes]] = {}
        self.fail: OSError | None = None

    def __call__(self, action: str, key_path: str, data: str | None = None) -> str | bytes | None:
        if self.fail:
            raise self.fail
        values = self.keys.get(key_path, {})
        if action == "get":
            return values.get(VALUE_NAME)
        if action == "set":
            assert isinstance(data, str)
            self.keys.setdefault(key_path, {})[VALUE_NAME] = data
            return data
        return "deleted" if values.pop(VALUE_NAME, None) is not None else None

    def run_value(self) -> str | bytes | None:
        return self.keys.get(RUN_KEY, {}).get(VALUE_NAME)


def program_at(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "studio-tray.exe"
    exe.write_bytes(b"MZ")
    return exe


# Microsoft's "Parsing C command-line arguments" table, after a program name.
@pytest.mark.parametrize(
    ("line", "args"),
    [
        ('"a b c" d e', ["a b c", "d", "e"]),
        ('"ab\\"c" "\\\\" d', ['ab"c', "\\", "d"]),
        ('a\\\\\\b d"e f"g h', ["a\\\\\\b", "de fg", "h"]),
        ('a\\\\\\"b c d', ['a\\"b', "c", "d"]),
        ('a\\\\\\\\"b c" d e', ["a\\\\b c", "d", "e"]),
        ('a"b"" c d', ['ab" c d']),
    ],
)
def test_split_follows_the_microsoft_table(line: str, args: list[str]):
    assert split_command_line(f"prog.exe {line}") == ["prog.exe", *args]


def test_program_name_is_taken_literally():
    line = '"C:\\Program Files\\studio tray\\studio-tray.exe" run'
    assert split_command_line(line) == ["C:\\Program Files\\studio tray\\studio-tray.exe", "run"]
    assert split_command_line("C:\\Tools\\st.exe run") == ["C:\\Tools\\st.exe", "run"]


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["C:\\Program Files\\st\\studio-tray.exe", "run"],
            '"C:\\Program Files\\st\\studio-tray.exe" run',
        ),
        (
            ["C:\\py\\python.exe", "-m", "studio_tray", "run"],
            "C:\\py\\python.exe -m studio_tray run",
        ),
        (
            ["C:\\a b\\p.exe", 'say "hi"', "C:\\x y\\"],
            '"C:\\a b\\p.exe" "say \\"hi\\"" "C:\\x y\\\\"',
        ),
    ],
)
def test_join_quotes_known_cases(argv: list[str], line: str):
    assert join_command_line(argv) == line
    assert split_command_line(line) == argv


WINDOWS_PATH = st.text(
    st.characters(blacklist_characters='"\x00', blacklist_categories=("Cs",)), min_size=1
).filter(lambda p: not p.endswith("\\") and p.strip(" \t") == p)
ARG = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)))


@given(WINDOWS_PATH, st.lists(ARG, max_size=4))
def test_join_then_split_round_trips(program: str, args: list[str]):
    argv = [program, *args]
    assert split_command_line(join_command_line(argv)) == argv


def test_enable_status_disable_agree(tmp_path: Path):
    exe = program_at(tmp_path / "Program Files" / "studio tray")
    registry = FakeRegistry()
    backend = RunKeyAutostart(registry=registry, command=lambda: [str(exe), "run"])
    assert backend.describe().state == "disabled" and not backend.is_enabled()
    message = backend.enable()
    assert LOCATION in message
    assert registry.run_value() == subprocess.list2cmdline([str(exe), "run"])
    assert registry.run_value() == f'"{exe}" run'
    status = backend.describe()
    assert status.state == "enabled" and status.command == (str(exe), "run")
    assert status.location == r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run\studio-tray"
    assert backend.is_enabled()
    assert backend.disable() is True and registry.run_value() is None
    assert backend.describe().state == "disabled" and backend.disable() is False


def test_a_removed_program_is_broken_and_enable_repairs_it(tmp_path: Path):
    old = program_at(tmp_path / "old")
    new = program_at(tmp_path / "new place")
    registry = FakeRegistry()
    RunKeyAutostart(registry=registry, command=lambda: [str(old), "run"]).enable()
    old.unlink()
    backend = RunKeyAutostart(registry=registry, command=lambda: [str(new), "run"])
    status = backend.describe()
    assert status.state == "broken" and status.problem == f"{old} no longer exists"
    assert backend.is_enabled()
    backend.enable()
    assert backend.describe().command == (str(new), "run")


def test_registry_errors_become_user_errors():
    registry = FakeRegistry()
    registry.fail = PermissionError(5, "Access is denied")
    backend = RunKeyAutostart(registry=registry, command=lambda: ["C:\\x.exe", "run"])
    with pytest.raises(AutostartError, match="cannot set .*Access is denied"):
        backend.enable()


def test_module_imports_everywhere_and_touches_winreg_only_when_called():
    assert isinstance(for_platform("win32"), RunKeyAutostart)
    try:
        import winreg  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError):
            winreg_value("get", RUN_KEY)
    else:
        pytest.skip("on Windows the real registry is not touched by tests")


def test_turned_off_in_task_manager_counts_as_disabled_and_enable_turns_it_on(tmp_path: Path):
    exe = program_at(tmp_path / "bin")
    registry = FakeRegistry()
    backend = RunKeyAutostart(registry=registry, command=lambda: [str(exe), "run"])
    backend.enable()
    registry.keys[APPROVED_KEY] = {VALUE_NAME: bytes([3]) + bytes(11)}
    assert backend.describe().state == "disabled" and not backend.is_enabled()
    registry.keys[APPROVED_KEY] = {VALUE_NAME: bytes([2]) + bytes(11)}
    assert backend.describe().state == "enabled"
    registry.keys[APPROVED_KEY] = {VALUE_NAME: bytes([3]) + bytes(11)}
    backend.enable()
    assert backend.is_enabled() and registry.keys[APPROVED_KEY] == {}
