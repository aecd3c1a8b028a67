"""Tests for zones.outline_import: reading outline files and corner tables, and checking them.

Fixture files are written by the tests into tmp_path with geopandas/pyogrio, from known
WGS 84 squares near Quy Nhơn (Bình Định, VN-2000 TM-3 108°15′) and Hồ Chí Minh City.
tests/data/outlines/ holds what GDAL cannot write for us: a KML in the shape Google Earth
exports (nested folders, MultiGeometry, altitudes) and two VN-2000 .prj files as
Vietnamese GIS software writes them (ESRI WKT without EPSG codes, and WKT1 with TOWGS84).
"""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from helpers import wgs84_to_vn2000_geographic
from zones import outline_import
from zones.outline_import import (
    ACCEPTED_FORMATS,
    CandidateOutline,
    OutlineImportError,
    check_candidate,
    crs_choices,
    read_corner_table,
    read_outline_file,
)
from zones.validate import Severity
from zones.vn2000 import (
    TM3_ZONES,
    UTM_ZONES,
    guess_crs,
    parse_corner_table,
)

DATA = Path(__file__).parent / "data" / "outlines"
GEOD = Geod(ellps="WGS84")
TM3_108_15 = TM3_ZONES["108-15"]
TM3_105_45 = TM3_ZONES["105-45"]

# About 1.08 km x 1.11 km (~120 ha) around 13.77 N, 109.22 E near Quy Nhơn, clockwise on
# purpose: the reader must return counter-clockwise exteriors.
QUY_NHON = [(109.215, 13.765), (109.215, 13.775), (109.225, 13.775), (109.225, 13.765)]
HO_CHI_MINH = [(106.695, 10.795), (106.695, 10.805), (106.705, 10.805), (106.705, 10.795)]
QUY_NHON_SQUARE = Polygon(QUY_NHON)
QUY_NHON_AREA_HA = abs(GEOD.geometry_area_perimeter(QUY_NHON_SQUARE)[0]) / 10_000

ZONE = {
    "zone_id": "kcn-test",
    "lat": 13.77,
    "lon": 109.22,
    "location_precision": "site",
    "area_ha": 120.0,
}


# ----------------------------------------------------------------------------- helpers


def shifted(corners: Sequence[tuple[float, float]], dlon: float, dlat: float = 0.0) -> Polygon:
    return Polygon([(lon + dlon, lat + dlat) for lon, lat in corners])


def to_vn2000_projected(
    corners: Sequence[tuple[float, float]], epsg: int
) -> list[tuple[float, float]]:
    """WGS 84 (lon, lat) -> VN-2000 geographic (exact inverse of EPSG:6960) -> (E, N)."""
    project = Transformer.from_crs(4756, epsg, always_xy=True)
    projected = []
    for lon, lat in corners:
        vn_lat, vn_lon = wgs84_to_vn2000_geographic(lat, lon)
        easting, northing = project.transform(vn_lon, vn_lat)
        projected.append((easting, northing))
    return projected


def max_vertex_error_m(geometry: BaseGeometry, expected: Sequence[tuple[float, float]]) -> float:
    """Largest distance from an expected corner to the nearest vertex of ``geometry``."""
    vertices = shapely.get_coordinates(geometry)
    return max(min(GEOD.inv(lon, lat, x, y)[2] for x, y in vertices) for lon, lat in expected)


def exteriors_ccw(geometry: BaseGeometry) -> bool:
    return all(part.exterior.is_ccw for part in shapely.get_parts(geometry))


def write_frame(
    path: Path, geometries: Sequence[BaseGeometry], crs: object, driver: str, **kwargs: object
) -> bytes:
    frame = gpd.GeoDataFrame(
        {"name": [f"f{i}" for i in range(len(geometries))]}, geometry=list(geometries), crs=crs
    )
    frame.to_file(path, driver=driver, **kwargs)
    return path.read_bytes()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def shapefile_members(
    tmp_path: Path,
    geometries: Sequence[BaseGeometry],
    crs: object = None,
    prj: str | None = None,
    stem: str = "ranh_gioi",
) -> dict[str, bytes]:
    """The files of a shapefile; ``prj`` replaces the .prj GDAL writes (None: keep GDAL's)."""
    folder = tmp_path / f"shp-{stem}"
    folder.mkdir()
    frame = gpd.GeoDataFrame(geometry=list(geometries), crs=crs)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "'crs' was not provided", UserWarning)
        frame.to_file(folder / f"{stem}.shp", driver="ESRI Shapefile")
    members = {f"{stem}/{path.name}": path.read_bytes() for path in sorted(folder.iterdir())}
    if prj is not None:
        members[f"{stem}/{stem}.prj"] = prj.encode()
    return members


def geojson_bytes(features: list[dict], **extra: object) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features, **extra}).encode()


def feature(geometry: BaseGeometry | dict | None) -> dict:
    is_mapping = geometry is None or isinstance(geometry, dict)
    mapping = geometry if is_mapping else shapely.geometry.mapping(geometry)
    return {"type": "Feature", "properties": {}, "geometry": mapping}


def corner_table(points_en: Sequence[tuple[float, float]], vietnamese_style: bool = False) -> str:
    """A corner table as printed in a decision: point name, X (northing), Y (easting)."""
    lines = ["Tên điểm\tX (m)\tY (m)"]
    for number, (easting, northing) in enumerate(points_en, start=1):
        x_text, y_text = f"{northing:,.2f}", f"{easting:,.2f}"
        if vietnamese_style:
            x_text, y_text = (
                t.replace(",", " ").replace(".", ",").replace(" ", ".") for t in (x_text, y_text)
            )
        else:
            x_text, y_text = x_text.replace(",", ""), y_text.replace(",", "")
        lines.append(f"M{number}\t{x_text}\t{y_text}")
    return "\n".join(lines)


QUY_NHON_TM3 = to_vn2000_projected(QUY_NHON, TM3_108_15)
QUY_NHON_TABLE = corner_table(QUY_NHON_TM3)


def import_error(call: object, *args: object, **kwargs: object) -> OutlineImportError:
    with pytest.raises(OutlineImportError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value


# ------------------------------------------------------------------- file formats


def _geojson(tmp_path: Path) -> tuple[bytes, str]:
    return write_frame(tmp_path / "o.geojson", [QUY_NHON_SQUARE], 4326, "GeoJSON"), "o.geojson"


def _gpkg(tmp_path: Path) -> tuple[bytes, str]:
    return write_frame(tmp_path / "o.gpkg", [QUY_NHON_SQUARE], 4326, "GPKG"), "o.gpkg"


def _kml(tmp_path: Path) -> tuple[bytes, str]:
    return write_frame(tmp_path / "o.kml", [QUY_NHON_SQUARE], 4326, "KML"), "o.kml"


def _kmz(tmp_path: Path) -> tuple[bytes, str]:
    kml = write_frame(tmp_path / "doc.kml", [QUY_NHON_SQUARE], 4326, "KML")
    return zip_bytes({"doc.kml": kml}), "o.kmz"


def _shapefile_zip(tmp_path: Path) -> tuple[bytes, str]:
    return zip_bytes(shapefile_members(tmp_path, [QUY_NHON_SQUARE], 4326)), "o.zip"


def _shapefile_zip_upper_case(tmp_path: Path) -> tuple[bytes, str]:
    members = shapefile_members(tmp_path, [QUY_NHON_SQUARE], 4326)
    return zip_bytes({name.upper(): content for name, content in members.items()}), "O.ZIP"


@pytest.mark.parametrize(
    ("make", "source_format"),
    [
        (_geojson, "geojson"),
        (_gpkg, "gpkg"),
        (_kml, "kml"),
        (_kmz, "kml"),
        (_shapefile_zip, "shapefile"),
        (_shapefile_zip_upper_case, "shapefile"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_reads_every_accepted_format(tmp_path, make, source_format):
    data, filename = make(tmp_path)
    candidate = read_outline_file(data, filename)
    assert isinstance(candidate, CandidateOutline)
    assert candidate.geometry.geom_type == "Polygon"
    assert max_vertex_error_m(candidate.geometry, QUY_NHON) < 0.01
    assert (candidate.source_crs, candidate.source_format) == ("EPSG:4326", source_format)
    assert candidate.area_ha == pytest.approx(QUY_NHON_AREA_HA, rel=1e-9)
    assert exteriors_ccw(candidate.geometry)
    assert not candidate.geometry.has_z
    assert [note.text("en") for note in candidate.notes] == []


def test_format_comes_from_content_not_extension(tmp_path):
    data, _ = _geojson(tmp_path)
    candidate = read_outline_file(data, "ranh-gioi.txt")
    assert candidate.source_format == "geojson"


def test_google_earth_kml_reads_polygons_from_every_folder():
    """LIBKML makes one layer per Folder; the default layer holds only the loose Point."""
    data = (DATA / "google_earth_folders.kml").read_bytes()
    candidate = read_outline_file(data, "google_earth_folders.kml")
    assert candidate.geometry.geom_type == "MultiPolygon"
    assert not candidate.geometry.has_z
    assert exteriors_ccw(candidate.geometry)
    assert [note.text("en") for note in candidate.notes] == [
        "read 3 layers: KCN thử nghiệm.kmz, Ranh giới, Khu B",
        "kept only the polygons of 1 multi-geometry feature",
        "ignored 1 Point feature (only polygons make an outline)",
        "2 features merged into one MultiPolygon",
    ]
    expected = shapely.union_all(
        [
            shifted([(109.20, 13.76), (109.21, 13.76), (109.21, 13.77), (109.20, 13.77)], 0),
            shifted([(109.22, 13.76), (109.23, 13.76), (109.23, 13.77), (109.22, 13.77)], 0),
        ]
    )
    assert candidate.geometry.equals(expected)


def test_z_is_dropped_and_exteriors_turned_counter_clockwise():
    ring_3d = [(lon, lat, 12.5) for lon, lat in [*QUY_NHON, QUY_NHON[0]]]
    data = geojson_bytes([feature({"type": "Polygon", "coordinates": [ring_3d]})])
    candidate = read_outline_file(data, "z.geojson")
    assert not candidate.geometry.has_z
    assert exteriors_ccw(candidate.geometry)
    assert not QUY_NHON_SQUARE.exterior.is_ccw  # the input really was clockwise


# ----------------------------------------------------------- several features, no polygon


@pytest.mark.parametrize(
    ("geometries", "geom_type", "notes"),
    [
        (
            [QUY_NHON_SQUARE, shifted(QUY_NHON, 0.02), shifted(QUY_NHON, 0.04)],
            "MultiPolygon",
            ["3 features merged into one MultiPolygon"],
        ),
        (
            [QUY_NHON_SQUARE, shifted(QUY_NHON, 0.005)],
            "Polygon",
            ["2 features merged into one Polygon"],
        ),
        (
            [QUY_NHON_SQUARE, Point(109.22, 13.77), Point(109.23, 13.77)],
            "Polygon",
            ["ignored 2 Point features (only polygons make an outline)"],
        ),
        (
            [MultiPolygon([QUY_NHON_SQUARE, shifted(QUY_NHON, 0.02)])],
            "MultiPolygon",
            [],
        ),
    ],
    ids=["disjoint", "overlapping", "with-points", "one-multipolygon"],
)
def test_polygon_features_are_merged_and_other_features_ignored(geometries, geom_type, notes):
    data = geojson_bytes([feature(geometry) for geometry in geometries])
    candidate = read_outline_file(data, "parts.geojson")
    assert candidate.geometry.geom_type == geom_type
    assert candidate.geometry.is_valid
    assert [note.text("en") for note in candidate.notes] == notes


def test_invalid_features_are_combined_without_repair_so_checks_report_them():
    bow_tie = Polygon([(109.215, 13.765), (109.225, 13.775), (109.225, 13.765), (109.215, 13.775)])
    data = geojson_bytes([feature(bow_tie), feature(shifted(QUY_NHON, 0.02))])
    candidate = read_outline_file(data, "parts.geojson")
    assert candidate.geometry.geom_type == "MultiPolygon"
    assert not candidate.geometry.is_valid
    assert [note.text("en") for note in candidate.notes] == [
        "2 features combined into one MultiPolygon without merging, because not all of them "
        "are valid polygons"
    ]


NO_POLYGON_FIX = (
    "An outline must be a polygon: draw the zone's boundary as a polygon (in Google Earth: "
    "Add > Polygon) and export it again, or paste the corner coordinates as a corner table."
)


@pytest.mark.parametrize(
    ("geometries", "held"),
    [
        ([Point(109.21 + i / 100, 13.77) for i in range(4)], "4 Point features and no polygon"),
        (
            [Point(109.21, 13.77), Point(109.22, 13.77), LineString(QUY_NHON)],
            "2 Point features, 1 LineString feature and no polygon",
        ),
        (
            [None, Point(109.22, 13.77)],
            "1 feature without geometry, 1 Point feature and no polygon",
        ),
        ([], "no features"),
    ],
    ids=["points", "points-and-line", "empty-geometry", "empty"],
)
def test_a_file_without_polygons_is_refused(geometries, held):
    data = geojson_bytes([feature(geometry) for geometry in geometries])
    error = import_error(read_outline_file, data, "points.geojson")
    assert error.text("en") == f"points.geojson holds {held}. {NO_POLYGON_FIX}"


def test_a_kml_with_only_placemark_points_is_refused(tmp_path):
    points = [Point(109.21, 13.77), Point(109.22, 13.77), Point(109.23, 13.77)]
    data = write_frame(tmp_path / "p.kml", points, 4326, "KML")
    error = import_error(read_outline_file, data, "p.kml")
    assert error.text("en") == f"p.kml holds 3 Point features and no polygon. {NO_POLYGON_FIX}"


# --------------------------------------------------------------- VN-2000 and other CRSs


@pytest.mark.parametrize(
    ("corners", "epsg"),
    [(QUY_NHON, TM3_108_15), (HO_CHI_MINH, TM3_105_45), (QUY_NHON, 4756)],
    ids=["quy-nhon-108-15", "ho-chi-minh-105-45", "quy-nhon-vn2000-geographic"],
)
def test_vn2000_tm3_geopackage_round_trips_through_epsg_6960(tmp_path, corners, epsg):
    projected = Polygon(to_vn2000_projected(corners, epsg))
    data = write_frame(tmp_path / "vn2000.gpkg", [projected], epsg, "GPKG")
    candidate = read_outline_file(data, "vn2000.gpkg")
    assert candidate.source_crs == f"EPSG:{epsg}"
    assert candidate.source_format == "gpkg"
    assert max_vertex_error_m(candidate.geometry, corners) < 0.5
    assert max_vertex_error_m(candidate.geometry, corners) < 0.001  # the exact inverse
    assert exteriors_ccw(candidate.geometry)


def test_epsg_6960_is_pinned_where_proj_would_choose_another_operation():
    """Near Hồ Chí Minh City PROJ's own choice (EPSG:5194) is ~0.8 m off EPSG:6960."""
    projected = to_vn2000_projected(HO_CHI_MINH, TM3_105_45)
    naive = Transformer.from_crs(TM3_105_45, 4326, always_xy=True)
    naive_corners = [naive.transform(easting, northing) for easting, northing in projected]
    assert max_vertex_error_m(Polygon(naive_corners), HO_CHI_MINH) > 0.5


@pytest.mark.parametrize(
    ("prj_file", "source_crs"),
    [
        ("vn2000_kt108-15_esri.prj", "EPSG:9217"),
        ("vn2000_kt108-15_towgs84.prj", "VN-2000 KTT 108-15 mui 3"),
    ],
)
def test_vn2000_prj_from_vietnamese_software_uses_epsg_6960(tmp_path, prj_file, source_crs):
    """The datum is recognised by name (neither .prj carries an EPSG code for it) and the
    .prj's own TOWGS84, if any, is not used."""
    prj = (DATA / prj_file).read_text()
    projected = Polygon(QUY_NHON_TM3)
    data = zip_bytes(shapefile_members(tmp_path, [projected], prj=prj))
    candidate = read_outline_file(data, "ranh_gioi.zip")
    assert candidate.source_crs == source_crs
    assert max_vertex_error_m(candidate.geometry, QUY_NHON) < 0.001


def test_a_three_parameter_towgs84_in_the_prj_would_cost_30_cm():
    """Why the TOWGS84 of a .prj is ignored: the 3-parameter shift some exports carry puts
    the outline ~0.3 m off EPSG:6960 near Quy Nhơn."""
    prj_crs = CRS.from_wkt((DATA / "vn2000_kt108-15_towgs84.prj").read_text())
    naive = Transformer.from_crs(prj_crs, 4326, always_xy=True)
    naive_corners = [naive.transform(easting, northing) for easting, northing in QUY_NHON_TM3]
    assert 0.2 < max_vertex_error_m(Polygon(naive_corners), QUY_NHON) < 0.5


def test_other_projected_crs_goes_through_pyproj(tmp_path):
    utm = Transformer.from_crs(4326, 32649, always_xy=True)
    projected = Polygon([utm.transform(lon, lat) for lon, lat in QUY_NHON])
    data = write_frame(tmp_path / "utm.gpkg", [projected], 32649, "GPKG")
    candidate = read_outline_file(data, "utm.gpkg")
    assert candidate.source_crs == "EPSG:32649"
    assert max_vertex_error_m(candidate.geometry, QUY_NHON) < 0.001


NO_PRJ_MESSAGE = (
    "The shapefile has no .prj, so its coordinate system is unknown. Choose the coordinate "
    "system (e.g. VN-2000 / TM-3 108-15) and try again."
)


def test_shapefile_without_prj_needs_a_chosen_crs(tmp_path):
    data = zip_bytes(shapefile_members(tmp_path, [Polygon(QUY_NHON_TM3)]))
    error = import_error(read_outline_file, data, "no_prj.zip")
    assert error.text("en") == NO_PRJ_MESSAGE


@pytest.mark.parametrize(
    "crs_override",
    [
        9217,
        "EPSG:9217",
        "epsg:9217",
        "108-15",
        "108°15′",
        "TM-3 108-15",
        "VN-2000 / TM-3 108°15′ (EPSG:9217)",
    ],
)
def test_shapefile_without_prj_reads_with_the_chosen_crs(tmp_path, crs_override):
    data = zip_bytes(shapefile_members(tmp_path, [Polygon(QUY_NHON_TM3)]))
    candidate = read_outline_file(data, "no_prj.zip", crs_override=crs_override)
    assert candidate.source_crs == "EPSG:9217"
    assert [note.text("en") for note in candidate.notes] == []
    assert max_vertex_error_m(candidate.geometry, QUY_NHON) < 0.001


def test_geojson_in_metres_without_crs_asks_for_the_crs():
    """GDAL reports WGS 84 for any GeoJSON without a crs member, even when it holds metres."""
    data = geojson_bytes([feature(Polygon(QUY_NHON_TM3))])
    error = import_error(read_outline_file, data, "metres.geojson")
    top_northing = max(northing for _, northing in QUY_NHON_TM3)
    assert error.text("en").startswith(
        "The coordinates in metres.geojson are not longitude/latitude degrees (they reach "
        f"{top_northing:,.0f}), although the file says EPSG:4326: they look like projected metres, e.g. "
        "VN-2000. Choose the coordinate system the numbers are in and try again. Systems that "
        "put it inside Vietnam: "
    )
    assert "VN-2000 / TM-3 108°15′ (EPSG:9217)" in error.text("en")
    assert "EPSG:9217" in error.candidates

    candidate = read_outline_file(data, "metres.geojson", crs_override="108-15")
    assert [note.text("en") for note in candidate.notes] == ["read as EPSG:9217 as chosen; the file said EPSG:4326"]
    assert max_vertex_error_m(candidate.geometry, QUY_NHON) < 0.001


def test_geojson_with_a_legacy_crs_member_is_honoured():
    crs_member = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::9217"}}
    data = geojson_bytes([feature(Polygon(QUY_NHON_TM3))], crs=crs_member)
    candidate = read_outline_file(data, "legacy.geojson")
    assert candidate.source_crs == "EPSG:9217"
    assert max_vertex_error_m(candidate.geometry, QUY_NHON) < 0.001


def test_layers_in_different_crs_are_refused(tmp_path):
    path = tmp_path / "two.gpkg"
    write_frame(path, [QUY_NHON_SQUARE], 4326, "GPKG", layer="wgs84")
    data = write_frame(path, [Polygon(QUY_NHON_TM3)], TM3_108_15, "GPKG", layer="vn2000")
    error = import_error(read_outline_file, data, "two.gpkg")
    assert error.text("en") == (
        "two.gpkg mixes layers in different coordinate systems (EPSG:4326, EPSG:9217). Export "
        "the outline as one layer in one coordinate system and upload it again."
    )


def test_layers_in_one_crs_are_read_together(tmp_path):
    path = tmp_path / "two.gpkg"
    write_frame(path, [QUY_NHON_SQUARE], 4326, "GPKG", layer="khu_a")
    data = write_frame(path, [shifted(QUY_NHON, 0.02)], 4326, "GPKG", layer="khu_b")
    candidate = read_outline_file(data, "two.gpkg")
    assert candidate.geometry.geom_type == "MultiPolygon"
    assert [note.text("en") for note in candidate.notes] == [
        "read 2 layers: khu_a, khu_b",
        "2 features merged into one MultiPolygon",
    ]


UNKNOWN_CRS_FIX = (
    "Choose one from the list, or give EPSG:9217, a TM-3 central meridian such as 108-15, "
    "or UTM 48."
)


@pytest.mark.parametrize(
    ("crs_override", "message"),
    [
        ("banana", f"'banana' is not a coordinate system this app knows. {UNKNOWN_CRS_FIX}"),
        (
            "EPSG:1",
            f"'EPSG:1' is not a coordinate system this app knows. {UNKNOWN_CRS_FIX}",
        ),
        (
            99999,
            f"99999 is not a coordinate system this app knows (no EPSG:99999). {UNKNOWN_CRS_FIX}",
        ),
        (
            "UTM 50",
            "'UTM 50' is not a coordinate system this app knows (VN-2000 UTM zone must be 48 "
            f"or 49, got 50). {UNKNOWN_CRS_FIX}",
        ),
        (True, f"True is not a coordinate system this app knows. {UNKNOWN_CRS_FIX}"),
    ],
)
def test_an_unknown_chosen_crs_is_refused(tmp_path, crs_override, message):
    data = zip_bytes(shapefile_members(tmp_path, [Polygon(QUY_NHON_TM3)]))
    error = import_error(read_outline_file, data, "no_prj.zip", crs_override=crs_override)
    assert error.text("en") == message


# ----------------------------------------------------------- unreadable and unsafe input

ACCEPTED = f"Export the outline again, or upload {ACCEPTED_FORMATS.text('en')}."


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # GDAL's own complaints on bad files
@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (
            b"\x00\x01\x02 not a geojson",
            "ranh_gioi.geojson",
            "ranh_gioi.geojson cannot be read as GeoJSON: 'ranh_gioi.geojson' not recognized "
            f"as being in a supported file format. {ACCEPTED}",
        ),
        (
            b'{"type": "FeatureCollection", "features": [',
            "ranh_gioi.geojson",
            "ranh_gioi.geojson cannot be read as GeoJSON: Failed to read GeoJSON data; At line "
            f"1, character 12: Unterminated array. {ACCEPTED}",
        ),
        (
            b"<?xml version='1.0'?><kml><Document><Placemark><Polygon>",
            "ranh_gioi.kml",
            "ranh_gioi.kml cannot be read as KML: ERROR parsing kml ranh_gioi.kml :no element "
            f"found on line 1 at offset 56. {ACCEPTED}",
        ),
        (
            b"garbage",
            "ranh_gioi.gpkg",
            "ranh_gioi.gpkg cannot be read as GeoPackage: 'ranh_gioi.gpkg' not recognized as "
            f"being in a supported file format. {ACCEPTED}",
        ),
        (
            b"PK\x03\x04 truncated",
            "ranh_gioi.zip",
            "ranh_gioi.zip is not a readable zip archive (File is not a zip file). Zip the "
            f"shapefile's files again, or upload {ACCEPTED_FORMATS.text('en')}.",
        ),
        (
            b"hello",
            "ranh_gioi.docx",
            f"ranh_gioi.docx is not a file type this app can read. Upload {ACCEPTED_FORMATS.text('en')}.",
        ),
        (
            b"\x00\x00\x27\x0a" + bytes(96),
            "ranh_gioi.shp",
            "ranh_gioi.shp is only one part of a shapefile. A shapefile is several files with "
            "the same name (.shp, .shx, .dbf, .prj); put them all in one .zip and upload the "
            "zip.",
        ),
        (b"", "ranh_gioi.kml", "ranh_gioi.kml is empty. Upload the outline file again."),
    ],
    ids=["random", "truncated-geojson", "truncated-kml", "gpkg", "zip", "docx", "shp", "empty"],
)
def test_unreadable_files_are_refused_with_the_reason(data, filename, message):
    error = import_error(read_outline_file, data, filename)
    assert error.text("en") == message
    assert "outline-import-" not in error.text("en")  # no temporary paths leak out


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_corrupt_geopackage_names_gdals_reason():
    data = b"SQLite format 3\x00" + bytes(range(256)) * 2
    error = import_error(read_outline_file, data, "ranh_gioi.gpkg")
    assert error.text("en").startswith("ranh_gioi.gpkg cannot be read as GeoPackage: ")
    assert "file is not a database" in error.text("en")
    assert error.text("en").endswith(ACCEPTED)


@pytest.mark.parametrize(
    "unsafe_name",
    ["../evil.shp", "ranh_gioi/../../evil.shp", "/etc/evil.shp", "C:\\evil.shp", "..\\evil.shp"],
)
def test_zip_slip_paths_are_refused(tmp_path, unsafe_name):
    members = shapefile_members(tmp_path, [QUY_NHON_SQUARE], 4326)
    members[unsafe_name] = b"evil"
    error = import_error(read_outline_file, zip_bytes(members), "evil.zip")
    assert error.text("en") == (
        f"evil.zip holds an unsafe path {unsafe_name!r} that points outside the archive. "
        "Re-create the zip from the shapefile's own folder so that every name is a plain file "
        "name such as 'outline.shp'."
    )
    assert not (tmp_path.parent / "evil.shp").exists()


def test_a_zip_that_unpacks_beyond_50_mb_is_refused(tmp_path):
    members = shapefile_members(tmp_path, [QUY_NHON_SQUARE], 4326)
    members["ranh_gioi/padding.bin"] = bytes(50 * 1024 * 1024 + 1)  # compresses to ~50 kB
    data = zip_bytes(members)
    assert len(data) < 1024 * 1024
    error = import_error(read_outline_file, data, "bomb.zip")
    assert error.text("en") == (
        "bomb.zip unpacks to more than 50 MB. Zip only the zone's outline shapefile (.shp, "
        ".shx, .dbf, .prj), not a whole data folder."
    )


def test_an_upload_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(outline_import, "MAX_UPLOAD_BYTES", 1024 * 1024)
    data = b"{" + bytes(2 * 1024 * 1024)
    error = import_error(read_outline_file, data, "big.geojson")
    assert error.text("en") == (
        "big.geojson is 2 MB; the limit is 1 MB. Upload only the zone's outline, not a whole "
        "layer of many features."
    )


def _without(members: dict[str, bytes], suffix: str) -> dict[str, bytes]:
    return {name: content for name, content in members.items() if not name.endswith(suffix)}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda members: _without(members, ".shx"),
            "parts.zip holds ranh_gioi.shp but not ranh_gioi.shx. A shapefile is several files "
            "with the same name; zip ranh_gioi.shp, ranh_gioi.shx, ranh_gioi.dbf, ranh_gioi.prj "
            "together and upload the zip.",
        ),
        (
            lambda members: _without(members, ".dbf"),
            "parts.zip holds ranh_gioi.shp but not ranh_gioi.dbf. A shapefile is several files "
            "with the same name; zip ranh_gioi.shp, ranh_gioi.shx, ranh_gioi.dbf, ranh_gioi.prj "
            "together and upload the zip.",
        ),
        (
            lambda members: {**members, "other/other.shp": b"", "other/other.shx": b""},
            "parts.zip holds 2 shapefiles (ranh_gioi/ranh_gioi.shp, other/other.shp). Zip only "
            "the shapefile of this zone's outline and upload it again.",
        ),
        (
            lambda members: {"readme.txt": b"nothing here"},
            "parts.zip holds no shapefile (.shp) and no single KML. Zip the outline's .shp, "
            ".shx, .dbf and .prj files together, or upload the outline as GeoJSON, KML or "
            "GeoPackage.",
        ),
    ],
    ids=["no-shx", "no-dbf", "two-shapefiles", "no-shapefile"],
)
def test_incomplete_or_ambiguous_zips_are_refused(tmp_path, edit, message):
    members = edit(shapefile_members(tmp_path, [QUY_NHON_SQUARE], 4326))
    error = import_error(read_outline_file, zip_bytes(members), "parts.zip")
    assert error.text("en") == message


# ------------------------------------------------------------------------ corner tables


@pytest.mark.parametrize(
    "crs", [9217, "EPSG:9217", "108-15", "108°15′", "108.25", "VN-2000 / TM-3 108°15′ (EPSG:9217)"]
)
@pytest.mark.parametrize("vietnamese_style", [False, True], ids=["plain", "vn-numbers"])
def test_corner_table_in_vn2000_tm3_round_trips(crs, vietnamese_style):
    text = corner_table(QUY_NHON_TM3, vietnamese_style=vietnamese_style)
    candidate = read_corner_table(text, crs=crs)
    assert (candidate.source_crs, candidate.source_format) == ("EPSG:9217", "corner table")
    assert max_vertex_error_m(candidate.geometry, QUY_NHON) < 0.5
    assert max_vertex_error_m(candidate.geometry, QUY_NHON) < 0.01  # printed to the cm
    assert candidate.area_ha == pytest.approx(QUY_NHON_AREA_HA, rel=1e-5)  # cm rounding
    assert exteriors_ccw(candidate.geometry)
    assert [note.text("en") for note in candidate.notes] == ["4 corners read"]


@pytest.mark.parametrize(
    ("crs", "epsg"), [("UTM 49", UTM_ZONES[49]), ("UTM 49N", UTM_ZONES[49]), (3406, 3406)]
)
def test_corner_table_in_vn2000_utm_round_trips(crs, epsg):
    text = corner_table(to_vn2000_projected(QUY_NHON, epsg))
    candidate = read_corner_table(text, crs=crs)
    assert candidate.source_crs == f"EPSG:{epsg}"
    assert max_vertex_error_m(candidate.geometry, QUY_NHON) < 0.01


PROVINCE_NOTE = (
    "assumed VN-2000 / TM-3 108°15′ (EPSG:9217), the central meridian commonly cited for {}; "
    "check the zone printed in the decision (e.g. 'KTT 108°15′, múi chiếu 3°') and choose it "
    "if it differs"
)


@pytest.mark.parametrize("province", ["Bình Định", "binh dinh", "Tỉnh Bình Định"])
def test_corner_table_with_province_assumes_its_meridian_and_says_so(province):
    candidate = read_corner_table(QUY_NHON_TABLE, province=province)
    assert candidate.source_crs == "EPSG:9217"
    assert [note.text("en") for note in candidate.notes] == ["4 corners read", PROVINCE_NOTE.format(province)]
    assert max_vertex_error_m(candidate.geometry, QUY_NHON) < 0.01


@pytest.mark.parametrize("province", [None, "", "  ", math.nan])
def test_a_blank_province_is_no_province(province):
    error = import_error(read_corner_table, QUY_NHON_TABLE, province=province)
    assert error.text("en").startswith(NO_CRS_MESSAGE)


def test_an_explicit_crs_wins_over_the_province():
    text = corner_table(to_vn2000_projected(QUY_NHON, UTM_ZONES[49]))
    candidate = read_corner_table(text, crs="UTM 49", province="Bình Định")
    assert candidate.source_crs == "EPSG:3406"
    assert [note.text("en") for note in candidate.notes] == ["4 corners read"]


NO_CRS_MESSAGE = (
    "The corner table does not say which coordinate system its X/Y are in. Choose the one "
    "printed in the planning decision (e.g. 'VN-2000, KTT 108°15′, múi chiếu 3°' is VN-2000 / "
    "TM-3 108°15′) and try again. Systems that put these corners inside Vietnam: "
)


@pytest.mark.parametrize(
    ("province", "prefix"),
    [
        (None, ""),
        ("Gia Lai", "No commonly cited TM-3 meridian is known for province 'Gia Lai'. "),
    ],
)
def test_corner_table_without_crs_lists_the_candidates(province, prefix):
    error = import_error(read_corner_table, QUY_NHON_TABLE, province=province)
    expected = [f"EPSG:{epsg}" for epsg in guess_crs(parse_corner_table(QUY_NHON_TABLE))]
    assert "EPSG:9217" in expected
    assert error.candidates == tuple(expected)
    assert error.text("en").startswith(prefix + NO_CRS_MESSAGE)
    assert "VN-2000 / TM-3 108°15′ (EPSG:9217)" in error.text("en")


SWAP_HINT = (
    "No VN-2000 zone puts these corners inside Vietnam, but they fit with X and Y swapped: X "
    "must be the northing (about 900,000-2,600,000 m) and Y the easting (about 200,000-800,000 "
    "m). Swap the two columns and paste the table again."
)


def test_swapped_columns_are_pointed_out():
    swapped = corner_table([(northing, easting) for easting, northing in QUY_NHON_TM3])
    error = import_error(read_corner_table, swapped)
    assert error.text("en").endswith(SWAP_HINT)
    assert error.candidates == ()

    error = import_error(read_corner_table, swapped, crs="108-15")
    assert re.fullmatch(
        r"With VN-2000 / TM-3 108°15′ \(EPSG:9217\) the corners land outside Vietnam \(the "
        r"first at -?\d+\.\d{4}° N, -?\d+\.\d{4}° E\)\. Choose the coordinate system printed "
        r"in the planning decision\. " + re.escape(SWAP_HINT),
        error.text("en"),
    )


def test_corner_table_errors_keep_every_bad_line():
    text = QUY_NHON_TABLE + "\nM5\t1523071.51\nM6\t1523071.51\t6O4695.44"
    error = import_error(read_corner_table, text, crs="108-15")
    assert error.text("en") == (
        "corner table has 2 bad lines:\n"
        "line 6: expected two numbers (X, Y), found 1\n"
        "line 7: '6O4695.44' is not a number\n"
        "Correct these lines (one corner per line: point name, X, Y) and paste the table again."
    )


def test_corner_table_crossing_itself_is_refused():
    a, b, c, d = QUY_NHON_TM3
    error = import_error(read_corner_table, corner_table([a, c, b, d]), crs="108-15")
    assert error.text("en").startswith("corner points do not form a valid polygon: Self-intersection")
    assert error.text("en").endswith(
        "check the order of the corners (the boundary must not cross itself). List the corners "
        "in order around the boundary and paste the table again."
    )


@pytest.mark.parametrize(
    ("crs", "message"),
    [
        (
            "EPSG:4326",
            "'EPSG:4326' (WGS 84) is not a VN-2000 projected coordinate system, but a corner "
            "table holds X/Y in metres. Choose the VN-2000 TM-3 zone (e.g. 108-15) or UTM zone "
            "(48 or 49) printed in the planning decision.",
        ),
        (
            32649,
            "32649 (WGS 84 / UTM zone 49N) is not a VN-2000 projected coordinate system, but a "
            "corner table holds X/Y in metres. Choose the VN-2000 TM-3 zone (e.g. 108-15) or "
            "UTM zone (48 or 49) printed in the planning decision.",
        ),
        (
            "108-20",
            "'108-20' is not a coordinate system this app knows (no VN-2000 TM-3 zone for "
            "meridian '108-20'; known: " + ", ".join(TM3_ZONES) + f"). {UNKNOWN_CRS_FIX}",
        ),
    ],
)
def test_corner_table_refuses_a_crs_that_is_not_vn2000_projected(crs, message):
    error = import_error(read_corner_table, QUY_NHON_TABLE, crs=crs)
    assert error.text("en") == message


# ------------------------------------------------------------------------- CRS choices


def test_crs_choices_cover_wgs84_vn2000_every_tm3_zone_and_utm():
    choices = crs_choices()
    values = [value for value, _ in choices]
    assert len(values) == len(set(values))
    assert choices[:2] == [
        ("EPSG:4326", "WGS 84 longitude/latitude (EPSG:4326)"),
        ("EPSG:4756", "VN-2000 longitude/latitude (EPSG:4756)"),
    ]
    assert ("EPSG:9217", "VN-2000 / TM-3 108°15′ (EPSG:9217)") in choices
    assert ("EPSG:3405", "VN-2000 / UTM 48N (EPSG:3405)") in choices
    assert ("EPSG:3406", "VN-2000 / UTM 49N (EPSG:3406)") in choices
    assert {f"EPSG:{epsg}" for epsg in TM3_ZONES.values()} <= set(values)


@pytest.mark.parametrize(("value", "label"), crs_choices())
def test_every_crs_choice_is_what_its_label_says(value, label):
    crs = CRS.from_user_input(value)
    assert label.endswith(f"({value})")
    match = re.search(r"TM-3 (\d+)°(\d+)′", label)
    if match:
        meridian = int(match[1]) + int(match[2]) / 60
        central = next(
            p.value
            for p in crs.coordinate_operation.params
            if p.name == "Longitude of natural origin"
        )
        assert central == pytest.approx(meridian)
        assert crs.datum.name == "Vietnam 2000"


# ------------------------------------------------------------------------ checking


def _candidate(geometry: BaseGeometry) -> CandidateOutline:
    return read_outline_file(geojson_bytes([feature(geometry)]), "c.geojson")


BOW_TIE = Polygon([(109.215, 13.765), (109.225, 13.775), (109.225, 13.765), (109.215, 13.775)])


@pytest.mark.parametrize(
    ("geometry", "zone", "expected"),
    [
        (QUY_NHON_SQUARE, ZONE, []),
        (
            BOW_TIE,
            ZONE,
            [(Severity.ERROR, f"is not a valid polygon ({explain_validity(BOW_TIE)})")],
        ),
        (
            shifted(QUY_NHON, 0.2),
            ZONE,
            [(Severity.WARNING, "outline lies 21.6 km from the point of zone 'kcn-test'")],
        ),
        (
            QUY_NHON_SQUARE,
            {**ZONE, "area_ha": 1000.0},
            [
                (
                    Severity.WARNING,
                    "outline area 120 ha differs from area_ha 1,000 ha of zone 'kcn-test'",
                )
            ],
        ),
        (
            shifted(QUY_NHON, -8.72, 0.0),  # Bangkok
            {**ZONE, "location_precision": None},
            [(Severity.ERROR, "lies outside Vietnam")],
        ),
    ],
    ids=["good", "bow-tie", "far", "area", "outside-vietnam"],
)
def test_check_candidate(geometry, zone, expected):
    problems = check_candidate(_candidate(geometry), zone)
    assert [(problem.severity, problem.message) for problem in problems] == expected
    assert all(problem.file == "outline" and problem.fix for problem in problems)


@pytest.mark.parametrize(
    "blank",
    [{"area_ha": math.nan}, {"lat": math.nan, "lon": math.nan}, {"location_precision": math.nan}],
)
def test_check_candidate_skips_blank_cells_of_a_pandas_row(blank):
    """The Edit page passes a pandas row as a dict: empty cells are NaN, not None."""
    zone = {**ZONE, "area_ha": 1000.0, **blank}  # far away and the wrong area
    problems = check_candidate(_candidate(shifted(QUY_NHON, 0.2)), zone)
    assert len(problems) == 1


def test_check_candidate_on_a_corner_table_candidate():
    candidate = read_corner_table(QUY_NHON_TABLE, crs="108-15")
    assert check_candidate(candidate, ZONE) == []


def test_library_does_not_import_streamlit():
    code = "import sys, zones.outline_import; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------- in the reader's language

POINT = {"type": "Point", "coordinates": [109.2, 13.7]}


@pytest.mark.parametrize(
    ("call", "vietnamese"),
    [
        (lambda: read_outline_file(b"", "ranh_gioi.geojson"),
         "ranh_gioi.geojson rỗng. Tải tệp ranh giới lên lại."),
        (lambda: read_outline_file(b"hello", "ranh_gioi.docx"),
         "ranh_gioi.docx không phải loại tệp ứng dụng đọc được. Hãy tải lên GeoJSON (.geojson, "
         ".json), KML (.kml, .kmz), GeoPackage (.gpkg) hoặc Shapefile nén (.zip chứa .shp, "
         ".shx, .dbf và .prj)."),
        (lambda: read_outline_file(geojson_bytes([feature(POINT)] * 2), "p.geojson"),
         "p.geojson chứa 2 đối tượng Point và không có đa giác nào. Ranh giới phải là một đa "
         "giác"),
        (lambda: read_outline_file(b"PK\x03\x04 truncated", "r.zip"),
         "r.zip không phải tệp zip đọc được (File is not a zip file). Nén lại"),
        (lambda: read_corner_table(QUY_NHON_TABLE, crs="108-20"),
         "'108-20' không phải hệ tọa độ mà ứng dụng biết (không có múi TM-3 VN-2000 nào cho "
         "kinh tuyến '108-20'; các múi đã biết: 102-00, "),
        (lambda: read_corner_table("1 1545123.45 589012.34\nM2 1545200.00\n3 1545 589150.90"),
         "bảng điểm góc có 2 dòng lỗi:\ndòng 2: cần hai số (X, Y), có 1\ndòng 3: X = 1545 "
         "không phải tọa độ VN-2000 hợp lý tính bằng mét (cần từ 10.000 đến 10.000.000)\n"
         "Sửa các dòng này"),
        (lambda: read_corner_table(corner_table([(n, e) for e, n in QUY_NHON_TM3]),
                                   crs="108-15"),
         "Với VN-2000 / TM-3 108°15′ (EPSG:9217), các điểm góc nằm ngoài Việt Nam (điểm đầu "
         "tiên ở "),
        (lambda: read_corner_table(QUY_NHON_TABLE, province="Tỉnh Không Có"),
         "Chưa biết kinh tuyến trục TM-3 thường dùng cho tỉnh 'Tỉnh Không Có'. Bảng điểm góc "
         "không ghi X/Y theo hệ tọa độ nào."),
    ],
    ids=["empty", "unknown type", "points only", "bad zip", "unknown meridian",
         "bad corner lines", "outside Vietnam", "no meridian for the province"],
)
def test_refusals_are_written_in_vietnamese_for_a_vietnamese_reader(call, vietnamese):
    error = import_error(call)
    assert error.text("vi").startswith(vietnamese)
    assert error.text("en") == str(error) != error.text("vi")


def test_notes_and_coordinates_are_written_per_language():
    candidate = read_corner_table(QUY_NHON_TABLE, province="Bình Định")
    assert [note.text("vi") for note in candidate.notes] == [
        "đã đọc 4 điểm góc",
        "giả định VN-2000 / TM-3 108°15′ (EPSG:9217), kinh tuyến trục thường dùng cho Bình "
        "Định; kiểm tra múi chiếu ghi trong quyết định (ví dụ 'KTT 108°15′, múi chiếu 3°') và "
        "chọn nếu khác",
    ]
    assert candidate.format_text("vi") == "bảng điểm góc"
    swapped = corner_table([(n, e) for e, n in QUY_NHON_TM3])
    error = import_error(read_corner_table, swapped, crs="108-15")
    assert re.search(r"điểm đầu tiên ở -?\d+,\d{4}° B, -?\d+,\d{4}° Đ", error.text("vi"))
    assert ("VN-2000 kinh độ/vĩ độ (EPSG:4756)" in dict(crs_choices("vi")).values()
            and "VN-2000 longitude/latitude (EPSG:4756)" in dict(crs_choices("en")).values())
