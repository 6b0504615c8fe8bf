"""How the settings window looks: the ttk theme and the desktop's scaling.

The pure choices (``choose_theme``, ``xft_dpi``, ``desktop_dpi``, ``tk_scaling``) are decided
from what is there, never from the platform's name: the theme from what
``ttk.Style().theme_names()`` offers, the scaling from the X resource ``Xft.dpi`` (what GNOME,
KDE and Xfce set for their text scale) or ``GDK_SCALE``/``GDK_DPI_SCALE`` (neither: 96 dpi,
as GTK assumes). ``apply`` does it to a Tk root: ``tk scaling`` (pixels per point), the named
fonts in points so they follow it, and the window's size grown by the same factor; the
window's own distances are in points (``pt``) for the same reason.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tkinter as tk
    from collections.abc import Callable
    from tkinter import ttk

log = logging.getLogger(__name__)

# The platform's own look where ttk has it (macOS, then Windows), else clam (Linux).
THEME_PREFERENCE = ("aqua", "vista", "winnative", "clam")
BASE_DPI = 96.0  # what a scale of 1 means on X11 and Windows
MIN_DPI, MAX_DPI = 48.0, 480.0


def choose_theme(available: Iterable[str]) -> str | None:
    """The first of ``THEME_PREFERENCE`` that ttk offers; None: keep ttk's default."""
    offered = set(available)
    return next((name for name in THEME_PREFERENCE if name in offered), None)


def xft_dpi(resources: str) -> float | None:
    """``Xft.dpi`` from the X resource database's text (the root's RESOURCE_MANAGER)."""
    for line in resources.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip() in ("Xft.dpi", "*dpi"):
            try:
                dpi = float(value.strip())
            except ValueError:
                return None
            return dpi if dpi > 0 else None
    return None


def desktop_dpi(xft: float | None, env: Mapping[str, str]) -> float | None:
    """The desktop's text dpi: ``Xft.dpi`` when set (it already holds the desktop's scale),
    else 96 times ``GDK_SCALE`` and ``GDK_DPI_SCALE``; None when nothing says (Tk's own)."""
    if xft:
        return xft
    scale = 1.0
    said = False
    for name in ("GDK_SCALE", "GDK_DPI_SCALE"):
        text = env.get(name, "").strip()
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            continue
        if value > 0:
            scale *= value
            said = True
    return BASE_DPI * scale if said else None


def tk_scaling(dpi: float | None) -> float | None:
    """Tk's ``tk scaling`` (pixels per point) for ``dpi``, within sane bounds; None: leave it."""
    if dpi is None:
        return None
    return max(MIN_DPI, min(MAX_DPI, dpi)) / 72.0


def pt(pixels: float) -> str:
    """A Tk distance of ``pixels`` at 96 dpi, in points, so it grows with ``tk scaling``."""
    return f"{pixels * 72 / BASE_DPI:g}p"


def _resources(root: tk.Misc) -> str:
    # The X server's resource database, as xrdb -query would print it (no xrdb needed).
    try:
        from Xlib import X, Xatom
        from Xlib import display as xdisplay
    except ImportError:
        return ""
    try:
        shown = xdisplay.Display(root.winfo_screen())
    except Exception:  # noqa: BLE001 - no X connection: no resources
        return ""
    try:
        prop = shown.screen().root.get_full_property(Xatom.RESOURCE_MANAGER, X.AnyPropertyType)
        value = prop.value if prop is not None else b""
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    except Exception:  # noqa: BLE001 - a server without the property
        return ""
    finally:
        shown.close()


def apply(root: tk.Tk, width: int, height: int, env: Mapping[str, str] | None = None) -> float:
    """Theme and scaling for ``root`` (``width``x``height`` at scale 1); the size factor used."""
    import tkinter.font as tkfont
    from tkinter import ttk

    style = ttk.Style(root)
    theme = choose_theme(style.theme_names())
    if theme is not None and theme != style.theme_use():
        style.theme_use(theme)
    if str(root.tk.call("tk", "windowingsystem")) != "x11":
        return 1.0  # macOS and Windows scale Tk themselves
    # Nothing said: 96 dpi, as GTK assumes, rather than the X server's often made-up size.
    dpi = desktop_dpi(xft_dpi(_resources(root)), os.environ if env is None else env) or BASE_DPI
    scaling = tk_scaling(dpi) or BASE_DPI / 72
    root.tk.call("tk", "scaling", scaling)
    for name in tkfont.names(root):
        font = tkfont.nametofont(name, root=root)
        size = int(font.cget("size"))
        if size < 0:  # pixels: as points (at 96 dpi) they follow tk scaling
            font.configure(size=max(1, round(-size * 72 / BASE_DPI)))
    # Rows of the lists as tall as their text (ttk keeps a fixed height in pixels otherwise).
    line = tkfont.nametofont("TkDefaultFont", root=root).metrics("linespace")
    style.configure("Treeview", rowheight=round(line * 1.35))
    factor = scaling * 72 / BASE_DPI
    if factor != 1.0:
        w, h = round(width * factor), round(height * factor)
        x = max(0, (root.winfo_screenwidth() - w) // 2)
        y = max(0, (root.winfo_screenheight() - h) // 3)
        root.geometry(f"{w}x{h}+{x}+{y}")
    log.info("settings window: %.0f dpi, tk scaling %.2f", dpi, scaling)
    return factor


def form_footer(
    page: ttk.Frame,
    row: int,
    save: Callable[[], object],
    back: Callable[[], object],
    error: tk.StringVar,
    *,
    columnspan: int,
    wraplength: str,
    pady: int = 6,
) -> None:
    """A form's last two rows: Save and Back under the fields (column 1), then the line that
    shows what is wrong, across ``columnspan`` columns, wrapped at ``wraplength`` (a Tk
    distance such as ``pt(700)``)."""
    from tkinter import ttk

    buttons = ttk.Frame(page)
    buttons.grid(row=row, column=1, sticky="w", pady=(pady, 0))
    ttk.Button(buttons, text="Save", command=save).pack(side="left")
    ttk.Button(buttons, text="Back", command=back).pack(side="left", padx=6)
    ttk.Label(
        page, textvariable=error, style="Error.TLabel", wraplength=wraplength, justify="left"
    ).grid(row=row + 1, column=0, columnspan=columnspan, sticky="w", pady=(pady, 0))
