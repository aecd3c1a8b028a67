"""One table on its own: header, cells (typed once, as they are checked) and unique keys."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zones.i18n import Message
from zones.readers import AmbiguousNumber, RawTable, parse_number
from zones.safetext import web_link
from zones.schema import (
    CODE_PATTERN,
    KEYWORD_PATTERN,
    LIST_SEPARATOR,
    SLUG_PATTERN,
    Column,
    ColumnType,
)
from zones.validate.report import At, ColumnRef, Problem, Row, Severity, TypedTable


@dataclass(frozen=True)
class CellsAt(At):
    """A row of a file being read: numbers are parsed the way that file writes them."""

    decimal_comma: bool | None = False

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_partial_date(text: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD (sources often give only a year); return it as is."""
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"'{text}' is not a date")
    parts = [int(p) for p in text.split("-")]
    year, month, day = parts + [1] * (3 - len(parts))
    dt.date(year, month, day)  # raises ValueError for 2024-13 or 2024-02-30
    return text


Check = tuple[Any, Problem | None]


def check_cell(at: CellsAt, column: Column, value: str) -> Check:
    """Return the typed value of one cell and the problem with it, if any."""
    if value == "":
        if column.required:
            return None, at.error(column.name, "empty_required", label=ColumnRef(column.name))
        return None, None
    typed, problem = _CHECKERS[column.type](at, column, value)
    # A bad cell counts as unknown, so that rules comparing cells do not repeat the problem.
    return (None, problem) if problem else (typed, None)


def _check_text(at: CellsAt, column: Column, value: str) -> Check:
    return value, None


def _check_pattern(code: str, pattern: re.Pattern[str]) -> Callable[[CellsAt, Column, str], Check]:
    def check(at: CellsAt, column: Column, value: str) -> Check:
        return value, None if pattern.match(value) else at.error(column.name, code, value)

    return check


def _check_enum(at: CellsAt, column: Column, value: str) -> Check:
    if value in column.allowed:
        return value, None
    for allowed in column.allowed:
        if allowed.lower() == value.lower().replace(" ", "_"):
            return allowed, at.error(column.name, "enum_spelling", value, allowed=allowed)
    return value, at.error(column.name, "enum_unknown", value, allowed=", ".join(column.allowed))


def _check_number(at: CellsAt, column: Column, value: str) -> Check:
    try:
        number = parse_number(value, at.decimal_comma)
    except AmbiguousNumber:
        code = "ambiguous_comma" if at.decimal_comma is None else "ambiguous_number"
        return None, at.error(column.name, code, value)
    except ValueError:
        return None, at.error(column.name, "not_a_number", value)
    problem = _range_problem(at, column, value, number)
    if column.type is ColumnType.YEAR:
        if not number.is_integer():
            return None, at.error(column.name, "not_whole_year", value)
        return int(number), problem
    return number, problem


def _range_problem(at: CellsAt, column: Column, value: str, number: float) -> Problem | None:
    low, high = column.minimum, column.maximum
    shown = {"number": _shown(column, number), "range": range_message(column)}
    if low is not None and (number <= low if column.exclusive_minimum else number < low):
        code = "not_above_minimum" if column.exclusive_minimum else "below_minimum"
        return at.error(column.name, code, value, minimum=_shown(column, low), **shown)
    if high is not None and number > high:
        return at.error(column.name, "above_maximum", value, maximum=_shown(column, high), **shown)
    return None


def _shown(column: Column, number: float | None) -> object:
    """Years are written without a thousands separator (2025, not 2.025)."""
    if column.type is ColumnType.YEAR and number is not None and float(number).is_integer():
        return str(int(number))
    return number


def range_message(column: Column) -> Message:
    """'≥ 0, ≤ 100', with the numbers written the reader's way."""
    low = "" if column.minimum is None else "gt" if column.exclusive_minimum else "ge"
    high = "" if column.maximum is None else "le"
    key = "problem.range." + "_".join(part for part in (low, high) if part)
    return Message(key, {"minimum": _shown(column, column.minimum),
                         "maximum": _shown(column, column.maximum)})


def _check_date(at: CellsAt, column: Column, value: str) -> Check:
    try:
        return parse_partial_date(value), None
    except ValueError:
        return None, at.error(column.name, "bad_date", value)


def _check_slug_list(at: CellsAt, column: Column, value: str) -> Check:
    items = split_list(value)
    bad = [item for item in items if not SLUG_PATTERN.match(item)]
    if bad:
        return items, at.error(column.name, "bad_slug_in_list", value, item=bad[0])
    return items, None


def _check_text_list(at: CellsAt, column: Column, value: str) -> Check:
    return split_list(value), None


def _check_url(at: CellsAt, column: Column, value: str) -> Check:
    if web_link(value) is not None:
        return value, None
    return value, at.error(column.name, "bad_url", value)


_CHECKERS = {
    ColumnType.TEXT: _check_text,
    ColumnType.SLUG: _check_pattern("bad_slug", SLUG_PATTERN),
    ColumnType.KEYWORD: _check_pattern("bad_keyword", KEYWORD_PATTERN),
    ColumnType.ENUM: _check_enum,
    ColumnType.NUMBER: _check_number,
    ColumnType.YEAR: _check_number,
    ColumnType.DATE: _check_date,
    ColumnType.SLUG_LIST: _check_slug_list,
    ColumnType.TEXT_LIST: _check_text_list,
    ColumnType.CODE: _check_pattern("bad_code", CODE_PATTERN),
    ColumnType.URL: _check_url,
}


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def check_header(raw: RawTable) -> list[Problem]:
    at = At(raw.source, 1)
    expected = raw.table.column_names
    missing = [name for name in expected if name not in raw.header]
    problems = [
        at.error(name, "missing_required_column", name=name)
        if raw.table.column(name).required
        else at.warning(name, "missing_column", name=name)
        for name in missing
    ]
    counts = Counter(name for name in raw.header if name)
    problems += [
        at.error(name, "duplicate_column", n=count) for name, count in counts.items() if count > 1
    ]
    problems += [
        at.warning(name, "unknown_column", columns=", ".join(expected))
        for name in raw.header
        if name and name not in expected
    ]
    return problems


def check_cells(raw: RawTable) -> tuple[TypedTable, list[Problem]]:
    problems: list[Problem] = []
    typed_rows: list[Row] = []
    numbers: list[int] = []
    invalid_cells: list[set[str]] = []
    present = set(raw.header)
    for index, cells in enumerate(raw.rows):
        row_number = raw.row_number(index)
        at = CellsAt(raw.source, row_number, decimal_comma=raw.decimal_comma)
        typed: Row = {}
        invalid: set[str] = set()
        for column in raw.table.columns:
            if column.name not in present:
                typed[column.name] = None
                continue
            typed[column.name], problem = check_cell(at, column, cells.get(column.name, ""))
            if problem:
                problems.append(problem)
                invalid.add(column.name)
        if "__extra__" in cells:
            problems.append(at.error(None, "extra_cells", cells["__extra__"],
                                     delimiter=raw.delimiter))
        typed_rows.append(typed)
        numbers.append(row_number)
        invalid_cells.append(invalid)
    return TypedTable(raw.table, raw.source, typed_rows, numbers, invalid_cells), problems


def check_unique_keys(typed: TypedTable) -> list[Problem]:
    key = typed.table.key
    first_seen: dict[str, int] = {}
    problems = []
    for row, number in zip(typed.rows, typed.row_numbers, strict=True):
        value = row.get(key)
        if not value:
            continue
        if value in first_seen:
            problems.append(At(typed.source, number).error(
                key, "duplicate_key", value, first=str(first_seen[value])))
        else:
            first_seen[value] = number
    return problems


def check_table(raw: RawTable) -> tuple[TypedTable, list[Problem]]:
    """Header, cells and unique keys of one table."""
    problems = check_header(raw)
    if any(p.severity is Severity.ERROR and p.column == raw.table.key for p in problems):
        return TypedTable(raw.table, raw.source, [], []), problems
    typed, cell_problems = check_cells(raw)
    problems.extend(cell_problems)
    problems.extend(check_unique_keys(typed))
    return typed, problems
