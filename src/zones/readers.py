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
from dataclasses import dataclass, field
from pathlib import Path

from zones.schema import Table

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_XLSX_MAGIC = b"PK\x03\x04"


class ReadError(ValueError):
    """The file cannot be read as a table; the message says what to do."""

    def __init__(self, source: str, message: str, fix: str) -> None:
        self.source, self.message, self.fix = source, message, fix
        super().__init__(f"{source}: {message}. Fix: {fix}.")


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
    decimal_comma: bool = False
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def row_number(index: int) -> int:
        return index + 2


def normalize_text(value: str) -> str:
    """NFC-normalise and trim; Windows-1258 text arrives with combining tone marks."""
    return unicodedata.normalize("NFC", value).strip()


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode a CSV file's bytes; return (text, encoding name)."""
    if data.startswith(_UTF8_BOM):
        return _decode(data[len(_UTF8_BOM) :], "utf-8", source), "utf-8-sig"
    if data.startswith(_UTF16_BOMS):
        return _decode(data, "utf-16", source), "utf-16"
    if _looks_like_utf16_without_bom(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return _decode(data, encoding, source), encoding
    if b"\x00" in data[:4096]:
        raise ReadError(source, "this is not a CSV or Excel file (it holds binary data)",
                        "upload the table as CSV or .xlsx")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode(data, "cp1258", source), "cp1258"


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    """Text of ASCII-range letters in UTF-16 has a NUL in every other byte, on one side."""
    sample = data[:200]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return len(sample) >= 4 and max(even, odd) >= len(sample) // 3 and min(even, odd) <= 1


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ReadError(
            source,
            f"cannot read the text (byte {error.start} is not valid {encoding})",
            "in Excel choose File → Save As → 'CSV UTF-8 (Comma delimited)'",
        ) from None


def sniff_delimiter(first_line: str, expected_columns: list[str]) -> str:
    """Pick the delimiter that splits the header into the most known column names."""

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        known = sum(1 for cell in cells if _clean_header(cell) in expected_columns)
        return known, len(cells)

    return max(DELIMITERS, key=score)


def _clean_header(cell: str) -> str:
    return normalize_text(cell.replace("\ufeff", "")).lower()


def read_csv_text(text: str, table: Table, source: str, encoding: str = "utf-8") -> RawTable:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(source, "the file is empty", "export the table with its header row")
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line, table.column_names)
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise ReadError(
            source,
            f"the CSV is malformed ({error})",
            'check for a quote (") that is opened and never closed, then export the file again',
        ) from None
    return _raw_table_from_records(records, table, source, encoding, delimiter)


def _raw_table_from_records(
    records: list[list[str]], table: Table, source: str, encoding: str, delimiter: str
) -> RawTable:
    records = [record for record in records if any(cell.strip() for cell in record)]
    if not records:
        raise ReadError(source, "the file is empty", "export the table with its header row")
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


def read_xlsx_bytes(data: bytes, table: Table, source: str) -> RawTable:
    """Read the first worksheet (or the one named like the table) of an Excel workbook."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise ReadError(
            source,
            f"this is not a readable Excel workbook ({error})",
            "save it as .xlsx or export it as CSV UTF-8",
        ) from None
    sheet = workbook[table.name] if table.name in workbook.sheetnames else workbook.worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    raw = _raw_table_from_records(_excel_records(values), table, source, "xlsx", ",")
    if raw.decimal_comma:
        # Text cells typed as '46,77' make '.' a thousands mark for the whole sheet, so cells
        # Excel stores as numbers are written with ',' too, and both read the same way.
        raw = _raw_table_from_records(_excel_records(values, decimal=","), table, source,
                                      "xlsx", ",")
    return raw


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


def read_table_bytes(data: bytes, table: Table, source: str) -> RawTable:
    """Read CSV or XLSX bytes (detected from content, not the file name)."""
    if data.startswith(_XLSX_MAGIC):
        return read_xlsx_bytes(data, table, source)
    text, encoding = decode_bytes(data, source)
    return read_csv_text(text, table, source, encoding)


def read_table_file(path: Path, table: Table) -> RawTable:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(
            path.name,
            f"file not found in {path.parent}",
            "check the path or pass --data DIR with the data folder",
        ) from None
    except IsADirectoryError:
        raise ReadError(path.name, "is a folder, not a file", "name the CSV file") from None
    return read_table_bytes(data, table, path.name)


# --- numbers ---------------------------------------------------------------------------------

_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$|^[+-]?\d+(,\d+)?$")
_DECIMAL_POINT_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_VN_THOUSANDS_ONLY = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")


def detect_decimal_comma(raw: RawTable) -> bool:
    """True when the file's number cells use ',' as the decimal mark (Vietnamese format)."""
    for row in raw.rows:
        for column in raw.table.numeric_columns:
            value = row.get(column, "").replace(" ", "")
            if "," in value and not _DECIMAL_POINT_GROUPED.match(value):
                return True
    return False


def parse_number(text: str, decimal_comma: bool) -> float:
    """Parse a number as written by Vietnamese or English-locale staff.

    Raises ValueError with a message that names the problem; never guesses silently.
    """
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if value.endswith("%"):
        value = value[:-1]
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
