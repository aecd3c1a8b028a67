"""What the zone, compare and provinces pages show, as tables."""

from __future__ import annotations

from pathlib import Path

from zones.details import compare_table, zone_facts
from zones.store import load_dataset


def test_zone_facts_name_the_source_of_each_known_figure(data_dir: Path) -> None:
    facts = zone_facts(load_dataset(data_dir), "kcn-nhon-hoi-b", "en").set_index("Figure")
    assert facts.loc["Planned area (ha)", "Value"] == "447 ha"
    assert facts.loc["Planned area (ha)", "Source"] == "News page"
    assert facts.loc["Planned area (ha)", "url"] == "https://example.org/b"
    assert facts.loc["Fill rate (%)", "Value"] == "6.9 %"
    assert facts.loc["Fill rate (%)", "as of"] == "2025"
    # unknown figures say so and cite nothing
    assert facts.loc["Leasable land (ha)", "Value"] == "unknown"
    assert facts.loc["Leasable land (ha)", "Source"] == ""
    assert facts.loc["Location", "Value"] == "Position unknown"


def test_location_in_plain_words_with_coordinates(data_dir: Path) -> None:
    facts = zone_facts(load_dataset(data_dir), "kcn-nhon-hoa", "vi").set_index("Chỉ tiêu")
    assert facts.loc["Vị trí", "Giá trị"] == "Tâm xã/phường (lệch 1–5 km) — 13.8463, 109.0774"


def test_compare_table_has_zones_as_columns(data_dir: Path) -> None:
    table = compare_table(load_dataset(data_dir), ["kcn-nhon-hoa", "ccn-luong-son"], "en")
    assert list(table.columns) == ["Khu công nghiệp Nhơn Hòa (kcn-nhon-hoa)",
                                   "Cụm công nghiệp Lương Sơn (ccn-luong-son)"]
    assert list(table.loc["Fill rate (%)"]) == ["82 %", "unknown"]
    assert list(table.loc["Province since 1 July 2025"]) == ["Gia Lai", "Phú Thọ"]
