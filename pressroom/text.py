"""
Text that every page, feed and sitemap can carry.

XML 1.0 cannot hold most control characters at all (a feed with one is not XML), and HTML
counts them, lone surrogates and noncharacters as errors. They are never meaningful in a
title, a name or a body: they come from pasted word-processor text (Shift+Enter pastes a
vertical tab) or from broken files. ``clean_text`` takes them out, and the model fields
below run every value through it on the way in, whatever the path: a form, an import, a
save in code or an exact lookup.
"""

import re
from html.parser import HTMLParser

from django.db import models

# Vertical tab and form feed separate words where a word processor put them: a space.
LINE_BREAK_CONTROLS = re.compile("[\x0b\x0c]")
# C0 and C1 controls (tab, line feed and carriage return stay), DEL, lone surrogates and
# the noncharacters.
UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def clean_text(value: str) -> str:
    """``value`` without the characters XML and HTML cannot carry."""
    return UNSAFE_CHARACTERS.sub("", LINE_BREAK_CONTROLS.sub(" ", value))


class CleanTextMixin:
    """
    A text model field whose values are cleaned by ``clean_text`` on their way in: in form
    and model validation (to_python), on save (pre_save, so the instance holds what the
    database holds), in raw saves and update() (get_prep_value calls to_python), and so in
    exact lookups too (not in iexact or contains, which skip get_prep_value).

    The stored column is exactly the plain field's, so migrations record the plain field.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            cleaned = clean_text(value)
            if cleaned != value:
                setattr(model_instance, self.attname, cleaned)
            return cleaned
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        plain = next(base for base in type(self).__mro__ if base.__module__.startswith("django."))
        return name, f"django.db.models.{plain.__name__}", args, kwargs


class CleanCharField(CleanTextMixin, models.CharField):
    pass


class CleanTextField(CleanTextMixin, models.TextField):
    pass


class CleanSlugField(CleanTextMixin, models.SlugField):
    pass


class CleanURLField(CleanTextMixin, models.URLField):
    pass


class CleanEmailField(CleanTextMixin, models.EmailField):
    pass


def clean_tag_names(tags):
    """
    Tags (names or Tag objects) with their names cleaned, and names that clean to nothing
    left out. Names are cleaned before taggit looks them up, so that a name differing from
    an existing tag only by such characters finds that tag instead of making a second one.
    """
    cleaned = (clean_text(tag).strip() if isinstance(tag, str) else tag for tag in tags)
    return [tag for tag in cleaned if tag != ""]


def clean_tag_name(sender, instance, **kwargs):
    """Clean a tag's name before it is saved however it got there (pre_save receiver)."""
    instance.name = clean_text(instance.name).strip()


# Plain text from HTML, for summaries, excerpts and the search index.

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
