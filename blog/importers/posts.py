"""
Posts from Markdown files with YAML front matter (SPEC section 5), Jekyll posts included.

Each file is read and checked first (read_post: front matter, then the body's Liquid and
kramdown turned into plain Markdown), then written in an atomic block of its own
(PostImporter.write), pictures, links and redirects included, so a file either lands
whole or not at all; a failed file leaves the others be. The key that makes a second
import update rather than duplicate is Post.source, "file:" plus the file's path relative
to the folder it was found in. Related posts are linked by slug once every file is in, so
a post may point at one that comes later in the same import.

Speed: an import does what Post.save() and the admin would do, with fewer queries. Topics,
categories, tags and contacts are looked up once per import and remembered; a post's
links to them go in with one insert per table; its search index entry is written once,
after its tags and topics (see _search_index_written_by_importer); and posts are
committed in batches (see _Commits).
"""

import datetime as dt
import html
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connections, router, transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from taggit.models import Tag

from blog import search
from blog.markdown import MarkdownBudgetError, render_markdown
from blog.models import (
    Category,
    Post,
    PostContact,
    Redirect,
    RelatedLink,
    RelatedPost,
    TaggedPost,
)
from pressroom.models import Contact, Topic
from pressroom.text import clean_tag_names, clean_text

from . import kramdown, liquid
from .frontmatter import (
    JEKYLL_NAME,
    Document,
    FrontMatterError,
    jekyll_name_parts,
    parse_date,
    split_front_matter,
)
from .jekyll import PERMALINK_STYLES, clean_path, post_folder_parts, post_url, read_inside
from .media import ImageImporter
from .sources import (
    MAX_FILE_BYTES,
    SUFFIXES,
    Collected,
    SourceError,
    SourceFile,
    collect_files,
    collect_sources,
    remove_tree,
)

__all__ = [
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "Collected",
    "ImportResult",
    "PostData",
    "PostImportError",
    "SourceFile",
    "collect_files",
    "collect_sources",
    "import_files",
    "import_paths",
    "read_post",
]

PRESS_CONTACT_ROLES = {"presskontakt", "press contact"}
CONTACT_FIELDS = {"role": 100, "title": 200, "phone": 50, "email": 254}
FALSE_WORDS = {"false", "no", "off", "0"}
# The fields of a post that an import sets, compared to tell "updated" from "unchanged".
SNAPSHOT_FIELDS = [
    "title", "slug", "kind", "lead", "body", "status", "publish_at", "language", "byline",
    "meta_description", "canonical_url", "event_start", "event_end", "event_location",
    "feature_image",
]  # fmt: skip
# Language codes as sites write them, for the codes Pressroom uses.
LANGUAGE_ALIASES = {
    "zh": "zh-hans", "zh-cn": "zh-hans", "zh-sg": "zh-hans", "zh-tw": "zh-hant",
    "zh-hk": "zh-hant", "zh-mo": "zh-hant", "iw": "he", "in": "id", "no": "nb", "jp": "ja",
}  # fmt: skip
# Jekyll's "pretty" slug of a title in a URL: letters, digits and "._~!$&'()+,;=@" stay,
# every run of other characters (dashes included) becomes one "-".
URL_TITLE_UNSAFE = re.compile(r"[^\w.~!$&'()+,;=@]+")
MAX_REDIRECTS = 50
# Where front matter gives a post's date: Jekyll's key first, then those of other tools.
DATE_KEYS = ("date", "pubDate", "pubdate", "published", "created", "created_at")
# "markdown: pressroom" in front matter (export_posts writes it): the body is Markdown as
# Pressroom stores it, to be taken as it is, without Jekyll's Liquid and kramdown steps.
PRESSROOM_MARKDOWN = "pressroom"
# An import commits its posts in batches of this many posts or seconds (see _Commits).
COMMIT_POSTS = 200
COMMIT_SECONDS = 2.0


class PostImportError(ValueError):
    """A file that cannot become a post; the message is the reason shown to the user."""


@dataclass
class ContactData:
    name: str
    fields: dict = field(default_factory=dict)


@dataclass
class LinkData:
    title: str
    url: str


@dataclass
class PostData:
    """What one file says about its post, checked and ready to be written."""

    title: str
    slug: str
    kind: str = Post.Kind.BLOG_POST
    language: str = ""
    lead: str = ""
    body: str = ""
    status: str = Post.Status.PUBLISHED
    publish_at: dt.datetime | None = None
    byline: str = ""
    meta_description: str = ""
    canonical_url: str = ""
    event_start: dt.datetime | None = None
    event_end: dt.datetime | None = None
    event_location: str = ""
    topics: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    contacts: list[ContactData] = field(default_factory=list)
    related_links: list[LinkData] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    # Old URL paths of the post (permalink, redirect_from, Jekyll's URL): 301s to it.
    redirects: list[str] = field(default_factory=list)
    # {feature, alt, credit, caption}: the feature image, found when the post is written.
    image: dict | None = None
    # A post with this slug is this file's post even if it came from elsewhere (the files
    # of export_posts: exporting and importing again updates the same posts).
    same_slug_same_post: bool = False


@dataclass
class ImportResult:
    """What an import did: counts, the files that failed and why, and warnings."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    # (file name, "created" | "updated" | "unchanged"), in import order.
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    # Files that were found but are not posts (Jekyll reads only dated names in _posts/).
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # Whether ``outcomes`` is kept: a report that does not list each post needs none, and
    # then an import holds nothing for each post it has written.
    keep_outcomes: bool = field(default=True, repr=False)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        text = (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, failed {self.failed}"
        )
        return text + (f", skipped {len(self.skipped)}" if self.skipped else "")

    def merge(self, other: "ImportResult") -> None:
        """Add another result's counts and messages to this one."""
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failures += other.failures
        self.warnings += other.warnings
        self.outcomes += other.outcomes
        self.skipped += other.skipped

    def _count(self, name: str, outcome: str) -> int | None:
        """Count a post's outcome; return where it is in ``outcomes`` (if they are kept)."""
        setattr(self, outcome, getattr(self, outcome) + 1)
        if not self.keep_outcomes:
            return None
        self.outcomes.append((name, outcome))
        return len(self.outcomes) - 1

    def _changed_later(self, outcome: str, index: int | None) -> None:
        """An unchanged post whose related posts changed after all is an updated one."""
        if outcome != "unchanged":
            return
        self.unchanged -= 1
        self.updated += 1
        if index is not None:
            self.outcomes[index] = (self.outcomes[index][0], "updated")


# Reading files -------------------------------------------------------------------------


class LinkIndex:
    """
    Where Liquid's ``{% link %}`` and ``{% post_url %}`` point: the old Jekyll URL of the
    post they name, which the import makes a redirect to the post's page. A post in this
    import is known by its file; one imported earlier by the redirect its URL already has.
    """

    def __init__(self, files: Iterable[SourceFile] = ()):
        # Where each Jekyll post of the import is: its place in ``files``.
        self.files = files
        self.by_path: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self._urls: dict[int, str | None] = {}
        for where, source_file in enumerate(files):
            parts = source_file.jekyll_parts
            if parts is None:
                continue
            self.by_path[source_file.site_path] = where
            # "_posts/2020-01-02-a.md" too: the import may have started above the site.
            self.by_path.setdefault(f"{parts[1]}/{parts[2]}", where)
            inside = parts[2].rsplit(".", 1)[0]
            self.by_name.setdefault(inside, where)
            self.by_name.setdefault(inside.rsplit("/", 1)[-1], where)
        self._known: dict[str, bool] = {}

    def link(self, path: str, site) -> str | None:
        path = path.strip().lstrip("/")
        target = self.by_path.get(path)
        if target is not None:
            return self._url(target)
        return self._imported_before(link_url(site, path))

    def post(self, name: str, site) -> str | None:
        name = name.strip().strip("/")
        target = self.by_name.get(name)
        if target is None:
            target = self.by_name.get(name.rsplit("/", 1)[-1])
        if target is not None:
            return self._url(target)
        return self._imported_before(link_url(site, f"_posts/{name}.md"))

    def _url(self, where: int) -> str | None:
        """The URL Jekyll gave the post: from its front matter too (permalink, categories)."""
        if where not in self._urls:
            source_file = self.files[where]
            try:
                url = jekyll_url(source_file.read(), source_file)
            except (PostImportError, FrontMatterError, SourceError, ValueError):
                url = None
            self._urls[where] = url or link_url(source_file.site, source_file.site_path)
        return self._urls[where]

    def _imported_before(self, url: str | None) -> str | None:
        if url is None:
            return None
        if url not in self._known:
            self._known[url] = Redirect.objects.filter(old_path=url).exists()
        return url if self._known[url] else None


def link_url(site, site_path: str) -> str | None:
    """
    The old URL of a Jekyll post from its path in the site alone ("en/news/_posts/
    2020-01-02-a.md" gives "/en/news/2020/01/02/a.html" with the default permalinks).
    """
    parts = post_folder_parts(site_path)
    if parts is None:
        return None
    categories, _folder, inside = parts
    match = JEKYLL_NAME.match(inside.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    if not match:
        return None
    year, month, day, title = match.groups()
    try:
        date = dt.datetime(int(year), int(month), int(day))
    except ValueError:
        return None
    return post_url(
        site.permalink if site else PERMALINK_STYLES["date"],
        date=date,
        title=_url_title(title),
        categories=categories,
        baseurl=site.baseurl if site else "",
    )


def jekyll_url(text: str, source_file: SourceFile) -> str:
    """
    The URL Jekyll gives a post file: its permalink, or the site's pattern filled in with
    its date, categories (folders and front matter) and title, as read_post works it out.
    """
    meta = split_front_matter(text).metadata
    name = source_file.name.replace("\\", "/").rsplit("/", 1)[-1]
    jekyll = jekyll_name_parts(name)
    site = source_file.site
    data = PostData(title="", slug=jekyll[1] if jekyll else "")
    data.categories = _unique(
        _names(meta, "categories", 200, [], split_spaces=True)
        + _names(meta, "category", 200, [], split_spaces=False)
    )
    zone = _site_zone(site)
    if meta.get("date") not in (None, ""):
        data.publish_at = parse_date(meta["date"], zone)
    elif jekyll:
        data.publish_at = parse_date(jekyll[0], zone)
    url_title = _url_title(_text(meta, "slug", None) or _file_title(name) or data.slug)
    return _old_url(meta, data, site, source_file.jekyll_parts, url_title, [])


def _url_title(title: str) -> str:
    return URL_TITLE_UNSAFE.sub("-", title).strip("-")


def _clean_values(value, seen=None):
    """
    Front matter with ``clean_text`` applied to every string in it. A list or mapping that
    YAML aliases make appear many times is cleaned once (an alias bomb stays small).
    """
    if isinstance(value, str):
        return clean_text(value)
    if not isinstance(value, (dict, list)):
        return value
    seen = {} if seen is None else seen
    if id(value) not in seen:
        if isinstance(value, dict):
            cleaned = {key: _clean_values(item, seen) for key, item in value.items()}
        else:
            cleaned = [_clean_values(item, seen) for item in value]
        seen[id(value)] = cleaned
    return seen[id(value)]


def read_post(
    text: str,
    filename: str,
    *,
    source_file: SourceFile | None = None,
    links: LinkIndex | None = None,
) -> tuple[PostData, list[str]]:
    """
    Check a front-matter document and turn it into PostData, with warnings.

    Raise PostImportError (or FrontMatterError) for anything that would make a
    wrong post; things that can be left out without harm are left out with a
    warning. Unknown front-matter keys (Jekyll's ``layout`` and the like) are ignored.
    ``source_file`` tells where the file lies in a Jekyll site (for its URL, categories
    from folders, drafts, includes), ``links`` where the posts of the import are.
    """
    # A control character pasted into the front matter would make it invalid YAML, and YAML
    # escapes ("\a") make more: taken out before and after parsing (as every saved text is
    # cleaned, see pressroom.text), names of topics, tags and contacts find their rows.
    text = clean_text(text)
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    jekyll = jekyll_name_parts(name)
    warnings = []
    try:
        document = split_front_matter(text)
    except FrontMatterError:
        # Jekyll publishes a dated file in _posts without front matter too, titled and
        # dated by its name; elsewhere a file without front matter is not a post.
        in_posts = source_file and (source_file.jekyll_parts or [None, None])[1] == "_posts"
        if not (in_posts and jekyll and not text.lstrip("\ufeff").startswith("---")):
            raise
        document = Document(metadata={}, body=text.removeprefix("\ufeff"))
        warnings.append("no front matter: the title and date come from the file name")
    meta = _clean_values(document.metadata)
    site = source_file.site if source_file else None
    jekyll_parts = source_file.jekyll_parts if source_file else None
    zone = _site_zone(site)

    title = _text(meta, "title", 300, warnings)
    if not title and jekyll:
        title = jekyll[1].replace("-", " ").capitalize()
    if not title:
        raise PostImportError("no title: add 'title: ...' to the front matter")

    slug = slugify(_text(meta, "slug", 200), allow_unicode=True)
    slug = slug or (jekyll[1] if jekyll else "") or slugify(title, allow_unicode=True) or "post"

    data = PostData(
        title=title,
        slug=slug[:200].strip("-"),
        kind=_kind(meta),
        language=_language(meta, site, warnings),
        lead=_text(meta, "lead", None) or _text(meta, "excerpt", None),
        body=document.body.replace("\x00", ""),
        status=_status(meta),
        byline=_byline(meta, warnings),
        meta_description=_text(meta, "description", 300, warnings),
        event_location=_text(meta, "event_location", 300, warnings),
        topics=_names(meta, "topics", 200, warnings, split_spaces=False),
        categories=_names(meta, "categories", 200, warnings, split_spaces=True)
        + _names(meta, "category", 200, warnings, split_spaces=False),
        tags=_names(meta, "tags", 100, warnings, split_spaces=True)
        + _names(meta, "tag", 100, warnings, split_spaces=False),
        contacts=_contacts(meta.get("contacts"), warnings),
        related_links=_related_links(meta.get("related_links"), warnings),
        related=_related(meta.get("related")),
        image=_image(meta),
    )
    data.categories = _unique(data.categories)
    data.tags = _unique(data.tags)
    if jekyll_parts and jekyll_parts[1] == "_drafts":
        data.status = Post.Status.DRAFT  # Jekyll's drafts folder

    date_key = next((key for key in DATE_KEYS if _is_date_value(meta.get(key))), None)
    if date_key:
        data.publish_at = parse_date(meta[date_key], zone)
    elif jekyll:
        data.publish_at = parse_date(jekyll[0], zone)
    else:
        warnings.append(
            "no date: neither the front matter (date, pubDate, published, created) nor the "
            "file name gives one, so the post is dated when it was imported"
        )
    for key in ("event_start", "event_end"):
        if meta.get(key) not in (None, ""):
            try:
                setattr(data, key, parse_date(meta[key], zone))
            except FrontMatterError as error:
                raise PostImportError(f"{key}: {error}") from None
    if data.event_start and data.event_end and data.event_end < data.event_start:
        raise PostImportError("event_end is before event_start")

    canonical = _text(meta, "canonical_url", 200)
    if canonical and _is_web_url(canonical):
        data.canonical_url = canonical
    elif canonical:
        warnings.append(f"canonical_url {canonical!r} left out: only http and https URLs are kept")

    url_title = _url_title(_text(meta, "slug", 200) or _file_title(name) or data.slug)
    old_url = _old_url(meta, data, site, jekyll_parts, url_title, warnings)
    own_permalink = isinstance(meta.get("permalink"), str) and meta["permalink"].strip()
    data.redirects = _unique_paths(
        [old_url, *_redirect_from(meta.get("redirect_from"), warnings)]
        # The URL from the file's path alone, as links made before may point; not for a
        # post with its own permalink, which Jekyll gives that address only.
        + ([link_url(site, source_file.site_path)] if jekyll_parts and not own_permalink else [])
    )

    if meta.get("markdown") == PRESSROOM_MARKDOWN:
        # Written by export_posts: the body is Pressroom's Markdown as it was stored, and
        # the slug names the post (the same newsroom's post when it has no import source).
        data.same_slug_same_post = True
        return data, warnings
    if _render_liquid(meta):
        context = liquid.LiquidContext(
            site=site.liquid_site() if site else {"url": "", "baseurl": ""},
            page=_liquid_page(meta, data, old_url, url_title, source_file),
            read_include=site.read_include if site else (lambda include: None),
            read_relative=lambda path: _read_relative(source_file, path),
            link_url=lambda path: links.link(path, site) if links else None,
            post_url=lambda post: links.post(post, site) if links else None,
        )
        data.body, liquid_warnings = liquid.convert(data.body, context)
        warnings += liquid_warnings
    data.body, kramdown_warnings = kramdown.convert(data.body)
    warnings += kramdown_warnings
    _apply_excerpt_separator(data, meta, site)
    return data, warnings


def _is_date_value(value) -> bool:
    """A front-matter value that is meant as a date ("published: true" is not one)."""
    if isinstance(value, bool) or value in (None, ""):
        return False
    if isinstance(value, str):
        return value.strip().lower() not in FALSE_WORDS | {"true", "yes", "on", "1"}
    return isinstance(value, dt.date)


def _site_zone(site) -> dt.tzinfo | None:
    """The time zone a Jekyll site's _config.yml names, for dates written without one."""
    name = site.config.get("timezone") if site else None
    if not isinstance(name, str):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _file_title(name: str) -> str:
    """The title part of a Jekyll post file name, as written ("escape-+ %20[]")."""
    match = JEKYLL_NAME.match(name.rsplit(".", 1)[0] if "." in name else name)
    return match.group(4) if match else ""


def _old_url(meta, data: PostData, site, jekyll_parts, url_title: str, warnings) -> str:
    """
    The URL the post had: its ``permalink`` (Jekyll's placeholders filled in), or for a
    post in a Jekyll _posts/ folder the URL Jekyll gave it from the site's permalink
    setting, its folders and categories, its date and its title.
    """
    permalink = meta.get("permalink")
    has_permalink = isinstance(permalink, str) and permalink.strip()
    if not has_permalink and not (jekyll_parts and jekyll_parts[1] == "_posts"):
        return ""
    pattern = permalink.strip() if has_permalink else site.permalink
    pattern = PERMALINK_STYLES.get(pattern, pattern)
    if pattern.startswith(("http://", "https://")):
        pattern = urlsplit(pattern).path or "/"
    if len(pattern) > 500:
        warnings.append("permalink left out: longer than 500 characters")
        return ""
    folders = list(jekyll_parts[0]) if jekyll_parts else []
    date = data.publish_at
    if date is None:
        if re.search(r":(year|month|day|i_|short_year|hour|minute|second|y_day|week)", pattern):
            warnings.append(f"permalink {pattern!r} left out: it needs a date")
            return ""
        date = dt.datetime(2000, 1, 1)
    # Jekyll writes the date in the site's time zone.
    local = date.astimezone(_site_zone(site) or ZoneInfo(settings.TIME_ZONE))
    path = post_url(
        pattern,
        date=local,
        title=url_title,
        categories=folders + data.categories,
        baseurl=site.baseurl if site else "",
    )
    if ":" in path:
        warnings.append(f"permalink {pattern[:100]!r} left out: not a plain path")
        return ""
    return path


def _redirect_from(value, warnings: list) -> list[str]:
    """The jekyll-redirect-from plugin's ``redirect_from``: old paths of the post."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    paths = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            continue
        path = item.strip()
        if path.startswith(("http://", "https://")):
            path = urlsplit(path).path or "/"
        if ":" in path or len(path) > 500:
            warnings.append(f"redirect_from {path[:100]!r} left out: not a plain path")
            continue
        paths.append(clean_path(path))
    return paths


def _unique_paths(paths: list) -> list[str]:
    return list(dict.fromkeys(path for path in paths if path and path != "/"))[:MAX_REDIRECTS]


def _render_liquid(meta: dict) -> bool:
    """Jekyll 4's ``render_with_liquid: false`` (Pressroom's exports use it) keeps Liquid out."""
    value = meta.get("render_with_liquid", True)
    if isinstance(value, str):
        return value.strip().lower() not in FALSE_WORDS
    return value is not False


def _liquid_page(meta, data: PostData, old_url: str, url_title: str, source_file) -> dict:
    """``page`` as Liquid in a Jekyll post sees it."""
    page = {str(key): value for key, value in meta.items()}
    page.update(
        title=data.title,
        date=data.publish_at,
        url=old_url,
        id=old_url.rsplit(".", 1)[0] if old_url.endswith(".html") else old_url.rstrip("/"),
        categories=data.categories,
        tags=data.tags,
        excerpt=data.lead,
        slug=url_title,
        path=source_file.site_path if source_file else "",
    )
    return page


def _read_relative(source_file: SourceFile | None, path: str) -> str | None:
    """Jekyll's include_relative: a file beside the post, inside its site."""
    if source_file is None or source_file.folder is None:
        return None
    root = source_file.site.root if source_file.site and source_file.site.root else None
    root = root or source_file.folder
    try:
        relative = (source_file.folder / path).resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return None
    return read_inside(root, relative.as_posix())


def _apply_excerpt_separator(data: PostData, meta: dict, site) -> None:
    """
    Jekyll's ``excerpt_separator`` marks where the opening of a post ends. The separator
    never reaches readers. When the post has no lead and the opening is one plain
    paragraph, it becomes the lead (shown above the body, so it leaves the body); an
    opening with links or other markup stays in the body, where nothing is lost.
    """
    separator = meta.get("excerpt_separator")
    if not isinstance(separator, str):
        separator = site.excerpt_separator if site else None
    if not separator or not separator.strip() or separator not in data.body:
        return
    head, tail = data.body.split(separator, 1)
    rendered = render_markdown(head)
    plain = re.fullmatch(r"<p>([^<]*)</p>", rendered.strip())
    if not data.lead and plain:
        data.lead = " ".join(html.unescape(plain.group(1)).split())
        data.body = tail.lstrip("\n")
    else:
        data.body = head.rstrip() + "\n\n" + tail.lstrip("\n")


def _text(meta: dict, key: str, max_length: int | None, warnings: list | None = None) -> str:
    """
    A front-matter value as stripped text ("" when absent). A value longer than
    ``max_length`` is shortened at a word boundary with a warning when ``warnings`` is
    given (the post is kept), and is an error otherwise.
    """
    value = meta.get(key)
    if value is None:
        return ""
    text = _scalar(value)
    if text is None:
        raise PostImportError(f"{key}: expected text, found a {type(value).__name__}")
    value = " ".join(text.split()) if warnings is not None else text.strip()
    if max_length and len(value) > max_length:
        if warnings is None:
            raise PostImportError(f"{key}: longer than {max_length} characters")
        value = _shorten(value, max_length, key, warnings)
    return value


def _shorten(text: str, max_length: int, what: str, warnings: list) -> str:
    """``text`` cut at the last word boundary that fits ``max_length`` with an ellipsis."""
    cut = text[: max_length - 1]
    space = cut.rfind(" ")
    if space > max_length // 2:
        cut = cut[:space]
    cut = cut.rstrip(" ,;:.-") + "\u2026"
    warnings.append(
        f"{what}: shortened to {len(cut)} characters at a word boundary "
        f"(it had {len(text)}, more than the {max_length} a post keeps)"
    )
    return cut


def _names(meta: dict, key: str, max_length: int, warnings: list, *, split_spaces: bool):
    """
    A list of names from a YAML list or, for Jekyll's categories and tags, a
    space-separated string. Each list item is one name, commas and all.
    """
    value = meta.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        # Jekyll's "sales coaching"; "sales, coaching" is meant the same way.
        items = re.split(r"[\s,]+", value) if split_spaces else [value]
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    names = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, list | dict):
            warnings.append(f"{key}: left out an item that is a list or mapping, not a name")
            continue
        name = " ".join((_scalar(item) or "").split())
        if len(name) > max_length:
            name = _shorten(name, max_length, f"{key}: {name[:40]!r}...", warnings)
        if name:
            names.append(name)
    return _unique(names)


def _scalar(value) -> str | None:
    """The text of a single YAML value; None for nothing, lists and mappings."""
    if isinstance(value, str | int | float | dt.date):
        return str(value)
    return None


def _unique(names: list[str]) -> list[str]:
    """Names without repeats (compared without case), in their first order."""
    seen, unique = set(), []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append(name)
    return unique


def _kind(meta: dict) -> str:
    value = _text(meta, "kind", 50)
    if not value:
        return Post.Kind.BLOG_POST
    kind = value.lower().replace("-", "_").replace(" ", "_")
    if kind not in Post.Kind.values:
        raise PostImportError(f"kind: {value!r} is not one of {', '.join(Post.Kind.values)}")
    return kind


def _language(meta: dict, site=None, warnings: list | None = None) -> str:
    """
    The post's language: one of settings.PRESSROOM_CONTENT_LANGUAGES ("zh_CN" is "zh-hans").
    A post that names none has its site's (``lang`` or ``locale`` in _config.yml, "en-US"
    is English), else the newsroom's. One Pressroom does not know is a warning, and the
    post keeps the site's or newsroom's language rather than being lost.
    """
    value = _text(meta, "language", 20) or _text(meta, "lang", 20)
    site_value = _site_language(site)
    code = _language_code(value) if value else None
    if code:
        return code
    if value and warnings is not None:
        warnings.append(
            f"language: {value!r} is not a language Pressroom knows; "
            "the post has its site's or the newsroom's language"
        )
    elif value:
        raise PostImportError(f"language: {value!r} is not a language Pressroom knows")
    return site_value or settings.LANGUAGE_CODE


def _language_code(value: str) -> str | None:
    languages = dict(settings.PRESSROOM_CONTENT_LANGUAGES)
    code = value.lower().replace("_", "-")
    code = LANGUAGE_ALIASES.get(code, code)
    if code not in languages:
        primary = code.split("-")[0]  # "sv-SE" is Swedish
        code = LANGUAGE_ALIASES.get(primary, primary)
    return code if code in languages else None


def _site_language(site) -> str | None:
    """The language a Jekyll site's _config.yml gives its posts (``lang`` or ``locale``)."""
    if site is None:
        return None
    for key in ("lang", "locale", "language"):
        value = site.config.get(key)
        if isinstance(value, str) and value.strip():
            return _language_code(value.strip()[:20])
    return None


def _status(meta: dict) -> str:
    published = meta.get("published", True)
    if isinstance(published, str):
        published = published.strip().lower() not in FALSE_WORDS
    if published is False or published == 0:
        return Post.Status.DRAFT
    status = _text(meta, "status", 20).lower()
    if status in Post.Status.values:
        return status
    return Post.Status.PUBLISHED


def _byline(meta: dict, warnings: list) -> str:
    value = meta.get("byline") or meta.get("author")
    if isinstance(value, dict):  # Jekyll themes often write author: {name: ...}
        value = value.get("name")
    if not isinstance(value, str | int | float):
        return ""
    byline = " ".join(str(value).split())
    if len(byline) > 200:
        byline = _shorten(byline, 200, "byline", warnings)
    return byline


def _contacts(value, warnings: list) -> list[ContactData]:
    """
    Contact cards: mappings of name, role, title, phone and email, or bare names.

    A card without a name cannot be matched to anyone, so it makes the file fail
    rather than leave the post with a part of its contacts.
    """
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    contacts, seen = [], set()
    for number, item in enumerate(value, start=1):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            raise PostImportError(f"contacts: item {number} is not a name or a mapping")
        name = " ".join((_scalar(item.get("name")) or "").split())
        if not name:
            raise PostImportError(f"contacts: item {number} has no name")
        if len(name) > 200:
            raise PostImportError(f"contacts: item {number} has a name over 200 characters")
        contact = ContactData(name=name)
        for key, max_length in CONTACT_FIELDS.items():
            raw = _scalar(item.get(key))
            if raw is None:
                continue
            text = " ".join(raw.split())
            if len(text) > max_length:
                raise PostImportError(f"contacts: {name}: {key} is over {max_length} characters")
            contact.fields[key] = text
        email = contact.fields.get("email")
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                warnings.append(f"contacts: {name}: left out the email {email!r}, not an address")
                del contact.fields["email"]
        if name.casefold() not in seen:
            seen.add(name.casefold())
            contacts.append(contact)
    return contacts


def _is_web_url(url: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def _related_links(value, warnings: list) -> list[LinkData]:
    """Links under the post; only http and https ones are kept, the rest are warned about."""
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    links = []
    for item in value:
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict):
            warnings.append("related_links: left out an item that is not a title and a URL")
            continue
        url = (_scalar(item.get("url")) or "").strip()
        title = " ".join((_scalar(item.get("title")) or "").split()) or url
        if len(url) > 1000 or not _is_web_url(url):
            warnings.append(
                f"related_links: left out {url[:100]!r}, only http and https links are kept"
            )
            continue
        links.append(LinkData(title=title[:300], url=url))
    return links


def _related(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    slugs = [str(item).strip().strip("/") for item in items if isinstance(item, str | int)]
    return _unique([slug for slug in slugs if slug])


def _image(meta: dict) -> dict | None:
    """
    The feature image: ``image`` as a path, or as a mapping of ``feature`` (or ``path``)
    with ``alt``, ``credit`` and ``caption``, as Jekyll themes write it; or
    ``feature_image`` as a path.
    """
    value = meta.get("image")
    if value in (None, ""):
        value = meta.get("feature_image")
    if isinstance(value, str) and value.strip():
        return {"feature": value.strip()}
    if isinstance(value, dict):
        feature = _scalar(value.get("feature")) or _scalar(value.get("path"))
        if feature and feature.strip():
            image = {key: _scalar(value.get(key)) for key in ("alt", "credit", "caption")}
            image = {key: " ".join(text.split()) for key, text in image.items() if text}
            return {"feature": feature.strip(), **image}
    return None


# Writing posts -------------------------------------------------------------------------


def import_paths(
    paths,
    *,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
    images_dir: Path | None = None,
    site_url: str | None = None,
    keep_outcomes: bool = True,
) -> ImportResult:
    """
    Import the files, folders and zip files named by ``paths``; missing paths count as
    failed. Zip files are unpacked into a temporary folder that is removed afterwards.
    """
    workdir = Path(tempfile.mkdtemp(prefix="pressroom-import-"))
    try:
        collected = collect_sources(paths, workdir=workdir, site_url=site_url)
        result = import_files(
            collected.files,
            dry_run=dry_run,
            progress=progress,
            images_dir=images_dir,
            keep_outcomes=keep_outcomes,
        )
    finally:
        remove_tree(workdir)
    result.failures[:0] = collected.missing
    result.skipped[:0] = collected.skipped
    return result


def import_files(
    files: list[SourceFile],
    *,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
    images_dir: Path | None = None,
    keep_outcomes: bool = True,
) -> ImportResult:
    """
    Create or update one post per file, then link related posts by slug.

    A file that fails is recorded with its reason and the others still import.
    With ``dry_run`` everything happens inside a transaction that is rolled
    back, so the counts are exactly those of a real import and nothing is kept
    (and no picture is written to storage).
    """
    result = ImportResult(keep_outcomes=keep_outcomes)
    importer = PostImporter(files, images_dir=images_dir, dry_run=dry_run)
    # A dry run keeps everything in one transaction, so that related posts resolve as
    # they would, then rolls it back.
    with _Commits(dry_run) as commits, _search_index_written_by_importer():
        # (file name, post pk, related slugs, where its outcome is) of the posts whose
        # related posts may have to be set or changed.
        related = []
        for source_file in progress(files) if progress else files:
            try:
                data, warnings = importer.read(source_file)
                post, outcome, write_warnings = importer.write(data, source_file)
            except (PostImportError, FrontMatterError, SourceError) as error:
                result.failures.append((source_file.name, str(error)))
                continue
            except MarkdownBudgetError as error:
                result.failures.append((source_file.name, f"the body: {error.message}"))
                continue
            except Exception as error:  # one bad file must not stop the others
                result.failures.append((source_file.name, f"{type(error).__name__}: {error}"))
                continue
            result.warnings += [(source_file.name, text) for text in warnings + write_warnings]
            index = result._count(source_file.name, outcome)
            commits.written()
            if data.related or outcome != "created":
                related.append((source_file.name, post.pk, data.related, outcome, index))
        for name, post_pk, slugs, outcome, index in related:
            try:
                if _link_related(name, post_pk, slugs, result):
                    result._changed_later(outcome, index)
            except Exception as error:  # the post itself is in; say what is missing
                result.warnings.append((name, f"related posts not linked: {error}"))
    return result


class _Commits:
    """
    Commits an import's posts in batches. Each post is written in an atomic block of its
    own (a savepoint), so a post that fails is rolled back whole and leaves the others be;
    the batch around them is committed every COMMIT_POSTS posts or COMMIT_SECONDS seconds.
    A commit waits for the disk, and one per post would make an import several times
    slower; an import that is interrupted loses at most its last batch, whole posts only,
    and running it again completes it. A dry run is one batch, rolled back at the end.
    """

    def __init__(self, dry_run: bool):
        self.dry_run = dry_run
        self.block = None

    def __enter__(self):
        self._begin()
        return self

    def _begin(self):
        self.block = transaction.atomic()
        self.block.__enter__()
        self.count, self.started = 0, time.monotonic()

    def written(self) -> None:
        """Called after each post: commit when the batch is full or old enough."""
        self.count += 1
        if self.dry_run:
            return
        if self.count >= COMMIT_POSTS or time.monotonic() - self.started > COMMIT_SECONDS:
            self.block.__exit__(None, None, None)
            self._begin()

    def __exit__(self, *exc_info):
        if self.dry_run:
            transaction.set_rollback(True)
        return self.block.__exit__(*exc_info)


@contextmanager
def _search_index_written_by_importer():
    """
    Post.save() indexes the post for search (blog.signals) before the importer has
    written its tags and topics, which would then be indexed a second time. While an
    import runs, the importer indexes each post itself, once, at the end of the post's
    transaction; the signal is connected again afterwards. (Imports run in a management
    command, so pausing the signal in this process touches no reader's request.)
    """
    from blog import signals

    uid = "blog_search_index_post"
    paused = post_save.disconnect(sender=Post, dispatch_uid=uid)
    # Press kits of imported posts are built when first downloaded, not a task per post.
    kit_uid = "blog_press_kit_post"
    kits_paused = post_save.disconnect(sender=Post, dispatch_uid=kit_uid)
    try:
        yield
    finally:
        if paused:
            post_save.connect(signals.index_saved_post, sender=Post, dispatch_uid=uid)
        if kits_paused:
            post_save.connect(signals.queue_press_kit, sender=Post, dispatch_uid=kit_uid)


class PostImporter:
    """
    Reads and writes the posts of one import. Topics, categories, tags and contacts are
    looked up once per import and remembered; what a failed post made is forgotten with it.
    """

    def __init__(
        self,
        files=(),
        *,
        images_dir: Path | None = None,
        dry_run: bool = False,
        local_prefixes=(),
    ):
        self.links = LinkIndex(files)
        # A Jekyll site's own address (its _config.yml "url"): pictures linked with it
        # are the site's own, looked for like local ones.
        site_urls = {
            source_file.site.config.get("url")
            for source_file in files
            if source_file.site and isinstance(source_file.site.config.get("url"), str)
        }
        self.images = ImageImporter(
            images_dir, dry_run=dry_run, local_prefixes=[*local_prefixes, *sorted(site_urls)]
        )
        self.topics: dict[str, Topic] = {}
        self.categories: dict[str, Category] = {}
        self.tags: dict[str, Tag] = {}
        self.contacts: dict[str, Contact] = {}
        self._made: list[tuple[dict, str]] = []  # cache entries made or changed by this post
        with translation.override(settings.LANGUAGE_CODE):
            self._post_path = reverse("blog:post", kwargs={"slug": "-slug-"})

    def read(self, source_file: SourceFile) -> tuple[PostData, list[str]]:
        return read_post(
            source_file.read(), source_file.name, source_file=source_file, links=self.links
        )

    def write(self, data: PostData, source_file: SourceFile) -> tuple[Post, str, list[str]]:
        """Write one post and everything it carries in one transaction; return the outcome."""
        self._made = []
        try:
            post, outcome, warnings = self._write(data, source_file)
        except Exception:
            self._forget_made()
            raise
        if outcome == "unchanged":
            self._forget_made()  # rolled back: anything made for it is gone again
        self.images.new_in_post = []
        return post, outcome, warnings

    def _forget_made(self) -> None:
        for cache, key in self._made:
            cache.pop(key, None)
        self._made = []
        self.images.forget_new()

    def _write(self, data: PostData, source_file: SourceFile):
        warnings: list[str] = []
        source = source_file.source
        # Where pictures may be read from: the site, or the folder of a file named alone.
        site_root = source_file.site.root if source_file.site else None
        roots = [root for root in (site_root, source_file.folder) if root]
        with transaction.atomic():
            # The post this file made before. The condition on "" is the one of the index
            # on source (which leaves out the posts made in the admin), so that it is used.
            query = "SELECT {id} FROM {table} WHERE {source} = %s AND NOT ({source} = '')"
            found = _select(Post, query, [source])
            query = "SELECT {id} FROM {table} WHERE {slug} = %s"
            with_slug = [pk for (pk,) in _select(Post, query, [data.slug])]
            post = Post.objects.get(pk=found[0][0]) if found else None
            if post is None and data.same_slug_same_post and with_slug:
                post = Post.objects.get(pk=with_slug[0])
                post.source = source
            slug_taken = any(pk != (post.pk if post else None) for pk in with_slug)
            before = _snapshot(post) if post else None
            if post is None:
                post = Post(source=source)
            body, body_warnings = self.images.rewrite_body(
                data.body, folder=source_file.folder, roots=roots
            )
            feature, feature_warnings = self.images.feature(
                data.image, folder=source_file.folder, roots=roots
            )
            warnings += body_warnings + feature_warnings
            for name in (
                "title", "kind", "language", "lead", "status", "byline", "meta_description",
                "canonical_url", "event_start", "event_end", "event_location",
            ):  # fmt: skip
                setattr(post, name, getattr(data, name))
            post.body = body
            post.feature_image = feature
            if data.publish_at is not None:
                post.publish_at = data.publish_at
            post.slug = _free_slug(data.slug, data.language, post.pk) if slug_taken else data.slug
            try:
                # Uniqueness is settled above and the foreign keys come from the database.
                post.clean_fields(exclude=["feature_image", "author", "translation_of"])
            except ValidationError as error:
                raise PostImportError(_validation_message(error)) from None
            post.save()

            topics = [self._named(Topic, self.topics, name) for name in data.topics]
            categories = [self._named(Category, self.categories, name) for name in data.categories]
            tags = [self._tag(name) for name in clean_tag_names(data.tags)]
            contacts = _unique_by_pk(self._contact(contact) for contact in data.contacts)
            if before is not None:
                Post.topics.through.objects.filter(post=post).delete()
                Post.categories.through.objects.filter(post=post).delete()
                TaggedPost.objects.filter(content_object=post).delete()
                post.post_contacts.all().delete()
                post.related_links.all().delete()
            _insert_rows(
                Post.topics.through,
                ("post", "topic"),
                [(post.pk, topic.pk) for topic in _unique_by_pk(topics)],
            )
            _insert_rows(
                Post.categories.through,
                ("post", "category"),
                [(post.pk, category.pk) for category in _unique_by_pk(categories)],
            )
            _insert_rows(
                TaggedPost,
                ("content_object", "tag"),
                [(post.pk, tag.pk) for tag in _unique_by_pk(tags)],
            )
            _insert_rows(
                PostContact,
                ("post", "contact", "sort_order"),
                [(post.pk, contact.pk, order) for order, contact in enumerate(contacts)],
            )
            _insert_rows(
                RelatedLink,
                ("post", "title", "url", "sort_order"),
                [
                    (post.pk, link.title, link.url, order)
                    for order, link in enumerate(data.related_links)
                ],
            )
            warnings += self._redirects(post, data.redirects)
            _index(post, topics, tags)

            if before is None:
                return post, "created", warnings
            if _snapshot(post) == before:
                # Nothing changed: undo the writes so updated_at and the like stay as they were.
                transaction.set_rollback(True)
                return post, "unchanged", warnings
            return post, "updated", warnings

    def _named(self, model, cache: dict, name: str):
        """The topic or category with this name (any case), made if there is none."""
        # Cleaned as the saved name will be, so that the lookup (iexact) finds that row.
        name = clean_text(name)
        key = name.casefold()
        if key not in cache:
            existing = model.objects.filter(name__iexact=name).order_by("pk").first()
            cache[key] = existing or model.objects.create(name=name)
            self._made.append((cache, key))
        return cache[key]

    def _tag(self, name: str) -> Tag:
        # Tags compare without case (settings.TAGGIT_CASE_INSENSITIVE), as taggit does.
        key = name.casefold()
        if key not in self.tags:
            existing = Tag.objects.filter(name__iexact=name).order_by("pk").first()
            self.tags[key] = existing or Tag.objects.create(name=name)
            self._made.append((self.tags, key))
        return self.tags[key]

    def _contact(self, data: ContactData) -> Contact:
        """The contact with this name (any case), made or updated with the fields the file gives."""
        name = clean_text(data.name)
        key = name.casefold()
        contact = self.contacts.get(key)
        if contact is None:
            contact = Contact.objects.filter(name__iexact=name).order_by("pk").first()
        if contact is None:
            contact = Contact(name=name)
        changed = contact.pk is None
        wanted = dict(data.fields)
        if "role" in wanted:
            wanted["is_press_contact"] = wanted["role"].casefold() in PRESS_CONTACT_ROLES
        for name, value in wanted.items():
            if getattr(contact, name) != value:
                setattr(contact, name, value)
                changed = True
        if changed:
            contact.save()
        if changed or key not in self.contacts:
            self.contacts[key] = contact
            self._made.append((self.contacts, key))
        return contact

    def _redirects(self, post: Post, paths: list[str]) -> list[str]:
        """
        Make the post's old URLs redirect to it. An old URL that already redirects to
        another post stays as it is (the first post to claim it keeps it), with a warning.
        """
        own_path = self._post_path.replace("-slug-", post.slug)
        wanted = [path[:500] for path in paths if path and path[:500] != own_path]
        candidates = list(dict.fromkeys([*wanted, own_path]))
        query = "SELECT {old_path}, {post} FROM {table} WHERE {old_path} IN ({params})"
        taken = dict(_select(Redirect, query, candidates))
        now = timezone.now()
        _insert_rows(
            Redirect,
            ("old_path", "post", "created_at"),
            [(path, post.pk, now) for path in dict.fromkeys(wanted) if path not in taken],
        )
        if own_path in taken:
            # The post's current URL must never redirect away from itself.
            Redirect.objects.filter(old_path=own_path).delete()
        return [
            f"the old URL {path} already leads to another post; it was left as it is"
            for path in wanted
            if taken.get(path, post.pk) != post.pk
        ]


def _select(model, sql: str, params: list) -> list[tuple]:
    """
    The rows of a SELECT on a model's table, ``{table}`` and ``{field}`` in ``sql`` being
    its quoted table and column names and ``{params}`` a placeholder for each of the
    ``params``. The importer asks its few questions per post this
    way (is there a post from this file, is the slug taken, are these old URLs taken):
    each costs a tenth of a query through the ORM, and it asks them for every post.
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    names = {field.name: quote(field.column) for field in model._meta.concrete_fields}
    # Table and column names come from the models, never from the imported files.
    placeholders = ", ".join(["%s"] * len(params))
    query = sql.format(table=quote(model._meta.db_table), params=placeholders, **names)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """
    Insert rows of plain values (ids, text, numbers) into a model's table with one
    executemany. The importer writes a post's tags, topics, categories, contacts, links and
    redirects this way: bulk_create() costs ten times as much per call, several times per
    post, and these rows need nothing it adds (no save(), no signals, no defaults).
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    model_fields = [model._meta.get_field(name) for name in fields]
    # Prepared as a save would prepare them: text fields clean their values this way.
    rows = [
        tuple(
            field.get_db_prep_save(value, connection)
            for field, value in zip(model_fields, row, strict=True)
        )
        for row in rows
    ]
    columns = ", ".join(quote(field.column) for field in model_fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Table and column names come from the models, never from the imported files.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _index(post: Post, topics: list, tags: list) -> None:
    """
    Write the post's search index entry (blog.search) from what is in hand, as
    search.update_index() would read it back from the database.
    """
    document = search.Document(
        post.pk,
        post.language,
        post.title,
        post.lead,
        search.plain_text(post.body_html),
        " ".join(tag.name for tag in _unique_by_pk(tags)),
        " ".join(topic.name for topic in _unique_by_pk(topics)),
    )
    search.write_documents([document])


def _free_slug(slug: str, language: str, post_pk) -> str:
    """``slug``, or if another post has it, the slug plus the language, then a number."""
    others = Post.objects.exclude(pk=post_pk)
    if not others.filter(slug=slug).exists():
        return slug
    base = f"{slug[:196]}-{language}"
    candidate, counter = base, 2
    while others.filter(slug=candidate).exists():
        candidate = f"{base[:193]}-{counter}"
        counter += 1
    return candidate


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(message) for message in messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(str(message) for message in error.messages)


def _unique_by_pk(objects: Iterable) -> list:
    seen, unique = set(), []
    for obj in objects:
        if obj.pk not in seen:
            seen.add(obj.pk)
            unique.append(obj)
    return unique


def _snapshot(post: Post) -> dict:
    """What an import sets on a post, read back from the database."""
    values = Post.objects.filter(pk=post.pk).values(*SNAPSHOT_FIELDS).get()
    values["topics"] = sorted(post.topics.values_list("name", flat=True))
    values["categories"] = sorted(post.categories.values_list("name", flat=True))
    values["tags"] = sorted(post.tags.values_list("name", flat=True))
    values["contacts"] = list(
        post.post_contacts.order_by("sort_order", "pk").values_list(
            "contact__name",
            "contact__role",
            "contact__is_press_contact",
            "contact__title",
            "contact__phone",
            "contact__email",
        )
    )
    values["related_links"] = list(
        post.related_links.order_by("sort_order", "pk").values_list("title", "url")
    )
    values["redirects"] = sorted(post.redirects.values_list("old_path", flat=True))
    return values


def _link_related(name: str, post_pk, slugs: list[str], result: ImportResult) -> bool:
    """Make the post's related posts exactly those its file names, in order; True if changed."""
    with transaction.atomic():
        post = Post.objects.get(pk=post_pk)
        found = {other.slug: other for other in Post.objects.filter(slug__in=slugs)}
        wanted = []
        for slug in slugs:
            other = found.get(slug)
            if other is None:
                result.warnings.append((name, f"related: no post has the slug {slug!r}"))
            elif other.pk == post.pk:
                result.warnings.append((name, "related: a post cannot be related to itself"))
            else:
                wanted.append(other)
        current = list(
            post.related_entries.order_by("sort_order", "pk").values_list("to_post", flat=True)
        )
        if current == [other.pk for other in wanted]:
            return False
        post.related_entries.all().delete()
        RelatedPost.objects.bulk_create(
            RelatedPost(from_post=post, to_post=other, sort_order=order)
            for order, other in enumerate(wanted)
        )
    return True
