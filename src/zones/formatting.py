"""Numbers, areas, percentages and dates written the way each interface language writes them.

Vietnamese groups thousands with '.' and writes decimals with ',' (45.332,5 ha); English
writes 45,332.5 ha. Every figure a person sees goes through these functions; unknown values
(None, NaN, pandas NA) come back as the `missing` text, never as 'None' or 'nan'.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

MISSING = "—"
"""What an unknown value shows as when no other text is given."""

_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}
"""(thousands, decimal) per language."""


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    # pandas.NA / NaT, recognised without importing pandas (the save path must not).
    return type(value).__name__ in ("NAType", "NaTType")


def format_number(
    value: Any,
    lang: str,
    decimals: int = 1,
    unit: str = "",
    *,
    trim: bool = True,
    missing: str = MISSING,
) -> str:
    """`value` with thousands grouped and at most `decimals` decimals in `lang`'s style.

    trim drops trailing zeros (46.50 → 46.5, 12.0 → 12); unit follows after a space
    ('%' directly). Non-numbers are returned as text unchanged.
    """
    if is_missing(value):
        return missing
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isinf(number):
        return str(value)
    text = f"{number:,.{max(decimals, 0)}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    thousands, decimal = _SEPARATORS.get(lang, _SEPARATORS["en"])
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def format_count(value: Any, lang: str, missing: str = MISSING) -> str:
    return format_number(value, lang, decimals=0, missing=missing)


def format_area(value: Any, lang: str, decimals: int = 1, missing: str = MISSING) -> str:
    return format_number(value, lang, decimals=decimals, unit="ha", missing=missing)


def format_pct(value: Any, lang: str, decimals: int = 1, missing: str = MISSING) -> str:
    return format_number(value, lang, decimals=decimals, unit="%", missing=missing)


def format_km(value: Any, lang: str, approximate: bool = False, missing: str = MISSING) -> str:
    """Straight-line kilometres; '≈' in front when the position is only approximate."""
    if is_missing(value):
        return missing
    decimals = 0 if float(value) >= 10 else 1
    text = format_number(value, lang, decimals=decimals, unit="km")
    return f"≈ {text}" if approximate else text


def format_date(value: Any, lang: str, missing: str = MISSING) -> str:
    """31/12/2024 in Vietnamese, 31 Dec 2024 in English; a bare year stays a year."""
    if is_missing(value) or value == "":
        return missing
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 4 and text.isdigit():
            return text
        if len(text) == 7 and text[4] == "-":  # YYYY-MM
            year, month = text.split("-")
            if lang == "vi":
                return f"{int(month):02d}/{year}"
            return f"{_MONTHS[int(month) - 1]} {year}"
        try:
            value = dt.date.fromisoformat(text[:10])
        except ValueError:
            return text
    if isinstance(value, dt.date):
        if lang == "vi":
            return value.strftime("%d/%m/%Y")
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return str(value)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Vietnam's clock: UTC+7 all year (no daylight saving since 1975)."""


def format_timestamp(value: Any, lang: str, missing: str = MISSING) -> str:
    """A logged UTC time as Vietnam reads its clocks: 02/12/2026 08:53 in Vietnamese,
    2 Dec 2026 08:53 in English; text that is not a time is shown as it is."""
    if is_missing(value) or value == "":
        return missing
    try:
        moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(
            str(value).strip())
    except ValueError:
        return str(value)
    if moment.tzinfo is None:  # the log writes UTC
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(VIETNAM_TIME)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"
