"""Phone numbers as press contacts write them, turned into E.164 for tel: links."""

import re

import pytest

from pressroom.phones import display_phone, normalize_phone


def test_normalize_phone_drops_the_swedish_trunk_zero_after_the_country_code():
    assert normalize_phone("+46 (0) 76 314 79 20") == "+46763147920"


def test_normalize_phone_reads_a_national_number_in_the_newsroom_region():
    assert normalize_phone("070-123 45 67") == "+46701234567"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("+46 (0)70-123 45 67", "+46701234567"),
        ("+46(0)763147920", "+46763147920"),
        ("0046 70 123 45 67", "+46701234567"),
        ("08-123 456 78", "+46812345678"),
        ("+46 (0) 8 123 456 78", "+46812345678"),
        ("  +46 76 314 79 20  ", "+46763147920"),
        ("070\u2011123\u00a045\u00a067", "+46701234567"),
        ("+44 (0)20 7946 0958", "+442079460958"),
        ("+1 (415) 555-2671", "+14155552671"),
    ],
)
def test_normalize_phone_accepts_how_people_write_numbers(written, expected):
    assert normalize_phone(written) == expected


@pytest.mark.parametrize(
    "garbage",
    ["", "   ", None, "garbage", "call me", "12", "+999 123", "0" * 40, "070 123 45 67 / 08 12"],
)
def test_normalize_phone_gives_empty_string_for_what_is_no_number(garbage):
    assert normalize_phone(garbage) == ""


def test_normalize_phone_result_is_only_plus_and_digits():
    # The result goes into tel: links and vCards unescaped.
    odd = ['+46 70 123 45 67"><script>', "070-123 45 67;ext=1", "+46 70 123 45 67\nNOTE:x"]
    for written in odd:
        assert re.fullmatch(r"(\+[0-9]{6,15})?", normalize_phone(written)), written


def test_normalize_phone_follows_the_region_setting(settings):
    settings.PRESSROOM_PHONE_REGION = "FI"
    assert normalize_phone("040 123 4567") == "+358401234567"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("070-174 06 27", "+46 70 174 06 27"),
        ("+46 (0) 76 314 79 20", "+46 76 314 79 20"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("ask the switchboard", "ask the switchboard"),
    ],
)
def test_display_phone_is_international_and_grouped_as_the_country_writes_it(written, shown):
    assert display_phone(written) == shown
