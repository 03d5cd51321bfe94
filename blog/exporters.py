"""
Posts out as Markdown files with YAML front matter (SPEC section 5), the format
import_posts reads, so that export and import give the same posts back.

One file per post, named like a Jekyll post (``2013-09-23-the-slug.md``), and the
pictures the post shows (its feature image, and the library images its body shows)
copied into ``images/`` beside the files, with the references rewritten to them. The
front matter says ``markdown: pressroom``: the body is Pressroom's Markdown as stored, to
be imported as it is; a body with Liquid-like text also says ``render_with_liquid:
false``, so that Jekyll shows that text as written too.
"""

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import yaml
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from blog.importers.posts import PRESSROOM_MARKDOWN
from blog.importers.segments import outside_code
from blog.models import Post

IMAGES_FOLDER = "images"
# Markdown images and links, and HTML img/a, whose address may be a library file.
MARKDOWN_REFERENCE = re.compile(r"(!?\[[^\]\n]*\]\(\s*<?)([^)\s>]+)")
HTML_REFERENCE = re.compile(r"""(<(?:img|a)\b[^>]*?\b(?:src|href)\s*=\s*["']?)([^"'\s>]+)""")
LIQUID_MARKERS = ("{%", "{{")


@dataclass
class ExportResult:
    """How many posts and pictures an export wrote."""

    posts: int = 0
    images: int = 0


def export_posts(directory: Path, *, include_drafts: bool = False, posts=None) -> ExportResult:
    """
    Write every post (published and scheduled ones; drafts too with ``include_drafts``)
    into ``directory`` as a front-matter Markdown file, pictures in ``images/``.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    if posts is None:
        posts = (
            Post.objects.all()
            if include_drafts
            else Post.objects.filter(status=Post.Status.PUBLISHED)
        )
    posts = posts.select_related("feature_image").prefetch_related(
        "topics", "categories", "tags", "related_links", "redirects",
        "post_contacts__contact", "related_entries__to_post",
    ).order_by("publish_at", "pk")  # fmt: skip
    writer = _Writer(directory)
    result = ExportResult()
    for post in posts.iterator(chunk_size=500):
        writer.write(post)
        result.posts += 1
    result.images = len(writer.copied)
    return result


def post_file_name(post: Post) -> str:
    """ "2013-09-23-the-slug.md": the post's date (in the newsroom's time zone) and slug."""
    return f"{timezone.localtime(post.publish_at):%Y-%m-%d}-{post.slug}.md"


class _Writer:
    def __init__(self, directory: Path):
        self.directory = directory
        self.copied: dict[str, str] = {}  # storage name -> path written, relative to directory
        self.taken: set[str] = set()
        self.prefixes = _storage_prefixes()

    def write(self, post: Post) -> None:
        body = self._body(post.body)
        meta = front_matter(post)
        if post.feature_image_id and post.feature_image.file:
            relative = self._copy(post.feature_image.file.name)
            if relative:
                image = {"feature": relative}
                for key, field in (
                    ("alt", "alt_text"), ("credit", "credit"), ("caption", "caption"),
                ):  # fmt: skip
                    if getattr(post.feature_image, field):
                        image[key] = getattr(post.feature_image, field)
                meta["image"] = image
        text = "---\n" + dump_yaml(meta) + "---\n" + body
        (self.directory / post_file_name(post)).write_text(text, encoding="utf-8")

    def _body(self, body: str) -> str:
        """The body with its library pictures' addresses pointing at the copies."""

        def rewrite(match):
            name = self._storage_name(match.group(2))
            relative = self._copy(name) if name else None
            return match.group(1) + relative if relative else match.group()

        def change(text):
            text = MARKDOWN_REFERENCE.sub(rewrite, text)
            return HTML_REFERENCE.sub(rewrite, text)

        return outside_code(body, change) if body else ""

    def _storage_name(self, url: str) -> str | None:
        for prefix in self.prefixes:
            if url.startswith(prefix):
                name = unquote(url[len(prefix) :])
                if name and ".." not in PurePosixPath(name).parts:
                    return name
        return None

    def _copy(self, name: str) -> str | None:
        """Copy a stored file into images/ once; return its path relative to the export."""
        if name in self.copied:
            return self.copied[name]
        if not default_storage.exists(name):
            return None
        stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
        candidate, counter = f"{stem}{suffix}", 2
        while candidate.casefold() in self.taken:
            candidate, counter = f"{stem}-{counter}{suffix}", counter + 1
        self.taken.add(candidate.casefold())
        target = self.directory / IMAGES_FOLDER / candidate
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as output:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                output.write(chunk)
        self.copied[name] = f"{IMAGES_FOLDER}/{candidate}"
        return self.copied[name]


def _storage_prefixes() -> list[str]:
    """The addresses library files are served from (MEDIA_URL, or the storage's own)."""
    prefixes = [settings.MEDIA_URL]
    with contextlib.suppress(NotImplementedError, ValueError):
        prefixes.append(default_storage.url(""))
    return [prefix for prefix in dict.fromkeys(prefixes) if prefix]


def _time(value) -> str:
    """A time as Jekyll writes it, in the newsroom's time zone: "2013-09-23 10:00:00 +0200"."""
    local = timezone.localtime(value)
    pattern = "%Y-%m-%d %H:%M:%S.%f %z" if local.microsecond else "%Y-%m-%d %H:%M:%S %z"
    return local.strftime(pattern)


def front_matter(post: Post) -> dict:
    """The post's front matter, in the order a person reads it; empty fields left out."""
    meta = {
        "title": post.title,
        "slug": post.slug,
        "date": _time(post.publish_at),
        "kind": post.kind,
        "language": post.language,
        "markdown": PRESSROOM_MARKDOWN,
    }
    if post.status != Post.Status.PUBLISHED:
        meta["published"] = False
    if any(marker in post.body for marker in LIQUID_MARKERS):
        meta["render_with_liquid"] = False
    optional = {
        "lead": post.lead,
        "byline": post.byline,
        "description": post.meta_description,
        "canonical_url": post.canonical_url,
        "event_start": _time(post.event_start) if post.event_start else "",
        "event_end": _time(post.event_end) if post.event_end else "",
        "event_location": post.event_location,
        "topics": [topic.name for topic in post.topics.all()],
        "categories": [category.name for category in post.categories.all()],
        "tags": sorted((tag.name for tag in post.tags.all()), key=str.casefold),
        "contacts": [_contact(entry.contact) for entry in post.post_contacts.all()],
        "related_links": [
            {"title": link.title, "url": link.url} for link in post.related_links.all()
        ],
        "related": [entry.to_post.slug for entry in post.related_entries.all()],
        "redirect_from": sorted(redirect.old_path for redirect in post.redirects.all()),
    }
    meta.update({key: value for key, value in optional.items() if value})
    return meta


def _contact(contact) -> dict:
    card = {"name": contact.name}
    for key in ("role", "title", "phone", "email"):
        if getattr(contact, key):
            card[key] = getattr(contact, key)
    return card


def dump_yaml(meta: dict) -> str:
    """YAML that reads back as the same values ("yes", "null" and "- x" stay text)."""
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100_000)
