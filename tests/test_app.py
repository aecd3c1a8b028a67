"""The app under Streamlit's AppTest: every page, filters, URL state, downloads, edge cases."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from helpers import ROOT, ZONE_ROWS, app_test, make_data_dir, shown_table
from zones.filters import ZoneFilter, apply_filter
from zones.store import load_dataset

PAGES = ["map_page", "deck_page", "provinces_page", "zone_page", "compare_page", "data_page"]
TIMEOUT = 60


def app(data_dir: Path, monkeypatch, **query: str | list[str]) -> AppTest:
    monkeypatch.setenv("ZONES_DATA_DIR", str(data_dir))
    monkeypatch.chdir(ROOT)
    at = app_test(TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"ui/views/{page}.py").run()


def query(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key)
    return [value] if isinstance(value, str) else list(value or [])


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_bundled_data(bundled_copy: Path, monkeypatch, page) -> None:
    at = app(bundled_copy, monkeypatch).run()
    open_page(at, page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title


def test_filter_widget_changes_the_results_and_the_url(data_dir: Path, monkeypatch) -> None:
    at = app(data_dir, monkeypatch).run()
    assert "4 khu" in captions(at)
    at.multiselect(key="f_kinds").set_value(["KCN"]).run()
    assert "2 khu" in captions(at)
    assert query(at, "kind") == ["KCN"]


def test_query_parameters_restore_the_view(data_dir: Path, monkeypatch) -> None:
    at = app(data_dir, monkeypatch, province="gia lai", kind="KCN", zone="kcn-nhon-hoa",
             lang="en").run()
    assert at.session_state["f_kinds"] == ["KCN"]
    assert at.session_state["f_provinces"] == ["Bình Định"]  # old Gia Lai has no zones
    assert "2 zones" in captions(at)
    assert next(s.value for s in at.subheader) == "Khu công nghiệp Nhơn Hòa"
    open_page(at, "zone_page")
    assert "Khu công nghiệp Nhơn Hòa" in [h.value for h in at.header]


def test_merged_province_naming_keeps_the_selection(data_dir: Path, monkeypatch) -> None:
    at = app(data_dir, monkeypatch, province="Hòa Bình").run()
    assert at.session_state["f_provinces"] == ["Hòa Bình"]
    at.radio(key="by").set_value("province_2025").run()
    assert at.session_state["f_provinces"] == ["Phú Thọ"]
    assert "1 khu" in captions(at)


def test_empty_results_say_so_and_reset(data_dir: Path, monkeypatch) -> None:
    at = app(data_dir, monkeypatch, q="khong co khu nay").run()
    assert not at.exception
    assert any("Không có khu nào" in i.value for i in at.info)
    for page in PAGES[1:]:
        open_page(at, page)
        assert not at.exception, page
    open_page(at, "map_page")
    at.button(key="reset_empty").click().run()
    assert "4 khu" in captions(at)


def test_downloads_contain_exactly_the_filtered_zones(data_dir: Path, monkeypatch) -> None:
    saved: list[tuple[bytes, str | None]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        saved.append((path_or_data, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    at = app(data_dir, monkeypatch, province="Bình Định", kind="KCN").run()
    open_page(at, "data_page")
    assert not at.exception
    by_name = {name.rsplit(".", 1)[-1]: data for data, name in saved if name}
    dataset = load_dataset(data_dir)
    expected = set(apply_filter(dataset.zones, ZoneFilter(provinces=("Bình Định",),
                                                          kinds=("KCN",)),
                                dataset.provinces)["zone_id"])
    geojson = json.loads(by_name["geojson"])
    assert {f["id"] for f in geojson["features"]} == expected
    rows = list(csv.DictReader(io.StringIO(by_name["csv"].decode("utf-8-sig"))))
    assert {r["zone_id"] for r in rows} == expected
    assert by_name["gpkg"][:16] == b"SQLite format 3\x00"
    names = [name for _, name in saved if name]
    assert all(name.startswith("zones_binh-dinh_kcn_") for name in names)


def test_data_changes_on_disk_show_on_the_next_run(data_dir: Path, monkeypatch) -> None:
    at = app(data_dir, monkeypatch).run()
    assert "4 khu" in captions(at)
    make_data_dir(data_dir, ZONE_ROWS[:3])  # a colleague saved a smaller table
    at.run()
    assert "3 khu" in captions(at)


def test_invalid_data_shows_every_problem_without_a_traceback(tmp_path: Path,
                                                             monkeypatch) -> None:
    rows = [dict(r) for r in ZONE_ROWS]
    rows[1]["fill_pct"] = "146"
    at = app(make_data_dir(tmp_path, rows), monkeypatch).run()
    assert not at.exception
    assert at.error
    assert "zones.csv dòng 3, Tỷ lệ lấp đầy (%) (fill_pct): 146 lớn hơn 100" in at.code[0].value  # Vietnamese UI
    assert at.code[0].proto.wrap_lines  # long problem lines wrap on a phone


def test_language_switch(data_dir: Path, monkeypatch) -> None:
    at = app(data_dir, monkeypatch).run()
    assert at.title[0].value == "Bản đồ đất công nghiệp Việt Nam"
    at.selectbox(key="lang").set_value("en").run()
    assert at.title[0].value == "Vietnam industrial land map"
    assert query(at, "lang") == ["en"]


def test_compare_page_shows_chosen_zones_side_by_side(data_dir: Path, monkeypatch) -> None:
    at = app(data_dir, monkeypatch, compare=["kcn-nhon-hoa", "kkt-nhon-hoi"]).run()
    open_page(at, "compare_page")
    table = shown_table(at.table[0].value)
    assert list(table.columns) == ["Khu công nghiệp Nhơn Hòa (kcn-nhon-hoa)",
                                   "Khu kinh tế Nhơn Hội (kkt-nhon-hoi)"]


def test_zone_page_shows_sources_and_parent(data_dir: Path, monkeypatch) -> None:
    at = app(data_dir, monkeypatch, zone="kcn-nhon-hoi-b", lang="en").run()
    open_page(at, "zone_page")
    assert not at.exception
    parent = at.button(key="go_kkt-nhon-hoi")  # the parent economic zone, one click away
    assert "Khu kinh tế Nhơn Hội" in parent.label
    parent.click().run()
    assert at.session_state["zone"] == "kkt-nhon-hoi"
    assert "Khu kinh tế Nhơn Hội" in [h.value for h in at.header]
    at.button(key="go_kcn-nhon-hoi-b").click().run()  # and back to the park inside it
    assert at.session_state["zone"] == "kcn-nhon-hoi-b"
    facts = shown_table(at.table[0].value)
    assert "News page" in set(facts["Source"])
    link = at.table[0].value.loc[facts["Source"] == "News page", "Source"].iloc[0]
    assert link.startswith("[News page](http")  # the source's own page, one click away


@pytest.mark.parametrize(("lang", "hint", "name_header"), [
    ("vi", "Chọn một khu trong 2 khu đang lọc (bấm vào dòng) hoặc gõ tên ở ô trên.", "Tên"),
    ("en", "Pick one of the 2 filtered zones (click its row), or type a name above.", "Name"),
])
def test_zone_page_without_a_zone_lists_the_filtered_zones(data_dir: Path, monkeypatch, lang,
                                                           hint, name_header) -> None:
    at = app(data_dir, monkeypatch, kind="KCN", lang=lang).run()
    open_page(at, "zone_page")
    assert not at.exception
    assert hint in captions(at)
    listed = at.dataframe[0].value
    dataset = load_dataset(data_dir)
    expected = apply_filter(dataset.zones, ZoneFilter(kinds=("KCN",)), dataset.provinces)
    assert list(listed[name_header]) == list(expected["name"])
