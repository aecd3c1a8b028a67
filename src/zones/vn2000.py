"""Convert industrial-park corner coordinates from VN-2000 to a WGS 84 polygon.

Vietnamese planning decisions print boundary corners either as projected VN-2000
coordinates in metres (a provincial 3° "TM-3" zone with k = 0.9999, or UTM 48N/49N);
this module reads those tables and converts them.

VN-2000 -> WGS 84 always uses EPSG:6960 "VN-2000 to WGS 84 (2)", the 7-parameter
coordinate-frame Helmert of Decision 05/2007/QĐ-BTNMT. It is pinned explicitly: a plain
``Transformer.from_crs("EPSG:4756", "EPSG:4326")`` lets PROJ choose the operation per
point and uses EPSG:5194 "VN-2000 to WGS 84 (1)" (Mekong delta only) near Hồ Chí Minh
City. A Helmert needs no grid files, so everything here works offline.

Axis order warning: Vietnamese documents print X = northing and Y = easting. The
projected functions here take ``(x_northing, y_easting)`` exactly as printed.
"""

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry import MultiPoint, Polygon
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

from zones.geometry import in_vietnam
from zones.i18n import Message

__all__ = [
    "EPSG_6960_PARAMETERS",
    "PROVINCE_MERIDIANS",
    "TM3_ZONES",
    "UTM_ZONES",
    "VN2000_GEOGRAPHIC_EPSG",
    "VN2000_TO_WGS84_OPERATION",
    "CornerPolygonError",
    "CornerTableError",
    "LonLatBox",
    "TableLineProblem",
    "guess_crs",
    "parse_corner_table",
    "polygon_from_corners",
    "projected_crs_for",
    "vn2000_to_wgs84_transformer",
    "vn2000_xy_to_wgs84",
]

VN2000_GEOGRAPHIC_EPSG = 4756
VN2000_TO_WGS84_OPERATION = "EPSG:6960"

# Decision 05/2007/QĐ-BTNMT, as stored for EPSG:6960 (names as in PROJJSON).
EPSG_6960_PARAMETERS: dict[str, float] = {
    "X-axis translation": -191.90441429,  # metre
    "Y-axis translation": -39.30318279,  # metre
    "Z-axis translation": -111.45032835,  # metre
    "X-axis rotation": -0.00928836,  # arc-second, coordinate frame convention
    "Y-axis rotation": 0.01975479,  # arc-second
    "Z-axis rotation": -0.00427372,  # arc-second
    "Scale difference": 0.252906278,  # parts per million
}

UTM_ZONES: dict[int, int] = {48: 3405, 49: 3406}

# VN-2000 TM-3 zones (k = 0.9999, false easting 500 000 m) keyed by central meridian
# "DDD-MM". Verified against the EPSG database shipped with pyproj 3.7.2 (EPSG v11.022);
# tests/test_vn2000.py re-checks every entry and that no zone is missing. EPSG names
# 5896-5898 "TM-3 zone 481/482/491" instead of by meridian.
TM3_ZONES: dict[str, int] = {
    "102-00": 5896,
    "103-00": 9205,
    "104-00": 9206,
    "104-30": 9207,
    "104-45": 9208,
    "105-00": 5897,
    "105-30": 9209,
    "105-45": 9210,
    "106-00": 9211,
    "106-15": 9212,
    "106-30": 9213,
    "107-00": 9214,
    "107-15": 9215,
    "107-30": 9216,
    "107-45": 5899,
    "108-00": 5898,
    "108-15": 9217,
    "108-30": 9218,
}

# Provincial central meridians as commonly cited (Circular 973/2001/TT-TCĐC list);
# not verified against the circular itself. Values are TM3_ZONES keys.
PROVINCE_MERIDIANS: dict[str, str] = {
    "Bình Định": "108-15",
    "Quảng Ngãi": "108-00",
    "Kiên Giang": "104-30",
    "Tuyên Quang": "106-00",
    "Hòa Bình": "106-00",
}


@dataclass(frozen=True)
class LonLatBox:
    lon_min: float
    lat_min: float
    lon_max: float
    lat_max: float

    def contains(self, lon: float, lat: float) -> bool:
        return self.lon_min <= lon <= self.lon_max and self.lat_min <= lat <= self.lat_max


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class TableLineProblem:
    line_number: int
    reason: Message

    @property
    def message(self) -> Message:
        return Message("corner.line", {"line": self.line_number, "reason": self.reason})

    def __str__(self) -> str:
        return self.message.text("en")


class _SummaryLines(Message):
    """A heading message followed by one line per problem, rendered in the reader's language."""

    def __init__(self, heading: Message, lines: Sequence[Message]) -> None:
        super().__init__(heading.key, heading.params)
        object.__setattr__(self, "lines", tuple(lines))

    def text(self, lang: str = "vi") -> str:
        return "\n".join([super().text(lang), *(line.text(lang) for line in self.lines)])


class CornerTableError(ValueError):
    """A pasted corner table has bad lines; ``problems`` lists every one of them.

    ``message`` is the summary as a catalogue Message; str() is its English text."""

    def __init__(self, problems: Sequence[TableLineProblem], summary: Message | None = None):
        self.problems = list(problems)
        if summary is None:
            summary = _SummaryLines(Message("corner.bad_lines", {"n": len(self.problems)}),
                                    [problem.message for problem in self.problems])
        self.message = summary
        super().__init__(summary.text("en"))


class CornerPolygonError(ValueError):
    """Corner points do not form a usable polygon (``message``; str() is its English text)."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.text("en"))


# ----------------------------------------------------- VN-2000 <-> WGS 84 (EPSG:6960)


def _operation_parameters(transformer: Transformer) -> tuple[dict[str, object], dict[str, float]]:
    definition = json.loads(transformer.to_json())
    parameters = {p["name"]: p["value"] for p in definition.get("parameters", [])}
    return definition.get("id", {}), parameters


@lru_cache(maxsize=1)
def vn2000_to_wgs84_transformer() -> Transformer:
    """The pinned EPSG:6960 operation; axis order (lat, lon) in degrees both ways.

    Built with ``Transformer.from_pipeline("EPSG:6960")`` (PROJ instantiates exactly that
    coordinate operation, no per-point choice) and checked against the published
    parameters, so a changed PROJ database fails loudly instead of silently.
    """
    transformer = Transformer.from_pipeline(VN2000_TO_WGS84_OPERATION)
    identifier, parameters = _operation_parameters(transformer)
    if identifier != {"authority": "EPSG", "code": 6960} or parameters != EPSG_6960_PARAMETERS:
        raise RuntimeError(
            f"PROJ database returned {identifier} with {parameters}, not EPSG:6960 as published"
        )
    return transformer


# ----------------------------------------------------------- projected VN-2000 zones


def _to_float(number: str) -> float:
    """A decimal written with ',' or '.' as the decimal mark."""
    return float(number.replace(",", "."))

_MERIDIAN_DMS = re.compile(r"(\d{3})\s*(?:[-–°º˚ ]\s*(\d{1,2})\s*['’′]?)?")
_MERIDIAN_DECIMAL = re.compile(r"\d{3}[.,]\d+")


def _normalise_meridian_label(label: str) -> str | None:
    """'108-15', '108°15′', '108 15', '108.25' or '108' -> '108-15' style key."""
    text = label.strip()
    if _MERIDIAN_DECIMAL.fullmatch(text):
        total_minutes = round(_to_float(text) * 60)
        return f"{total_minutes // 60}-{total_minutes % 60:02d}"
    match = _MERIDIAN_DMS.fullmatch(text)
    if match is None:
        return None
    return f"{match[1]}-{int(match[2] or 0):02d}"


def projected_crs_for(meridian_label: str | None = None, utm_zone: int | None = None) -> int:
    """EPSG code of a VN-2000 projected CRS, by TM-3 central meridian or UTM zone.

    ``projected_crs_for("108-15")`` -> 9217; ``projected_crs_for(utm_zone=48)`` -> 3405.
    Give exactly one argument. Province meridians: see PROVINCE_MERIDIANS.
    """
    if meridian_label is not None and utm_zone is None:
        return _tm3_epsg(meridian_label)
    if utm_zone is not None and meridian_label is None:
        return _utm_epsg(utm_zone)
    raise ValueError("give exactly one of meridian_label or utm_zone")


def _utm_epsg(utm_zone: int) -> int:
    if utm_zone not in UTM_ZONES:
        raise ValueError(f"VN-2000 UTM zone must be 48 or 49, got {utm_zone}")
    return UTM_ZONES[utm_zone]


def _tm3_epsg(meridian_label: str) -> int:
    key = _normalise_meridian_label(meridian_label)
    if key is None or key not in TM3_ZONES:
        known = ", ".join(TM3_ZONES)
        raise ValueError(f"no VN-2000 TM-3 zone for meridian {meridian_label!r}; known: {known}")
    return TM3_ZONES[key]


@lru_cache(maxsize=64)
def _projected_to_vn2000_geographic(epsg: int) -> Transformer:
    """Inverse map projection only (no datum change); axis order (easting, northing)."""
    try:
        crs = CRS.from_epsg(epsg)
    except CRSError as error:
        raise ValueError(f"EPSG:{epsg} is not a known CRS") from error
    if not crs.is_projected or crs.geodetic_crs.to_epsg() != VN2000_GEOGRAPHIC_EPSG:
        raise ValueError(f"EPSG:{epsg} ({crs.name}) is not a VN-2000 projected CRS")
    return Transformer.from_crs(crs, VN2000_GEOGRAPHIC_EPSG, always_xy=True)


def vn2000_xy_to_wgs84(
    points: Sequence[tuple[float, float]], epsg: int
) -> list[tuple[float, float]]:
    """Projected VN-2000 corners -> WGS 84 ``(lon, lat)``.

    Each point is ``(x_northing, y_easting)`` in metres AS PRINTED in Vietnamese documents
    (X is north, Y is east - the reverse of the GIS x/y habit). ``epsg`` is a VN-2000
    projected CRS (TM3_ZONES / UTM_ZONES values). Chain: projected -> VN-2000 geographic
    (EPSG:4756) -> WGS 84 with EPSG:6960 pinned.
    """
    inverse_projection = _projected_to_vn2000_geographic(epsg)  # validates epsg
    if not points:
        return []
    northings = [float(x) for x, _ in points]
    eastings = [float(y) for _, y in points]
    lons, lats = inverse_projection.transform(eastings, northings, errcheck=True)
    wgs_lats, wgs_lons = vn2000_to_wgs84_transformer().transform(lats, lons, errcheck=True)
    return [(float(lon), float(lat)) for lon, lat in zip(wgs_lons, wgs_lats, strict=True)]


@lru_cache(maxsize=64)
def _area_of_use(epsg: int) -> LonLatBox | None:
    area = CRS.from_epsg(epsg).area_of_use
    if area is None:
        return None
    return LonLatBox(area.west, area.south, area.east, area.north)


def _all_inside(points_lonlat: Sequence[tuple[float, float]], box: LonLatBox | None) -> bool:
    return box is not None and all(box.contains(lon, lat) for lon, lat in points_lonlat)


def guess_crs(points_xy: Sequence[tuple[float, float]]) -> list[int]:
    """Candidate VN-2000 projected EPSG codes that put all points inside Vietnam.

    ``points_xy`` are ``(x_northing, y_easting)`` as printed. Candidates are UTM 48N/49N
    and every TM-3 zone in TM3_ZONES; a candidate is kept when all converted points fall
    inside Vietnam (schema.VIETNAM_BOUNDS). Codes whose EPSG area of use contains
    all points come first, the rest keep table order.

    This cannot identify the zone: TM-3 zones differ only by central meridian, so the
    same X/Y lands inside Vietnam for many meridians (shifted by ~27 km per 15′), and
    UTM 48N resembles TM-3 105-00. The user must confirm the zone printed in the
    decision ("KTT 108°15′, múi chiếu 3°"). An empty list usually means X and Y are
    swapped or the numbers are not VN-2000 metres.
    """
    if not points_xy:
        return []
    candidates = [*UTM_ZONES.values(), *TM3_ZONES.values()]
    inside: list[int] = []
    preferred: list[int] = []
    for epsg in candidates:
        converted = vn2000_xy_to_wgs84(points_xy, epsg)
        if not all(in_vietnam(lon, lat) for lon, lat in converted):
            continue
        inside.append(epsg)
        if _all_inside(converted, _area_of_use(epsg)):
            preferred.append(epsg)
    return preferred + [epsg for epsg in inside if epsg not in preferred]


# -------------------------------------------------------------- corner-table parsing

_TOKEN_SEPARATORS = re.compile(r"(?:[\t;]|,(?=\s)|\s)+")
_PLAIN_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_DOT_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_COMMA_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_POINT_INDEX = re.compile(r"\d{1,4}")
_CORNER_TABLE_EXAMPLE = "'M1  1545123.45  589012.34' or '1;1.545.123,45;589.012,34'"
_PLAUSIBLE_METRES = (10_000, 10_000_000)  # catches a point number read as X, or a lost digit


def _parse_table_number(token: str) -> float | None:
    """Read a metre value printed in Vietnamese or English style; None if not a number.

    '1.545.123,45' (dots group thousands, comma is decimal), '1,545,123.45',
    '1545123.45' and '1545123,45' are all accepted. A lone separator followed by exactly
    three digits with 1-3 digits before it ('589.012', '123,456') is read as a thousands
    separator: projected VN-2000 coordinates in metres are never below 1000.
    """
    if _DOT_GROUPED_NUMBER.fullmatch(token):
        return float(token.replace(".", "").replace(",", "."))
    if _COMMA_GROUPED_NUMBER.fullmatch(token):
        return float(token.replace(",", ""))
    if _PLAIN_NUMBER.fullmatch(token):
        return _to_float(token)
    return None


def _split_line(line: str) -> list[str]:
    return [token for token in _TOKEN_SEPARATORS.split(line.strip()) if token]


def _is_header_line(tokens: list[str]) -> bool:
    """Captions/headers hold no number; a lone name like 'M5' is a row missing X/Y."""
    if any(_parse_table_number(token) is not None for token in tokens):
        return False
    is_lone_point_name = len(tokens) == 1 and any(ch.isdigit() for ch in tokens[0])
    return not is_lone_point_name


def _value_tokens(tokens: list[str]) -> list[str]:
    """Drop the point-name column: leading words ('M1', 'Điểm') and a point number.

    A leading integer of at most four digits is always a point number (STT): it is too
    small to be a coordinate in metres.
    """
    start = 0
    while start < len(tokens) and _parse_table_number(tokens[start]) is None:
        start += 1
    values = tokens[start:]
    if values and _POINT_INDEX.fullmatch(values[0]):
        values = values[1:]
    return values


def _plausibility_problem(x_northing: float, y_easting: float) -> Message | None:
    for name, value in (("X", x_northing), ("Y", y_easting)):
        if not _PLAUSIBLE_METRES[0] <= value < _PLAUSIBLE_METRES[1]:
            low, high = _PLAUSIBLE_METRES
            return Message("corner.implausible",
                           {"name": name, "value": f"{value:g}", "low": low, "high": high})
    return None


def _parse_corner_line(tokens: list[str]) -> tuple[tuple[float, float] | None, Message | None]:
    """Return ((x_northing, y_easting), None) or (None, reason)."""
    numbers: list[float] = []
    for token in _value_tokens(tokens):
        number = _parse_table_number(token)
        if number is None:
            return None, Message("corner.not_a_number", {"token": repr(token)})
        numbers.append(number)
    if len(numbers) != 2:
        return None, Message("corner.two_numbers", {"n": len(numbers)})
    x_northing, y_easting = numbers
    problem = _plausibility_problem(x_northing, y_easting)
    if problem:
        return None, problem
    return (x_northing, y_easting), None


def parse_corner_table(text: str) -> list[tuple[float, float]]:
    """Parse a corner table pasted from a planning decision into ``(x_northing, y_easting)``.

    One corner per line: optional point name/number, then X (northing) and Y (easting),
    separated by tabs, spaces, ';' or ', '. Numbers may use Vietnamese style
    ('1.545.123,45'). Blank lines and lines without any number (headers such as
    'Điểm X(m) Y(m)', 'Tên điểm', 'STT') are skipped. Raises CornerTableError listing
    every bad line with its 1-based line number.
    """
    corners: list[tuple[float, float]] = []
    problems: list[TableLineProblem] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        tokens = _split_line(line)
        if not tokens or _is_header_line(tokens):
            continue
        corner, reason = _parse_corner_line(tokens)
        if reason is not None:
            problems.append(TableLineProblem(line_number, reason))
        elif corner is not None:
            corners.append(corner)
    if problems:
        raise CornerTableError(problems)
    if not corners:
        raise CornerTableError([], Message("corner.no_rows", {"example": _CORNER_TABLE_EXAMPLE}))
    return corners


# -------------------------------------------------------------------------- polygon


_COLLINEAR_RELATIVE_AREA = 1e-9


def _distinct_ring_points(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop consecutive repeats and a closing point equal to the first."""
    distinct: list[tuple[float, float]] = []
    for lon, lat in points:
        point = (float(lon), float(lat))
        if not distinct or point != distinct[-1]:
            distinct.append(point)
    if len(distinct) > 1 and distinct[0] == distinct[-1]:
        distinct.pop()
    return distinct


def _are_collinear(points: Sequence[tuple[float, float]]) -> bool:
    """True when the convex hull is (numerically) a line: area below 1e-9 of extent²."""
    hull = MultiPoint(points).convex_hull
    min_x, min_y, max_x, max_y = hull.bounds
    extent = max(max_x - min_x, max_y - min_y)
    return hull.area <= _COLLINEAR_RELATIVE_AREA * extent**2


def _check_finite(points: Sequence[tuple[float, float]]) -> None:
    if not all(math.isfinite(value) for point in points for value in point):
        raise CornerPolygonError(Message("corner.not_finite"))


def polygon_from_corners(points_lonlat: Sequence[tuple[float, float]]) -> Polygon:
    """Closed WGS 84 polygon from ``(lon, lat)`` corners in boundary order.

    The ring is closed automatically and oriented counter-clockwise (RFC 7946 right-hand
    rule). Raises CornerPolygonError for fewer than 3 distinct points, collinear points,
    or a self-intersecting boundary (with shapely's explanation).
    """
    distinct = _distinct_ring_points(points_lonlat)
    _check_finite(distinct)
    if len(distinct) < 3:
        raise CornerPolygonError(Message("corner.too_few", {"n": len(distinct)}))
    if _are_collinear(distinct):
        raise CornerPolygonError(Message("corner.collinear"))
    polygon = Polygon(distinct)
    if not polygon.is_valid:
        raise CornerPolygonError(
            Message("corner.invalid", {"reason": explain_validity(polygon)})
        )
    return orient(polygon, sign=1.0)
