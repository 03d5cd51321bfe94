"""
Markdown to safe HTML, done once when a post is saved.

The body is rendered with Python-Markdown and then cleaned with nh3 (the Rust
ammonia sanitizer) against allowlists: tags, attributes, URL schemes and CSS
classes. Video iframes from allowed hosts survive as https embeds; every other
iframe, script, event handler and javascript:/data: URL is removed.

Sanitizing runs in two passes. The first cleans whatever the editor wrote; then
each surviving iframe is rebuilt as a standard embed (nothing of the editor's
markup but the video address, size and title is kept); the second pass cleans
that result again, so what is stored is always the sanitizer's own output, and
output that would be read differently when parsed again is settled.
"""

import functools
import html
import re
import threading
import unicodedata
from urllib.parse import parse_qs, urlsplit

import markdown
import nh3
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from markdown import inlinepatterns
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

from pressroom.text import clean_text

from .markdown_blocks import KramdownAttributeListsExtension, KramdownBlocksExtension
from .markdown_worker import RenderProcess, RenderTimeout

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen"},
    "li": {"id"},
    "sup": {"id"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
CODE_LANGUAGES = (
    "bash", "c", "console", "cpp", "csharp", "css", "diff", "dockerfile", "go", "html", "ini",
    "java", "javascript", "js", "json", "kotlin", "markdown", "nginx", "php", "plaintext",
    "powershell", "python", "ruby", "rust", "scss", "shell", "sh", "sql", "swift", "text",
    "toml", "typescript", "xml", "yaml",
)  # fmt: skip
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
ALLOWED_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote", "embed"},
    "code": {f"language-{language}" for language in CODE_LANGUAGES},
    "td": ALIGN_CLASSES,
    "th": ALIGN_CLASSES,
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src"}
# Content of these is dropped together with the tag, not kept as text.
CLEAN_CONTENT_TAGS = {"script", "style", "template", "noscript", "object", "embed", "svg", "math"}

# What every embed carries; the second pass accepts exactly these values and no others.
EMBED_ATTRIBUTES = {
    "loading": "lazy",
    "referrerpolicy": "strict-origin-when-cross-origin",
    "allow": "encrypted-media; picture-in-picture; fullscreen",
}
EMBED_WIDTH, EMBED_HEIGHT = "560", "315"
# "Video" reads the same in Swedish and English, the body's two languages.
EMBED_TITLE = "Video"

FOOTNOTE_ID = re.compile(r"^fn(ref)?:[\w-]{1,40}$")
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
VIMEO_ID = re.compile(r"^[0-9]{3,15}$")
DIMENSION = re.compile(r"^[0-9]{1,4}$")
# The sanitizer's output is serialized HTML5: "<" in text and attribute values is escaped,
# so every "<" left starts a tag. Iframe content is raw text and ends at the first
# "</iframe>"; it is matched whole so that none of it can survive.
TAG_OR_IFRAME = re.compile(
    r"<iframe\b(?P<iframe>[^>]*)>.*?</iframe>|<(?P<end>/?)(?P<name>[a-z][a-z0-9]*)\b[^>]*>",
    re.DOTALL,
)
ATTRIBUTE = re.compile(r'([a-z-]+)(?:="([^"]*)")?')
ID_ATTRIBUTE = re.compile(r'\sid="[^"]*"')
EMPTY_BLOCK = re.compile(r"<(p|h[2-6])>\s*</\1>")
VOID_TAGS = {"br", "hr", "img"}
# Elements that may only hold phrasing content: a video embed (a div) cannot go inside.
PHRASING_ONLY = {
    "p", "h2", "h3", "h4", "h5", "h6", "pre", "a", "abbr", "b", "cite", "code", "em", "i",
    "kbd", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "u",
}  # fmt: skip


def embed_url(src: str) -> str | None:
    """
    Return the https embed URL for a YouTube or Vimeo player address, or None.

    Protocol-relative and http addresses become https; YouTube goes to its
    privacy-enhanced youtube-nocookie.com host.
    """
    src = html.unescape(src or "").strip()
    if src.startswith("//"):
        src = "https:" + src
    try:
        parts = urlsplit(src)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or parts.username or parts.port:
        return None
    host = host.removeprefix("www.").removeprefix("m.")
    path = parts.path.rstrip("/")
    query = parse_qs(parts.query)
    video_id = None
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if path.startswith("/embed/"):
            video_id = path.removeprefix("/embed/")
        elif path == "/watch":
            video_id = (query.get("v") or [""])[0]
    elif host == "youtu.be":
        video_id = path.removeprefix("/")
    if video_id is not None:
        if not YOUTUBE_ID.match(video_id):
            return None
        start = (query.get("start") or [""])[0]
        suffix = f"?start={start}" if start.isdigit() else ""
        return f"https://www.youtube-nocookie.com/embed/{video_id}{suffix}"
    if host in {"player.vimeo.com", "vimeo.com"}:
        vimeo_id = path.removeprefix("/video/").removeprefix("/")
        if VIMEO_ID.match(vimeo_id):
            return f"https://player.vimeo.com/video/{vimeo_id}"
    return None


def _url_allowed(value: str) -> bool:
    """
    True for relative URLs and URLs with an allowed scheme.

    A colon before the first "/", "?" or "#" makes a scheme. Browsers ignore tabs and line
    breaks inside a scheme, and old ones ignored more, so the scheme is judged with every
    space, control and invisible character taken out, and with character references decoded
    as well in case something downstream decodes them a second time.
    """
    for candidate in (value, html.unescape(value)):
        head = re.split(r"[/?#]", candidate, maxsplit=1)[0]
        if ":" not in head:
            continue
        scheme = "".join(
            char
            for char in head.partition(":")[0]
            if not (char.isspace() or unicodedata.category(char) in {"Cc", "Cf"})
        )
        if scheme.lower() not in URL_SCHEMES:
            return False
    return True


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Check attribute values that an allowlist of names cannot judge alone."""
    if tag == "iframe":
        if attribute == "src":
            return embed_url(value)
        if attribute in {"width", "height"}:
            return value if DIMENSION.match(value) else None
        if attribute in EMBED_ATTRIBUTES:
            return value if value == EMBED_ATTRIBUTES[attribute] else None
    if attribute == "class":
        # The sanitizer would keep an empty class="" when none of the classes is allowed.
        kept = [name for name in value.split() if name in ALLOWED_CLASSES.get(tag, ())]
        return " ".join(kept) or None
    if attribute in URL_ATTRIBUTES:
        return value if _url_allowed(value) else None
    if attribute == "id":
        return value if FOOTNOTE_ID.match(value) else None
    if tag == "img" and attribute in {"width", "height"}:
        return value if DIMENSION.match(value) else None
    return value


def _cleaner(attributes: dict) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=attributes,
        attribute_filter=_filter_attribute,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


_input_cleaner = _cleaner(ALLOWED_ATTRIBUTES)
_output_cleaner = _cleaner(
    {**ALLOWED_ATTRIBUTES, "iframe": ALLOWED_ATTRIBUTES["iframe"] | set(EMBED_ATTRIBUTES)}
)


def _embed_iframe(attribute_text: str) -> str:
    """Rebuild an iframe that survived the first pass as a standard video embed, or ""."""
    attributes = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(attribute_text)}
    src = embed_url(attributes.get("src", ""))
    if not src:
        return ""
    width = attributes.get("width") or EMBED_WIDTH
    height = attributes.get("height") or EMBED_HEIGHT
    title = attributes.get("title", "").strip() or EMBED_TITLE
    extra = "".join(f' {name}="{value}"' for name, value in EMBED_ATTRIBUTES.items())
    return (
        f'<iframe src="{html.escape(src)}" width="{html.escape(width)}" '
        f'height="{html.escape(height)}" title="{html.escape(title)}"{extra} '
        "allowfullscreen></iframe>"
    )


def _place_embeds(cleaned: str) -> str:
    """
    Replace each iframe in sanitized HTML by its embed in a div.embed, or remove it.

    A div cannot sit inside a paragraph or heading, so an iframe written inside one splits
    it: the open elements are closed before the embed and opened again after it.
    """
    if "<iframe" not in cleaned:
        return cleaned
    output, position = [], 0
    open_tags: list[tuple[str, str]] = []  # (name, start tag) of every element still open
    for match in TAG_OR_IFRAME.finditer(cleaned):
        output.append(cleaned[position : match.start()])
        position = match.end()
        name = match.group("name")
        if name:
            output.append(match.group())
            if match.group("end"):
                if open_tags and open_tags[-1][0] == name:
                    open_tags.pop()
            elif name not in VOID_TAGS:
                open_tags.append((name, match.group()))
            continue
        iframe = _embed_iframe(match.group("iframe"))
        if not iframe:
            continue
        if open_tags and open_tags[-1][1] == '<div class="embed">':
            output.append(iframe)  # already in its wrapper: sanitized once before
            continue
        outer = next(
            (index for index, (tag, _) in enumerate(open_tags) if tag in PHRASING_ONLY),
            len(open_tags),
        )
        split = open_tags[outer:]
        output.extend(f"</{tag}>" for tag, _ in reversed(split))
        output.append(f'<div class="embed">{iframe}</div>')
        # Opened again after the embed; ids must stay unique, so the copies have none.
        output.extend(ID_ATTRIBUTE.sub("", start_tag) for _, start_tag in split)
    output.append(cleaned[position:])
    return "".join(output)


def _remove_forbidden_characters(text: str) -> str:
    # The stored HTML goes into feeds as well as pages: what XML cannot carry goes too.
    return clean_text(text)


def sanitize_html(fragment: str) -> str:
    """Clean an HTML fragment against Pressroom's allowlists; video iframes become embeds."""
    cleaned = _input_cleaner.clean(_remove_forbidden_characters(fragment or ""))
    # The second pass also settles markup a browser would read differently from how it was
    # written: "<p><marquee></p>" leaves a paragraph inside a paragraph after the first one.
    cleaned = _output_cleaner.clean(_place_embeds(cleaned))
    # Blocks that removed markup or split paragraphs left empty would only add blank space.
    cleaned = EMPTY_BLOCK.sub("", cleaned).strip()
    # Character references ("&#1;") bring back what was taken out of the text.
    return _remove_forbidden_characters(cleaned)


class _TableAlignmentClasses(Treeprocessor):
    """Turn table column alignment into classes: align attributes are obsolete in HTML5."""

    def run(self, root):
        for cell in root.iter():
            if cell.tag not in {"th", "td"}:
                continue
            align = cell.attrib.pop("align", None)
            if align in {"left", "center", "right"}:
                cell.set("class", f"align-{align}")


class _TableAlignmentExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_TableAlignmentClasses(md), "table_alignment_classes", 5)


# Footnote names are short: the sanitizer keeps ids of up to 40 characters.
FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]]{0,200})\]", re.DOTALL)
# A closing bracket this near is found by scanning; farther, every pair is worked out at once.
NEAR_CLOSE = 1000


class _BracketPairs:
    """
    Where each opening bracket of a text is closed. Python-Markdown looks for the closing
    bracket of every "[" (and of the "(" after "]") by scanning to it, and to the end of the
    paragraph when there is none: a paragraph of "[" took time by the square of its
    length. Here a bracket that does not close nearby makes one pass pair every bracket of
    that text, and later brackets of the same text are looked up.
    """

    def __init__(self, opening: str, closing: str):
        self.opening = opening
        self.pattern = re.compile(f"[{re.escape(opening)}{re.escape(closing)}]")
        self.text: str | None = None
        self.start = 0
        self.pairs: dict[int, int] = {}

    def closing(self, text: str, position: int) -> int | None:
        """Where the bracket at ``position`` closes, or None when it never does."""
        if text is not self.text or position < self.start:
            depth = 0
            for match in self.pattern.finditer(text, position, position + NEAR_CLOSE):
                depth += 1 if match.group() == self.opening else -1
                if depth == 0:
                    return match.start()
            self._pair_all(text, position)
        return self.pairs.get(position)

    def _pair_all(self, text: str, start: int) -> None:
        stack, pairs = [], {}
        for match in self.pattern.finditer(text, start):
            if match.group() == self.opening:
                stack.append(match.start())
            elif stack:
                pairs[stack.pop()] = match.start()
        self.text, self.start, self.pairs = text, start, pairs


class _LinearLinkScans:
    """
    Python-Markdown's link and image processors, finding closing brackets through
    _BracketPairs. What they match is unchanged.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._brackets = _BracketPairs("[", "]")
        self._parentheses = _BracketPairs("(", ")")
        self._quotes = (None, -1)  # (text, position of its last quote)

    def getText(self, data, index):  # noqa: N802 - Python-Markdown's name
        # The processors' patterns end with the "[" that opens the text.
        close = self._brackets.closing(data, index - 1)
        if close is None:
            return "", len(data), False
        return data[index:close], close + 1, True

    def getLink(self, data, index):  # noqa: N802 - Python-Markdown's name
        match = self.RE_LINK.match(data, pos=index)
        if match and not match.group(1):
            # With no quote ahead (no title), the destination ends at the ")" that closes
            # the "(": what the inherited scan finds, without scanning.
            text, last_quote = self._quotes
            if text is not data:
                last_quote = max(data.rfind("'"), data.rfind('"'))
                self._quotes = (data, last_quote)
            if last_quote < index:
                close = self._parentheses.closing(data, index)
                if close is None:
                    return "", None, index, False
                return self.unescape(data[match.end() : close]).strip(), None, close + 1, True
        return super().getLink(data, index)


class _LinearLinksExtension(Extension):
    """Replace the link and image processors by ones that pair brackets in linear time."""

    PROCESSORS = {
        "reference": inlinepatterns.ReferenceInlineProcessor,
        "link": inlinepatterns.LinkInlineProcessor,
        "image_link": inlinepatterns.ImageInlineProcessor,
        "image_reference": inlinepatterns.ImageReferenceInlineProcessor,
        "short_reference": inlinepatterns.ShortReferenceInlineProcessor,
        "short_image_ref": inlinepatterns.ShortImageReferenceInlineProcessor,
    }

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        registry = md.inlinePatterns
        priorities = {item.name: item.priority for item in registry._priority}
        for name, base in self.PROCESSORS.items():
            processor = registry[name]
            linear = type(f"Linear{base.__name__}", (_LinearLinkScans, base), {})
            registry.register(linear(processor.pattern, md), name, priorities[name])
        if "footnote" in registry:
            # "[^" followed by anything but "]" up to the end was tried from every "[^".
            registry["footnote"].compiled_re = FOOTNOTE_REFERENCE


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            # Python-Markdown's "extra" set, listed one by one so that tables can be configured.
            "abbr",
            # Attribute lists in kramdown's forms only (blog.markdown_blocks).
            KramdownAttributeListsExtension(),
            "def_list",
            "fenced_code",
            "footnotes",
            "md_in_html",
            "sane_lists",
            TableExtension(use_align_attribute=True),
            _TableAlignmentExtension(),
            # kramdown's GFM block rules (Jekyll's Markdown), see blog.markdown_blocks.
            KramdownBlocksExtension(),
            _LinearLinksExtension(),
        ],
        output_format="html",
    )


# Building a Markdown instance costs more than converting a post; each thread keeps one.
_local = threading.local()


class MarkdownBudgetError(Exception):
    """A body too long to render, or whose rendering overran its time budget."""

    def __init__(self, message, *, too_long=False):
        super().__init__(message)
        self.message = message
        self.too_long = too_long


_render_process = RenderProcess("blog.markdown:render_markdown_here")


@functools.lru_cache(maxsize=4)
def render_markdown(text: str) -> str:
    """
    Render Markdown (tables, fenced code, footnotes, ...) to sanitized HTML, within the
    budget the settings give: at most PRESSROOM_MARKDOWN_MAX_LENGTH characters, and
    PRESSROOM_MARKDOWN_TIMEOUT seconds in a rendering process that is stopped when they
    run out. Raise MarkdownBudgetError otherwise. (The admin's form renders the body
    before the post's save does; the second time is remembered.)
    """
    text = _remove_forbidden_characters(text or "")
    if not text.strip():
        return ""
    limit = settings.PRESSROOM_MARKDOWN_MAX_LENGTH
    if len(text) > limit:
        raise MarkdownBudgetError(
            _(
                "The text is too long: %(length)s characters, and at most %(limit)s "
                "can be rendered. Shorten it or split it into several posts."
            )
            % {
                "length": number_format(len(text), force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            },
            too_long=True,
        )
    try:
        return _render_process.render(text, timeout=settings.PRESSROOM_MARKDOWN_TIMEOUT)
    except RenderTimeout:
        raise MarkdownBudgetError(
            _(
                "The text could not be rendered in %(seconds)s seconds, so it was not saved. "
                "Long runs of brackets, angle brackets or HTML tags are the usual cause."
            )
            % {"seconds": number_format(settings.PRESSROOM_MARKDOWN_TIMEOUT)}
        ) from None


def render_markdown_here(text: str) -> str:
    """
    Render Markdown to sanitized HTML in this process, with no budget: what the rendering
    process (blog.markdown_worker) runs. Everything else calls render_markdown().
    """
    text = _remove_forbidden_characters(text or "")
    if not text.strip():
        return ""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = _new_markdown()
    try:
        # reset() forgets the previous post's footnotes and abbreviations.
        rendered = converter.reset().convert(text)
    except RecursionError:
        # Python-Markdown follows nesting recursively, so hundreds of nested lists or quotes
        # exhaust the stack. Such a body is shown as the text it is rather than failing the save.
        _local.markdown = None
        blocks = (block.strip() for block in text.split("\n\n"))
        rendered = "".join(f"<p>{html.escape(block)}</p>" for block in blocks if block)
    return sanitize_html(rendered)
