"""Excel workbooks that lie: dimensions, shared strings, formulas, sheets, merged cells, bombs.

Every case is built in code from the valid table. A refused workbook gets one catalogue message
(Vietnamese and English) naming what is wrong and the fix; an accepted one reads exactly the
rows the sheet holds, whatever its `<dimension>` claims.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import ZONE_ROWS, make_data_dir
from hostile.build import (
    SHEET,
    cell_ref,
    put_cell_xml,
    replace_sheet_data,
    rewrite_part,
    set_dimension,
    sheet_rows,
    to_shared_strings,
    workbook_parts,
    xlsx_bytes,
    zip_bytes,
    zone_records,
)
from hostile.refusals import assert_refused, read_ok, upload_refused
from zones.edits import check_upload
from zones.readers import UPLOAD_LIMITS, Limits
from zones.schema import ZONES

BASE = xlsx_bytes(zone_records())
SHARED = to_shared_strings(BASE)
STRINGS = "xl/sharedStrings.xml"
FILL = cell_ref("fill_pct")
SMALL = Limits(max_rows=100, max_columns=40, max_cell_chars=500, max_expanded_bytes=2_000_000,
               max_zip_entries=30)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]>"
)


def sheet(change: Callable[[str], str], data: bytes = BASE) -> bytes:
    return rewrite_part(data, SHEET, change)


def strings(change: Callable[[str], str]) -> bytes:
    return rewrite_part(SHARED, STRINGS, change)


def first_id(replacement: str) -> Callable[[str], str]:
    return lambda xml: xml.replace(">kkt-nhon-hoi<", f">{replacement}<", 1)


def formula(ref: str, expression: str, cached: str | None) -> Callable[[str], str]:
    value = "<v></v>" if cached is None else f"<v>{cached}</v>"
    return put_cell_xml(ref, f'<c r="{ref}"><f>{expression}</f>{value}</c>')


def merged(ranges: str) -> Callable[[str], str]:
    cells = "".join(f'<mergeCell ref="{r}"/>' for r in ranges.split())
    return lambda xml: xml.replace("</sheetData>",
                                   f'</sheetData><mergeCells count="1">{cells}</mergeCells>')


def bomb_part(name: str, size: int) -> bytes:
    return zip_bytes({**workbook_parts(BASE), name: b" " * size}, level=9)


def forged_size(data: bytes, name: str, declared: int) -> bytes:
    """A zip whose directory declares a part smaller than it unpacks to."""
    archive = zipfile.ZipFile(__import__("io").BytesIO(data))
    info = archive.getinfo(name)
    real = info.file_size.to_bytes(4, "little")
    fake = declared.to_bytes(4, "little")
    crc = info.CRC.to_bytes(4, "little")
    return data.replace(crc + info.compress_size.to_bytes(4, "little") + real,
                        crc + info.compress_size.to_bytes(4, "little") + fake)


def many_parts(count: int) -> bytes:
    parts = workbook_parts(BASE)
    parts.update({f"xl/media/p{i}.bin": b"x" for i in range(count)})
    return zip_bytes(parts)


@dataclass(frozen=True)
class Refused:
    key: str
    row: int | None = None
    column: str | None = None
    limits: Limits = UPLOAD_LIMITS


@dataclass(frozen=True)
class Reads:
    rows: int = len(ZONE_ROWS)
    check: Callable[[list[dict[str, str]]], bool] = lambda rows: True
    limits: Limits = UPLOAD_LIMITS


CASES: list[tuple[str, Callable[[], bytes], Refused | Reads]] = [
    # <dimension> never decides what is read
    ("dimension claims the whole sheet", lambda: sheet(set_dimension("A1:XFD1048576")), Reads()),
    ("dimension stale, smaller than the data", lambda: sheet(set_dimension("A1:C2")), Reads()),
    ("dimension one cell", lambda: sheet(set_dimension("A1")), Reads()),
    ("dimension garbage", lambda: sheet(set_dimension("not a range")), Refused("not_workbook")),
    ("dimension removed", lambda: sheet(lambda x: x.replace('<dimension ref="A1:Y5" />', "")),
     Reads()),
    ("dimension lies on shared strings", lambda: sheet(set_dimension("A1:XFD1048576"), SHARED),
     Reads()),
    # shared strings
    ("shared strings as Excel writes them", lambda: SHARED,
     Reads(check=lambda rows: rows[0]["name"] == ZONE_ROWS[0]["name"])),
    ("shared string index out of range",
     lambda: rewrite_part(SHARED, SHEET, lambda x: x.replace("<v>0</v>", "<v>99999</v>", 1)),
     Refused("not_workbook")),
    ("shared string index not a number",
     lambda: rewrite_part(SHARED, SHEET, lambda x: x.replace("<v>0</v>", "<v>x</v>", 1)),
     Refused("not_workbook")),
    ("shared strings part missing",
     lambda: zip_bytes({k: v for k, v in workbook_parts(SHARED).items() if k != STRINGS}),
     Refused("not_workbook")),
    ("rich-text shared string", lambda: strings(lambda x: x.replace(
        '<t xml:space="preserve">kkt-nhon-hoi</t>', "<r><t>kkt-</t></r><r><t>nhon-hoi</t></r>")),
     Reads(check=lambda rows: rows[0]["zone_id"] == "kkt-nhon-hoi")),
    ("escaped _x0000_ stays literal text",
     lambda: strings(lambda x: x.replace(">kkt-nhon-hoi<", ">kkt_x0000_<")),
     Reads(check=lambda rows: rows[0]["zone_id"] == "kkt_x0000_")),
    ("C1 control character in a shared string",
     lambda: strings(lambda x: x.replace(">kkt-nhon-hoi<", ">kkt&#x85;<")),
     Refused("control_character", 2, "zone_id")),
    ("huge shared string used in a cell",
     lambda: strings(lambda x: x.replace(">kkt-nhon-hoi<", ">" + "a" * 300_000 + "<")),
     Refused("huge_cell", 2, "zone_id")),
    ("shared strings bomb", lambda: bomb_part(STRINGS, 120_000_000), Refused("zip_expands")),
    # formulas
    ("formula without a saved result", lambda: sheet(formula(FILL, "40+6", None)),
     Refused("uncached_formulas")),
    ("formula with its saved result", lambda: sheet(formula(FILL, "40+6", "46")),
     Reads(check=lambda rows: rows[0]["fill_pct"] == "46")),
    ("several formulas without results", lambda: sheet(
        lambda x: formula(cell_ref("area_ha", 1), "1", None)(formula(FILL, "2", None)(x))),
     Refused("uncached_formulas")),
    ("shared formula without result", lambda: sheet(put_cell_xml(
        FILL, f'<c r="{FILL}"><f t="shared" ref="{FILL}" si="0">A1</f></c>')),
     Refused("uncached_formulas")),
    ("formula returning text", lambda: sheet(put_cell_xml(
        FILL, f'<c r="{FILL}" t="str"><f>"4"&amp;"6"</f><v>46</v></c>')),
     Reads(check=lambda rows: rows[0]["fill_pct"] == "46")),
    ("error value #DIV/0!", lambda: sheet(put_cell_xml(
        FILL, f'<c r="{FILL}" t="e"><f>1/0</f><v>#DIV/0!</v></c>')),
     Reads(check=lambda rows: rows[0]["fill_pct"] == "#DIV/0!")),
    # sheets
    ("data on a sheet named zones after another",
     lambda: _two_sheets(), Reads(check=lambda rows: rows[0]["zone_id"] == "kkt-nhon-hoi")),
    ("extra sheets after the data", lambda: xlsx_bytes(zone_records(), extra_sheets=("notes",)),
     Reads()),
    ("no worksheet at all", lambda: _no_sheets(), Refused("no_sheet")),
    ("sheet part missing", lambda: zip_bytes(
        {k: v for k, v in workbook_parts(BASE).items() if k != SHEET}), Refused("no_sheet")),
    # merged cells
    ("merged cells down a column", lambda: sheet(merged("C2:C4")), Refused("merged_cells")),
    ("merged header cells", lambda: sheet(merged("A1:B1 D3:E3")), Refused("merged_cells")),
    # shape: rows and columns counted while reading
    ("cell in the last column XFD", lambda: sheet(put_cell_xml(
        "XFD2", '<c r="XFD2" t="inlineStr"><is><t>x</t></is></c>')),
     Refused("too_many_columns", 2)),
    ("more rows than allowed", lambda: sheet(replace_sheet_data(sheet_rows(150))),
     Refused("too_many_rows", limits=SMALL)),
    ("more rows than the default limit", lambda: sheet(replace_sheet_data(sheet_rows(20_010, 1))),
     Refused("too_many_rows")),
    ("single value at row 1048576", lambda: sheet(lambda x: x.replace(
        "</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>far</t></is>'
        "</c></row></sheetData>")),
     Reads(rows=len(ZONE_ROWS) + 1, check=lambda rows: rows[-1]["zone_id"] == "far")),
    ("100,000 empty formatted rows", lambda: sheet(lambda x: x.replace(
        "</sheetData>", "".join(f'<row r="{r}" ht="20" customHeight="1"/>'
                                for r in range(10, 100_010)) + "</sheetData>")), Reads()),
    ("rows and cells without r attributes", lambda: sheet(
        lambda x: __import__("re").sub(r' r="[A-Z]*\d+"', "", x)), Reads()),
    ("blank rows between data rows", lambda: sheet(lambda x: x.replace(
        '<row r="3">', '<row r="3"/><row r="4"/><row r="3">').replace("r=\"3\"", "r=\"3\"")),
     Reads()),
    # zip and XML structure
    ("sheet XML bomb", lambda: bomb_part(SHEET, 150_000_000), Refused("zip_expands")),
    ("expanded size over a small limit", lambda: BASE, Refused("zip_expands", limits=Limits(
        max_expanded_bytes=1_000))),
    ("too many zip parts", lambda: many_parts(40), Refused("zip_entries", limits=SMALL)),
    ("part bigger than its zip directory says", lambda: forged_size(BASE, SHEET, 100),
     Refused("not_workbook")),
    ("truncated zip", lambda: BASE[: len(BASE) // 2], Refused("not_workbook")),
    ("zip magic then garbage", lambda: b"PK\x03\x04" + b"\x00" * 200, Refused("not_workbook")),
    ("a zip that is no workbook", lambda: zip_bytes({"word/document.xml": b"<w/>"}),
     Refused("not_workbook")),
    ("truncated sheet XML", lambda: sheet(lambda x: x[: len(x) // 2]), Refused("not_workbook")),
    ("entity expansion (billion laughs)", lambda: sheet(
        lambda x: LAUGHS + x.replace(">kkt-nhon-hoi<", ">&i;<", 1)), Refused("not_workbook")),
    ("external entity (XXE)", lambda: sheet(
        lambda x: '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        + x.replace(">kkt-nhon-hoi<", ">&e;<", 1)), Refused("not_workbook")),
    ("control character reference in XML", lambda: sheet(first_id("kkt&#1;")),
     Refused("not_workbook")),
    ("Excel 97-2003 .xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
     Refused("old_xls")),
    ("file over the size limit", lambda: BASE, Refused("too_large", limits=Limits(max_bytes=100))),
    # cells
    ("300,000-character inline cell", lambda: sheet(first_id("a" * 300_000)),
     Refused("huge_cell", 2, "zone_id")),
    ("cell just over the limit", lambda: sheet(first_id("a" * 10_001)),
     Refused("huge_cell", 2, "zone_id")),
    ("cell at the limit", lambda: sheet(lambda x: x.replace(
        ">" + ZONE_ROWS[0]["notes"] + "<" if ZONE_ROWS[0]["notes"] else "</sheetData>",
        ">" + "n" * 10_000 + "<" if ZONE_ROWS[0]["notes"] else "</sheetData>", 1)), Reads()),
    ("date cells", lambda: sheet(put_cell_xml(FILL, f'<c r="{FILL}" t="d"><v>2024-05-01</v></c>')),
     Reads(check=lambda rows: rows[0]["fill_pct"] == "2024-05-01")),
    ("boolean cell", lambda: sheet(put_cell_xml(FILL, f'<c r="{FILL}" t="b"><v>1</v></c>')),
     Reads(check=lambda rows: rows[0]["fill_pct"] == "true")),
    ("empty inline string", lambda: sheet(put_cell_xml(FILL, f'<c r="{FILL}" t="inlineStr"/>')),
     Reads(check=lambda rows: rows[0]["fill_pct"] == "")),
]


def _two_sheets() -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "readme"
    workbook.active.append(["this sheet explains the file"])
    data = workbook.create_sheet("zones")
    for record in zone_records():
        data.append([None if value == "" else value for value in record])
    for cells in data.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _no_sheets() -> bytes:
    return rewrite_part(BASE, "xl/workbook.xml",
                        lambda x: __import__("re").sub(r"<sheets>.*</sheets>", "<sheets/>", x))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_data_dir(tmp_path_factory.mktemp("excel") / "data")


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_workbook(folder: Path, build: Callable[[], bytes], expected: Refused | Reads) -> None:
    data = build()
    if isinstance(expected, Refused):
        assert_refused(data, expected.key, "upload.xlsx", expected.row, expected.column,
                       expected.limits)
        if expected.limits == UPLOAD_LIMITS:
            upload_refused(folder, data, "upload.xlsx")
        return
    raw = read_ok(data, "upload.xlsx", expected.limits)
    assert len(raw.rows) == expected.rows
    assert expected.check(raw.rows)


def test_stale_dimension_upload_changes_nothing(folder: Path) -> None:
    """The issue's case: a stale `<dimension>` read as 9 rows made an import delete the rest."""
    candidate = check_upload(folder, sheet(set_dimension("A1:C2")), "stale.xlsx", ZONES)
    assert candidate.report.ok
    assert candidate.diff.is_empty
