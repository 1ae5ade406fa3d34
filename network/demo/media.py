"""Pictures of the demo network, generated at load time (documents: ``documents.py``).

Images are drawn with Pillow: a gradient and a few shapes (a motif) in Michelin-ish
blues and yellows, with a label. They are deterministic: the same key always gives the
same drawing (the random generator is seeded from the key).
"""

import io
import math
import random
import unicodedata
import zlib
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Dark, light and accent colour of each palette.
PALETTES = {
    "blue": ((11, 45, 107), (39, 80, 155), (252, 229, 0)),
    "yellow": ((39, 80, 155), (255, 209, 0), (11, 45, 107)),
    "green": ((14, 77, 69), (59, 165, 92), (252, 229, 0)),
    "grey": ((47, 58, 74), (138, 150, 168), (252, 229, 0)),
}
WHITE = (255, 255, 255)
HERO_SIZE = (1600, 900)
GALLERY_SIZE = (1200, 800)
PORTRAIT_SIZE = (480, 480)

# A font with accented and extended Latin letters where the system has one; otherwise
# Pillow's bundled font, with accents stripped from the label (it lacks some glyphs).
_SYSTEM_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
]


@cache
def _font(size):
    for path in _SYSTEM_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size), True
    return ImageFont.load_default(size=size), False


def _plain(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _rng(key):
    # Drawing, not security: a seeded generator makes every picture reproducible.
    return random.Random(zlib.crc32(key.encode("utf-8")))  # noqa: S311


def _gradient(size, top, bottom):
    # Nearest-neighbour is enough for a vertical gradient, and much faster.
    mask = Image.linear_gradient("L").resize(size, Image.Resampling.NEAREST)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _alpha(colour, opacity):
    return (*colour, int(255 * opacity))


# ---------------------------------------------------------------- motifs
# Each motif draws on an RGBA overlay: draw(d, w, h, rng, light, accent).


def _volcanoes(d, w, h, rng, light, accent):
    for i in range(7):
        cx, base, peak = rng.randint(0, w), h * 0.78, h * rng.uniform(0.18, 0.45)
        half = rng.randint(w // 7, w // 4)
        d.polygon([(cx - half, base), (cx, peak), (cx + half, base)], fill=_alpha(light, 0.55))
        d.ellipse((cx - 20, peak - 6, cx + 20, peak + 10), fill=_alpha(accent, 0.4 + i * 0.05))
    d.rectangle((0, h * 0.8, w, h), fill=_alpha(light, 0.7))


def _tyre(d, w, h, rng, light, accent):
    cx, cy, r = w * 0.68, h * 0.48, h * 0.38
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_alpha((20, 20, 28), 0.85))
    d.ellipse(
        (cx - r * 0.55, cy - r * 0.55, cx + r * 0.55, cy + r * 0.55), fill=_alpha(light, 0.9)
    )
    for k in range(36):
        a = 2 * math.pi * k / 36
        x1, y1 = cx + math.cos(a) * r * 0.82, cy + math.sin(a) * r * 0.82
        x2, y2 = cx + math.cos(a + 0.08) * r, cy + math.sin(a + 0.08) * r
        d.line((x1, y1, x2, y2), fill=_alpha(accent, 0.6), width=6)


def _road(d, w, h, rng, light, accent):
    d.polygon(
        [(w * 0.42, h * 0.35), (w * 0.58, h * 0.35), (w, h), (0, h)], fill=_alpha(light, 0.6)
    )
    for k in range(8):
        t0, t1 = 0.35 + k * 0.085, 0.35 + k * 0.085 + 0.045
        d.line((w / 2, h * t0, w / 2, h * t1), fill=_alpha(accent, 0.9), width=4 + k * 3)


def _lakes(d, w, h, rng, light, accent):
    for _ in range(6):
        x, y = rng.randint(0, w), rng.randint(int(h * 0.45), h)
        rx, ry = rng.randint(120, 380), rng.randint(30, 90)
        d.ellipse((x - rx, y - ry, x + rx, y + ry), fill=_alpha(light, 0.55))
    _skyline(d, w, h, rng, light, accent, base=h * 0.5)


def _valleys(d, w, h, rng, light, accent):
    for layer in range(4):
        points, y0 = [(0, h)], h * (0.35 + layer * 0.12)
        for x in range(0, w + 100, 100):
            points.append((x, y0 + rng.randint(-90, 60)))
        points.append((w, h))
        d.polygon(points, fill=_alpha(light, 0.3 + layer * 0.15))
    _river(d, w, h, rng, light, accent, opacity=0.7)


def _skyline(d, w, h, rng, light, accent, base=None):
    base = h * 0.74 if base is None else base
    x = 0
    while x < w:
        bw, bh = rng.randint(50, 140), rng.randint(int(h * 0.12), int(h * 0.45))
        d.rectangle((x, base - bh, x + bw, base), fill=_alpha(light, 0.65))
        for wy in range(int(base - bh + 20), int(base - 10), 36):
            d.rectangle((x + 12, wy, x + 24, wy + 14), fill=_alpha(accent, 0.7))
        x += bw + rng.randint(4, 20)


def _network(d, w, h, rng, light, accent):
    nodes = [(rng.randint(60, w - 60), rng.randint(60, h - 60)) for _ in range(40)]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 : i + 3]:
            d.line((*a, *b), fill=_alpha(light, 0.5), width=3)
    for x, y in nodes:
        r = rng.randint(6, 16)
        d.ellipse((x - r, y - r, x + r, y + r), fill=_alpha(accent, 0.9))


def _sun(d, w, h, rng, light, accent):
    cx, cy = w * 0.7, h * 0.4
    for k in range(24):
        a = 2 * math.pi * k / 24
        d.line(
            (cx, cy, cx + math.cos(a) * w, cy + math.sin(a) * w),
            fill=_alpha(accent, 0.25),
            width=18,
        )
    d.ellipse((cx - 140, cy - 140, cx + 140, cy + 140), fill=_alpha(accent, 0.95))


def _leaves(d, w, h, rng, light, accent):
    for _ in range(45):
        x, y, s = rng.randint(0, w), rng.randint(0, h), rng.randint(30, 90)
        d.ellipse((x - s, y - s // 2, x + s, y + s // 2), fill=_alpha(light, 0.55))
        d.line((x - s, y, x + s, y), fill=_alpha(accent, 0.6), width=3)


def _arrows(d, w, h, rng, light, accent):
    cx, cy, r = w * 0.65, h * 0.48, h * 0.32
    for k in range(3):
        start = k * 120 + 10
        d.arc(
            (cx - r, cy - r, cx + r, cy + r),
            start,
            start + 95,
            fill=_alpha(accent, 0.95),
            width=34,
        )
        a = math.radians(start + 95)
        x, y = cx + math.cos(a) * r, cy + math.sin(a) * r
        d.regular_polygon((x, y, 40), 3, rotation=-(start + 95), fill=_alpha(accent, 0.95))


def _stage(d, w, h, rng, light, accent):
    for k in range(5):
        x = w * (0.15 + k * 0.18)
        d.polygon([(x, 0), (x - 160, h), (x + 160, h)], fill=_alpha(accent, 0.18))
    d.rectangle((0, h * 0.78, w, h), fill=_alpha(light, 0.7))


def _track(d, w, h, rng, light, accent):
    for k in range(6):
        m = 60 + k * 45
        d.rounded_rectangle(
            (m, m, w - m, h - m), radius=h // 2 - m, outline=_alpha(light, 0.7), width=8
        )
    d.rounded_rectangle(
        (60, 60, w - 60, h - 60), radius=h // 2 - 60, outline=_alpha(accent, 0.9), width=10
    )


def _grid(d, w, h, rng, light, accent):
    for x in range(40, w, 60):
        for y in range(40, h, 60):
            r = rng.choice((3, 4, 6, 9))
            colour = _alpha(accent, 0.9) if rng.random() < 0.08 else _alpha(light, 0.6)
            d.ellipse((x - r, y - r, x + r, y + r), fill=colour)


def _gears(d, w, h, rng, light, accent):
    for cx, cy, r, colour in ((w * 0.62, h * 0.45, 190, accent), (w * 0.83, h * 0.7, 120, light)):
        for k in range(12):
            a = 2 * math.pi * k / 12
            d.regular_polygon(
                (cx + math.cos(a) * r, cy + math.sin(a) * r, 34),
                4,
                rotation=math.degrees(a),
                fill=_alpha(colour, 0.9),
            )
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_alpha(colour, 0.9))
        d.ellipse(
            (cx - r * 0.35, cy - r * 0.35, cx + r * 0.35, cy + r * 0.35),
            fill=_alpha((0, 0, 0), 0.35),
        )


def _factory(d, w, h, rng, light, accent):
    base, x = h * 0.8, 40
    while x < w - 100:
        d.polygon(
            [(x, base), (x, base - 120), (x + 120, base - 200), (x + 120, base)],
            fill=_alpha(light, 0.7),
        )
        x += 130
    for cx in (w * 0.2, w * 0.75):
        d.rectangle((cx, h * 0.2, cx + 50, base), fill=_alpha(light, 0.85))
        d.rectangle((cx, h * 0.2, cx + 50, h * 0.26), fill=_alpha(accent, 0.9))
    d.rectangle((0, base, w, h), fill=_alpha(light, 0.5))


def _houses(d, w, h, rng, light, accent):
    for k in range(12):
        x, s = 40 + k * (w - 80) / 12, rng.randint(90, 115)
        y = h * 0.74
        d.rectangle((x, y - s, x + s, y), fill=_alpha(light, 0.75))
        d.polygon(
            [(x - 10, y - s), (x + s / 2, y - s * 1.6), (x + s + 10, y - s)],
            fill=_alpha(accent, 0.85),
        )


def _bus(d, w, h, rng, light, accent):
    for row in range(3):
        for k in range(4):
            x, y = 80 + k * 380, 120 + row * 250
            d.rounded_rectangle((x, y, x + 320, y + 150), radius=24, fill=_alpha(light, 0.8))
            d.rectangle((x + 20, y + 25, x + 300, y + 70), fill=_alpha(accent, 0.6))
            d.rectangle((x + 330, y + 20, x + 350, y + 150), fill=_alpha(accent, 0.9))


def _snow(d, w, h, rng, light, accent):
    _road(d, w, h, rng, light, WHITE)
    for _ in range(160):
        x, y, r = rng.randint(0, w), rng.randint(0, h), rng.randint(2, 7)
        d.ellipse((x - r, y - r, x + r, y + r), fill=_alpha(WHITE, 0.85))


def _rubber(d, w, h, rng, light, accent):
    for k in range(9):
        x = 60 + k * 180
        d.rectangle((x, 0, x + 46, h), fill=_alpha(light, 0.75))
        d.ellipse((x - 90, -60, x + 140, h * 0.35), fill=_alpha(light, 0.45))
        y = rng.randint(int(h * 0.45), int(h * 0.8))
        d.ellipse((x + 14, y, x + 32, y + 26), fill=_alpha(WHITE, 0.9))


def _river(d, w, h, rng, light, accent, opacity=0.85):
    points = [(w * (0.5 + 0.25 * math.sin(t / 3 + rng.random())), h * t / 12) for t in range(13)]
    d.line(points, fill=_alpha(accent, opacity), width=60, joint="curve")


def _heat(d, w, h, rng, light, accent):
    for k in range(10):
        d.rectangle(
            (0, h * 0.55 + k * 40, w, h * 0.55 + k * 40 + 18), fill=_alpha(light, 0.25 + k * 0.05)
        )
    d.ellipse(
        (w * 0.55, h * 0.05, w * 0.55 + 360, h * 0.05 + 360), fill=_alpha((255, 140, 0), 0.9)
    )


def _documents(d, w, h, rng, light, accent):
    for k in range(4):
        x, y = w * 0.45 + k * 60, h * 0.15 + k * 40
        d.rectangle((x, y, x + 380, y + 500), fill=_alpha(WHITE, 0.85))
        for line in range(8):
            d.rectangle(
                (x + 40, y + 60 + line * 48, x + 340, y + 74 + line * 48), fill=_alpha(light, 0.6)
            )


MOTIFS = {
    "volcanoes": _volcanoes,
    "tyre": _tyre,
    "road": _road,
    "lakes": _lakes,
    "valleys": _valleys,
    "skyline": _skyline,
    "network": _network,
    "sun": _sun,
    "leaves": _leaves,
    "arrows": _arrows,
    "stage": _stage,
    "track": _track,
    "grid": _grid,
    "gears": _gears,
    "factory": _factory,
    "houses": _houses,
    "bus": _bus,
    "snow": _snow,
    "rubber": _rubber,
    "river": _river,
    "heat": _heat,
    "documents": _documents,
}


def render_image(key, label, motif, palette="blue", size=HERO_SIZE, caption=""):
    """A JPEG illustration, as bytes: gradient, motif, and the label in a band."""
    dark, light, accent = PALETTES[palette]
    width, height = size
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    MOTIFS[motif](draw, width, height, _rng(key), light, accent)
    # The label's band, drawn on the same layer: one composite for both.
    top = int(height * 0.74)
    draw.rectangle((0, top, width, height), fill=(6, 22, 56, 190))
    draw.rectangle((0, top, 18, height), fill=(*PALETTES["blue"][2], 255))
    image = Image.alpha_composite(_gradient(size, dark, light).convert("RGBA"), overlay)
    image = image.convert("RGB")
    _label(ImageDraw.Draw(image), size, top, label, caption)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()


def _label(draw, size, top, label, caption):
    width, height = size
    font, unicode_ok = _font(max(28, height // 12))
    text = label if unicode_ok else _plain(label)
    draw.text((56, top + height * 0.035), text, font=font, fill=WHITE)
    if caption:
        small, _ = _font(max(16, height // 34))
        caption = caption if unicode_ok else _plain(caption)
        draw.text((58, height - height * 0.07), caption, font=small, fill=(220, 228, 240))


def render_portrait(key, name, palette="blue"):
    """A square JPEG with the person's initials in a circle."""
    dark, light, accent = PALETTES[palette]
    image = _gradient(PORTRAIT_SIZE, dark, light)
    draw = ImageDraw.Draw(image)
    w, h = PORTRAIT_SIZE
    draw.ellipse((60, 60, w - 60, h - 60), fill=accent)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font, unicode_ok = _font(150)
    text = initials if unicode_ok else _plain(initials)
    box = draw.textbbox((0, 0), text, font=font)
    draw.text(((w - box[2] - box[0]) / 2, (h - box[3] - box[1]) / 2), text, font=font, fill=dark)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
