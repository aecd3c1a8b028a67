"""The whole data folder: every table, the rules within and across them, and the outlines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from zones.readers import RawTable, ReadError, read_table_file
from zones.schema import OUTLINES_FILENAME, PROVINCES, SOURCES, TARGETS, ZONES, Table
from zones.validate.cells import check_table
from zones.validate.outlines import check_outlines
from zones.validate.references import check_references
from zones.validate.report import At, Problem, Report, TypedTable
from zones.validate.rules import check_target_rows, check_zone_rows

if TYPE_CHECKING:
    from zones.outlines import Outline


def read_problem(error: ReadError) -> Problem:
    """A file that cannot be read at all, as one problem in a report."""
    return At(error.source, error.row).error(error.column, "unreadable", reason=error.message,
                                             advice=error.fix)


def _read(path: Path, table: Table, report: Report) -> RawTable | None:
    try:
        return read_table_file(path, table)
    except ReadError as error:
        report.extend([read_problem(error)])
        return None


def _checked(raw: RawTable | None, report: Report) -> TypedTable | None:
    if raw is None:
        return None
    typed, problems = check_table(raw)
    report.extend(problems)
    return typed


@dataclass
class CheckedTables:
    report: Report
    zones: TypedTable | None
    targets: TypedTable | None
    sources: TypedTable | None
    provinces: TypedTable | None
    outlines: dict[str, Outline]


def check_data(data_dir: Path, candidate: RawTable | None = None) -> CheckedTables:
    """Validate the data folder; `candidate` replaces its table's file (an edit or upload)."""
    # zones.outlines builds its reading problems with this package, so it is imported late.
    from zones.outlines import read_outlines

    report = Report()

    def table(definition: Table) -> TypedTable | None:
        if candidate is not None and candidate.table.name == definition.name:
            return _checked(candidate, report)
        return _checked(_read(data_dir / definition.filename, definition, report), report)

    zones = table(ZONES)
    targets = table(TARGETS)
    sources = table(SOURCES)
    provinces = table(PROVINCES)
    outlines: dict[str, Outline] = {}
    if zones is not None:
        report.extend(check_zone_rows(zones))
        if targets is not None:
            report.extend(check_target_rows(targets))
        report.extend(check_references(zones, targets, sources, provinces))
        outlines, problems = read_outlines(data_dir / OUTLINES_FILENAME)
        report.extend(problems)
        report.extend(check_outlines(outlines, zones, OUTLINES_FILENAME))
    return CheckedTables(report, zones, targets, sources, provinces, outlines)
