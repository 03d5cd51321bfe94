"""
Markdown text split into code and the rest, so that import-time conversions (kramdown
attribute lists, image references) change prose and never the code samples in a post.
"""

import re
from collections.abc import Callable

# An opening or closing code fence: three or more backticks or tildes, indented or not
# (a fence inside a list item is indented).
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# An inline code span: a run of backticks, anything but that run, the same run.
CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
# Stands for a code span while the text around it is changed; private-use characters,
# which no real post contains.
SPAN_MARK = re.compile(r"\ue020(\d+)\ue021")


def split_fenced(text: str) -> list[tuple[bool, str]]:
    """
    The text as (is_code, part) pairs, in order: fenced code blocks (their fences
    included) and everything between them. An unclosed fence runs to the end.
    """
    parts: list[tuple[bool, str]] = []
    current: list[str] = []
    fence = None  # the fence that opened the code block we are in
    for line in text.splitlines(keepends=True):
        match = FENCE.match(line)
        if fence is None and match:
            if current:
                parts.append((False, "".join(current)))
            current, fence = [line], match.group(1)
        elif fence is not None and match and _closes(match.group(1), fence, line):
            current.append(line)
            parts.append((True, "".join(current)))
            current, fence = [], None
        else:
            current.append(line)
    if current:
        parts.append((fence is not None, "".join(current)))
    return parts


def _closes(candidate: str, fence: str, line: str) -> bool:
    # A closing fence is the same character, at least as long, with nothing after it.
    return (
        candidate[0] == fence[0]
        and len(candidate) >= len(fence)
        and not line.strip()[len(candidate) :].strip()
    )


def outside_code(text: str, change: Callable[[str], str]) -> str:
    """
    Apply ``change`` to the text outside fenced code blocks and inline code spans.

    Code spans are swapped for marks while ``change`` runs and put back afterwards, so
    ``change`` sees the prose around them and cannot alter them.
    """
    output = []
    for is_code, part in split_fenced(text):
        if is_code:
            output.append(part)
            continue
        spans: list[str] = []

        def keep(match, spans=spans):
            spans.append(match.group())
            return f"\ue020{len(spans) - 1}\ue021"

        changed = change(CODE_SPAN.sub(keep, part))
        output.append(SPAN_MARK.sub(lambda match, spans=spans: spans[int(match.group(1))], changed))
    return "".join(output)
