"""Phone numbers as press contacts write them, and as phones dial them."""

import phonenumbers
from django.conf import settings


def normalize_phone(raw: str) -> str:
    """
    Return the E.164 form of a phone number written by a person, for tel: links.

    "+46 (0) 76 314 79 20" becomes "+46763147920": the "(0)" trunk prefix that
    Swedish numbers often carry after the country code is not dialled. Numbers
    without a country code are read in the newsroom's region. Text that is no
    phone number at all gives "".
    """
    raw = (raw or "").strip()
    if not raw:
        return ""
    # The "(0)" convention is not understood by every parser: drop it first.
    cleaned = raw.replace("(0)", " ")
    try:
        number = phonenumbers.parse(cleaned, settings.PRESSROOM_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(raw: str) -> str:
    """
    A phone number as the reader site shows it: in its international form, grouped as its
    country writes numbers ("070-174 06 27" becomes "+46 70 174 06 27"). Text that is no
    phone number is shown as written.
    """
    normalized = normalize_phone(raw)
    if not normalized:
        return (raw or "").strip()
    number = phonenumbers.parse(normalized)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
