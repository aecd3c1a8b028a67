"""Load the data folder: read, validate and convert the four tables and the outlines.

Nothing downstream sees data that failed validation: `load_dataset` raises `InvalidData`
carrying the full report.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from zones.outlines import Outline, check_outlines, read_outlines
from zones.readers import RawTable, ReadError, read_table_bytes, read_table_file
from zones.schema import OUTLINES_FILENAME, PROVINCES, SOURCES, TARGETS, ZONES, Table
from zones.validate import (
    Problem,
    Report,
    TypedTable,
    check_references,
    check_table,
    check_target_rows,
    check_zone_rows,
)

DATA_DIR_ENV = "ZONES_DATA_DIR"
BUNDLED_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


class InvalidData(Exception):
    """The data has errors; `report` lists every one of them."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"{len(report.errors)} problem(s) in the data")


def default_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or BUNDLED_DATA_DIR)


def data_files(data_dir: Path) -> list[Path]:
    return [data_dir / t.filename for t in (ZONES, TARGETS, SOURCES, PROVINCES)] + [
        data_dir / OUTLINES_FILENAME
    ]


def data_version(data_dir: Path) -> str:
    """Changes whenever any data file changes on disk (size or modification time).

    Cheap enough to compute on every Streamlit rerun, so caches keyed by it are never stale.
    """
    digest = hashlib.sha256(str(data_dir.resolve()).encode())
    for path in data_files(data_dir):
        try:
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except FileNotFoundError:
            digest.update(f"{path.name}:missing".encode())
    return digest.hexdigest()[:16]


@dataclass
class Dataset:
    data_dir: Path
    zones: pd.DataFrame
    targets: pd.DataFrame
    sources: pd.DataFrame
    provinces: pd.DataFrame
    outlines: dict[str, Outline]
    warnings: list[Problem] = field(default_factory=list)
    version: str = ""

    def zone(self, zone_id: str) -> pd.Series:
        return self.zones.loc[self.zones["zone_id"] == zone_id].iloc[0]


def _read(path: Path, table: Table, report: Report) -> RawTable | None:
    try:
        return read_table_file(path, table)
    except ReadError as error:
        report.extend([read_problem(error)])
        return None


def read_problem(error: ReadError) -> Problem:
    """A file that cannot be read at all, as one problem in a report."""
    return Problem(error.source, error.row, error.column, error.message.text("en"),
                   error.fix.text("en"))


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


def check_candidate_bytes(data: bytes, filename: str, data_dir: Path,
                          table: Table = ZONES) -> CheckedTables:
    """Validate an uploaded table (CSV or XLSX) against the rest of the data folder."""
    try:
        raw = read_table_bytes(data, table, filename)
    except ReadError as error:
        return CheckedTables(Report([read_problem(error)]), None, None, None, None, {})
    return check_data(data_dir, raw)


def to_frame(typed: TypedTable) -> pd.DataFrame:
    frame = pd.DataFrame(typed.rows, columns=typed.table.column_names)
    for column in typed.table.columns:
        if column.type.value == "number":
            frame[column.name] = pd.to_numeric(frame[column.name]).astype("float64")
        elif column.type.value == "year":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.type.value in ("slug list", "text list"):
            frame[column.name] = frame[column.name].map(lambda v: v if isinstance(v, list) else [])
        else:
            frame[column.name] = frame[column.name].astype(object)
    frame.insert(0, "row_number", typed.row_numbers)
    return frame


def load_dataset(data_dir: Path | None = None) -> Dataset:
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    version = data_version(data_dir)
    checked = check_data(data_dir)
    if not checked.report.ok:
        raise InvalidData(checked.report)
    assert checked.zones and checked.targets and checked.sources and checked.provinces
    provinces = to_frame(checked.provinces)
    zones = to_frame(checked.zones)
    province_2025 = dict(zip(provinces["province"], provinces["province_2025"], strict=True))
    zones.insert(
        zones.columns.get_loc("province") + 1, "province_2025", zones["province"].map(province_2025)
    )
    return Dataset(
        data_dir=data_dir,
        zones=zones,
        targets=to_frame(checked.targets),
        sources=to_frame(checked.sources),
        provinces=provinces,
        outlines=checked.outlines,
        warnings=checked.report.warnings,
        version=version,
    )
