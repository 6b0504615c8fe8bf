"""The environment for programs a packaged (PyInstaller) studio-tray starts: the browser, xdg-open.

A frozen app runs with variables pointing into its unpacked bundle: ``LD_LIBRARY_PATH`` (its
own GTK, GLib, OpenSSL...), ``GI_TYPELIB_PATH``, ``GTK_PATH``, ``GDK_PIXBUF_MODULE_FILE``,
``TCL_LIBRARY``, the bootloader's ``_PYI_*``. A browser started with them loads the bundle's
libraries instead of its own (and fails when they are older than the system's), and a one-file
build deletes that folder when it exits while the browser keeps running. Programs we start get
the environment the user gave us: PyInstaller's ``*_ORIG`` values restored, the bundle's entries
removed. Our own child processes (picker, prompt) set their variables again at start-up.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

_ORIG_SUFFIX = "_ORIG"
_BOOTLOADER_PREFIX = "_PYI_"


def bundle_dir() -> str | None:
    """The folder the frozen app runs from (``sys._MEIPASS``), or None when not frozen."""
    if not getattr(sys, "frozen", False):
        return None
    return getattr(sys, "_MEIPASS", None)


def host_environ(environ: Mapping[str, str], bundle: str) -> dict[str, str]:
    """``environ`` without what points into ``bundle`` (pure: the seam tests use)."""
    bundle = bundle.rstrip("/\\")
    clean: dict[str, str] = {}
    for key, value in environ.items():
        if key.startswith(_BOOTLOADER_PREFIX) or key.endswith(_ORIG_SUFFIX):
            continue
        if key + _ORIG_SUFFIX in environ:
            clean[key] = environ[key + _ORIG_SUFFIX]
            continue
        kept = [p for p in value.split(os.pathsep) if not _inside(p, bundle)]
        if len(kept) == len(value.split(os.pathsep)):
            clean[key] = value
        elif any(kept):
            clean[key] = os.pathsep.join(kept)
    return clean


def child_env() -> dict[str, str] | None:
    """The ``env=`` for starting another program: None (inherit) unless frozen."""
    bundle = bundle_dir()
    return None if bundle is None else host_environ(os.environ, bundle)


def _inside(path: str, bundle: str) -> bool:
    return path == bundle or path.startswith((bundle + "/", bundle + "\\"))
