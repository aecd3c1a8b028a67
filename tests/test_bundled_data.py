"""The bundled data: valid, complete against the source documents, and sourced."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from helpers import BUNDLED_DATA, ROOT
from zones.docs import DICTIONARY_PATH, data_dictionary_markdown
from zones.folding import fold
from zones.search import search_keys
from zones.store import load_dataset
from zones.validate import check_data

MENTIONS = ROOT / "tests" / "data" / "document_zone_mentions.csv"
SEED_PROVINCES = {
    "Bình Định": "Gia Lai",
    "Tuyên Quang": "Tuyên Quang",
    "Kiên Giang": "An Giang",
    "Hòa Bình": "Phú Thọ",
    "Quảng Ngãi": "Quảng Ngãi",
}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(BUNDLED_DATA)


def mentions() -> list[dict[str, str]]:
    with MENTIONS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_bundled_data_has_no_errors() -> None:
    report = check_data(BUNDLED_DATA).report
    assert [str(p) for p in report.errors] == []


def test_only_known_warnings_remain() -> None:
    """Undated fill sources are the only accepted gap; every figure names its source."""
    report = check_data(BUNDLED_DATA).report
    assert {p.column for p in report.warnings} <= {"fill_as_of"}


@pytest.mark.parametrize("mention", mentions(), ids=lambda m: f"{m['source_id']}:{m['mention']}")
def test_every_zone_named_in_the_documents_is_present(dataset, mention: dict[str, str]) -> None:
    zones = dataset.zones.set_index("zone_id")
    assert mention["zone_id"] in zones.index
    zone = zones.loc[mention["zone_id"]]
    wanted = fold(mention["mention"])
    assert any(wanted == key or wanted in key for key in search_keys(zone["name"], zone["aliases"]))
    assert mention["source_id"] in set(dataset.sources["source_id"])


def test_documents_cover_the_four_provinces_with_named_zones(dataset) -> None:
    zones = dataset.zones.set_index("zone_id")
    named = {zones.loc[m["zone_id"], "province"] for m in mentions()}
    assert named == {"Bình Định", "Tuyên Quang", "Kiên Giang", "Quảng Ngãi"}
    assert len({m["zone_id"] for m in mentions()}) >= 25


def test_phases_named_separately_have_their_own_rows(dataset) -> None:
    phases = dataset.zones.set_index("zone_id")["phase_of"].dropna()
    assert phases.get("kcn-nhon-hoa-gd2") == "kcn-nhon-hoa"
    assert phases.get("kcn-thanh-loc-gd2") == "kcn-thanh-loc"
    assert "kcn-long-my-gd2" in set(dataset.zones["zone_id"])


@pytest.mark.parametrize(
    ("query", "zone_id"),
    [
        ("nhon hoi", "kkt-nhon-hoi"),
        ("pho phong", "kcn-pho-phong"),
        ("Phố Phong", "kcn-pho-phong"),
        ("thanh loc", "kcn-thanh-loc"),
        ("DUNG QUAT", "kkt-dung-quat"),
    ],
)
def test_name_search_finds_document_spellings(dataset, query: str, zone_id: str) -> None:
    from zones.filters import ZoneFilter, apply_filter

    found = apply_filter(dataset.zones, ZoneFilter(query=query), dataset.provinces)
    assert zone_id in set(found["zone_id"])


def test_provinces_table_maps_63_to_34(dataset) -> None:
    provinces = dataset.provinces
    assert len(provinces) == 63
    assert provinces["province_code"].is_unique
    assert provinces["province_2025"].nunique() == 34
    codes = provinces.groupby("province_2025")["province_2025_code"].nunique()
    assert (codes == 1).all()
    merged = dict(zip(provinces["province"], provinces["province_2025"], strict=True))
    for old, new in SEED_PROVINCES.items():
        assert merged[old] == new


def test_hoa_binh_target_is_derived_and_says_so(dataset) -> None:
    targets = dataset.targets[
        (dataset.targets["province"] == "Hòa Bình") & (dataset.targets["metric"] == "fill_rate")
    ]
    kcn = targets[targets["scope"] == "KCN"].iloc[0]
    assert kcn["achieved_value"] == pytest.approx(46.77)
    assert kcn["target_value"] == pytest.approx(46.77 / 0.5846, rel=0.01)
    assert "derived" in kcn["note"].lower()


def test_every_figure_has_its_source(dataset) -> None:
    zones = dataset.zones
    for figure, source in [
        ("area_ha", "area_source_id"),
        ("fill_pct", "fill_source_id"),
        ("lat", "location_source_id"),
    ]:
        missing = zones[zones[figure].notna() & zones[source].isna()]
        assert missing.empty, missing["zone_id"].tolist()
    assert dataset.targets["source_id"].notna().all()


def test_data_dictionary_is_up_to_date() -> None:
    assert DICTIONARY_PATH.read_text(encoding="utf-8") == data_dictionary_markdown(), (
        "docs/data-dictionary.md is stale: run `python -m zones docs`"
    )


def test_bundled_data_names_no_local_machine_paths() -> None:
    for path in Path(BUNDLED_DATA).rglob("*"):
        if path.is_file():
            assert "/work/" not in path.read_text(encoding="utf-8", errors="ignore"), path
