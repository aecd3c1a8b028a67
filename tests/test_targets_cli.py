"""`python -m zones targets`: every target with its status, the figures behind it, exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import ROOT
from zones.cli import main

DATA = str(ROOT / "data")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["targets", "--data", DATA, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_every_target_with_status_and_both_figures(capsys) -> None:
    code, out, _ = run(capsys, "--as-of", "2026-12-01", "--format", "json")
    assert code == 0
    records = {r["target_id"]: r for r in json.loads(out)}
    with open(ROOT / "data" / "targets.csv", encoding="utf-8") as handle:
        assert set(records) == {row["target_id"] for row in csv.DictReader(handle)}
    hoa_binh = records["hbh-kcn-fill-rate-2025"]
    assert hoa_binh["status"] == "deadline_passed"
    assert (hoa_binh["reported_value"], hoa_binh["reported_as_of"],
            hoa_binh["reported_source_id"]) == (46.77, "2024-06-24", "hbh-07-da-2024")
    kien_giang = records["kgg-kcn-fill-rate-2025"]
    assert (kien_giang["status"], kien_giang["reported_value"]) == ("no_data", None)
    assert (kien_giang["zone_value"], kien_giang["zone_zones_used"],
            kien_giang["zone_zones_total"], kien_giang["zone_area_used_ha"]) == (75.0, 1, 3, 150)
    assert records["kgg-kcn-fill-rate-2030"]["status"] == "not_yet_due"


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2024-01-01", "not_yet_due"), ("2025-06-30", "on_track"), ("2026-01-01", "deadline_passed")],
)
def test_as_of_changes_the_status(capsys, as_of: str, expected: str) -> None:
    code, out, _ = run(capsys, "--province", "Phú Thọ", "--as-of", as_of, "--format", "csv")
    assert code == 0
    rows = {r["target_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"hbh-kcn-fill-rate-2025", "hbh-ccn-fill-rate-2025",
                         "hbh-kcn-ccn-industrial-land-area-2025"}
    assert rows["hbh-kcn-fill-rate-2025"]["status"] == expected
    assert rows["hbh-kcn-fill-rate-2025"]["as_of"] == as_of


def test_table_in_english_shows_status_figure_date_source_and_coverage(capsys) -> None:
    code, out, _ = run(capsys, "--province", "Hoa Binh", "--as-of", "2026-12-01",
                       "--lang", "en")
    assert code == 0
    assert out.splitlines()[:4] == [
        "hbh-kcn-fill-rate-2025  [deadline_passed]  Hòa Bình · KCN · Fill rate · 2025",
        "    Deadline passed, last figure below target: 46.77% (24 Jun 2024) against ≥ 80%",
        "    hbh-07-da-2024: Kết quả triển khai Đề án số 07-ĐA/TU của Ban Thường vụ Tỉnh ủy về "
        "phát triển công nghiệp, tiểu thủ công nghiệp",
        "    58.83% (from 3 of 8 KCN with a fill rate and an area, 518.86 of 932.96 ha)",
    ]


def test_table_in_vietnamese(capsys) -> None:
    code, out, _ = run(capsys, "--province", "Kiên Giang", "--as-of", "2026-12-01", "--lang", "vi")
    assert code == 0
    assert "    75% (từ 1/3 KCN có tỷ lệ lấp đầy và diện tích, 150 trên 601,54 ha)" in out
    assert "Quá hạn, không có số liệu" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "2026-13-01"), "error: --as-of '2026-13-01' is not a date. Fix: write it"),
        (("--province", "Atlantis"), "error: 'Atlantis' is not a province"),
    ],
)
def test_bad_usage_is_a_message_and_exit_2(capsys, args, message) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.startswith(message)

