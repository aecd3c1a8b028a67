"""Footprints, the zones GeoDataFrame, province summaries and target status."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from helpers import make_data_dir
from zones.geo import (
    GEOMETRY_FOOTPRINT,
    GEOMETRY_NONE,
    GEOMETRY_OUTLINE,
    circle_footprints,
    zones_geodataframe,
)
from zones.geometry import geodesic_area_ha
from zones.schema import DEFAULT_FOOTPRINT_HA
from zones.store import load_dataset
from zones.summary import summarise_provinces

SQUARE = [[[109.07, 13.84], [109.085, 13.84], [109.085, 13.855], [109.07, 13.855], [109.07, 13.84]]]


@pytest.mark.parametrize("area_ha", [1.0, 50.0, 272.0, 14308.0])
@pytest.mark.parametrize("lat", [8.5, 16.0, 23.0])
def test_footprint_has_the_zone_area_and_ccw_winding(area_ha: float, lat: float) -> None:
    [polygon] = circle_footprints(np.array([106.0]), np.array([lat]), np.array([area_ha]))
    assert geodesic_area_ha(polygon) == pytest.approx(area_ha, rel=1e-3)
    assert polygon.exterior.is_ccw
    assert polygon.is_valid
    assert polygon.centroid.distance(shapely.Point(106.0, lat)) < 1e-4


def test_geodataframe_uses_outline_then_footprint_then_nothing(tmp_path: Path) -> None:
    outline = {
        "type": "Feature",
        "properties": {"zone_id": "kcn-nhon-hoa"},
        "geometry": {"type": "Polygon", "coordinates": SQUARE},
    }
    dataset = load_dataset(make_data_dir(tmp_path, outlines=[outline]))
    gdf = zones_geodataframe(dataset.zones, dataset.outlines).set_index("zone_id")
    assert gdf.crs.to_epsg() == 4326
    assert gdf.loc["kcn-nhon-hoa", "geometry_kind"] == GEOMETRY_OUTLINE
    assert not gdf.loc["kcn-nhon-hoa", "approximate"]
    assert gdf.loc["kkt-nhon-hoi", "geometry_kind"] == GEOMETRY_FOOTPRINT
    assert gdf.loc["kkt-nhon-hoi", "approximate"]
    assert gdf.loc["kkt-nhon-hoi", "area_geom_ha"] == pytest.approx(14308, rel=1e-3)
    # no area known: a default-size footprint, still flagged approximate
    assert gdf.loc["ccn-luong-son", "area_geom_ha"] == pytest.approx(DEFAULT_FOOTPRINT_HA, rel=1e-3)
    # no position known: no geometry, and no invented map point
    assert gdf.loc["kcn-nhon-hoi-b", "geometry_kind"] == GEOMETRY_NONE
    assert gdf.loc["kcn-nhon-hoi-b", "geometry"] is None
    assert pd.isna(gdf.loc["kcn-nhon-hoi-b", "map_lat"])


def test_summary_does_not_double_count_parks_inside_an_economic_zone(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    table = summarise_provinces(dataset.zones).set_index("province")
    binh_dinh = table.loc["Bình Định"]
    assert binh_dinh["zones"] == 3
    assert (binh_dinh["KKT"], binh_dinh["KCN"], binh_dinh["CCN"]) == (1, 2, 0)
    assert binh_dinh["in_kkt"] == 1
    assert binh_dinh["area_ha"] == pytest.approx(14308 + 272)  # not + 447 (inside the KKT)
    # fill weighted by leasable land (else area); the KCN inside the KKT is left out because the
    # KKT's own fill rate includes it
    expected = (50 * 14308 + 82 * 200) / (14308 + 200)
    assert binh_dinh["fill_pct"] == pytest.approx(expected)
    assert binh_dinh["operating"] == 2 and binh_dinh["stalled"] == 1


def test_phases_are_not_added_to_their_whole_park(tmp_path: Path) -> None:
    from helpers import ZONE_ROWS, zone

    phase = zone(
        zone_id="kcn-nhon-hoa-gd2",
        name="Khu công nghiệp Nhơn Hòa (giai đoạn 2)",
        kind="KCN",
        phase_of="kcn-nhon-hoa",
        province="Bình Định",
        status="under_construction",
        area_ha="134.64",
        fill_pct="10",
        fill_as_of="2020",
        location_precision="unknown",
        source_ids="web-b",
        area_source_id="web-b",
        fill_source_id="web-b",
    )
    dataset = load_dataset(make_data_dir(tmp_path, [*ZONE_ROWS, phase]))
    row = summarise_provinces(dataset.zones).set_index("province").loc["Bình Định"]
    assert row["zones"] == 4
    assert row["area_ha"] == pytest.approx(14308 + 272)
    assert row["fill_pct"] == pytest.approx((50 * 14308 + 82 * 200) / (14308 + 200))


def test_summary_by_merged_province(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    table = summarise_provinces(dataset.zones, by="province_2025").set_index("province_2025")
    assert list(table.index) == ["Gia Lai", "Phú Thọ"]
    assert table.loc["Phú Thọ", "zones"] == 1
    assert table.loc["Phú Thọ", "area_ha"] is None or pd.isna(table.loc["Phú Thọ", "area_ha"])
    assert table.loc["Phú Thọ", "area_unknown"] == 1


def test_summary_rejects_unknown_grouping(data_dir: Path) -> None:
    with pytest.raises(ValueError, match="by must be one of province, province_2025"):
        summarise_provinces(load_dataset(data_dir).zones, by="district")


@pytest.mark.parametrize(
    ("current", "from_url", "old_bounds", "bounds", "expected"),
    [
        (None, None, None, (0.0, 500.0), (0.0, 500.0)),  # first run: full range
        (None, (10.0, 80.0), None, (0.0, 500.0), (10.0, 80.0)),  # from a link
        (None, (10.0, 900.0), None, (0.0, 500.0), (10.0, 500.0)),  # clamped
        ((0.0, 500.0), None, (0.0, 500.0), (0.0, 800.0), (0.0, 800.0)),  # full range follows
        ((20.0, 300.0), None, (0.0, 500.0), (0.0, 800.0), (20.0, 300.0)),  # a choice is kept
        ((20.0, 300.0), None, (0.0, 500.0), (0.0, 100.0), (20.0, 100.0)),  # shrunk data
        ((600.0, 700.0), None, (0.0, 800.0), (0.0, 100.0), (100.0, 100.0)),
    ],
)
def test_area_slider_value(current, from_url, old_bounds, bounds, expected) -> None:
    from zones.filters import area_value

    assert area_value(current, from_url, old_bounds, bounds) == expected
