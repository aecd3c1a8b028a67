"""Check tables against the contract and report every problem at once.

Each problem names the file, the row (the header is row 1, as in a spreadsheet), the column and
the value, says what is wrong and how to fix it. Cell checks also produce the typed values, so a
table that validates is converted exactly once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zones.readers import RawTable, parse_number
from zones.schema import (
    CODE_PATTERN,
    KEYWORD_PATTERN,
    LIST_SEPARATOR,
    SCOPES,
    SLUG_PATTERN,
    Column,
    ColumnType,
    Table,
)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str
    fix: str = ""
    severity: Severity = Severity.ERROR
    value: str | None = None
    row_label: str = "row"

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{self.row_label} {self.row}")
        where = " ".join(parts)
        return f"{where}, {self.column}" if self.column else where

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text if self.severity is Severity.ERROR else f"warning: {text}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": str(self.severity),
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "fix": self.fix,
        }


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def sorted(self) -> list[Problem]:
        return sorted(
            self.problems,
            key=lambda p: (p.severity is Severity.WARNING, p.file, p.row or 0, p.column or ""),
        )


Row = dict[str, Any]


@dataclass
class TypedTable:
    """Validated rows with typed values (None for empty), plus their spreadsheet row numbers."""

    table: Table
    source: str
    rows: list[Row]
    row_numbers: list[int]
    invalid_cells: list[set[str]] = field(default_factory=list)
    """Per row, the columns whose cells failed their own check (their typed value is None)."""

    def by_key(self) -> dict[str, Row]:
        rows: dict[str, Row] = {}
        for row in self.rows:
            key = row.get(self.table.key)
            if key and key not in rows:
                rows[key] = row
        return rows

    def row_number_of(self, key: str) -> int | None:
        for row, number in zip(self.rows, self.row_numbers, strict=True):
            if row.get(self.table.key) == key:
                return number
        return None


# --- cell checks -----------------------------------------------------------------------------

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


# --- table checks ----------------------------------------------------------------------------


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


# --- zone rows -------------------------------------------------------------------------------

FILL_TOLERANCE_PCT = 2.0


def check_zone_rows(zones: TypedTable) -> list[Problem]:
    problems: list[Problem] = []
    by_id = zones.by_key()
    for row, number, invalid in zip(
        zones.rows, zones.row_numbers, zones.invalid_cells, strict=True
    ):
        problems.extend(_check_zone_areas(zones.source, number, row))
        if not invalid & {"lat", "lon", "location_precision"}:
            problems.extend(_check_zone_location(zones.source, number, row))
        problems.extend(_check_zone_parent(zones.source, number, row, by_id))
        problems.extend(_check_zone_phase(zones.source, number, row, by_id))
        problems.extend(_check_figure_sources(zones.source, number, row))
    return problems


def _check_zone_areas(source: str, number: int, row: Row) -> list[Problem]:
    problems = []
    area, leasable, leased = row.get("area_ha"), row.get("leasable_ha"), row.get("leased_ha")
    if leasable is not None and area is not None and leasable > area:
        problems.append(
            Problem(
                source,
                number,
                "leasable_ha",
                f"{leasable:g} is larger than area_ha {area:g}",
                "leasable land cannot exceed the zone's area",
                value=f"{leasable:g}",
            )
        )
    ceiling = leasable if leasable is not None else area
    if leased is not None and ceiling is not None and leased > ceiling:
        name = "leasable_ha" if leasable is not None else "area_ha"
        problems.append(
            Problem(
                source,
                number,
                "leased_ha",
                f"{leased:g} is larger than {name} {ceiling:g}",
                f"leased land cannot exceed {name}",
                value=f"{leased:g}",
            )
        )
    fill = row.get("fill_pct")
    if fill is not None and leased is not None and leasable:
        computed = 100 * leased / leasable
        if abs(computed - fill) > FILL_TOLERANCE_PCT:
            problems.append(
                Problem(
                    source,
                    number,
                    "fill_pct",
                    f"{fill:g} disagrees with leased_ha / leasable_ha = {computed:.1f}",
                    "check the three figures, or note why they differ",
                    Severity.WARNING,
                    f"{fill:g}",
                )
            )
    if fill is not None and not row.get("fill_as_of"):
        problems.append(
            Problem(
                source,
                number,
                "fill_as_of",
                "is empty while fill_pct is given",
                "give the date of the fill rate (YYYY is enough)",
                Severity.WARNING,
            )
        )
    return problems


def _check_zone_location(source: str, number: int, row: Row) -> list[Problem]:
    lat, lon, precision = row.get("lat"), row.get("lon"), row.get("location_precision")
    if (lat is None) != (lon is None):
        missing = "lon" if lon is None else "lat"
        return [
            Problem(
                source,
                number,
                missing,
                "is empty while the other coordinate is given",
                "give both lat and lon, or neither",
            )
        ]
    if lat is None and precision not in (None, "unknown"):
        return [
            Problem(
                source,
                number,
                "location_precision",
                f"is '{precision}' but lat/lon are empty",
                "set it to 'unknown', or fill in lat and lon",
                value=precision,
            )
        ]
    if lat is not None and precision == "unknown":
        return [
            Problem(
                source,
                number,
                "location_precision",
                "is 'unknown' but lat/lon are given",
                "say how the point was obtained: surveyed, site, commune or district",
                value=precision,
            )
        ]
    return []


def _check_zone_parent(source: str, number: int, row: Row, by_id: dict[str, Row]) -> list[Problem]:
    parent_id = row.get("parent_id")
    if not parent_id:
        return []
    if parent_id == row.get("zone_id"):
        return [
            Problem(
                source,
                number,
                "parent_id",
                "a zone cannot be its own parent",
                "leave parent_id empty or name the economic zone (KKT) around it",
                value=parent_id,
            )
        ]
    parent = by_id.get(parent_id)
    if parent is None:
        return [
            Problem(
                source,
                number,
                "parent_id",
                f"'{parent_id}' is not a zone_id in the table",
                "use the zone_id of an economic zone (KKT) listed in zones.csv",
                value=parent_id,
            )
        ]
    if parent.get("kind") != "KKT":
        return [
            Problem(
                source,
                number,
                "parent_id",
                f"'{parent_id}' is a {parent.get('kind')}, not an economic zone (KKT)",
                "only an economic zone (KKT) can contain other zones",
                value=parent_id,
            )
        ]
    if row.get("kind") == "KKT":
        return [
            Problem(
                source,
                number,
                "parent_id",
                "an economic zone (KKT) cannot have a parent",
                "leave parent_id empty",
                value=parent_id,
            )
        ]
    return []


def _check_zone_phase(source: str, number: int, row: Row, by_id: dict[str, Row]) -> list[Problem]:
    whole_id = row.get("phase_of")
    if not whole_id:
        return []
    whole = by_id.get(whole_id)
    fix = "name the zone_id of the whole park or cluster, or leave phase_of empty"
    if whole_id == row.get("zone_id"):
        return [
            Problem(
                source,
                number,
                "phase_of",
                "a zone cannot be a phase of itself",
                fix,
                value=whole_id,
            )
        ]
    if whole is None:
        return [
            Problem(
                source,
                number,
                "phase_of",
                f"'{whole_id}' is not a zone_id in the table",
                fix,
                value=whole_id,
            )
        ]
    if whole.get("kind") != row.get("kind"):
        return [
            Problem(
                source,
                number,
                "phase_of",
                f"'{whole_id}' is a {whole.get('kind')}, but this row is a {row.get('kind')}",
                "a phase has the kind of the whole zone",
                value=whole_id,
            )
        ]
    if whole.get("phase_of"):
        return [
            Problem(
                source,
                number,
                "phase_of",
                f"'{whole_id}' is itself a phase",
                "name the whole zone, not another phase",
                value=whole_id,
            )
        ]
    return []


def check_target_rows(targets: TypedTable) -> list[Problem]:
    """A target needs its comparator and year; a reported figure without a target needs neither."""
    problems = []
    for row, number, invalid in zip(
        targets.rows, targets.row_numbers, targets.invalid_cells, strict=True
    ):
        if row.get("target_value") is None and "target_value" not in invalid:
            if row.get("achieved_value") is None and "achieved_value" not in invalid:
                problems.append(
                    Problem(
                        targets.source,
                        number,
                        "target_value",
                        "is empty and so is achieved_value",
                        "give the target, the reported value, or both",
                    )
                )
            continue
        for column in ("comparator", "target_year"):
            if row.get(column) is None and column not in invalid:
                problems.append(
                    Problem(
                        targets.source,
                        number,
                        column,
                        "is empty while target_value is given",
                        f"fill in {column} for the target",
                    )
                )
    return problems


FIGURE_SOURCES = {
    "area_source_id": ("area_ha",),
    "fill_source_id": ("fill_pct", "leased_ha", "leasable_ha"),
    "status_source_id": ("status",),
    "location_source_id": ("lat",),
}


def _check_figure_sources(source: str, number: int, row: Row) -> list[Problem]:
    problems = []
    listed = set(row.get("source_ids") or [])
    for column, figures in FIGURE_SOURCES.items():
        cited = row.get(column)
        if cited and cited not in listed:
            problems.append(
                Problem(
                    source,
                    number,
                    column,
                    f"'{cited}' is not in source_ids",
                    f"add {cited} to source_ids",
                    value=cited,
                )
            )
        has_figure = any(row.get(figure) is not None for figure in figures)
        if has_figure and not cited and column != "status_source_id":
            problems.append(
                Problem(
                    source,
                    number,
                    column,
                    f"is empty while {figures[0]} is given",
                    "name the source of the figure",
                    Severity.WARNING,
                )
            )
    return problems


# --- cross-table -----------------------------------------------------------------------------


def check_references(
    zones: TypedTable,
    targets: TypedTable | None,
    sources: TypedTable | None,
    provinces: TypedTable | None,
) -> list[Problem]:
    problems: list[Problem] = []
    if sources is not None:
        known_sources = set(sources.by_key())
        problems += _check_source_refs(zones, known_sources)
        if targets is not None:
            problems += _check_source_refs(targets, known_sources)
    if provinces is not None:
        known = {row["province"] for row in provinces.rows if row.get("province")}
        problems += _check_provinces(zones, known)
        if targets is not None:
            problems += _check_provinces(targets, known)
    if targets is not None:
        problems += _check_target_scopes(targets, set(zones.by_key()))
    return problems


def _check_source_refs(typed: TypedTable, known: set[str]) -> list[Problem]:
    columns = [c.name for c in typed.table.columns if c.name.endswith(("source_id", "source_ids"))]
    problems = []
    for row, number in zip(typed.rows, typed.row_numbers, strict=True):
        listed = set(row.get("source_ids") or [])
        for column in columns:
            values = row.get(column)
            ids = values if isinstance(values, list) else [values] if values else []
            if column != "source_ids":
                ids = [source_id for source_id in ids if source_id not in listed]
            for source_id in ids:
                if source_id not in known:
                    problems.append(
                        Problem(
                            typed.source,
                            number,
                            column,
                            f"'{source_id}' is not a source_id in sources.csv",
                            "add the source to sources.csv or correct the id",
                            value=source_id,
                        )
                    )
    return problems


def _check_provinces(typed: TypedTable, known: set[str]) -> list[Problem]:
    from zones.search import fold

    folded = {fold(name): name for name in known}
    problems = []
    for row, number in zip(typed.rows, typed.row_numbers, strict=True):
        province = row.get("province")
        if not province or province in known:
            continue
        suggestion = folded.get(fold(province))
        fix = (
            f"write '{suggestion}'"
            if suggestion
            else "use a province name from provinces.csv (the name before 1 July 2025)"
        )
        problems.append(
            Problem(
                typed.source,
                number,
                "province",
                f"'{province}' is not a province in provinces.csv",
                fix,
                value=province,
            )
        )
    return problems


def _check_target_scopes(targets: TypedTable, zone_ids: set[str]) -> list[Problem]:
    problems = []
    for row, number in zip(targets.rows, targets.row_numbers, strict=True):
        scope = row.get("scope")
        if scope and scope not in SCOPES and scope not in zone_ids:
            problems.append(
                Problem(
                    targets.source,
                    number,
                    "scope",
                    f"'{scope}' is neither a zone group nor a zone_id",
                    "use " + ", ".join(SCOPES) + " or a zone_id from zones.csv",
                    value=scope,
                )
            )
    return problems
