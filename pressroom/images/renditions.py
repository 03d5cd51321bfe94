"""
The web sizes of a picture: each width up to the original's, in WebP and in the original's
format (a GIF, or a WebP or AVIF with transparency, falls back to PNG). Renditions are sRGB
or carry their own profile, never CMYK, and carry no metadata. An animation's renditions
show its first frame, so nothing on a reader page moves unless the reader opens the
original.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps

from .checks import ACCEPTED_FORMATS, exif_orientation

# Renditions are for screens, where smaller files matter more than the last bit of quality.
RENDITION_QUALITY = {"jpeg": 82, "webp": 80}


@dataclass(frozen=True)
class RenditionFile:
    """One encoded rendition: ``format`` is "webp", "jpeg" or "png"."""

    width: int
    height: int
    format: str
    data: bytes

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format


def rendition_widths(original_width: int, widths=None) -> list[int]:
    """
    The widths to make for a picture ``original_width`` pixels wide: every configured
    width narrower than the original, and the original's own width when it is narrower
    than the widest configured one. Never wider than the original; always at least one.
    """
    widths = sorted(settings.PRESSROOM_IMAGE_WIDTHS if widths is None else widths)
    chosen = {width for width in widths if width < original_width}
    chosen.add(min(original_width, widths[-1]))
    return sorted(chosen)


def fallback_format(image_format: str, has_alpha: bool) -> str:
    """
    The format of the non-WebP renditions: the original's own where a browser shows it
    everywhere (JPEG stays JPEG, PNG stays PNG), PNG for GIF and for transparent WebP
    or AVIF, JPEG for the rest.
    """
    if image_format == "JPEG":
        return "jpeg"
    if image_format in ("PNG", "GIF") or has_alpha:
        return "png"
    return "jpeg"


def _for_screens(picture) -> tuple[PILImage.Image, bytes | None]:
    """
    The picture as RGB or RGBA for the web, with the ICC profile to embed (if any).
    CMYK is converted to sRGB through its own profile when it has one.
    """
    icc = picture.info.get("icc_profile")
    has_alpha = picture.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        "transparency" in picture.info
    )
    if picture.mode == "CMYK":
        if icc:
            try:
                converted = ImageCms.profileToProfile(
                    picture,
                    ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                    ImageCms.createProfile("sRGB"),
                    outputMode="RGB",
                )
                return converted, None
            except (ImageCms.PyCMSError, OSError):
                pass  # a broken profile: fall back to Pillow's plain conversion
        return picture.convert("RGB"), None
    if picture.mode.startswith("I;16"):
        # 16-bit grey: scale to 8 bits instead of letting everything above 255 turn white.
        picture = picture.convert("I").point(lambda value: value / 256).convert("L")
    elif picture.mode in ("I", "F"):
        low, high = picture.getextrema()
        scale = 255 / high if high and high > 255 else 1
        picture = picture.point(lambda value: value * scale).convert("L")
    keep_profile = icc if picture.mode in ("RGB", "RGBA") else None
    if has_alpha:
        picture = picture.convert("RGBA")
        if picture.getextrema()[3][0] == 255:
            picture = picture.convert("RGB")  # "transparent" but nothing is see-through
    else:
        picture = picture.convert("RGB")
    return picture, keep_profile


def _encode(picture: PILImage.Image, rendition_format: str, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    if rendition_format == "jpeg":
        quality = RENDITION_QUALITY["jpeg"]
        picture.save(out, "JPEG", quality=quality, optimize=True, progressive=True, **options)
    elif rendition_format == "webp":
        picture.save(out, "WEBP", quality=RENDITION_QUALITY["webp"], method=4, **options)
    else:
        picture.save(out, "PNG", **options)
    return out.getvalue()


def make_rendition_files(source, widths=None) -> list[RenditionFile]:
    """
    Make the renditions of a picture (bytes or a binary file object): each width from
    ``rendition_widths()``, in WebP and in ``fallback_format()``. The picture is decoded
    once; a JPEG is decoded at a reduced scale when even the widest rendition allows it.
    """
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    with PILImage.open(source, formats=ACCEPTED_FORMATS) as picture:
        image_format = "JPEG" if picture.format == "MPO" else picture.format
        orientation = exif_orientation(picture)
        width, height = picture.size
        if orientation in (5, 6, 7, 8):
            width, height = height, width
        targets = rendition_widths(width, widths)
        if image_format == "JPEG":
            # Let libjpeg scale down by 1/2, 1/4 or 1/8 while decoding, never below the
            # widest rendition: much faster, and the result is resized further anyway.
            scale = targets[-1] / width
            needed = (round(picture.size[0] * scale), round(picture.size[1] * scale))
            picture.draft(picture.mode, needed)
        picture.load()
        upright = ImageOps.exif_transpose(picture)
        screen, icc = _for_screens(upright)

    formats = ["webp", fallback_format(image_format, screen.mode == "RGBA")]
    renditions = []
    for target in reversed(targets):
        target_height = max(1, round(height * target / width))
        if (target, target_height) == screen.size:
            resized = screen
        else:
            resized = screen.resize(
                (target, target_height), PILImage.Resampling.LANCZOS, reducing_gap=3.0
            )
        for rendition_format in formats:
            data = _encode(resized, rendition_format, icc)
            renditions.append(RenditionFile(target, target_height, rendition_format, data))
    return sorted(renditions, key=lambda rendition: (rendition.width, rendition.format))
