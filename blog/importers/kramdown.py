"""
Kramdown-only syntax (Jekyll's Markdown dialect) made into Markdown that Pressroom renders.

Python-Markdown reads most of kramdown as it is: tables, footnotes, definition lists
("term" then ": definition") and header ids ("## Title {#id}"). What it would show as
literal text is changed here, once, at import:

- attribute lists on their own line or after a span (``{: .class}``, ``{:.lead}``,
  ``{: style="..."}``) and attribute definitions (``{:name: .class}``) are removed: the
  sanitizer would drop the classes and styles anyway;
- the table-of-contents marker (``* TOC`` followed by ``{:toc}``) is removed, since
  Pressroom shows no generated table of contents;
- extensions: ``{::comment}...{:/comment}`` and ``{::options .../}`` go,
  ``{::nomarkdown}...{:/nomarkdown}`` keeps its HTML.

Code blocks and code spans are never changed, so a Ruby hash like ``{:a=>1}`` in a code
sample stays as written.
"""

import re

from .segments import outside_code

# The inside of an attribute list: .class, #id, key="value", key='value', key=value, or
# a reference name, separated by spaces. A Ruby hash ("{:a=>1}") does not match.
_ATTRIBUTE = r"""(?:[.#][\w-]+|[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[\w./:%#-]+)|[\w-]+)"""
_ATTRIBUTES = rf"\s*(?:{_ATTRIBUTE}(?:\s+{_ATTRIBUTE})*)?\s*"
# {:toc} and the list item before it that kramdown replaces with the table of contents.
TOC = re.compile(r"(?m)^[ \t]*(?:[*+-]|\d+\.)[ \t]+TOC[ \t]*\n[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$\n?")
BLOCK_ATTRIBUTES = re.compile(rf"(?m)^[ \t]*\{{:(?:[\w-]+:)?{_ATTRIBUTES}\}}[ \t]*$\n?")
SPAN_ATTRIBUTES = re.compile(rf"(?<=[)*_`\]>])\{{:{_ATTRIBUTES}\}}")
COMMENT = re.compile(r"\{::comment\}.*?\{:/(?:comment)?\}", re.DOTALL)
NOMARKDOWN = re.compile(r"\{::nomarkdown\}(.*?)\{:/(?:nomarkdown)?\}", re.DOTALL)
OPTIONS = re.compile(r"\{::options\b[^}]*/\}")


def convert(text: str) -> tuple[str, list[str]]:
    """Return the body with kramdown-only syntax removed or converted, and warnings."""
    if "{:" not in text:
        return text, []
    warnings = []

    def change(part: str) -> str:
        part = COMMENT.sub("", part)
        part = NOMARKDOWN.sub(lambda match: match.group(1), part)
        part = OPTIONS.sub("", part)
        if TOC.search(part):
            warnings.append("kramdown: left out the generated table of contents ({:toc})")
            part = TOC.sub("", part)
        part = BLOCK_ATTRIBUTES.sub("", part)
        return SPAN_ATTRIBUTES.sub("", part)

    return outside_code(text, change), list(dict.fromkeys(warnings))
