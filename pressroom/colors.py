"""Colours as WCAG 2.2 measures them: relative luminance and contrast ratio."""

import re

HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
# WCAG 2.2 AA for normal-size text (success criterion 1.4.3).
AA_CONTRAST = 4.5
WHITE = "#ffffff"
# The light backgrounds of the reader site (--paper and --paper-soft in site.css): the
# accent colour is written on them, and white is written on it.
LIGHT_BACKGROUNDS = (WHITE, "#f4f5f7")


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """The relative luminance of a "#rrggbb" colour, 0 (black) to 1 (white)."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """The contrast ratio of two "#rrggbb" colours, 1 to 21."""
    lighter, darker = sorted(map(relative_luminance, (first, second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darken(color: str, amount: float = 0.3) -> str:
    """``color`` with each channel moved ``amount`` of the way to black (for hover states)."""
    channels = (round(int(color[i : i + 2], 16) * (1 - amount)) for i in (1, 3, 5))
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def tint(color: str, amount: float = 0.92) -> str:
    """``color`` moved ``amount`` of the way to white (for soft backgrounds)."""
    channels = (
        round(int(color[i : i + 2], 16) + (255 - int(color[i : i + 2], 16)) * amount)
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def lowest_contrast_on_light(color: str) -> float:
    """The lowest contrast of ``color`` against the site's light backgrounds."""
    return min(contrast_ratio(color, background) for background in LIGHT_BACKGROUNDS)
