"""
Media contacts from a CSV file or vCards, into a media list.

CSV: a header row naming the columns, in any order: ``email`` (required), ``name``,
``outlet``, ``beat``, ``source`` (where the address came from) and ``time_zone``; comma or
semicolon separated, UTF-8 (with or without a byte-order mark). vCard (3.0 or 4.0): FN,
EMAIL, ORG, TITLE and NOTE of each card. An address already known is updated (blank fields
filled in) and added to the list, never duplicated; a row without a valid address is
reported with its line and skipped.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from .models import MediaContact

FIELDS = ("name", "outlet", "beat", "source_note", "time_zone")
CSV_NAMES = {
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "name": "name",
    "outlet": "outlet",
    "beat": "beat",
    "source": "source_note",
    "source_note": "source_note",
    "note": "source_note",
    "time_zone": "time_zone",
    "timezone": "time_zone",
}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)


def read_csv(text: str) -> list[tuple[int, dict]]:
    """The rows of a CSV text as (line number, {field: value})."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [CSV_NAMES.get(name.strip().lower(), "") for name in next(reader, [])]
    if "email" not in header:
        raise ValidationError(_("The first row must name the columns, with an “email” column."))
    rows = []
    for number, values in enumerate(reader, start=2):
        if any(value.strip() for value in values):
            row = {name: value.strip() for name, value in zip(header, values, strict=False) if name}
            rows.append((number, row))
    return rows


def _unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def read_vcards(text: str) -> list[tuple[int, dict]]:
    """The cards of a vCard text as (card number, {field: value})."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]  # a folded line continues the one before
        else:
            lines.append(line)
    cards, card = [], None
    for line in lines:
        name, _colon, value = line.partition(":")
        prop = name.split(";")[0].strip().upper().split(".")[-1]  # "item1.EMAIL" is EMAIL
        if prop == "BEGIN" and value.strip().upper() == "VCARD":
            card = {}
        elif prop == "END" and card is not None:
            cards.append((len(cards) + 1, card))
            card = None
        elif card is not None:
            if prop == "FN":
                card.setdefault("name", _unescape(value).strip())
            elif prop == "EMAIL":
                card.setdefault("email", _unescape(value).strip().removeprefix("mailto:"))
            elif prop == "ORG":
                card.setdefault("outlet", _unescape(value.split(";")[0]).strip())
            elif prop == "TITLE":
                card.setdefault("beat", _unescape(value).strip())
            elif prop == "NOTE":
                card.setdefault("source_note", _unescape(value).strip()[:300])
    return cards


def import_contacts(data: bytes, filename: str, media_list, *, source_note="") -> ImportReport:
    """Put the contacts in ``data`` (CSV or vCard, by content) on ``media_list``."""
    report = ImportReport()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    is_vcard = "BEGIN:VCARD" in text.upper()[:2000] or filename.lower().endswith((".vcf", ".vcard"))
    try:
        rows = read_vcards(text) if is_vcard else read_csv(text)
    except ValidationError as error:
        report.problems.append(" ".join(error.messages))
        return report
    label = _("card %(number)s") if is_vcard else _("line %(number)s")
    for number, row in rows:
        email = row.get("email", "").strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            report.problems.append(
                _("%(where)s: “%(email)s” is not an e-mail address; skipped.")
                % {"where": label % {"number": number}, "email": email or "—"}
            )
            continue
        values = {name: row.get(name, "")[:200] for name in FIELDS if row.get(name)}
        if source_note and not values.get("source_note"):
            values["source_note"] = source_note[:300]
        with transaction.atomic():
            contact, created = MediaContact.objects.get_or_create(email=email, defaults=values)
            if not created:
                blanks = [name for name, value in values.items() if not getattr(contact, name)]
                for name in blanks:
                    setattr(contact, name, values[name])
                if blanks:
                    contact.save(update_fields=blanks)
            contact.lists.add(media_list)
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report
