"""Packaging: icons, the trimmed botocore data, frozen self-launch, the Windows console, a build.

The full build (``packaging/check-build``: PyInstaller, then the executable run outside the repo
against the emulator and a real Secret Service) takes a minute; CI runs it as its own step, so
here it runs only with ``STUDIO_TRAY_TEST_BUILD=1``.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import io
import os
import re
import subprocess
import sys
import time
import types
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

from studio_tray import browser, dialogs, frozen, winconsole

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def _load_build_script() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("studio_tray_build", str(PACKAGING / "build"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_the_build_makes_ico_and_icns_icons_from_the_assets(tmp_path: Path):
    ico, icns = _load_build_script().make_icons(tmp_path)
    with Image.open(ico) as image:
        assert image.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(image.info["sizes"])
    with Image.open(icns) as image:
        assert image.format == "ICNS"
        assert {(512, 512, 2), (128, 128, 1)} <= set(image.info["sizes"])
        image.load()
        assert image.getbbox() is not None  # not an empty picture


def _hook_services() -> set[str]:
    tree = ast.parse((PACKAGING / "hooks" / "hook-botocore.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "SERVICES":
            return set(ast.literal_eval(node.value))
    raise AssertionError("hook-botocore.py has no SERVICES")


def test_the_trimmed_botocore_data_keeps_every_service_the_app_calls():
    called = set()
    pattern = re.compile(r"""\.client\(\s*["']([a-z0-9-]+)["']""")
    for path in (ROOT / "studio_tray").rglob("*.py"):
        called.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert "sagemaker" in called  # the pattern still finds the app's clients
    # The SSO and sign-in services are called by botocore's own credential providers.
    assert called | {"sso", "sso-oidc", "signin"} <= _hook_services()


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


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("STUDIO_TRAY_TEST_BUILD") != "1",
    reason="builds the executable (about a minute); set STUDIO_TRAY_TEST_BUILD=1 "
    "(CI runs packaging/check-build as its own step)",
)
def test_the_built_executable_works_outside_the_repo():
    done = subprocess.run(
        ["bash", str(PACKAGING / "check-build")],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "check-build: all checks passed" in done.stdout
    assert "the URL answered 200" in done.stdout


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
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().endswith("END\n"):
            return path.read_text()
        time.sleep(0.05)
    raise AssertionError(f"{path} was not written")


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
    assert "ARG=https://example.com/y" in seen
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
    assert "ARG=https://example.com/z" in seen
    assert str(bundle) not in seen


class _Recorder:
    """Stands in for PyInstaller's build targets (Analysis, EXE, BUNDLE...) in the spec."""

    def __init__(self) -> None:
        self.calls: dict[str, list[dict[str, object]]] = {}

    def target(self, name: str):
        def build(*args: object, **kwargs: object) -> object:
            self.calls.setdefault(name, []).append({"args": args, **kwargs})
            return types.SimpleNamespace(scripts=[], binaries=[], datas=[], pure=[])

        return build


def _run_spec(platform: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[dict]]:
    try:
        import PyInstaller.utils.hooks  # noqa: F401
    except ImportError:  # no build extra: the spec only needs this one helper from it
        hooks = types.ModuleType("PyInstaller.utils.hooks")
        hooks.collect_submodules = lambda name, **_: [name]  # type: ignore[attr-defined]
        for name in ("PyInstaller", "PyInstaller.utils"):
            monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
        monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    recorder = _Recorder()
    namespace = {"SPECPATH": str(PACKAGING), "__name__": "spec"}
    for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        namespace[name] = recorder.target(name)
    code = compile((PACKAGING / "studio-tray.spec").read_text(), "studio-tray.spec", "exec")
    real_platform = sys.platform
    sys.platform = platform  # the spec branches on it; restored before anything else runs
    try:
        exec(code, namespace)
    finally:
        sys.platform = real_platform
    return recorder.calls


def test_the_spec_makes_a_menu_bar_app_on_macos(monkeypatch: pytest.MonkeyPatch):
    from studio_tray.autostart.macos import LABEL

    calls = _run_spec("darwin", monkeypatch)
    (bundle,) = calls["BUNDLE"]
    assert bundle["name"] == "Studio Tray.app"
    assert bundle["bundle_identifier"] == LABEL
    assert str(bundle["icon"]).endswith(".icns")
    assert bundle["info_plist"]["LSUIElement"] is True
    (exe,) = calls["EXE"]
    assert exe["console"] is False
    excludes = calls["Analysis"][0]["excludes"]
    assert "pystray._darwin" not in excludes and "pystray._gtk" in excludes


def test_the_spec_makes_a_windowed_exe_with_an_icon_on_windows(monkeypatch: pytest.MonkeyPatch):
    calls = _run_spec("win32", monkeypatch)
    assert "BUNDLE" not in calls
    (exe,) = calls["EXE"]
    assert exe["name"] == "studio-tray"
    assert exe["console"] is False
    assert str(exe["icon"]).endswith("studio-tray.ico")


def test_the_spec_makes_one_console_file_on_linux(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("STUDIO_TRAY_ONEDIR", raising=False)
    calls = _run_spec("linux", monkeypatch)
    (exe,) = calls["EXE"]
    assert exe["console"] is True
    assert "COLLECT" not in calls  # binaries and data inside the one file
    analysis = calls["Analysis"][0]
    hidden = analysis["hiddenimports"]
    assert "studio_tray.commands.doctor" in hidden or hidden == ["studio_tray"]  # stub helper
    assert {"pytest", "hypothesis", "awscli", "numpy"} <= set(analysis["excludes"])
    assert "tkinter" not in analysis["excludes"]
