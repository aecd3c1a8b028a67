"""The assertion every hostile case ends with: the data folder is whole and honest.

    before = FolderState.of(data_dir)
    ... run the hostile thing (a bad upload, a crash, a full disk) ...
    outcome = assert_consistent(data_dir, before)   # "old" or "new"

After recovery (what the next start of the app or CLI does), the folder must be either the
old version with nothing new in the log, or a new version with exactly one new log entry that
names it; valid; every logged version restorable; and no temporary files left behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zones.validate import check_data
from zones.versions import (
    HISTORY_DIR,
    JOURNAL,
    MISSING,
    SCRATCH_PREFIX,
    VERSIONED_FILES,
    blob_path,
    current_version,
    folder_manifest,
    read_log,
    recover_if_needed,
)


@dataclass(frozen=True)
class FolderState:
    version: str
    manifest: dict[str, str]
    files: dict[str, bytes | None]
    txids: tuple[str, ...]
    valid: bool

    @classmethod
    def of(cls, data_dir: Path) -> FolderState:
        files = {name: (data_dir / name).read_bytes() if (data_dir / name).exists() else None
                 for name in VERSIONED_FILES}
        return cls(current_version(data_dir), folder_manifest(data_dir), files,
                   tuple(r.txid for r in read_log(data_dir).records),
                   check_data(data_dir).report.ok)


def temporary_files(data_dir: Path) -> list[Path]:
    """Files a save leaves only while it runs: staged/atomic temporaries, scratch, journal."""
    found = [p for p in data_dir.rglob(".*.tmp")]
    found += [p for p in data_dir.rglob(f"{SCRATCH_PREFIX}*")]
    found += [p for p in [data_dir / HISTORY_DIR / JOURNAL] if p.exists()]
    return sorted(found)


def assert_consistent(data_dir: Path, before: FolderState, recover: bool = True) -> str:
    """Assert the folder is the old or the new version, valid, logged to match; return which.

    `recover` first runs what the next start runs (finishing or undoing an interrupted save).
    """
    if recover:
        assert recover_if_needed(data_dir) is None
    assert temporary_files(data_dir) == []
    log = read_log(data_dir)
    new_records = [r for r in log.records if r.txid not in before.txids]
    if current_version(data_dir) == before.version:
        assert new_records == [], f"old version current but logged: {new_records}"
        for name, data in before.files.items():
            now = (data_dir / name).read_bytes() if (data_dir / name).exists() else None
            assert now == data, f"{name} changed although the version did not"
        outcome = "old"
    else:
        assert len(new_records) == 1, f"new version needs exactly one log entry: {new_records}"
        [record] = new_records
        assert record.version == current_version(data_dir)
        assert record.manifest == folder_manifest(data_dir)
        assert record.previous == before.version
        assert record.previous_manifest == before.manifest
        for manifest in (record.manifest, record.previous_manifest):
            for name, content_hash in manifest.items():
                assert content_hash == MISSING or blob_path(data_dir, name,
                                                            content_hash).exists(), name
        outcome = "new"
    if before.valid:
        report = check_data(data_dir).report
        assert report.ok, [str(p) for p in report.errors]
    return outcome


def assert_clear_message(text: str) -> None:
    """What a person was told: something, and no Python traceback or exception repr."""
    assert text.strip(), "no message at all"
    for leak in ("Traceback", "Error(", "Exception", 'File "'):
        assert leak not in text, f"{leak!r} in {text!r}"
