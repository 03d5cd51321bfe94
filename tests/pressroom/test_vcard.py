"""vCard 3.0 cards for press contacts (pressroom/vcard.py)."""

import re

import pytest

from pressroom.vcard import contact_vcard
from tests.factories import make_contact

pytestmark = pytest.mark.django_db


def unfold(card: str) -> list[str]:
    """The logical lines of a card: folded continuations joined, CRLF line ends removed."""
    assert card.endswith("\r\n")
    return card.replace("\r\n ", "").split("\r\n")[:-1]


def property_value(card: str, name: str) -> str:
    """The raw value of the one property called name (parameters ignored)."""
    values = [line.partition(":")[2] for line in unfold(card) if re.match(rf"{name}[;:]", line)]
    assert len(values) == 1, f"{name}: {values}"
    return values[0]


def test_contact_vcard_begins_and_ends_the_card():
    lines = unfold(contact_vcard(make_contact("Mia Pääsuke")))
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"]
    assert lines[-1] == "END:VCARD"


def test_contact_vcard_ends_every_line_with_crlf():
    card = contact_vcard(make_contact("Mia Pääsuke", bio="One.\nTwo."))
    assert card.endswith("\r\n")
    assert "\n" not in card.replace("\r\n", "")
    assert "\r" not in card.replace("\r\n", "")


def test_contact_vcard_names_family_and_given():
    card = contact_vcard(make_contact("Mia Pääsuke"))
    assert property_value(card, "FN") == "Mia Pääsuke"
    assert property_value(card, "N") == "Pääsuke;Mia;;;"


def test_contact_vcard_single_word_name_is_the_family_name():
    card = contact_vcard(make_contact("Madonna"))
    assert property_value(card, "N") == "Madonna;;;;"


def test_contact_vcard_escapes_commas_semicolons_and_backslashes():
    contact = make_contact("Mia Pääsuke", title="Marketing, Sales; PR \\ Events")
    card = contact_vcard(contact, organization="Data, Telekom; IT")
    assert property_value(card, "TITLE") == "Marketing\\, Sales\\; PR \\\\ Events"
    assert property_value(card, "ORG") == "Data\\, Telekom\\; IT"


def test_contact_vcard_escapes_line_breaks():
    contact = make_contact("Mia Pääsuke", bio="First line.\r\nSecond line.\nThird.\rFourth.")
    card = contact_vcard(contact)
    assert property_value(card, "NOTE") == "First line.\\nSecond line.\\nThird.\\nFourth."


def test_contact_vcard_line_break_cannot_start_a_property():
    contact = make_contact("Mia\nEMAIL:evil@example.com Pääsuke", email="")
    card = contact_vcard(contact, url="https://example.com/contacts/mia/\r\nEMAIL:evil@example.com")
    assert not any(line.startswith("EMAIL") for line in unfold(card))
    assert property_value(card, "URL") == "https://example.com/contacts/mia/EMAIL:evil@example.com"


def test_contact_vcard_telephone_is_the_normalized_number():
    contact = make_contact("Mia Pääsuke", phone="+46 (0) 76 314 79 20", phone_alt="070-123 45 67")
    card = contact_vcard(contact)
    assert property_value(card, "TEL;TYPE=WORK,VOICE") == "+46763147920"
    assert property_value(card, "TEL;TYPE=CELL") == "+46701234567"


def test_contact_vcard_leaves_out_what_the_contact_lacks():
    contact = make_contact("Mia Pääsuke", phone="garbage", email="", title="", bio="")
    card = contact_vcard(contact)
    for name in ("TEL", "EMAIL", "TITLE", "NOTE", "ORG", "URL"):
        assert not any(line.startswith(name) for line in unfold(card)), name


def test_contact_vcard_carries_email_role_and_url():
    contact = make_contact("Mia Pääsuke", email="mia@example.com", role="Presskontakt")
    card = contact_vcard(contact, url="https://example.com/contacts/mia-paasuke/")
    assert property_value(card, "EMAIL;TYPE=INTERNET,WORK") == "mia@example.com"
    assert property_value(card, "ROLE") == "Presskontakt"
    assert property_value(card, "URL") == "https://example.com/contacts/mia-paasuke/"


def test_contact_vcard_folds_lines_at_75_octets():
    bio = "Mia Pääsuke leder kommunikationen på Åre-kontoret och svarar på frågor om " * 4
    card = contact_vcard(make_contact("Mia Pääsuke " + "Å" * 60, bio=bio))
    physical = card.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in physical) == 75
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical)
    assert property_value(card, "NOTE") == bio.replace(",", "\\,")
    assert property_value(card, "FN") == "Mia Pääsuke " + "Å" * 60


def test_contact_vcard_fold_never_splits_a_character():
    # "FN:a" is 4 octets and "Ä" is 2, so the 75th octet is the first half of an "Ä":
    # the line folds one octet early instead.
    name = "a" + "Ä" * 100
    card = contact_vcard(make_contact(name))
    fn_line = next(line for line in card.split("\r\n") if line.startswith("FN:"))
    assert len(fn_line.encode("utf-8")) == 74
    assert property_value(card, "FN") == name


def test_contact_vcard_short_lines_are_not_folded():
    card = contact_vcard(make_contact("Mia Pääsuke"))
    assert "\r\n " not in card
