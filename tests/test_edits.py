"""Saving edits: validation before writing, diffs, conflicts, history, crash and concurrency."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from helpers import ROOT, ZONE_ROWS
from zones.edits import (
    CellChange,
    ConflictError,
    NothingToSave,
    SaveError,
    ValidationFailed,
    check_upload,
    content_version,
    diff_rows,
    history,
    read_rows,
    rebase,
    restorable_versions,
    restore,
    save_table,
)
from zones.schema import TARGETS, ZONES
from zones.store import load_dataset
from zones.versions import current_version


def save_zones(data_dir: Path, rows: list, base: str, user: str, comment: str = ""):
    return save_table(data_dir, ZONES, rows, base, user, comment)


def rows_of(data_dir: Path) -> list[dict[str, str]]:
    return read_rows(data_dir / "zones.csv", ZONES)


def edited(rows: list[dict[str, str]], zone_id: str, **changes: str) -> list[dict[str, str]]:
    out = [dict(r) for r in rows]
    for row in out:
        if row["zone_id"] == zone_id:
            row.update(changes)
    return out


def test_diff_lists_added_removed_and_changed_cells() -> None:
    old = [dict(r) for r in ZONE_ROWS]
    new = [
        *edited(old[1:], "kcn-nhon-hoa", fill_pct="85"),
        dict(ZONE_ROWS[0], zone_id="kkt-moi", name="Khu kinh tế Mới"),
    ]
    diff = diff_rows(old, new, "zone_id")
    assert [r["zone_id"] for r in diff.added] == ["kkt-moi"]
    assert [r["zone_id"] for r in diff.removed] == ["kkt-nhon-hoi"]
    assert diff.changed == [CellChange("kcn-nhon-hoa", "fill_pct", "82", "85")]
    assert diff.summary().text("en") == "1 added, 1 removed, 1 changed"
    assert diff.summary().text("vi") == "1 thêm, 1 xóa, 1 ô đổi"


def test_save_writes_logs_and_keeps_the_previous_version(data_dir: Path) -> None:
    base = content_version(data_dir / "zones.csv")
    before = (data_dir / "zones.csv").read_bytes()
    record = save_zones(
        data_dir,
        edited(rows_of(data_dir), "kcn-nhon-hoa", fill_pct="85", fill_as_of="2026"),
        base,
        "lan",
        "Q3 report",
    )
    assert record.manifest["zones.csv"] == content_version(data_dir / "zones.csv") != base
    assert record.previous_manifest["zones.csv"] == base
    assert record.version == current_version(data_dir) != record.previous
    assert load_dataset(data_dir).zone("kcn-nhon-hoa")["fill_pct"] == 85
    assert (data_dir / "history" / f"zones-{base}.csv").read_bytes() == before
    [logged] = history(data_dir)
    assert (logged.user, logged.comment, logged.action) == ("lan", "Q3 report", "edit")
    assert logged.changes["zones.csv"]["changed"] == [
        {"key": "kcn-nhon-hoa", "column": "fill_pct", "old": "82", "new": "85"},
        {"key": "kcn-nhon-hoa", "column": "fill_as_of", "old": "2020", "new": "2026"},
    ]


def test_invalid_edit_writes_nothing_and_reports_every_problem(data_dir: Path) -> None:
    base = content_version(data_dir / "zones.csv")
    before = (data_dir / "zones.csv").read_bytes()
    rows = edited(rows_of(data_dir), "kcn-nhon-hoa", fill_pct="146", kind="KCX")
    with pytest.raises(ValidationFailed) as caught:
        save_zones(data_dir, rows, base, "lan")
    assert [str(p) for p in caught.value.report.errors] == [
        "zones.csv row 4, Kind (kind): 'KCX' is not an allowed value. Fix: use one of KKT, KCN, CCN",
        "zones.csv row 4, Fill rate (%) (fill_pct): 146 is above 100. Fix: use a value ≥ 0, ≤ 100",
    ]
    assert (data_dir / "zones.csv").read_bytes() == before
    assert history(data_dir) == []


def test_editor_values_are_normalised(data_dir: Path) -> None:
    """An editor hands back floats and None; they are stored in the canonical text form."""
    base = content_version(data_dir / "zones.csv")
    rows = edited(rows_of(data_dir), "kcn-nhon-hoa")
    rows[2] = {**rows[2], "fill_pct": 85.5, "leased_ha": None, "leasable_ha": None}
    save_zones(data_dir, rows, base, "lan")
    saved = {r["zone_id"]: r for r in rows_of(data_dir)}["kcn-nhon-hoa"]
    assert (saved["fill_pct"], saved["leased_ha"], saved["leasable_ha"]) == ("85.5", "", "")


def test_unchanged_table_is_not_saved(data_dir: Path) -> None:
    base = content_version(data_dir / "zones.csv")
    with pytest.raises(NothingToSave):
        save_zones(data_dir, rows_of(data_dir), base, "lan")


def test_saving_needs_a_user(data_dir: Path) -> None:
    with pytest.raises(SaveError, match="signed-in user") as caught:
        save_zones(data_dir, rows_of(data_dir), "x", "")
    assert caught.value.message.text("vi") == "Cần đăng nhập để lưu."


def test_conflict_is_refused_with_the_other_change_and_can_be_rebased(data_dir: Path) -> None:
    base_version = content_version(data_dir / "zones.csv")
    base = rows_of(data_dir)
    theirs = edited(base, "kcn-nhon-hoa", developer="Công ty A")
    save_zones(data_dir, theirs, base_version, "minh")
    mine = edited(base, "kcn-nhon-hoa", fill_pct="90")
    mine = edited(mine, "kkt-nhon-hoi", developer="Ban quản lý KKT")
    with pytest.raises(ConflictError) as caught:
        save_zones(data_dir, mine, base_version, "lan")
    other = diff_rows(base, caught.value.current_rows, "zone_id")
    assert other.changed == [
        CellChange("kcn-nhon-hoa", "developer", '=HYPERLINK("http://evil")', "Công ty A")
    ]
    merged = rebase(base, mine, caught.value.current_rows, "zone_id")
    assert merged.conflicts == []
    save_zones(data_dir, merged.rows, caught.value.current_version, "lan", "re-applied")
    final = {r["zone_id"]: r for r in rows_of(data_dir)}
    assert final["kcn-nhon-hoa"]["developer"] == "Công ty A"  # theirs kept
    assert final["kcn-nhon-hoa"]["fill_pct"] == "90"  # mine applied
    assert final["kkt-nhon-hoi"]["developer"] == "Ban quản lý KKT"


def test_rebase_reports_cells_both_changed() -> None:
    base = [dict(r) for r in ZONE_ROWS]
    theirs = edited(base, "kcn-nhon-hoa", fill_pct="70")
    mine = edited(base, "kcn-nhon-hoa", fill_pct="90")
    merged = rebase(base, mine, theirs, "zone_id")
    assert merged.conflicts == [(CellChange("kcn-nhon-hoa", "fill_pct", "82", "90"), "70")]
    assert {r["zone_id"]: r for r in merged.rows}["kcn-nhon-hoa"]["fill_pct"] == "70"


def test_history_and_restore(data_dir: Path) -> None:
    original = rows_of(data_dir)
    v0 = content_version(data_dir / "zones.csv")
    first = save_zones(
        data_dir, edited(rows_of(data_dir), "kcn-nhon-hoa", fill_pct="85"), v0, "lan"
    )
    save_zones(data_dir, edited(rows_of(data_dir), "kcn-nhon-hoa", fill_pct="88"),
               content_version(data_dir / "zones.csv"), "minh")
    record = restore(data_dir, first.previous, "lan")
    assert record.action == "restore" and record.changes["restored"] == first.previous
    assert record.version == first.previous == current_version(data_dir)
    assert rows_of(data_dir) == original
    assert [r.action for r in history(data_dir)] == ["restore", "edit", "edit"]
    with pytest.raises(SaveError, match="Version abc is not in the history"):
        restore(data_dir, "abc", "lan")


def test_upload_check_reads_excel_style_bytes(data_dir: Path) -> None:
    text = (data_dir / "zones.csv").read_text(encoding="utf-8").replace(",82,", ",85.5,")
    candidate = check_upload(data_dir, text.encode("utf-16"), "up.csv", ZONES)
    assert candidate.report.ok
    assert candidate.diff.changed == [CellChange("kcn-nhon-hoa", "fill_pct", "82", "85.5")]
    # one decimal comma makes every '.' a thousands separator: 13.8833 is then refused
    mixed = check_upload(data_dir, text.replace(",85.5,", ',"85,5",').encode(), "mixed.csv",
                         ZONES)
    assert not mixed.report.ok and mixed.rows == []
    assert "'13.8833' is ambiguous" in str(mixed.report.errors[0])
    broken = check_upload(data_dir, b"", "empty.csv", ZONES)
    assert [str(p) for p in broken.report.errors] == [
        "empty.csv: the file is empty. Fix: export the table with its header row"
    ]


CRASHING_WRITER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {tests!r})
    import zones.edits as edits
    from zones.edits import content_version, read_rows, save_table
    from zones.schema import ZONES
    data_dir = __import__("pathlib").Path(sys.argv[1])
    real_replace = os.replace
    def stall(src, dst):
        if str(dst).endswith("zones.csv"):
            print("stalled", flush=True)
            time.sleep(60)
        real_replace(src, dst)
    import zones.versions
    zones.versions.os.replace = stall
    rows = read_rows(data_dir / "zones.csv", ZONES)
    rows[0]["name"] = "half written"
    save_table(data_dir, ZONES, rows * 200, content_version(data_dir / "zones.csv"), "crash")
""")


def test_writer_killed_after_logging_is_finished_on_the_next_load(data_dir: Path) -> None:
    before = (data_dir / "zones.csv").read_bytes()
    script = CRASHING_WRITER.format(tests=str(ROOT / "tests"))
    # rows * 200 would fail validation (duplicate ids), so make the candidate valid but large:
    script = script.replace("rows * 200", "rows")
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "stalled"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert (data_dir / "zones.csv").read_bytes() == before  # killed before the rename
    # the log line was written (the commit point), so loading finishes the save
    assert load_dataset(data_dir).zone("kkt-nhon-hoi")["name"] == "half written"
    assert [record.user for record in history(data_dir)] == ["crash"]
    # the lock died with the writer: the next save goes through
    base = content_version(data_dir / "zones.csv")
    save_zones(data_dir, edited(rows_of(data_dir), "kcn-nhon-hoa", fill_pct="85"), base, "lan")


def _concurrent_saver(args: tuple[str, int, str]) -> str:
    data_dir, index, base = args
    path = Path(data_dir)
    rows = read_rows(path / "zones.csv", ZONES)
    for row in rows:
        if row["zone_id"] == "kcn-nhon-hoa":
            row["fill_pct"] = str(10 + index)
    time.sleep(0.01 * (index % 5))
    try:
        save_zones(path, rows, base, f"user{index}")
    except ConflictError:
        return "conflict"
    return f"saved:{10 + index}"


def test_twenty_concurrent_savers_land_whole_or_are_refused(data_dir: Path) -> None:
    base = content_version(data_dir / "zones.csv")
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        results = pool.map(_concurrent_saver, [(str(data_dir), i, base) for i in range(20)])
    saved = [r for r in results if r.startswith("saved")]
    assert len(saved) == 1 and results.count("conflict") == 19
    logged = history(data_dir)
    assert len(logged) == 1
    value = saved[0].split(":")[1]
    assert {r["zone_id"]: r for r in rows_of(data_dir)}["kcn-nhon-hoa"]["fill_pct"] == value
    assert json.loads(json.dumps(logged[0].changes))["zones.csv"]["changed"][0]["new"] == value


def _retrying_saver(args: tuple[str, int]) -> int:
    """Like a careful editor: on conflict, rebase onto the new version and try again."""
    data_dir, index = args
    path = Path(data_dir)
    for _ in range(200):
        base_version = content_version(path / "zones.csv")
        base = read_rows(path / "zones.csv", ZONES)
        mine = [dict(r) for r in base]
        mine.append(dict(ZONE_ROWS[3], zone_id=f"ccn-moi-{index}", name=f"Cụm mới {index}"))
        try:
            save_zones(path, mine, base_version, f"user{index}")
            return index
        except ConflictError:
            time.sleep(0.005)
    return -1


def test_concurrent_savers_that_retry_lose_nothing(data_dir: Path) -> None:
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        results = pool.map(_retrying_saver, [(str(data_dir), i) for i in range(20)])
    assert sorted(results) == list(range(20))
    ids = {r["zone_id"] for r in rows_of(data_dir)}
    assert {f"ccn-moi-{i}" for i in range(20)} <= ids
    assert len(history(data_dir)) == 20


def test_save_outline_updates_outlines_and_precision(data_dir: Path) -> None:
    from shapely.geometry import box

    from zones.edits import save_outline

    square = box(109.07, 13.84, 109.085, 13.855)  # around Nhơn Hòa's point
    record = save_outline(data_dir, "kcn-nhon-hoa", square, "lan", source_id="web-b")
    assert record.action == "outline" and record.files == ["geo/outlines.geojson", "zones.csv"]
    dataset = load_dataset(data_dir)
    assert dataset.zone("kcn-nhon-hoa")["location_precision"] == "surveyed"
    assert dataset.outlines["kcn-nhon-hoa"].source_id == "web-b"
    assert dataset.outlines["kcn-nhon-hoa"].geometry.symmetric_difference(square).area < 1e-12
    # a zone with no position gets the outline's point
    save_outline(data_dir, "kcn-nhon-hoi-b", box(109.2, 13.85, 109.22, 13.87), "lan")
    # (no point and no precision limit: nothing to be far from)
    zone = load_dataset(data_dir).zone("kcn-nhon-hoi-b")
    assert zone["lat"] == pytest.approx(13.86) and zone["lon"] == pytest.approx(109.21)


def test_outline_outside_vietnam_is_refused_and_nothing_changes(data_dir: Path) -> None:
    from shapely.geometry import box

    from zones.edits import save_outline

    before = (data_dir / "zones.csv").read_bytes()
    with pytest.raises(ValidationFailed) as caught:
        save_outline(data_dir, "kcn-nhon-hoa", box(1, 1, 2, 2), "lan")
    assert "lies outside Vietnam" in str(caught.value.report.errors[0])
    assert (data_dir / "zones.csv").read_bytes() == before
    assert json.loads((data_dir / "geo" / "outlines.geojson").read_text())["features"] == []


def test_targets_are_saved_validated_and_restorable_like_zones(data_dir: Path) -> None:
    path = data_dir / "targets.csv"
    base = content_version(path)
    rows = read_rows(path, TARGETS)
    rows[1]["achieved_value"] = "3"
    rows[1]["achieved_as_of"] = "2024"
    record = save_table(data_dir, TARGETS, rows, base, "lan", "reported 3 new parks")
    assert record.files == ["targets.csv"]
    assert record.changes["targets.csv"]["changed"][0]["key"] == "bdi-new-kcn"
    assert load_dataset(data_dir).targets.set_index("target_id").loc[
        "bdi-new-kcn", "achieved_value"] == 3
    bad = read_rows(path, TARGETS)
    bad[0]["scope"] = "kcn-khong-co"
    with pytest.raises(ValidationFailed) as caught:
        save_table(data_dir, TARGETS, bad, content_version(path), "lan")
    assert "targets.csv row 2, Scope (scope): 'kcn-khong-co' is neither a zone group nor a zone_id" in (
        str(caught.value.report.errors[0]))
    restore(data_dir, record.previous, "lan")
    assert read_rows(path, TARGETS)[1]["achieved_value"] == ""


def test_restorable_versions_leave_out_the_current_one(data_dir: Path) -> None:
    z0 = content_version(data_dir / "zones.csv")
    first = save_zones(data_dir, edited(rows_of(data_dir), "kcn-nhon-hoa", fill_pct="85"), z0,
                       "lan")
    t0 = content_version(data_dir / "targets.csv")
    targets = read_rows(data_dir / "targets.csv", TARGETS)
    targets[1]["achieved_value"] = "3"
    second = save_table(data_dir, TARGETS, targets, t0, "lan")
    assert second.previous == first.version
    versions = [version for version, _ in restorable_versions(data_dir)]
    assert versions == [first.version, first.previous]
    assert second.version not in versions


SAVE_WITHOUT_PANDAS = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    start = time.perf_counter()
    from zones.edits import content_version, read_rows, save_outline, save_table
    from zones.schema import ZONES
    imported = time.perf_counter() - start
    data_dir = Path(sys.argv[1])
    rows = read_rows(data_dir / "zones.csv", ZONES)
    rows[2]["fill_pct"] = "85"
    save_table(data_dir, ZONES, rows, content_version(data_dir / "zones.csv"), "lan")
    from shapely.geometry import box
    save_outline(data_dir, "kcn-nhon-hoa", box(109.07, 13.84, 109.085, 13.855), "lan")
    loaded = sorted(m for m in ("pandas", "geopandas") if m in sys.modules)
    print(loaded, round(imported, 3))
""")


def test_the_save_path_imports_neither_pandas_nor_geopandas(data_dir: Path) -> None:
    result = subprocess.run([sys.executable, "-c", SAVE_WITHOUT_PANDAS, str(data_dir)],
                            capture_output=True, text=True, timeout=120, check=True)
    loaded, _seconds = result.stdout.split()
    assert loaded == "[]", result.stdout
    assert [r.action for r in history(data_dir)] == ["outline", "edit"]


def square_around(lon: float, lat: float, side_deg: float):
    from shapely.geometry import box

    half = side_deg / 2
    return box(lon - half, lat - half, lon + half, lat + half)


FAR_OUTLINES = {  # kcn-nhon-hoa: point 109.0774, 13.8463 ('commune'), 272 ha
    "66 km north": (square_around(109.0774, 14.44, 0.015), "outline.far"),
    "870 km away, near Hà Nội": (square_around(105.85, 21.0, 0.015), "outline.far"),
    "35 × the recorded area": (square_around(109.0774, 13.8463, 0.0895), "outline.area_off"),
    "1/40 of the recorded area": (square_around(109.0774, 13.8463, 0.0025),
                                  "outline.area_small"),
}


@pytest.mark.parametrize("case", list(FAR_OUTLINES))
def test_outline_far_off_the_zone_needs_an_override_with_a_reason(data_dir: Path,
                                                                  case: str) -> None:
    from zones.edits import OutlineNeedsOverride, save_outline

    geometry, reason = FAR_OUTLINES[case]
    before = (data_dir / "zones.csv").read_bytes()
    for force, comment in ((False, ""), (False, "checked"), (True, ""), (True, "   ")):
        with pytest.raises(OutlineNeedsOverride) as caught:
            save_outline(data_dir, "kcn-nhon-hoa", geometry, "lan", comment=comment,
                         force=force)
        assert [r.key for r in caught.value.reasons] == [reason]
        assert caught.value.reasons[0].text("vi") != caught.value.reasons[0].text("en")
    assert (data_dir / "zones.csv").read_bytes() == before and history(data_dir) == []
    record = save_outline(data_dir, "kcn-nhon-hoa", geometry, "lan", force=True,
                          comment="decision 123/QĐ-UBND moved the park")
    assert history(data_dir)[0].comment == "decision 123/QĐ-UBND moved the park"
    assert record.files == ["geo/outlines.geojson", "zones.csv"]


def test_outline_reasons_give_the_distance_in_the_readers_language() -> None:
    from zones.outlines import far_off_reasons

    zone = {"lat": "13.8463", "lon": "109.0774", "location_precision": "site", "area_ha": "272"}
    [far] = far_off_reasons(FAR_OUTLINES["66 km north"][0], zone)
    assert far.text("en") == "The outline lies 65.7 km from the zone's point."
    assert far.text("vi") == "Ranh giới cách điểm của khu 65,7 km."


def test_restore_brings_back_the_outlines_too_and_delete_is_logged(data_dir: Path) -> None:
    from zones.edits import delete_outline, delete_outline_preview, save_outline
    from zones.store import load_dataset as load

    empty_outlines = (data_dir / "geo" / "outlines.geojson").read_bytes()
    zones_before = (data_dir / "zones.csv").read_bytes()
    rows_before = rows_of(data_dir)
    first = save_outline(data_dir, "kcn-nhon-hoa", square_around(109.0774, 13.8463, 0.015), "lan")
    assert "kcn-nhon-hoa" in load(data_dir).outlines
    restore(data_dir, first.previous, "lan")
    assert (data_dir / "geo" / "outlines.geojson").read_bytes() == empty_outlines
    assert (data_dir / "zones.csv").read_bytes() == zones_before  # precision back too
    assert load(data_dir).outlines == {}
    restore(data_dir, first.version, "lan")  # and forward again
    preview = delete_outline_preview(data_dir, "kcn-nhon-hoa")
    assert sorted(s.text("en") for s in preview.summaries()) == [
        "geo/outlines.geojson: 0 added, 1 removed, 0 changed",
        "zones.csv: 0 added, 0 removed, 1 changed"]
    record = delete_outline(data_dir, "kcn-nhon-hoa", "lan", "wrong parcel")
    assert record.action == "outline_delete"
    assert sorted(record.files) == ["geo/outlines.geojson", "zones.csv"]
    assert load(data_dir).outlines == {}
    assert rows_of(data_dir) == rows_before  # 'surveyed' went back to 'commune'
    with pytest.raises(SaveError) as caught:
        delete_outline(data_dir, "kcn-nhon-hoa", "lan")
    assert caught.value.message.text("en") == "Zone 'kcn-nhon-hoa' has no outline to delete."


def _precision(data_dir: Path, zone_id: str) -> dict[str, str]:
    from zones.edits import current_rows

    row = next(r for r in current_rows(data_dir, ZONES) if r["zone_id"] == zone_id)
    return {c: row[c] for c in ("location_precision", "lat", "lon")}


@pytest.mark.parametrize(
    ("edit_after_save", "expected_precision"),
    [
        (None, "commune"),            # nothing changed since: back to what it was
        ("site", "site"),             # staff set it since: their value is kept
    ],
)
def test_deleting_an_outline_puts_back_the_position_its_save_set(
        data_dir: Path, edit_after_save: str | None, expected_precision: str) -> None:
    from zones.edits import delete_outline, delete_outline_preview, save_outline

    before = _precision(data_dir, "kcn-nhon-hoa")
    assert before["location_precision"] == "commune"
    save_outline(data_dir, "kcn-nhon-hoa", square_around(109.0774, 13.8463, 0.015), "lan")
    assert _precision(data_dir, "kcn-nhon-hoa")["location_precision"] == "surveyed"
    if edit_after_save:
        rows = rows_of(data_dir)
        for row in rows:
            if row["zone_id"] == "kcn-nhon-hoa":
                row["location_precision"] = edit_after_save
        save_zones(data_dir, rows, content_version(data_dir / "zones.csv"), "lan")
    delete_outline_preview(data_dir, "kcn-nhon-hoa")
    delete_outline(data_dir, "kcn-nhon-hoa", "lan")
    after = _precision(data_dir, "kcn-nhon-hoa")
    assert after == {**before, "location_precision": expected_precision}
