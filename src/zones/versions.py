"""The one write path: every save of the data folder goes through `commit`.

A version is the whole editable folder (zones.csv, targets.csv, geo/outlines.geojson): its id
is a hash of the files' content hashes, and every file's content is kept once in `history/`
(named by its hash), so any logged version can be brought back exactly.

A save, under the folder's lock:

1. validate the exact bytes to be written, read back from a scratch copy of the folder by the
   same reader the app uses (nothing is written while any error remains);
2. write the journal `history/transaction.json` (what will be created and the log record);
3. keep the old and new content in `history/`, and stage each new file next to its target;
4. append the record to the change log — this line is the commit point;
5. rename the staged files over the current ones, then remove the journal.

Recovery (at the start of every save, and whenever the app loads data) reads a left-over
journal: if the log holds its record the save is finished (roll forward), otherwise everything
the journal lists is removed (roll back). Either way the folder is the old version with no log
entry or the new version with its log entry, and no temporary files are left.

Every I/O error (permission, disk full, read-only history) becomes a `SaveError` carrying a
catalogue `Message`, with the data unchanged. For tests, `ZONES_FAULT_AT=<step>` kills the
process (SIGKILL) at a named step, so a crash can be placed anywhere.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import signal
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from filelock import FileLock, Timeout

from zones.files import atomic_write, fsync_dir
from zones.i18n import Message
from zones.schema import OUTLINES_FILENAME, TARGETS, ZONES

HISTORY_DIR = "history"
CHANGELOG = "changelog.jsonl"
JOURNAL = "transaction.json"
LOCK_FILE = ".zones.lock"
LOCK_TIMEOUT_S = 15.0
SCRATCH_PREFIX = ".scratch-"
MISSING = "missing"
# The files a version covers, as paths relative to the data folder.
VERSIONED_FILES = (ZONES.filename, TARGETS.filename, OUTLINES_FILENAME)
FAULT_ENV = "ZONES_FAULT_AT"
STEPS = ("validated", "journal", "blobs", "staged", "log-torn", "logged", "applying", "applied",
         "done")


class SaveError(Exception):
    """A save was refused or failed; `message` says why and what to do. Nothing was changed."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.text("en"))


class BusyError(SaveError):
    pass


class NothingToSave(SaveError):
    pass


class ValidationFailed(SaveError):
    def __init__(self, report: Any) -> None:
        self.report = report
        super().__init__(Message("save.invalid", {"n": len(report.errors)}))


# --- hashes and versions ---------------------------------------------------------------------


def bytes_hash(data: bytes | None) -> str:
    return MISSING if data is None else hashlib.sha256(data).hexdigest()[:12]


def file_hash(path: Path) -> str:
    """Short content hash of a file ('missing' when absent): a file's version."""
    try:
        return bytes_hash(path.read_bytes())
    except FileNotFoundError:
        return MISSING


def folder_manifest(data_dir: Path) -> dict[str, str]:
    return {name: file_hash(data_dir / name) for name in VERSIONED_FILES}


def version_of(manifest: Mapping[str, str]) -> str:
    text = "\n".join(f"{name}:{manifest.get(name, MISSING)}" for name in VERSIONED_FILES)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def current_version(data_dir: Path) -> str:
    return version_of(folder_manifest(data_dir))


def blob_path(data_dir: Path, name: str, content_hash: str) -> Path:
    """Where one content of one file is kept: history/zones-<hash>.csv."""
    pure = PurePosixPath(name)
    return data_dir / HISTORY_DIR / f"{pure.stem}-{content_hash}{pure.suffix}"


def read_blob(data_dir: Path, name: str, content_hash: str) -> bytes | None:
    """The kept content (None for a file that did not exist); SaveError if it is gone."""
    if content_hash == MISSING:
        return None
    try:
        return blob_path(data_dir, name, content_hash).read_bytes()
    except FileNotFoundError:
        raise SaveError(Message("save.snapshot_missing", {
            "path": str(blob_path(data_dir, name, content_hash))})) from None
    except OSError as error:
        raise SaveError(io_message(error, blob_path(data_dir, name, content_hash))) from None


# --- the change log --------------------------------------------------------------------------


@dataclass
class SaveRecord:
    version: str
    previous: str
    time: str
    user: str
    action: str
    comment: str
    changes: dict[str, Any]
    files: list[str] = field(default_factory=list)
    manifest: dict[str, str] = field(default_factory=dict)
    previous_manifest: dict[str, str] = field(default_factory=dict)
    txid: str = ""

    @classmethod
    def from_json(cls, value: object) -> SaveRecord | None:
        """A record from one log line's JSON; None when it is not a record at all."""
        if not isinstance(value, dict):
            return None
        text = {name: value.get(name) for name in ("version", "previous", "time", "user",
                                                   "action", "comment", "txid")}
        if not isinstance(text["version"], str) or not text["version"]:
            return None
        return cls(
            **{name: item if isinstance(item, str) else "" for name, item in text.items()},
            changes=json_object(value.get("changes")),
            files=[str(f) for f in value.get("files") or [] if isinstance(f, str)]
            if isinstance(value.get("files"), list) else [],
            manifest=_str_dict(value.get("manifest")),
            previous_manifest=_str_dict(value.get("previous_manifest")),
        )

    def restorable_manifest(self) -> dict[str, str]:
        """The files this version had. Logs written before whole-folder versions name one
        table and its content hash, so only that table can be brought back."""
        if self.manifest:
            return dict(self.manifest)
        return {self.files[0]: self.version} if self.files else {}


def json_object(value: object) -> dict[str, Any]:
    """`value` if a log line's JSON gave an object there, else an empty one."""
    return value if isinstance(value, dict) else {}


def _str_dict(value: object) -> dict[str, str]:
    return {str(k): str(v) for k, v in json_object(value).items()}


@dataclass
class Log:
    records: list[SaveRecord]
    """Newest first."""
    unreadable: int = 0
    """Lines that are not records (torn by a crash, edited by hand); they are skipped."""


def changelog_path(data_dir: Path) -> Path:
    return data_dir / HISTORY_DIR / CHANGELOG


def read_log(data_dir: Path) -> Log:
    """Every logged save, newest first; a line that cannot be read never hides the others."""
    try:
        data = changelog_path(data_dir).read_bytes()
    except FileNotFoundError:
        return Log([])
    except OSError as error:
        raise SaveError(io_message(error, changelog_path(data_dir))) from None
    records, unreadable = [], 0
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        try:
            record = SaveRecord.from_json(json.loads(line.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError):
            record = None
        if record is None:
            unreadable += 1
        else:
            records.append(record)
    return Log(records[::-1], unreadable)


def _append_record(data_dir: Path, record: SaveRecord) -> None:
    """Append one line; a failed append is cut off again so the log never keeps half a line."""
    path = changelog_path(data_dir)
    line = json.dumps(asdict(record), ensure_ascii=False).encode("utf-8") + b"\n"
    with path.open("ab") as handle:
        size = handle.tell()
        try:
            if size and _last_byte(path) != b"\n":
                handle.write(b"\n")  # a line torn by hand or by a disk stays on its own
            if os.environ.get(FAULT_ENV) == "log-torn":
                handle.write(line[: len(line) // 2])
                handle.flush()
                os.fsync(handle.fileno())
            _fault("log-torn")
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        except OSError:
            handle.truncate(size)
            raise


def _last_byte(path: Path) -> bytes:
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1)


def _logged(data_dir: Path, txid: str) -> bool:
    return any(record.txid == txid for record in read_log(data_dir).records)


# --- lock, faults, messages ------------------------------------------------------------------


@contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the data folder's write lock; a save that waited too long gets BusyError."""
    try:
        with FileLock(str(data_dir / LOCK_FILE), timeout=LOCK_TIMEOUT_S):
            yield
    except Timeout:
        raise BusyError(Message("save.busy")) from None
    except OSError as error:
        if isinstance(error, SaveError):
            raise
        raise SaveError(io_message(error, data_dir / LOCK_FILE)) from None


@contextmanager
def writing(data_dir: Path) -> Iterator[None]:
    """The write lock, with any interrupted save finished or undone first."""
    with locked(data_dir):
        try:
            recover(data_dir)
        except OSError as error:
            raise SaveError(io_message(error)) from None
        yield


def _fault(step: str) -> None:
    if os.environ.get(FAULT_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def io_message(error: OSError, path: Path | None = None) -> Message:
    """An I/O error as a message naming the file and the fix; the data is unchanged."""
    where = str(path or error.filename or "")
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return Message("save.disk_full", {"path": where})
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Message("save.not_writable", {"path": where})
    return Message("save.io_error", {"path": where, "reason": error.strerror or str(error)})


# --- commit ----------------------------------------------------------------------------------


Check = Callable[[Path], Any]
"""Validates a whole data folder; returns a report with `.ok` and `.errors`."""


def commit(
    data_dir: Path,
    new_files: Mapping[str, bytes | None],
    *,
    check: Check,
    folder_files: Sequence[str],
    user: str,
    action: str,
    comment: str,
    changes: dict[str, Any],
) -> SaveRecord:
    """Write `new_files` (None deletes a file) as one logged version. The caller holds `locked`.

    Raises ValidationFailed when the folder with these exact bytes would not be valid,
    NothingToSave when no file changes, SaveError for an I/O error (nothing changed).
    """
    before = folder_manifest(data_dir)
    writes = {name: data for name, data in new_files.items() if bytes_hash(data) != before[name]}
    if not writes:
        raise NothingToSave(Message("save.nothing"))
    _validate(data_dir, writes, check, folder_files)
    _fault("validated")
    after = {**before, **{name: bytes_hash(data) for name, data in writes.items()}}
    txid = uuid.uuid4().hex[:12]
    record = SaveRecord(
        version=version_of(after), previous=version_of(before), time=_now(), user=user,
        action=action, comment=comment.strip(), changes=changes, files=sorted(writes),
        manifest=after, previous_manifest=before, txid=txid,
    )
    journal = _Journal(txid, asdict(record), {}, [])
    try:
        (data_dir / HISTORY_DIR).mkdir(exist_ok=True)
        wanted = _wanted_blobs(data_dir, before, after, writes)
        journal.blobs = [str(blob_path(data_dir, name, h).relative_to(data_dir))
                         for name, h in wanted]
        journal.staged = {name: _staged_name(name, txid) for name, data in writes.items()
                          if data is not None}
        journal.write(data_dir)
        _fault("journal")
        _keep_blobs(data_dir, wanted, writes)
        _fault("blobs")
        for name, staged in journal.staged.items():
            _write_staged(data_dir / staged, writes[name] or b"", data_dir / name)
        _fault("staged")
        _append_record(data_dir, record)
    except OSError as error:
        _roll_back_quietly(data_dir)
        raise SaveError(io_message(error)) from None
    _fault("logged")
    try:
        _roll_forward(data_dir, journal)
    except OSError as error:  # the log has it: recovery finishes it on the next start
        raise SaveError(Message("save.unfinished", {"reason": error.strerror or str(error)})
                        ) from None
    _fault("done")
    return record


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _validate(data_dir: Path, writes: Mapping[str, bytes | None], check: Check,
              folder_files: Sequence[str]) -> None:
    """Check the folder as it would be, read back from disk by the same reader."""
    scratch = data_dir / HISTORY_DIR / f"{SCRATCH_PREFIX}{uuid.uuid4().hex[:8]}"
    try:
        for name in folder_files:
            target = scratch / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if name in writes:
                if writes[name] is not None:
                    target.write_bytes(writes[name] or b"")
            elif (data_dir / name).exists():
                shutil.copyfile(data_dir / name, target)
        report = check(scratch)
    except OSError as error:
        raise SaveError(io_message(error)) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not report.ok:
        raise ValidationFailed(report)


def _wanted_blobs(data_dir: Path, before: Mapping[str, str], after: Mapping[str, str],
                  writes: Mapping[str, bytes | None]) -> list[tuple[str, str]]:
    """Every content of both versions not kept yet: a version must be restorable whole."""
    wanted = {(name, manifest[name]) for name in VERSIONED_FILES for manifest in (before, after)}
    return sorted((name, h) for name, h in wanted
                  if h != MISSING and not blob_path(data_dir, name, h).exists())


def _keep_blobs(data_dir: Path, wanted: Sequence[tuple[str, str]],
                writes: Mapping[str, bytes | None]) -> None:
    for name, content_hash in wanted:
        data = writes.get(name)
        if data is None or bytes_hash(data) != content_hash:
            data = (data_dir / name).read_bytes()  # the current content
        atomic_write(blob_path(data_dir, name, content_hash), data)


def _staged_name(name: str, txid: str) -> str:
    pure = PurePosixPath(name)
    return str(pure.with_name(f".{pure.name}.{txid}.tmp"))


def _write_staged(staged: Path, data: bytes, target: Path) -> None:
    staged.parent.mkdir(parents=True, exist_ok=True)
    with staged.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    if target.exists():
        os.chmod(staged, target.stat().st_mode & 0o777)


@dataclass
class _Journal:
    txid: str
    record: dict[str, Any]
    staged: dict[str, str]
    blobs: list[str]

    @staticmethod
    def path(data_dir: Path) -> Path:
        return data_dir / HISTORY_DIR / JOURNAL

    def write(self, data_dir: Path) -> None:
        atomic_write(self.path(data_dir), json.dumps(asdict(self)).encode("utf-8"))

    @classmethod
    def read(cls, data_dir: Path) -> _Journal | None:
        try:
            value = json.loads(cls.path(data_dir).read_text(encoding="utf-8"))
            return cls(str(value["txid"]), dict(value["record"]), dict(value["staged"]),
                       list(value["blobs"]))
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):  # written atomically, so never torn; be safe
            return cls("", {}, {}, [])


def _roll_forward(data_dir: Path, journal: _Journal) -> None:
    """Make the journal's version current (idempotent), then drop the journal."""
    manifest = _str_dict(journal.record.get("manifest"))
    for name in sorted(set(journal.staged) | set(journal.record.get("files") or [])):
        target = data_dir / name
        staged = data_dir / journal.staged[name] if name in journal.staged else None
        wanted = manifest.get(name, MISSING)
        if staged is not None and staged.exists():
            os.replace(staged, target)
        elif wanted == MISSING:
            target.unlink(missing_ok=True)
        elif file_hash(target) != wanted:
            atomic_write(target, blob_path(data_dir, name, wanted).read_bytes())
        fsync_dir(target.parent)
        _fault("applying")
    _fault("applied")
    _Journal.path(data_dir).unlink(missing_ok=True)
    fsync_dir(data_dir / HISTORY_DIR)


def _roll_back(data_dir: Path, journal: _Journal) -> None:
    """Undo a save that never reached the log: remove what it staged and created."""
    for relative in [*journal.staged.values(), *journal.blobs]:
        (data_dir / relative).unlink(missing_ok=True)
    _cut_torn_tail(changelog_path(data_dir))
    _Journal.path(data_dir).unlink(missing_ok=True)
    fsync_dir(data_dir / HISTORY_DIR)


def _cut_torn_tail(path: Path) -> None:
    """Drop half a line left by an append that crashed (appends hold the lock, so it is ours)."""
    if not path.exists() or not path.stat().st_size or _last_byte(path) == b"\n":
        return
    data = path.read_bytes()
    with path.open("r+b") as handle:
        handle.truncate(data.rfind(b"\n") + 1)
        os.fsync(handle.fileno())


def _roll_back_quietly(data_dir: Path) -> None:
    journal = _Journal.read(data_dir)
    if journal is None:
        return
    with suppress(OSError):  # else left for recovery: without a log line it rolls back too
        _roll_back(data_dir, journal)


# --- recovery --------------------------------------------------------------------------------


def recover(data_dir: Path) -> str | None:
    """Finish or undo a save interrupted by a crash; remove temporary files. Hold `locked`.

    Returns "forward" or "back" when a journal was found, None otherwise.
    """
    outcome = None
    journal = _Journal.read(data_dir)
    if journal is not None:
        if journal.txid and _logged(data_dir, journal.txid):
            _roll_forward(data_dir, journal)
            outcome = "forward"
        else:
            _roll_back(data_dir, journal)
            outcome = "back"
    _remove_temporary_files(data_dir)
    return outcome


def _remove_temporary_files(data_dir: Path) -> None:
    folders = {data_dir, data_dir / HISTORY_DIR,
               *((data_dir / name).parent for name in VERSIONED_FILES)}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.glob(".*.tmp"):
            path.unlink(missing_ok=True)
        for path in folder.glob(f"{SCRATCH_PREFIX}*"):
            shutil.rmtree(path, ignore_errors=True)


def recover_if_needed(data_dir: Path) -> Message | None:
    """Called when data is loaded: finish an interrupted save before anyone reads the folder.

    Cheap when there is nothing to do (one stat). A folder that cannot be written (a
    read-only deployment) is left as it is and a message says so.
    """
    if not _Journal.path(data_dir).exists():
        return None
    try:
        with locked(data_dir):
            recover(data_dir)
    except SaveError as error:
        return error.message
    except OSError as error:
        return io_message(error)
    return None
