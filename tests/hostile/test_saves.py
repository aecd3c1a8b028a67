"""Hostile input that reaches a save: what the reader accepts is saved whole and logged; what it
refuses leaves the folder as it was. Each case ends with the team's consistency check (old or
new version, valid, logged to match, no temporary files)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from test_readers import to_cp1258

from helpers import ZONE_ROWS, make_data_dir
from hostile.build import (
    SHEET,
    cell_ref,
    csv_bytes,
    put_cell_xml,
    rewrite_part,
    set_dimension,
    to_shared_strings,
    with_cell,
    xlsx_bytes,
    zone_records,
)
from hostile.checks import FolderState, assert_consistent
from zones.edits import (
    SaveError,
    check_edit,
    check_upload,
    content_version,
    current_rows,
    save_table,
)
from zones.readers import ReadError
from zones.schema import ZONES
from zones.store import load_dataset

FILL = cell_ref("fill_pct")


def import_file(data_dir: Path, data: bytes, name: str) -> str | None:
    """What the Import tab's Apply does; returns why nothing was saved, or None."""
    candidate = check_upload(data_dir, data, name, ZONES)
    if not candidate.report.ok:
        return "refused"
    try:
        save_table(data_dir, ZONES, candidate.rows, candidate.base_version, "lan",
                   f"import {name}", action="import")
    except SaveError as error:
        return type(error).__name__
    return None


def changed_fill(value: str) -> list[list[str]]:
    return with_cell("fill_pct", value, 0)


def vietnamese_numbers(records: list[list[str]]) -> list[list[str]]:
    """Every number written with a decimal comma, as Excel in a Vietnamese locale saves."""
    numeric = [i for i, name in enumerate(records[0]) if name in ZONES.numeric_columns]
    return [records[0]] + [[cell.replace(".", ",") if i in numeric else cell
                            for i, cell in enumerate(record)] for record in records[1:]]


IMPORTS: list[tuple[str, str, Callable[[], bytes], str, Callable[[Path], bool]]] = [
    # (label, file name, content, "old" or "new", what must hold afterwards)
    ("stale <dimension> does not truncate", "z.xlsx", lambda: rewrite_part(
        xlsx_bytes(changed_fill("55")), SHEET, set_dimension("A1:C2")), "new",
     lambda d: len(load_dataset(d).zones) == len(ZONE_ROWS)),
    ("huge <dimension> reads the real rows", "z.xlsx", lambda: rewrite_part(
        xlsx_bytes(changed_fill("56")), SHEET, set_dimension("A1:XFD1048576")), "new",
     lambda d: load_dataset(d).zone("kkt-nhon-hoi")["fill_pct"] == 56),
    ("shared strings, as Excel writes", "z.xlsx",
     lambda: to_shared_strings(xlsx_bytes(changed_fill("57"))), "new",
     lambda d: load_dataset(d).zone("kkt-nhon-hoi")["fill_pct"] == 57),
    ("formula with its saved result", "z.xlsx", lambda: rewrite_part(
        xlsx_bytes(zone_records()), SHEET,
        put_cell_xml(FILL, f'<c r="{FILL}"><f>50+8</f><v>58</v></c>')), "new",
     lambda d: load_dataset(d).zone("kkt-nhon-hoi")["fill_pct"] == 58),
    ("Windows-1258 with decimal commas", "z.csv",
     lambda: to_cp1258(csv_bytes(vietnamese_numbers(changed_fill("59.5")), ";").decode()), "new",
     lambda d: load_dataset(d).zone("kkt-nhon-hoi")["fill_pct"] == 59.5),
    ("Markdown and a formula in a text cell are data", "z.csv", lambda: csv_bytes(
        with_cell("developer", '[x](http://evil.example) =HYPERLINK("http://e")', 0)), "new",
     lambda d: "HYPERLINK" in load_dataset(d).zone("kkt-nhon-hoi")["developer"]),
    ("formula without a saved result", "z.xlsx", lambda: rewrite_part(
        xlsx_bytes(zone_records()), SHEET,
        put_cell_xml(FILL, f'<c r="{FILL}"><f>50+8</f><v></v></c>')), "old", lambda d: True),
    ("NUL in a cell past the binary sniff", "z.csv",
     lambda: csv_bytes(with_cell("notes", "x" * 5000 + "\x00", 3)), "old", lambda d: True),
    ("NUL in the first bytes", "z.csv", lambda: csv_bytes(with_cell("zone_id", "\x00k", 0)),
     "old", lambda d: True),
    ("300,000-character cell in a workbook", "z.xlsx",
     lambda: xlsx_bytes(with_cell("notes", "n" * 300_000, 1)), "old", lambda d: True),
    ("146 in fill_pct", "z.csv", lambda: csv_bytes(changed_fill("146")), "old", lambda d: True),
    ("merged cells", "z.xlsx", lambda: rewrite_part(
        xlsx_bytes(zone_records()), SHEET, lambda x: x.replace(
            "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="C2:C3"/>'
            "</mergeCells>")), "old", lambda d: True),
]


@pytest.mark.parametrize(("name", "build", "outcome", "holds"), [c[1:] for c in IMPORTS],
                         ids=[c[0] for c in IMPORTS])
def test_import(tmp_path: Path, name: str, build, outcome: str, holds) -> None:
    data_dir = make_data_dir(tmp_path / "data")
    before = FolderState.of(data_dir)
    refused = import_file(data_dir, build(), name)
    assert (refused is None) == (outcome == "new"), refused
    assert assert_consistent(data_dir, before) == outcome
    assert holds(data_dir)


GRID: list[tuple[str, str, str, str]] = [
    # (label, column, typed text, "old" or "new")
    ("decimal comma", "fill_pct", "46,5", "new"),
    ("Vietnamese thousands", "area_ha", "14.308,5", "new"),
    ("146 stays 146 and is refused", "fill_pct", "146", "old"),
    ("negative stays negative", "fill_pct", "-5", "old"),
    ("text stays text", "fill_pct", "abc", "old"),
    ("ambiguous 1,234", "area_ha", "1,234", "old"),
    ("NUL pasted into a name", "name", "KKT\x00", "old"),
    ("bidirectional override pasted", "developer", "\u202eevil", "old"),
    ("Markdown typed in notes", "notes", "**bold** [x](http://e.example)", "new"),
]


@pytest.mark.parametrize(("column", "typed", "outcome"), [c[1:] for c in GRID],
                         ids=[c[0] for c in GRID])
def test_grid_edit(tmp_path: Path, column: str, typed: str, outcome: str) -> None:
    """The Edit page's grid: what staff type reaches validation unchanged, then saves or not."""
    data_dir = make_data_dir(tmp_path / "data")
    before = FolderState.of(data_dir)
    base_rows = current_rows(data_dir, ZONES)
    edited = [dict(row) for row in base_rows]
    edited[0][column] = typed
    try:
        candidate = check_edit(data_dir, ZONES, edited, base_rows,
                               content_version(data_dir / ZONES.filename))
    except ReadError as error:
        assert error.row == 2 and error.column == column
        candidate = None
    if candidate is not None and candidate.report.ok:
        save_table(data_dir, ZONES, candidate.rows, candidate.base_version, "lan", "grid")
    elif candidate is not None:
        assert [p.column for p in candidate.report.errors] == [column]
    assert assert_consistent(data_dir, before) == outcome
