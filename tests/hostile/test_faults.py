"""Faults during saves: kill -9 at every step, a full disk, read-only history, torn logs,
concurrent savers from the app and the CLI, a broken current file.

Every case ends with `assert_consistent`: after recovery the folder is the old version with
nothing logged or the new version with its one log entry, valid, with no temporary files; and
every refusal is a clear message (no traceback), in Vietnamese and English.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from shapely.geometry import box

from conftest import ROOT, make_data_dir
from hostile.checks import FolderState, assert_clear_message, assert_consistent
from zones.edits import (
    ConflictError,
    check_upload,
    content_version,
    history_rows,
    read_rows,
    restore,
    save_outline,
    save_table,
)
from zones.schema import TARGETS, ZONES
from zones.versions import (
    FAULT_ENV,
    STEPS,
    BusyError,
    SaveError,
    ValidationFailed,
    current_version,
    read_log,
)

COMMITTED_FROM = STEPS.index("logged")
NEAR_NHON_HOA = box(109.07, 13.84, 109.085, 13.855)  # around the zone's point, its area


def run_zones(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zones", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, env={**os.environ, **(env or {})}, check=False)


APP_SAVE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from zones.edits import content_version, read_rows, save_table
    from zones.schema import ZONES
    data_dir = Path(sys.argv[1])
    rows = read_rows(data_dir / "zones.csv", ZONES)
    rows[2]["fill_pct"] = sys.argv[2]
    try:
        save_table(data_dir, ZONES, rows, content_version(data_dir / "zones.csv"), sys.argv[3])
    except Exception as error:
        print(type(error).__name__, error.message.text("en"), flush=True)
        sys.exit(1)
    print("saved", flush=True)
""")


def app_save(data_dir: Path, value: str = "85", user: str = "app",
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", APP_SAVE, str(data_dir), value, user],
                          capture_output=True, text=True, timeout=180, cwd=ROOT,
                          env={**os.environ, **(env or {})}, check=False)


def outline_file(folder: Path) -> Path:
    path = folder / "outline.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {},
        "geometry": NEAR_NHON_HOA.__geo_interface__}]}))
    return path


def targets_upload(data_dir: Path, folder: Path) -> Path:
    text = (data_dir / "targets.csv").read_text(encoding="utf-8")
    path = folder / "targets-upload.csv"
    path.write_text(text.replace(",count,2025,,,", ",count,2025,3,2024,"), encoding="utf-8")
    return path


# Each operation prepares the folder and returns how to run the save in another process.
Operation = Callable[[Path, Path], Callable[[dict[str, str]], subprocess.CompletedProcess]]


def op_app_edit(data_dir: Path, work: Path):
    return lambda env: app_save(data_dir, env=env)


def op_cli_import_targets(data_dir: Path, work: Path):
    upload = targets_upload(data_dir, work)
    return lambda env: run_zones("import", str(upload), "--table", "targets", "--yes",
                                 "--data", str(data_dir), "--user", "cli", env=env)


def op_cli_outline(data_dir: Path, work: Path):
    path = outline_file(work)
    return lambda env: run_zones("outline", "kcn-nhon-hoa", str(path), "--yes", "--data",
                                 str(data_dir), "--user", "cli", env=env)


def op_cli_restore_two_files(data_dir: Path, work: Path):
    record = save_outline(data_dir, "kcn-nhon-hoa", NEAR_NHON_HOA, "setup")
    return lambda env: run_zones("restore", record.previous, "--yes", "--data", str(data_dir),
                                 "--user", "cli", env=env)


def op_cli_delete_outline(data_dir: Path, work: Path):
    save_outline(data_dir, "kcn-nhon-hoa", NEAR_NHON_HOA, "setup")
    return lambda env: run_zones("delete-outline", "kcn-nhon-hoa", "--yes", "--data",
                                 str(data_dir), "--user", "cli", env=env)


OPERATIONS: dict[str, Operation] = {
    "app edit": op_app_edit,
    "cli import targets": op_cli_import_targets,
    "cli outline": op_cli_outline,
    "cli restore (2 files)": op_cli_restore_two_files,
    "cli delete outline": op_cli_delete_outline,
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_kill_9_at_every_step_leaves_old_or_new_logged(data_dir: Path, tmp_path: Path,
                                                        operation: str, step: str) -> None:
    save = OPERATIONS[operation](data_dir, tmp_path)
    before = FolderState.of(data_dir)
    result = save({FAULT_ENV: step})
    assert result.returncode == -9, result.stdout + result.stderr  # killed at that step
    outcome = assert_consistent(data_dir, before)
    assert outcome == ("new" if STEPS.index(step) >= COMMITTED_FROM else "old")
    # the dead writer's lock is free and the next save goes through
    rows = read_rows(data_dir / "zones.csv", ZONES)
    rows[2]["fill_pct"] = "86.5"
    save_table(data_dir, ZONES, rows, content_version(data_dir / "zones.csv"), "after")


def test_without_a_fault_each_operation_lands_and_is_logged(tmp_path: Path) -> None:
    for number, (name, operation) in enumerate(OPERATIONS.items()):
        data_dir = make_data_dir(tmp_path / f"data{number}")
        save = operation(data_dir, tmp_path)
        before = FolderState.of(data_dir)
        result = save({})
        assert result.returncode == 0, (name, result.stdout, result.stderr)
        assert assert_consistent(data_dir, before) == "new", name
        if name == "cli restore (2 files)":
            assert sorted(read_log(data_dir).records[0].files) == ["geo/outlines.geojson",
                                                                   "zones.csv"]


# --- full disk -------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs",
                             str(mount_point)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root): {result.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill_disk(folder: Path, leave_bytes: int) -> None:
    """Fill the file system holding `folder` until only about `leave_bytes` are free."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with (folder / "ballast").open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave_bytes))
    while os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize > leave_bytes + 4096:
        with (folder / "ballast").open("ab") as handle:
            handle.write(b"\0" * 4096)


@pytest.mark.parametrize("free_kib", [0, 4, 8, 12, 16, 24, 32, 48, 64])
def test_full_disk_is_a_clear_message_and_the_data_is_old_or_new(small_disk: Path,
                                                                  free_kib: int) -> None:
    data_dir = make_data_dir(small_disk / "data")
    save_outline(data_dir, "kcn-nhon-hoa", NEAR_NHON_HOA, "setup")  # some history to keep
    before = FolderState.of(data_dir)
    fill_disk(small_disk, free_kib * 1024)
    rows = read_rows(data_dir / "zones.csv", ZONES)
    rows[2]["fill_pct"] = "85"
    try:
        save_table(data_dir, ZONES, rows, content_version(data_dir / "zones.csv"), "lan")
    except SaveError as error:
        for lang in ("vi", "en"):
            assert_clear_message(error.message.text(lang))
        assert error.message.key in ("save.disk_full", "save.io_error")
        assert assert_consistent(data_dir, before) == "old"
    else:
        assert assert_consistent(data_dir, before) == "new"


def test_full_disk_on_the_command_line_says_so(small_disk: Path, tmp_path: Path) -> None:
    data_dir = make_data_dir(small_disk / "data")
    upload = targets_upload(data_dir, tmp_path)
    before = FolderState.of(data_dir)
    fill_disk(small_disk, 0)
    result = run_zones("import", str(upload), "--table", "targets", "--yes", "--data",
                       str(data_dir), "--user", "cli")
    assert result.returncode == 1
    assert "The disk is full" in result.stderr and "the data is unchanged" in result.stderr
    assert_clear_message(result.stderr)
    assert assert_consistent(data_dir, before) == "old"


# --- read-only places ------------------------------------------------------------------------


def read_only_mount(folder: Path) -> None:
    """Make `folder` a read-only file system holding its current content (root only)."""
    keep = folder.with_name(folder.name + ".keep")
    shutil.copytree(folder, keep)
    shutil.rmtree(folder)
    folder.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        shutil.rmtree(folder)
        shutil.move(keep, folder)
        pytest.skip(f"cannot mount a tmpfs (needs root): {result.stderr.strip()}")
    shutil.copytree(keep, folder, dirs_exist_ok=True)
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


@pytest.fixture
def mounts() -> Iterator[list[Path]]:
    mounted: list[Path] = []
    yield mounted
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize("with_history", [False, True])
@pytest.mark.parametrize("place", ["history", "data folder"])
def test_read_only_history_or_folder_refuses_with_the_data_unchanged(
        data_dir: Path, mounts: list[Path], place: str, with_history: bool) -> None:
    if with_history:
        app_save(data_dir, "84", "earlier")
    (data_dir / "history").mkdir(exist_ok=True)
    folder = data_dir / "history" if place == "history" else data_dir
    read_only_mount(folder)
    mounts.append(folder)
    before = FolderState.of(data_dir)
    rows = read_rows(data_dir / "zones.csv", ZONES)
    rows[2]["fill_pct"] = "85"
    with pytest.raises(SaveError) as caught:
        save_table(data_dir, ZONES, rows, content_version(data_dir / "zones.csv"), "lan")
    assert caught.value.message.key == "save.not_writable"
    assert "cannot be written" in caught.value.message.text("en")
    assert "Không có quyền ghi" in caught.value.message.text("vi")
    assert assert_consistent(data_dir, before, recover=False) == "old"


def test_read_only_history_on_the_command_line(data_dir: Path, mounts: list[Path],
                                               tmp_path: Path) -> None:
    (data_dir / "history").mkdir()
    read_only_mount(data_dir / "history")
    mounts.append(data_dir / "history")
    before = FolderState.of(data_dir)
    result = run_zones("import", str(targets_upload(data_dir, tmp_path)), "--table", "targets",
                       "--yes", "--data", str(data_dir), "--user", "cli")
    assert result.returncode == 1 and "cannot be written" in result.stderr
    assert_clear_message(result.stderr)
    assert assert_consistent(data_dir, before, recover=False) == "old"


def test_change_log_that_is_a_folder_is_an_io_message(data_dir: Path) -> None:
    (data_dir / "history" / "changelog.jsonl").mkdir(parents=True)
    before = current_version(data_dir)
    result = app_save(data_dir)
    assert result.returncode == 1 and result.stdout.startswith("SaveError ")
    assert_clear_message(result.stdout.removeprefix("SaveError "))
    assert current_version(data_dir) == before
    assert list((data_dir / "history").glob(".*.tmp")) == []


# --- torn and odd change logs ----------------------------------------------------------------

GOOD = {"version": "aaaaaaaaaaaa", "previous": "bbbbbbbbbbbb", "time": "2026-01-01T00:00:00+00:00",
        "user": "old", "action": "edit", "comment": "", "changes": {}, "files": ["zones.csv"]}
ODD_LINES = {
    "torn tail": json.dumps(GOOD)[:40],
    "garbage": "not json at all",
    "changes null": json.dumps({**GOOD, "changes": None}),
    "changes a string": json.dumps({**GOOD, "changes": "x"}),
    "files null": json.dumps({**GOOD, "files": None}),
    "a list, not a record": "[1, 2, 3]",
    "no version": json.dumps({**GOOD, "version": None}),
    "invalid utf-8": b"\xff\xfe{broken".decode("latin-1"),
    "legacy one-table record": json.dumps({**GOOD, "changes": {"added": ["x"], "removed": [],
                                                               "changed": []}}),
}
COUNTS_AS_RECORD = {"changes null", "changes a string", "files null",
                    "legacy one-table record"}


@pytest.mark.parametrize("case", list(ODD_LINES))
def test_odd_log_lines_never_hide_later_saves_or_crash_history(data_dir: Path,
                                                                case: str) -> None:
    log = data_dir / "history" / "changelog.jsonl"
    log.parent.mkdir()
    line = ODD_LINES[case]
    data = line.encode("latin-1" if case == "invalid utf-8" else "utf-8")
    log.write_bytes(data + (b"" if case == "torn tail" else b"\n"))
    before = FolderState.of(data_dir)
    assert app_save(data_dir).returncode == 0
    assert assert_consistent(data_dir, before) == "new"
    records = read_log(data_dir)
    assert records.records[0].user == "app"  # the new save is visible
    assert len(records.records) == (2 if case in COUNTS_AS_RECORD else 1)
    assert records.unreadable == (0 if case in COUNTS_AS_RECORD else 1)
    for lang in ("vi", "en"):
        rows = history_rows(records.records, lang)
        assert len(rows) == len(records.records)
    result = run_zones("history", "--data", str(data_dir))
    assert result.returncode == 0 and "app" in result.stdout
    assert "Traceback" not in result.stderr
    if records.unreadable:
        assert "change-log line cannot be read and is skipped" in result.stderr


# --- concurrency: app path and CLI at once ---------------------------------------------------


def _app_saver(args: tuple[str, int]) -> str:
    data_dir, index = args
    path = Path(data_dir)
    rows = read_rows(path / "zones.csv", ZONES)
    base = content_version(path / "zones.csv")
    rows[2]["fill_pct"] = str(20 + index)
    try:
        save_table(path, ZONES, rows, base, f"app{index}")
    except (ConflictError, BusyError):
        return "refused"
    return "saved"


def test_concurrent_savers_from_the_app_and_the_cli(data_dir: Path, tmp_path: Path) -> None:
    before = FolderState.of(data_dir)
    upload = targets_upload(data_dir, tmp_path)
    clis = [subprocess.Popen([sys.executable, "-m", "zones", "import", str(upload), "--table",
                              "targets", "--yes", "--data", str(data_dir), "--user", f"cli{i}"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for i in range(3)]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_app_saver, [(str(data_dir), i) for i in range(8)])
    cli_results = [(p.wait(timeout=180), p.stdout.read(), p.stderr.read()) for p in clis]
    for code, _, err in cli_results:
        assert "Traceback" not in err
        assert code in (0, 1)  # saved, found nothing left to change, or refused with a message
    cli_saved = sum("saved version" in out for _, out, _ in cli_results)
    records = read_log(data_dir).records[::-1]  # oldest first
    assert len(records) == results.count("saved") + cli_saved
    assert results.count("saved") >= 1 and cli_saved == 1
    # the log is one chain: each save starts from the version the one before left
    previous = before.version
    for record in records:
        assert record.previous == previous
        previous = record.version
    assert previous == current_version(data_dir)
    state_now = FolderState.of(data_dir)
    assert state_now.valid


# --- recovery never needs the broken current file --------------------------------------------

BROKEN_CONTENT = {
    "NUL bytes": b"zone_id,name\n\x00\x00\x00garbage\n",
    "empty": b"",
    "not a table": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    "wrong header": "mã,tên\n1,2\n".encode(),
}


@pytest.mark.parametrize("content", list(BROKEN_CONTENT))
def test_restore_works_when_the_current_zones_csv_is_unreadable(data_dir: Path,
                                                                 content: str) -> None:
    first = save_outline(data_dir, "kcn-nhon-hoa", NEAR_NHON_HOA, "lan")
    good = (data_dir / "zones.csv").read_bytes()
    (data_dir / "zones.csv").write_bytes(BROKEN_CONTENT[content])
    record = restore(data_dir, first.version, "lan")
    assert (data_dir / "zones.csv").read_bytes() == good
    if content != "wrong header":  # that one reads, as rows without ids
        assert record.changes["zones.csv"] == {"replaced": True}
    result = run_zones("history", "--data", str(data_dir))
    assert result.returncode == 0 and "restore" in result.stdout


@pytest.mark.parametrize("content", list(BROKEN_CONTENT))
def test_import_works_when_the_current_zones_csv_is_unreadable(data_dir: Path, tmp_path: Path,
                                                                content: str) -> None:
    upload = tmp_path / "zones.csv"
    upload.write_bytes((data_dir / "zones.csv").read_bytes())
    (data_dir / "zones.csv").write_bytes(BROKEN_CONTENT[content])
    candidate = check_upload(data_dir, upload.read_bytes(), "zones.csv", ZONES)
    assert candidate.report.ok and candidate.changes_something
    assert candidate.current_unreadable == (content != "wrong header")
    result = run_zones("import", str(upload), "--yes", "--data", str(data_dir), "--user", "cli")
    assert result.returncode == 0, result.stdout + result.stderr
    if content != "wrong header":
        assert "cannot be read" in result.stdout
    assert read_rows(data_dir / "zones.csv", ZONES) == read_rows(upload, ZONES)


# --- what is written is what is read ---------------------------------------------------------

UNREADABLE_CELLS = {
    "NUL in a name": "Khu\x00công nghiệp",
    "NUL at the start": "\x00Khu",
}


@pytest.mark.parametrize("cell", list(UNREADABLE_CELLS))
def test_a_table_that_would_not_read_back_is_not_written(data_dir: Path, cell: str) -> None:
    before = FolderState.of(data_dir)
    rows = read_rows(data_dir / "zones.csv", ZONES)
    rows[2]["name"] = UNREADABLE_CELLS[cell]
    try:
        save_table(data_dir, ZONES, rows, content_version(data_dir / "zones.csv"), "lan")
    except ValidationFailed as error:
        assert error.report.errors
        assert_clear_message(error.message.text("vi"))
        assert assert_consistent(data_dir, before) == "old"
    else:  # allowed only if what was written reads back as a valid folder
        assert assert_consistent(data_dir, before) == "new"


def test_header_only_upload_is_shown_as_deleting_every_row(data_dir: Path) -> None:
    header = (data_dir / "targets.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"
    candidate = check_upload(data_dir, header.encode(), "targets.csv", TARGETS)
    current = read_rows(data_dir / "targets.csv", TARGETS)
    assert candidate.report.ok and candidate.changes_something
    assert len(candidate.diff.removed) == len(current) and not candidate.diff.added
