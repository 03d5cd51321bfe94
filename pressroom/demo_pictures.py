"""
The demo newsroom's pictures, drawn with Pillow when the demo is loaded: landscapes for
the posts, portraits for the contacts, a logo and an icon. They are made here, not
downloaded, so the demo can give them away: each carries a credit and the CC0 licence.
"""

import io
import math
import random

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter, ImageFont

CREDIT = "Norrsken Energi (demo illustration)"
LICENSE = "CC0 1.0"
USAGE_TERMS = "Free to use for any purpose, no permission needed."
# Landscapes are drawn at DRAWING_SIZE and saved at SIZE.
DRAWING_SIZE = (1600, 1000)
SIZE = (1200, 750)


def _jpeg(picture):
    buffer = io.BytesIO()
    if picture.size == DRAWING_SIZE:
        picture = picture.resize(SIZE, PILImage.Resampling.LANCZOS)
    picture.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _png(picture):
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _sky(size, top, bottom):
    """A vertical gradient from ``top`` to ``bottom`` colour."""
    width, height = size
    sky = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(sky)
    for y in range(height):
        share = y / max(1, height - 1)
        color = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=color)
    return sky


def _aurora(picture, seed, bands=3):
    """Soft green and violet curtains of light across the upper sky."""
    rng = random.Random(seed)  # noqa: S311 - shapes in a drawing, not secrets
    width, height = picture.size
    glow = PILImage.new("RGB", picture.size, (0, 0, 0))
    draw = ImageDraw.Draw(glow)
    for band in range(bands):
        color = rng.choice([(60, 220, 150), (90, 240, 170), (150, 110, 230)])
        base = height * (0.18 + 0.12 * band)
        phase, wave = rng.uniform(0, math.tau), rng.uniform(0.002, 0.005)
        for x in range(0, width, 3):
            y = base + math.sin(x * wave + phase) * height * 0.08
            draw.line([(x, y - height * 0.16), (x, y)], fill=color, width=3)
    glow = glow.filter(ImageFilter.GaussianBlur(28))
    return PILImage.blend(picture, PILImage.eval(glow, lambda v: v), 0.35)


def _ground(draw, size, color, level, seed):
    """Rolling hills along the bottom of the picture."""
    rng = random.Random(seed)  # noqa: S311 - shapes in a drawing, not secrets
    width, height = size
    points = [(0, height)]
    phase = rng.uniform(0, math.tau)
    for x in range(0, width + 20, 20):
        points.append((x, height * level + math.sin(x / 260 + phase) * 24))
    points.append((width, height))
    draw.polygon(points, fill=color)


def wind_farm(seed=1):
    """Wind turbines on a ridge under a dusk sky with northern lights."""
    picture = _aurora(_sky(DRAWING_SIZE, (14, 30, 64), (236, 140, 92)), seed)
    draw = ImageDraw.Draw(picture)
    _ground(draw, DRAWING_SIZE, (24, 38, 44), 0.78, seed)
    rng = random.Random(seed)  # noqa: S311 - shapes in a drawing, not secrets
    for index in range(5):
        x = 160 + index * 300 + rng.randint(-40, 40)
        scale = rng.uniform(0.7, 1.1)
        hub = (x, DRAWING_SIZE[1] * 0.78 - 420 * scale)
        draw.line([(x, DRAWING_SIZE[1] * 0.8), hub], fill=(232, 236, 240), width=round(12 * scale))
        angle = rng.uniform(0, math.tau)
        for blade in range(3):
            turn = angle + blade * math.tau / 3
            tip = (hub[0] + math.cos(turn) * 190 * scale, hub[1] + math.sin(turn) * 190 * scale)
            draw.line([hub, tip], fill=(244, 246, 248), width=round(9 * scale))
        draw.ellipse([hub[0] - 10, hub[1] - 10, hub[0] + 10, hub[1] + 10], fill=(250, 250, 250))
    return _jpeg(picture)


def battery_park(seed=2):
    """Rows of battery containers on gravel under a clear winter sky."""
    picture = _sky(DRAWING_SIZE, (120, 170, 220), (226, 236, 244))
    draw = ImageDraw.Draw(picture)
    _ground(draw, DRAWING_SIZE, (214, 220, 226), 0.62, seed)
    for row in range(3):
        top = 560 + row * 130
        for column in range(7 - row):
            left = 90 + column * 210 + row * 60
            draw.rectangle(
                [left, top, left + 180, top + 95],
                fill=(236, 240, 242),
                outline=(90, 100, 110),
                width=3,
            )
            draw.rectangle([left + 12, top + 14, left + 60, top + 40], fill=(15, 118, 110))
            for rib in range(left + 75, left + 170, 14):
                draw.line([(rib, top + 10), (rib, top + 85)], fill=(170, 178, 186), width=2)
    return _jpeg(picture)


def solar_park(seed=3):
    """Rows of solar panels on a summer field."""
    picture = _sky(DRAWING_SIZE, (66, 140, 214), (200, 226, 246))
    draw = ImageDraw.Draw(picture)
    draw.ellipse([1220, 90, 1380, 250], fill=(255, 236, 150))
    _ground(draw, DRAWING_SIZE, (112, 160, 84), 0.5, seed)
    for row in range(6):
        y = 560 + row * 75
        depth = 0.6 + row * 0.1
        for column in range(12):
            x = 40 + column * 135 * depth - row * 40
            w, h = 120 * depth, 42 * depth
            draw.polygon(
                [(x, y), (x + w, y), (x + w + 14, y + h), (x + 14, y + h)],
                fill=(28, 52, 98),
                outline=(150, 170, 200),
            )
    return _jpeg(picture)


def hydrogen_plant(seed=4):
    """A storage plant with round tanks at night, northern lights above."""
    picture = _aurora(_sky(DRAWING_SIZE, (8, 14, 36), (30, 52, 86)), seed, bands=4)
    draw = ImageDraw.Draw(picture)
    _ground(draw, DRAWING_SIZE, (18, 26, 34), 0.74, seed)
    for index in range(4):
        left = 220 + index * 300
        draw.rectangle([left, 560, left + 200, 760], fill=(210, 216, 222))
        draw.ellipse([left, 520, left + 200, 600], fill=(226, 230, 236))
        for window in range(3):
            draw.rectangle(
                [left + 30 + window * 55, 640, left + 60 + window * 55, 660], fill=(255, 214, 120)
            )
    return _jpeg(picture)


def portrait(seed, background, skin, hair, shirt):
    """A friendly head-and-shoulders illustration, square."""
    picture = _sky((800, 800), background, tuple(min(255, c + 40) for c in background))
    draw = ImageDraw.Draw(picture)
    draw.ellipse([170, 560, 630, 1020], fill=shirt)
    draw.rectangle([355, 470, 445, 600], fill=skin)
    draw.ellipse([250, 190, 550, 520], fill=skin)
    draw.chord([235, 160, 565, 470], 180, 360, fill=hair)
    for eye in (340, 460):
        draw.ellipse([eye - 12, 345, eye + 12, 369], fill=(40, 40, 48))
    draw.arc([350, 400, 450, 460], 20, 160, fill=(150, 70, 70), width=6)
    return _jpeg(picture.resize((400, 400), PILImage.Resampling.LANCZOS))


def _font(size):
    return ImageFont.load_default(size=size)


def _aurora_mark(draw, box, color=(15, 118, 110)):
    """The logo's mark: three arcs, like northern lights over the horizon."""
    left, top, right, bottom = box
    for step, width in enumerate((14, 10, 7)):
        inset = step * (right - left) * 0.14
        draw.arc(
            [left + inset, top + inset, right - inset, bottom + (bottom - top) - inset],
            180,
            360,
            fill=color,
            width=width,
        )


def logo():
    """The wordmark: the mark and "Norrsken Energi", on a transparent background."""
    picture = PILImage.new("RGBA", (960, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    _aurora_mark(draw, (20, 40, 220, 200))
    draw.text((250, 120), "Norrsken Energi", font=_font(84), fill=(29, 33, 39), anchor="lm")
    return _png(picture)


def icon():
    """The square icon: the mark in white on the accent colour."""
    picture = PILImage.new("RGB", (512, 512), (15, 118, 110))
    draw = ImageDraw.Draw(picture)
    _aurora_mark(draw, (96, 150, 416, 420), color=(255, 255, 255))
    return _png(picture)


# Feature pictures: file name, maker, title, alt text, caption.
FEATURE_PICTURES = {
    "wind-farm": (
        wind_farm,
        "Wind farm at dusk",
        "Five wind turbines on a ridge at dusk, northern lights in the sky",
        "The wind farm in Markbygden.",
    ),
    "battery-park": (
        battery_park,
        "Battery park",
        "Rows of white battery containers on gravel under a winter sky",
        "The battery park in Svartöstaden, Luleå.",
    ),
    "solar-park": (
        solar_park,
        "Solar park",
        "Rows of solar panels on a green field under a summer sun",
        "The solar park in Boden.",
    ),
    "hydrogen-plant": (
        hydrogen_plant,
        "Hydrogen storage",
        "Round storage tanks lit at night under northern lights",
        "The hydrogen storage in Luleå.",
    ),
}
# Contact portraits: name -> (background, skin, hair, shirt).
PORTRAITS = {
    "Ingrid Holmqvist": ((15, 118, 110), (236, 200, 176), (196, 150, 90), (40, 60, 90)),
    "Daniel Okafor": ((40, 70, 120), (120, 78, 52), (30, 24, 22), (210, 214, 220)),
    "Sara Lindqvist": ((120, 60, 90), (240, 210, 190), (110, 60, 40), (15, 118, 110)),
    "Mia Pääsuke": ((70, 90, 60), (226, 190, 160), (60, 40, 30), (180, 60, 60)),
}
