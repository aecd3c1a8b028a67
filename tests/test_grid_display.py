"""The Edit page's grid shows stored numbers per language and reads them back unchanged:
Vietnamese cells carry a decimal comma and no thousands separator, an untouched grid is no
change, and every shown value reads back as the stored value."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ZONE_ROWS, make_data_dir
from zones.edits import check_edit, content_version, current_rows, raw_rows
from zones.readers import grid_number_text, grid_rows, parse_number, read_grid_rows
from zones.schema import TARGETS, ZONES, Table

EDGES = ["0", "100", "0.5", "1234", "1234.5", "45332", "0.001", "1.234", "-1.234", "12.345",
         "999.999", "1000.5", ""]


@pytest.mark.parametrize(
    ("stored", "vi", "en"),
    [("6.9", "6,9", "6.9"), ("1234.5", "1234,5", "1234.5"), ("45332", "45332", "45332"),
     ("0.5", "0,5", "0.5"), ("1.234", "1,2340", "1.234"), ("0.001", "0,0010", "0.001"),
     ("", "", ""), ("n/a", "n/a", "n/a")],
)
def test_numbers_are_shown_per_language_without_thousands(stored: str, vi: str, en: str) -> None:
    assert grid_number_text(stored, "vi") == vi
    assert grid_number_text(stored, "en") == en


def _stored_numbers(data_dir: Path, table: Table) -> list[str]:
    rows = current_rows(data_dir, table) or []
    return sorted({row[column] for row in rows for column in table.numeric_columns})


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("table", [ZONES, TARGETS], ids=["zones", "targets"])
def test_every_bundled_and_edge_value_reads_back_as_stored(bundled_copy: Path, table: Table,
                                                           lang: str) -> None:
    values = [*_stored_numbers(bundled_copy, table), *EDGES]
    assert len(values) > len(EDGES)  # the bundled data has numbers of its own
    for stored in values:
        shown = grid_number_text(stored, lang)
        assert "." not in shown or lang == "en", shown
        if stored:
            assert parse_number(shown, None) == float(stored), (stored, shown)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("table", [ZONES, TARGETS], ids=["zones", "targets"])
def test_an_untouched_grid_is_no_change(bundled_copy: Path, table: Table, lang: str) -> None:
    rows = current_rows(bundled_copy, table) or []
    shown = grid_rows(rows, table, lang)
    raw = read_grid_rows(shown, table, table.filename)
    assert raw_rows(raw) == shown  # the page's "untouched" test compares with what it showed
    candidate = check_edit(bundled_copy, table, shown, rows,
                           content_version(bundled_copy / table.filename))
    assert candidate.report.ok, [p.text("en") for p in candidate.report.errors]
    assert candidate.diff.is_empty
    assert candidate.rows == rows


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    ("column", "value"),
    [*(("area_ha", e) for e in EDGES if e and e not in ("0", "-1.234")),
     *(("fill_pct", e) for e in ("0", "0.5", "100", "12.345", "1.234", ""))],
)
def test_edge_values_survive_the_grid(tmp_path: Path, lang: str, column: str, value: str) -> None:
    rows = [dict(row) for row in ZONE_ROWS]
    rows[0][column] = value
    data_dir = make_data_dir(tmp_path, rows)
    stored = current_rows(data_dir, ZONES) or []
    shown = grid_rows(stored, ZONES, lang)
    candidate = check_edit(data_dir, ZONES, shown, stored,
                           content_version(data_dir / ZONES.filename))
    assert candidate.report.ok, [p.text("en") for p in candidate.report.errors]
    assert candidate.diff.is_empty, candidate.diff
    assert candidate.rows[0][column] == stored[0][column]


def test_what_staff_type_is_read_as_typed() -> None:
    typed = [{**{c: "" for c in ZONES.column_names}, "area_ha": "1,234"}]
    assert read_grid_rows(typed, ZONES, "zones.csv").rows[0]["area_ha"] == "1,234"
    assert grid_rows(typed, ZONES, "vi") == typed  # typed text is never rewritten
