"""Problems and reports: what validation tells a person, and the typed rows it produces.

Each problem names the file, the row (the header is row 1, as in a spreadsheet), the column and
the value, says what is wrong and how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zones.schema import Table


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
