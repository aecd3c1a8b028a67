"""Hostile files built in code: workbooks whose parts lie, cells that hold what they must not.

Nothing binary is committed; every case's file is written here from the small valid table in
tests/conftest.py.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from openpyxl import Workbook

from helpers import ZONE_ROWS
from zones.schema import ZONES

SHEET = "xl/worksheets/sheet1.xml"


def zone_records(rows: list[dict[str, str]] | None = None) -> list[list[str]]:
    """The valid zones table as header + records of text."""
    rows = ZONE_ROWS if rows is None else rows
    return [ZONES.column_names] + [[row[name] for name in ZONES.column_names] for row in rows]


def with_cell(column: str, value: str, row: int = 0) -> list[list[str]]:
    """The valid table with one data cell (0 = first data row) replaced."""
    records = zone_records()
    records[row + 1][ZONES.column_names.index(column)] = value
    return records


def csv_bytes(records: list[list[str]], delimiter: str = ",", encoding: str = "utf-8",
              newline: str = "\n") -> bytes:
    lines = []
    for record in records:
        cells = []
        for cell in record:
            if any(c in cell for c in (delimiter, '"', "\n", "\r")):
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        lines.append(delimiter.join(cells))
    return (newline.join(lines) + newline).encode(encoding)


def xlsx_bytes(records: list[list[object]], title: str = "Sheet1",
               extra_sheets: tuple[str, ...] = (), text_formulas: bool = True) -> bytes:
    """A workbook as openpyxl writes it; text starting with '=' stays text unless asked."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for record in records:
        sheet.append([None if value == "" else value for value in record])
    if text_formulas:
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    for name in extra_sheets:
        workbook.create_sheet(name).append(["not", "this", "one"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_part(data: bytes, name: str, change: Callable[[str], str]) -> bytes:
    """The same workbook with one part's XML text changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == name:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, content)
    return out.getvalue()


def add_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr(name, content)
    return out.getvalue()


def set_dimension(ref: str) -> Callable[[str], str]:
    return lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml)


def sheet_rows(count: int, width: int = 3) -> str:
    """`count` rows of `width` inline-string cells, as sheet XML."""
    def row(r: int) -> str:
        cells = "".join(f'<c r="{_letter(c)}{r}" t="inlineStr"><is><t>v{r}</t></is></c>'
                        for c in range(1, width + 1))
        return f'<row r="{r}">{cells}</row>'
    return "".join(row(r) for r in range(1, count + 1))


def replace_sheet_data(body: str) -> Callable[[str], str]:
    return lambda xml: re.sub(r"<sheetData>.*</sheetData>|<sheetData\s*/>",
                              lambda _: f"<sheetData>{body}</sheetData>", xml, flags=re.S)


def _letter(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(column: str, row: int = 0) -> str:
    """Spreadsheet reference of a zones column in a data row (0 = first data row, sheet row 2)."""
    return f"{_letter(ZONES.column_names.index(column) + 1)}{row + 2}"


def put_cell_xml(ref: str, cell_xml: str) -> Callable[[str], str]:
    """Replace the cell at `ref` with raw XML (or add it at the end of its row)."""
    def change(xml: str) -> str:
        pattern = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', re.S)
        if pattern.search(xml):
            return pattern.sub(lambda _: cell_xml, xml, count=1)
        row = re.sub(r"\D", "", ref)
        return re.sub(rf'(<row r="{row}"[^>]*>)(.*?)(</row>)',
                      lambda m: m.group(1) + m.group(2) + cell_xml + m.group(3), xml, count=1,
                      flags=re.S)
    return change


def zip_bytes(parts: dict[str, bytes], level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def workbook_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {name: source.read(name) for name in source.namelist()}


def to_shared_strings(data: bytes) -> bytes:
    """The same workbook with its text cells in a shared-strings table, as Excel writes them."""
    parts = workbook_parts(data)
    strings: list[str] = []

    def shared(match: re.Match) -> str:
        strings.append(match.group(2))
        return f'<c r="{match.group(1)}" t="s"><v>{len(strings) - 1}</v></c>'

    sheet = re.sub(r'<c r="([A-Z]+\d+)" t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', shared,
                   parts[SHEET].decode("utf-8"), flags=re.S)
    parts[SHEET] = sheet.encode("utf-8")
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    return zip_bytes(parts)
