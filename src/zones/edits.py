"""Saving staff edits without ever losing data.

- Every save validates the whole table first; nothing is written while any error remains.
- Saves are atomic (temporary file, fsync, rename) and serialised by a file lock, so two saves
  at the same moment never interleave and a writer killed mid-save leaves the old file intact.
- No lost updates: a save names the version it was based on; if the file changed since, the
  save is refused with the other change, and the editor can re-apply its edits on top.
- History: every version is kept in `history/` and every save is appended to a change log
  (who, when, what changed, comment); restoring an old version is itself a logged save.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from zones.files import atomic_write
from zones.readers import RawTable, ReadError, read_table_bytes
from zones.schema import TARGETS, ZONES, Table
from zones.validate import CheckedTables, Report, TypedTable, check_data, read_problem

HISTORY_DIR = "history"
CHANGELOG = "changelog.jsonl"
LOCK_FILE = ".zones.lock"
LOCK_TIMEOUT_S = 15.0

Rows = list[dict[str, str]]


class SaveError(Exception):
    """A save was refused; the message says why and what to do."""


class ValidationFailed(SaveError):
    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"{len(report.errors)} problem(s) must be fixed before saving")


class ConflictError(SaveError):
    """The file changed since the editor loaded it (a colleague saved)."""

    def __init__(
        self,
        base_version: str,
        current_version: str,
        current_rows: Rows,
        filename: str = "zones.csv",
    ) -> None:
        self.base_version = base_version
        self.current_version = current_version
        self.current_rows = current_rows
        super().__init__(
            f"{filename} changed since you loaded it (version {base_version} → "
            f"{current_version}). Review the other change, then re-apply your edits on top."
        )


class NothingToSave(SaveError):
    pass


class BusyError(SaveError):
    pass


# --- versions and canonical text -------------------------------------------------------------


def content_version(path: Path) -> str:
    """Short content hash of a file: the version that saves are checked against."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except FileNotFoundError:
        return "missing"


def format_number(value: float) -> str:
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def canonical_cell(value: Any) -> str:
    """The text a typed value is stored as: '.' decimals, ';' lists, empty for unknown."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def canonical_rows(typed: TypedTable) -> Rows:
    return [
        {column: canonical_cell(row.get(column)) for column in typed.table.column_names}
        for row in typed.rows
    ]


def rows_to_csv_bytes(rows: Rows, table: Table = ZONES) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=table.column_names, lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def read_rows(path: Path, table: Table = ZONES) -> Rows:
    """Rows of a file as text, with every contract column present."""
    raw = read_table_bytes(path.read_bytes(), table, path.name)
    return raw_rows(raw)


def raw_rows(raw: RawTable) -> Rows:
    return [{column: row.get(column, "") for column in raw.table.column_names} for row in raw.rows]


def raw_table_from_rows(
    rows: Sequence[dict[str, Any]], source: str, table: Table = ZONES
) -> RawTable:
    """A candidate table from rows as an editor holds them (None or NaN for empty cells)."""
    clean = [
        {column: _editor_cell(row.get(column)) for column in table.column_names} for row in rows
    ]
    return RawTable(table, source, list(table.column_names), clean)


def _editor_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if value != value else format_number(value)
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    return str(value).strip()


# --- diff ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellChange:
    key: str
    column: str
    old: str
    new: str


@dataclass
class TableDiff:
    added: Rows = field(default_factory=list)
    removed: Rows = field(default_factory=list)
    changed: list[CellChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.removed)} removed, "
            f"{len(self.changed)} cell(s) changed"
        )

    def lines(self, key: str = "zone_id") -> list[str]:
        """Readable lines: '+ added', '- removed', '~ id column: old → new'."""
        out = [f"+ {row[key]}  {row.get('name', '')}".rstrip() for row in self.added]
        out += [f"- {row[key]}  {row.get('name', '')}".rstrip() for row in self.removed]
        out += [
            f"~ {c.key} {c.column}: {c.old or '(empty)'} → {c.new or '(empty)'}"
            for c in self.changed
        ]
        return out

    def as_dict(self, key: str = "zone_id") -> dict[str, Any]:
        return {
            "added": [row[key] for row in self.added],
            "removed": [row[key] for row in self.removed],
            "changed": [asdict(change) for change in self.changed],
        }


def diff_rows(old: Rows, new: Rows, key: str = "zone_id") -> TableDiff:
    """Rows added and removed (by key) and every changed cell, old → new."""
    old_by_key = {row[key]: row for row in old}
    new_by_key = {row[key]: row for row in new}
    diff = TableDiff(
        added=[row for row in new if row[key] not in old_by_key],
        removed=[row for row in old if row[key] not in new_by_key],
    )
    for row in new:
        before = old_by_key.get(row[key])
        if before is None:
            continue
        for column, value in row.items():
            if before.get(column, "") != value:
                diff.changed.append(CellChange(row[key], column, before.get(column, ""), value))
    return diff


@dataclass
class Rebased:
    rows: Rows
    conflicts: list[tuple[CellChange, str]]
    """My change and the value a colleague saved in the same cell (theirs is kept)."""


def rebase(base: Rows, mine: Rows, current: Rows, key: str = "zone_id") -> Rebased:
    """Re-apply my edits (base → mine) on top of the current rows (base → theirs).

    Cells only I changed take my value; cells we both changed differently keep theirs and are
    reported as conflicts, so nothing is overwritten silently.
    """
    my_diff = diff_rows(base, mine, key)
    base_by_key = {row[key]: row for row in base}
    merged = [dict(row) for row in current]
    by_key = {row[key]: row for row in merged}
    conflicts: list[tuple[CellChange, str]] = []
    for change in my_diff.changed:
        row = by_key.get(change.key)
        if row is None:
            continue  # they removed the row; my edit to it is dropped and shown as removed
        theirs = row.get(change.column, "")
        base_value = base_by_key[change.key].get(change.column, "")
        if theirs in (base_value, change.new):
            row[change.column] = change.new
        else:
            conflicts.append((change, theirs))
    removed = {row[key] for row in my_diff.removed}
    merged = [row for row in merged if row[key] not in removed]
    present = {row[key] for row in merged}
    merged += [dict(row) for row in my_diff.added if row[key] not in present]
    return Rebased(merged, conflicts)


# --- checking a candidate --------------------------------------------------------------------


@dataclass
class Candidate:
    """A proposed zones table: its validation and, when valid, its canonical rows and diff."""

    checked: CheckedTables
    rows: Rows
    diff: TableDiff
    base_version: str

    @property
    def report(self) -> Report:
        return self.checked.report


EDITABLE_TABLES = {table.name: table for table in (ZONES, TARGETS)}


def _checked_table(checked: CheckedTables, table: Table) -> TypedTable | None:
    return checked.zones if table.name == ZONES.name else checked.targets


def check_candidate(data_dir: Path, raw: RawTable) -> Candidate:
    """Validate a proposed zones or targets table with the rest of the folder; diff it."""
    table = raw.table
    path = data_dir / table.filename
    base_version = content_version(path)
    checked = check_data(data_dir, raw)
    typed = _checked_table(checked, table)
    rows = canonical_rows(typed) if typed is not None and checked.report.ok else []
    current = read_rows(path, table) if path.exists() else []
    diff = diff_rows(current, rows, table.key) if rows else TableDiff()
    return Candidate(checked, rows, diff, base_version)


def check_upload(data_dir: Path, data: bytes, filename: str, table: Table = ZONES) -> Candidate:
    """An uploaded CSV/XLSX as a candidate; an unreadable file is one problem in the report."""
    try:
        raw = read_table_bytes(data, table, filename)
    except ReadError as error:
        checked = CheckedTables(Report([read_problem(error)]), None, None, None, None, {})
        return Candidate(checked, [], TableDiff(), content_version(data_dir / table.filename))
    return check_candidate(data_dir, raw)


# --- writing ---------------------------------------------------------------------------------


def _append_line(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def history_dir(data_dir: Path) -> Path:
    folder = data_dir / HISTORY_DIR
    folder.mkdir(exist_ok=True)
    return folder


def snapshot_path(data_dir: Path, version: str, stem: str = "zones", suffix: str = ".csv") -> Path:
    return data_dir / HISTORY_DIR / f"{stem}-{version}{suffix}"


def _keep_snapshot(data_dir: Path, source: Path, stem: str, suffix: str) -> str:
    version = content_version(source)
    target = snapshot_path(data_dir, version, stem, suffix)
    if source.exists() and not target.exists():
        history_dir(data_dir)
        atomic_write(target, source.read_bytes())
    return version


@dataclass
class SaveRecord:
    version: str
    previous: str
    time: str
    user: str
    action: str
    comment: str
    changes: dict[str, Any]
    files: list[str] = field(default_factory=lambda: [ZONES.filename])

    def summary(self) -> str:
        return (
            f"{len(self.changes.get('added', []))} added, "
            f"{len(self.changes.get('removed', []))} removed, "
            f"{len(self.changes.get('changed', []))} cell(s) changed"
        )


def write_lock(data_dir: Path) -> FileLock:
    return FileLock(str(data_dir / LOCK_FILE), timeout=LOCK_TIMEOUT_S)


@contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the data folder's write lock; a save that waited too long gets BusyError."""
    try:
        with write_lock(data_dir):
            yield
    except Timeout:
        raise BusyError("another save is in progress; try again in a moment") from None


def save_zones(
    data_dir: Path,
    rows: Sequence[dict[str, Any]],
    base_version: str,
    user: str,
    comment: str = "",
    action: str = "edit",
) -> SaveRecord:
    """Validate and save a whole zones table that was edited from `base_version`."""
    return save_table(data_dir, ZONES, rows, base_version, user, comment, action)


def save_table(
    data_dir: Path,
    table: Table,
    rows: Sequence[dict[str, Any]],
    base_version: str,
    user: str,
    comment: str = "",
    action: str = "edit",
) -> SaveRecord:
    """Validate and save a whole zones or targets table that was edited from `base_version`.

    Raises ValidationFailed (nothing written), ConflictError (the file changed meanwhile),
    NothingToSave, or BusyError (another save held the lock too long).
    """
    if not user:
        raise SaveError("saving needs a signed-in user")
    if table.name not in EDITABLE_TABLES:
        raise SaveError(f"{table.filename} cannot be edited here")
    path = data_dir / table.filename
    raw = raw_table_from_rows(rows, table.filename, table)
    with locked(data_dir):
        current_version = content_version(path)
        if current_version != base_version:
            raise ConflictError(
                base_version, current_version, read_rows(path, table), table.filename
            )
        candidate = check_candidate(data_dir, raw)
        if not candidate.report.ok:
            raise ValidationFailed(candidate.report)
        if candidate.diff.is_empty:
            raise NothingToSave("nothing changed: the table is the same as the saved one")
        return _write_logged(data_dir, table, candidate, user, comment, action)


def _write_logged(
    data_dir: Path, table: Table, candidate: Candidate, user: str, comment: str, action: str
) -> SaveRecord:
    path = data_dir / table.filename
    previous = _keep_snapshot(data_dir, path, table.name, ".csv")
    atomic_write(path, rows_to_csv_bytes(candidate.rows, table))
    version = _keep_snapshot(data_dir, path, table.name, ".csv")
    record = SaveRecord(
        version=version,
        previous=previous,
        time=_now(),
        user=user,
        action=action,
        comment=comment.strip(),
        changes=candidate.diff.as_dict(table.key),
        files=[table.filename],
    )
    _append_line(history_dir(data_dir) / CHANGELOG, json.dumps(asdict(record), ensure_ascii=False))
    return record


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# --- history ---------------------------------------------------------------------------------


def history(data_dir: Path) -> list[SaveRecord]:
    """Every logged save, newest first. Unreadable log lines are skipped, not fatal."""
    path = data_dir / HISTORY_DIR / CHANGELOG
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(SaveRecord(**json.loads(line)))
        except (json.JSONDecodeError, TypeError):
            continue
    return records[::-1]


def versions(data_dir: Path, table: Table = ZONES) -> list[str]:
    return [record.version for record in history(data_dir) if table.filename in record.files]


def restore(
    data_dir: Path, version: str, user: str, comment: str = "", table: Table = ZONES
) -> SaveRecord:
    """Make an earlier version of a table current again, as a new logged save."""
    snapshot = snapshot_path(data_dir, version, table.name)
    if not snapshot.exists():
        known = ", ".join(versions(data_dir, table)[:10]) or "none yet"
        raise SaveError(f"version {version} is not in the history. Known versions: {known}")
    base = content_version(data_dir / table.filename)
    return save_table(
        data_dir,
        table,
        read_rows(snapshot, table),
        base,
        user,
        comment or f"restore version {version}",
        action="restore",
    )


def restorable_versions(records: Sequence[SaveRecord]) -> list[tuple[Table, str]]:
    """(table, version) pairs that restoring would change, newest first.

    A table's current version (the newest save touching it) is left out; so is anything the
    change log does not know a snapshot for.
    """
    pairs: list[tuple[Table, str]] = []
    current: dict[str, str] = {}
    for record in records:  # newest first
        table = next((t for t in EDITABLE_TABLES.values() if t.filename == record.files[0]),
                     None)
        if table is None:
            continue
        current.setdefault(table.name, record.version)
        for version in (record.version, record.previous):
            if version != current[table.name] and (table, version) not in pairs:
                pairs.append((table, version))
    return pairs


def records_changes(records: Iterable[SaveRecord]) -> list[dict[str, Any]]:
    return [
        {
            "version": r.version,
            "time": r.time,
            "user": r.user,
            "action": r.action,
            "comment": r.comment,
            "changes": r.summary(),
            "previous": r.previous,
        }
        for r in records
    ]


# --- outlines --------------------------------------------------------------------------------

OUTLINE_PRECISION = "surveyed"


def _outline_collection(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"type": "FeatureCollection", "features": []}
    return json.loads(path.read_text(encoding="utf-8"))


def save_outline(
    data_dir: Path,
    zone_id: str,
    geometry: Any,
    user: str,
    source_id: str | None = None,
    comment: str = "",
) -> SaveRecord:
    """Store a zone's outline in geo/outlines.geojson and mark its position as surveyed.

    The zone row gets location_precision 'surveyed' and, when it had no position, the
    outline's representative point. Both files are validated together before either is
    written, and the change is logged like any save.
    """
    from shapely.geometry import mapping

    from zones.geometry import rfc7946_geometry
    from zones.schema import OUTLINES_FILENAME

    if not user:
        raise SaveError("saving needs a signed-in user")
    zones_path = data_dir / ZONES.filename
    outlines_path = data_dir / OUTLINES_FILENAME
    with locked(data_dir):
        rows = read_rows(zones_path)
        by_id = {row["zone_id"]: row for row in rows}
        if zone_id not in by_id:
            raise SaveError(f"'{zone_id}' is not a zone_id in zones.csv")
        row = by_id[zone_id]
        row["location_precision"] = OUTLINE_PRECISION
        if not row["lat"]:
            point = geometry.representative_point()
            row["lat"], row["lon"] = (
                format_number(round(point.y, 6)),
                format_number(round(point.x, 6)),
            )
        collection = _outline_collection(outlines_path)
        features = [
            f
            for f in collection.get("features", [])
            if (f.get("properties") or {}).get("zone_id") != zone_id
        ]
        properties = {"zone_id": zone_id, **({"source_id": source_id} if source_id else {})}
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": rfc7946_geometry(geometry) or mapping(geometry),
            }
        )
        new_outlines = json.dumps(
            {"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1
        ).encode("utf-8")
        return _write_outline_save(data_dir, rows, new_outlines, zone_id, user, comment)


def _write_outline_save(
    data_dir: Path, rows: Rows, outlines: bytes, zone_id: str, user: str, comment: str
) -> SaveRecord:
    from zones.schema import OUTLINES_FILENAME

    zones_path = data_dir / ZONES.filename
    outlines_path = data_dir / OUTLINES_FILENAME
    # Validate the pair in a scratch copy of the folder before touching the real files.
    with tempfile.TemporaryDirectory(dir=data_dir) as scratch:
        scratch_dir = Path(scratch)
        for name in ("targets.csv", "sources.csv", "provinces.csv"):
            (scratch_dir / name).write_bytes((data_dir / name).read_bytes())
        (scratch_dir / "geo").mkdir()
        (scratch_dir / OUTLINES_FILENAME).write_bytes(outlines)
        (scratch_dir / ZONES.filename).write_bytes(rows_to_csv_bytes(rows))
        report = check_data(scratch_dir).report
    if not report.ok:
        raise ValidationFailed(report)
    previous = _keep_snapshot(data_dir, zones_path, "zones", ".csv")
    _keep_snapshot(data_dir, outlines_path, "outlines", ".geojson")
    current_rows = read_rows(zones_path)
    outlines_path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(outlines_path, outlines)
    atomic_write(zones_path, rows_to_csv_bytes(rows))
    version = _keep_snapshot(data_dir, zones_path, "zones", ".csv")
    _keep_snapshot(data_dir, outlines_path, "outlines", ".geojson")
    changes = diff_rows(current_rows, rows).as_dict()
    changes["outline"] = zone_id
    record = SaveRecord(
        version=version,
        previous=previous,
        time=_now(),
        user=user,
        action="outline",
        comment=comment.strip() or f"outline of {zone_id}",
        changes=changes,
        files=[ZONES.filename, OUTLINES_FILENAME],
    )
    _append_line(history_dir(data_dir) / CHANGELOG, json.dumps(asdict(record), ensure_ascii=False))
    return record
