"""
The newsroom's own short texts (the boilerplate) from Markdown to safe HTML, once at save.

Only what a paragraph about a company needs survives: paragraphs, emphasis, lists and
links to http(s), mailto and tel addresses. Posts have their own, richer renderer in
blog.markdown.
"""

import markdown
import nh3

BOILERPLATE_TAGS = {"p", "a", "strong", "em", "b", "i", "br", "ul", "ol", "li"}
BOILERPLATE_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_boilerplate(text: str) -> str:
    """Markdown ``text`` as sanitized HTML with a small allowlist of tags."""
    html = markdown.markdown(text or "", output_format="html")
    return nh3.clean(
        html,
        tags=BOILERPLATE_TAGS,
        attributes=BOILERPLATE_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    ).strip()
