"""
Picture handling for the image library, on plain bytes and file objects, so that the
models, the admin, the importer and the benchmark share one set of rules.

- ``validate_image_file()`` decides whether an upload is a picture we accept: the content
  (never the file name) must decode as JPEG, PNG, GIF, WebP or, where Pillow supports it,
  AVIF; byte and pixel limits come from settings; decompression bombs, SVG drawings and
  truncated files are refused with a message an editor understands.
- ``clean_original()`` makes the file we keep and serve for download: turned upright by its
  EXIF orientation and re-encoded once without EXIF (GPS, camera serial numbers), XMP, IPTC
  or comments. The ICC colour profile stays, and so does the colour mode: a CMYK JPEG for
  print stays CMYK. Animated GIF and WebP files keep their animation.
- ``make_rendition_files()`` makes the web sizes: each width up to the original's, in WebP
  and in the original's format (a GIF, or a WebP or AVIF with transparency, falls back to
  PNG). Renditions are sRGB or carry their own profile, never CMYK, and carry no metadata.
  An animation's renditions show its first frame, so nothing on a reader page moves
  unless the reader opens the original.
- ``rights_stream()`` writes the credit, license and usage terms into a downloaded JPEG or
  PNG original (EXIF Artist/Copyright and XMP), always as the library says them now.
- ``image_from_file()`` puts a file from disk or an import into the library with the same
  checks as an upload.
"""

import hashlib
import io
import os
import unicodedata
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError, features
from PIL import Image as PILImage
from PIL.JpegImagePlugin import get_sampling

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

# Encoder settings. Originals are kept close to what was uploaded; renditions are for
# screens, where smaller files matter more than the last bit of quality.
ORIGINAL_JPEG_QUALITY = 95
ORIGINAL_LOSSY_QUALITY = 92
RENDITION_QUALITY = {"jpeg": 82, "webp": 80}


def accepted_format_names() -> str:
    """The accepted formats as an editor reads them: "JPEG, PNG, GIF, WebP or AVIF"."""
    names = ["JPEG", "PNG", "GIF", "WebP"] + (["AVIF"] if "AVIF" in ACCEPTED_FORMATS else [])
    return _("%(formats)s or %(last)s") % {"formats": ", ".join(names[:-1]), "last": names[-1]}


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


def _orientation(picture) -> int:
    return picture.getexif().get(ExifTags.Base.Orientation, 1) or 1


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
            if picture.format == "JPEG" and _orientation(picture) == 1:
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


# -- Renditions ----------------------------------------------------------------------------


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
        orientation = _orientation(picture)
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


# -- Credit and license in the downloaded file -------------------------------------------


@dataclass(frozen=True)
class Rights:
    """What a reuser must know about a picture, to be written into the file they download."""

    credit: str = ""
    license: str = ""
    usage_terms: str = ""
    description: str = ""

    def __bool__(self):
        return any((self.credit, self.license, self.usage_terms, self.description))


def _ascii(text: str) -> str:
    """EXIF text is ASCII: "Åsa Öberg" becomes "Asa Oberg" rather than "?sa ?berg"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _xml_text(text: str, limit: int = 4000) -> str:
    # XML cannot carry most control characters; an editor's stray one must not break it.
    cleaned = "".join(char for char in text[:limit] if char in "\t\n\r" or ord(char) >= 32)
    return escape(cleaned)


def _exif_bytes(rights: Rights) -> bytes:
    exif = PILImage.Exif()
    if rights.credit:
        exif[ExifTags.Base.Artist] = _ascii(rights.credit)[:500]
    copyright_text = " / ".join(
        part for part in (rights.credit and f"(c) {rights.credit}", rights.license) if part
    )
    if copyright_text:
        exif[ExifTags.Base.Copyright] = _ascii(copyright_text)[:1000]
    if rights.description:
        exif[ExifTags.Base.ImageDescription] = _ascii(rights.description)[:1000]
    return exif.tobytes()  # starts with b"Exif\0\0"


def _xmp_bytes(rights: Rights) -> bytes:
    """An XMP packet with the IPTC Core fields photo desks read (UTF-8, unlike EXIF)."""

    def alt(value):
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{_xml_text(value)}</rdf:li></rdf:Alt>'

    fields = []
    if rights.credit:
        fields.append(
            f"<dc:creator><rdf:Seq><rdf:li>{_xml_text(rights.credit)}</rdf:li></rdf:Seq></dc:creator>"
        )
        fields.append(f"<photoshop:Credit>{_xml_text(rights.credit)}</photoshop:Credit>")
    if rights.license:
        fields.append(f"<dc:rights>{alt(rights.license)}</dc:rights>")
    if rights.usage_terms:
        fields.append(f"<xmpRights:UsageTerms>{alt(rights.usage_terms)}</xmpRights:UsageTerms>")
    if rights.description:
        fields.append(f"<dc:description>{alt(rights.description)}</dc:description>")
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/">'
        f"{''.join(fields)}"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="r"?>'
    )
    return packet.encode("utf-8")


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload).to_bytes(4, "big")
    return len(payload).to_bytes(4, "big") + kind + payload + crc


PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"
PNG_HEAD_LENGTH = 33  # signature (8) and the IHDR chunk (4 + 4 + 13 + 4)


def rights_insert(head: bytes, rights: Rights) -> tuple[int, bytes]:
    """
    Where and what to insert into a stored original (whose first bytes are ``head``) so
    that it carries ``rights``: EXIF and XMP segments right after a JPEG's start marker,
    eXIf and iTXt chunks right after a PNG's header. (0, b"") for other files: their
    credit is on the image page and in the press kit's credits.txt.

    Stored originals were written by clean_original() without metadata, so nothing has
    to be removed, and inserting never touches the picture data.
    """
    if not rights:
        return 0, b""
    if head.startswith(b"\xff\xd8"):
        xmp = b"http://ns.adobe.com/xap/1.0/\x00" + _xmp_bytes(rights)
        return 2, _jpeg_segment(0xE1, _exif_bytes(rights)) + _jpeg_segment(0xE1, xmp)
    if head.startswith(PNG_HEAD) and len(head) >= PNG_HEAD_LENGTH:
        exif = _exif_bytes(rights).removeprefix(b"Exif\x00\x00")
        xmp = b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + _xmp_bytes(rights)
        return PNG_HEAD_LENGTH, _png_chunk(b"eXIf", exif) + _png_chunk(b"iTXt", xmp)
    return 0, b""


def rights_stream(fileobj, rights: Rights, chunk_size: int = 64 * 1024) -> tuple[Iterator, int]:
    """
    The bytes of a stored original with ``rights`` written in, as an iterator of chunks,
    and how many bytes were added. The file is read in chunks, never whole.
    """
    head = fileobj.read(PNG_HEAD_LENGTH)
    position, insert = rights_insert(head, rights)

    def chunks():
        try:
            yield head[:position] if insert else head
            if insert:
                yield insert
                yield head[position:]
            while chunk := fileobj.read(chunk_size):
                yield chunk
        finally:
            fileobj.close()

    return chunks(), len(insert)


# -- From a file: imports and scripts ----------------------------------------------------


def image_from_file(
    source,
    *,
    alt_text: str = "",
    credit: str = "",
    caption: str = "",
    title: str = "",
    license: str = "",
    usage_terms: str = "",
    name: str | None = None,
):
    """
    Put a picture into the image library and return its ``pressroom.models.Image``.

    ``source`` is a path or an open binary file. It goes through the same checks as an
    upload in the admin (validate_image_file), is cleaned and gets its renditions; a
    file that is not an acceptable picture raises ValidationError with a clear message
    and leaves nothing behind. The same bytes imported again give back the image already
    in the library (its blank alt text, credit and other texts filled in from these
    arguments), so running an import twice does not duplicate pictures.
    """
    from django.core.files.base import ContentFile

    from .models import Image  # the models use this module, so import here

    max_bytes = settings.PRESSROOM_IMAGE_MAX_BYTES
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        name = name or path.name
        try:
            if path.stat().st_size > max_bytes:
                raise ValidationError(
                    _("%(name)s is larger than the %(limit)s accepted for a picture."),
                    code="too_large",
                    params={"name": path.name, "limit": filesizeformat(max_bytes)},
                )
            data = path.read_bytes()
        except OSError as error:
            raise ValidationError(
                _("The picture %(name)s could not be read: %(error)s"),
                code="unreadable",
                params={"name": path.name, "error": error.strerror or error},
            ) from None
    else:
        name = name or Path(getattr(source, "name", "") or "image").name
        data = source.read(max_bytes + 1)

    texts = {
        "alt_text": alt_text,
        "credit": credit,
        "caption": caption,
        "title": title,
        "license": license,
        "usage_terms": usage_terms,
    }
    existing = Image.objects.filter(checksum=hashlib.sha256(data).hexdigest()).first()
    if existing is not None:
        blanks = [field for field, value in texts.items() if value and not getattr(existing, field)]
        for field in blanks:
            setattr(existing, field, texts[field])
        if blanks:
            existing.save(update_fields=blanks)
        return existing

    # Check before the model sees the file: assigning it makes Django read its dimensions.
    upload = ContentFile(data, name=name)
    validate_image_file(upload)
    image = Image(file=upload, **texts)
    image.save()
    return image
