"""Access distances: nearest seaport, airport and provincial capital, the 'within N km' filter,
the sourced seaport table and the capitals table."""

from __future__ import annotations

import csv
import math

import numpy as np
import pandas as pd
import pytest

from zones import access
from zones.access import (
    AIRPORT_NAMES_CSV,
    CIVIL_AIRPORTS,
    Facilities,
    access_facts,
    access_table,
    airports,
    compare_rows,
    nearest,
    with_access,
    within_km,
)
from zones.export import export_records
from zones.filters import ZoneFilter, apply_filter
from zones.geo import zones_geodataframe
from zones.store import BUNDLED_DATA_DIR, load_dataset
from zones.urlstate import ViewState, from_query, to_query

VIETNAM_BOX = (8.0, 23.5, 102.0, 110.0)  # lat min/max, lon min/max (mainland and near islands)

TWO = Facilities(("A", "B"), np.array([21.0245, 10.8230]), np.array([105.8412, 106.6296]))
"""Hà Nội and Hồ Chí Minh City centres (GeoNames)."""


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(BUNDLED_DATA_DIR)


@pytest.mark.parametrize(
    ("lat", "lon", "name", "km"),
    [
        (21.0245, 105.8412, "A", 0.0),  # on the facility
        (10.8230, 106.6296, "B", 0.0),
        (20.0, 105.8412, "A", 113.9),  # 1.0245° of latitude ≈ 113.9 km
        (11.8230, 106.6296, "B", 111.2),
    ],
)
def test_nearest_facility_and_straight_line_km(lat, lon, name, km):
    names, distances = nearest(np.array([lat]), np.array([lon]), TWO)
    assert names == [name]
    assert distances[0] == pytest.approx(km, abs=0.2)


def test_hanoi_to_ho_chi_minh_city_is_about_1140_km():
    _, distances = nearest(np.array([21.0245]), np.array([105.8412]),
                           Facilities(("B",), TWO.lats[1:], TWO.lons[1:]))
    assert distances[0] == pytest.approx(1137, abs=5)  # great-circle distance of the two centres


def test_zone_without_position_has_no_distance():
    names, distances = nearest(np.array([np.nan, 21.0]), np.array([np.nan, 105.8]), TWO)
    assert names[0] is None and math.isnan(distances[0])
    assert names[1] == "A"


@pytest.mark.parametrize(
    ("precision", "approximate"),
    [("commune", True), ("district", True), ("site", False), ("surveyed", False)],
)
def test_distances_are_approximate_for_commune_and_district_positions(precision, approximate):
    zones = pd.DataFrame({"zone_id": ["z"], "lat": [13.78], "lon": [109.22],
                          "location_precision": [precision]})
    table = access_table(zones)
    assert bool(table.loc[0, "access_approximate"]) is approximate
    facts = dict(access_facts(table.iloc[0].to_dict(), "vi"))
    seaport_text = facts["Cảng biển gần nhất"]
    assert seaport_text.startswith("Cảng Quy Nhơn:")
    assert ("≈" in seaport_text) is approximate
    assert "đường chim bay" in seaport_text


def test_bundled_zone_distances(dataset):
    table = access_table(dataset.zones).join(dataset.zones[["zone_id"]]).set_index("zone_id")
    phu_tai = table.loc["kcn-phu-tai"]
    assert phu_tai["seaport"] == "Cảng Quy Nhơn"
    assert phu_tai["capital"] == "Quy Nhơn"
    assert phu_tai["airport"].startswith("Phu Cat")
    assert phu_tai["airport_vi"] == "Cảng hàng không Phù Cát"
    assert 0 < phu_tai["seaport_km"] < 20
    assert table.loc["kkt-dung-quat", "seaport"] == "Cảng Dung Quất"
    unplaced = dataset.zones.loc[dataset.zones["lat"].isna(), "zone_id"]
    assert len(unplaced)  # the bundled data has zones without a position
    for zone_id in unplaced:
        assert table.loc[zone_id, "seaport"] is None
        assert math.isnan(table.loc[zone_id, "seaport_km"])


def test_every_civil_airport_has_its_vietnamese_name_and_a_source():
    table = airports()
    assert table["name_vi"].str.startswith("Cảng hàng không ").all()
    names = dict(zip(table["iata"], table["name_vi"], strict=True))
    assert names["HAN"] == "Cảng hàng không quốc tế Nội Bài"
    assert names["UIH"] == "Cảng hàng không Phù Cát"
    sources = pd.read_csv(AIRPORT_NAMES_CSV, dtype=str, keep_default_na=False)
    assert sorted(sources["iata"]) == sorted(CIVIL_AIRPORTS)
    assert (sources["source"] != "").all() and sources["source_url"].str.startswith("http").all()


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "Cảng hàng không Phù Cát: 25 km (đường chim bay)"),
    ("en", "Phu Cat Airport: 25 km straight-line"),
])
def test_airport_named_in_the_reader_language(lang: str, expected: str) -> None:
    zone = {"seaport": None, "seaport_km": float("nan"), "airport": "Phu Cat Airport",
            "airport_vi": "Cảng hàng không Phù Cát", "airport_km": 25.0, "capital": None,
            "capital_km": float("nan"), "access_approximate": False}
    assert access_facts(zone, lang)[1][1] == expected


def test_english_access_facts_and_missing_values():
    zone = {"seaport": "Cảng Quy Nhơn", "seaport_km": 12.9, "airport": None,
            "airport_km": float("nan"), "capital": "Quy Nhơn", "capital_km": 8.3,
            "access_approximate": False}
    facts = access_facts(zone, "en")
    assert facts[0] == ("Nearest seaport", "Cảng Quy Nhơn: 13 km straight-line")
    assert facts[1] == ("Nearest airport", "—")
    assert facts[2] == ("Nearest provincial capital", "Quy Nhơn: 8.3 km straight-line")


@pytest.mark.parametrize(("kind", "km"), [("seaport", 10.0), ("seaport", 50.0),
                                          ("airport", 15.0), ("airport", 100.0)])
def test_within_km_filter_matches_the_distances(dataset, kind, km):
    zones = with_access(zones_geodataframe(dataset.zones, dataset.outlines))
    kept = apply_filter(zones, ZoneFilter(near=(kind, km)), dataset.provinces)
    expected = zones[zones[f"{kind}_km"] <= km]
    assert set(kept["zone_id"]) == set(expected["zone_id"])
    assert 0 < len(kept) < len(zones)
    assert within_km(zones, kind, km).sum() == len(kept)


def test_filter_computes_distances_when_the_frame_has_none(dataset):
    kept = apply_filter(dataset.zones, ZoneFilter(near=("seaport", 10.0)), dataset.provinces)
    assert "kcn-phu-tai" in set(kept["zone_id"])
    assert "kcn-long-binh-an" not in set(kept["zone_id"])


@pytest.mark.parametrize(
    ("query", "near"),
    [("seaport-50", ("seaport", 50.0)), ("airport-12.5", ("airport", 12.5)),
     ("harbour-50", None), ("seaport-x", None), ("seaport--5", None), ("seaport-0", None)],
)
def test_near_filter_in_the_url(query, near):
    state = from_query({"near": [query]})
    assert state.zone_filter.near == near
    if near:
        assert to_query(state)["near"] == [query]
        assert from_query(to_query(ViewState(ZoneFilter(near=near)))).zone_filter.near == near


def test_exports_carry_the_distances(dataset):
    zones = with_access(zones_geodataframe(dataset.zones, dataset.outlines))
    record = next(r for r in export_records(zones) if r["zone_id"] == "kcn-phu-tai")
    assert record["seaport"] == "Cảng Quy Nhơn"
    assert isinstance(record["seaport_km"], float)
    assert record["access_approximate"] is True


def test_compare_rows_name_zones_like_the_compare_table(dataset):
    zones = with_access(zones_geodataframe(dataset.zones, dataset.outlines))
    rows = compare_rows(zones, ["kcn-phu-tai", "kkt-dung-quat"], "en")
    assert list(rows.index) == ["Nearest seaport", "Nearest airport",
                                "Nearest provincial capital"]
    assert list(rows.columns) == ["Khu công nghiệp Phú Tài (kcn-phu-tai)",
                                  "Khu kinh tế Dung Quất (kkt-dung-quat)"]
    assert rows.iloc[0, 1].startswith("Cảng Dung Quất: ≈ ")


# --- the facility tables ------------------------------------------------------------------------


def test_civil_airports_are_the_22_in_airportsdata():
    airports = access.airports()
    assert len(CIVIL_AIRPORTS) == len(set(CIVIL_AIRPORTS)) == 22
    assert list(airports["iata"]) == list(CIVIL_AIRPORTS)
    assert airports["lat"].between(*VIETNAM_BOX[:2]).all()
    assert airports["lon"].between(*VIETNAM_BOX[2:]).all()


def test_every_seaport_has_a_position_and_a_source():
    with open(access.INFRASTRUCTURE_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 15
    assert len({r["facility_id"] for r in rows}) == len(rows)
    for row in rows:
        assert None not in row and len(row) == 10, row  # no stray comma made an extra field
        assert row["kind"] == "seaport"
        assert VIETNAM_BOX[0] <= float(row["lat"]) <= VIETNAM_BOX[1], row
        assert VIETNAM_BOX[2] <= float(row["lon"]) <= VIETNAM_BOX[3], row
        assert row["source"].strip() and row["position"].strip()
        assert row["source_url"].startswith(("http://", "https://")), row


def test_capitals_cover_the_63_provinces_and_the_34_seats(dataset):
    capitals = access.capitals()
    assert sorted(capitals["province"]) == sorted(dataset.provinces["province"])
    seats = access.current_capitals()
    assert sorted(seats["seat_2025_of"]) == sorted(set(dataset.provinces["province_2025"]))
    assert capitals["geonameid"].str.fullmatch(r"\d+").all()
