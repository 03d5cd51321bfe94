"""Real picture files made with Pillow for the image tests: each one a case uploads meet."""

import io
import random

from PIL import ExifTags
from PIL import Image as PILImage

# Where the phone was: Stockholm. No file Pressroom serves may say so.
STOCKHOLM = {"lat": (59.0, 19.0, 46.0), "lon": (18.0, 4.0, 7.0)}
PRIVATE_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="59,19.46N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<script>alert("x")</script><rect width="100" height="100" fill="red"/></svg>'
)


def encode(picture, image_format, **options):
    buffer = io.BytesIO()
    picture.save(buffer, image_format, **options)
    return buffer.getvalue()


def two_halves(size=(300, 200), left=(220, 20, 20), right=(20, 20, 220)):
    """An RGB picture whose left half is red and right half blue, so turns can be seen."""
    picture = PILImage.new("RGB", size, right)
    picture.paste(left, (0, 0, size[0] // 2, size[1]))
    return picture


def noise(size, mode="RGB", seed=1):
    """A picture of random pixels: it compresses badly, like a photograph."""
    rng = random.Random(seed)
    channels = len(mode)
    return PILImage.frombytes(mode, size, rng.randbytes(size[0] * size[1] * channels))


def phone_exif(orientation=None, gps=True):
    """EXIF as a phone writes it: camera, serial number, GPS position, orientation."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-0042-SECRET"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        position = exif.get_ifd(ExifTags.IFD.GPSInfo)
        position[ExifTags.GPS.GPSLatitudeRef] = "N"
        position[ExifTags.GPS.GPSLatitude] = STOCKHOLM["lat"]
        position[ExifTags.GPS.GPSLongitudeRef] = "E"
        position[ExifTags.GPS.GPSLongitude] = STOCKHOLM["lon"]
    return exif


def rotated_jpeg():
    """Stored 300 × 200 with the red half on the left; EXIF orientation 6 says "turn right"."""
    return encode(two_halves(), "JPEG", quality=95, exif=phone_exif(orientation=6, gps=False))


def gps_jpeg(size=(400, 300)):
    """A photo carrying a GPS position, a camera serial number and XMP with the position."""
    return encode(noise(size), "JPEG", exif=phone_exif(), xmp=PRIVATE_XMP, comment=b"Home")


def gps_png():
    return encode(noise((200, 100)), "PNG", exif=phone_exif())


def gps_webp():
    return encode(noise((200, 100)), "WEBP", exif=phone_exif(), xmp=PRIVATE_XMP)


def bomb_png():
    """30 000 × 30 000 pixels (900 megapixels) in about 100 kB: a decompression bomb."""
    return encode(PILImage.new("1", (30_000, 30_000)), "PNG")


def truncated_jpeg():
    """A JPEG whose second half is missing, as an interrupted upload leaves it."""
    whole = encode(noise((400, 300)), "JPEG", quality=90)
    return whole[: len(whole) // 2]


def cmyk_jpeg(size=(400, 300)):
    return encode(PILImage.new("CMYK", size, (0, 255, 255, 0)), "JPEG", quality=95)


def transparent_png(size=(400, 300)):
    """A red square on a fully transparent background."""
    picture = PILImage.new("RGBA", size, (0, 0, 0, 0))
    picture.paste((255, 0, 0, 255), (100, 50, 300, 250))
    return encode(picture, "PNG")


def animated_gif(size=(120, 80), frames=3):
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)]
    pictures = [PILImage.new("RGB", size, colours[n % len(colours)]) for n in range(frames)]
    return encode(
        pictures[0],
        "GIF",
        save_all=True,
        append_images=pictures[1:],
        duration=100,
        loop=0,
        comment=b"made at home",
    )


def open_bytes(data):
    picture = PILImage.open(io.BytesIO(data))
    picture.load()
    return picture
