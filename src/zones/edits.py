"""Staff edits: check a proposed table, show what it changes, and save it through the one
write path (`zones.versions.commit`).

- Every save validates the whole folder with the exact bytes to be written; nothing is written
  while any error remains.
- No lost updates: a save names the version of its table it was based on; if the file changed
  since, the save is refused with the other change, and the editor can re-apply on top.
- A version covers the whole data folder (zones, targets, outlines): restoring one brings back
  exactly what was current then, as a new logged save.
- Nothing here imports pandas or geopandas, so saving stays quick in any process.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from zones.formatting import format_timestamp
from zones.i18n import Message
from zones.readers import (
    FOLDER_LIMITS,
    RawTable,
    ReadError,
    read_grid_rows,
    read_table_bytes,
)
from zones.schema import OUTLINES_FILENAME, TARGETS, ZONES, Table
from zones.store import data_files
from zones.validate import CheckedTables, Report, TypedTable, check_data, read_problem
from zones.versions import (
    VERSIONED_FILES,
    BusyError,
    NothingToSave,
    SaveError,
    SaveRecord,
    ValidationFailed,
    bytes_hash,
    commit,
    current_version,
    file_hash,
    json_object,
    read_blob,
    read_log,
    writing,
)

__all__ = ["BusyError", "NothingToSave", "SaveError", "SaveRecord", "ValidationFailed"]

Rows = list[dict[str, str]]


class ConflictError(SaveError):
    """The file changed since the editor loaded it (a colleague saved)."""

    def __init__(self, base_version: str, current_version: str, current_rows: Rows,
                 filename: str) -> None:
        self.base_version = base_version
        self.current_version = current_version
        self.current_rows = current_rows
        super().__init__(Message("save.conflict", {"file": filename, "base": base_version,
                                                   "current": current_version}))


# --- versions and canonical text -------------------------------------------------------------


def content_version(path: Path) -> str:
    """Short content hash of a file: the version that saves of one table are checked against."""
    return file_hash(path)


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


def rows_to_csv_bytes(rows: Rows, table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=table.column_names, lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def read_rows(path: Path, table: Table) -> Rows:
    """Rows of a file as text, with every contract column present (ReadError if unreadable)."""
    raw = read_table_bytes(path.read_bytes(), table, path.name, FOLDER_LIMITS)
    return raw_rows(raw)


def current_rows(data_dir: Path, table: Table) -> Rows | None:
    """The table's rows now: [] when the file is absent, None when it cannot be read."""
    path = data_dir / table.filename
    try:
        return read_rows(path, table)
    except FileNotFoundError:
        return []
    except (ReadError, OSError):
        return None


def raw_rows(raw: RawTable) -> Rows:
    return [{column: row.get(column, "") for column in raw.table.column_names} for row in raw.rows]


def raw_table_from_rows(rows: Sequence[dict[str, Any]], source: str, table: Table) -> RawTable:
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

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed),
                "changed": len(self.changed)}

    def summary(self) -> Message:
        return Message("history.summary", self.counts())

    def lines(self, key: str) -> list[str]:
        """Readable lines: '+ added', '- removed', '~ id column: old → new'."""
        out = [f"+ {row[key]}  {row.get('name', '')}".rstrip() for row in self.added]
        out += [f"- {row[key]}  {row.get('name', '')}".rstrip() for row in self.removed]
        out += [
            f"~ {c.key} {c.column}: {c.old or '(empty)'} → {c.new or '(empty)'}"
            for c in self.changed
        ]
        return out

    def as_dict(self, key: str) -> dict[str, Any]:
        return {
            "added": [row[key] for row in self.added],
            "removed": [row[key] for row in self.removed],
            "changed": [asdict(change) for change in self.changed],
        }


def diff_rows(old: Rows, new: Rows, key: str) -> TableDiff:
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


def rebase(base: Rows, mine: Rows, current: Rows, key: str) -> Rebased:
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

EDITABLE_TABLES = {table.name: table for table in (ZONES, TARGETS)}


@dataclass
class Candidate:
    """A proposed table: its validation and, when valid, its canonical rows and the diff
    against the version it was checked against (`base_version`, `base_rows`)."""

    table: Table
    checked: CheckedTables
    rows: Rows
    diff: TableDiff
    base_version: str
    base_rows: Rows | None
    """None when the current file could not be read (the diff then lists every row as new)."""

    @property
    def report(self) -> Report:
        return self.checked.report

    @property
    def current_unreadable(self) -> bool:
        return self.base_rows is None

    @property
    def changes_something(self) -> bool:
        return self.report.ok and (not self.diff.is_empty or self.current_unreadable)


def _checked_table(checked: CheckedTables, table: Table) -> TypedTable | None:
    return checked.zones if table.name == ZONES.name else checked.targets


def check_candidate(data_dir: Path, raw: RawTable, base_rows: Rows | None = None,
                    base_version: str | None = None) -> Candidate:
    """Validate a proposed table with the rest of the folder and diff it.

    The diff is against `base_rows` (what an editor started from) or else the current file.
    The current file is never required to be readable: a broken table can be replaced.
    """
    table = raw.table
    path = data_dir / table.filename
    if base_rows is None:
        base_version, base_rows = content_version(path), current_rows(data_dir, table)
    checked = check_data(data_dir, raw)
    typed = _checked_table(checked, table)
    rows = canonical_rows(typed) if typed is not None and checked.report.ok else []
    diff = diff_rows(base_rows or [], rows, table.key) if checked.report.ok else TableDiff()
    return Candidate(table, checked, rows, diff, base_version or content_version(path),
                     base_rows)


def check_edit(data_dir: Path, table: Table, rows: Sequence[dict[str, Any]], base_rows: Rows,
               base_version: str) -> Candidate:
    """An editor's rows, checked, with the diff against the rows the editor started from.

    Cells are read as staff typed them (readers.read_grid_rows); ReadError for a cell no
    table may hold.
    """
    raw = read_grid_rows(rows, table, table.filename)
    return check_candidate(data_dir, raw, base_rows, base_version)


def check_upload(data_dir: Path, data: bytes, filename: str, table: Table) -> Candidate:
    """An uploaded CSV/XLSX as a candidate; an unreadable file is one problem in the report.

    The base version is fixed here, when the file is checked: applying it later is refused
    if a colleague saved the table in between.
    """
    try:
        raw = read_table_bytes(data, table, filename)
    except ReadError as error:
        checked = CheckedTables(Report([read_problem(error)]), None, None, None, None, {})
        path = data_dir / table.filename
        return Candidate(table, checked, [], TableDiff(), content_version(path),
                         current_rows(data_dir, table))
    return check_candidate(data_dir, raw)


# --- saving ----------------------------------------------------------------------------------


def _need_user(user: str) -> None:
    if not user:
        raise SaveError(Message("save.needs_user"))


def _check_folder(folder: Path) -> Report:
    return check_data(folder).report


def _commit(data_dir: Path, new_files: dict[str, bytes | None], user: str, action: str,
            comment: str, changes: dict[str, Any]) -> SaveRecord:
    folder_files = [str(path.relative_to(data_dir)) for path in data_files(data_dir)]
    return commit(data_dir, new_files, check=_check_folder, folder_files=folder_files,
                  user=user, action=action, comment=comment, changes=changes)


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
    NothingToSave, BusyError (another save held the lock too long) or SaveError (I/O).
    """
    _need_user(user)
    if table.name not in EDITABLE_TABLES:
        raise SaveError(Message("save.not_editable", {"file": table.filename}))
    raw = raw_table_from_rows(rows, table.filename, table)
    with writing(data_dir):
        now = content_version(data_dir / table.filename)
        if now != base_version:
            raise ConflictError(base_version, now, current_rows(data_dir, table) or [],
                                table.filename)
        candidate = check_candidate(data_dir, raw)
        if not candidate.report.ok:
            raise ValidationFailed(candidate.report)
        if not candidate.changes_something:
            raise NothingToSave(Message("save.nothing"))
        data = rows_to_csv_bytes(candidate.rows, table)
        return _commit(data_dir, {table.filename: data}, user, action, comment,
                       {table.filename: candidate.diff.as_dict(table.key)})


# --- versions of the whole folder ------------------------------------------------------------


@dataclass
class FolderChange:
    """What making some files current would change: per file, its diff (None if the current
    file cannot be read, so there is nothing to compare with)."""

    files: dict[str, bytes | None]
    diffs: dict[str, TableDiff | None]

    @property
    def is_empty(self) -> bool:
        return not self.files

    def as_changes(self) -> dict[str, Any]:
        return {name: (diff.as_dict(_key_of(name)) if diff is not None else {"replaced": True})
                for name, diff in self.diffs.items()}

    def summaries(self) -> list[Message]:
        out = []
        for name, diff in self.diffs.items():
            if diff is None:
                out.append(Message("save.current_unreadable", {"file": name}))
            else:
                out.append(Message("restore.file_changes", {"file": name,
                                                            "summary": diff.summary()}))
        return out


def _key_of(name: str) -> str:
    table = next((t for t in EDITABLE_TABLES.values() if t.filename == name), None)
    return table.key if table is not None else "zone_id"


def folder_change(data_dir: Path, new_files: dict[str, bytes | None]) -> FolderChange:
    changed = {name: data for name, data in new_files.items()
               if file_hash(data_dir / name) != bytes_hash(data)}
    diffs: dict[str, TableDiff | None] = {}
    for name, data in changed.items():
        table = next((t for t in EDITABLE_TABLES.values() if t.filename == name), None)
        if table is not None:
            diffs[name] = _table_diff(data_dir, table, data)
        else:
            diffs[name] = _outlines_diff(data_dir / name, data)
    return FolderChange(changed, diffs)


def _table_diff(data_dir: Path, table: Table, data: bytes | None) -> TableDiff | None:
    before = current_rows(data_dir, table)
    if before is None:
        return None
    try:
        after = (raw_rows(read_table_bytes(data, table, table.filename, FOLDER_LIMITS))
                 if data else [])
    except ReadError:
        return None
    return diff_rows(before, after, table.key)


def _outline_features(data: bytes | None) -> dict[str, str] | None:
    if data is None:
        return {}
    try:
        features = json.loads(data.decode("utf-8")).get("features") or []
        return {str((f.get("properties") or {}).get("zone_id")): json.dumps(f.get("geometry"))
                for f in features}
    except (ValueError, AttributeError, TypeError):
        return None


def _outlines_diff(path: Path, data: bytes | None) -> TableDiff | None:
    try:
        before = _outline_features(path.read_bytes())
    except FileNotFoundError:
        before = {}
    after = _outline_features(data)
    if before is None or after is None:
        return None
    return TableDiff(
        added=[{"zone_id": z} for z in after if z not in before],
        removed=[{"zone_id": z} for z in before if z not in after],
        changed=[CellChange(z, "geometry", "", "") for z in after
                 if z in before and before[z] != after[z]],
    )


def version_manifest(data_dir: Path, version: str) -> dict[str, str]:
    """The files of a logged version; SaveError naming the known ones if it is not logged."""
    for record in read_log(data_dir).records:
        if record.version == version:
            return record.restorable_manifest()
        if record.previous == version and record.previous_manifest:
            return dict(record.previous_manifest)
    known = ", ".join(v for v, _ in restorable_versions(data_dir)[:10])
    raise SaveError(Message("save.unknown_version", {"version": version,
                                                     "known": known or "—"}))


def restore_preview(data_dir: Path, version: str) -> FolderChange:
    """What restoring `version` would change, file by file (the current files may be broken)."""
    manifest = version_manifest(data_dir, version)
    files = {name: read_blob(data_dir, name, h) for name, h in manifest.items()
             if name in VERSIONED_FILES}
    return folder_change(data_dir, files)


def restore(data_dir: Path, version: str, user: str, comment: str = "") -> SaveRecord:
    """Make the whole folder as it was at `version` current again, as a new logged save."""
    _need_user(user)
    with writing(data_dir):
        change = restore_preview(data_dir, version)
        if change.is_empty:
            raise NothingToSave(Message("save.nothing"))
        return _commit(data_dir, change.files, user, "restore", comment,
                       {**change.as_changes(), "restored": version})


def history(data_dir: Path) -> list[SaveRecord]:
    """Every logged save, newest first (unreadable log lines are skipped; see `read_log`)."""
    return read_log(data_dir).records


def restorable_versions(data_dir: Path) -> list[tuple[str, str]]:
    """(version, time it was saved) of every version the log can bring back, newest first,
    without the current one. A version current before the first logged save has no time."""
    now = current_version(data_dir)
    seen: dict[str, str] = {}
    for record in read_log(data_dir).records:
        if record.restorable_manifest():
            seen.setdefault(record.version, record.time)
        if record.previous_manifest:
            seen.setdefault(record.previous, "")
    return [(version, time) for version, time in seen.items() if version != now]


def change_counts(changes: object) -> dict[str, int]:
    """Rows added, removed and cells changed in a logged change, over all its files.

    Accepts what older logs wrote (one table's lists at the top level) and anything torn or
    edited by hand (counted as nothing) — the history never fails on a log line.
    """
    counts = {"added": 0, "removed": 0, "changed": 0}
    if not isinstance(changes, dict):
        return counts
    parts = [changes] if "added" in changes else [v for v in changes.values()
                                                   if isinstance(v, dict)]
    for part in parts:
        for name in counts:
            value = part.get(name)
            counts[name] += len(value) if isinstance(value, list) else 0
    return counts


def record_summary(record: SaveRecord) -> Message:
    return Message("history.summary", change_counts(record.changes))


def history_rows(records: Iterable[SaveRecord], lang: str) -> list[dict[str, str]]:
    """The history as a table with labelled columns in `lang`."""
    from zones.i18n import has, render

    def label(name: str) -> str:
        return render(f"history.col.{name}", lang)

    rows = []
    for record in records:
        action = f"action.{record.action}"
        rows.append({
            label("version"): record.version,
            label("time"): format_timestamp(record.time, lang, missing=""),
            label("user"): record.user,
            label("action"): render(action, lang) if has(action) else record.action,
            label("files"): ", ".join(record.files),
            label("changes"): record_summary(record).text(lang),
            label("comment"): record.comment,
        })
    return rows


# --- outlines --------------------------------------------------------------------------------

OUTLINE_PRECISION = "surveyed"


class OutlineNeedsOverride(SaveError):
    """The outline is far off the zone's point or recorded area; `reasons` say how far."""

    def __init__(self, reasons: list[Message]) -> None:
        self.reasons = reasons
        super().__init__(Message("outline.needs_override"))


def _outline_collection(data: bytes | None) -> dict[str, Any]:
    if not data:
        return {"type": "FeatureCollection", "features": []}
    try:
        value = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        value = None
    if not isinstance(value, dict) or not isinstance(value.get("features"), list):
        value = {"type": "FeatureCollection", "features": []}  # broken: replaced, validated
    return value


def _feature_zone(feature: object) -> object:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return properties.get("zone_id") if isinstance(properties, dict) else None


def _zone_rows_for_outline(data_dir: Path, zone_id: str) -> tuple[Rows, dict[str, str]]:
    rows = current_rows(data_dir, ZONES)
    if rows is None:
        raise SaveError(Message("save.current_unreadable", {"file": ZONES.filename}))
    by_id = {row["zone_id"]: row for row in rows}
    if zone_id not in by_id:
        raise SaveError(Message("save.unknown_zone", {"zone_id": zone_id}))
    return rows, by_id[zone_id]


def _outlines_bytes(collection: dict[str, Any]) -> bytes:
    try:
        text = json.dumps(collection, ensure_ascii=False, indent=1, allow_nan=False)
    except ValueError:  # NaN or infinite coordinates
        raise SaveError(Message("save.bad_geometry")) from None
    return text.encode("utf-8")


def _outline_files(data_dir: Path, rows: Rows, features: list) -> dict[str, bytes | None]:
    outlines_path = data_dir / OUTLINES_FILENAME
    collection = _outline_collection(outlines_path.read_bytes() if outlines_path.exists()
                                     else None)
    return {
        ZONES.filename: rows_to_csv_bytes(rows, ZONES),
        OUTLINES_FILENAME: _outlines_bytes({**collection, "features": features}),
    }


def _current_features(data_dir: Path) -> list:
    path = data_dir / OUTLINES_FILENAME
    return list(_outline_collection(path.read_bytes() if path.exists() else None)["features"])


def save_outline(
    data_dir: Path,
    zone_id: str,
    geometry: Any,
    user: str,
    source_id: str | None = None,
    comment: str = "",
    force: bool = False,
) -> SaveRecord:
    """Store a zone's outline and mark its position as surveyed, as one logged version.

    The zone row gets location_precision 'surveyed' and, when it had no position, the
    outline's representative point. An outline far from the zone's point or far off its
    recorded area is refused (OutlineNeedsOverride) unless `force` and a `comment` say why.
    """
    from zones.geometry import rfc7946_geometry
    from zones.outlines import far_off_reasons
    from zones.validate.outlines import check_outline_geometry

    _need_user(user)
    with writing(data_dir):
        rows, row = _zone_rows_for_outline(data_dir, zone_id)
        broken = Report(check_outline_geometry(OUTLINES_FILENAME, 1, geometry))
        if not broken.ok:  # an invalid polygon is refused before asking about distances
            raise ValidationFailed(broken)
        reasons = far_off_reasons(geometry, row)
        if reasons and not (force and comment.strip()):
            raise OutlineNeedsOverride(reasons)
        row["location_precision"] = OUTLINE_PRECISION
        if not row["lat"]:
            point = geometry.representative_point()
            row["lat"], row["lon"] = (format_number(round(point.y, 6)),
                                      format_number(round(point.x, 6)))
        features = [f for f in _current_features(data_dir) if _feature_zone(f) != zone_id]
        properties = {"zone_id": zone_id, **({"source_id": source_id} if source_id else {})}
        features.append({"type": "Feature", "properties": properties,
                         "geometry": rfc7946_geometry(geometry)})
        change = folder_change(data_dir, _outline_files(data_dir, rows, features))
        return _commit(data_dir, change.files, user, "outline", comment,
                       change.as_changes())


OUTLINE_POSITION_COLUMNS = ("location_precision", "lat", "lon")


def cells_set_by_outline_save(data_dir: Path, zone_id: str) -> list[CellChange]:
    """The zone's position cells that its newest logged outline save changed (old → new).

    Empty when no outline save in the log changed them: the outline came with the data, or
    the zone was already marked surveyed.
    """
    for record in read_log(data_dir).records:
        if record.action != "outline":
            continue
        changed = _dict_list(json_object(record.changes.get(ZONES.filename)).get("changed"))
        cells = [CellChange(zone_id, str(c.get("column")), str(c.get("old", "")),
                            str(c.get("new", "")))
                 for c in changed
                 if c.get("key") == zone_id and c.get("column") in OUTLINE_POSITION_COLUMNS]
        if cells:
            return cells
    return []


def _dict_list(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _rows_without_outline_position(data_dir: Path, zone_id: str) -> Rows | None:
    """The zone rows with the position cells the outline save set put back as they were,
    each only while it still holds what the save wrote; None when nothing goes back."""
    cells = cells_set_by_outline_save(data_dir, zone_id)
    if not cells:
        return None
    rows = current_rows(data_dir, ZONES)
    row = next((r for r in rows or [] if r.get("zone_id") == zone_id), None)
    if row is None:  # the zone row is gone or unreadable: only the outline goes
        return None
    reverted = False
    for cell in cells:
        if row.get(cell.column) == cell.new:
            row[cell.column] = cell.old
            reverted = True
    return rows if reverted else None


def delete_outline_preview(data_dir: Path, zone_id: str) -> FolderChange:
    """What deleting a zone's outline changes: the outline, and the zone's position cells
    that saving it had set (precision 'surveyed', a point taken from the outline) go back to
    what they were, unless someone has changed them since."""
    features = _current_features(data_dir)
    kept = [f for f in features if _feature_zone(f) != zone_id]
    if len(kept) == len(features):
        raise SaveError(Message("save.no_outline", {"zone_id": zone_id}))
    path = data_dir / OUTLINES_FILENAME
    collection = _outline_collection(path.read_bytes())
    files: dict[str, bytes | None] = {
        OUTLINES_FILENAME: _outlines_bytes({**collection, "features": kept})}
    rows = _rows_without_outline_position(data_dir, zone_id)
    if rows is not None:
        files[ZONES.filename] = rows_to_csv_bytes(rows, ZONES)
    return folder_change(data_dir, files)


def delete_outline(data_dir: Path, zone_id: str, user: str, comment: str = "") -> SaveRecord:
    """Remove a zone's outline, as one logged version (restorable like any other)."""
    _need_user(user)
    with writing(data_dir):
        change = delete_outline_preview(data_dir, zone_id)
        return _commit(data_dir, change.files, user, "outline_delete", comment,
                       change.as_changes())
