"""The Provinces & targets page under AppTest: matrix, a clicked cell's detail, the table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from helpers import ROOT, app_test

PAGE = "ui/views/provinces_page.py"
TIMEOUT = 60


def open_provinces(data_dir: Path, monkeypatch, **query: str) -> AppTest:
    monkeypatch.setenv("ZONES_DATA_DIR", str(data_dir))
    monkeypatch.chdir(ROOT)
    at = app_test(TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    for element in at.dataframe:
        value = element.value
        if isinstance(value, pd.DataFrame) and column in value.columns:
            return value
    raise AssertionError(f"no table with a column {column!r}")


def matrix(at: AppTest) -> pd.DataFrame:
    for element in at.dataframe:
        value = element.value
        if isinstance(value, pd.DataFrame) and "KCN · Fill rate · 2025" in value.index:
            return value
    raise AssertionError("no matrix")


def click_cell(at: AppTest, row: int, column: str) -> AppTest:
    at.session_state["targets_matrix"] = {
        "selection": {"rows": [], "columns": [], "cells": [[row, column]]}
    }
    return at.run()


def texts(at: AppTest) -> list[str]:
    return [element.value for element in at.text]


def test_matrix_cell_opens_its_target_with_figure_date_source_and_coverage(
    bundled_copy: Path, monkeypatch
) -> None:
    at = open_provinces(bundled_copy, monkeypatch, lang="en")
    at.date_input(key="targets_as_of").set_value(dt.date(2026, 12, 1)).run()
    shown = matrix(at)
    assert list(shown.columns) == ["Bình Định", "Hòa Bình", "Kiên Giang", "Quảng Ngãi",
                                   "Tuyên Quang"]
    click_cell(at, list(shown.index).index("KCN · Fill rate · 2025"), "Hòa Bình")
    assert not at.exception
    assert at.selectbox(key="province_detail").value == "Hòa Bình"
    assert "Hòa Bình · KCN · Fill rate · 2025" in texts(at)
    assert ("Deadline passed, last figure below target: 46.77% (24 Jun 2024) against ≥ 80%"
            in texts(at))
    assert any(t.startswith("Computed from zone rows (coverage): 58.83% (from 3 of 8 KCN")
               for t in texts(at))
    used = frame_with(at, "Zone")
    assert "Khu công nghiệp Lương Sơn" in set(used["Zone"])
    assert any("Source: Kết quả triển khai Đề án số 07" in c.value for c in at.caption)


def test_province_table_in_vietnamese_numbers_and_labels(bundled_copy: Path, monkeypatch):
    at = open_provinces(bundled_copy, monkeypatch)
    at.date_input(key="targets_as_of").set_value(dt.date(2026, 12, 1)).run()
    at.selectbox(key="province_detail").set_value("Kiên Giang").run()
    table = frame_with(at, "status_text")
    kcn_2025 = table[table["label"] == "Kiên Giang · KCN · Tỷ lệ lấp đầy · 2025"].iloc[0]
    assert kcn_2025["status_text"] == "Quá hạn, không có số liệu"
    assert kcn_2025["computed"] == (
        "75% (từ 1/3 KCN có tỷ lệ lấp đầy và diện tích, 150 trên 601,54 ha)")
    assert kcn_2025["target"] == "> 65%"
    assert "None" not in table.to_string() and "count" not in table.to_string()


def test_merged_names_label_rows_with_the_old_province(bundled_copy: Path, monkeypatch):
    at = open_provinces(bundled_copy, monkeypatch, lang="en", by="province_2025")
    at.date_input(key="targets_as_of").set_value(dt.date(2026, 12, 1)).run()
    shown = matrix(at)
    assert "An Giang (Kiên Giang)" in shown.columns
    assert shown.at["KCN · Fill rate · 2025", "Phú Thọ (Hòa Bình)"] == "Overdue, below · 46.77%"


@pytest.mark.parametrize("as_of", [dt.date(2024, 1, 1), dt.date(2026, 12, 1)])
def test_as_of_date_changes_the_status(bundled_copy: Path, monkeypatch, as_of):
    at = open_provinces(bundled_copy, monkeypatch, lang="en")
    at.date_input(key="targets_as_of").set_value(as_of).run()
    at.selectbox(key="province_detail").set_value("Hòa Bình").run()
    table = frame_with(at, "status_text")
    row = table[table["label"] == "Hòa Bình · KCN · Fill rate · 2025"].iloc[0]
    expected = ("Not due yet, nothing reported" if as_of.year == 2024 else
                "Deadline passed, last figure below target: 46.77% (24 Jun 2024) against ≥ 80%")
    assert row["status_text"] == expected
