"""
The original we keep and serve for download: turned upright by its EXIF orientation and
re-encoded once without EXIF (GPS, camera serial numbers), XMP, IPTC or comments. The ICC
colour profile stays, and so does the colour mode: a CMYK JPEG for print stays CMYK.
Animated GIF and WebP files keep their animation.
"""

import io
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageOps
from PIL.JpegImagePlugin import get_sampling

from .checks import ACCEPTED_FORMATS, EXTENSIONS, exif_orientation, validate_image_file

# Encoder settings: originals are kept close to what was uploaded.
ORIGINAL_JPEG_QUALITY = 95
ORIGINAL_LOSSY_QUALITY = 92


@dataclass(frozen=True)
class CleanedImage:
    """The picture as it is stored: upright, without private metadata."""

    data: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def _webp_is_lossless(data: bytes) -> bool:
    """Whether a WebP file's picture is stored losslessly (a "VP8L" chunk, not "VP8 ")."""
    position = 12
    while position + 8 <= len(data):
        fourcc = data[position : position + 4]
        if fourcc in (b"VP8 ", b"VP8L"):
            return fourcc == b"VP8L"
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        position += 8 + size + (size & 1)
    return False


def clean_original(fileobj) -> CleanedImage:
    """
    Check the upload (see validate_image_file) and return the file to keep: turned upright
    by its EXIF orientation, re-encoded once without EXIF, XMP, IPTC or comments, so that
    no GPS position or camera serial number is ever served. The ICC profile and the colour
    mode stay. A JPEG that needs no turning is re-encoded with its own quantisation tables,
    which keeps it as close to the upload as re-encoding can.
    """
    image_format = validate_image_file(fileobj)
    data = fileobj.read()
    fileobj.seek(0)
    out = io.BytesIO()
    with PILImage.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as picture:
        icc = picture.info.get("icc_profile")
        animated = image_format in ("GIF", "WEBP", "AVIF") and getattr(picture, "n_frames", 1) > 1
        options = {"icc_profile": icc} if icc else {}
        if image_format == "WEBP":
            lossless = _webp_is_lossless(data)
            options.update(lossless=lossless, quality=100 if lossless else ORIGINAL_LOSSY_QUALITY)
        elif image_format == "AVIF":
            options["quality"] = ORIGINAL_LOSSY_QUALITY
        elif image_format == "GIF":
            options["comment"] = b""  # otherwise Pillow copies the upload's comment

        if animated:
            # Animations keep every frame; EXIF orientation is a still photo's affair.
            picture.save(out, image_format, save_all=True, **options)
            size = picture.size
        elif image_format == "JPEG":
            options.update(
                comment=b"",
                progressive=bool(picture.info.get("progressive")),
                subsampling=get_sampling(picture),
            )
            if picture.format == "JPEG" and exif_orientation(picture) == 1:
                picture.save(out, "JPEG", quality="keep", **options)
                size = picture.size
            else:
                picture.load()
                upright = ImageOps.exif_transpose(picture)
                upright.save(out, "JPEG", quality=ORIGINAL_JPEG_QUALITY, **options)
                size = upright.size
        else:
            picture.load()
            upright = ImageOps.exif_transpose(picture)
            if "transparency" in upright.info:
                options["transparency"] = upright.info["transparency"]
            upright.save(out, image_format, **options)
            size = upright.size
    return CleanedImage(data=out.getvalue(), format=image_format, width=size[0], height=size[1])
