"""
Whether an upload is a picture we accept: the content (never the file name) must decode
as JPEG, PNG, GIF, WebP or, where Pillow supports it, AVIF; byte and pixel limits come from
settings; decompression bombs, SVG drawings and truncated files are refused with a message
an editor understands.
"""

import os
import warnings
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, ImageSequence, UnidentifiedImageError, features
from PIL import Image as PILImage

# Formats an upload may be in, as Pillow names them. MPO is how Pillow reads the JPEG
# files many phones write (a JPEG with a second, hidden picture); it is kept as a JPEG.
# Pillow registers its less common plugins lazily; register them all so each name here
# can be looked up when a file is opened with formats=ACCEPTED_FORMATS.
PILImage.init()
ACCEPTED_FORMATS = [
    name for name in ("JPEG", "MPO", "PNG", "GIF", "WEBP", "AVIF") if name in PILImage.OPEN
]
if not features.check("avif") and "AVIF" in ACCEPTED_FORMATS:
    ACCEPTED_FORMATS.remove("AVIF")

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
MIME_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "AVIF": "image/avif",
}
# An animation may not have more frames than this, whatever their size: each frame
# costs time to check even when it is tiny.
MAX_FRAMES = 1000


def accepted_format_names() -> str:
    """The accepted formats as an editor reads them: "JPEG, PNG, GIF, WebP or AVIF"."""
    names = ["JPEG", "PNG", "GIF", "WebP"] + (["AVIF"] if "AVIF" in ACCEPTED_FORMATS else [])
    return _("%(formats)s or %(last)s") % {"formats": ", ".join(names[:-1]), "last": names[-1]}


def exif_orientation(picture) -> int:
    """The EXIF orientation of an open picture, 1 (upright) when it has none."""
    return picture.getexif().get(ExifTags.Base.Orientation, 1) or 1


# -- Upload checks -------------------------------------------------------------------------


def _size_of(fileobj) -> int:
    size = getattr(fileobj, "size", None)
    if size is None:
        position = fileobj.tell()
        fileobj.seek(0, os.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(position)
    return size


def _looks_like_svg(head: bytes, name: str) -> bool:
    """SVG is XML text (or gzipped XML, .svgz); Pillow does not read it, browsers run it."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--")) or b"<svg" in text:
        return True
    return head.startswith(b"\x1f\x8b") and name.lower().endswith(".svgz")


def _too_many_pixels(width: int, height: int, limit: int) -> ValidationError:
    return ValidationError(
        _(
            "The picture is %(width)s × %(height)s pixels, which is more than the "
            "%(limit)s megapixels accepted. Make it smaller and upload it again."
        ),
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": round(limit / 1_000_000)},
    )


def validate_image_file(fileobj, *, max_bytes: int | None = None, max_pixels: int | None = None):
    """
    Check that ``fileobj`` (a Django File or any binary file object) holds a picture we
    accept, and return its format: "JPEG", "PNG", "GIF", "WEBP" or "AVIF".

    The content decides, never the name. Every frame is decoded, so a truncated or damaged
    file is found now rather than on a reader's screen. Raises ValidationError with a clear
    message otherwise. The file is left at position 0.
    """
    max_bytes = settings.PRESSROOM_IMAGE_MAX_BYTES if max_bytes is None else max_bytes
    max_pixels = settings.PRESSROOM_IMAGE_MAX_PIXELS if max_pixels is None else max_pixels
    name = getattr(fileobj, "name", "") or ""

    size = _size_of(fileobj)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; pictures of up to %(limit)s are accepted."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )

    fileobj.seek(0)
    head = fileobj.read(1024)
    fileobj.seek(0)
    if _looks_like_svg(head, name):
        raise ValidationError(
            _(
                "SVG drawings cannot be uploaded, because they can carry scripts. Save the "
                "picture as %(formats)s and upload that."
            ),
            code="svg",
            params={"formats": accepted_format_names()},
        )

    try:
        # Pillow warns about a possible decompression bomb before it decodes anything;
        # such a file is refused like any other picture over the limit.
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(fileobj, formats=ACCEPTED_FORMATS) as picture:
                image_format = "JPEG" if picture.format == "MPO" else picture.format
                width, height = picture.size
                if width * height > max_pixels:
                    raise _too_many_pixels(width, height, max_pixels)
                for frames, frame in enumerate(ImageSequence.Iterator(picture), start=1):
                    if frames > MAX_FRAMES or frames * width * height > max_pixels:
                        raise ValidationError(
                            _(
                                "The animation is too large: more than %(frames)s frames of "
                                "%(width)s × %(height)s pixels."
                            ),
                            code="too_many_frames",
                            params={"frames": frames - 1, "width": width, "height": height},
                        )
                    frame.load()
                    if image_format == "JPEG":
                        break  # an MPO's second picture is not kept, so need not be read
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(
            _(
                "The picture has too many pixels to be handled safely (more than %(limit)s "
                "megapixels). Make it smaller and upload it again."
            ),
            code="too_many_pixels",
            params={"limit": round(max_pixels / 1_000_000)},
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not a picture in a format we accept. Upload a %(formats)s file."),
            code="unsupported_format",
            params={"formats": accepted_format_names()},
        ) from None
    except Exception:  # Pillow raises many kinds of error on a broken file; all mean the same
        raise ValidationError(
            _(
                "The picture could not be read to the end: the file is damaged or incomplete. "
                "Save it again and upload the new file."
            ),
            code="damaged",
        ) from None
    finally:
        fileobj.seek(0)
    return image_format


# -- The original ------------------------------------------------------------------------


def read_picture_file(source, name: str | None = None) -> tuple[str, bytes]:
    """
    The name and bytes of a picture given as a path or an open binary file, for imports
    and scripts. A path larger than PRESSROOM_IMAGE_MAX_BYTES, or one that cannot be read,
    raises ValidationError; an open file is read up to one byte past the limit, so that
    validate_image_file() refuses it.
    """
    max_bytes = settings.PRESSROOM_IMAGE_MAX_BYTES
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            if path.stat().st_size > max_bytes:
                raise ValidationError(
                    _("%(name)s is larger than the %(limit)s accepted for a picture."),
                    code="too_large",
                    params={"name": path.name, "limit": filesizeformat(max_bytes)},
                )
            return name or path.name, path.read_bytes()
        except OSError as error:
            raise ValidationError(
                _("The picture %(name)s could not be read: %(error)s"),
                code="unreadable",
                params={"name": path.name, "error": error.strerror or error},
            ) from None
    return name or Path(getattr(source, "name", "") or "image").name, source.read(max_bytes + 1)
