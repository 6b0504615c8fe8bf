"""Frozen (PyInstaller) behaviour at run time: self-launch, the Windows console, the environment.

These run in the venv, pretending to be frozen through ``sys.frozen``/``sys._MEIPASS`` and the
variables PyInstaller sets; packaging/check-build checks the same with the real executable.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from studio_tray.system import browser, dialogs, frozen, winconsole
from tests.fixtures.browser import target_url
from tests.fixtures.wait import wait_until


def test_a_frozen_app_starts_its_picker_and_prompt_from_its_own_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    exe = tmp_path / "dist" / "studio-tray"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    config = tmp_path / "c.toml"
    assert dialogs.self_command("picker", config=config) == [
        str(exe),
        "--config",
        str(config),
        "picker",
    ]
    assert dialogs.self_command("prompt")[0] == str(exe)


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        ([], False),
        (["run"], False),
        (["--config", "list", "run"], False),  # "list" is the config path here
        (["demo"], False),
        (["demo", "--print", "x"], True),
        (["run", "--help"], True),
        (["--debug", "run"], True),
        (["--version"], True),
        (["list"], True),
        (["--config", "c.toml", "open", "x", "--print"], True),
        (["doctor"], True),
    ],
)
def test_only_cli_verbs_attach_to_the_terminal(argv: list[str], wanted: bool):
    assert winconsole.wants_console(argv) is wanted


class _Console:
    def __init__(self, attached: bool = True) -> None:
        self.attached = attached
        self.attach_calls = 0
        self.opened: list[tuple[str, str]] = []

    def attach(self) -> bool:
        self.attach_calls += 1
        return self.attached

    def open(self, name: str, mode: str) -> io.StringIO:
        self.opened.append((name, mode))
        return io.StringIO()


def test_a_windowed_windows_build_reopens_its_missing_streams_on_the_console(
    monkeypatch: pytest.MonkeyPatch,
):
    console = _Console()
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    stdin = sys.stdin
    assert winconsole.ensure_console(
        ["list"], platform="win32", attach=console.attach, open_console=console.open
    )
    assert console.opened == [("CONOUT$", "w"), ("CONOUT$", "w")]
    assert isinstance(sys.stdout, io.StringIO)
    assert isinstance(sys.stderr, io.StringIO)
    assert sys.stdin is stdin


@pytest.mark.parametrize(
    ("platform", "argv", "streams_missing", "attached", "attach_calls"),
    [
        ("linux", ["list"], True, True, 0),  # never outside Windows
        ("win32", ["run"], True, True, 0),  # the tray stays detached
        ("win32", ["list"], False, True, 0),  # a console build, or output redirected
        ("win32", ["list"], True, False, 1),  # started from Explorer: no parent console
    ],
)
def test_the_console_is_left_alone_otherwise(
    monkeypatch: pytest.MonkeyPatch,
    platform: str,
    argv: list[str],
    streams_missing: bool,
    attached: bool,
    attach_calls: int,
):
    console = _Console(attached)
    if streams_missing:
        monkeypatch.setattr(sys, "stdout", None)
    before = sys.stdout
    done = winconsole.ensure_console(
        argv, platform=platform, attach=console.attach, open_console=console.open
    )
    assert done is False
    assert sys.stdout is before
    assert console.opened == []
    assert console.attach_calls == attach_calls


BUNDLE = "/tmp/_MEIabc123"
FROZEN_ENV = {
    "HOME": "/home/u",
    "DISPLAY": ":0",
    "PATH": "/usr/bin:/bin",
    "LD_LIBRARY_PATH": BUNDLE,
    "GI_TYPELIB_PATH": f"{BUNDLE}/gi_typelibs",
    "GDK_PIXBUF_MODULE_FILE": f"{BUNDLE}/lib/gdk-pixbuf/loaders.cache",
    "XDG_DATA_DIRS": f"{BUNDLE}/share:/usr/local/share/:/usr/share/",
    "TCL_LIBRARY": f"{BUNDLE}/_tcl_data",
    "_PYI_APPLICATION_HOME_DIR": BUNDLE,
    "_PYI_PARENT_PROCESS_LEVEL": "1",
}


def test_programs_a_frozen_app_starts_get_the_users_environment_back():
    clean = frozen.host_environ(FROZEN_ENV, BUNDLE)
    assert clean == {
        "HOME": "/home/u",
        "DISPLAY": ":0",
        "PATH": "/usr/bin:/bin",
        "XDG_DATA_DIRS": "/usr/local/share/:/usr/share/",
    }
    restored = frozen.host_environ({**FROZEN_ENV, "LD_LIBRARY_PATH_ORIG": "/opt/lib"}, BUNDLE + "/")
    assert restored["LD_LIBRARY_PATH"] == "/opt/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in restored


def _pretend_frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    bundle = tmp_path / "_MEIbundle"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", str(bundle))
    monkeypatch.setenv("GTK_PATH", str(bundle))
    monkeypatch.setenv("_PYI_APPLICATION_HOME_DIR", str(bundle))
    monkeypatch.delenv("BROWSER", raising=False)
    return bundle


def _wait_for(path: Path) -> str:
    def written() -> str:
        text = path.read_text() if path.exists() else ""
        return text if text.endswith("END\n") else ""

    return wait_until(written, timeout=10, what=f"{path} to be written")


def test_a_frozen_app_starts_the_browser_command_without_its_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    bundle = _pretend_frozen(monkeypatch, tmp_path)
    out = tmp_path / "browser-env.txt"
    browser.open_url("https://example.com/x", f"sh -c 'env > {out}; echo END >> {out}' {{url}}")
    seen = _wait_for(out)
    assert str(bundle) not in seen
    assert "_PYI_" not in seen
    assert f"HOME={os.environ['HOME']}" in seen


def test_a_frozen_linux_app_opens_the_default_browser_through_xdg_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    if not sys.platform.startswith("linux"):
        pytest.skip("xdg-open is the Linux default")
    bundle = _pretend_frozen(monkeypatch, tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    out = tmp_path / "xdg-open.txt"
    fake = bin_dir / "xdg-open"
    fake.write_text(f'#!/bin/sh\n{{ echo "ARG=$1"; env; echo END; }} > {out}\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    browser.open_url("https://example.com/y")
    seen = _wait_for(out)
    arg = next(line[4:] for line in seen.splitlines() if line.startswith("ARG="))
    assert target_url(arg) == "https://example.com/y"  # through the redirect page
    assert str(bundle) not in seen


def test_a_frozen_linux_app_honours_browser_without_leaking_its_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    if not sys.platform.startswith("linux"):
        pytest.skip("the frozen $BROWSER path is Linux's")
    bundle = _pretend_frozen(monkeypatch, tmp_path)
    out = tmp_path / "browser.txt"
    fake = tmp_path / "my browser"
    fake.write_text(f'#!/bin/sh\n{{ echo "ARG=$2"; env; echo END; }} > {out}\n')
    fake.chmod(0o755)
    monkeypatch.setenv("BROWSER", f"'{fake}' --new-tab %s:other-browser")
    browser.open_url("https://example.com/z")
    seen = _wait_for(out)
    arg = next(line[4:] for line in seen.splitlines() if line.startswith("ARG="))
    assert target_url(arg) == "https://example.com/z"  # through the redirect page
    assert str(bundle) not in seen
