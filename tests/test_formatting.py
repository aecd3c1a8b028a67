"""Numbers and dates as each language writes them; plurals in the catalogue."""

import datetime as dt
import math

import pandas as pd
import pytest

from zones.formatting import (
    format_area,
    format_date,
    format_km,
    format_number,
    format_pct,
    format_timestamp,
)
from zones.i18n import t
from zones.readers import parse_number


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "unit", "expected"),
    [
        (45332.0, "vi", 2, "", "45.332"),
        (45332.0, "en", 2, "", "45,332"),
        (14308, "vi", 0, "", "14.308"),
        (6113.48, "vi", 2, "ha", "6.113,48 ha"),
        (6113.48, "en", 2, "ha", "6,113.48 ha"),
        (46.77, "vi", 1, "%", "46,8%"),
        (46.5, "en", 1, "%", "46.5%"),
        (0.0, "vi", 1, "", "0"),
        (-0.0001, "en", 1, "", "0"),
        (1234567.891, "vi", 2, "", "1.234.567,89"),
        (None, "vi", 1, "ha", "—"),
        (math.nan, "en", 1, "", "—"),
        (pd.NA, "vi", 1, "", "—"),
        ("abc", "vi", 1, "", "abc"),
    ],
)
def test_format_number(value, lang, decimals, unit, expected):
    assert format_number(value, lang, decimals=decimals, unit=unit) == expected


ROUND_TRIP = [0.0, 6.9, 46.77, 100.0, 6113.48, 14308.0, 45332.5, 1234567.25, -3.5, 0.05]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("value", ROUND_TRIP)
@pytest.mark.parametrize("unit", ["", "%"])
def test_a_written_number_reads_back_as_the_same_number(value, lang, unit):
    """What the app writes (a figure copied from a page into a sheet) is what the file reader
    reads: the Vietnamese style with the decimal comma, the English one without."""
    text = format_number(value, lang, decimals=2, unit=unit)
    assert parse_number(text, decimal_comma=lang == "vi") == pytest.approx(value)


def test_untrimmed_keeps_decimals():
    assert format_number(12, "vi", decimals=2, trim=False) == "12,00"


def test_helpers():
    assert format_area(272, "vi") == "272 ha"
    assert format_pct(82.0, "en") == "82%"
    assert format_km(4.26, "vi") == "4,3 km"
    assert format_km(42.6, "en", approximate=True) == "≈ 43 km"
    assert format_pct(None, "vi", missing="chưa rõ") == "chưa rõ"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2024-12-31", "vi", "31/12/2024"),
        ("2024-12-31", "en", "31 Dec 2024"),
        (dt.date(2025, 7, 1), "vi", "01/07/2025"),
        ("2024", "en", "2024"),
        ("2024-06", "vi", "06/2024"),
        ("2024-06", "en", "Jun 2024"),
        (None, "vi", "—"),
        ("", "en", "—"),
    ],
)
def test_format_date(value, lang, expected):
    assert format_date(value, lang) == expected


def test_plural_forms():
    assert t("n_zones", "en", n=1) == "1 zone"
    assert t("n_zones", "en", n=3) == "3 zones"
    assert t("n_zones", "vi", n=1) == "1 khu"


def test_message_renders_numbers_per_language():
    from zones.i18n import Message

    message = Message("n_zones", {"n": 14308})
    assert message.text("vi") == "14.308 khu"
    assert message.text("en") == "14,308 zones"
    assert Message("n_zones", {"n": 1}).text("en") == "1 zone"
    assert Message("no.such.key").text("vi") == "no.such.key"


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("2026-12-02T01:53:38+00:00", "vi", "02/12/2026 08:53"),
    ("2026-12-02T01:53:38+00:00", "en", "2 Dec 2026 08:53"),
    ("2026-12-31T18:30:00+00:00", "vi", "01/01/2027 01:30"),  # already the new year in Hà Nội
    ("2026-06-01T12:00:00", "vi", "01/06/2026 19:00"),  # a log time without offset is UTC
    ("2026-06-01T12:00:00+07:00", "en", "1 Jun 2026 12:00"),
    ("not a time", "vi", "not a time"),
    ("", "vi", "—"),
    (None, "en", "—"),
])
def test_logged_times_are_shown_on_vietnams_clock(value, lang, expected):
    assert format_timestamp(value, lang) == expected
