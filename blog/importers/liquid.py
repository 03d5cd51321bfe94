"""
Jekyll's Liquid, turned into plain Markdown once, when a post is imported.

Jekyll runs every post through Liquid before Markdown. Pressroom stores Markdown only, so
the import does that step itself and no Liquid syntax ever reaches a reader or an export:

- ``{% highlight ruby %}`` ... ``{% endhighlight %}`` becomes a fenced code block;
- ``{{ site.url }}``, ``{{ site.baseurl }}``, ``{{ page.title }}`` and the like are filled
  in (site values come from the site's _config.yml and _data/ when the import has them);
- ``{% raw %}`` keeps its text exactly as written;
- ``{% include %}``, ``{% include_relative %}``, ``{% link %}`` and ``{% post_url %}`` are
  resolved through the callbacks of a LiquidContext where that is possible;
- ``assign``, ``capture``, ``if``/``unless``/``case`` and ``for`` are evaluated like Liquid
  does, and a few common plugin tags (youtube, vimeo, gist, img, codeblock, blockquote)
  become their Markdown or HTML equivalents;
- everything else is left out, and the returned warnings say what was left out.
"""

import datetime as dt
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

# Marks a link or value that could not be resolved; tidy() removes it with the Markdown
# around it (a link becomes its text), so no empty link or "<>" is left behind.
UNRESOLVED = "\ue010"
MAX_INCLUDE_DEPTH = 5
MAX_LOOP_ITEMS = 1000
# Rendering stops past these: nested loops over ranges ran for minutes, and "append"
# doubling a value in a loop grew it to gigabytes. A step is a tag, text or value
# rendered, or a loop's turn; a value is a string or list a filter makes, or a number.
MAX_STEPS = 200_000
MAX_OUTPUT_CHARS = 5_000_000
MAX_NUMBER_BITS = 256

TOKEN = re.compile(r"\{%(-?)(.{0,2000}?)(-?)%\}|\{\{(-?)(.{0,2000}?)(-?)\}\}", re.DOTALL)
TAG_NAME = re.compile(r"\s*([\w-]+|#)\s*(.*)", re.DOTALL)
STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
NUMBER = re.compile(r"-?\d+(\.\d+)?$")
RANGE = re.compile(r"\(\s*(.+?)\s*\.\.\s*(.+?)\s*\)$")
VARIABLE = re.compile(r"[\w-]+(?:\.[\w?-]+|\[[^\]]*\])*$")
PATH_PART = re.compile(r"\.([\w?-]+)|\[([^\]]*)\]")
COMPARISON = re.compile(r"\s*(==|!=|<>|>=|<=|>|<|\scontains\s)\s*")
LOGICAL = re.compile(r"\s+(and|or)\s+")
ASSIGN = re.compile(r"([\w-]+)\s*=\s*(.+)$", re.DOTALL)
FOR = re.compile(r"([\w-]+)\s+in\s+(\(.+?\)|\S+)(.*)$", re.DOTALL)
PARAM = re.compile(r"([\w-]+)\s*[=:]\s*(\"[^\"]*\"|'[^']*'|[^\s,]+)")
SAFE_LANGUAGE = re.compile(r"[\w+#.-]{1,40}$")
# An opening delimiter that no closing one follows: not a tag, and not for readers either.
STRAY_DELIMITER = re.compile(r"\{[%{]")

# Block tags and the tags that divide them into branches.
BRANCHES = {
    "if": {"elsif", "else"},
    "unless": {"elsif", "else"},
    "case": {"when", "else"},
    "for": {"else"},
    "tablerow": set(),
    "capture": set(),
    "highlight": set(),
    "codeblock": set(),
    "blockquote": set(),
    "pullquote": set(),
}
# Tags that print page furniture a post body does not need; left out without a warning.
SILENT_TAGS = {"seo", "feed_meta", "github_edit_link", "cycle", "break", "continue"}


class _Undefined:
    """A value Liquid has no name for: renders as nothing, is false in conditions."""

    def __bool__(self):
        return False

    def __repr__(self):
        return "Undefined"


UNDEFINED = _Undefined()


@dataclass
class LiquidContext:
    """What Liquid in a post can see, and how its tags are resolved."""

    site: dict = field(default_factory=dict)
    page: dict = field(default_factory=dict)
    # Each returns None when the thing cannot be found.
    read_include: Callable[[str], str | None] = lambda name: None
    read_relative: Callable[[str], str | None] = lambda path: None
    link_url: Callable[[str], str | None] = lambda path: None
    post_url: Callable[[str], str | None] = lambda name: None


def convert(text: str, context: LiquidContext) -> tuple[str, list[str]]:
    """
    Render the Liquid in a post body to plain Markdown; return it with warnings about
    what could not be resolved and was left out.
    """
    if "{%" not in text and "{{" not in text:
        return text, []
    renderer = _Renderer(context)
    try:
        output = renderer.render_text(text)
    except _OverBudget as stop:
        # What the Liquid made so far is no use half done: its text is kept, its tags go.
        renderer.warn(f"stopped: {stop.reason}; the Liquid was left out and its text kept")
        output = TOKEN.sub("", text)
        output = STRAY_DELIMITER.sub("", output)
    return tidy(output), renderer.report()


def tidy(text: str) -> str:
    """Remove unresolved links and values together with the Markdown or HTML around them."""
    if UNRESOLVED not in text:
        return text
    mark = re.escape(UNRESOLVED)
    # A link whose whole address is an unresolved value keeps its text, and a reference
    # definition of one goes. When the address goes on after the value ("{{ site.repository
    # }}/issues/1"), the value is empty, as in Jekyll, and the rest stays the address.
    text = re.sub(rf"!?\[([^\]\n]*)\]\(\s*{mark}\s*(?:\"[^\"\n]*\"\s*)?\)", r"\1", text)
    removed = []

    def remove_definition(match: re.Match) -> str:
        removed.append(match.group(1))
        return ""

    text = re.sub(rf"(?m)^[ \t]*\[([^\]\n]+)\]:[ \t]*{mark}[ \t]*$\n?", remove_definition, text)
    for label in dict.fromkeys(removed):
        # Its uses ("[text][label]", "[label][]", "[label]") keep their text.
        name = re.escape(label)
        text = re.sub(rf"(?i)\[([^\]\n]*)\]\[{name}\]", r"\1", text)
        text = re.sub(rf"(?i)\[({name})\](?:\[\])?(?![(:])", r"\1", text)
    text = re.sub(
        rf"<a\s[^>]*href=[\"']?{mark}[\"'\s>][^>]*>(.*?)</a>", r"\1", text, flags=re.DOTALL
    )
    text = re.sub(rf"<{mark}[^>\s]*>", "", text)  # an autolink to nothing
    return text.replace(UNRESOLVED, "")


class _Stop(Exception):
    """break or continue inside a for loop."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


class _OverBudget(Exception):
    """The Liquid took too many steps or made too much; rendering stops."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Budget:
    """What one post's Liquid may take, shared by the renderers of its includes."""

    def __init__(self):
        self.steps = 0
        self.size = 0

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _OverBudget(f"it took more than {MAX_STEPS:,} steps")

    def made(self, length: int) -> None:
        self.size += length
        if self.size > MAX_OUTPUT_CHARS:
            raise _OverBudget(f"it made more than {MAX_OUTPUT_CHARS:,} characters")

    @staticmethod
    def check_value(value) -> None:
        if isinstance(value, str | list) and len(value) > MAX_OUTPUT_CHARS:
            raise _OverBudget(f"a value grew past {MAX_OUTPUT_CHARS:,} characters")
        if isinstance(value, int) and value.bit_length() > MAX_NUMBER_BITS:
            raise _OverBudget("a number grew too large")


@dataclass
class _Text:
    text: str
    raw: bool = False


@dataclass
class _Output:
    expression: str


@dataclass
class _Tag:
    name: str
    markup: str


@dataclass
class _Block:
    name: str
    markup: str
    # (dividing tag name, its markup, nodes); the first branch is the block's own.
    branches: list = field(default_factory=list)


class _Renderer:
    def __init__(self, context: LiquidContext, depth: int = 0, parent=None):
        self.context = context
        self.depth = depth
        self.variables = parent.variables if parent else {}
        self.left_out = parent.left_out if parent else {}  # message -> count
        self.undefined = parent.undefined if parent else []
        self.budget = parent.budget if parent else _Budget()

    # Reporting

    def warn(self, message: str) -> None:
        self.left_out[message] = self.left_out.get(message, 0) + 1

    def report(self) -> list[str]:
        warnings = [
            f"Liquid: {message}" + (f" ({count} times)" if count > 1 else "")
            for message, count in self.left_out.items()
        ]
        names = list(dict.fromkeys(self.undefined))
        if names:
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            warnings.append(f"Liquid: left out values the import has no data for: {shown}")
        return warnings

    # Reading

    def render_text(self, text: str) -> str:
        return self.render(self.parse(self.tokenize(text)))

    def tokenize(self, text: str) -> list:
        tokens, position = [], 0
        while True:
            match = TOKEN.search(text, position)
            if match is None:
                tokens.append(_Text(self._strays(text[position:])))
                break
            tokens.append(_Text(self._strays(text[position : match.start()])))
            position = match.end()
            if match.group(2) is None:
                tokens.append(("out", match.group(4), match.group(5), match.group(6)))
                continue
            name_match = TAG_NAME.match(match.group(2))
            name, markup = (name_match.groups()) if name_match else ("", "")
            if name in {"raw", "comment"}:
                if match.group(1) and isinstance(tokens[-1], _Text):
                    tokens[-1] = _Text(tokens[-1].text.rstrip())
                end = re.compile(r"\{%-?\s*end" + name + r"\s*(-?)%\}").search(text, position)
                inner = text[position : end.start()] if end else text[position:]
                position = end.end() if end else len(text)
                if name == "raw":
                    tokens.append(_Text(inner, raw=True))
                if end and end.group(1):  # "-%}" trims what follows
                    tokens.append(("trim",))
                continue
            if name == "#":  # an inline comment
                continue
            tokens.append(("tag", match.group(1), name, markup.strip(), match.group(3)))
        return self._trim(tokens)

    def _strays(self, text: str) -> str:
        """Delimiters that open or close no tag are not Liquid either: leave them out."""
        if STRAY_DELIMITER.search(text):
            self.warn("left out an unclosed '{%' or '{{'")
            return STRAY_DELIMITER.sub("", text)
        return text

    @staticmethod
    def _trim(tokens: list) -> list:
        """Apply whitespace control: "{%-" trims the text before, "-%}" the text after."""
        result = []
        trim_next = False
        for token in tokens:
            if isinstance(token, _Text):
                if trim_next and not token.raw:
                    token = _Text(token.text.lstrip(), token.raw)
                trim_next = False
                result.append(token)
                continue
            if token[0] == "trim":
                trim_next = True
                continue
            left, right = token[1], token[-1]
            if left and result and isinstance(result[-1], _Text) and not result[-1].raw:
                result[-1] = _Text(result[-1].text.rstrip())
            trim_next = bool(right)
            result.append(token)
        return result

    def parse(self, tokens: list) -> list:
        """Nest block tags; a block whose end never comes runs to the end of the text."""
        block_names = {
            token[2][3:]
            for token in tokens
            if not isinstance(token, _Text) and token[0] == "tag" and token[2].startswith("end")
        }
        root: list = []
        stack: list[tuple[_Block, list]] = []
        current = root
        for token in tokens:
            if isinstance(token, _Text):
                if token.text:
                    current.append(token)
                continue
            if token[0] == "out":
                current.append(_Output(token[2].strip()))
                continue
            name, markup = token[2], token[3]
            if stack and name in BRANCHES.get(stack[-1][0].name, ()):
                current = []
                stack[-1][0].branches.append((name, markup, current))
            elif name.startswith("end") and any(block.name == name[3:] for block, _ in stack):
                while stack:
                    block, parent = stack.pop()
                    current = parent
                    if block.name == name[3:]:
                        break
                    self.warn(f"{{% {block.name} %}} had no {{% end{block.name} %}}")
            elif name.startswith("end"):
                self.warn(f"left out {{% {name} %}}, which ends nothing")
            elif name in BRANCHES or name in block_names:
                block = _Block(name, markup)
                current.append(block)
                stack.append((block, current))
                current = []
                block.branches.append((name, markup, current))
            else:
                current.append(_Tag(name, markup))
        for block, _parent in stack:
            self.warn(f"{{% {block.name} %}} had no {{% end{block.name} %}}")
        return root

    # Rendering

    def render(self, nodes: list) -> str:
        parts = []
        for node in nodes:
            self.budget.step()
            if isinstance(node, _Text):
                part = node.text
            elif isinstance(node, _Output):
                part = self.output(node.expression)
            elif isinstance(node, _Tag):
                part = self.tag(node.name, node.markup)
            else:
                part = self.block(node)
            self.budget.made(len(part))
            parts.append(part)
        return "".join(parts)

    def output(self, expression: str) -> str:
        value = self.evaluate_filtered(expression)
        if value is UNDEFINED:
            self.undefined.append(expression.split("|")[0].strip() or "(empty)")
            return UNRESOLVED
        return to_text(value)

    def tag(self, name: str, markup: str) -> str:
        handler = getattr(self, f"tag_{name.replace('-', '_')}", None)
        if handler is not None:
            return handler(markup)
        if name not in SILENT_TAGS:
            self.warn(f"left out {{% {name} %}}: Pressroom does not know this tag")
        return ""

    def block(self, block: _Block) -> str:
        handler = getattr(self, f"block_{block.name}", None)
        if handler is not None:
            return handler(block)
        # A block tag from a plugin: keep what it wraps, which is usually the text itself.
        self.warn(f"left out the {{% {block.name} %}} tags around some text (the text is kept)")
        return self.render(block.branches[0][2])

    # Tags

    def tag_assign(self, markup: str) -> str:
        match = ASSIGN.match(markup)
        if match:
            self.variables[match.group(1)] = self.evaluate_filtered(match.group(2))
        return ""

    def tag_increment(self, markup: str) -> str:
        name = markup.strip()
        value = self.variables.get(name, 0)
        value = value if isinstance(value, int) else 0
        self.variables[name] = value + 1
        return str(value)

    def tag_decrement(self, markup: str) -> str:
        name = markup.strip()
        value = self.variables.get(name, 0)
        value = (value if isinstance(value, int) else 0) - 1
        self.variables[name] = value
        return str(value)

    def tag_break(self, markup: str) -> str:
        raise _Stop("break")

    def tag_continue(self, markup: str) -> str:
        raise _Stop("continue")

    def tag_include(self, markup: str) -> str:
        return self._include(markup, self.context.read_include, "include")

    def tag_include_cached(self, markup: str) -> str:
        # jekyll-include-cache: the same include, kept between pages by Jekyll.
        return self.tag_include(markup)

    def tag_include_relative(self, markup: str) -> str:
        return self._include(markup, self.context.read_relative, "include_relative")

    def _include(self, markup: str, read: Callable[[str], str | None], name: str) -> str:
        markup = self.render_text(markup) if "{{" in markup else markup
        parts = markup.split(None, 1)
        if not parts:
            return ""
        path = parts[0].strip("\"'")
        text = read(path) if self.depth < MAX_INCLUDE_DEPTH else None
        if text is None:
            self.warn(f"left out {{% {name} {path} %}}: the file is not part of the import")
            return ""
        arguments = parts[1] if len(parts) > 1 else ""
        params = {key: self.evaluate(value) for key, value in PARAM.findall(arguments)}
        params = {key: value for key, value in params.items() if value is not UNDEFINED}
        outer = self.variables.get("include", UNDEFINED)
        self.variables["include"] = params
        try:
            return _Renderer(self.context, self.depth + 1, parent=self).render_text(text)
        finally:
            if outer is UNDEFINED:
                self.variables.pop("include", None)
            else:
                self.variables["include"] = outer

    def tag_link(self, markup: str) -> str:
        path = (self.render_text(markup) if "{{" in markup else markup).strip().strip("\"'")
        url = self.context.link_url(path)
        if url is None:
            self.warn(f"left out the link to {path}: no post in the import has that file")
            return UNRESOLVED
        return url

    def tag_post_url(self, markup: str) -> str:
        name = (self.render_text(markup) if "{{" in markup else markup).strip().strip("\"'")
        url = self.context.post_url(name)
        if url is None:
            self.warn(f"left out the link to {name}: no post in the import has that name")
            return UNRESOLVED
        return url

    def tag_youtube(self, markup: str) -> str:
        video = (markup.split() or [""])[0].strip("\"'")
        if not re.fullmatch(r"[\w-]{6,20}", video):
            self.warn("left out a {% youtube %} without a video id")
            return ""
        return f'\n\n<iframe src="https://www.youtube.com/embed/{video}"></iframe>\n\n'

    def tag_vimeo(self, markup: str) -> str:
        video = (markup.split() or [""])[0].strip("\"'")
        if not video.isdigit():
            self.warn("left out a {% vimeo %} without a video id")
            return ""
        return f'\n\n<iframe src="https://player.vimeo.com/video/{video}"></iframe>\n\n'

    def tag_gist(self, markup: str) -> str:
        gist = (markup.split() or [""])[0].strip("\"'")
        if not re.fullmatch(r"[\w-]+(/[\w-]+)?", gist):
            self.warn("left out a {% gist %} without a gist id")
            return ""
        return f"[Gist {gist}](https://gist.github.com/{gist})"

    def tag_img(self, markup: str) -> str:
        # Octopress: {% img [class names] /path/to/image [width [height]] [title [alt]] %}
        match = re.match(
            r"(?:(?P<classes>[^/\"'\s][^\"']*?)\s+)?(?P<src>(?:https?://|/|\S+\.\w{3,4}\b)\S*)"
            r"(?:\s+\d+(?:\s+\d+)?)?(?:\s+(?P<text>.+))?$",
            markup.strip(),
        )
        if not match:
            self.warn("left out an {% img %} without a picture")
            return ""
        texts = STRING.findall(match.group("text") or "")
        title = texts[0].strip("\"'") if texts else (match.group("text") or "").strip()
        alt = texts[1].strip("\"'") if len(texts) > 1 else title
        title_part = f' "{title}"' if title else ""
        return f"![{alt}]({match.group('src')}{title_part})"

    # Blocks

    def block_if(self, block: _Block) -> str:
        for name, markup, nodes in block.branches:
            if name == "else":
                return self.render(nodes)
            truth = self.condition(markup)
            if name == "unless":
                truth = not truth
            if truth:
                return self.render(nodes)
        return ""

    block_unless = block_if

    def block_case(self, block: _Block) -> str:
        subject = self.evaluate(block.markup)
        for name, markup, nodes in block.branches[1:]:
            if name == "else":
                return self.render(nodes)
            options = [part for part in re.split(r"\s*,\s*|\s+or\s+", markup) if part]
            if any(self.evaluate(option) == subject for option in options):
                return self.render(nodes)
        return ""

    def block_for(self, block: _Block) -> str:
        match = FOR.match(block.markup)
        if not match:
            self.warn("left out a {% for %} it could not read")
            return ""
        name, source, options = match.groups()
        items = self.evaluate(source)
        if items is UNDEFINED:
            self.undefined.append(source)
            items = []
        if isinstance(items, dict):
            items = [[key, value] for key, value in items.items()]
        if not isinstance(items, list | range):
            items = [] if items is None else [items]
        # Sliced as they are: a range of a billion numbers is never made into a list.
        offset = re.search(r"offset\s*:\s*(\S+)", options)
        limit = re.search(r"limit\s*:\s*(\S+)", options)
        if offset:
            start = self.evaluate(offset.group(1))
            items = items[start:] if isinstance(start, int) else items
        if limit:
            count = self.evaluate(limit.group(1))
            items = items[:count] if isinstance(count, int) else items
        if re.search(r"\breversed\b", options):
            items = items[::-1]
        items = list(items[: MAX_LOOP_ITEMS + 1])
        if len(items) > MAX_LOOP_ITEMS:
            self.warn(f"a {{% for %}} was cut to its first {MAX_LOOP_ITEMS} items")
            items = items[:MAX_LOOP_ITEMS]
        body = block.branches[0][2]
        if not items:
            other = [nodes for branch, _markup, nodes in block.branches[1:] if branch == "else"]
            return self.render(other[0]) if other else ""
        outer = {key: self.variables.get(key, UNDEFINED) for key in (name, "forloop")}
        parts = []
        try:
            for index, item in enumerate(items):
                self.budget.step()
                self.variables[name] = item
                self.variables["forloop"] = {
                    "index": index + 1,
                    "index0": index,
                    "rindex": len(items) - index,
                    "rindex0": len(items) - index - 1,
                    "first": index == 0,
                    "last": index == len(items) - 1,
                    "length": len(items),
                }
                try:
                    parts.append(self.render(body))
                except _Stop as stop:
                    if stop.kind == "break":
                        break
        finally:
            for key, value in outer.items():
                if value is UNDEFINED:
                    self.variables.pop(key, None)
                else:
                    self.variables[key] = value
        return "".join(parts)

    block_tablerow = block_for

    def block_capture(self, block: _Block) -> str:
        name = block.markup.strip().strip("\"'")
        self.variables[name] = self.render(block.branches[0][2])
        return ""

    def block_highlight(self, block: _Block) -> str:
        language = (block.markup.split() or [""])[0]
        return self._fence(self.render(block.branches[0][2]), language)

    def block_codeblock(self, block: _Block) -> str:
        # Octopress: {% codeblock [title] [lang:ruby] [url] [link text] %}
        language = re.search(r"lang:(\S+)", block.markup)
        return self._fence(self.render(block.branches[0][2]), language.group(1) if language else "")

    def block_blockquote(self, block: _Block) -> str:
        # Octopress: {% blockquote [author[, source]] [link] [source link title] %}
        text = self.render(block.branches[0][2]).strip()
        lines = [f"> {line}".rstrip() for line in text.splitlines()]
        by = re.sub(r"\s*https?://\S+.*$", "", block.markup).strip()
        if by:
            lines += [">", f"> — {by}"]
        return "\n\n" + "\n".join(lines) + "\n\n"

    def block_pullquote(self, block: _Block) -> str:
        return self.render(block.branches[0][2]).replace('{"', "").replace('"}', "")

    def _fence(self, code: str, language: str) -> str:
        code = code.strip("\n")
        if not SAFE_LANGUAGE.match(language):
            language = ""
        longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
        fence = "`" * (longest + 1)
        return f"\n\n{fence}{language}\n{code}\n{fence}\n\n"

    # Values

    def condition(self, markup: str):
        parts = LOGICAL.split(markup.strip(), maxsplit=1)
        if len(parts) == 3:
            left, operator, rest = parts
            if operator == "and":
                return self.condition(left) and self.condition(rest)
            return self.condition(left) or self.condition(rest)
        comparison = _split_outside_strings(markup, COMPARISON)
        if comparison is None:
            value = self.evaluate(markup)
            return value is not None and value is not False and value is not UNDEFINED
        left, operator, right = comparison
        a, b = self.evaluate(left), self.evaluate(right)
        a = None if a is UNDEFINED else a
        b = None if b is UNDEFINED else b
        operator = operator.strip()
        try:
            if operator == "==":
                return a == b
            if operator in {"!=", "<>"}:
                return a != b
            if operator == "contains":
                if isinstance(a, str):
                    return b is not None and to_text(b) in a
                return isinstance(a, list) and b in a
            return {
                ">": lambda: a > b,
                "<": lambda: a < b,
                ">=": lambda: a >= b,
                "<=": lambda: a <= b,
            }[operator]()
        except TypeError:
            return False

    def evaluate_filtered(self, expression: str):
        pieces = _split_filters(expression)
        value = self.evaluate(pieces[0])
        for piece in pieces[1:]:
            name, _colon, argument_text = piece.partition(":")
            name = name.strip()
            arguments = [
                self.evaluate(argument)
                for argument in _split_arguments(argument_text)
                if not re.match(r"\s*[\w-]+\s*:", argument)  # named arguments are ignored
            ]
            value = self.apply_filter(name, value, arguments)
        return value

    def evaluate(self, expression: str):
        expression = expression.strip()
        if not expression:
            return UNDEFINED
        if STRING.fullmatch(expression):
            return expression[1:-1]
        if NUMBER.match(expression):
            return float(expression) if "." in expression else int(expression)
        literal = {"true": True, "false": False, "nil": None, "null": None}
        if expression in literal:
            return literal[expression]
        if expression in {"empty", "blank"}:
            return ""
        span = RANGE.match(expression)
        if span:
            start, stop = self.evaluate(span.group(1)), self.evaluate(span.group(2))
            if isinstance(start, int) and isinstance(stop, int):
                return range(start, min(stop, start + MAX_LOOP_ITEMS) + 1)
            return []
        if not VARIABLE.match(expression):
            return UNDEFINED
        head = re.match(r"[\w-]+", expression).group()
        value = self.lookup(head)
        for attribute, index in PATH_PART.findall(expression[len(head) :]):
            if value is UNDEFINED or value is None:
                return UNDEFINED
            key = attribute if attribute else self.evaluate(index)
            value = _attribute(value, key)
        return value

    def lookup(self, name: str):
        if name in self.variables:
            return self.variables[name]
        if name == "site":
            return self.context.site
        if name == "page":
            return self.context.page
        return UNDEFINED

    def apply_filter(self, name: str, value, arguments: list):
        function = FILTERS.get(name)
        if function is None:
            self.warn(f"ignored the filter '{name}', which Pressroom does not know")
            return value
        try:
            result = function(self, value, *arguments)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError):
            return value
        self.budget.check_value(result)
        return result


def _attribute(value, key):
    if isinstance(value, dict):
        return value.get(key, UNDEFINED) if isinstance(key, str) else UNDEFINED
    if isinstance(value, list | range | str):
        if key == "size":
            return len(value)
        if key == "first":
            return value[0] if len(value) else UNDEFINED
        if key == "last":
            return value[-1] if len(value) else UNDEFINED
        if isinstance(key, int) and not isinstance(value, str):
            return value[key] if -len(value) <= key < len(value) else UNDEFINED
    return UNDEFINED


def _split_filters(expression: str) -> list[str]:
    pieces, current, quote_char = [], [], None
    for char in expression:
        if quote_char:
            quote_char = None if char == quote_char else quote_char
        elif char in "\"'":
            quote_char = char
        elif char == "|":
            pieces.append("".join(current))
            current = []
            continue
        current.append(char)
    pieces.append("".join(current))
    return pieces


def _split_arguments(text: str) -> list[str]:
    if not text.strip():
        return []
    return [match.group().strip() for match in re.finditer(r"(\"[^\"]*\"|'[^']*'|[^,])+", text)]


def _split_outside_strings(text: str, pattern: re.Pattern):
    """(left, operator, right) at the first ``pattern`` outside quotes, or None."""
    masked = STRING.sub(lambda match: "x" * len(match.group()), text)
    match = pattern.search(masked)
    if match is None:
        return None
    return text[: match.start()], match.group(), text[match.end() :]


def to_text(value) -> str:
    """A Liquid value as it is printed."""
    if value is None or value is UNDEFINED:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    if isinstance(value, list | range):
        return "".join(to_text(item) for item in value)
    return str(value)


def _markdownify(text: str) -> str:
    """Jekyll's markdownify: the text rendered as Markdown, to (sanitized) HTML."""
    from blog.markdown import render_markdown

    return render_markdown(text)


def _date(value):
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, str):
        from .frontmatter import FrontMatterError, parse_date

        try:
            return parse_date(value)
        except FrontMatterError:
            return value
    return value


def _strftime(value, pattern: str) -> str:
    date = _date(value)
    if not isinstance(date, dt.date):
        return to_text(value)
    # Ruby's %-d, %e and %l need no zero; Python on Linux knows %-d, and %e and %l too.
    return date.strftime(pattern)


def _where(_renderer, items, key, value=None):
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, dict) and str(item.get(key)) == str(value)]


def _url_join(base: str, path) -> str:
    path = to_text(path)
    if re.match(r"[a-z][a-z0-9+.-]*:", path, re.IGNORECASE) or path.startswith("//"):
        return path
    return (base.rstrip("/") + "/" + path.lstrip("/")) if path else (base or "/")


FILTERS: dict[str, Callable] = {
    "append": lambda r, v, s="": to_text(v) + to_text(s),
    "prepend": lambda r, v, s="": to_text(s) + to_text(v),
    "downcase": lambda r, v: to_text(v).lower(),
    "upcase": lambda r, v: to_text(v).upper(),
    "capitalize": lambda r, v: to_text(v).capitalize(),
    "strip": lambda r, v: to_text(v).strip(),
    "lstrip": lambda r, v: to_text(v).lstrip(),
    "rstrip": lambda r, v: to_text(v).rstrip(),
    "strip_newlines": lambda r, v: to_text(v).replace("\n", ""),
    "strip_html": lambda r, v: re.sub(r"<[^>]*>", "", to_text(v)),
    "escape": lambda r, v: html.escape(to_text(v)),
    "xml_escape": lambda r, v: html.escape(to_text(v)),
    "escape_once": lambda r, v: html.escape(html.unescape(to_text(v))),
    "url_encode": lambda r, v: quote(to_text(v), safe=""),
    "cgi_escape": lambda r, v: quote(to_text(v), safe=""),
    "uri_escape": lambda r, v: quote(to_text(v), safe="/:?#[]@!$&'()*+,;="),
    "replace": lambda r, v, a="", b="": to_text(v).replace(to_text(a), to_text(b)),
    "replace_first": lambda r, v, a="", b="": to_text(v).replace(to_text(a), to_text(b), 1),
    "remove": lambda r, v, a="": to_text(v).replace(to_text(a), ""),
    "remove_first": lambda r, v, a="": to_text(v).replace(to_text(a), "", 1),
    "truncate": lambda r, v, n=50, end="...": (
        to_text(v) if len(to_text(v)) <= n else to_text(v)[: max(n - len(end), 0)] + end
    ),
    "truncatewords": lambda r, v, n=15, end="...": (
        " ".join(to_text(v).split()[:n]) + (end if len(to_text(v).split()) > n else "")
    ),
    "split": lambda r, v, sep=" ": to_text(v).split(to_text(sep)) if sep else list(to_text(v)),
    "join": lambda r, v, sep=" ": to_text(sep).join(to_text(item) for item in v),
    "first": lambda r, v: v[0] if isinstance(v, list | str) and v else UNDEFINED,
    "last": lambda r, v: v[-1] if isinstance(v, list | str) and v else UNDEFINED,
    "size": lambda r, v: len(v) if isinstance(v, list | str | dict) else 0,
    "reverse": lambda r, v: list(reversed(v)) if isinstance(v, list) else v,
    "sort": lambda r, v, key=None: sorted(v, key=lambda i: to_text(i.get(key) if key else i)),
    "uniq": lambda r, v: list(dict.fromkeys(v)) if isinstance(v, list) else v,
    "compact": lambda r, v: [i for i in v if i is not None] if isinstance(v, list) else v,
    "where": _where,
    "map": lambda r, v, key: [i.get(key) for i in v if isinstance(i, dict)],
    "default": lambda r, v, d="": d if v in (None, "", False, UNDEFINED) or v == [] else v,
    "plus": lambda r, v, n: (v or 0) + n,
    "minus": lambda r, v, n: (v or 0) - n,
    "times": lambda r, v, n: (v or 0) * n,
    "divided_by": lambda r, v, n: (v or 0) // n if isinstance(n, int) else (v or 0) / n,
    "date": lambda r, v, pattern="%Y-%m-%d": _strftime(v, to_text(pattern)),
    "date_to_string": lambda r, v, *a: _strftime(v, "%d %b %Y"),
    "date_to_long_string": lambda r, v, *a: _strftime(v, "%d %B %Y"),
    "date_to_xmlschema": lambda r, v: (
        _date(v).isoformat() if isinstance(_date(v), dt.date) else to_text(v)
    ),
    "date_to_rfc822": lambda r, v: _strftime(v, "%a, %d %b %Y %H:%M:%S %z"),
    "relative_url": lambda r, v: _url_join(to_text(r.context.site.get("baseurl") or ""), v),
    "absolute_url": lambda r, v: _url_join(
        to_text(r.context.site.get("url") or "") + to_text(r.context.site.get("baseurl") or ""),
        v,
    ),
    "jsonify": lambda r, v: json.dumps(v, default=str, ensure_ascii=False),
    "slugify": lambda r, v, *a: re.sub(r"[^\w]+", "-", to_text(v).lower()).strip("-"),
    "number_of_words": lambda r, v: len(to_text(v).split()),
    "array_to_sentence_string": lambda r, v, c="and": (
        ", ".join(map(to_text, v[:-1])) + f" {c} " + to_text(v[-1]) if len(v) > 1 else to_text(v)
    ),
    # Jekyll renders these for the page; in a post body Markdown is rendered anyway.
    "markdownify": lambda r, v: _markdownify(to_text(v)),
    "smartify": lambda r, v: to_text(v),
    "normalize_whitespace": lambda r, v: " ".join(to_text(v).split()),
}
