"""Packaging: the spec per OS, icons, the trimmed botocore data, and (opt-in) a real build.

The full build (``packaging/check-build``: PyInstaller, then the executable run outside the repo
against the emulator and a real Secret Service) takes a minute; ``scripts/test`` (CI) runs it as
its own step after pytest, so it is not a test here.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import re
import sys
import types
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

from tests.fixtures.env import REPO

PACKAGING = REPO / "packaging"


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
    for path in (REPO / "studio_tray").rglob("*.py"):
        called.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert "sagemaker" in called  # the pattern still finds the app's clients
    # The SSO and sign-in services are called by botocore's own credential providers.
    assert called | {"sso", "sso-oidc", "signin"} <= _hook_services()


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
