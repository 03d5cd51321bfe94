"""
Markdown to safe HTML, done once when a post is saved.

The body is rendered with Python-Markdown and then cleaned with nh3 (the Rust
ammonia sanitizer) against allowlists: tags, attributes, URL schemes and CSS
classes. Video iframes from allowed hosts survive as https embeds; every other
iframe, script, event handler and javascript:/data: URL is removed.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

import markdown
import nh3

MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]

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
ALLOWED_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote"},
    "code": {f"language-{lang}" for lang in (
        "bash", "c", "cpp", "css", "diff", "go", "html", "java", "javascript", "js", "json",
        "php", "python", "ruby", "rust", "shell", "sh", "sql", "text", "typescript", "xml",
        "yaml",
    )},
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Content of these is dropped together with the tag, not kept as text.
CLEAN_CONTENT_TAGS = {"script", "style", "template", "noscript", "object", "embed", "svg", "math"}

FOOTNOTE_ID = re.compile(r"^fn(ref)?:[\w-]{1,40}$")
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
VIMEO_ID = re.compile(r"^[0-9]{3,15}$")
IFRAME = re.compile(r"<iframe([^>]*)></iframe>")
IFRAME_ATTRIBUTE = re.compile(r'([a-z]+)(?:="([^"]*)")?')
# Blank lines inside an HTML block end it in Markdown; an iframe needs none.
DIMENSION = re.compile(r"^[0-9]{1,4}%?$")


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
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
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


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "iframe":
        if attribute == "src":
            return embed_url(value)
        if attribute in {"width", "height"}:
            return value if DIMENSION.match(value) else None
    if attribute == "id":
        return value if FOOTNOTE_ID.match(value) else None
    if tag == "img" and attribute in {"width", "height"}:
        return value if value.isdigit() else None
    return value


def _finish_iframe(match: re.Match) -> str:
    attributes = dict(IFRAME_ATTRIBUTE.findall(match.group(1)))
    src = attributes.get("src")
    if not src:
        return ""
    width = attributes.get("width") or "560"
    height = attributes.get("height") or "315"
    title = attributes.get("title") or "Video"
    return (
        f'<div class="embed"><iframe src="{src}" width="{width}" height="{height}" '
        f'title="{title}" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" '
        'allow="encrypted-media; picture-in-picture; fullscreen" allowfullscreen></iframe></div>'
    )


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=CLEAN_CONTENT_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitize_html(fragment: str) -> str:
    """Clean an HTML fragment against Pressroom's allowlists."""
    return IFRAME.sub(_finish_iframe, _cleaner.clean(fragment))


def render_markdown(text: str) -> str:
    """Render Markdown (tables, fenced code, footnotes, ...) to sanitized HTML."""
    if not text or not text.strip():
        return ""
    # NUL characters are never meaningful in a post and upset some databases.
    text = text.replace("\x00", "")
    rendered = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return sanitize_html(rendered)
