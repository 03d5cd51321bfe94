"""
The credit, license and usage terms written into a downloaded JPEG or PNG original (EXIF
Artist/Copyright and XMP), always as the library says them now.
"""

import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

from PIL import ExifTags
from PIL import Image as PILImage


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
