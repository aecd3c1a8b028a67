"""Tables as people see them: schema labels in both languages, values written per language."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from zones.display import display_table, display_value
from zones.schema import COLUMN_HELP_VI, COLUMN_LABELS, TABLES, column_label


def test_every_column_of_every_table_has_a_label_in_both_languages() -> None:
    names = {column.name for table in TABLES for column in table.columns}
    assert names - set(COLUMN_LABELS) == set()
    for name, (vi, en) in COLUMN_LABELS.items():
        assert vi.strip() and en.strip(), name
    # labels only for columns that exist (province_2025 is joined onto every zone)
    assert set(COLUMN_LABELS) - names == set()


@pytest.mark.parametrize(
    ("value", "column", "lang", "expected"),
    [
        (45332.5, "area_ha", "vi", "45.332,5"),
        (45332.5, "area_ha", "en", "45,332.5"),
        (46.77, "fill_pct", "vi", "46,77"),
        (13.846312, "lat", "vi", "13,8463"),
        (2030, "target_year", "vi", "2030"),
        ("2021-05-14", "date", "vi", "14/05/2021"),
        ("2024-03", "status_as_of", "en", "Mar 2024"),
        ("stalled", "status", "vi", "Đình trệ"),
        ("commune", "location_precision", "en", "Commune centre (1–5 km off)"),
        (["Phố Phong", "Phô Phong"], "aliases", "vi", "Phố Phong; Phô Phong"),
        (None, "area_ha", "vi", "—"),
        (math.nan, "fill_pct", "en", "—"),
        (pd.NA, "developer", "vi", "—"),
        ("", "district", "en", "—"),
        ([], "aliases", "en", "—"),
    ],
)
def test_display_value(value, column, lang, expected) -> None:
    assert display_value(value, column, lang) == expected


def test_display_table_heads_columns_with_labels_and_skips_absent_ones() -> None:
    frame = pd.DataFrame({"zone_id": ["a", "b"], "area_ha": [1234.5, None]}, index=[7, 9])
    shown = display_table(frame, ["zone_id", "area_ha", "fill_pct"], "vi")
    assert list(shown.columns) == [column_label("zone_id", "vi"), "Diện tích quy hoạch (ha)"]
    assert list(shown.iloc[:, 1]) == ["1.234,5", "—"]


def test_every_editable_column_has_vietnamese_help() -> None:
    from zones.edits import EDITABLE_TABLES
    from zones.schema import column_help

    for table in EDITABLE_TABLES.values():
        for column in table.columns:
            assert column.name in COLUMN_HELP_VI, (table.name, column.name)
            assert column_help(column, "vi") == COLUMN_HELP_VI[column.name]
            assert column_help(column, "en") == column.description
