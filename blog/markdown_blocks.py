"""
kramdown's GFM block rules, said in Python-Markdown's terms before it reads a body.

Jekyll renders Markdown with kramdown's GFM parser, and Pressroom's bodies follow it where
Python-Markdown reads the same text differently. No kept extension does this (the
"breakless lists" and "sane lists" extensions handle neither fences nor the content-column
rule), so this preprocessor rewrites the lines, outside code, so that:

- a list, an ATX heading (``# Title``), a block quote or a code fence starts right after a
  paragraph line, without a blank line between (kramdown's GFM paragraph end);
- a list nested by the GFM content-column rule (indented to where its parent item's text
  starts: 2 spaces under ``- ``, 3 under ``1. ``) nests; Python-Markdown wants 4 spaces
  per level, so the lines of each list item are re-indented to that;
- a fence's info string is its language only (kramdown reads the first word of
  ```` ```f(x) ```` as the language; Python-Markdown would not see a fence at all).

Indented code blocks and fenced code keep their text exactly.
"""

import html
import re

from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.preprocessors import Preprocessor

TAB = 4
# Characters a backslash escapes in kramdown's GFM parser beyond Python-Markdown's own.
KRAMDOWN_ESCAPES = "<>:|\"'$=~"
LIST_ITEM = re.compile(r"^( {0,3})([*+-]|\d{1,9}[.)])([ \t]+|$)(.*)$")
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
BLOCK_QUOTE = re.compile(r"^ {0,3}>")
FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[ \t]*([^`\n]*?)[ \t]*$")
# What Python-Markdown's fenced code reads as a language: a word, maybe with "." "+" "#" "-".
FENCE_LANGUAGE = re.compile(r"[\w#+.-]+")
# Info strings Python-Markdown reads itself: a language, attributes in braces, or both.
FENCE_INFO_READ = re.compile(r"^[\w#+.-]*[ \t]*(?:\{[^}]*\})?$")
HTML_BLOCK_START = re.compile(r"^ {0,3}</?[A-Za-z][\w-]*(?:[\s/>]|$)|^ {0,3}<!--")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _Item:
    """An open list item: where its content starts in the source and in the output."""

    def __init__(self, content_column: int, output_indent: int):
        self.content_column = content_column
        self.output_indent = output_indent


class KramdownBlocks(Preprocessor):
    """Rewrite a body's lines to kramdown GFM's block rules (see the module docstring)."""

    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        items: list[_Item] = []
        fence: _Fence | None = None
        previous = "blank"  # blank | text | item | other
        text_indent = 0  # where the last line of text went in the output
        for raw in lines:
            line = raw.expandtabs(TAB)
            if fence is not None:
                if fence.closes(line):
                    output += self._close(fence)
                    fence = None
                else:
                    fence.add(line, output)
                previous = "other"
                continue
            if not line.strip():
                output.append("")
                previous = "blank"
                continue
            indent = _indent(line)
            # The items the line is inside of: its indentation reaches their content.
            depth = 0
            while depth < len(items) and indent >= items[depth].content_column:
                depth += 1
            base = items[depth - 1].content_column if depth else 0
            relative = line[base:] if depth else line
            item = LIST_ITEM.match(relative)
            fence_match = FENCE.match(relative)
            starts_block = item or ATX_HEADING.match(relative) or BLOCK_QUOTE.match(relative)
            continues = items and previous in {"text", "item"}
            if continues and not starts_block and not fence_match:
                # A paragraph's next line inside a list item, however it is indented: at the
                # indentation of the line before, so that Python-Markdown keeps it in the
                # paragraph rather than making the item a loose one.
                output.append(" " * text_indent + line.strip())
                continue
            if previous == "blank" or starts_block or fence_match:
                del items[depth:]
            if previous == "text" and (starts_block or fence_match):
                output.append("")  # kramdown ends a paragraph here; Python-Markdown needs a gap
            if item and not (previous == "blank" and HTML_BLOCK_START.match(relative)):
                marker_indent, marker, gap, text = item.groups()
                width = len(marker_indent) + len(marker)
                spaces = len(gap)
                # Five or more spaces after the marker start an indented code block: the
                # content column is then right after one space.
                content = base + width + (spaces if 0 < spaces <= TAB else 1)
                output.append(" " * (TAB * depth) + marker + " " + text)
                text_indent = TAB * depth
                items.append(_Item(content, TAB * (depth + 1)))
                previous = "item"
                continue
            if fence_match:
                fence_indent, marks, info = fence_match.groups()
                # Python-Markdown reads a fence only at the start of a line outside lists;
                # any other one is made into its code block here (see _close).
                stash = bool(depth or fence_indent)
                fence = _Fence(marks, base + len(fence_indent), depth, info or "", stash)
                if not stash:
                    if not FENCE_INFO_READ.match(fence.info):
                        fence.info = fence.language()
                    output.append(marks + fence.info)
                previous = "other"
                continue
            output.append(" " * (TAB * depth) + relative)
            text_indent = TAB * depth + _indent(relative)
            previous = "text" if not starts_block else "other"
            if BLOCK_QUOTE.match(relative):
                previous = "text"  # a quote's lines continue lazily too
        if fence is not None and fence.stash:
            output += self._close(fence)  # its lines are code all the same
        return output

    def _close(self, fence: "_Fence") -> list[str]:
        if not fence.stash:
            return [fence.marks]
        code = "".join(line + "\n" for line in fence.code)
        language = fence.language()
        attribute = f' class="language-{html.escape(language)}"' if language else ""
        block = f"<pre><code{attribute}>{html.escape(code, quote=False)}</code></pre>"
        placeholder = self.md.htmlStash.store(block)
        return ["", " " * (TAB * fence.depth) + placeholder, ""]


class _Fence:
    """An open code fence: its marks, where its lines start, and what it holds so far."""

    def __init__(self, marks: str, column: int, depth: int, info: str, stash: bool):
        self.marks, self.column, self.depth = marks, column, depth
        self.info, self.stash = info, stash
        self.code: list[str] = []

    def closes(self, line: str) -> bool:
        stripped = line.strip()
        return (
            _indent(line) < self.column + TAB
            and stripped.startswith(self.marks[0] * len(self.marks))
            and not stripped.strip(self.marks[0])
        )

    def add(self, line: str, output: list[str]) -> None:
        # A code line loses the fence's indentation, as much of it as it has.
        text = line[min(self.column, _indent(line)) :]
        if self.stash:
            self.code.append(text)
        else:
            output.append(text)

    def language(self) -> str:
        match = FENCE_LANGUAGE.match(self.info)
        return match.group() if match else ""


class KramdownBlocksExtension(Extension):
    """Registers KramdownBlocks before fenced code and HTML blocks are read."""

    def extendMarkdown(self, md):
        md.preprocessors.register(KramdownBlocks(md), "kramdown_blocks", 29)
        # kramdown's GFM parser takes a backslash before these as an escape too.
        md.ESCAPED_CHARS = [
            *md.ESCAPED_CHARS,
            *(c for c in KRAMDOWN_ESCAPES if c not in md.ESCAPED_CHARS),
        ]


class KramdownAttributeLists(AttrListTreeprocessor):
    """
    Python-Markdown's attribute lists, limited to kramdown's forms: ``{: ...}`` (``{:.x}``,
    ``{:#x}``) and a header id ``{#x}``. Other text in braces ("{1, 2, 3}" on its own line,
    a heading ending in "{a b}") is text, as in kramdown.
    """

    BASE_RE = r"\{(?::[ ]*|(?=#[\w-]+[ ]*\}))([^\}\n]*)\}"
    HEADER_RE = re.compile(rf"[ ]+{BASE_RE}[ ]*$")
    BLOCK_RE = re.compile(rf"\n[ ]*{BASE_RE}[ ]*$")
    INLINE_RE = re.compile(rf"^{BASE_RE}")


class KramdownAttributeListsExtension(Extension):
    """Registers KramdownAttributeLists where Python-Markdown's attr_list would be."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(KramdownAttributeLists(md), "attr_list", 8)
        md.registerExtension(self)
