"""Files as provincial staff produce them: encodings, delimiters, Vietnamese numbers, Excel."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook

from helpers import ZONE_ROWS, make_data_dir
from zones.edits import Candidate, check_upload
from zones.readers import ReadError, parse_number, read_table_bytes
from zones.schema import ZONES

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def upload(data: bytes, filename: str, data_dir: Path) -> Candidate:
    """A zones table uploaded as staff upload it (edits.check_upload: the one upload check)."""
    return check_upload(data_dir, data, filename, ZONES)


def to_cp1258(text: str) -> bytes:
    """Encode as Excel does for Windows-1258: base letters composed, tone marks combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONE_MARKS))
            tones = "".join(p for p in parts if p in TONE_MARKS)
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def csv_text(delimiter: str = ",", decimal_comma: bool = False) -> str:
    lines = [delimiter.join(ZONES.column_names)]
    for row in ZONE_ROWS:
        cells = []
        for name in ZONES.column_names:
            value = row[name]
            if decimal_comma and name in ZONES.numeric_columns:
                value = value.replace(".", ",")
            if delimiter in value or '"' in value:
                value = '"' + value.replace('"', '""') + '"'
            cells.append(value)
        lines.append(delimiter.join(cells))
    return "\r\n".join(lines) + "\r\n"


ENCODINGS = [
    ("utf-8", lambda t: t.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
    ("utf-16 (Excel Unicode text)", lambda t: t.encode("utf-16"), "utf-16"),
    ("utf-16-le without BOM", lambda t: t.encode("utf-16-le"), "utf-16-le"),
    ("windows-1258", to_cp1258, "cp1258"),
]


@pytest.mark.parametrize(("label", "encode", "encoding"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_excel_style_files_read_identically(
    label: str, encode, encoding: str, delimiter: str
) -> None:
    data = encode(csv_text(delimiter, decimal_comma=delimiter != ","))
    raw = read_table_bytes(data, ZONES, "zones.csv")
    assert raw.encoding == encoding
    assert raw.delimiter == delimiter
    assert raw.header == ZONES.column_names
    assert [row["name"] for row in raw.rows] == [row["name"] for row in ZONE_ROWS]
    assert all(unicodedata.is_normalized("NFC", row["name"]) for row in raw.rows)


@pytest.mark.parametrize(("label", "encode", "encoding"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_excel_style_candidate_validates_cleanly(
    tmp_path: Path, label: str, encode, encoding: str
) -> None:
    data_dir = make_data_dir(tmp_path)
    checked = upload(encode(csv_text(";", decimal_comma=True)), "upload.csv", data_dir).checked
    assert checked.report.errors == []
    nhon_hoi = checked.zones.by_key()["kkt-nhon-hoi"]
    assert nhon_hoi["lat"] == pytest.approx(13.8833)
    assert checked.zones.by_key()["kcn-nhon-hoi-b"]["fill_pct"] == pytest.approx(6.9)


NUMBERS = [
    ("46.77", False, 46.77),
    ("46,77", True, 46.77),
    ("6.113,48", True, 6113.48),
    ("6113,48", True, 6113.48),
    ("1.234.567", False, 1234567.0),
    ("1.234.567", True, 1234567.0),
    ("6.113", True, 6113.0),
    ("1,234.5", False, 1234.5),
    ("1,234,567", False, 1234567.0),
    ("46,77%", True, 46.77),
    (" 272 ", False, 272.0),
    ("1\u00a0425", False, 1425.0),
    ("-3", False, -3.0),
]


@pytest.mark.parametrize(("text", "decimal_comma", "expected"), NUMBERS)
def test_parse_number(text: str, decimal_comma: bool, expected: float) -> None:
    assert parse_number(text, decimal_comma) == pytest.approx(expected)


BAD_NUMBERS = [
    (
        "6.11",
        True,
        "'6.11' is ambiguous: this file uses ',' as the decimal mark, so '.' groups "
        "thousands, but the digits after '.' are not a group of three",
    ),
    ("12ha", False, "'12ha' is not a number"),
    ("1,2,3", True, "'1,2,3' is not a number"),
    ("", False, "'' is not a number"),
]


@pytest.mark.parametrize(("text", "decimal_comma", "message"), BAD_NUMBERS)
def test_parse_number_refuses_to_guess(text: str, decimal_comma: bool, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_number(text, decimal_comma)
    assert str(caught.value) == message


def test_decimal_comma_file_reads_dots_as_thousands(tmp_path: Path) -> None:
    rows = [dict(row) for row in ZONE_ROWS]
    rows[0]["area_ha"] = "14.308"
    rows[2]["fill_pct"] = "82"
    text = csv_text(";", decimal_comma=True).replace("14308", "14.308")
    checked = upload(text.encode("utf-8"), "up.csv", make_data_dir(tmp_path)).checked
    assert checked.report.errors == []
    assert checked.zones.by_key()["kkt-nhon-hoi"]["area_ha"] == 14308.0


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text typed as '=…, not a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zone_sheet(text_comma: tuple[str, ...] = ()) -> list[list[object]]:
    """The zones table as Excel holds it: lat, lon and area as number cells, the columns in
    `text_comma` as text with a decimal comma ('6,9'), the rest as text (empty: no cell)."""
    header = ZONES.column_names
    rows: list[list[object]] = [header]
    for row in ZONE_ROWS:
        values: list[object] = []
        for name in header:
            value = row[name]
            if name in ("lat", "lon", "area_ha") and value:
                values.append(float(value))
            elif name in text_comma and value:
                values.append(value.replace(".", ","))
            else:
                values.append(value or None)
        rows.append(values)
    return rows


def test_xlsx_with_numbers_and_text_cells(tmp_path: Path) -> None:
    checked = upload(xlsx_bytes(zone_sheet()), "zones.xlsx", make_data_dir(tmp_path)).checked
    assert checked.report.errors == []
    assert checked.zones.by_key()["kkt-nhon-hoi"]["area_ha"] == 14308.0


READ_ERRORS = [
    (b"", "zones.csv: the file is empty. Fix: export the table with its header row."),
    (b"\n\n", "zones.csv: the file is empty. Fix: export the table with its header row."),
    (
        b"PK\x03\x04not really a zip",
        "zones.csv: this is not a readable Excel workbook. Fix: open it in Excel and save it as "
        ".xlsx or as CSV UTF-8.",
    ),
    (
        b'zone_id,name\n"kcn-a,"unterminated\n',
        "zones.csv: the CSV is malformed near line 2. Fix: check for a quote (\") "
        "that is opened and never closed, then export the file again.",
    ),
    (
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00",
        "zones.csv: this is not a CSV or Excel file (it holds binary data). Fix: upload the table "
        "as CSV or .xlsx.",
    ),
    (
        b"\xff\xfe\x00\xd8",
        "zones.csv: cannot read the text (byte 2 is not valid utf-16). Fix: in Excel choose File → "
        "Save As → 'CSV UTF-8 (Comma delimited)'.",
    ),
]


@pytest.mark.parametrize(("data", "message"), READ_ERRORS)
def test_unreadable_files_get_a_message(data: bytes, message: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_table_bytes(data, ZONES, "zones.csv")
    assert str(caught.value) == message


def test_candidate_that_cannot_be_read_is_one_problem(tmp_path: Path) -> None:
    checked = upload(b"", "empty.csv", make_data_dir(tmp_path)).checked
    assert [str(p) for p in checked.report.errors] == [
        "empty.csv: the file is empty. Fix: export the table with its header row"
    ]


def test_xlsx_mixing_number_cells_and_text_with_decimal_commas(tmp_path: Path) -> None:
    """Staff often type some figures as text ('46,77') next to cells Excel stores as numbers."""
    sheet = zone_sheet(text_comma=("fill_pct",))
    checked = upload(xlsx_bytes(sheet), "zones.xlsx", make_data_dir(tmp_path)).checked
    assert checked.report.errors == []
    zones = checked.zones.by_key()
    assert zones["kkt-nhon-hoi"]["lat"] == pytest.approx(13.8833)
    assert zones["kcn-nhon-hoi-b"]["fill_pct"] == pytest.approx(6.9)
