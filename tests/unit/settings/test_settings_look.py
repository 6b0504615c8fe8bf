"""The settings window's look, decided from what is there: the ttk theme from the themes ttk
offers, the scaling from Xft.dpi or GDK_SCALE."""

from __future__ import annotations

import pytest

from studio_tray.settings.look import choose_theme, desktop_dpi, tk_scaling, xft_dpi

LINUX = ("clam", "alt", "default", "classic")
WINDOWS = ("winnative", "clam", "alt", "default", "classic", "vista", "xpnative")
WINDOWS_NO_VISTA = ("winnative", "clam", "alt", "default", "classic", "xpnative")
MACOS = ("aqua", "clam", "alt", "default", "classic")


@pytest.mark.parametrize(
    ("offered", "theme"),
    [
        (LINUX, "clam"),
        (WINDOWS, "vista"),
        (WINDOWS_NO_VISTA, "winnative"),
        (MACOS, "aqua"),
        (("default", "classic"), None),  # nothing better than ttk's default
    ],
)
def test_the_theme_is_the_platform_one_ttk_offers_else_clam(
    offered: tuple[str, ...], theme: str | None
) -> None:
    assert choose_theme(offered) == theme


def test_xft_dpi_is_read_from_the_resource_database() -> None:
    assert xft_dpi("Xcursor.size:\t24\nXft.dpi:\t144\nXft.antialias:\t1\n") == 144.0
    assert xft_dpi("Xcursor.size: 24\n") is None
    assert xft_dpi("Xft.dpi: lots\n") is None
    assert xft_dpi("") is None


def test_the_desktop_dpi_prefers_xft_then_gdk_scale() -> None:
    assert desktop_dpi(192.0, {"GDK_SCALE": "2"}) == 192.0  # Xft.dpi already holds the scale
    assert desktop_dpi(None, {"GDK_SCALE": "2"}) == 192.0
    assert desktop_dpi(None, {"GDK_SCALE": "2", "GDK_DPI_SCALE": "0.75"}) == 144.0
    assert desktop_dpi(None, {"GDK_SCALE": "two"}) is None
    assert desktop_dpi(None, {}) is None  # nothing says: Tk's own


def test_tk_scaling_is_pixels_per_point_within_bounds() -> None:
    assert tk_scaling(96.0) == pytest.approx(96 / 72)
    assert tk_scaling(192.0) == pytest.approx(192 / 72)
    assert tk_scaling(10_000.0) == pytest.approx(480 / 72)
    assert tk_scaling(1.0) == pytest.approx(48 / 72)
    assert tk_scaling(None) is None
