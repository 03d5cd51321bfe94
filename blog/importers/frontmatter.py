"""
Markdown files with YAML front matter, as Jekyll writes them.

A document starts with a line ``---``, then YAML, then a line ``---`` (or
``...``), then the body. This module splits the two parts and reads the date
forms Jekyll accepts; it knows nothing about posts or the database.
"""

import datetime as dt
import email.utils
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify


class FrontMatterError(ValueError):
    """The file cannot be read as front matter plus body; the message says why."""


@dataclass
class Document:
    """A parsed file: the front matter as a dict and the Markdown body."""

    metadata: dict = field(default_factory=dict)
    body: str = ""


# libyaml's loader when PyYAML was built with it: the same safe subset, several times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
OPENING = re.compile(r"\A---[ \t]*\n")
CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# Jekyll post file names: 2013-09-23-some-title.md
JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
DATE_FORMATS = [
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S.%f %z",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%d %H:%M%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
]
# A date, maybe a time, stray words, maybe a UTC offset at the end.
LENIENT_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\b.*?"
    r"(?:\s([+-])(\d{2}):?(\d{2}))?$"
)


def split_front_matter(text: str) -> Document:
    """
    Split ``text`` into its YAML front matter and its body.

    A byte order mark and Windows line endings are accepted. Raise
    FrontMatterError when there is no front matter, when it never ends, when
    the YAML is broken or when it is not a mapping of keys to values.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    opening = OPENING.match(text)
    if not opening:
        raise FrontMatterError("no front matter: the file must start with a line '---'")
    closing = CLOSING.search(text, opening.end())
    if closing is None:
        raise FrontMatterError("the front matter starts with '---' but has no closing '---'")
    yaml_text = text[opening.end() : closing.start()]
    body = text[closing.end() :].removeprefix("\n")
    try:
        metadata = yaml.load(yaml_text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise FrontMatterError(
            f"the front matter is not valid YAML: {_yaml_problem(error)}"
        ) from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise FrontMatterError("the front matter must be 'key: value' lines, not a list or text")
    return Document(metadata={str(key): value for key, value in metadata.items()}, body=body)


def _yaml_problem(error: yaml.YAMLError) -> str:
    """A one-line description of a YAML error, with the line in the file where it is."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    if mark is None:
        return problem
    # +2: YAML counts from 0, and the front matter starts after the '---' line.
    return f"{problem} (line {mark.line + 2}, column {mark.column + 1})"


def jekyll_name_parts(filename: str) -> tuple[dt.date, str] | None:
    """
    Return the date and slug of a Jekyll post file name, or None.

    "2013-09-23-some-title.md" gives (date(2013, 9, 23), "some-title").
    """
    stem = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    match = JEKYLL_NAME.match(stem)
    if not match:
        return None
    year, month, day, title = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    slug = slugify(title, allow_unicode=True)
    return (date, slug) if slug else None


def parse_date(value, zone: dt.tzinfo | None = None) -> dt.datetime:
    """
    Read a front-matter date into a timezone-aware datetime.

    Accepts what YAML already turned into a date or datetime, and the strings
    Jekyll accepts ("2013-09-23 10:00:00 +0200", "2013-09-23") and slashed forms
    ("2013/09/23"). A time without a UTC offset is read in ``zone`` (a Jekyll site's
    timezone setting) or else settings.TIME_ZONE; a bare date means midnight there.
    Raise FrontMatterError for anything else.
    """
    if isinstance(value, dt.datetime):
        return _aware(value, zone)
    if isinstance(value, dt.date):
        return _aware(dt.datetime.combine(value, dt.time()), zone)
    if not isinstance(value, str):
        raise FrontMatterError(
            f"cannot read the date: expected a date, found a {type(value).__name__}"
        )
    if len(value) > 100 or not value.strip():
        raise FrontMatterError(f"cannot read the date {value[:100]!r}")
    text = " ".join(value.split())
    # 2013/09/23 and 2013.09.23 are the same date as 2013-09-23.
    text = re.sub(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})", r"\1-\2-\3", text)
    text = re.sub(r"\s*(?:UTC|GMT|Z)$", " +0000", text)
    for date_format in DATE_FORMATS:
        try:
            return _aware(dt.datetime.strptime(text, date_format), zone)
        except ValueError:
            continue
    try:
        return _aware(dt.datetime.fromisoformat(text), zone)
    except ValueError:
        pass
    # Jekyll (Ruby's Time.parse) reads past stray words: "2023-01-29 18:30:22 2023 -0800".
    lenient = LENIENT_DATE.match(text)
    if lenient is None:
        # RSS's form, which feeds and static-site tools write as pubDate:
        # "Mon, 23 Sep 2013 10:00:00 +0200".
        try:
            return _aware(email.utils.parsedate_to_datetime(text), zone)
        except (TypeError, ValueError, IndexError):
            raise FrontMatterError(f"cannot read the date {value!r}") from None
    year, month, day, hour, minute, second, sign, offset_h, offset_m = lenient.groups()
    try:
        parsed = dt.datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        raise FrontMatterError(f"cannot read the date {value!r}") from None
    if sign is None:
        return _aware(parsed, zone)
    offset = dt.timedelta(hours=int(offset_h), minutes=int(offset_m))
    try:
        return parsed.replace(tzinfo=dt.timezone(-offset if sign == "-" else offset))
    except ValueError:  # an offset of a day or more
        raise FrontMatterError(f"cannot read the date {value!r}") from None


def _aware(value: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    if timezone.is_aware(value):
        return value
    return timezone.make_aware(value, zone or ZoneInfo(settings.TIME_ZONE))
