"""Access distances and the 'within N km' filter in the app (Streamlit AppTest)."""

from __future__ import annotations

from pathlib import Path

from test_app import app, captions, open_page, query

from helpers import shown_table
from zones.access import with_access
from zones.filters import ZoneFilter, apply_filter
from zones.geo import zones_geodataframe
from zones.store import load_dataset


def expected_count(data_dir: Path, kind: str, km: float) -> int:
    dataset = load_dataset(data_dir)
    zones = with_access(zones_geodataframe(dataset.zones, dataset.outlines))
    return len(apply_filter(zones, ZoneFilter(near=(kind, km)), dataset.provinces))


def test_compare_table_lists_straight_line_distances(bundled_copy: Path, monkeypatch) -> None:
    at = app(bundled_copy, monkeypatch, compare=["kcn-phu-tai", "kkt-dung-quat"], lang="en").run()
    open_page(at, "compare_page")
    table = shown_table(at.table[0].value)
    assert {"Nearest seaport", "Nearest airport", "Nearest provincial capital"} <= set(
        table.index)
    assert table.loc["Nearest seaport", "Khu kinh tế Dung Quất (kkt-dung-quat)"].startswith(
        "Cảng Dung Quất: ≈ ")
    assert table.loc["Nearest seaport"].str.endswith("km straight-line").all()


def test_zone_card_beside_the_map_shows_distances(bundled_copy: Path, monkeypatch) -> None:
    at = app(bundled_copy, monkeypatch, zone="kcn-phu-tai").run()
    text = " ".join(m.value for m in at.markdown)
    assert "Cảng biển gần nhất" in text and "Cảng Quy Nhơn: ≈" in text
    assert "\\(đường chim bay\\)" in text  # escaped for Markdown
    assert any("gần đúng" in c for c in captions(at))


def test_within_km_filter_widget_and_url(bundled_copy: Path, monkeypatch) -> None:
    at = app(bundled_copy, monkeypatch).run()
    at.selectbox(key="f_near_kind").set_value("seaport").run()
    at.slider(key="f_near_km").set_value(30.0).run()
    assert f"{expected_count(bundled_copy, 'seaport', 30.0)} khu" in captions(at)
    assert query(at, "near") == ["seaport-30"]
    at.selectbox(key="f_near_kind").set_value(None).run()
    assert query(at, "near") == []


def test_within_km_filter_from_a_link(bundled_copy: Path, monkeypatch) -> None:
    at = app(bundled_copy, monkeypatch, near="airport-15").run()
    assert f"{expected_count(bundled_copy, 'airport', 15.0)} khu" in captions(at)
    assert at.selectbox(key="f_near_kind").value == "airport"
