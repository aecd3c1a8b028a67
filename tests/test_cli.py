"""The command line: messages, files and exit codes (0 ok, 1 invalid data, 2 bad usage)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest

from conftest import ROOT, ZONE_ROWS, make_data_dir
from zones.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_clean_data(capsys, data_dir: Path) -> None:
    code, out, _ = run(capsys, "validate", "--data", str(data_dir))
    assert code == 0
    assert out.strip().splitlines()[-1] == "valid: 0 error(s), 0 warning(s)"


def test_validate_candidate_file_lists_every_problem(
    capsys, data_dir: Path, tmp_path: Path
) -> None:
    rows = [dict(r) for r in ZONE_ROWS]
    rows[1]["fill_pct"] = "146"
    rows[2]["kind"] = "KCX"
    candidate = make_data_dir(tmp_path / "candidate", rows) / "zones.csv"
    code, out, _ = run(capsys, "validate", str(candidate), "--data", str(data_dir))
    assert code == 1
    assert out.splitlines() == [
        "zones.csv row 3, fill_pct: 146 is above 100. Fix: use a value ≥ 0, ≤ 100",
        "zones.csv row 4, kind: 'KCX' is not an allowed value. Fix: use one of KKT, KCN, CCN",
        "invalid: 2 error(s), 0 warning(s)",
    ]


def test_validate_json_format(capsys, tmp_path: Path) -> None:
    rows = [dict(r) for r in ZONE_ROWS]
    rows[1]["fill_pct"] = "146"
    data_dir = make_data_dir(tmp_path, rows)
    code, out, _ = run(capsys, "validate", "--data", str(data_dir), "--format", "json")
    assert code == 1
    assert json.loads(out) == [
        {
            "severity": "error",
            "code": "above_maximum",
            "file": "zones.csv",
            "row": 3,
            "column": "fill_pct",
            "value": "146",
            "message": "146 is above 100",
            "fix": "use a value ≥ 0, ≤ 100",
        }
    ]


def test_summary_formats(capsys, data_dir: Path) -> None:
    code, out, _ = run(
        capsys, "summary", "--data", str(data_dir), "--by", "province_2025", "--format", "json"
    )
    assert code == 0
    rows = json.loads(out)
    assert [r["province_2025"] for r in rows] == ["Gia Lai", "Phú Thọ"]
    code, out, _ = run(capsys, "summary", "--data", str(data_dir), "--format", "csv")
    assert out.splitlines()[0].startswith("province,zones,KKT,KCN,CCN")
    code, out, _ = run(capsys, "summary", "--data", str(data_dir))
    assert "Bình Định" in out and code == 0


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg"])
def test_export_by_merged_province_name(capsys, data_dir: Path, tmp_path: Path, fmt: str) -> None:
    out_path = tmp_path / f"out.{fmt}"
    code, _, err = run(
        capsys,
        "export",
        "--format",
        fmt,
        "-o",
        str(out_path),
        "--province",
        "gia lai",
        "--kind",
        "KCN",
        "--data",
        str(data_dir),
    )
    assert code == 0
    assert err.strip() == f"wrote 2 zone(s) to {out_path}"
    frame = pyogrio.read_dataframe(out_path) if fmt != "csv" else None
    if frame is not None:
        assert sorted(frame["zone_id"]) == ["kcn-nhon-hoa", "kcn-nhon-hoi-b"]


USAGE_ERRORS = [
    (
        ["export", "--format", "geojson", "-o", "x.geojson", "--province", "Gia Lia"],
        "error: 'Gia Lia' is not a province (old or since 1 July 2025). Did you mean 'Gia Lai'?",
    ),
    (
        ["validate", "nothing-here.csv"],
        "error: nothing-here.csv: file not found. Fix: give the path of a CSV or XLSX file.",
    ),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS)
def test_usage_errors_exit_2_with_a_message(
    capsys, data_dir: Path, tmp_path: Path, monkeypatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *args, "--data", str(data_dir))
    assert code == 2
    assert err.strip() == message


def test_missing_data_folder(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "summary", "--data", str(tmp_path / "nope"))
    assert code == 2
    assert err.strip() == (
        f"error: data folder {tmp_path / 'nope'} does not exist. Fix: pass "
        "--data DIR or set ZONES_DATA_DIR to the folder that holds zones.csv."
    )


def test_commands_on_invalid_data_exit_1_with_the_report(capsys, tmp_path: Path) -> None:
    rows = [dict(r) for r in ZONE_ROWS]
    rows[0]["lat"] = "99"
    data_dir = make_data_dir(tmp_path, rows)
    code, _, err = run(capsys, "summary", "--data", str(data_dir))
    assert code == 1
    assert "zones.csv row 2, lat: 99 is above 23.5" in err
    assert "Traceback" not in err


def test_find_ignores_diacritics(capsys, data_dir: Path) -> None:
    code, out, _ = run(capsys, "find", "nhon hoi", "--data", str(data_dir))
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == ["kkt-nhon-hoi", "kcn-nhon-hoi-b"]


def test_bad_usage_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["export", "--format", "shp", "-o", "x"])
    assert caught.value.code == 2


def test_python_dash_m_zones_uses_env_data_dir(data_dir: Path) -> None:
    env = {**os.environ, "ZONES_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "zones", "validate"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("valid: 0 error(s), 0 warning(s)")


def test_import_shows_the_diff_and_applies_only_with_yes(capsys, data_dir: Path,
                                                         tmp_path: Path) -> None:
    rows = [dict(r) for r in ZONE_ROWS]
    rows[1]["fill_pct"] = "8.5"
    upload = make_data_dir(tmp_path / "upload", rows) / "zones.csv"
    before = (data_dir / "zones.csv").read_bytes()
    code, out, _ = run(capsys, "import", str(upload), "--data", str(data_dir))
    assert code == 0
    assert out.splitlines() == [
        "~ kcn-nhon-hoi-b fill_pct: 6.9 → 8.5",
        "0 added, 0 removed, 1 changed",
        "Nothing was changed. Run again with --yes to apply.",
    ]
    assert (data_dir / "zones.csv").read_bytes() == before
    code, out, _ = run(capsys, "import", str(upload), "--data", str(data_dir), "--yes",
                       "--user", "lan", "--comment", "Q3")
    assert code == 0 and out.splitlines()[-1].startswith("saved version ")
    code, out, _ = run(capsys, "history", "--data", str(data_dir))
    assert "lan" in out and "import" in out and "“Q3”" in out


def test_import_of_invalid_file_changes_nothing(capsys, data_dir: Path, tmp_path: Path) -> None:
    rows = [dict(r) for r in ZONE_ROWS]
    rows[2]["fill_pct"] = "146"
    upload = make_data_dir(tmp_path / "upload", rows) / "zones.csv"
    before = (data_dir / "zones.csv").read_bytes()
    code, out, _ = run(capsys, "import", str(upload), "--data", str(data_dir), "--yes")
    assert code == 1
    assert out.splitlines()[0] == (
        "zones.csv row 4, fill_pct: 146 is above 100. Fix: use a value ≥ 0, ≤ 100")
    assert out.splitlines()[-1] == "Nothing was changed."
    assert (data_dir / "zones.csv").read_bytes() == before


def test_restore_previews_asks_and_restores_the_whole_folder(capsys, data_dir: Path,
                                                            tmp_path: Path) -> None:
    from zones.versions import current_version, read_log

    original = current_version(data_dir)
    before = (data_dir / "zones.csv").read_bytes()
    rows = [dict(r) for r in ZONE_ROWS]
    rows[2]["fill_pct"] = "85"
    upload = make_data_dir(tmp_path / "upload", rows) / "zones.csv"
    run(capsys, "import", str(upload), "--data", str(data_dir), "--yes", "--user", "lan")
    code, out, _ = run(capsys, "restore", original, "--data", str(data_dir), "--user", "lan")
    assert code == 0 and out.splitlines() == [
        f"Restoring version {original} changes:",
        "zones.csv: 0 added, 0 removed, 1 changed",
        "Nothing was changed. Run again with --yes to restore.",
    ]
    code, out, _ = run(capsys, "restore", original, "--data", str(data_dir), "--user", "lan",
                       "--yes")
    assert code == 0 and out.splitlines()[-1] == (
        f"Restored {original} as the new version {original}.")
    assert (data_dir / "zones.csv").read_bytes() == before
    assert [r.action for r in read_log(data_dir).records] == ["restore", "import"]
    code, _, err = run(capsys, "restore", "nope", "--data", str(data_dir), "--user", "lan")
    assert code == 1 and "Version nope is not in the history" in err


def test_add_user_writes_a_hash_to_the_secrets_file(capsys, tmp_path: Path, monkeypatch) -> None:
    import io as io_module

    import argon2

    from zones import auth

    monkeypatch.setattr(auth, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=8,
                                                               parallelism=1))
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    monkeypatch.setattr("sys.stdin", io_module.StringIO("a long enough password\n"))
    code, out, _ = run(capsys, "add-user", "lan", "--secrets", str(secrets), "--password-stdin")
    assert code == 0 and out.strip() == f"added lan in {secrets}"
    users = auth.load_users_from_file(secrets)
    assert auth.verify_password(users["lan"], "a long enough password")
    monkeypatch.setattr("sys.stdin", io_module.StringIO("short\n"))
    code, _, err = run(capsys, "add-user", "lan", "--secrets", str(secrets), "--password-stdin")
    assert code == 2 and "12" in err
    monkeypatch.setattr("sys.stdin", io_module.StringIO("a long enough password\n"))
    code, _, err = run(capsys, "add-user", "Nguyễn A", "--secrets", str(secrets),
                       "--password-stdin")
    assert code == 2 and "nguyen-a" in err


def test_outline_from_a_geojson_file(capsys, data_dir: Path, tmp_path: Path) -> None:
    square = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
              "geometry": {"type": "Polygon", "coordinates": [[[109.07, 13.84], [109.085, 13.84],
                                                               [109.085, 13.855],
                                                               [109.07, 13.855],
                                                               [109.07, 13.84]]]}}]}
    path = tmp_path / "boundary.geojson"
    path.write_text(json.dumps(square), encoding="utf-8")
    code, out, _ = run(capsys, "outline", "kcn-nhon-hoa", str(path), "--data", str(data_dir))
    assert code == 0 and out.splitlines()[-1] == "Nothing was changed. Run again with --yes to save."
    code, out, _ = run(capsys, "outline", "kcn-nhon-hoa", str(path), "--data", str(data_dir),
                       "--yes", "--user", "lan")
    assert code == 0 and out.splitlines()[-1].startswith("saved outline of kcn-nhon-hoa")
    from zones.store import load_dataset

    assert "kcn-nhon-hoa" in load_dataset(data_dir).outlines


def test_outline_outside_vietnam_changes_nothing(capsys, data_dir: Path, tmp_path: Path) -> None:
    far = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
        [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]}}
    path = tmp_path / "far.geojson"
    path.write_text(json.dumps(far), encoding="utf-8")
    before = (data_dir / "zones.csv").read_bytes()
    code, out, _ = run(capsys, "outline", "kcn-nhon-hoa", str(path), "--data", str(data_dir),
                       "--yes", "--user", "lan")
    assert code == 1 and "lies outside Vietnam" in out
    assert (data_dir / "zones.csv").read_bytes() == before


def test_import_targets_table(capsys, data_dir: Path, tmp_path: Path) -> None:
    text = (data_dir / "targets.csv").read_text(encoding="utf-8")
    upload = tmp_path / "targets.csv"
    upload.write_text(text.replace(",count,2025,,,", ",count,2025,3,2024,"), encoding="utf-8")
    code, out, _ = run(capsys, "import", str(upload), "--table", "targets", "--data",
                       str(data_dir), "--yes", "--user", "lan")
    assert code == 0, out
    assert "~ bdi-new-kcn achieved_value: (empty) → 3" in out.splitlines()
    from zones.store import load_dataset

    targets = load_dataset(data_dir).targets.set_index("target_id")
    assert targets.loc["bdi-new-kcn", "achieved_value"] == 3


def test_output_piped_into_head_gives_no_traceback() -> None:
    result = subprocess.run(f"'{sys.executable}' -m zones find '' | head -1", shell=True,
                            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.stdout.startswith("kkt-nhon-hoi\t")
    assert "Traceback" not in result.stderr
