"""Outlines: each a valid polygon in Vietnam, of a known zone, near its point and of its area."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shapely
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from zones.geometry import bounds_in_vietnam, distance_m, geodesic_area_ha
from zones.validate.report import Problem, Severity, TypedTable

if TYPE_CHECKING:
    from zones.outlines import Outline

AREA_RATIO_WARNING = 2.0
# How far an outline's centre may lie from the row's point before we warn, by precision.
DISTANCE_WARNING_M = {"surveyed": 1_000, "site": 5_000, "commune": 8_000, "district": 25_000}


def _problem(
    name: str, number: int, column: str, message: str, fix: str, severity: Severity = Severity.ERROR
) -> Problem:
    return Problem(name, number, column, message, fix, severity, row_label="feature")


def check_outline_geometry(name: str, number: int, geometry: BaseGeometry) -> list[Problem]:
    problems = []
    if not geometry.is_valid:
        problems.append(
            _problem(
                name,
                number,
                "geometry",
                f"is not a valid polygon ({explain_validity(geometry)})",
                "redraw the outline so its edges do not cross",
            )
        )
    if not bounds_in_vietnam(geometry):
        problems.append(
            _problem(
                name,
                number,
                "geometry",
                "lies outside Vietnam",
                "check the coordinate system: coordinates must be WGS84 longitude, latitude",
            )
        )
    return problems


def check_outline_against_zone(
    name: str, number: int, geometry: BaseGeometry, zone: dict
) -> list[Problem]:
    problems = []
    area = geodesic_area_ha(geometry)
    area_ha = zone.get("area_ha")
    if area and area_ha:
        ratio = area / area_ha
        if ratio > AREA_RATIO_WARNING or ratio < 1 / AREA_RATIO_WARNING:
            problems.append(
                _problem(
                    name,
                    number,
                    "geometry",
                    f"outline area {area:,.0f} ha differs from area_ha "
                    f"{area_ha:,.0f} ha of zone '{zone['zone_id']}'",
                    "check the outline or the zone's area",
                    Severity.WARNING,
                )
            )
    lat, lon = zone.get("lat"), zone.get("lon")
    limit = DISTANCE_WARNING_M.get(zone.get("location_precision") or "")
    if lat is not None and lon is not None and limit and geometry.is_valid:
        centre = geometry.representative_point()
        distance = distance_m(lon, lat, centre.x, centre.y)
        if distance > limit and not geometry.contains(shapely.Point(lon, lat)):
            problems.append(
                _problem(
                    name,
                    number,
                    "geometry",
                    f"outline lies {distance / 1000:,.1f} km from the point of "
                    f"zone '{zone['zone_id']}'",
                    "check the outline or the zone's lat/lon",
                    Severity.WARNING,
                )
            )
    return problems


def check_outlines(outlines: dict[str, Outline], zones: TypedTable, name: str) -> list[Problem]:
    by_id = zones.by_key()
    problems: list[Problem] = []
    for outline in outlines.values():
        zone = by_id.get(outline.zone_id)
        problems.extend(check_outline_geometry(name, outline.feature_number, outline.geometry))
        if zone is None:
            problems.append(
                _problem(
                    name,
                    outline.feature_number,
                    "zone_id",
                    f"'{outline.zone_id}' is not a zone_id in zones.csv",
                    "correct the zone_id or add the zone to zones.csv",
                )
            )
            continue
        problems.extend(
            check_outline_against_zone(name, outline.feature_number, outline.geometry, zone)
        )
    return problems
