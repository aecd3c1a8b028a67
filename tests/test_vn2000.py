"""Tests for zones.vn2000 against official VN-2000 <-> WGS 84 point pairs.

tests/data/vn2000_pairs.csv holds 68 points printed in both systems by Vietnamese
circulars and notices to mariners (copied from the project's reference research; see the
document/source_address columns). The tests use its decimal-degree columns; the pinned
EPSG:6960 operation they check is the one every corner-table conversion goes through.
"""

import csv
import math
import statistics
from pathlib import Path

import pytest
from pyproj import CRS, Geod, Transformer
from pyproj.database import query_crs_info
from shapely.geometry import Polygon

from zones.vn2000 import (
    EPSG_6960_PARAMETERS,
    PROVINCE_MERIDIANS,
    TM3_ZONES,
    UTM_ZONES,
    CornerPolygonError,
    CornerTableError,
    guess_crs,
    parse_corner_table,
    polygon_from_corners,
    projected_crs_for,
    vn2000_to_wgs84_transformer,
    vn2000_xy_to_wgs84,
)

PAIRS_CSV = Path(__file__).parent / "data" / "vn2000_pairs.csv"
GEOD = Geod(ellps="WGS84")


def load_pairs() -> list[dict[str, str]]:
    with PAIRS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


PAIRS = load_pairs()
GOOD_PAIRS = [row for row in PAIRS if row["use_as_test"] == "yes"]
MISPRINTED_PAIRS = [row for row in PAIRS if row["use_as_test"] == "no"]


def vn2000_geographic_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """VN-2000 geographic degrees through the library's pinned EPSG:6960 operation."""
    wgs_lat, wgs_lon = vn2000_to_wgs84_transformer().transform(lat, lon, errcheck=True)
    return float(wgs_lat), float(wgs_lon)


def pair_error_m(row: dict[str, str]) -> float:
    """Distance between converted printed VN-2000 and printed WGS 84, in metres."""
    lat, lon = vn2000_geographic_to_wgs84(float(row["vn2000_lat"]), float(row["vn2000_lon"]))
    return distance_m(lat, lon, float(row["wgs84_lat"]), float(row["wgs84_lon"]))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


# ------------------------------------------------------------------- published pairs


def test_pairs_file_has_expected_rows() -> None:
    assert len(PAIRS) == 68
    assert len(GOOD_PAIRS) == 67
    assert [row["point_id"] for row in MISPRINTED_PAIRS] == ["QD66-2014:NB-09"]


@pytest.mark.parametrize("row", GOOD_PAIRS, ids=lambda row: row["point_id"])
def test_published_pair_converts_within_4_m(row: dict[str, str]) -> None:
    assert pair_error_m(row) < 4.0


def test_median_error_over_published_pairs_is_below_2_m() -> None:
    errors = [pair_error_m(row) for row in GOOD_PAIRS]
    assert statistics.median(errors) < 2.0
    assert max(errors) < 4.0


@pytest.mark.parametrize("row", MISPRINTED_PAIRS, ids=lambda row: row["point_id"])
def test_misprinted_pair_stands_out(row: dict[str, str]) -> None:
    assert pair_error_m(row) > 50.0


# ------------------------------------------------------------ EPSG:6960 is pinned

BRIEF_HELMERT = (
    "+proj=helmert +x=-191.90441429 +y=-39.30318279 +z=-111.45032835 "
    "+rx=-0.00928836 +ry=0.01975479 +rz=-0.00427372 +s=0.252906278 "
    "+convention=coordinate_frame"
)
INDEPENDENT_PIPELINE = (
    "+proj=pipeline +step +proj=axisswap +order=2,1 "
    "+step +proj=unitconvert +xy_in=deg +xy_out=rad "
    "+step +proj=cart +ellps=WGS84 "
    f"+step {BRIEF_HELMERT} "
    "+step +inv +proj=cart +ellps=WGS84 "
    "+step +proj=unitconvert +xy_in=rad +xy_out=deg "
    "+step +proj=axisswap +order=2,1"
)
# Nhà Bè (HCMC), inside the Mekong-delta area of EPSG:5194 which PROJ would otherwise pick.
HCMC_VN2000 = (10.733861111, 106.761083333)


def test_pinned_operation_is_epsg_6960_with_published_parameters() -> None:
    transformer = vn2000_to_wgs84_transformer()
    assert transformer.name == "pipeline"
    assert transformer.description == "VN-2000 to WGS 84 (2)"
    assert BRIEF_HELMERT in transformer.to_proj4()
    assert EPSG_6960_PARAMETERS == {
        "X-axis translation": -191.90441429,
        "Y-axis translation": -39.30318279,
        "Z-axis translation": -111.45032835,
        "X-axis rotation": -0.00928836,
        "Y-axis rotation": 0.01975479,
        "Z-axis rotation": -0.00427372,
        "Scale difference": 0.252906278,
    }


@pytest.mark.parametrize(
    ("lat", "lon"),
    [HCMC_VN2000, (21.0285, 105.8542), (13.7765, 109.2237), (10.0, 105.0), (22.8, 104.98)],
)
def test_conversion_matches_independently_built_helmert(lat: float, lon: float) -> None:
    independent = Transformer.from_pipeline(INDEPENDENT_PIPELINE)
    expected_lat, expected_lon = independent.transform(lat, lon)
    got_lat, got_lon = vn2000_geographic_to_wgs84(lat, lon)
    assert distance_m(got_lat, got_lon, expected_lat, expected_lon) < 1e-4


def test_plain_from_crs_would_use_another_operation_near_hcmc() -> None:
    plain = Transformer.from_crs("EPSG:4756", "EPSG:4326")
    plain_lat, plain_lon = plain.transform(*HCMC_VN2000)
    assert plain.get_last_used_operation().description == "VN-2000 to WGS 84 (1)"
    pinned_lat, pinned_lon = vn2000_geographic_to_wgs84(*HCMC_VN2000)
    assert distance_m(plain_lat, plain_lon, pinned_lat, pinned_lon) > 0.3


# ------------------------------------------------------------------ projected zones


def central_meridian_and_scale(epsg: int) -> tuple[float, float]:
    parameters = {p.name: p.value for p in CRS.from_epsg(epsg).coordinate_operation.params}
    return parameters["Longitude of natural origin"], parameters["Scale factor at natural origin"]


def label_to_degrees(label: str) -> float:
    degrees, minutes = label.split("-")
    return int(degrees) + int(minutes) / 60


def test_tm3_108_15_definition_read_from_crs() -> None:
    epsg = projected_crs_for("108-15")
    crs = CRS.from_epsg(epsg)
    assert crs.name == "VN-2000 / TM-3 108-15"
    assert central_meridian_and_scale(epsg) == (108.25, 0.9999)
    wkt = crs.to_wkt()
    assert 'PARAMETER["Longitude of natural origin",108.25,' in wkt
    assert 'PARAMETER["Scale factor at natural origin",0.9999,' in wkt


@pytest.mark.parametrize(("label", "epsg"), TM3_ZONES.items())
def test_tm3_zone_table_matches_pyproj_database(label: str, epsg: int) -> None:
    crs = CRS.from_epsg(epsg)
    assert crs.name.startswith("VN-2000 / TM-3 ")
    assert crs.geodetic_crs.to_epsg() == 4756
    assert central_meridian_and_scale(epsg) == (pytest.approx(label_to_degrees(label)), 0.9999)


def test_tm3_zone_table_lists_every_tm3_zone_in_database() -> None:
    in_database = {
        int(info.code)
        for info in query_crs_info(auth_name="EPSG")
        if info.name.startswith("VN-2000 / TM-3") and not info.deprecated
    }
    assert in_database == set(TM3_ZONES.values())


@pytest.mark.parametrize(
    ("zone", "epsg", "central_meridian"), [(48, 3405, 105.0), (49, 3406, 111.0)]
)
def test_utm_zones(zone: int, epsg: int, central_meridian: float) -> None:
    assert UTM_ZONES[zone] == epsg
    assert projected_crs_for(utm_zone=zone) == epsg
    assert central_meridian_and_scale(epsg) == (central_meridian, 0.9996)


@pytest.mark.parametrize(
    ("province", "epsg"),
    [
        ("Bình Định", 9217),
        ("Quảng Ngãi", 5898),
        ("Kiên Giang", 9207),
        ("Tuyên Quang", 9211),
        ("Hòa Bình", 9211),
    ],
)
def test_province_meridians_resolve_to_epsg(province: str, epsg: int) -> None:
    assert projected_crs_for(PROVINCE_MERIDIANS[province]) == epsg


@pytest.mark.parametrize("label", ["108-15", "108°15'", "108°15′", "108 15", "108.25", " 108-15 "])
def test_projected_crs_for_accepts_label_spellings(label: str) -> None:
    assert projected_crs_for(label) == 9217


def test_projected_crs_for_whole_degree_label() -> None:
    assert projected_crs_for("108") == 5898


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give exactly one of meridian_label or utm_zone"),
        (
            {"meridian_label": "108-15", "utm_zone": 48},
            "give exactly one of meridian_label or utm_zone",
        ),
        ({"utm_zone": 50}, "VN-2000 UTM zone must be 48 or 49, got 50"),
        (
            {"meridian_label": "109-00"},
            "no VN-2000 TM-3 zone for meridian '109-00'; known: " + ", ".join(TM3_ZONES),
        ),
        (
            {"meridian_label": "Bình Định"},
            "no VN-2000 TM-3 zone for meridian 'Bình Định'; known: " + ", ".join(TM3_ZONES),
        ),
    ],
)
def test_projected_crs_for_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        projected_crs_for(**kwargs)  # type: ignore[arg-type]
    assert str(raised.value) == message


def project_vn2000(lat: float, lon: float, epsg: int) -> tuple[float, float]:
    """(x_northing, y_easting) as a Vietnamese document would print it."""
    easting, northing = Transformer.from_crs(4756, epsg, always_xy=True).transform(lon, lat)
    return northing, easting


PROJECTED_CASES = [
    ("Bình Định TM-3 108-15", 13.9100, 109.1200, 9217),
    ("Quảng Ngãi TM-3 108-00", 15.3950, 108.7920, 5898),
    ("Kiên Giang TM-3 104-30", 10.0120, 105.0810, 9207),
    ("Tuyên Quang TM-3 106-00", 21.8230, 105.2140, 9211),
    ("Hòa Bình TM-3 106-00", 20.8170, 105.3380, 9211),
    ("UTM 48N", 21.0285, 105.8542, 3405),
    ("UTM 49N", 13.7765, 109.2237, 3406),
]


@pytest.mark.parametrize(("case", "lat", "lon", "epsg"), PROJECTED_CASES, ids=lambda v: str(v))
def test_projected_xy_matches_geographic_conversion(
    case: str, lat: float, lon: float, epsg: int
) -> None:
    x_northing, y_easting = project_vn2000(lat, lon, epsg)
    assert x_northing > y_easting  # Vietnamese X is the (larger) northing
    [(got_lon, got_lat)] = vn2000_xy_to_wgs84([(x_northing, y_easting)], epsg)
    expected_lat, expected_lon = vn2000_geographic_to_wgs84(lat, lon)
    assert distance_m(got_lat, got_lon, expected_lat, expected_lon) < 0.01


def test_xy_conversion_of_several_points_keeps_order() -> None:
    geographic = [(13.91, 109.12), (13.92, 109.13), (13.90, 109.14)]
    printed = [project_vn2000(lat, lon, 9217) for lat, lon in geographic]
    converted = vn2000_xy_to_wgs84(printed, 9217)
    for (lat, lon), (got_lon, got_lat) in zip(geographic, converted, strict=True):
        expected_lat, expected_lon = vn2000_geographic_to_wgs84(lat, lon)
        assert distance_m(got_lat, got_lon, expected_lat, expected_lon) < 0.01


def test_xy_conversion_of_no_points() -> None:
    assert vn2000_xy_to_wgs84([], 9217) == []


@pytest.mark.parametrize(
    ("epsg", "message"),
    [
        (32648, "EPSG:32648 (WGS 84 / UTM zone 48N) is not a VN-2000 projected CRS"),
        (4756, "EPSG:4756 (VN-2000) is not a VN-2000 projected CRS"),
        (999999, "EPSG:999999 is not a known CRS"),
    ],
)
def test_xy_conversion_rejects_other_crs(epsg: int, message: str) -> None:
    for points in ([(1545123.45, 589012.34)], []):
        with pytest.raises(ValueError) as raised:
            vn2000_xy_to_wgs84(points, epsg)
        assert str(raised.value) == message


def test_guess_crs_includes_true_zone_but_is_ambiguous() -> None:
    corners = [project_vn2000(lat, lon, 9217) for lat, lon in [(13.91, 109.12), (13.93, 109.15)]]
    candidates = guess_crs(corners)
    assert 9217 in candidates
    assert len(candidates) > 1  # TM-3 zones cannot be told apart: the user must confirm
    assert set(candidates) <= {*TM3_ZONES.values(), *UTM_ZONES.values()}
    for epsg in candidates:
        for lon, lat in vn2000_xy_to_wgs84(corners, epsg):
            assert 102.0 <= lon <= 110.0
            assert 8.0 <= lat <= 23.5


def test_guess_crs_finds_utm_49() -> None:
    assert 3406 in guess_crs([project_vn2000(13.7765, 109.2237, 3406)])


@pytest.mark.parametrize(
    "points",
    [
        [(589012.34, 1545123.45)],  # X and Y swapped
        [(5545123.45, 589012.34)],  # far north of Vietnam
        [],
    ],
)
def test_guess_crs_finds_nothing_for_points_outside_vietnam(
    points: list[tuple[float, float]],
) -> None:
    assert guess_crs(points) == []


# ------------------------------------------------------------- parse_corner_table

EXPECTED_CORNERS = [(1545123.45, 589012.34), (1545200.0, 589100.0), (1545050.1, 589150.9)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Điểm\tX(m)\tY(m)\n1\t1545123.45\t589012.34\n2\t1545200.00\t589100.00\n"
            "3\t1545050.10\t589150.90\n",
            id="tabs-with-header-and-stt",
        ),
        pytest.param(
            "Tên điểm   X (m)   Y (m)\r\nM1   1.545.123,45   589.012,34\r\n\r\n"
            "M2   1.545.200,00   589.100,00\r\nM3 1.545.050,10 589.150,90\r\n",
            id="vietnamese-numbers-crlf-blank-line",
        ),
        pytest.param(
            "STT;X;Y\n1;1545123,45;589012,34\n2;1545200;589100\n3; 1545050,1 ; 589150,9",
            id="semicolons-decimal-comma",
        ),
        pytest.param(
            "1,545,123.45, 589,012.34\n1,545,200.00, 589,100.00\n1,545,050.10, 589,150.90",
            id="english-thousands-comma-space-separated",
        ),
        pytest.param(
            "Tọa độ VN-2000, KTT 108°15', múi chiếu 3°\nĐiểm 1 1545123.45 589012.34\n"
            "Điểm 2 1545200 589100\nĐiểm 3 1545050.1 589150.9",
            id="caption-and-two-word-names",
        ),
        pytest.param(
            "1545123.45 589012.34\n1545200 589100\n1545050.1 589150.9",
            id="no-name-column",
        ),
    ],
)
def test_parse_corner_table_formats(text: str) -> None:
    assert parse_corner_table(text) == EXPECTED_CORNERS


def test_parse_corner_table_integer_metres_with_thousands_dots() -> None:
    assert parse_corner_table("M1 1.545.123 589.012\nM2 1.545.200 589.100") == [
        (1545123.0, 589012.0),
        (1545200.0, 589100.0),
    ]


def test_parse_corner_table_reports_every_bad_line() -> None:
    text = "\n".join(
        [
            "Điểm X(m) Y(m)",
            "1 1545123.45 589012.34",
            "2 1545200.00",
            "3 1545050,10 589150,90 25.3",
            "M4 1545100.00 abc",
            "",
            "M5",
            "7 1545 589150.90",
            "8 1545060.00 589160.00",
        ]
    )
    with pytest.raises(CornerTableError) as raised:
        parse_corner_table(text)
    assert str(raised.value) == (
        "corner table has 5 bad lines:\n"
        "line 3: expected two numbers (X, Y), found 1\n"
        "line 4: expected two numbers (X, Y), found 3\n"
        "line 5: 'abc' is not a number\n"
        "line 7: expected two numbers (X, Y), found 0\n"
        "line 8: X = 1545 is not a plausible VN-2000 coordinate in metres "
        "(expected 10,000 to 10,000,000)"
    )
    assert [problem.line_number for problem in raised.value.problems] == [3, 4, 5, 7, 8]


def test_parse_corner_table_single_bad_line() -> None:
    with pytest.raises(CornerTableError) as raised:
        parse_corner_table("1 1545123.45 589012.34\nM2 1545200.00")
    assert str(raised.value) == (
        "corner table has 1 bad line:\nline 2: expected two numbers (X, Y), found 1"
    )


@pytest.mark.parametrize("text", ["", "\n\n", "Điểm X(m) Y(m)\nTên điểm"])
def test_parse_corner_table_without_rows(text: str) -> None:
    with pytest.raises(CornerTableError) as raised:
        parse_corner_table(text)
    assert str(raised.value) == (
        "no coordinate rows found; paste lines like "
        "'M1  1545123.45  589012.34' or '1;1.545.123,45;589.012,34'"
    )
    assert raised.value.problems == []


# ------------------------------------------------------------ polygon_from_corners

CLOCKWISE_SQUARE = [(106.0, 10.0), (106.0, 10.01), (106.01, 10.01), (106.01, 10.0)]


@pytest.mark.parametrize(
    "corners",
    [
        pytest.param(CLOCKWISE_SQUARE, id="clockwise"),
        pytest.param(CLOCKWISE_SQUARE[::-1], id="counter-clockwise"),
        pytest.param([*CLOCKWISE_SQUARE, CLOCKWISE_SQUARE[0]], id="explicitly-closed"),
        pytest.param(
            [CLOCKWISE_SQUARE[0], *CLOCKWISE_SQUARE, CLOCKWISE_SQUARE[3]], id="repeated-points"
        ),
    ],
)
def test_polygon_is_closed_and_counter_clockwise(corners: list[tuple[float, float]]) -> None:
    polygon = polygon_from_corners(corners)
    assert isinstance(polygon, Polygon)
    assert polygon.exterior.is_ccw
    assert len(polygon.exterior.coords) == 5
    assert polygon.exterior.coords[0] == polygon.exterior.coords[-1]
    assert polygon.area == pytest.approx(0.0001)
    area_m2, _ = GEOD.geometry_area_perimeter(polygon)
    assert area_m2 > 0  # pyproj reports positive area for counter-clockwise rings


@pytest.mark.parametrize(
    ("corners", "message"),
    [
        ([], "need at least 3 distinct corner points, got 0"),
        ([(106.0, 10.0), (106.01, 10.0)], "need at least 3 distinct corner points, got 2"),
        (
            [(106.0, 10.0), (106.0, 10.0), (106.01, 10.0), (106.0, 10.0)],
            "need at least 3 distinct corner points, got 2",
        ),
        (
            [(106.0, 10.0), (106.01, 10.01), (106.02, 10.02)],
            "corner points are collinear: the polygon has zero area",
        ),
        (
            [(106.0, 10.0), (106.02, 10.02), (106.02, 10.0), (106.0, 10.02)],
            "corner points do not form a valid polygon: Self-intersection[106.01 10.01]; "
            "check the order of the corners (the boundary must not cross itself)",
        ),
        (
            [(106.0, 10.0), (math.nan, 10.0), (106.01, 10.01)],
            "corner coordinates must be finite numbers",
        ),
    ],
    ids=["empty", "two-points", "duplicates-only", "collinear", "bow-tie", "nan"],
)
def test_polygon_errors(corners: list[tuple[float, float]], message: str) -> None:
    with pytest.raises(CornerPolygonError) as raised:
        polygon_from_corners(corners)
    assert str(raised.value) == message


# -------------------------------------------------------------------- end to end


def test_pasted_table_to_wgs84_polygon() -> None:
    """A 1 km square printed in TM-3 108-15 becomes a ~1 km² counter-clockwise polygon."""
    table = (
        "Điểm\tX (m)\tY (m)\n"
        "M1\t1.538.000,00\t612.000,00\n"
        "M2\t1.539.000,00\t612.000,00\n"
        "M3\t1.539.000,00\t613.000,00\n"
        "M4\t1.538.000,00\t613.000,00\n"
    )
    corners_xy = parse_corner_table(table)
    epsg = projected_crs_for(PROVINCE_MERIDIANS["Bình Định"])
    assert epsg in guess_crs(corners_xy)
    polygon = polygon_from_corners(vn2000_xy_to_wgs84(corners_xy, epsg))
    assert polygon.exterior.is_ccw
    area_m2, _ = GEOD.geometry_area_perimeter(polygon)
    assert area_m2 == pytest.approx(1_000_000, rel=0.001)
    lon, lat = polygon.centroid.x, polygon.centroid.y
    assert 109.2 < lon < 109.3
    assert 13.8 < lat < 14.0
