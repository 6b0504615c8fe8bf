"""Draw the tray icons (idle, busy, error) at every size into studio_tray/assets/.

Run: .venv/bin/python assets/make_icons.py

A rounded teal square with a white "S", ringed by a thin white line and a dark outline so it
reads on light and dark panels. Busy adds an amber dot with a white arrow, error a red badge
with a white "!". Each size is drawn at 8x and scaled down, so small sizes stay crisp.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
STATES = ("idle", "busy", "error")
OUT = Path(__file__).resolve().parent.parent / "studio_tray" / "assets"
SCALE = 8

TEAL = (0, 121, 107, 255)
DARK = (20, 24, 28, 255)
WHITE = (255, 255, 255, 255)
AMBER = (245, 158, 11, 255)
RED = (220, 38, 38, 255)


def base(size: int) -> Image.Image:
    """The idle icon at ``size`` * SCALE pixels."""
    big = size * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    outline = max(SCALE, big // 24)
    radius = big // 5
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius, fill=DARK)
    draw.rounded_rectangle(
        (outline, outline, big - 1 - outline, big - 1 - outline), radius=radius, fill=WHITE
    )
    inner = outline * 2
    draw.rounded_rectangle(
        (inner, inner, big - 1 - inner, big - 1 - inner), radius=radius - outline, fill=TEAL
    )
    font = ImageFont.load_default(size=int(big * 0.78))
    draw.text(
        (big / 2, big / 2 + big * 0.02),
        "S",
        font=font,
        fill=WHITE,
        anchor="mm",
        stroke_width=max(1, big // 64),
        stroke_fill=WHITE,
    )
    return img


def badge(img: Image.Image, color: tuple[int, int, int, int], mark: str) -> Image.Image:
    """``img`` with a round badge in the bottom-right corner holding ``mark``."""
    big = img.width
    draw = ImageDraw.Draw(img)
    r = big * 0.27
    cx = cy = big - r - 1
    ring = max(SCALE, big // 24)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=DARK)
    draw.ellipse((cx - r + ring, cy - r + ring, cx + r - ring, cy + r - ring), fill=color)
    if mark == "!":
        w = r * 0.22
        draw.rounded_rectangle(
            (cx - w / 2, cy - r * 0.55, cx + w / 2, cy + r * 0.15), radius=w / 2, fill=WHITE
        )
        draw.ellipse((cx - w / 2, cy + r * 0.3, cx + w / 2, cy + r * 0.3 + w), fill=WHITE)
    else:  # an arrow pointing right: "on its way"
        w = r * 0.2
        draw.rectangle((cx - r * 0.5, cy - w / 2, cx + r * 0.1, cy + w / 2), fill=WHITE)
        draw.polygon(
            [(cx + r * 0.55, cy), (cx + r * 0.05, cy - r * 0.42), (cx + r * 0.05, cy + r * 0.42)],
            fill=WHITE,
        )
    return img


def render(state: str, size: int) -> Image.Image:
    """One icon, ready to save."""
    img = base(size)
    if state == "busy":
        img = badge(img, AMBER, ">")
    elif state == "error":
        img = badge(img, RED, "!")
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """Write every state at every size."""
    OUT.mkdir(parents=True, exist_ok=True)
    for state in STATES:
        for size in SIZES:
            render(state, size).save(OUT / f"{state}-{size}.png", optimize=True)
    print(f"wrote {len(STATES) * len(SIZES)} icons to {OUT}")


if __name__ == "__main__":
    main()
