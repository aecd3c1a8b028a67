"""Read tables the way provincial staff produce them.

Handles UTF-8 with or without BOM, UTF-16 and Windows-1258 (Excel's "CSV" and "Unicode text"
exports), ',' ';' or tab delimiters, and .xlsx workbooks. Cells stay text here; numbers are
parsed by `parse_number`, which knows the Vietnamese format (46,77 and 6.113,48).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from zones.i18n import Message, render
from zones.schema import Table

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_XLSX_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls (and old Word files)
_MB = 1024 * 1024
_BINARY_SHARE = 0.05
"""Share of control bytes in a file's first 4 KiB above which it is binary, not text."""
_CONTROL_CHARACTER = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Invisible characters refused in cells: C0/C1 controls (tab and line breaks are allowed) and
bidirectional overrides, which make a name display as something else."""
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Limits:
    """What a table may hold. Counted while reading, never taken from what a file claims."""

    max_bytes: int | None = 20 * _MB
    max_rows: int | None = 20_000
    """Data rows, not counting the header or blank rows."""
    max_columns: int = 200
    max_cell_chars: int = 10_000
    max_expanded_bytes: int = 100 * _MB
    """An .xlsx file's parts once unzipped, as its zip directory declares them."""
    max_zip_entries: int = 2_000


UPLOAD_LIMITS = Limits()
FOLDER_LIMITS = Limits(max_bytes=None, max_rows=None)
"""The data folder's own files: any length (benchmarks load 100k zones), same cell rules."""


class ReadError(ValueError):
    """The file cannot be read as a table. `message` and `fix` are catalogue Messages."""

    def __init__(self, source: str, message: Message, fix: Message, row: int | None = None,
                 column: str | None = None) -> None:
        self.source, self.message, self.fix = source, message, fix
        self.row, self.column = row, column
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        where = self.source
        if self.row is not None:
            where += " " + render("read.at_row", lang, row=self.row)
        if self.column:
            where += f", {self.column}"
        return render("read.problem", lang, where=where, message=self.message.text(lang),
                      fix=self.fix.text(lang))


def _error(source: str, key: str, fix: str, row: int | None = None, column: str | None = None,
           **params: object) -> ReadError:
    return ReadError(source, Message(f"read.{key}", params), Message(f"read.fix.{fix}"), row,
                     column)


class AmbiguousNumber(ValueError):
    """A number whose '.' could group thousands or mark decimals, given the file's style."""


@dataclass
class RawTable:
    """A table as text cells, before validation. Row numbers count the header as row 1."""

    table: Table
    source: str
    header: list[str]
    rows: list[dict[str, str]]
    encoding: str = "utf-8"
    delimiter: str = ","
    decimal_comma: bool | None = False
    """Whether ',' is the decimal mark; None: each cell says (the Edit page's grid)."""
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def row_number(index: int) -> int:
        return index + 2


def normalize_text(value: str) -> str:
    """NFC-normalise and trim; Windows-1258 text arrives with combining tone marks."""
    return unicodedata.normalize("NFC", value).strip()


def column_letter(number: int) -> str:
    """Spreadsheet column name of a 1-based column number (1 → A, 27 → AA)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode a CSV file's bytes; return (text, encoding name)."""
    if data.startswith(_UTF8_BOM):
        return _decode(data[len(_UTF8_BOM) :], "utf-8", source), "utf-8-sig"
    if data.startswith(_UTF16_BOMS):
        return _decode(data, "utf-16", source), "utf-16"
    if _looks_like_utf16_without_bom(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return _decode(data, encoding, source), encoding
    if _looks_binary(data):
        raise _error(source, "binary", "csv_or_xlsx")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode(data, "cp1258", source), "cp1258"


def _looks_binary(data: bytes) -> bool:
    """Many control bytes: a binary file. A stray NUL in a text cell is reported by its cell."""
    sample = data[:4096]
    return bool(sample) and len(_CONTROL_BYTES.findall(sample)) > _BINARY_SHARE * len(sample)


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    """Text of ASCII-range letters in UTF-16 has a NUL in every other byte, on one side."""
    sample = data[:200]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return len(sample) >= 4 and max(even, odd) >= len(sample) // 3 and min(even, odd) <= 1


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _error(source, "bad_bytes", "save_utf8", byte=str(error.start),
                     encoding=encoding) from None


def sniff_delimiter(first_line: str, expected_columns: list[str]) -> str:
    """Pick the delimiter that splits the header into the most known column names."""

    def score(delimiter: str) -> tuple[int, int]:
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:
            return 0, 0
        known = sum(1 for cell in cells if _clean_header(cell) in expected_columns)
        return known, len(cells)

    return max(DELIMITERS, key=score)


def _clean_header(cell: str) -> str:
    return normalize_text(cell.replace("\ufeff", "")).lower()


def read_csv_text(text: str, table: Table, source: str, encoding: str = "utf-8",
                  limits: Limits = UPLOAD_LIMITS) -> RawTable:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _error(source, "empty", "header_row")
    first_line = text.split("\n", 1)[0][: limits.max_cell_chars * limits.max_columns]
    delimiter = sniff_delimiter(first_line, table.column_names)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        records = _checked_records(reader, source, limits)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise _error(source, "huge_cell_line", "huge_cell", line=reader.line_num,
                         limit=limits.max_cell_chars) from None
        raise _error(source, "malformed_csv", "quote", line=reader.line_num) from None
    return _raw_table_from_records(records, table, source, encoding, delimiter, limits)


def _checked_records(records: Iterable[list[str]], source: str, limits: Limits
                     ) -> list[list[str]]:
    """Non-blank records, stopping at the first cell or size a table must not have.

    Row numbers in messages count every record from 1 (the header), blank ones included, as
    a spreadsheet shows them.
    """
    kept: list[list[str]] = []
    header: list[str] = []
    for number, record in enumerate(records, start=1):
        _check_width(record, number, source, limits)
        for index, cell in enumerate(record):
            _check_cell(cell, number, _column_name(header, index), source, limits)
        if not any(cell.strip() for cell in record):
            continue
        if not kept:
            header = [_clean_header(cell) for cell in record]
        kept.append(record)
        if limits.max_rows is not None and len(kept) > limits.max_rows + 1:
            raise _error(source, "too_many_rows", "split_file", limit=limits.max_rows)
    return kept


def _column_name(header: list[str], index: int) -> str:
    """The column's header name, or its spreadsheet letter where it has none."""
    name = header[index] if index < len(header) else ""
    return name or column_letter(index + 1)


def _check_width(record: list[str], number: int, source: str, limits: Limits) -> None:
    filled = [index for index, cell in enumerate(record) if cell.strip()]
    if filled and filled[-1] >= limits.max_columns:
        raise _error(source, "too_many_columns", "extra_columns", row=number,
                     letter=column_letter(filled[-1] + 1), limit=limits.max_columns)


def _check_cell(cell: object, number: int, column: str, source: str, limits: Limits) -> None:
    if not isinstance(cell, str):
        return
    if len(cell) > limits.max_cell_chars:
        raise _error(source, "huge_cell", "huge_cell", row=number, column=column,
                     n=len(cell), limit=limits.max_cell_chars)
    control = _CONTROL_CHARACTER.search(cell)
    if control:
        raise _error(source, "control_character", "control_character", row=number,
                     column=column, code=f"U+{ord(control.group()):04X}")


def _raw_table_from_records(records: list[list[str]], table: Table, source: str, encoding: str,
                            delimiter: str, limits: Limits = UPLOAD_LIMITS) -> RawTable:
    if not records:
        raise _error(source, "empty", "header_row")
    header = [_clean_header(cell) for cell in records[0]]
    rows = []
    for record in records[1:]:
        cells = [normalize_text(cell) for cell in record]
        row = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(header) if name}
        extra = [cell for cell in cells[len(header) :] if cell]
        if extra:
            row["__extra__"] = ";".join(extra)
        rows.append(row)
    raw = RawTable(table, source, header, rows, encoding=encoding, delimiter=delimiter)
    raw.decimal_comma = detect_decimal_comma(raw)
    return raw


# --- Excel -----------------------------------------------------------------------------------


def read_xlsx_bytes(data: bytes, table: Table, source: str,
                    limits: Limits = UPLOAD_LIMITS) -> RawTable:
    """Read the sheet named like the table, or the first, of an Excel workbook.

    Streams the sheet (openpyxl read-only) and counts rows and columns as it goes, ignoring the
    `<dimension>` the file claims: a stale one must not cut rows off, a huge one must not make
    us pad millions of empty cells. The zip's declared sizes are checked before anything is
    unpacked (Python's zipfile refuses a part longer than declared).
    """
    _check_zip(data, source, limits)
    try:
        values = _sheet_values(data, table, source, limits)
    except ReadError:
        raise
    except Exception:  # openpyxl raises many kinds on malformed parts
        raise _error(source, "not_workbook", "save_xlsx") from None
    records = _checked_records(_excel_records(values), source, limits)
    raw = _raw_table_from_records(records, table, source, "xlsx", ",", limits)
    if raw.decimal_comma:
        # Text cells typed as '46,77' make '.' a thousands mark for the whole sheet, so cells
        # Excel stores as numbers are written with ',' too, and both read the same way.
        raw = _raw_table_from_records(_excel_records(values, decimal=","), table, source,
                                      "xlsx", ",", limits)
    return raw


def _check_zip(data: bytes, source: str, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _error(source, "not_workbook", "save_xlsx") from None
    if len(entries) > limits.max_zip_entries:
        raise _error(source, "zip_entries", "save_xlsx", n=len(entries),
                     limit=limits.max_zip_entries)
    expanded = sum(entry.file_size for entry in entries)
    if expanded > limits.max_expanded_bytes:
        raise _error(source, "zip_expands", "split_file", size=round(expanded / _MB),
                     limit=round(limits.max_expanded_bytes / _MB))


def _sheet_values(data: bytes, table: Table, source: str, limits: Limits) -> list[list[object]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if not workbook.worksheets:
            raise _error(source, "no_sheet", "save_xlsx")
        sheet = (workbook[table.name] if table.name in workbook.sheetnames
                 else workbook.worksheets[0])
        # private parts of openpyxl's read-only sheet (pinned version): its XML and strings
        with sheet._get_source() as stream:
            parser = _sheet_parser_class()(stream, sheet._shared_strings, data_only=True,
                                  epoch=workbook.epoch, date_formats=workbook._date_formats,
                                  timedelta_formats=workbook._timedelta_formats)
            values = _bounded_rows(parser, source, limits)
            merged = [str(cell_range) for cell_range in
                      (parser.merged_cells.mergeCell if parser.merged_cells else [])]
    finally:
        workbook.close()
    if parser.uncached:
        raise _error(source, "uncached_formulas", "uncached_formulas", n=len(parser.uncached),
                     cells=", ".join(parser.uncached[:10]))
    if merged:
        raise _error(source, "merged_cells", "merged_cells", n=len(merged),
                     cells=", ".join(merged[:10]))
    return values


def _bounded_rows(parser, source: str, limits: Limits) -> list[list[object]]:
    """Rows of (value, …) from the sheet's XML, stopping as soon as a limit is passed."""
    rows: list[list[object]] = []
    for number, cells in parser.parse():
        present = [cell for cell in cells if cell["value"] is not None]
        if not present:
            continue
        widest = max(cell["column"] for cell in present)
        if widest > limits.max_columns:
            raise _error(source, "too_many_columns", "extra_columns", row=number,
                         letter=column_letter(widest), limit=limits.max_columns)
        values: list[object] = [None] * widest
        for cell in present:
            values[cell["column"] - 1] = cell["value"]
        rows.append(values)
        if limits.max_rows is not None and len(rows) > limits.max_rows + 1:
            raise _error(source, "too_many_rows", "split_file", limit=limits.max_rows)
    return rows


@cache
def _sheet_parser_class() -> type:
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class SheetParser(WorkSheetParser):
        """openpyxl's streaming sheet parser, noting formula cells with no saved result.

        With data_only openpyxl gives such a cell the value None: an empty cell, silently.
        """

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.uncached: list[str] = []

        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                self.uncached.append(f"{column_letter(cell['column'])}{cell['row']}")
            return cell

    return SheetParser


def _excel_records(values: list[list[object]], decimal: str = ".") -> list[list[str]]:
    return [[_excel_cell_text(value, decimal) for value in row] for row in values]


def _excel_cell_text(value: object, decimal: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value).replace(".", decimal)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- entry points ----------------------------------------------------------------------------


def read_table_bytes(data: bytes, table: Table, source: str,
                     limits: Limits = UPLOAD_LIMITS) -> RawTable:
    """Read CSV or XLSX bytes (detected from content, not the file name)."""
    if limits.max_bytes is not None and len(data) > limits.max_bytes:
        raise _error(source, "too_large", "split_file", size=round(len(data) / _MB, 1),
                     limit=round(limits.max_bytes / _MB))
    if data.startswith(_XLSX_MAGIC):
        return read_xlsx_bytes(data, table, source, limits)
    if data.startswith(_OLE2_MAGIC):
        raise _error(source, "old_xls", "save_xlsx")
    text, encoding = decode_bytes(data, source)
    return read_csv_text(text, table, source, encoding, limits)


def read_table_file(path: Path, table: Table, limits: Limits = FOLDER_LIMITS) -> RawTable:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _error(path.name, "not_found", "data_path", folder=str(path.parent)) from None
    except IsADirectoryError:
        raise _error(path.name, "is_folder", "name_file") from None
    except PermissionError:
        raise _error(path.name, "no_permission", "permissions") from None
    return read_table_bytes(data, table, path.name, limits)


# --- the Edit page's grid ------------------------------------------------------------------


def read_grid_rows(records: Sequence[Mapping[str, object]], table: Table, source: str,
                   limits: Limits = FOLDER_LIMITS) -> RawTable:
    """A table as staff typed it in the Edit page's grid, every cell the text they typed.

    The grid holds text, never numbers, so nothing is rounded, clipped or dropped before
    validation says what is wrong. Numbers are read cell by cell: the grid shows stored numbers
    per language (`grid_rows`), and a decimal comma in a cell ('46,5') is read as one.
    Raises ReadError for a cell no table may hold (control characters, huge text).
    """
    rows = []
    for index, record in enumerate(records):
        row = {}
        for name in table.column_names:
            text = _grid_cell(record.get(name))
            _check_cell(text, RawTable.row_number(index), name, source, limits)
            row[name] = normalize_text(text)
        rows.append(row)
    return RawTable(table, source, list(table.column_names), rows, encoding="grid",
                    decimal_comma=None)


def grid_rows(rows: Sequence[Mapping[str, str]], table: Table, lang: str) -> list[dict[str, str]]:
    """Stored rows as the Edit page's grid shows them in `lang` (see `grid_number_text`)."""
    numeric = set(table.numeric_columns)
    return [{name: grid_number_text(value, lang) if name in numeric else value
             for name, value in row.items()} for row in rows]


def grid_number_text(text: str, lang: str) -> str:
    """A stored number cell ('6.9', '1234.5') as the grid shows it in `lang`.

    Vietnamese writes a decimal comma ('6,9', '1234,5') and never groups thousands, so that
    read_grid_rows reads the cell back as the very same number. Where the comma form would be
    ambiguous ('1,234': a decimal or a thousands group?) a trailing zero makes it a decimal
    ('1,2340'). Other text is shown as stored.
    """
    if lang != "vi" or "." not in text or not _PLAIN_NUMBER.match(text):
        return text
    shown = text.replace(".", ",")
    return shown + "0" if _COMMA_OR_THOUSANDS.match(shown) else shown


def _grid_cell(value: object) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    try:
        if value != value:  # NaN
            return ""
    except TypeError:  # pandas.NA refuses to be compared
        return ""
    return _excel_cell_text(value)


# --- numbers ---------------------------------------------------------------------------------

_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$|^[+-]?\d+(,\d+)?$")
_DECIMAL_POINT_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_VN_THOUSANDS_ONLY = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")
_COMMA_OR_THOUSANDS = re.compile(r"^[+-]?\d{1,3},\d{3}$")


def detect_decimal_comma(raw: RawTable) -> bool:
    """True when the file's number cells use ',' as the decimal mark (Vietnamese format)."""
    for row in raw.rows:
        for column in raw.table.numeric_columns:
            value = row.get(column, "").replace(" ", "")
            if "," in value and not _DECIMAL_POINT_GROUPED.match(value):
                return True
    return False


def parse_number(text: str, decimal_comma: bool | None) -> float:
    """Parse a number as written by Vietnamese or English-locale staff.

    `decimal_comma` None: the cell alone decides (a ',' is the decimal mark), except '1,234',
    which could be either. Raises ValueError with a message that names the problem; never
    guesses silently.
    """
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if value.endswith("%"):
        value = value[:-1]
    if decimal_comma is None:
        if _COMMA_OR_THOUSANDS.match(value):
            raise AmbiguousNumber(f"'{text}' is ambiguous: ',' may be the decimal mark or group "
                                  "thousands")
        decimal_comma = "," in value
    if _PLAIN_NUMBER.match(value) and not (decimal_comma and "." in value):
        return float(value)
    if _VN_THOUSANDS_ONLY.match(value):
        return float(value.replace(".", ""))
    if decimal_comma and _DECIMAL_COMMA.match(value):
        return float(value.replace(".", "").replace(",", "."))
    if not decimal_comma and _DECIMAL_POINT_GROUPED.match(value):
        return float(value.replace(",", ""))
    if decimal_comma and _PLAIN_NUMBER.match(value):
        raise AmbiguousNumber(
            f"'{text}' is ambiguous: this file uses ',' as the decimal mark, so '.' groups "
            "thousands, but the digits after '.' are not a group of three"
        )
    raise ValueError(f"'{text}' is not a number")
