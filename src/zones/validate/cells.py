"""One table on its own: header, cells (typed once, as they are checked) and unique keys."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from zones.readers import RawTable, parse_number
from zones.schema import (
    CODE_PATTERN,
    KEYWORD_PATTERN,
    LIST_SEPARATOR,
    SLUG_PATTERN,
    Column,
    ColumnType,
)
from zones.validate.report import Problem, Row, Severity, TypedTable

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_partial_date(text: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD (sources often give only a year); return it as is."""
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"'{text}' is not a date")
    parts = [int(p) for p in text.split("-")]
    year, month, day = parts + [1] * (3 - len(parts))
    dt.date(year, month, day)  # raises ValueError for 2024-13 or 2024-02-30
    return text


def _cell_problem(
    raw: RawTable, row_number: int, column: Column, value: str, message: str, fix: str
) -> Problem:
    return Problem(raw.source, row_number, column.name, message, fix, Severity.ERROR, value)


def check_cell(
    raw: RawTable, row_number: int, column: Column, value: str
) -> tuple[Any, Problem | None]:
    """Return the typed value of one cell and the problem with it, if any."""
    if value == "":
        if column.required:
            return None, _cell_problem(
                raw,
                row_number,
                column,
                value,
                "is empty",
                f"fill in {column.description.rstrip('.').lower()}",
            )
        return None, None
    typed, problem = _CHECKERS[column.type](raw, row_number, column, value)
    # A bad cell counts as unknown, so that rules comparing cells do not repeat the problem.
    return (None, problem) if problem else (typed, None)


def _check_text(raw: RawTable, row_number: int, column: Column, value: str):
    return value, None


def _check_slug(raw: RawTable, row_number: int, column: Column, value: str):
    if SLUG_PATTERN.match(value):
        return value, None
    return value, _cell_problem(
        raw,
        row_number,
        column,
        value,
        f"'{value}' is not a valid id",
        "use lowercase letters a-z, digits and single hyphens, e.g. kcn-nhon-hoa",
    )


def _check_keyword(raw: RawTable, row_number: int, column: Column, value: str):
    if KEYWORD_PATTERN.match(value):
        return value, None
    return value, _cell_problem(
        raw,
        row_number,
        column,
        value,
        f"'{value}' is not a valid keyword",
        "use lowercase letters a-z, digits and underscores, e.g. fill_rate",
    )


def _check_enum(raw: RawTable, row_number: int, column: Column, value: str):
    if value in column.allowed:
        return value, None
    for allowed in column.allowed:
        if allowed.lower() == value.lower().replace(" ", "_"):
            return allowed, _cell_problem(
                raw,
                row_number,
                column,
                value,
                f"'{value}' is not an allowed value",
                f"write it as '{allowed}'",
            )
    return value, _cell_problem(
        raw,
        row_number,
        column,
        value,
        f"'{value}' is not an allowed value",
        "use one of " + ", ".join(column.allowed),
    )


def _check_number(raw: RawTable, row_number: int, column: Column, value: str):
    try:
        number = parse_number(value, raw.decimal_comma)
    except ValueError as error:
        return None, _cell_problem(
            raw, row_number, column, value, str(error), "write a number such as 46.77 or 46,77"
        )
    problem = _range_problem(raw, row_number, column, value, number)
    if column.type is ColumnType.YEAR:
        if not number.is_integer():
            return None, _cell_problem(
                raw,
                row_number,
                column,
                value,
                f"{value} is not a whole year",
                "write a year like 2025",
            )
        return int(number), problem
    return number, problem


def _range_problem(
    raw: RawTable, row_number: int, column: Column, value: str, number: float
) -> Problem | None:
    shown = f"{number:g}"
    if column.minimum is not None:
        below = number <= column.minimum if column.exclusive_minimum else number < column.minimum
        if below:
            relation = "is not above" if column.exclusive_minimum else "is below"
            return _cell_problem(
                raw,
                row_number,
                column,
                value,
                f"{shown} {relation} {column.minimum:g}",
                f"use a value {column.range_text()}",
            )
    if column.maximum is not None and number > column.maximum:
        return _cell_problem(
            raw,
            row_number,
            column,
            value,
            f"{shown} is above {column.maximum:g}",
            f"use a value {column.range_text()}",
        )
    return None


def _check_date(raw: RawTable, row_number: int, column: Column, value: str):
    try:
        return parse_partial_date(value), None
    except ValueError:
        return None, _cell_problem(
            raw,
            row_number,
            column,
            value,
            f"'{value}' is not a date",
            "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-06-24",
        )


def _check_slug_list(raw: RawTable, row_number: int, column: Column, value: str):
    items = split_list(value)
    bad = [item for item in items if not SLUG_PATTERN.match(item)]
    if bad:
        return items, _cell_problem(
            raw,
            row_number,
            column,
            value,
            f"'{bad[0]}' is not a valid id",
            "separate ids with ';' and use lowercase a-z, digits, hyphens",
        )
    return items, None


def _check_text_list(raw: RawTable, row_number: int, column: Column, value: str):
    return split_list(value), None


def _check_code(raw: RawTable, row_number: int, column: Column, value: str):
    if CODE_PATTERN.match(value):
        return value, None
    return value, _cell_problem(
        raw,
        row_number,
        column,
        value,
        f"'{value}' is not a 2-digit code",
        "write the official code with a leading zero, e.g. 08",
    )


def _check_url(raw: RawTable, row_number: int, column: Column, value: str):
    if value.startswith(("https://", "http://")):
        return value, None
    return value, _cell_problem(
        raw, row_number, column, value, f"'{value}' is not a web address", "start it with https://"
    )


_CHECKERS = {
    ColumnType.TEXT: _check_text,
    ColumnType.SLUG: _check_slug,
    ColumnType.KEYWORD: _check_keyword,
    ColumnType.ENUM: _check_enum,
    ColumnType.NUMBER: _check_number,
    ColumnType.YEAR: _check_number,
    ColumnType.DATE: _check_date,
    ColumnType.SLUG_LIST: _check_slug_list,
    ColumnType.TEXT_LIST: _check_text_list,
    ColumnType.CODE: _check_code,
    ColumnType.URL: _check_url,
}


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def check_header(raw: RawTable) -> list[Problem]:
    problems = []
    expected = raw.table.column_names
    missing = [name for name in expected if name not in raw.header]
    required_missing = [name for name in missing if raw.table.column(name).required]
    for name in required_missing:
        problems.append(
            Problem(
                raw.source,
                1,
                name,
                "required column is missing",
                f"add a column named '{name}' to the header row",
            )
        )
    for name in missing:
        if name not in required_missing:
            problems.append(
                Problem(
                    raw.source,
                    1,
                    name,
                    "column is missing; it will be empty",
                    f"add a column named '{name}' to keep the full contract",
                    Severity.WARNING,
                )
            )
    counts = Counter(name for name in raw.header if name)
    for name, count in counts.items():
        if count > 1:
            problems.append(
                Problem(
                    raw.source,
                    1,
                    name,
                    f"column appears {count} times",
                    "keep one column of that name",
                )
            )
    for name in raw.header:
        if name and name not in expected:
            problems.append(
                Problem(
                    raw.source,
                    1,
                    name,
                    "unknown column; it will be ignored",
                    "rename it to one of " + ", ".join(expected),
                    Severity.WARNING,
                )
            )
    return problems


def check_cells(raw: RawTable) -> tuple[TypedTable, list[Problem]]:
    problems: list[Problem] = []
    typed_rows: list[Row] = []
    numbers: list[int] = []
    invalid_cells: list[set[str]] = []
    present = set(raw.header)
    for index, cells in enumerate(raw.rows):
        row_number = raw.row_number(index)
        typed: Row = {}
        invalid: set[str] = set()
        for column in raw.table.columns:
            value = cells.get(column.name, "")
            if column.name not in present:
                typed[column.name] = None
                continue
            typed[column.name], problem = check_cell(raw, row_number, column, value)
            if problem:
                problems.append(problem)
                invalid.add(column.name)
        if "__extra__" in cells:
            problems.append(
                Problem(
                    raw.source,
                    row_number,
                    None,
                    f"has more cells than the header: '{cells['__extra__']}'",
                    "remove the extra cells or quote text that contains the "
                    f"delimiter '{raw.delimiter}'",
                )
            )
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
            problems.append(
                Problem(
                    typed.source,
                    number,
                    key,
                    f"'{value}' is already used in row {first_seen[value]}",
                    "give each row its own id",
                    value=value,
                )
            )
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
