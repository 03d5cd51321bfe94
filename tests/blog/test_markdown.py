"""
Markdown rendering and sanitizing (blog/markdown.py).

The first half checks the features editors use; the second half runs the XSS corpora in
../shared/corpora/xss/ through the renderer and the sanitizer and checks every output with an
independent HTML parser: no script-capable element, no event handler, no style attribute, no URL
outside http/https/mailto/tel, no iframe but the video players.
"""

import html
import json
import re
from html.parser import HTMLParser

import pytest
from django.utils.formats import number_format

from blog.markdown import MarkdownBudgetError, embed_url, render_markdown, sanitize_html
from tests.conftest import CORPORA_DIR, SEEDS_DIR, shared_data
from tests.factories import make_post

XSS_DIR = CORPORA_DIR / "xss"
MULTILINE_SEPARATOR = "=====8<====="

FORBIDDEN_ELEMENTS = {
    "script", "style", "object", "embed", "svg", "math", "form", "input", "base", "meta",
    "link", "button", "textarea", "select", "frame", "frameset", "applet", "template",
    "noscript", "xmp", "plaintext", "noembed", "noframes", "video", "audio", "source",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background",
    "cite", "data", "codebase", "longdesc", "ping", "lowsrc", "dynsrc", "manifest",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
EMBED_PREFIXES = ("https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/")
# Browsers ignore tabs and line breaks anywhere in a URL and spaces and controls around it;
# older ones ignored more. The check leaves out all of them, wherever they are.
URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")
SCHEME = re.compile(r"^([^/?#:]*):")
# Attributes that HTML5 made obsolete; the stored body must be valid HTML5.
OBSOLETE_ATTRIBUTES = {"frameborder", "align", "border", "bgcolor", "valign", "scrolling"}
# Elements that close an open <p>: markup with one inside a <p> is read differently by browsers.
CLOSES_P = {
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "main", "nav", "ol", "p", "pre", "section", "table", "ul",
}  # fmt: skip
VOID_ELEMENTS = {
    "area",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class SafetyChecker(HTMLParser):
    """Collects every reason why an HTML fragment could run script or break out of its page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.open_elements = []

    def handle_starttag(self, tag, attrs):
        self._check_element(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open_elements.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._check_element(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.open_elements:
            while self.open_elements.pop() != tag:
                pass

    def _check_element(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        if tag in CLOSES_P and "p" in self.open_elements:
            self.problems.append(f"<{tag}> inside <p>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            elif name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            elif name in OBSOLETE_ATTRIBUTES:
                self.problems.append(f"obsolete {name} attribute on <{tag}>")
            elif name in URL_ATTRIBUTES:
                self._check_url(tag, name, value)

    def _check_url(self, tag, name, value):
        # HTMLParser has already decoded character references once; decode any left over
        # from double escaping too, since a second decoder downstream (a feed reader) might.
        url = URL_NOISE.sub("", html.unescape(value)).lower()
        if tag == "iframe" and name == "src":
            if not value.startswith(EMBED_PREFIXES):
                self.problems.append(f"iframe src {value!r}")
            return
        scheme = SCHEME.match(url)
        if scheme and scheme.group(1) not in SAFE_SCHEMES:
            self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_comment(self, data):
        self.problems.append("HTML comment")

    def handle_decl(self, decl):
        self.problems.append(f"declaration <!{decl}>")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction <?{data}>")

    def unknown_decl(self, data):
        self.problems.append(f"CDATA or unknown declaration {data!r}")


def safety_problems(fragment: str) -> list[str]:
    """Return what makes an HTML fragment unsafe to show to readers (empty when it is safe)."""
    checker = SafetyChecker()
    checker.feed(fragment)
    checker.close()
    return checker.problems


def assert_all_safe(payloads, convert):
    """Convert every payload and fail with the first few payloads whose output is unsafe."""
    failures = []
    for payload in payloads:
        output = convert(payload)
        problems = safety_problems(output)
        if problems:
            failures.append((payload, output, problems))
    report = "\n\n".join(
        f"payload: {payload!r}\noutput:  {output!r}\nproblems: {problems}"
        for payload, output, problems in failures[:5]
    )
    assert not failures, f"{len(failures)} unsafe outputs, the first ones:\n{report}"


# The corpora, read once per test session.


def _one_line_payloads():
    # Split on "\n" only: some payloads hold other line-break characters on purpose.
    text = shared_data(XSS_DIR / "payloads.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line]


def _jsonl(name, key):
    lines = shared_data(XSS_DIR / name).read_text(encoding="utf-8").split("\n")
    return [json.loads(line)[key] for line in lines if line.strip()]


def _markdown_payloads():
    text = shared_data(XSS_DIR / "markdown_payloads.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line]


def _markdown_multiline_payloads():
    text = shared_data(XSS_DIR / "markdown_payloads_multiline.txt").read_text(encoding="utf-8")
    # Each payload follows a separator line and runs up to the next one; the lines before
    # the first separator are the file's own description.
    chunks = re.split(rf"^{MULTILINE_SEPARATOR}[^\n]*\n", text, flags=re.MULTILINE)[1:]
    return [chunk.removesuffix("\n") for chunk in chunks]


@pytest.fixture(scope="module")
def html_payloads():
    return _one_line_payloads() + _jsonl("payloads_multiline.jsonl", "payload")


@pytest.fixture(scope="module")
def markdown_payloads():
    return _markdown_payloads() + _markdown_multiline_payloads()


@pytest.fixture(scope="module")
def sanitizer_inputs():
    return _jsonl("sanitizer_vectors.jsonl", "input")


# The safety checker itself must catch what it is there to catch.


@pytest.mark.parametrize(
    "unsafe",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:alert(1)">x</a>',
        '<a href="&amp;#106;avascript:alert(1)">x</a>',
        '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">',
        '<iframe src="https://evil.example/"></iframe>',
        '<p style="position:fixed">x</p>',
        "<svg><a>x</a></svg>",
        "<!-- comment -->",
        '<iframe src="https://www.youtube.com/embed/x" frameborder="0"></iframe>',
        '<p>Text <div class="embed"></div></p>',
    ],
)
def test_safety_checker_finds_unsafe_html(unsafe):
    assert safety_problems(unsafe)


def test_safety_checker_accepts_safe_html():
    safe = (
        '<p><a href="https://example.com/a?b=c#d">x</a> <a href="/relative">r</a> '
        '<a href="#fn:1">f</a> <a href="mailto:a@example.com?subject=a:b">m</a> '
        '<a href="tel:+4670">t</a> <a href="https://example.com/a:b">c</a> '
        '<img src="pictures/a.jpg" alt="A" title="javascript:alert(1) is only text"></p>'
        '<div class="embed"><iframe src="https://www.youtube-nocookie.com/embed/abcdefghijk" '
        'title="Video"></iframe></div>'
    )
    assert safety_problems(safe) == []


# Markdown features editors use.


def test_render_markdown_heading_without_space_becomes_h2():
    assert render_markdown("##Heading") == "<h2>Heading</h2>"


def test_render_markdown_table():
    body = "| Name | Phone |\n|------|------:|\n| Mia | 070 |\n"
    output = render_markdown(body)
    assert "<table>" in output
    assert "<th>Name</th>" in output
    assert "<td>Mia</td>" in output


def test_render_markdown_table_alignment_becomes_class():
    body = "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n"
    output = render_markdown(body)
    assert '<td class="align-left">1</td>' in output
    assert '<td class="align-center">2</td>' in output
    assert '<th class="align-right">c</th>' in output
    assert "style=" not in output


def test_render_markdown_fenced_code_keeps_language_class():
    output = render_markdown('```python\nprint("<b>")\n```')
    assert output == '<pre><code class="language-python">print("&lt;b&gt;")\n</code></pre>'


def test_render_markdown_fenced_code_attributes_keep_only_the_language():
    output = render_markdown("~~~ {.python #x onclick=alert(1) style=color:red}\ncode\n~~~")
    assert output == '<pre><code class="language-python">code\n</code></pre>'


def test_render_markdown_fenced_code_drops_unknown_language_class():
    output = render_markdown("```brainfuck\n+++\n```")
    assert output == "<pre><code>+++\n</code></pre>"


def test_render_markdown_footnotes():
    output = render_markdown("Text[^1]\n\n[^1]: The note.")
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"' in output
    assert '<div class="footnote">' in output
    assert '<li id="fn:1">' in output
    assert "The note." in output
    assert 'class="footnote-backref" href="#fnref:1"' in output


def test_render_markdown_emphasis_and_links():
    output = render_markdown("Some *emphasis* and a **[bold link](https://example.com/)**.")
    assert output == (
        '<p>Some <em>emphasis</em> and a <strong><a href="https://example.com/" '
        'rel="noopener noreferrer nofollow">bold link</a></strong>.</p>'
    )


def test_render_markdown_empty_body_is_empty():
    assert render_markdown("") == ""
    assert render_markdown("   \n\n\t") == ""
    assert render_markdown(None) == ""


def test_render_markdown_removes_nul_bytes():
    output = render_markdown("Hel\x00lo <scr\x00ipt>alert(1)</script>")
    assert "\x00" not in output
    assert "Hello" in output
    assert "alert" not in output


def test_render_markdown_removes_control_characters():
    output = render_markdown("a\x01b\x08c\x7fd\x85e\ufffef\ud800g\x0bh")
    assert output == "<p>abcdefg h</p>"


def test_render_markdown_strips_html_comments():
    output = render_markdown("Before <!-- secret note --> after\n\n<!--\nblock comment\n-->")
    assert "secret" not in output
    assert "block comment" not in output
    assert "<!--" not in output
    assert "Before" in output
    assert "after" in output


def test_render_markdown_javascript_link_loses_href():
    output = render_markdown("[click](javascript:alert(1))")
    assert "click" in output
    assert "href" not in output
    assert "javascript" not in output


def test_render_markdown_keeps_mailto_and_tel_links():
    output = render_markdown("[Mail](mailto:press@example.com) or [call](tel:+46763147920)")
    assert 'href="mailto:press@example.com"' in output
    assert 'href="tel:+46763147920"' in output


def test_render_markdown_drops_other_schemes():
    output = render_markdown("[a](ftp://example.com/) [b](data:text/html,x) [c](vbscript:x)")
    assert "href" not in output


def test_render_markdown_raw_img_loses_onerror():
    output = render_markdown('<img src="pic.jpg" alt="Pic" onerror="alert(1)">')
    assert '<img src="pic.jpg" alt="Pic">' in output
    assert "onerror" not in output


def test_render_markdown_raw_script_and_style_removed_with_content():
    output = render_markdown("<script>alert(1)</script>\n\n<style>p{}</style>\n\nText")
    assert output == "<p>Text</p>"


def test_render_markdown_attribute_list_cannot_add_handlers_or_style():
    output = render_markdown('A paragraph.\n{: onclick="alert(1)" style="color:red" }')
    assert output == "<p>A paragraph.</p>"


def test_render_markdown_forgets_previous_footnotes_and_abbreviations():
    render_markdown("*[HTML]: Hyper Text Markup Language\n\nHTML[^note]\n\n[^note]: A note.")
    output = render_markdown("HTML[^note]")
    assert output == "<p>HTML[^note]</p>"


def test_render_markdown_absurdly_deep_nesting_shows_the_text():
    # Python-Markdown runs out of stack on nesting like this; the save must not fail.
    body = '<div markdown="1">\n' * 400 + "Deep *text*\n" + "</div>\n" * 400
    output = render_markdown(body)
    assert output.startswith('<p>&lt;div markdown="1"&gt;\n')
    assert "Deep *text*" in output
    assert safety_problems(output) == []


def test_render_markdown_jekyll_seed_post():
    seed = shared_data(SEEDS_DIR / "002_9b99007ef4e1b0bb.txt").read_text(encoding="utf-8")
    body = seed.split("---\n", 2)[2]
    output = render_markdown(body)
    headings = re.findall(r"<h2>(.*?)</h2>", output)
    assert headings == ["Följ upp, följ upp, följ upp", "17:03 coaching", "Falkenberg Strandbad"]
    assert '<a href="http://www.revenuefactory.se/" rel="noopener noreferrer nofollow">' in output
    assert (
        '<a href="http://prospecteye.se/" rel="noopener noreferrer nofollow">'
        "<strong>ProspectEye</strong></a>"
    ) in output
    assert '<em>"Hur ser din cappuchino ut?"</em>' in output
    embed = '<div class="embed"><iframe src="https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ"'
    assert embed in output
    assert safety_problems(output) == []


# Video embeds.

SEED_IFRAME = (
    '<iframe width="560" height="315" src="//www.youtube.com/embed/iHo5v2Tw4mQ" '
    'frameborder="0" allowfullscreen></iframe>'
)


def test_render_markdown_protocol_relative_youtube_iframe_becomes_https_embed():
    output = render_markdown(f"Intro.\n\n{SEED_IFRAME}\n\nOutro.")
    embed = re.search(r'<div class="embed"><iframe ([^>]*)></iframe></div>', output)
    assert embed
    assert output.index("Intro.") < embed.start() < embed.end() < output.index("Outro.")
    attributes = embed.group(1)
    assert attributes.startswith('src="https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ" ')
    assert 'width="560" height="315" title="Video"' in attributes
    assert 'loading="lazy"' in attributes
    assert "allowfullscreen" in attributes
    assert "frameborder" not in output


def test_render_markdown_embed_keeps_editor_title():
    output = render_markdown(
        '<iframe src="https://www.youtube.com/embed/iHo5v2Tw4mQ" title="Our launch"></iframe>'
    )
    assert 'title="Our launch"' in output


def test_render_markdown_embed_gets_title_when_editor_gave_none():
    output = render_markdown('<iframe src="https://player.vimeo.com/video/76979871"></iframe>')
    assert re.search(r'<iframe [^>]*title="[^"]+"', output)


def test_render_markdown_iframe_in_paragraph_is_not_nested_in_p():
    output = render_markdown(
        '<p><iframe src="https://www.youtube.com/embed/iHo5v2Tw4mQ"></iframe></p>'
    )
    assert output.startswith('<div class="embed"><iframe ')
    assert "<p>" not in output


def test_render_markdown_iframe_inside_text_splits_the_paragraph():
    output = render_markdown('Watch <iframe src="https://youtu.be/iHo5v2Tw4mQ"></iframe> now.')
    assert output.startswith('<p>Watch </p><div class="embed"><iframe ')
    assert output.endswith("</iframe></div><p> now.</p>")


def test_render_markdown_iframe_inside_emphasis_splits_the_emphasis():
    output = render_markdown('A *video <iframe src="https://youtu.be/iHo5v2Tw4mQ"></iframe> here*.')
    assert output.startswith('<p>A <em>video </em></p><div class="embed"><iframe ')
    assert output.endswith("</iframe></div><p><em> here</em>.</p>")


def test_render_markdown_iframe_as_heading_leaves_no_empty_heading():
    output = render_markdown('## <iframe src="https://youtu.be/iHo5v2Tw4mQ"></iframe>')
    assert output.startswith('<div class="embed"><iframe ')
    assert "<h2>" not in output


def test_render_markdown_non_video_iframe_removed_entirely():
    output = render_markdown(
        'Before\n\n<iframe src="https://evil.example/page" title="Evil">fallback</iframe>\n\nAfter'
    )
    assert "<iframe" not in output
    assert "Evil" not in output
    assert "fallback" not in output
    assert output.startswith("<p>Before</p>")
    assert output.endswith("<p>After</p>")


def test_render_markdown_iframe_content_never_survives():
    output = render_markdown(
        '<iframe src="//www.youtube.com/embed/iHo5v2Tw4mQ"><img src=x onerror=alert(1)></iframe>'
    )
    assert "onerror" not in output
    assert "<img" not in output
    assert 'src="https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ"' in output


def test_sanitize_html_keeps_an_embed_as_it_is():
    embed = render_markdown(f"Intro.\n\n{SEED_IFRAME}\n\n*Outro {SEED_IFRAME} here*.")
    assert embed.count('<div class="embed">') == 2
    assert sanitize_html(embed) == embed


def test_render_markdown_iframe_without_src_removed():
    assert render_markdown('<iframe srcdoc="<script>alert(1)</script>"></iframe>') == ""


def test_render_markdown_iframe_bad_dimensions_fall_back():
    output = render_markdown(
        '<iframe src="https://youtu.be/iHo5v2Tw4mQ" width="100%" height="x"></iframe>'
    )
    assert 'width="560" height="315"' in output


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("//www.youtube.com/embed/iHo5v2Tw4mQ", "https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ"),
        ("http://youtube.com/embed/iHo5v2Tw4mQ", "https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ"),
        ("https://www.youtube.com/watch?v=iHo5v2Tw4mQ", "https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ"),
        ("https://m.youtube.com/watch?v=iHo5v2Tw4mQ&t=3", "https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ"),
        ("https://youtu.be/iHo5v2Tw4mQ", "https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ"),
        ("https://youtu.be/iHo5v2Tw4mQ?start=42", "https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ?start=42"),
        ("https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ", "https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
        ("//player.vimeo.com/video/76979871?title=0", "https://player.vimeo.com/video/76979871"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
    ],
)  # fmt: skip
def test_embed_url_accepts_video_players(src, expected):
    assert embed_url(src) == expected


@pytest.mark.parametrize(
    "src",
    [
        "",
        None,
        "https://evil.example/embed/iHo5v2Tw4mQ",
        "https://youtube.com.evil.example/embed/iHo5v2Tw4mQ",
        "https://evil.example/?u=https://www.youtube.com/embed/iHo5v2Tw4mQ",
        "javascript:alert(1)//www.youtube.com/embed/iHo5v2Tw4mQ",
        "data:text/html,<script>alert(1)</script>",
        "ftp://www.youtube.com/embed/iHo5v2Tw4mQ",
        "https://www.youtube.com/embed/../../evil",
        'https://www.youtube.com/embed/x"onload="alert(1)',
        "https://www.youtube.com/watch?v=<script>",
        "https://vimeo.com/channels/staffpicks",
        "https://user@evil.example/www.youtube.com/embed/iHo5v2Tw4mQ",
        "https://[::1/embed/x",
    ],
)
def test_embed_url_rejects_everything_else(src):
    assert embed_url(src) is None


@pytest.mark.django_db
def test_post_stores_the_sanitized_body_html():
    post = make_post(body='##Heading\n\n<script>alert(1)</script><img src=x onerror="alert(1)">')
    post.refresh_from_db()
    assert post.body_html.startswith("<h2>Heading</h2>")
    assert post.body_html.endswith('<p><img src="x"></p>')
    assert "alert" not in post.body_html


# The XSS corpora: nothing may survive as script, handler, style or dangerous URL.


def test_render_markdown_xss_payloads_as_whole_body(html_payloads):
    assert_all_safe(html_payloads, render_markdown)


def test_render_markdown_xss_payloads_inside_paragraph(html_payloads):
    assert_all_safe(html_payloads, lambda payload: render_markdown(f"Before {payload} after."))


def test_render_markdown_xss_payloads_as_link_and_image(html_payloads):
    # A link destination holds no space, so only those payloads can be one; they go in as
    # link text, destination, image alt and source, and as an autolink, all on one line.
    no_space = [payload for payload in html_payloads if not re.search(r"\s", payload)]
    assert_all_safe(
        no_space,
        lambda payload: render_markdown(
            f"[{payload}]({payload}) ![{payload}]({payload}) <{payload}>"
        ),
    )


def test_render_markdown_xss_payloads_as_bracketed_link_destination(html_payloads):
    # Between < and > a destination may hold spaces, but no line break and no < or >.
    fitting = [payload for payload in html_payloads if not re.search(r"[<>\n\r]", payload)]
    assert_all_safe(fitting, lambda payload: render_markdown(f"[a](<{payload}>) ![b](<{payload}>)"))


def test_sanitize_html_xss_payloads(html_payloads):
    assert_all_safe(html_payloads, sanitize_html)


def test_render_markdown_markdown_payloads(markdown_payloads):
    assert_all_safe(markdown_payloads, render_markdown)


def test_render_markdown_markdown_payloads_inside_document(markdown_payloads):
    assert_all_safe(
        markdown_payloads,
        lambda payload: render_markdown(f"# Title\n\nIntro [^1].\n\n{payload}\n\n[^1]: Note."),
    )


def test_render_markdown_markdown_payloads_multiline_count():
    # The separator format is easy to misread; make sure every payload is there.
    assert len(_markdown_multiline_payloads()) == 20


def test_sanitize_html_sanitizer_vectors(sanitizer_inputs):
    # Their expected outputs follow other allowlists; we only hold ours to being safe.
    assert_all_safe(sanitizer_inputs, sanitize_html)


def test_render_markdown_sanitizer_vectors(sanitizer_inputs):
    assert_all_safe(sanitizer_inputs, render_markdown)


def test_sanitize_html_leaves_its_own_output_unchanged(html_payloads, markdown_payloads):
    # Output that changes when cleaned again would be read differently by the next parser.
    unstable = []
    for payload in html_payloads[::5] + markdown_payloads:
        once = render_markdown(payload)
        if sanitize_html(once) != once:
            unstable.append((payload, once))
    assert not unstable, f"{len(unstable)} unstable, the first ones: {unstable[:5]}"


# The rendering budget -----------------------------------------------------------------------

# Runs that took Python-Markdown time by the square of their length (20 KB of "[": a minute).
BRACKET_RUNS = ["[", "![", "[](", "[^", "]["]
# A body no rendering finishes soon: the HTML parser's own scan is quadratic on it.
ENDLESS_BODY = "<a " * 40_000


@pytest.mark.parametrize("run", BRACKET_RUNS)
def test_render_markdown_renders_20_kb_of_unclosed_brackets_as_text(run):
    text = run * (20_000 // len(run))
    assert render_markdown(text) == f"<p>{text}</p>"


def test_render_markdown_renders_brackets_closed_far_away():
    text = "[" * 5000 + "]" * 5000
    assert render_markdown(text) == f"<p>{text}</p>"


def test_render_markdown_still_links_after_a_run_of_brackets():
    output = render_markdown("[" * 3000 + " [a link](https://example.com/) and [^x]")
    assert output.count('<a href="https://example.com/"') == 1


def test_render_markdown_refuses_a_body_over_the_length_budget(settings):
    settings.PRESSROOM_MARKDOWN_MAX_LENGTH = 1000
    with pytest.raises(MarkdownBudgetError) as error:
        render_markdown("word " * 201)
    assert error.value.too_long
    assert number_format(1005, force_grouping=True) in error.value.message


def test_render_markdown_stops_a_render_that_overruns_its_time(settings):
    settings.PRESSROOM_MARKDOWN_TIMEOUT = 0.5
    with pytest.raises(MarkdownBudgetError) as error:
        render_markdown(ENDLESS_BODY)
    assert not error.value.too_long
    # The stopped rendering process is replaced for the next body.
    assert render_markdown("Still *working*.") == "<p>Still <em>working</em>.</p>"


@pytest.mark.django_db
def test_saving_a_post_with_its_body_unchanged_keeps_its_html_when_rendering_overruns(settings):
    post = make_post(body="Some *text*.")
    render_markdown.cache_clear()
    settings.PRESSROOM_MARKDOWN_MAX_LENGTH = 5
    post.status = post.Status.DRAFT

    post.save()

    post.refresh_from_db()
    assert post.body_html == "<p>Some <em>text</em>.</p>"
    assert post.status == post.Status.DRAFT


@pytest.mark.django_db
def test_saving_a_post_with_a_new_body_over_budget_fails_whole(settings):
    post = make_post(body="Some *text*.")
    settings.PRESSROOM_MARKDOWN_MAX_LENGTH = 5
    post.body = "Another text."

    with pytest.raises(MarkdownBudgetError):
        post.save()

    post.refresh_from_db()
    assert post.body == "Some *text*."
