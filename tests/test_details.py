"""What the zone, compare and provinces pages show, as tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from zones.details import (
    compare_table,
    zone_facts,
    zone_sources,
)
from zones.schema import column_label
from zones.store import load_dataset


def test_zone_facts_name_the_source_of_each_known_figure(data_dir: Path) -> None:
    facts = zone_facts(load_dataset(data_dir), "kcn-nhon-hoi-b", "en").set_index("Figure")
    assert facts.loc["Planned area (ha)", "Value"] == "447 ha"
    assert facts.loc["Planned area (ha)", "Source"] == "News page"
    assert facts.loc["Planned area (ha)", "url"] == "https://example.org/b"
    assert facts.loc["Fill rate (%)", "Value"] == "6.9%"
    assert facts.loc["Fill rate (%)", "As of"] == "2025"
    # unknown figures say so and cite nothing
    assert facts.loc["Leasable land (ha)", "Value"] == "unknown"
    assert facts.loc["Leasable land (ha)", "Source"] == ""
    assert facts.loc["Location", "Value"] == "Position unknown"


def test_location_in_plain_words_with_coordinates(data_dir: Path) -> None:
    facts = zone_facts(load_dataset(data_dir), "kcn-nhon-hoa", "vi").set_index("Chỉ tiêu")
    assert facts.loc["Vị trí", "Giá trị"] == "Tâm xã/phường (lệch 1–5 km) — 13,8463; 109,0774"


def test_compare_table_has_zones_as_columns(data_dir: Path) -> None:
    table = compare_table(load_dataset(data_dir), ["kcn-nhon-hoa", "ccn-luong-son"], "en")
    assert list(table.columns) == ["Khu công nghiệp Nhơn Hòa (kcn-nhon-hoa)",
                                   "Cụm công nghiệp Lương Sơn (ccn-luong-son)"]
    assert list(table.loc["Fill rate (%)"]) == ["82%", "unknown"]
    assert list(table.loc["Province since 1 July 2025"]) == ["Gia Lai", "Phú Thọ"]


@pytest.mark.parametrize(
    ("lang", "area", "fill", "leased", "as_of", "unknown"),
    [
        ("vi", "14.308 ha", "50%", "chưa rõ", "2024", "chưa rõ"),
        ("en", "14,308 ha", "50%", "unknown", "2024", "unknown"),
    ],
)
def test_zone_figures_written_the_readers_way(data_dir: Path, lang, area, fill, leased, as_of,
                                              unknown) -> None:
    facts = zone_facts(load_dataset(data_dir), "kkt-nhon-hoi", lang)
    values = dict(zip(facts.iloc[:, 0], facts.iloc[:, 1], strict=True))
    assert values[column_label("area_ha", lang)] == area
    assert values[column_label("fill_pct", lang)] == fill
    assert values[column_label("leased_ha", lang)] == leased
    assert list(facts.iloc[:, 2])[3] == as_of
    table = compare_table(load_dataset(data_dir), ["kkt-nhon-hoi", "ccn-luong-son"], lang)
    assert list(table.loc[column_label("area_ha", lang)]) == [area, unknown]
    assert list(table.loc[column_label("developer", lang)]) == [unknown, unknown]
    assert "None" not in table.to_string() and "nan" not in table.to_string()


@pytest.mark.parametrize(("lang", "date", "header"), [("vi", "14/05/2021", "Ngày"),
                                                      ("en", "14 May 2021", "Date")])
def test_zone_sources_are_labelled_with_dates_per_language(data_dir: Path, lang, date,
                                                          header) -> None:
    sources = zone_sources(load_dataset(data_dir), "kcn-nhon-hoa", lang)
    assert header in sources.columns and "source_id" not in sources.columns
    assert list(sources[header]) == [date, "2024"]
    links = list(sources[column_label("url", lang)])
    assert links == ["", "https://example.org/b"]  # no link: empty, not "—" or "None"

