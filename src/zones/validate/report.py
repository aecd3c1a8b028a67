"""Problems and reports: what validation tells a person, and the typed rows it produces.

Each problem names the file, the row (the header is row 1, as in a spreadsheet), the column and
the value, and carries a code: what is wrong and how to fix it are texts of the catalogue, so
the same problem reads in Vietnamese or English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zones.i18n import Message, has, render
from zones.schema import COLUMN_LABELS, Table, column_label


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data: where, a code naming what, and the values it speaks of.

    The sentence and its fix come from the catalogue (`problem.<code>` and
    `problem.<code>.fix` in `zones.i18n`), rendered in the reader's language by `text(lang)`.
    """

    file: str
    row: int | None
    column: str | None
    code: str
    params: Mapping[str, object] = field(default_factory=dict)
    severity: Severity = Severity.ERROR
    value: str | None = None
    row_label: str = "row"
    """What the rows of `file` are called: "row" (tables) or "feature" (GeoJSON)."""

    def location(self, lang: str = "en") -> str:
        where = self.file
        if self.row is not None:
            where += " " + render(f"problem.{self.row_label}", lang, row=str(self.row))
        if self.column:
            where += ", " + column_text(self.column, lang)
        return where

    def message_in(self, lang: str) -> str:
        return render(f"problem.{self.code}", lang, **self._params(lang))

    def fix_in(self, lang: str) -> str:
        key = f"problem.{self.code}.fix"
        return render(key, lang, **self._params(lang)) if has(key) else ""

    @property
    def message(self) -> str:
        """What is wrong, in English (logs, tests); people read `text(lang)`."""
        return self.message_in("en")

    @property
    def fix(self) -> str:
        return self.fix_in("en")

    def _params(self, lang: str) -> dict[str, object]:
        return {
            name: value.text(lang) if isinstance(value, Message | ColumnRef) else value
            for name, value in self.params.items()
        }

    def text(self, lang: str = "en") -> str:
        """The whole line a person reads: location, what is wrong and how to fix it."""
        fix = self.fix_in(lang)
        values = {"location": self.location(lang), "message": self.message_in(lang), "fix": fix}
        line = render("problem.line" if fix else "problem.line_no_fix", lang, **values)
        if self.severity is Severity.WARNING:
            return render("problem.warning", lang, text=line)
        return line

    def __str__(self) -> str:
        return self.text("en")

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "severity": str(self.severity),
            "code": self.code,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message_in(lang),
            "fix": self.fix_in(lang),
        }


def column_text(column: str, lang: str) -> str:
    """A column as people read it in a message: its label, with the id they type in the file.

    Names outside the contract (an unknown header, an outline's geometry) are shown as they are.
    """
    if column not in COLUMN_LABELS:
        return column
    return f"{column_label(column, lang)} ({column})"


@dataclass(frozen=True)
class ColumnRef:
    """A column named inside a message, shown by its label (the location carries the id)."""

    name: str

    def text(self, lang: str) -> str:
        return column_label(self.name, lang) if self.name in COLUMN_LABELS else self.name


@dataclass(frozen=True)
class At:
    """Where a rule looks: builds its problems, so a rule is one line of intent.

    `at.error("parent_id", "own_parent", value)` is the problem "a zone cannot be its own
    parent" in that row's parent_id cell, with its fix; extra keyword values fill the text.
    """

    file: str
    row: int | None = None
    row_label: str = "row"

    def error(
        self, column: str | None, code: str, value: object = None, **params: object
    ) -> Problem:
        return self._problem(Severity.ERROR, column, code, value, params)

    def warning(
        self, column: str | None, code: str, value: object = None, **params: object
    ) -> Problem:
        return self._problem(Severity.WARNING, column, code, value, params)

    def _problem(
        self, severity: Severity, column: str | None, code: str, value: object,
        params: dict[str, object],
    ) -> Problem:
        if value is not None:
            params = {"value": value, **params}
        shown = None if value is None else _value_text(value)
        return Problem(self.file, self.row, column, code, params, severity, shown, self.row_label)


def _value_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


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
