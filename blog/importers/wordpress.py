"""
Posts from a WordPress export (WXR, the XML file of Tools → Export).

Each ``<item>`` of type post (and page, when asked) becomes a post with its title, slug,
dates, status (published, scheduled, draft), author, categories and tags, excerpt (the
lead) and featured image; its old address becomes a redirect. The body is WordPress's
HTML: paragraphs are made as WordPress makes them when it shows a post (wpautop),
shortcodes are turned into HTML or left out, and the result is converted to Markdown
(markdownify) or, with ``keep_html``, kept as HTML, which Pressroom sanitizes like any
HTML in a body. Pictures on the old site are brought into the image library when they
are found in the ``--images`` folder (a copy of wp-content/uploads/).

The file is read twice with defusedxml, item by item, so a large export is never held
in memory at once and an XML entity bomb is refused: first the authors and attachments,
then the posts.
"""

import datetime as dt
import email.utils
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from markdownify import MarkdownConverter

from blog.models import Post

from .frontmatter import FrontMatterError, parse_date
from .posts import (
    LANGUAGE_ALIASES,
    ImportResult,
    PostData,
    PostImporter,
    PostImportError,
    _Commits,
    _link_related,
    _search_index_written_by_importer,
    _unique,
    _unique_paths,
)
from .sources import SourceFile

# WordPress statuses: "publish" and "future" are published (a future one is scheduled).
PUBLISHED_STATUSES = {"publish", "future"}
DRAFT_STATUSES = {"draft", "pending", "private"}
# The category every WordPress post is in until it is given one; it means "none".
DEFAULT_CATEGORY = "uncategorized"
BLOCK_TAGS = (
    "address|article|aside|blockquote|dd|details|div|dl|dt|figcaption|figure|footer|form|h[1-6]"
    "|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul|iframe"
    "|video|audio|script|style"
)
BLOCK_START = re.compile(rf"^\s*</?(?:{BLOCK_TAGS})\b", re.IGNORECASE)
SHORTCODE = re.compile(r"\[(/?)([a-zA-Z_][\w-]*)([^\]]*)\]")
SHORTCODE_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
# A paragraph, or Gutenberg's embed wrapper, holding nothing but a YouTube or Vimeo address.
VIDEO_BLOCK = re.compile(
    r"<(p|div)\b[^>]*>\s*(https?://(?:www\.|m\.)?(?:youtube\.com/watch\?v=[\w-]+|"
    r"youtu\.be/[\w-]+|vimeo\.com/\d+)[^\s<]*)\s*</\1>",
    re.IGNORECASE,
)


class WordPressError(ValueError):
    """The file is not a WordPress export that can be read; the message says why."""


@dataclass
class Channel:
    """What the export says about the site and, from the first pass, its authors and files."""

    site_urls: list[str] = field(default_factory=list)
    language: str = ""
    authors: dict[str, str] = field(default_factory=dict)  # login -> display name
    attachments: dict[str, str] = field(default_factory=dict)  # post id -> file URL


def _local(tag: str) -> str:
    """ "{http://wordpress.org/export/1.2/}post_id" -> "wp:post_id", for any WXR version."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    if "/excerpt/" in namespace:  # before "wp:": http://wordpress.org/export/1.2/excerpt/
        return f"excerpt:{local}"
    if "wordpress.org/export" in namespace:
        return f"wp:{local}"
    if "rss/1.0/modules/content" in namespace:
        return f"content:{local}"
    if "purl.org/dc/elements" in namespace:
        return f"dc:{local}"
    return local


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _children(element: Element) -> dict[str, Element]:
    """An element's children by name (the first of each)."""
    found = {}
    for child in element:
        found.setdefault(_local(child.tag), child)
    return found


def _items(path: Path):
    """Each <item> of the export, and the channel's own elements, read one at a time."""
    try:
        for _event, element in iterparse(str(path), events=("end",)):
            name = _local(element.tag)
            if name in ("item", "wp:author"):
                yield name, element
                element.clear()
            elif name in ("link", "wp:base_site_url", "wp:base_blog_url", "language"):
                yield name, element
    except DefusedXmlException as error:
        raise WordPressError(f"the file uses XML features refused for safety ({error})") from None
    except ParseError as error:
        raise WordPressError(f"not a readable XML file: {error}") from None


def read_channel(path: Path) -> Channel:
    """First pass: the site's addresses and language, the authors and the attachments."""
    channel = Channel()
    seen_item = False
    for name, element in _items(path):
        if name == "item":
            seen_item = True
            fields = _children(element)
            if _text(fields.get("wp:post_type")) == "attachment":
                url = _text(fields.get("wp:attachment_url")) or _text(fields.get("guid"))
                channel.attachments[_text(fields.get("wp:post_id"))] = url
        elif name == "wp:author":
            fields = _children(element)
            login = _text(fields.get("wp:author_login"))
            display = _text(fields.get("wp:author_display_name"))
            if not display:
                first, last = (
                    _text(fields.get("wp:author_first_name")),
                    _text(fields.get("wp:author_last_name")),
                )
                display = " ".join(part for part in (first, last) if part)
            channel.authors[login] = display or login
        elif not seen_item and name in ("link", "wp:base_site_url", "wp:base_blog_url"):
            url = _text(element).rstrip("/")
            if url.startswith(("http://", "https://")) and url not in channel.site_urls:
                channel.site_urls.append(url)
        elif not seen_item and name == "language":
            channel.language = _text(element)
    return channel


def import_wordpress(
    path: Path,
    *,
    pages: bool = False,
    keep_html: bool = False,
    kind: str = Post.Kind.BLOG_POST,
    images_dir: Path | None = None,
    dry_run: bool = False,
    progress=None,
    keep_outcomes: bool = True,
) -> ImportResult:
    """
    Import the posts (and with ``pages`` the pages) of a WordPress export. Importing the
    same export again updates the same posts. Raises WordPressError for a file that
    cannot be read at all; a post that cannot be imported is a failure in the result.
    """
    path = Path(path)
    if not path.is_file():
        raise WordPressError(f"{path}: no such file")
    channel = read_channel(path)
    if not channel.site_urls:
        raise WordPressError("not a WordPress export: the file names no site (<link>)")
    wanted_types = {"post", "page"} if pages else {"post"}
    prefixes = _site_prefixes(channel.site_urls)
    importer = PostImporter(images_dir=images_dir, dry_run=dry_run, local_prefixes=prefixes)
    result = ImportResult(keep_outcomes=keep_outcomes)
    items = (
        element
        for name, element in _items(path)
        if name == "item" and _text(_children(element).get("wp:post_type")) in wanted_types
    )
    with _Commits(dry_run) as commits, _search_index_written_by_importer():
        related = []
        for element in progress(items) if progress else items:
            fields = _children(element)
            post_id = _text(fields.get("wp:post_id"))
            title = html.unescape(_text(fields.get("title"))) or f"#{post_id}"
            name = f"{path.name} #{post_id} ({title[:60]})"
            if _text(fields.get("wp:status")) not in PUBLISHED_STATUSES | DRAFT_STATUSES:
                continue  # trash and auto-drafts are no posts
            guid = _text(fields.get("guid")) or f"{channel.site_urls[0]}/?p={post_id}"
            source_file = SourceFile(name=name, source=f"wordpress:{guid}"[:500])
            try:
                data, warnings = read_item(element, channel, kind=kind, keep_html=keep_html)
                post, outcome, write_warnings = importer.write(data, source_file)
            except (PostImportError, FrontMatterError) as error:
                result.failures.append((name, str(error)))
                continue
            except Exception as error:  # one bad post must not stop the others
                result.failures.append((name, f"{type(error).__name__}: {error}"))
                continue
            result.warnings += [(name, text) for text in warnings + write_warnings]
            index = result._count(name, outcome)
            commits.written()
            if outcome != "created":
                related.append((name, post.pk, outcome, index))
        # The export names no related posts: any an earlier import set are taken off.
        for name, post_pk, outcome, index in related:
            if _link_related(name, post_pk, [], result):
                result._changed_later(outcome, index)
    return result


def _site_prefixes(urls: list[str]) -> list[str]:
    """The site's addresses over http and https, for telling its own pictures apart."""
    prefixes = []
    for url in urls:
        rest = url.split("://", 1)[-1]
        prefixes += [f"https://{rest}", f"http://{rest}"]
    return list(dict.fromkeys(prefixes))


def read_item(
    element: Element, channel: Channel, *, kind: str, keep_html: bool
) -> tuple[PostData, list[str]]:
    """One export item as PostData, with warnings."""
    fields = _children(element)
    warnings: list[str] = []
    title = " ".join(html.unescape(_text(fields.get("title"))).split())
    if not title:
        raise PostImportError("no title")
    if len(title) > 300:
        raise PostImportError("title: longer than 300 characters")
    slug = slugify(unquote(_text(fields.get("wp:post_name"))), allow_unicode=True)
    slug = (slug or slugify(title, allow_unicode=True) or "post")[:200].strip("-")
    status = _text(fields.get("wp:status"))
    categories, tags = [], []
    for child in element:
        if _local(child.tag) != "category":
            continue
        label = " ".join(html.unescape(child.text or "").split())
        if not label or len(label) > 100:
            continue
        if child.get("domain") == "category" and child.get("nicename") != DEFAULT_CATEGORY:
            categories.append(label)
        elif child.get("domain") == "post_tag":
            tags.append(label)

    body_html = _text(fields.get("content:encoded"))
    body_html, shortcode_warnings = expand_shortcodes(body_html)
    warnings += shortcode_warnings
    body_html = embed_videos(autop(body_html))
    body = body_html if keep_html else to_markdown(body_html)
    excerpt = _plain(_text(fields.get("excerpt:encoded")))

    data = PostData(
        title=title,
        slug=slug,
        kind=kind,
        language=_language(channel.language),
        lead=excerpt,
        body=body,
        status=Post.Status.PUBLISHED if status in PUBLISHED_STATUSES else Post.Status.DRAFT,
        publish_at=_date(fields),
        byline=channel.authors.get(_text(fields.get("dc:creator")), "")[:200],
        categories=_unique(categories),
        tags=_unique(tags),
    )
    link = _text(fields.get("link"))
    if link and status in PUBLISHED_STATUSES:
        data.redirects = _unique_paths([unquote(urlsplit(link).path)])
    thumbnail = _postmeta(element).get("_thumbnail_id")
    if thumbnail:
        url = channel.attachments.get(thumbnail)
        if url:
            data.image = {"feature": url}
        else:
            warnings.append(f"featured image: no attachment {thumbnail} in the export")
    return data, warnings


def _postmeta(element: Element) -> dict[str, str]:
    meta = {}
    for child in element:
        if _local(child.tag) == "wp:postmeta":
            fields = _children(child)
            meta[_text(fields.get("wp:meta_key"))] = _text(fields.get("wp:meta_value"))
    return meta


def _date(fields: dict) -> dt.datetime | None:
    """The post's time: the GMT one WordPress keeps, else its local one, else pubDate."""
    gmt = _text(fields.get("wp:post_date_gmt"))
    if gmt and not gmt.startswith("0000"):
        try:
            return dt.datetime.fromisoformat(gmt).replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    local = _text(fields.get("wp:post_date"))
    if local and not local.startswith("0000"):
        try:
            return parse_date(local)
        except FrontMatterError:
            pass
    published = _text(fields.get("pubDate"))
    if published:
        try:
            parsed = email.utils.parsedate_to_datetime(published)
        except (TypeError, ValueError):
            return None
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, dt.UTC)
    return None


def _language(code: str) -> str:
    languages = dict(settings.PRESSROOM_CONTENT_LANGUAGES)
    code = code.lower().replace("_", "-")
    for candidate in (code, code.split("-")[0]):
        candidate = LANGUAGE_ALIASES.get(candidate, candidate)
        if candidate in languages:
            return candidate
    return settings.LANGUAGE_CODE


def _plain(fragment: str) -> str:
    """HTML as plain text on one line (an excerpt as a lead)."""
    text = re.sub(r"<[^>]*>", " ", fragment)
    return " ".join(html.unescape(text).split())


# The body ------------------------------------------------------------------------------


def expand_shortcodes(text: str) -> tuple[str, list[str]]:
    """
    WordPress shortcodes as HTML: [caption] becomes a figure, [embed], [youtube] and
    [vimeo] a video, [audio] and [video] a link; any other shortcode is left out, the text
    it wraps kept, with a warning. Gutenberg's <!-- wp:... --> comments go as well.
    """
    text = re.sub(r"<!--\s*/?wp:.*?-->", "", text, flags=re.DOTALL)
    if "[" not in text:
        return text, []
    warnings: list[str] = []

    def attributes(raw: str) -> dict:
        found = {}
        for name, *values in SHORTCODE_ATTRIBUTE.findall(raw):
            found[name.lower()] = next((value for value in values if value), "")
        return found

    def caption(match):
        inner = match.group(2)
        image = re.search(r"(?:<a\b[^>]*>)?\s*<img\b[^>]*>\s*(?:</a>)?", inner, re.IGNORECASE)
        attrs = attributes(match.group(1))
        words = attrs.get("caption") or (inner[image.end() :] if image else inner)
        figure = image.group().strip() if image else ""
        return f"\n\n<figure>{figure}<figcaption>{words.strip()}</figcaption></figure>\n\n"

    text = re.sub(
        r"\[(?:caption|wp_caption)([^\]]*)\](.*?)\[/(?:caption|wp_caption)\]",
        caption,
        text,
        flags=re.DOTALL,
    )

    def video(url: str) -> str:
        return f'\n\n<iframe src="{html.escape(url)}"></iframe>\n\n'

    text = re.sub(r"\[embed[^\]]*\](.*?)\[/embed\]", lambda m: video(m.group(1).strip()), text)
    text = re.sub(
        r"\[(?:youtube|vimeo)\s+([^\]\s]+)[^\]]*\]", lambda m: video(m.group(1).strip("\"'")), text
    )

    def media(match):
        attrs = attributes(match.group(2))
        url = attrs.get("src") or attrs.get("mp3") or attrs.get("mp4") or attrs.get("url")
        return f'<a href="{html.escape(url)}">{html.escape(url)}</a>' if url else ""

    text = re.sub(r"\[(audio|video)([^\]]*)\](?:\s*\[/\1\])?", media, text)

    # What is left: shortcodes that wrap text ([name]...[/name]) and a few known ones are
    # left out; other brackets ("[1]", "[sic]") are text and stay as written.
    known = {"gallery", "contact-form-7", "contact-form", "playlist"}
    lowered = text.lower()

    def remove(match):
        slash, name = match.group(1), match.group(2).lower()
        if name not in known and f"[/{name}]" not in lowered:
            return match.group()
        if not slash:
            kept = "" if name in known else " (the text inside it is kept)"
            warnings.append(f"left out the [{name}] shortcode{kept}")
        return ""

    text = SHORTCODE.sub(remove, text)
    return text, list(dict.fromkeys(warnings))


def autop(text: str) -> str:
    """
    WordPress's wpautop, simplified: text separated by blank lines becomes paragraphs and
    single line breaks become <br>, except in and around block elements.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    blocks = re.split(r"\n\s*\n", text)
    output = []
    for block in blocks:
        block = block.strip()
        if not block:
            continue
        if BLOCK_START.match(block) or re.search(rf"</(?:{BLOCK_TAGS})>\s*$", block, re.I):
            output.append(block)
        else:
            output.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", block) + "</p>")
    return "\n\n".join(output)


class _Converter(MarkdownConverter):
    """markdownify, keeping video embeds (as HTML, which Pressroom turns into embeds)."""

    def convert_iframe(self, el, text, parent_tags):
        src = el.get("src", "")
        if not src:
            return ""
        return f'\n\n<iframe src="{html.escape(src)}"></iframe>\n\n'

    def convert_figcaption(self, el, text, parent_tags):
        text = text.strip()
        return f"\n\n*{text}*\n\n" if text else ""


def _code_language(el) -> str | None:
    for name in (el.get("class") or []) + ((el.find("code") or {}).get("class") or []):
        if name.startswith(("language-", "lang-")):
            return name.split("-", 1)[1]
    return None


def embed_videos(fragment: str) -> str:
    """
    A video address alone in a paragraph (or in Gutenberg's embed block) is shown by
    WordPress as the video: make it the video's iframe.
    """
    return VIDEO_BLOCK.sub(
        lambda match: f'<iframe src="{html.escape(match.group(2))}"></iframe>', fragment
    )


def to_markdown(fragment: str) -> str:
    """HTML from WordPress as Markdown (iframes stay, as HTML)."""
    if not fragment.strip():
        return ""
    markdown = _Converter(
        heading_style="ATX",
        bullets="*",
        escape_misc=True,
        code_language_callback=_code_language,
    ).convert(fragment)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
