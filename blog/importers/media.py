"""
Pictures of imported posts: feature images and the images a body refers to.

A picture is looked for beside the post file, in the site it came from and in the folder
given with ``--images``; found, it goes into the image library through
pressroom.models.Image.objects.from_file() (with the same checks as an upload) and the reference
is rewritten to the library's URL. A picture that cannot be found or is not acceptable is
a warning, and the reference is replaced by its alt text: a page never shows a broken image.
Pictures on the web (http, https) are left where they are.
"""

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from pressroom.images import validate_image_file
from pressroom.models import Image

from .segments import outside_code

IMAGE_SUFFIXES = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff",
}  # fmt: skip
# ![alt](src "title") and [text](src), the source possibly in <...>.
MARKDOWN_IMAGE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\]\n]*\])*)\]"
    r"\(\s*<?(?P<src>[^)\s>]+)>?(?P<title>\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
)
# [ref]: src "title"
REFERENCE = re.compile(r"(?m)^(?P<lead>[ ]{0,3}\[(?P<ref>[^\]\n]+)\]:[ \t]*)<?(?P<src>[^\s>]+)>?")
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
RESIZED = re.compile(r"-\d+x\d+(\.\w+)$")
HTML_ATTRIBUTE = re.compile(r"""\b(src|alt)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class PlannedImage:
    """A picture a dry run would put into the library: only where it would be shown."""

    url: str


class ImageImporter:
    """
    Finds and imports the pictures of the posts of one import. Each picture file is
    brought into the library once, however many posts show it. With ``dry_run`` nothing is
    written: pictures are only found and checked.
    """

    def __init__(self, images_dir: Path | None = None, *, dry_run: bool = False, local_prefixes=()):
        self.images_dir = images_dir.resolve() if images_dir else None
        self.dry_run = dry_run
        # The old site's own addresses ("https://example.com"): its pictures are looked
        # for in the --images folder, and stay where they are when they are not there.
        self.local_prefixes = [prefix.rstrip("/") + "/" for prefix in local_prefixes if prefix]
        self._found: dict[Path, Image | str] = {}  # file -> image, or why it was refused
        self.new_in_post: list[Path] = []

    def forget_new(self) -> None:
        """Forget the images made for a post whose transaction was rolled back."""
        for path in self.new_in_post:
            self._found.pop(path, None)
        self.new_in_post = []

    # Finding files

    def find(self, reference: str, *, folder: Path | None, roots: list[Path]) -> Path | None:
        """
        The file a local picture reference names, or None. A relative reference is read
        from the post's folder; then, with leading folders taken off one by one (so that
        "/assets/img/a.jpg" is found in an --images folder holding "img/a.jpg" or
        "a.jpg"), in the site and the --images folder. Only files inside those folders
        are ever read.
        """
        path_text = unquote(urlsplit(reference).path).replace("\\", "/")
        if not path_text or path_text.endswith("/"):
            return None
        allowed = [root.resolve() for root in roots if root]
        if self.images_dir:
            allowed.append(self.images_dir)
        candidates = []
        if folder and not path_text.startswith("/"):
            candidates.append(folder / path_text)
        parts = [part for part in path_text.split("/") if part not in {"", ".", ".."}]
        for base in [*[root for root in roots if root], self.images_dir]:
            if base is None:
                continue
            candidates += [base.joinpath(*parts[start:]) for start in range(len(parts))]
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except (OSError, ValueError):
                continue
            if resolved.is_file() and any(resolved.is_relative_to(root) for root in allowed):
                return resolved
        original = RESIZED.sub(r"\1", reference)
        if original != reference:
            # WordPress's "photo-300x200.jpg" is a smaller copy of "photo.jpg".
            return self.find(original, folder=folder, roots=roots)
        return None

    def own_path(self, reference: str) -> str | None:
        """The path of a picture on the old site's own address, else None."""
        for prefix in self.local_prefixes:
            if reference.startswith(prefix):
                return "/" + reference[len(prefix) :]
        return None

    # Importing

    def image(self, path: Path, *, alt: str = "", credit: str = "", caption: str = ""):
        """
        The library image for a file: imported once, then reused. Raises ValidationError
        (with a message for the report) when the file is no acceptable picture.
        """
        found = self._found.get(path)
        if isinstance(found, str):
            raise ValidationError(found)
        if found is not None:
            return found
        texts = {"alt_text": alt[:300], "credit": credit[:200], "caption": caption[:500]}
        try:
            if self.dry_run:
                image = self._check_only(path)
            else:
                image = Image.objects.from_file(path, **texts)
        except ValidationError as error:
            self._found[path] = " ".join(error.messages)
            raise
        self._found[path] = image
        self.new_in_post.append(path)
        return image

    def _check_only(self, path: Path):
        """
        In a dry run: check the file like an upload and return the library's copy if it
        has one, else a stand-in that is never saved.
        """
        data = path.read_bytes()
        existing = Image.objects.filter(checksum=hashlib.sha256(data).hexdigest()).first()
        if existing is not None:
            return existing
        with path.open("rb") as file:
            validate_image_file(file)
        return PlannedImage(url=f"{settings.MEDIA_URL}images/{path.name}")

    def url(self, image) -> str:
        return image.url if isinstance(image, PlannedImage) else image.file.url

    def feature(self, spec: dict | None, *, folder, roots) -> tuple:
        """The feature image a post's ``image`` front matter names, and warnings."""
        if not spec:
            return None, []
        reference = spec["feature"]
        path_on_site = self.own_path(reference)
        if _is_remote(reference) and path_on_site is None:
            return None, [f"image: {reference} is on the web; only local pictures are imported"]
        path = self.find(path_on_site or reference, folder=folder, roots=roots)
        if path is None:
            return None, [f"image: {reference} not found{self._hint()}"]
        try:
            image = self.image(
                path,
                alt=spec.get("alt", ""),
                credit=spec.get("credit", ""),
                caption=spec.get("caption", ""),
            )
        except ValidationError as error:
            return None, [f"image: {reference} left out: {' '.join(error.messages)}"]
        if isinstance(image, PlannedImage):
            return None, []  # a dry run: the picture would be imported
        return image, []

    def rewrite_body(self, body: str, *, folder, roots) -> tuple[str, list[str]]:
        """
        The body with its local pictures in the library and their references rewritten;
        a picture that is missing or refused becomes its alt text, with a warning.
        """
        if "![" not in body and "<img" not in body.lower() and "]:" not in body:
            return body, []
        warnings: list[str] = []
        missing_refs: set[str] = set()

        def local_url(reference: str) -> str | None:
            """The library URL for a local picture, or None (with a warning)."""
            path_on_site = self.own_path(reference)
            path = self.find(path_on_site or reference, folder=folder, roots=roots)
            if path is None and path_on_site is not None:
                # Still on the old site, which may well be up: keep pointing there.
                warnings.append(
                    f"picture {reference} not found{self._hint()}; left on the old site"
                )
                return reference
            if path is None:
                warnings.append(f"picture {reference} not found{self._hint()}; shown as text")
                return None
            try:
                return self.url(self.image(path))
            except ValidationError as error:
                warnings.append(f"picture {reference} left out: {' '.join(error.messages)}")
                return None

        def markdown(match):
            src, is_image = match.group("src"), bool(match.group("bang"))
            # The text of a link may itself be a picture: [![thumbnail](a.jpg)](big.jpg).
            text = MARKDOWN_IMAGE.sub(markdown, match.group("text"))
            local = self.own_path(src) is not None
            if (_is_remote(src) and not local) or (not is_image and not _looks_like_image(src)):
                if text == match.group("text"):
                    return match.group()
                return f"{match.group('bang')}[{text}]({src}{match.group('title') or ''})"
            if _is_unsafe(src):
                warnings.append(f"picture {src[:60]} left out: not a web address")
                return text
            url = local_url(src)
            if url is None:
                # A link to a missing picture keeps its text; an image shows its alt text.
                return text
            return f"{match.group('bang')}[{text}]({url}{match.group('title') or ''})"

        def reference(match):
            src = match.group("src")
            remote = _is_remote(src) and self.own_path(src) is None
            if remote or not _looks_like_image(src) or _is_unsafe(src):
                return match.group()
            url = local_url(src)
            if url is None:
                missing_refs.add(match.group("ref").casefold())
                return match.group()
            return match.group("lead") + url

        def html_image(match):
            attributes = {
                name.lower(): html.unescape(value.strip("\"'"))
                for name, value in HTML_ATTRIBUTE.findall(match.group())
            }
            src = attributes.get("src", "")
            if _is_remote(src) and self.own_path(src) is None:
                return match.group()
            url = local_url(src) if src and not _is_unsafe(src) else None
            if url is None:
                if src and _is_unsafe(src):
                    warnings.append(f"picture {src[:60]} left out: not a web address")
                return html.escape(attributes.get("alt", ""))
            return HTML_ATTRIBUTE.sub(
                lambda attr: (
                    f'src="{html.escape(url)}"' if attr.group(1).lower() == "src" else attr.group()
                ),
                match.group(),
            )

        def change(text: str) -> str:
            text = REFERENCE.sub(reference, text)
            text = MARKDOWN_IMAGE.sub(markdown, text)
            text = HTML_IMAGE.sub(html_image, text)
            if missing_refs:
                # ![alt][ref] and ![ref] of a missing picture: the alt text alone.
                text = re.sub(
                    r"!\[([^\]\n]*)\](?:\[([^\]\n]*)\])?",
                    lambda m: (
                        m.group(1)
                        if (m.group(2) or m.group(1)).casefold() in missing_refs
                        else m.group()
                    ),
                    text,
                )
            return text

        return outside_code(body, change), list(dict.fromkeys(warnings))

    def _hint(self) -> str:
        return "" if self.images_dir else " (say where pictures are with --images DIR)"


def _is_remote(reference: str) -> bool:
    return reference.startswith("//") or bool(re.match(r"https?:", reference, re.IGNORECASE))


def _is_unsafe(reference: str) -> bool:
    """A scheme other than http(s), such as data: or javascript:."""
    head = re.split(r"[/?#]", reference, maxsplit=1)[0]
    return ":" in head and not _is_remote(reference)


def _looks_like_image(reference: str) -> bool:
    return Path(urlsplit(reference).path).suffix.lower() in IMAGE_SUFFIXES
