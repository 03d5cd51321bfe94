"""
The plain-text form in which a hosted newsroom shows or exports a post.

It looks like this (Swedish or English labels):

    Blogginlägg -                      <- the kind label, optionally "- <date>"
    A title
    Body paragraphs, "  • " bullet lines, ...
    Relaterade länkar                  <- then the newsroom's sections
    Ämnen / Kategorier / Taggar        <- one "  • name" line per item
    Kontakter                          <- a name line, then "Presskontakt <department> <phone>"
    Relaterat innehåll                 <- titles of related posts

to_front_matter() turns it into a front-matter Markdown document that
import_posts reads, so such a post can be imported without retyping it.
"""

import datetime as dt
import re

import yaml
from django.utils.text import slugify

KIND_LABELS = {
    "pressmeddelande": "press_release",
    "press release": "press_release",
    "nyhet": "news",
    "news": "news",
    "blogginlägg": "blog_post",
    "blog post": "blog_post",
    "evenemang": "event",
    "event": "event",
}
SECTIONS = {
    "relaterade länkar": "related_links",
    "related links": "related_links",
    "ämnen": "topics",
    "topics": "topics",
    "kategorier": "categories",
    "categories": "categories",
    "taggar": "tags",
    "tags": "tags",
    "kontakter": "contacts",
    "contacts": "contacts",
    "relaterat innehåll": "related",
    "related content": "related",
}
PRESS_ROLES = ("Presskontakt", "Press contact")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb"),
            ("mars", "march", "mar"),
            ("april", "apr"),
            ("maj", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("augusti", "august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
BULLET = re.compile(r"^\s*[•·▪◦‣●]\s*")
PHONE_AT_END = re.compile(r"(\+?\d[\d\s()./-]{5,}\d)\s*$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"https?://\S+")
WRITTEN_DATE = re.compile(
    r"^(\d{1,2})\s+([a-zåäö]+)\.?\s+(\d{4})(?:[,\s]+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2}))?"
)
ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}))?")


def to_front_matter(text: str) -> str:
    """Convert a newsroom plain-text post into a Markdown document with YAML front matter."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.rstrip() for line in lines]
    while lines and not lines[0].strip():
        lines.pop(0)

    metadata = {}
    kind, date = _kind_line(lines[0] if lines else "")
    if kind:
        lines.pop(0)
        metadata["kind"] = kind
    while lines and not lines[0].strip():
        lines.pop(0)
    metadata["title"] = " ".join(lines.pop(0).split()) if lines else ""
    if date:
        metadata["date"] = date
    metadata["language"] = "sv"

    body_lines, sections, current = [], {}, None
    for line in lines:
        label = SECTIONS.get(line.strip().casefold())
        if label:
            current = label
            sections.setdefault(current, [])
        elif current:
            if line.strip():
                sections[current].append(BULLET.sub("", line).strip())
        else:
            body_lines.append(line)

    for key in ("topics", "categories", "tags"):
        if sections.get(key):
            metadata[key] = sections[key]
    if sections.get("contacts"):
        metadata["contacts"] = _contacts(sections["contacts"])
    if sections.get("related_links"):
        metadata["related_links"] = _links(sections["related_links"])
    if sections.get("related"):
        metadata["related"] = [slugify(title, allow_unicode=True) for title in sections["related"]]

    front = yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{_markdown(body_lines)}"


def _kind_line(line: str) -> tuple[str, str]:
    """The kind and the date (as text for the front matter) of a line like "Nyhet - 3 maj 2021"."""
    label, _dash, rest = line.strip().partition(" -")
    label = label.strip().rstrip("-–").strip()
    kind = KIND_LABELS.get(label.casefold(), "")
    if not kind:
        return "", ""
    return kind, _date(rest.strip(" -–•"))


def _date(text: str) -> str:
    iso = ISO_DATE.match(text)
    if iso:
        return " ".join(part for part in iso.groups() if part)
    written = WRITTEN_DATE.match(text.casefold())
    if not written or written.group(2) not in MONTHS:
        return ""
    day, month, year = int(written.group(1)), MONTHS[written.group(2)], int(written.group(3))
    try:
        date = dt.date(year, month, day).isoformat()
    except ValueError:
        return ""
    if written.group(4):
        return f"{date} {int(written.group(4)):02d}:{written.group(5)}"
    return date


def _contacts(lines: list[str]) -> list[dict]:
    """Contact cards: a name line, then a line of role, department, phone and email."""
    contacts = []
    for line in lines:
        if contacts and _is_detail_line(line):
            contacts[-1].update(_details(line))
        else:
            contacts.append({"name": line})
    return contacts


def _is_detail_line(line: str) -> bool:
    return bool(line.startswith(PRESS_ROLES) or EMAIL.search(line) or PHONE_AT_END.search(line))


def _details(line: str) -> dict:
    details = {}
    email = EMAIL.search(line)
    if email:
        details["email"] = email.group()
        line = (line[: email.start()] + " " + line[email.end() :]).strip()
    phone = PHONE_AT_END.search(line)
    if phone:
        details["phone"] = " ".join(phone.group(1).split())
        line = line[: phone.start()].strip()
    for role in PRESS_ROLES:
        if line.startswith(role):
            details["role"] = role
            line = line.removeprefix(role).strip()
    if line:
        details["title"] = line
    # In the order a person reads a contact card.
    order = ["role", "title", "phone", "email"]
    return {key: details[key] for key in order if key in details}


def _links(lines: list[str]) -> list[dict]:
    """Related links: "Title https://..." on one line, or a title line and then the URL."""
    links, pending_title = [], ""
    for line in lines:
        url = URL.search(line)
        if not url:
            pending_title = line
            continue
        title = (line[: url.start()] + line[url.end() :]).strip(" -–:") or pending_title
        links.append({"title": title or url.group(), "url": url.group()})
        pending_title = ""
    return links


def _markdown(lines: list[str]) -> str:
    """The body as Markdown: paragraphs kept, bullets as a list, line breaks kept."""
    blocks, paragraph, bullets = [], [], []

    def flush():
        if paragraph:
            # Two trailing spaces: a line break inside the paragraph, as the original shows it.
            blocks.append("  \n".join(paragraph))
            paragraph.clear()
        if bullets:
            blocks.append("\n".join(bullets))
            bullets.clear()

    for line in lines:
        if not line.strip():
            flush()
        elif BULLET.match(line):
            if paragraph:
                flush()
            bullets.append("- " + escape_markdown(BULLET.sub("", line).strip()))
        else:
            if bullets:
                flush()
            paragraph.append(escape_markdown(line.strip()))
    flush()
    return "\n\n".join(blocks) + "\n"


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written: no accidental emphasis, links, headings or HTML."""
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    text = text.replace("<", "&lt;")
    # What would start a heading, quote, list or table at the beginning of a line.
    text = re.sub(r"^([#>+|-])", r"\\\1", text)
    return re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
