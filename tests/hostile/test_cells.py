"""What a single cell may hold, in CSV and in Excel: NUL and other control characters, huge
cells, bidirectional overrides, formula-looking text. A refused cell is named by row and column;
nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import make_data_dir
from hostile.build import csv_bytes, with_cell, xlsx_bytes
from hostile.refusals import assert_refused, folder_digest, read_ok, upload_refused
from zones.edits import check_upload
from zones.schema import ZONES

FORMATS = {"csv": csv_bytes, "xlsx": xlsx_bytes}

# (label, column, value, data row) -> refused with the control_character message
CONTROL = [
    ("NUL in the id", "zone_id", "kkt\x00nhon-hoi", 0),
    ("NUL at the start of the first cell", "zone_id", "\x00kkt-nhon-hoi", 0),
    ("NUL deep in the notes of the last row", "notes", "fine" + "\x00", 3),
    ("NUL in a column the reader ignores", "aliases", "\x00", 1),
    ("bell", "name", "Nhơn Hội\x07", 0),
    ("backspace", "name", "Nhơn\x08 Hội", 1),
    ("vertical tab", "developer", "a\x0bb", 2),
    ("form feed", "notes", "a\x0cb", 2),
    ("escape sequence", "name", "\x1b[31mred", 0),
    ("unit separator", "district", "a\x1fb", 1),
    ("delete", "name", "x\x7f", 0),
    ("C1 next line", "notes", "a\x85b", 3),
    ("C1 application program command", "notes", "\x9f", 3),
    ("right-to-left override", "name", "KCN \u202eA", 0),
    ("left-to-right embedding", "developer", "\u202aX", 2),
    ("first strong isolate", "name", "\u2068x\u2069", 1),
]
HUGE = [
    ("300,000 characters in the notes", "notes", "n" * 300_000, 1),
    ("10,001 characters in a name", "name", "N" * 10_001, 0),
    ("50,000 characters in an id", "zone_id", "k" * 50_000, 2),
]
# formula-looking text is data, not a formula: read as typed (exports neutralise it)
FORMULA_TEXT = [
    ("=HYPERLINK", "developer", '=HYPERLINK("http://x","y")'),
    ("plus sign", "developer", "+84 256 3822"),
    ("minus sign", "notes", "-2+3"),
    ("at sign", "notes", "@SUM(A1)"),
    ("tab then equals", "notes", "\t=1+1"),
]
ALLOWED = [
    ("line break inside notes", "notes", "dòng một\ndòng hai"),
    ("tab inside notes", "notes", "a\tb"),
    ("zero-width joiner", "notes", "a\u200db"),
    ("cell of exactly 10,000 characters", "notes", "n" * 10_000),
    ("emoji", "notes", "🏭"),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_data_dir(tmp_path_factory.mktemp("cells") / "data")


# XML 1.0 cannot hold C0 controls, so Excel files cannot carry them (test_excel.py has the
# XML cases); C1 controls and bidirectional overrides are tried in both formats.
CONTROL_CASES = [(kind, *case) for case in CONTROL for kind in ("csv", "xlsx")
                 if kind == "csv" or all(ord(c) >= 0x20 for c in case[2])]


@pytest.mark.parametrize(("kind", "label", "column", "value", "row"), CONTROL_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CONTROL_CASES])
def test_control_characters_are_refused_by_cell(folder: Path, kind: str, label: str,
                                                column: str, value: str, row: int) -> None:
    data = FORMATS[kind](with_cell(column, value, row))
    assert_refused(data, "control_character", f"upload.{kind}", row=row + 2, column=column)
    upload_refused(folder, data, f"upload.{kind}")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(("label", "column", "value", "row"), HUGE, ids=[c[0] for c in HUGE])
def test_huge_cells_are_refused_by_cell(folder: Path, kind: str, label: str, column: str,
                                        value: str, row: int) -> None:
    data = FORMATS[kind](with_cell(column, value, row))
    if kind == "csv" and len(value) > 131_072:
        # beyond what Python's csv module reads at all: named by line
        assert_refused(data, "huge_cell_line", f"upload.{kind}")
    else:
        assert_refused(data, "huge_cell", f"upload.{kind}", row=row + 2, column=column)
    upload_refused(folder, data, f"upload.{kind}")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(("label", "column", "value"), FORMULA_TEXT + ALLOWED,
                         ids=[c[0] for c in FORMULA_TEXT + ALLOWED])
def test_text_is_read_exactly_as_typed(folder: Path, kind: str, label: str, column: str,
                                       value: str) -> None:
    data = FORMATS[kind](with_cell(column, value, 1))
    raw = read_ok(data, f"upload.{kind}")
    assert raw.rows[1][column] == value.strip()
    before = folder_digest(folder)
    candidate = check_upload(folder, data, f"upload.{kind}", ZONES)
    assert all("control character" not in str(p) for p in candidate.report.errors)
    assert folder_digest(folder) == before
