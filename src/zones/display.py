"""Tables as people see them: columns named by their schema label, every value written the way
the reader's language writes it (numbers, dates, statuses), unknown values as "—"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from zones.formatting import MISSING, format_date, format_number, is_missing
from zones.i18n import t
from zones.safetext import markdown_link, markdown_literal
from zones.schema import COLUMN_LABELS, TABLES, ColumnType, column_label

COORDINATE_DECIMALS = 4
"""lat/lon shown to ~10 m; the data keeps its full precision."""
DEFAULT_DECIMALS = 2

_ENUM_KEYS = {"status": "status.", "location_precision": "precision."}
"""Columns whose values are codes shown through the catalogue."""


def _column_types() -> dict[str, ColumnType]:
    types: dict[str, ColumnType] = {}
    for table in TABLES:
        for column in table.columns:
            types.setdefault(column.name, column.type)
    return types


COLUMN_TYPES = _column_types()


def decimals_of(column: str) -> int:
    return COORDINATE_DECIMALS if column in ("lat", "lon") else DEFAULT_DECIMALS


def display_value(value: object, column: str, lang: str, missing: str = MISSING) -> str:
    """One cell of `column` as text in `lang`."""
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value) or missing
    if is_missing(value) or value == "":
        return missing
    if column in _ENUM_KEYS:
        return t(_ENUM_KEYS[column] + str(value), lang)
    kind = COLUMN_TYPES.get(column)
    if kind == ColumnType.NUMBER:
        return format_number(value, lang, decimals=decimals_of(column), missing=missing)
    if kind == ColumnType.YEAR:
        return str(int(float(value)))  # a year is not grouped: 2025, never 2.025
    if kind == ColumnType.DATE:
        return format_date(value, lang, missing=missing)
    return str(value)


def display_table(frame: pd.DataFrame, columns: Sequence[str], lang: str) -> pd.DataFrame:
    """`columns` of `frame` (those it has), values as text, headed by their labels."""
    present = [column for column in columns if column in frame.columns]
    return pd.DataFrame(
        {
            column_label(column, lang): [display_value(v, column, lang) for v in frame[column]]
            for column in present
        },
        index=range(len(frame)),
    )


def editor_header(column: str, lang: str) -> str:
    """The edit grid's header: the label, then the column id staff see in CSV and Excel files."""
    return f"{column_label(column, lang)} · {column}"


def labelled_columns(columns: Iterable[str]) -> list[str]:
    """The columns that have a label (derived helper columns have none and are not shown)."""
    return [column for column in columns if column in COLUMN_LABELS]


def markdown_table(frame: pd.DataFrame, links: Mapping[str, str] | None = None) -> pd.DataFrame:
    """`frame` for a static table that renders Markdown (st.table): every header, index label
    and cell shown literally; each column in `links` linked to the address in the column it
    names (those address columns are dropped)."""
    links = dict(links or {})
    kept = [column for column in frame.columns if column not in links.values()]
    cells = {
        markdown_literal(column): [
            markdown_link(value, frame[links[column]].iloc[i]) if column in links
            else markdown_literal(value)
            for i, value in enumerate(frame[column])
        ]
        for column in kept
    }
    index = [markdown_literal(label) for label in frame.index]
    return pd.DataFrame(cells, index=index)
