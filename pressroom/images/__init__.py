"""
Picture handling for the image library, on plain bytes and file objects, so that the
models, the admin, the importer and the benchmark share one set of rules: upload checks
(checks), the original we keep (originals), the web sizes (renditions) and the credit
written into a download (rights). ``Image.objects.from_file()`` puts a file from disk or
an import into the library with the same checks as an upload.
"""

from .checks import (
    ACCEPTED_FORMATS,
    EXTENSIONS,
    MIME_TYPES,
    accepted_format_names,
    read_picture_file,
    validate_image_file,
)
from .originals import CleanedImage, clean_original
from .renditions import RenditionFile, fallback_format, make_rendition_files, rendition_widths
from .rights import Rights, rights_insert, rights_stream

__all__ = [
    "ACCEPTED_FORMATS",
    "EXTENSIONS",
    "MIME_TYPES",
    "CleanedImage",
    "RenditionFile",
    "Rights",
    "accepted_format_names",
    "clean_original",
    "fallback_format",
    "make_rendition_files",
    "read_picture_file",
    "rendition_widths",
    "rights_insert",
    "rights_stream",
    "validate_image_file",
]
