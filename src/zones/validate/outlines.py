"""Outlines: each a valid polygon in Vietnam, of a known zone, near its point and of its area."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from zones.geometry import bounds_in_vietnam, distance_m, geodesic_area_ha
from zones.validate.report import At, Problem, TypedTable

if TYPE_CHECKING:
    from zones.outlines import Outline

AREA_RATIO_WARNING = 2.0
# How far an outline's centre may lie from the row's point before we warn, by precision.
DISTANCE_WARNING_M = {"surveyed": 1_000, "site": 5_000, "commune": 8_000, "district": 25_000}


def feature(file: str, number: int | None) -> At:
    """GeoJSON features are numbered from 1 and called features, not rows."""
    return At(file, number, row_label="feature")


def check_outline_geometry(name: str, number: int, geometry: BaseGeometry) -> list[Problem]:
    at = feature(name, number)
    problems = []
    if not geometry.is_valid:
        problems.append(at.error("geometry", "outline_invalid", reason=explain_validity(geometry)))
    if not bounds_in_vietnam(geometry):
        problems.append(at.error("geometry", "outline_outside_vietnam"))
    return problems


def outline_offsets(geometry: BaseGeometry, zone: Mapping[str, Any]
                    ) -> tuple[float | None, float | None]:
    """How far an outline is off its zone: (metres from the zone's point when beyond what its
    location_precision allows, else None; area ratio when beyond the warning ratio either
    way, else None). `zone` holds typed values or their text. The one home of the rule: the
    folder check warns with it, and an outline save needs an override when it fires.
    """
    distance = ratio = None
    area, area_ha = geodesic_area_ha(geometry), _number(zone.get("area_ha"))
    if area and area_ha:
        ratio = area / area_ha
        if 1 / AREA_RATIO_WARNING <= ratio <= AREA_RATIO_WARNING:
            ratio = None
    lat, lon = _number(zone.get("lat")), _number(zone.get("lon"))
    limit = DISTANCE_WARNING_M.get(str(zone.get("location_precision") or ""))
    if lat is not None and lon is not None and limit and geometry.is_valid:
        centre = geometry.representative_point()
        far = distance_m(lon, lat, centre.x, centre.y)
        if far > limit and not geometry.contains(shapely.Point(lon, lat)):
            distance = far
    return distance, ratio


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def check_outline_against_zone(
    name: str, number: int, geometry: BaseGeometry, zone: dict
) -> list[Problem]:
    at = feature(name, number)
    distance, ratio = outline_offsets(geometry, zone)
    problems = []
    if ratio is not None:
        area_ha = zone["area_ha"]
        problems.append(at.warning("geometry", "outline_area_differs", area=round(ratio * area_ha),
                                   area_ha=round(area_ha), zone_id=zone["zone_id"]))
    if distance is not None:
        problems.append(at.warning("geometry", "outline_far_from_point",
                                   km=round(distance / 1000, 1), zone_id=zone["zone_id"]))
    return problems


def check_outlines(outlines: dict[str, Outline], zones: TypedTable, name: str) -> list[Problem]:
    by_id = zones.by_key()
    problems: list[Problem] = []
    for outline in outlines.values():
        zone = by_id.get(outline.zone_id)
        problems.extend(check_outline_geometry(name, outline.feature_number, outline.geometry))
        if zone is None:
            problems.append(feature(name, outline.feature_number).error(
                "zone_id", "outline_unknown_zone", outline.zone_id))
            continue
        problems.extend(
            check_outline_against_zone(name, outline.feature_number, outline.geometry, zone)
        )
    return problems
