"""The command line: messages, files and exit codes (0 ok, 1 invalid data, 2 bad usage)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest

from helpers import ROOT, ZONE_ROWS, make_data_dir
from zones.cli import main
from zones.cli_args import flag_language


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch) -> None:
    """The CLI follows ZONES_LANG and the locale; tests choose theirs explicitly."""
    for name in ("ZONES_LANG", "LC_ALL", "LANG"):
        monkeypatch.delenv(name, raising=False)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_clean_data(capsys, data_dir: Path) -> None:
    code, out, _ = run(capsys, "validate", "--data", str(data_dir))
    assert code == 0
    assert out.strip().splitlines()[-1] == "valid: 0 errors, 0 warnings"


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
        "zones.csv row 3, Fill rate (%) (fill_pct): 146 is above 100. Fix: use a value ≥ 0, ≤ 100",
        "zones.csv row 4, Kind (kind): 'KCX' is not an allowed value. Fix: use one of KKT, KCN, CCN",
        "invalid: 2 errors, 0 warnings",
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
    assert err.strip() == f"wrote 2 zones to {out_path}"
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
    assert "zones.csv row 2, Latitude (lat): 99 is above 23.5" in err
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
    assert result.stdout.strip().endswith("valid: 0 errors, 0 warnings")


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
        "zones.csv row 4, Fill rate (%) (fill_pct): 146 is above 100. Fix: use a value ≥ 0, ≤ 100")
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


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("vi", "empty.geojson rỗng. Tải tệp ranh giới lên lại."),
     ("en", "empty.geojson is empty. Upload the outline file again.")],
)
def test_outline_refusal_in_the_chosen_language(capsys, data_dir: Path, tmp_path: Path,
                                                lang: str, expected: str) -> None:
    path = tmp_path / "empty.geojson"
    path.write_bytes(b"")
    code, _, err = run(capsys, "outline", "kcn-nhon-hoa", str(path), "--data", str(data_dir),
                       "--lang", lang)
    assert code == 1 and expected in err


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


def test_far_outline_needs_force_and_comment(capsys, data_dir: Path, tmp_path: Path) -> None:
    far = tmp_path / "far.geojson"
    far.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [[[105.84, 20.99], [105.86, 20.99], [105.86, 21.01],
                                            [105.84, 21.01], [105.84, 20.99]]]}}))
    before = (data_dir / "zones.csv").read_bytes()
    args = ("outline", "kcn-nhon-hoa", str(far), "--data", str(data_dir), "--user", "lan")
    code, _, err = run(capsys, *args, "--yes")
    assert code == 1 and "km from the zone's point" in err and "--force --comment" in err
    code, _, err = run(capsys, *args, "--yes", "--force")
    assert code == 2 and "--force needs --comment" in err
    assert (data_dir / "zones.csv").read_bytes() == before
    code, out, _ = run(capsys, *args, "--yes", "--force", "--comment", "moved by decision 12")
    assert code == 0 and "saved outline of kcn-nhon-hoa" in out
    code, out, _ = run(capsys, "delete-outline", "kcn-nhon-hoa", "--data", str(data_dir))
    assert code == 0 and out.splitlines() == [
        "geo/outlines.geojson: 0 added, 1 removed, 0 changed",
        "zones.csv: 0 added, 0 removed, 1 changed",  # location_precision back to commune
        "Nothing was changed. Run again with --yes to delete it."]
    code, out, _ = run(capsys, "delete-outline", "kcn-nhon-hoa", "--data", str(data_dir),
                       "--yes", "--user", "lan")
    assert code == 0 and out.splitlines()[-1].startswith("deleted the outline of kcn-nhon-hoa")
    code, _, err = run(capsys, "delete-outline", "kcn-nhon-hoa", "--data", str(data_dir),
                       "--yes")
    assert code == 1 and "has no outline to delete" in err


# --- language: --lang, else ZONES_LANG, else the locale, else English -------------------------

LANGUAGE_CASES = [
    (None, {}, "en"),
    ("vi", {}, "vi"),
    ("en", {"ZONES_LANG": "vi", "LANG": "vi_VN.UTF-8"}, "en"),
    (None, {"ZONES_LANG": "vi"}, "vi"),
    (None, {"ZONES_LANG": "en", "LANG": "vi_VN.UTF-8"}, "en"),
    (None, {"ZONES_LANG": "fr", "LANG": "vi_VN.UTF-8"}, "vi"),
    (None, {"LANG": "vi_VN.UTF-8"}, "vi"),
    (None, {"LANG": "vi"}, "vi"),
    (None, {"LC_ALL": "en_US.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
    (None, {"LC_ALL": "vi_VN.UTF-8", "LANG": "C.UTF-8"}, "vi"),
    (None, {"LANG": "C.UTF-8"}, "en"),
]


@pytest.mark.parametrize(("flag", "environ", "expected"), LANGUAGE_CASES)
def test_choose_language(flag: str | None, environ: dict[str, str], expected: str) -> None:
    from zones.cli import choose_language

    assert choose_language(flag, environ) == expected


def test_validate_in_vietnamese(capsys, data_dir: Path, tmp_path: Path) -> None:
    rows = [dict(r) for r in ZONE_ROWS]
    rows[1]["fill_pct"] = "146.5"
    candidate = make_data_dir(tmp_path / "candidate", rows) / "zones.csv"
    code, out, _ = run(capsys, "validate", str(candidate), "--data", str(data_dir), "--lang", "vi")
    assert code == 1
    assert out.splitlines() == [
        "zones.csv dòng 3, Tỷ lệ lấp đầy (%) (fill_pct): 146,5 lớn hơn 100. Cách sửa: dùng giá trị ≥ 0, ≤ 100",
        "không hợp lệ: 1 lỗi, 0 cảnh báo",
    ]


@pytest.mark.parametrize(
    ("environ", "args", "last_line"),
    [
        ({"ZONES_LANG": "vi"}, [], "hợp lệ: 0 lỗi, 0 cảnh báo"),
        ({"LANG": "vi_VN.UTF-8"}, [], "hợp lệ: 0 lỗi, 0 cảnh báo"),
        ({"LANG": "vi_VN.UTF-8"}, ["--lang", "en"], "valid: 0 errors, 0 warnings"),
        ({"LANG": "en_GB.UTF-8"}, [], "valid: 0 errors, 0 warnings"),
    ],
)
def test_language_from_the_environment(
    capsys, monkeypatch, data_dir: Path, environ: dict[str, str], args: list[str],
    last_line: str,
) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    code, out, _ = run(capsys, "validate", "--data", str(data_dir), *args)
    assert code == 0 and out.splitlines()[-1] == last_line


def test_lang_may_come_before_the_command(capsys, data_dir: Path) -> None:
    code, out, _ = run(capsys, "--lang", "vi", "validate", "--data", str(data_dir))
    assert code == 0 and out.splitlines()[-1] == "hợp lệ: 0 lỗi, 0 cảnh báo"


def test_summary_table_writes_numbers_per_language(capsys, data_dir: Path) -> None:
    _, vi, _ = run(capsys, "summary", "--data", str(data_dir), "--lang", "vi")
    _, en, _ = run(capsys, "summary", "--data", str(data_dir), "--lang", "en")
    assert "14.580" in vi and "50,4" in vi  # Bình Định's area (ha) and weighted fill (%)
    assert "14,580" in en and "50.4" in en
    assert "—" in vi and "nan" not in vi.lower()  # Hòa Bình's unknown area


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summary", "--data", "/nonexistent/folder"],
         "lỗi: không có thư mục dữ liệu /nonexistent/folder. Cách sửa: dùng --data THƯ_MỤC "
         "hoặc đặt ZONES_DATA_DIR là thư mục chứa zones.csv."),
        (["validate", "nothing-here.csv"],
         "lỗi: nothing-here.csv: không tìm thấy tệp. Cách sửa: ghi đường dẫn của một tệp CSV "
         "hoặc XLSX."),
    ],
)
def test_usage_errors_in_vietnamese(capsys, args: list[str], message: str) -> None:
    code, _, err = run(capsys, *args, "--lang", "vi")
    assert code == 2 and err.strip() == message


def test_unknown_province_in_vietnamese(capsys, data_dir: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "--format", "csv", "-o", str(tmp_path / "x.csv"),
                       "--province", "Gia Lay", "--data", str(data_dir), "--lang", "vi")
    assert code == 2
    assert err.strip() == (
        "lỗi: 'Gia Lay' không phải là tỉnh (tên cũ hoặc từ 1/7/2025). Có phải là 'Gia Lai'?"
    )


# --- help, usage and argparse's own words in the chosen language --------------------------------

HELP_CASES = [
    # (extra environment, arguments, exit code, stream, lines that must be there, English lines
    #  that must not)
    ({}, ["--lang", "vi", "--help"], 0, "stdout",
     ["cách dùng: python -m zones [-h] [--lang {vi,en}]", "đối số vị trí:", "tùy chọn:",
      "  -h, --help            hiện trợ giúp này rồi thoát",
      "    export              xuất các khu dạng GeoJSON, CSV hoặc GeoPackage"],
     ["usage:", "positional arguments", "options:", "show this help message and exit"]),
    ({}, ["--lang", "vi", "export"], 2, "stderr",
     ["cách dùng: python -m zones export [-h] [--lang {vi,en}] --format",
      "python -m zones export: lỗi: thiếu các đối số bắt buộc: --format, -o/--output"],
     ["usage:", "error:", "the following arguments are required"]),
    ({"LANG": "vi_VN.UTF-8"}, ["validate", "--help"], 0, "stdout",
     ["cách dùng: python -m zones validate [-h] [--lang {vi,en}] [--data DATA]",
      "  file                  bảng khu cần kiểm tra (CSV hoặc XLSX)",
      "  --data DATA           thư mục dữ liệu (mặc định: $ZONES_DATA_DIR hoặc thư"],
     ["usage:", "positional arguments", "options:", "data folder"]),
    ({"ZONES_LANG": "vi"}, ["export", "--format", "shp", "-o", "x"], 2, "stderr",
     ["python -m zones export: lỗi: đối số --format: lựa chọn không hợp lệ: 'shp' (chọn một "
      "trong 'geojson', 'csv', 'gpkg')"],
     ["error:", "invalid choice"]),
    ({"LANG": "vi_VN.UTF-8"}, ["--lang=en", "export"], 2, "stderr",
     ["usage: python -m zones export [-h] [--lang {vi,en}] --format",
      "python -m zones export: error: the following arguments are required: --format, "
      "-o/--output"],
     ["cách dùng", "lỗi"]),
    ({}, ["--lang", "vi", "find", "x", "--bogus"], 2, "stderr",
     ["python -m zones: lỗi: đối số không nhận ra: --bogus"], ["unrecognized"]),
]


@pytest.mark.parametrize(("environ", "args", "code", "stream", "present", "absent"), HELP_CASES,
                         ids=["vi --help", "vi export without arguments", "LANG=vi validate --help",
                              "ZONES_LANG=vi bad choice", "--lang=en wins over LANG",
                              "vi unrecognized argument"])
def test_help_and_argparse_errors_in_the_chosen_language(
    environ: dict[str, str], args: list[str], code: int, stream: str, present: list[str],
    absent: list[str],
) -> None:
    env = {key: value for key, value in os.environ.items()
           if key not in ("ZONES_LANG", "LC_ALL", "LANG")}
    result = subprocess.run([sys.executable, "-m", "zones", *args], capture_output=True,
                            text=True, env={**env, **environ}, cwd=ROOT, check=False)
    assert result.returncode == code
    text = result.stdout if stream == "stdout" else result.stderr
    lines = text.splitlines()
    for wanted in present:
        assert any(line.startswith(wanted) for line in lines), (wanted, text)
    for english in absent:
        assert english not in text, (english, text)


@pytest.mark.parametrize(("argv", "expected"), [
    (["--lang", "vi", "summary"], "vi"),
    (["summary", "--lang=en"], "en"),
    (["summary", "--lang", "fr"], None),
    (["find", "--", "--lang", "vi"], None),
    (["summary", "--lang"], None),
    ([], None),
])
def test_lang_is_read_before_the_parser_is_built(argv: list[str], expected: str | None) -> None:
    assert flag_language(argv) == expected
