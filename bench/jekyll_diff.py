"""
The differential check against real Jekyll: how many imported posts read as Jekyll made them.

Debian's Jekyll (4.3, kramdown 2.4 with its GFM parser: Jekyll's defaults) renders each
post of a site (bench/jekyll_oracle.rb); Pressroom imports the same site; each post's
rendered body is compared with Jekyll's after the normalisation that docs/jekyll-check.md
describes, by text and by structure (headings, lists and their nesting, links, images,
code blocks, tables, footnotes). It prints the share of posts that match and lists the
differences.

    .venv/bin/python bench/jekyll_diff.py [--corpus jekyll|ruby|all] [--show N] [--json FILE]

Jekyll's output is built once per corpus and kept in a cache folder (PRESSROOM_JEKYLL_CACHE,
by default /tmp/pressroom-jekyll-oracle), keyed by the corpus files, the Jekyll version and
the oracle script; the import runs into a new SQLite database in a temporary folder.
tests/blog/test_jekyll_differential.py runs the same comparison in the test suite and
holds the share at what has been reached.
"""

import argparse
import difflib
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

REPO = Path(__file__).resolve().parent.parent
ORACLE_SCRIPT = Path(__file__).resolve().parent / "jekyll_oracle.rb"
SHARED_DIR = Path(os.environ.get("PRESSROOM_SHARED_DIR") or REPO.parent / "shared")
CORPORA_DIR = SHARED_DIR / "corpora" / "jekyll"
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "pressroom-jekyll-oracle"
JEKYLL = "/usr/bin/jekyll"

# The Jekyll sites of each corpus, as folders inside it. jekyll/jekyll holds three sites
# (its documentation, its test fixtures and the new-site template), each built and
# imported on its own as Jekyll would; www.ruby-lang.org is one site.
CORPORA = {
    "jekyll": ("jekyll__jekyll", ["docs", "test/source", "lib/site_template"]),
    "ruby": ("ruby__www.ruby-lang.org", ["."]),
}


# Building with Jekyll, once ----------------------------------------------------------------


def jekyll_available() -> bool:
    """True when Debian's jekyll and Ruby are installed."""
    return Path(JEKYLL).exists() and shutil.which("ruby") is not None


def cache_dir() -> Path:
    return Path(os.environ.get("PRESSROOM_JEKYLL_CACHE") or DEFAULT_CACHE)


def _fingerprint(site: Path, zone: str) -> str:
    """A key for what Jekyll would make of a site: its files, the oracle script, Jekyll."""
    digest = hashlib.sha256(ORACLE_SCRIPT.read_bytes())
    digest.update(f"{Path(JEKYLL).resolve()}\0{zone}\0".encode())
    for path in sorted(site.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(
                f"{path.relative_to(site)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()[:20]


def jekyll_build(site: Path, zone: str, cache: Path | None = None) -> dict:
    """
    What Jekyll makes of each post of ``site``: {path in the site: {"html", "url", ...}}.

    Jekyll runs in the time zone ``zone`` (the newsroom's: a site without a ``timezone``
    setting has its dates read in the time zone of the machine that builds it). Built once
    and read from the cache afterwards; a build that is interrupted leaves no file behind,
    so the next run builds again.
    """
    if not site.is_dir():
        raise FileNotFoundError(f"no Jekyll site at {site}")
    cache = cache or cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"{site.name}-{_fingerprint(site, zone)}.json"
    if not target.exists():
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        subprocess.run(
            ["ruby", str(ORACLE_SCRIPT), str(site), str(partial)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "TZ": zone},
        )
        partial.replace(target)
    return json.loads(target.read_text(encoding="utf-8"))["posts"]


# Normalising HTML --------------------------------------------------------------------------

# Elements that carry structure or meaning; every other element is unwrapped (its content
# stays). Inline ones become marks in the text, block ones lines of the outline.
BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
    "pre", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "hr", "footnotes",
    "iframe",
}  # fmt: skip
INLINE_MARKS = {
    "em": "*", "i": "*", "strong": "**", "b": "**", "del": "~~", "s": "~~", "strike": "~~",
    "sup": "^", "sub": "~", "kbd": "`", "mark": "==", "u": "_", "ins": "_",
}  # fmt: skip
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "embed"}
# Typographic characters kramdown makes from plain ones ("smart quotes", dashes, ellipsis):
# both sides are compared with the plain ones (see docs/jekyll-check.md).
TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "--",
        "\u2014": "---",
        "\u2026": "...",
        "\u00ab": "<<",
        "\u00bb": ">>",
        "\u00a0": " ",
    }  # fmt: skip
)
EMPTY_AUTOLINK = re.compile(r"(?:(?<=\s)|^)<>(?=\s|$)")
# Rouge's names for code without a language.
PLAIN_CODE = {"plaintext", "text", "plain"}
SPACE = re.compile(r"\s+")
LANGUAGE_CLASS = re.compile(r"(?:^|\s)language-([\w+#.-]+)")


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A forgiving element tree: unclosed elements close with their parent."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(fragment: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(fragment)
    builder.close()
    return builder.root


def _text(value: str) -> str:
    return value.translate(TYPOGRAPHY)


def _url(value: str) -> str:
    return unquote(html.unescape(value or "").strip())


def _is_footnotes(node: Node) -> bool:
    classes = node.attrs.get("class", "").split()
    return node.tag == "div" and ("footnotes" in classes or "footnote" in classes)


def _code_language(node: Node) -> str:
    """The language of a code block: on <code>, on <pre> or on the wrapper around it."""
    for candidate in (node, *[child for child in node.children if isinstance(child, Node)]):
        match = LANGUAGE_CLASS.search(candidate.attrs.get("class", ""))
        if match:
            return match.group(1)
    return ""


def _plain_text(node) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    return "".join(_plain_text(child) for child in node.children)


class Outline:
    """
    A post body as lines: one per block (indented by nesting), holding the block's text
    with inline marks: ``[text](href)``, ``![alt](src)``, `` `code` ``, ``*em*`` and so on.
    """

    def __init__(self, code_languages=None, missing_picture=None, empty_autolinks=False):
        self.lines: list[str] = []
        self.empty_autolinks = empty_autolinks
        # Pictures the import could not find are shown as their alt text (a deliberate
        # difference): for Jekyll's side, a function that tells such a picture by its src.
        self.missing_picture = missing_picture or (lambda src: False)
        # Languages the compared side can show: a code block's language counts only if
        # both sides could carry it (Pressroom's sanitizer keeps a fixed list).
        self.code_languages = code_languages

    def build(self, root: Node) -> list[str]:
        self._blocks(root.children, 0)
        return self.lines

    def _blocks(self, children: list, depth: int) -> None:
        inline: list = []
        for child in children:
            if isinstance(child, Node) and self._is_block(child):
                self._flush(inline, depth)
                inline = []
                self._block(child, depth)
            elif (
                isinstance(child, Node)
                and child.tag not in INLINE_MARKS
                and not self._inline(child)
            ):
                # A container (div, section, figure...): its content counts, not the box.
                inline_before = inline
                inline = []
                self._flush(inline_before, depth)
                self._blocks(child.children, depth)
            else:
                inline.append(child)
        self._flush(inline, depth)

    def _is_block(self, node: Node) -> bool:
        return node.tag in BLOCKS or _is_footnotes(node)

    @staticmethod
    def _inline(node: Node) -> bool:
        return node.tag in {"a", "img", "code", "br", "abbr", "span", "small", "cite", "q"} or (
            node.tag in INLINE_MARKS
        )

    def _flush(self, inline: list, depth: int, label: str = "") -> None:
        text = self._clean(SPACE.sub(" ", "".join(self._inline_text(node) for node in inline)))
        if text or label:
            self.lines.append("  " * depth + (f"{label}: " if label else "") + text)

    def _clean(self, text: str) -> str:
        if self.empty_autolinks:
            # An autolink to a value Liquid had no data for: Jekyll shows "<>", the import
            # leaves it out (a deliberate difference).
            text = SPACE.sub(" ", EMPTY_AUTOLINK.sub("", text))
        return text.strip()

    def _inline_text(self, node) -> str:
        if isinstance(node, str):
            return _text(node)
        tag = node.tag
        inner = "".join(self._inline_text(child) for child in node.children)
        if tag == "a":
            href = _url(node.attrs.get("href", ""))
            return f"[{inner.strip()}]({href})" if href else inner
        if tag == "img":
            alt = _text(node.attrs.get("alt", ""))
            src = _url(node.attrs.get("src", ""))
            if self.missing_picture(src):
                return alt
            return f"![{alt.strip()}]({src})"
        if tag == "code":
            return f"`{_plain_text(node)}`"
        if tag == "br":
            return " \u21b5 "
        if tag in INLINE_MARKS:
            mark = INLINE_MARKS[tag]
            return f"{mark}{inner}{mark}" if inner.strip() else inner
        return inner

    def _block(self, node: Node, depth: int) -> None:
        tag = node.tag
        pad = "  " * depth
        if _is_footnotes(node):
            self.lines.append(pad + "footnotes:")
            children = [
                child
                for child in node.children
                if not (isinstance(child, Node) and child.tag == "hr")
            ]
            self._blocks(children, depth + 1)
            return
        if tag == "hr":
            self.lines.append(pad + "hr")
            return
        if tag == "pre":
            language = _code_language(node)
            if language in PLAIN_CODE:
                language = ""
            if self.code_languages is not None and language not in self.code_languages:
                language = ""
            code = _text(_plain_text(node)).rstrip("\n")
            self.lines.append(pad + f"code{' ' + language if language else ''}:")
            self.lines += [pad + "  | " + line.rstrip() for line in code.split("\n")]
            return
        if tag == "iframe":
            self.lines.append(pad + f"embed: {node.attrs.get('src', '')}")
            return
        label = tag
        if tag == "ol" and node.attrs.get("start", "1") not in {"", "1"}:
            label = f"ol start={node.attrs['start']}"
        if tag in {"th", "td"}:
            align = _alignment(node)
            label = f"{tag} {align}" if align else tag
        inline, blocks = [], []
        for child in node.children:
            if blocks or (isinstance(child, Node) and self._contains_block(child)):
                blocks.append(child)
            else:
                inline.append(child)
        text = self._clean(SPACE.sub(" ", "".join(self._inline_text(child) for child in inline)))
        if not text and not blocks and tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6"}:
            return  # an empty paragraph or heading shows nothing (Pressroom removes them)
        self.lines.append(pad + label + (f": {text}" if text else ""))
        if blocks:
            self._blocks(blocks, depth + 1)

    def _contains_block(self, node: Node) -> bool:
        if self._is_block(node):
            return True
        if self._inline(node):
            return False
        return any(
            isinstance(child, Node) and self._contains_block(child) for child in node.children
        )


def _alignment(cell: Node) -> str:
    classes = cell.attrs.get("class", "")
    match = re.search(r"align-(left|center|right)", classes)
    if match:
        return match.group(1)
    match = re.search(r"text-align:\s*(left|center|right)", cell.attrs.get("style", ""))
    if match:
        return match.group(1)
    return cell.attrs.get("align", "")


def outline(fragment: str, code_languages=None, missing_picture=None, jekyll=False) -> list[str]:
    """The normalised outline of an HTML fragment (see Outline); ``jekyll`` for Jekyll's."""
    return Outline(code_languages, missing_picture, empty_autolinks=jekyll).build(parse(fragment))


# What Jekyll's HTML carries that Pressroom says another way, said Pressroom's way before both
# are compared (docs/jekyll-check.md): rouge's code block wrappers carry the language that
# Pressroom puts on <code>; kramdown aligns table cells with style, Pressroom with a class;
# kramdown's footnotes box is "footnotes", Pressroom's "footnote".
ROUGE_BLOCK = re.compile(
    r'<div class="language-([\w+#.-]+) highlighter-rouge">\s*<div class="highlight">\s*'
    r'<pre class="highlight">\s*<code>(.*?)</code>\s*</pre>\s*</div>\s*</div>',
    re.DOTALL,
)
ROUGE_PLAIN_BLOCK = re.compile(
    r'<div class="highlighter-rouge">\s*<div class="highlight">\s*'
    r'<pre class="highlight">\s*<code>(.*?)</code>\s*</pre>\s*</div>\s*</div>',
    re.DOTALL,
)
TEXT_ALIGN = re.compile(r'<(td|th) style="text-align: (left|center|right)"')
FOOTNOTES_BOX = re.compile(r'<div class="footnotes"')


def prepare_jekyll(fragment: str) -> str:
    """Jekyll's HTML with its ways of saying Pressroom's things made Pressroom's."""
    fragment = ROUGE_BLOCK.sub(r'<pre><code class="language-\1">\2</code></pre>', fragment)
    fragment = ROUGE_PLAIN_BLOCK.sub(r"<pre><code>\1</code></pre>", fragment)
    fragment = TEXT_ALIGN.sub(r'<\1 class="align-\2"', fragment)
    return FOOTNOTES_BOX.sub('<div class="footnote"', fragment)


# Comparing ---------------------------------------------------------------------------------

KINDS = ("missing", "heading", "list", "link", "image", "code", "table", "footnote", "embed")


@dataclass
class Difference:
    path: str
    kind: str
    detail: str


@dataclass
class Comparison:
    """The outcome over a corpus: matching posts, differences, posts Jekyll could not make."""

    matched: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    # (path, reason): posts Jekyll itself could not render, so there is nothing to compare.
    not_comparable: list[tuple[str, str]] = field(default_factory=list)
    # Posts Pressroom imported that Jekyll does not publish as posts.
    extra: list[str] = field(default_factory=list)

    @property
    def compared(self) -> int:
        return len(self.matched) + len(self.differences)

    @property
    def share(self) -> float:
        return len(self.matched) / self.compared if self.compared else 1.0

    def kinds(self) -> Counter:
        return Counter(difference.kind for difference in self.differences)

    def merge(self, other: "Comparison") -> None:
        self.matched += other.matched
        self.differences += other.differences
        self.not_comparable += other.not_comparable
        self.extra += other.extra

    def report(self, show: int = 20) -> str:
        lines = [
            f"{len(self.matched)} of {self.compared} posts match Jekyll "
            f"({self.share:.1%}); {len(self.not_comparable)} posts Jekyll itself could not "
            f"render; {len(self.extra)} imported posts Jekyll does not publish",
        ]
        if self.differences:
            counts = ", ".join(f"{kind} {count}" for kind, count in self.kinds().most_common())
            lines.append(f"differences by first differing part: {counts}")
        for difference in self.differences[:show]:
            lines.append(f"\n--- {difference.path} ({difference.kind})\n{difference.detail}")
        if len(self.differences) > show:
            lines.append(f"\n... and {len(self.differences) - show} more")
        return "\n".join(lines)


def _kind_of(line: str) -> str:
    label = line.strip().split(":", 1)[0].split(" ", 1)[0]
    if re.fullmatch(r"h[1-6]", label):
        return "heading"
    if label in {"ul", "ol", "li", "dl", "dt", "dd"}:
        return "list" if "](" not in line else "link"
    if label in {"code"} or line.strip().startswith("| "):
        return "code"
    if label in {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"}:
        return "table"
    if label == "footnotes":
        return "footnote"
    if label == "embed":
        return "embed"
    if "![" in line:
        return "image"
    if "](" in line:
        return "link"
    return "text"


def _classify(expected: list[str], got: list[str]) -> tuple[str, str]:
    """The kind of the first difference, and a short unified diff."""
    diff = list(difflib.unified_diff(expected, got, "jekyll", "pressroom", n=1, lineterm=""))
    changed = [line[1:] for line in diff[2:] if line[:1] in "+-" and not line.startswith("---")]
    kind = "text"
    if changed:
        kinds = [_kind_of(line) for line in changed[:2]]
        kind = next((k for k in kinds if k != "text"), "text")
        if kind in {"link", "image"} and not all(_kind_of(line) == kind for line in changed[:2]):
            kind = "text" if "text" in kinds else kind
    shown = [line if len(line) < 300 else line[:300] + " ..." for line in diff[2:40]]
    detail = "\n".join(shown) + ("\n  ..." if len(diff) > 40 else "")
    return kind, detail


def compare_posts(
    jekyll_posts: dict, imported: dict[str, str], *, sanitize, code_languages, site: Path
):
    """
    Compare Jekyll's posts ({path in the site: entry}) with Pressroom's ({path in the site:
    body_html}). ``sanitize`` is Pressroom's sanitizer, applied to Jekyll's HTML so that
    what it removes by design is removed on both sides.
    """
    result = Comparison()

    def missing_picture(src: str) -> bool:
        """A picture on the site's own paths that the site does not have."""
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", src, re.IGNORECASE) or not src:
            return False
        return not (site / src.split("?")[0].split("#")[0].lstrip("/")).is_file()

    for path, entry in sorted(jekyll_posts.items()):
        if "html" not in entry:
            result.not_comparable.append((path, entry.get("error", "no output")))
            continue
        jekyll_html = sanitize(prepare_jekyll(entry["html"]))
        expected = outline(jekyll_html, code_languages, missing_picture, jekyll=True)
        if path not in imported:
            result.differences.append(Difference(path, "missing", "not imported"))
            continue
        got = outline(imported[path], code_languages)
        if expected == got:
            result.matched.append(path)
        else:
            kind, detail = _classify(expected, got)
            result.differences.append(Difference(path, kind, detail))
    result.extra = sorted(set(imported) - set(jekyll_posts))
    return result


# Importing, in a Django that is already set up -----------------------------------------------


def import_site(site: Path) -> dict[str, str]:
    """Import a Jekyll site with import_paths; {path in the site: body_html} of its posts."""
    from blog.importers.posts import import_paths
    from blog.models import Post

    result = import_paths([site], keep_outcomes=False)
    by_source = dict(
        Post.objects.filter(source__startswith="file:").values_list("source", "body_html")
    )
    del result
    return {source.removeprefix("file:"): body for source, body in by_source.items()}


def compare_site(site: Path, cache: Path | None = None) -> Comparison:
    """Build ``site`` with Jekyll (or read the cache), import it, compare. Needs Django set up."""
    from django.conf import settings

    from blog.markdown import CODE_LANGUAGES, sanitize_html

    jekyll_posts = jekyll_build(site, settings.TIME_ZONE, cache)
    imported = import_site(site)
    return compare_posts(
        jekyll_posts,
        imported,
        sanitize=sanitize_html,
        code_languages=frozenset(CODE_LANGUAGES),
        site=site,
    )


def _setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "pressroom.settings"
    os.environ.setdefault("SECRET_KEY", "jekyll-check-only-secret-key-" + "x" * 30)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'check.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    parser.add_argument("--show", type=int, default=20, help="differences to print")
    parser.add_argument("--json", type=Path, help="write every difference to this file")
    parser.add_argument(
        "--build", action="store_true", help="only build the sites with Jekyll (into the cache)"
    )
    args = parser.parse_args()
    if not jekyll_available():
        raise SystemExit("needs Debian's jekyll: apt-get install jekyll ruby-kramdown-parser-gfm")
    names = list(CORPORA) if args.corpus == "all" else [args.corpus]
    if args.build:
        os.environ.setdefault("SECRET_KEY", "jekyll-check-only-secret-key-" + "x" * 30)
        os.environ["DJANGO_SETTINGS_MODULE"] = "pressroom.settings"
        sys.path.insert(0, str(REPO))
        from django.conf import settings

        for name in names:
            folder, sites = CORPORA[name]
            for site in sites:
                jekyll_build(CORPORA_DIR / folder / site, settings.TIME_ZONE)
                print(f"built {name} {site} into {cache_dir()}", flush=True)
        return
    total = Comparison()
    for name in names:
        folder, sites = CORPORA[name]
        for site in sites:
            workdir = Path(tempfile.mkdtemp(prefix="pressroom-jekyll-check-"))
            try:
                # Each site in a new database: they are separate blogs.
                outcome = _run_in_child(CORPORA_DIR / folder / site, workdir)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
            print(f"{name} {site}: {outcome.report(0).splitlines()[0]}", flush=True)
            total.merge(outcome)
    print()
    print(total.report(args.show))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "share": total.share,
                    "matched": len(total.matched),
                    "compared": total.compared,
                    "kinds": dict(total.kinds()),
                    "differences": [vars(difference) for difference in total.differences],
                    "not_comparable": total.not_comparable,
                },
                indent=2,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )


def _run_in_child(site: Path, workdir: Path) -> Comparison:
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(site), str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(output.strip().splitlines()[-1])
    comparison = Comparison(
        matched=data["matched"],
        differences=[Difference(**item) for item in data["differences"]],
        not_comparable=[tuple(item) for item in data["not_comparable"]],
        extra=data["extra"],
    )
    return comparison


def child(site: Path, workdir: Path) -> None:
    _setup_django(workdir)
    outcome = compare_site(site)
    print(
        json.dumps(
            {
                "matched": outcome.matched,
                "differences": [vars(difference) for difference in outcome.differences],
                "not_comparable": outcome.not_comparable,
                "extra": outcome.extra,
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
