"""Exports checked by independent readers: GDAL (pyogrio), an RFC 7946 validator, csv."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path

import geojson_validator
import geopandas as gpd
import numpy as np
import pyogrio
import pytest

from helpers import ZONE_ROWS, make_data_dir
from zones.export import (
    EXPORT_COLUMNS,
    export_bytes,
    export_filename,
    neutralise_formula,
    to_csv_bytes,
    to_geojson,
)
from zones.filters import ZoneFilter, apply_filter
from zones.geo import zones_geodataframe
from zones.store import load_dataset

SQUARE = [
    [[109.07, 13.84], [109.07, 13.855], [109.085, 13.855], [109.085, 13.84], [109.07, 13.84]]
]  # clockwise on purpose: the export must fix the winding


@pytest.fixture
def gdf(tmp_path: Path) -> gpd.GeoDataFrame:
    outline = {
        "type": "Feature",
        "properties": {"zone_id": "kcn-nhon-hoa"},
        "geometry": {"type": "Polygon", "coordinates": SQUARE},
    }
    dataset = load_dataset(make_data_dir(tmp_path / "data", outlines=[outline]))
    return zones_geodataframe(dataset.zones, dataset.outlines)


def test_geojson_passes_an_independent_rfc7946_validator(gdf: gpd.GeoDataFrame) -> None:
    document = json.loads(to_geojson(gdf))
    assert geojson_validator.validate_structure(document, check_crs=True) == {}
    result = geojson_validator.validate_geometries(document)
    assert result["invalid"] == {}
    assert "crs" not in document


def test_geojson_follows_rfc7946_details(gdf: gpd.GeoDataFrame) -> None:
    document = json.loads(to_geojson(gdf))
    by_id = {f["id"]: f for f in document["features"]}
    assert set(by_id) == {row["zone_id"] for row in ZONE_ROWS}
    unknown = by_id["kcn-nhon-hoi-b"]
    assert unknown["geometry"] is None  # no position: null, not an invented point
    assert unknown["properties"]["lat"] is None and unknown["properties"]["developer"] is None
    for feature in document["features"]:
        if feature["geometry"] is None:
            continue
        for x, y in feature["geometry"]["coordinates"][0]:
            assert 102 < x < 110 and 8 < y < 24  # lon, lat order
            for value in (x, y):
                decimals = repr(value).split(".")[1] if "." in repr(value) else ""
                assert len(decimals) <= 7
    assert by_id["kcn-nhon-hoa"]["properties"]["approximate"] is False
    assert by_id["kkt-nhon-hoi"]["properties"]["approximate"] is True


def _cell(value: object, expected: bool = False) -> object:
    """A cell as a GIS reader gives it back: lists joined with ';' (empty: none), unknown as
    None, numbers as floats (approximately, on the `expected` side)."""
    if isinstance(value, list | tuple):
        return ";".join(value) or None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.number):
        return pytest.approx(float(value)) if expected else float(value)
    return value


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_gis_formats_round_trip_through_gdal(gdf: gpd.GeoDataFrame, tmp_path: Path,
                                             fmt: str) -> None:
    """Every exported column of every zone comes back from GDAL as it was, geometry too."""
    path = tmp_path / f"zones.{fmt}"
    path.write_bytes(export_bytes(gdf, fmt, tmp_path))
    back = pyogrio.read_dataframe(path)
    assert back.crs.to_epsg() == 4326
    assert sorted(back["zone_id"]) == sorted(gdf["zone_id"])
    columns = [column for column in EXPORT_COLUMNS if column in gdf.columns]
    assert set(columns) <= set(back.columns)
    returned = back.set_index("zone_id")
    for zone_id, row in gdf.set_index("zone_id").iterrows():
        assert {c: _cell(returned.loc[zone_id, c]) for c in columns if c != "zone_id"} == {
            c: _cell(row[c], expected=True) for c in columns if c != "zone_id"}, zone_id
        if row.geometry is not None:
            assert returned.loc[zone_id, "geometry"].equals_exact(row.geometry, 1e-7)
        else:
            assert returned.loc[zone_id, "geometry"] is None


def test_csv_has_bom_and_neutralises_formulas(gdf: gpd.GeoDataFrame) -> None:
    data = to_csv_bytes(gdf)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    by_id = {row["zone_id"]: row for row in rows}
    assert by_id["kcn-nhon-hoa"]["developer"] == '\'=HYPERLINK("http://evil")'
    assert by_id["kcn-nhon-hoa"]["name"] == "Khu công nghiệp Nhơn Hòa"
    assert by_id["kkt-nhon-hoi"]["area_ha"] == "14308"
    assert by_id["kcn-nhon-hoi-b"]["fill_pct"] == "6.9"
    assert by_id["kcn-nhon-hoi-b"]["lat"] == ""


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_formula(prefix: str) -> None:
    assert neutralise_formula(prefix + "1+1") == "'" + prefix + "1+1"
    assert neutralise_formula("Nhơn Hòa") == "Nhơn Hòa"
    assert neutralise_formula(-3.5) == -3.5  # numbers are not text formulas


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_every_formula_prefix_is_neutralised(tmp_path: Path, prefix: str) -> None:
    rows = [dict(row) for row in ZONE_ROWS]
    rows[0]["notes"] = prefix + "cmd|' /C calc'!A0"
    dataset = load_dataset(make_data_dir(tmp_path, rows))
    data = to_csv_bytes(zones_geodataframe(dataset.zones, dataset.outlines))
    parsed = {r["zone_id"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    assert parsed["kkt-nhon-hoi"]["notes"].startswith("'" + prefix)


def test_filtered_export_contains_exactly_the_filtered_zones(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    zones = apply_filter(dataset.zones, ZoneFilter(provinces=("Phú Thọ",)), dataset.provinces)
    document = json.loads(to_geojson(zones_geodataframe(zones, dataset.outlines)))
    assert [f["id"] for f in document["features"]] == ["ccn-luong-son"]


def test_export_filename_names_filter_and_date() -> None:
    name = export_filename("geojson", ["Gia Lai", "KCN", "fill 0-50"], dt.date(2026, 11, 22))
    assert name == "zones_gia-lai_kcn_fill-0-50_2026-11-22.geojson"
    assert export_filename("csv", [], dt.date(2026, 1, 2)) == "zones_2026-01-02.csv"


def test_unknown_format_is_refused(gdf: gpd.GeoDataFrame, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format 'shp'; use one of geojson, csv, gpkg"):
        export_bytes(gdf, "shp", tmp_path)


# --- round trip: an exported CSV is a zones.csv that imports again -----------------------------


@pytest.mark.parametrize("data", ["fixture", "bundled"])
def test_csv_export_imports_again_with_the_same_values(
    tmp_path: Path, bundled_copy: Path, data: str
) -> None:
    from zones.readers import read_table_bytes
    from zones.schema import ZONES
    from zones.validate import check_data

    data_dir = make_data_dir(tmp_path / "data") if data == "fixture" else bundled_copy
    before = check_data(data_dir)
    dataset = load_dataset(data_dir)
    exported = to_csv_bytes(zones_geodataframe(dataset.zones, dataset.outlines))

    after = check_data(data_dir, read_table_bytes(exported, ZONES, "export.csv"))
    assert after.report.errors == []
    unknown = {p.column for p in after.report.warnings if p.code == "unknown_column"}
    assert unknown == {"province_2025", "geometry_kind", "approximate"}
    assert before.zones is not None and after.zones is not None
    assert len(after.zones.rows) == len(before.zones.rows) >= 4
    for old, new in zip(before.zones.rows, after.zones.rows, strict=True):
        # Cells a spreadsheet would run as formulas come back with the quote the export adds.
        assert new == {k: neutralise_formula(v) for k, v in old.items()}
