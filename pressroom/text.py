"""Plain text from HTML, for summaries, excerpts and the search index."""

from html.parser import HTMLParser

# Elements that end a run of words: "<p>a</p><p>b</p>" reads "a b", while inline ones
# such as "<strong>b</strong>." stay part of their word ("b.").
BREAKING_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "img",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BREAKING_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in BREAKING_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(html: str) -> str:
    """The readable text of an HTML fragment on one line: tags dropped, entities decoded."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return " ".join("".join(parser.parts).split())
