"""The layering rules of ARCHITECTURE.md, checked on every run by walking studio_tray's AST.

1. Toolkits (pystray, pynput, Tk, gi, Xlib, winreg, AppKit/Quartz...) are imported only in the
   edge packages.
2. The core never imports an edge or the wiring; an edge never imports the wiring.
3. No import cycles between modules, type-only imports included.

The checker runs on planted trees too, so a rule that stopped catching anything would fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "studio_tray"

TOOLKITS = frozenset(
    {"pystray", "pynput", "tkinter", "_tkinter", "gi", "Xlib", "winreg"}
    | {"AppKit", "Quartz", "Foundation", "HIServices", "objc", "PyObjCTools"}
)
EDGES = frozenset({"tray", "hotkeys", "picker", "autostart", "system", "settings"})
WIRING = frozenset({"__main__", "cli", "app", "demo", "runtime", "commands", "doctor"})
CORE_PACKAGES = frozenset({"config", "aws", "discovery", "handoff", "spaces", "emulator"})
# Everything else is core too: model, errors, api_rules, paths, logs, atomic.
# Pure modules that live in an edge package for a newcomer to find them, held to the core's rules.
PURE_IN_EDGES = frozenset({"hotkeys.combo"})


@dataclass(frozen=True)
class Import:
    """One import: who imports what, and on which line."""

    importer: str
    target: str  # a module of the package ("config.read") or an external top-level name
    line: int
    internal: bool


def layer(module: str) -> str:
    """``edge``, ``wiring`` or ``core``."""
    room = module.split(".")[0]
    if module in PURE_IN_EDGES:
        return "core"
    if room in EDGES:
        return "edge"
    if room in WIRING:
        return "wiring"
    return "core"


def modules(root: Path) -> dict[str, Path]:
    """Dotted module name (no package prefix; a package by its own name) -> file."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1] or ["__init__"]
        found[".".join(parts)] = path
    return found


def imports(root: Path) -> Iterator[Import]:
    """Every import in the package, wherever it stands (functions, TYPE_CHECKING blocks)."""
    known = modules(root)
    for name, path in known.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        if name == "__init__":
            package = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield _resolve(name, alias.name.split("."), node.lineno, root.name, known)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - node.level + 1]
                    dotted = [root.name, *base, *(node.module or "").split(".")]
                    dotted = [d for d in dotted if d]
                else:
                    dotted = (node.module or "").split(".")
                for alias in node.names:
                    # ``from pkg import module`` depends on the module, not on the package face.
                    sub = [*dotted, alias.name]
                    named = ".".join(sub[1:])
                    target = sub if dotted[0] == root.name and named in known else dotted
                    yield _resolve(name, target, node.lineno, root.name, known)


def _resolve(importer: str, dotted: list[str], line: int, prefix: str, known: dict) -> Import:
    if dotted[0] != prefix:
        return Import(importer, dotted[0], line, internal=False)
    target = ".".join(dotted[1:]) or "__init__"
    while target not in known and "." in target:
        target = target.rsplit(".", 1)[0]
    return Import(importer, target, line, internal=True)


def violations(root: Path) -> list[str]:
    """Every broken rule, one line each (``file:line: what``)."""
    found = modules(root)
    problems = []
    graph: dict[str, set[str]] = {name: set() for name in found}
    for imp in imports(root):
        where = f"{found[imp.importer].relative_to(root.parent)}:{imp.line}"
        if not imp.internal:
            if imp.target in TOOLKITS and layer(imp.importer) != "edge":
                problems.append(f"{where}: {imp.target} imported outside the edges")
            continue
        if imp.target == imp.importer:
            continue
        graph[imp.importer].add(imp.target)
        mine, theirs = layer(imp.importer), layer(imp.target)
        if mine == "core" and theirs != "core":
            problems.append(f"{where}: core module imports {theirs} {imp.target}")
        if mine == "edge" and theirs == "wiring":
            problems.append(f"{where}: edge module imports wiring {imp.target}")
    problems += [f"import cycle: {' -> '.join(c)}" for c in cycles(graph)]
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def test_the_package_keeps_the_layering() -> None:
    assert violations(PACKAGE) == []


def test_the_top_level_keeps_only_the_shared_modules() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 12, top


def test_every_subpackage_is_a_known_room() -> None:
    rooms = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert rooms <= EDGES | WIRING | CORE_PACKAGES, rooms - (EDGES | WIRING | CORE_PACKAGES)


def plant(root: Path, files: dict[str, str]) -> Path:
    pkg = root / "studio_tray"
    for name, text in {"__init__.py": "", **files}.items():
        path = pkg / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return pkg


PLANTED = [
    (
        {"config/__init__.py": "", "config/read.py": "import pynput\n"},
        "studio_tray/config/read.py:1: pynput imported outside the edges",
    ),
    (
        {"aws/__init__.py": "", "aws/x.py": "def f():\n    from gi.repository import Gtk\n"},
        "studio_tray/aws/x.py:2: gi imported outside the edges",
    ),
    (
        {
            "config/__init__.py": "",
            "config/fields.py": "from studio_tray.hotkeys import listener\n",
            "hotkeys/__init__.py": "",
            "hotkeys/listener.py": "",
        },
        "studio_tray/config/fields.py:1: core module imports edge hotkeys.listener",
    ),
    (
        {"tray/__init__.py": "", "tray/x.py": "from studio_tray import app\n", "app.py": ""},
        "studio_tray/tray/x.py:1: edge module imports wiring app",
    ),
    (
        {
            "a.py": "import typing\nif typing.TYPE_CHECKING:\n    from studio_tray.b import B\n",
            "b.py": "from studio_tray import a\n",
        },
        "import cycle: a -> b",
    ),
    (
        {
            "emulator/__init__.py": "",
            "emulator/core.py": "from . import dispatch\n",
            "emulator/dispatch.py": "from .core import Emulator\n",
        },
        "import cycle: emulator.core -> emulator.dispatch",
    ),
]


@pytest.mark.parametrize(("files", "expected"), PLANTED)
def test_a_planted_violation_is_caught(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    assert expected in violations(plant(tmp_path, files))


def test_allowed_imports_pass(tmp_path: Path) -> None:
    pkg = plant(
        tmp_path,
        {
            "config/__init__.py": "from studio_tray.config import read\n",
            "config/read.py": "import tomllib\nfrom studio_tray import errors\n",
            "errors.py": "",
            "tray/__init__.py": "",
            "tray/icon.py": "import pystray\nfrom studio_tray.config import read\n",
            "hotkeys/__init__.py": "",
            "hotkeys/combo.py": "from studio_tray import errors\n",
            "app.py": "from studio_tray.tray import icon\nfrom studio_tray.hotkeys import combo\n",
        },
    )
    assert violations(pkg) == []
