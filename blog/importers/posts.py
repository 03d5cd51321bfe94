"""
Posts from Markdown files with YAML front matter (SPEC section 5), Jekyll posts included.

Each file is read and checked first (read_post), then written in one
transaction (import_files), so a file either lands whole or not at all. The
key that makes a second import update rather than duplicate is Post.source,
"file:" plus the file's path relative to the folder it was found in. Related
posts are linked by slug once every file is in, so a post may point at one
that comes later in the same import.
"""

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.text import slugify

from blog.models import Category, Post, PostContact, Redirect, RelatedLink, RelatedPost
from pressroom.models import Contact, Topic

from .frontmatter import FrontMatterError, jekyll_name_parts, parse_date, split_front_matter

# Jekyll's Markdown extensions (its markdown_ext setting), and HTML posts.
SUFFIXES = {".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".html"}
# Far above any real post; keeps a stray video or database dump from being read into memory.
MAX_FILE_BYTES = 10 * 1024 * 1024
PRESS_CONTACT_ROLES = {"presskontakt", "press contact"}
CONTACT_FIELDS = {"role": 100, "title": 200, "phone": 50, "email": 254}
FALSE_WORDS = {"false", "no", "off", "0"}
# The fields of a post that an import sets, compared to tell "updated" from "unchanged".
SNAPSHOT_FIELDS = [
    "title", "slug", "kind", "lead", "body", "status", "publish_at", "language", "byline",
    "meta_description", "canonical_url", "event_start", "event_end", "event_location",
]  # fmt: skip


class PostImportError(ValueError):
    """A file that cannot become a post; the message is the reason shown to the user."""


@dataclass(frozen=True)
class SourceFile:
    """One file to import: its name as shown to the user, its source key, and its text."""

    name: str
    source: str
    path: Path | None = None
    text: str | None = None

    def read(self) -> str:
        """The file's text; PostImportError when it cannot be read as UTF-8 text."""
        if self.text is not None:
            return self.text
        try:
            if self.path.stat().st_size > MAX_FILE_BYTES:
                raise PostImportError(f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
            data = self.path.read_bytes()
        except OSError as error:
            raise PostImportError(f"cannot read the file: {error.strerror or error}") from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PostImportError(
                f"not UTF-8 text (byte {data[error.start]:#04x} at position {error.start})"
            ) from None


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
    permalink: str = ""
    # {feature, alt, credit}; feature images are brought in by a later step.
    image: dict | None = None


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

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, failed {self.failed}"
        )

    def merge(self, other: "ImportResult") -> None:
        """Add another result's counts and messages to this one."""
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failures += other.failures
        self.warnings += other.warnings
        self.outcomes += other.outcomes

    def _count(self, name: str, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.outcomes.append((name, outcome))


# Reading files -------------------------------------------------------------------------


def collect_files(paths: Iterable[str | Path]) -> tuple[list[SourceFile], list[tuple[str, str]]]:
    """
    The files to import from the PATH arguments, and the arguments that do not exist.

    Folders are walked recursively for Markdown (.md, .markdown, ...) and .html files, skipping
    hidden ones (.git and the like); a file named directly is read whatever its
    extension.
    """
    files, missing, seen = [], [], set()

    def add(path: Path, relative: str) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(SourceFile(name=str(path), source=f"file:{relative}", path=path))

    for argument in paths:
        root = Path(argument)
        if root.is_dir():
            for folder, subfolders, names in os.walk(root):
                subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
                for name in sorted(names):
                    path = Path(folder) / name
                    if not name.startswith(".") and path.suffix.lower() in SUFFIXES:
                        add(path, path.relative_to(root).as_posix())
        elif root.is_file():
            add(root, root.name)
        else:
            missing.append((str(argument), "no such file or folder"))
    return files, missing


def read_post(text: str, filename: str) -> tuple[PostData, list[str]]:
    """
    Check a front-matter document and turn it into PostData, with warnings.

    Raise PostImportError (or FrontMatterError) for anything that would make a
    wrong post; things that can be left out without harm are left out with a
    warning. Unknown front-matter keys (Jekyll's ``layout`` and the like) are ignored.
    """
    document = split_front_matter(text)
    meta, warnings = document.metadata, []
    jekyll = jekyll_name_parts(filename)

    title = " ".join(_text(meta, "title", 300).split())
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
        language=_language(meta),
        lead=_text(meta, "lead", None) or _text(meta, "excerpt", None),
        body=document.body.replace("\x00", ""),
        status=_status(meta),
        byline=_byline(meta),
        meta_description=" ".join(_text(meta, "description", 300).split()),
        event_location=_text(meta, "event_location", 300),
        topics=_names(meta, "topics", 200, warnings, split_spaces=False),
        categories=_names(meta, "categories", 200, warnings, split_spaces=True)
        + _names(meta, "category", 200, warnings, split_spaces=False),
        tags=_names(meta, "tags", 100, warnings, split_spaces=True)
        + _names(meta, "tag", 100, warnings, split_spaces=False),
        contacts=_contacts(meta.get("contacts"), warnings),
        related_links=_related_links(meta.get("related_links"), warnings),
        related=_related(meta.get("related")),
        permalink=_permalink(meta.get("permalink"), warnings),
        image=_image(meta.get("image")),
    )
    data.categories = _unique(data.categories)
    data.tags = _unique(data.tags)

    if meta.get("date") not in (None, ""):
        data.publish_at = parse_date(meta["date"])
    elif jekyll:
        data.publish_at = parse_date(jekyll[0])
    for key in ("event_start", "event_end"):
        if meta.get(key) not in (None, ""):
            try:
                setattr(data, key, parse_date(meta[key]))
            except FrontMatterError as error:
                raise PostImportError(f"{key}: {error}") from None
    if data.event_start and data.event_end and data.event_end < data.event_start:
        raise PostImportError("event_end is before event_start")

    canonical = _text(meta, "canonical_url", 200)
    if canonical and _is_web_url(canonical):
        data.canonical_url = canonical
    elif canonical:
        warnings.append(f"canonical_url {canonical!r} left out: only http and https URLs are kept")
    return data, warnings


def _text(meta: dict, key: str, max_length: int | None) -> str:
    """A front-matter value as stripped text ("" when absent)."""
    value = meta.get(key)
    if value is None:
        return ""
    text = _scalar(value)
    if text is None:
        raise PostImportError(f"{key}: expected text, found a {type(value).__name__}")
    value = text.strip()
    if max_length and len(value) > max_length:
        raise PostImportError(f"{key}: longer than {max_length} characters")
    return value


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
            raise PostImportError(f"{key}: {name[:40]!r}... is longer than {max_length} characters")
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


def _language(meta: dict) -> str:
    value = _text(meta, "language", 20) or _text(meta, "lang", 20)
    if not value:
        return settings.LANGUAGE_CODE
    languages = dict(settings.LANGUAGES)
    code = value.lower().replace("_", "-")
    if code not in languages:
        code = code.split("-")[0]  # "sv-SE" is Swedish
    if code not in languages:
        raise PostImportError(f"language: {value!r} is not one of {', '.join(languages)}")
    return code


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


def _byline(meta: dict) -> str:
    value = meta.get("byline") or meta.get("author")
    if isinstance(value, dict):  # Jekyll themes often write author: {name: ...}
        value = value.get("name")
    if not isinstance(value, str | int | float):
        return ""
    byline = " ".join(str(value).split())
    if len(byline) > 200:
        raise PostImportError("byline: longer than 200 characters")
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


def _permalink(value, warnings: list) -> str:
    """The post's old URL path, which will redirect to its new page."""
    if not isinstance(value, str) or not value.strip():
        return ""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        value = urlsplit(value).path or "/"
    if ":" in value or len(value) > 500:
        warnings.append(f"permalink {value[:100]!r} left out: not a plain path")
        return ""
    return value if value.startswith("/") else f"/{value}"


def _image(value) -> dict | None:
    if isinstance(value, str) and value.strip():
        return {"feature": value.strip()}
    if isinstance(value, dict) and value.get("feature"):
        image = {key: _scalar(value.get(key)) for key in ("feature", "alt", "credit")}
        return {key: text for key, text in image.items() if text}
    return None


# Writing posts -------------------------------------------------------------------------


def import_paths(paths, *, dry_run=False, progress=None) -> ImportResult:
    """Import the files and folders named by ``paths``; missing paths count as failed."""
    files, missing = collect_files(paths)
    result = import_files(files, dry_run=dry_run, progress=progress)
    result.failures[:0] = missing
    return result


def import_files(
    files: list[SourceFile],
    *,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> ImportResult:
    """
    Create or update one post per file, then link related posts by slug.

    A file that fails is recorded with its reason and the others still import.
    With ``dry_run`` everything happens inside a transaction that is rolled
    back, so the counts are exactly those of a real import and nothing is kept.
    """
    result = ImportResult()
    # A real import commits file by file; a dry run keeps everything in one
    # transaction, so that related posts resolve as they would, then rolls it back.
    with transaction.atomic() if dry_run else nullcontext():
        imported = []  # (file name, post pk, related slugs)
        for source_file in progress(files) if progress else files:
            try:
                data, warnings = read_post(source_file.read(), source_file.name)
                post, outcome = _write_post(data, source_file.source)
            except (PostImportError, FrontMatterError) as error:
                result.failures.append((source_file.name, str(error)))
                continue
            except Exception as error:  # one bad file must not stop the others
                result.failures.append((source_file.name, f"{type(error).__name__}: {error}"))
                continue
            result.warnings += [(source_file.name, warning) for warning in warnings]
            result._count(source_file.name, outcome)
            imported.append((source_file.name, post.pk, data.related))
        for name, post_pk, slugs in imported:
            try:
                _link_related(name, post_pk, slugs, result)
            except Exception as error:  # the post itself is in; say what is missing
                result.warnings.append((name, f"related posts not linked: {error}"))
        if dry_run:
            transaction.set_rollback(True)
    return result


def _write_post(data: PostData, source: str) -> tuple[Post, str]:
    """Write one post and everything it carries in one transaction; return it and the outcome."""
    with transaction.atomic():
        post = Post.objects.filter(source=source).first()
        before = _snapshot(post) if post else None
        if post is None:
            post = Post(source=source)
        for name in (
            "title", "kind", "language", "lead", "body", "status", "byline",
            "meta_description", "canonical_url", "event_start", "event_end", "event_location",
        ):  # fmt: skip
            setattr(post, name, getattr(data, name))
        if data.publish_at is not None:
            post.publish_at = data.publish_at
        post.slug = _free_slug(data.slug, data.language, post.pk)
        try:
            post.full_clean()
        except ValidationError as error:
            raise PostImportError(_validation_message(error)) from None
        post.save()

        post.topics.set([_get_or_create_named(Topic, name) for name in data.topics])
        post.categories.set([_get_or_create_named(Category, name) for name in data.categories])
        post.tags.set(data.tags)
        post.post_contacts.all().delete()
        contacts = _unique_by_pk(_save_contact(contact) for contact in data.contacts)
        PostContact.objects.bulk_create(
            PostContact(post=post, contact=contact, sort_order=order)
            for order, contact in enumerate(contacts)
        )
        post.related_links.all().delete()
        RelatedLink.objects.bulk_create(
            RelatedLink(post=post, title=link.title, url=link.url, sort_order=order)
            for order, link in enumerate(data.related_links)
        )
        if data.permalink:
            Redirect.remember(data.permalink, post)

        if before is None:
            return post, "created"
        if _snapshot(post) == before:
            # Nothing changed: undo the writes so updated_at and the like stay as they were.
            transaction.set_rollback(True)
            return post, "unchanged"
        return post, "updated"


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


def _get_or_create_named(model, name: str):
    """The topic or category with this name (any case), made if there is none."""
    existing = model.objects.filter(name__iexact=name).order_by("pk").first()
    return existing or model.objects.create(name=name)


def _save_contact(data: ContactData) -> Contact:
    """The contact with this name (any case), made or updated with the fields the file gives."""
    contact = Contact.objects.filter(name__iexact=data.name).order_by("pk").first()
    if contact is None:
        contact = Contact(name=data.name)
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
    return contact


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


def _link_related(name: str, post_pk, slugs: list[str], result: ImportResult) -> None:
    """Make the post's related posts exactly those its file names, in order."""
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
            return
        post.related_entries.all().delete()
        RelatedPost.objects.bulk_create(
            RelatedPost(from_post=post, to_post=other, sort_order=order)
            for order, other in enumerate(wanted)
        )
    if (name, "unchanged") in result.outcomes:
        result.outcomes[result.outcomes.index((name, "unchanged"))] = (name, "updated")
        result.unchanged -= 1
        result.updated += 1
