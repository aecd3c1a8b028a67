"""Zone outlines in data/geo/outlines.geojson: read them (checks: `zones.validate.outlines`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from zones.geometry import distance_m
from zones.i18n import Message
from zones.schema import OUTLINES_FILENAME
from zones.validate.outlines import feature, outline_offsets
from zones.validate.report import Problem


@dataclass(frozen=True)
class Outline:
    zone_id: str
    geometry: BaseGeometry
    source_id: str | None
    feature_number: int


def read_outlines(
    path: Path, name: str = OUTLINES_FILENAME
) -> tuple[dict[str, Outline], list[Problem]]:
    """Read outlines; a missing file means no outlines. Features are numbered from 1."""
    if not path.exists():
        return {}, []
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return {}, [feature(name, None).error(None, "outlines_not_json", reason=str(error))]
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        return {}, [feature(name, None).error(None, "outlines_not_collection")]
    outlines: dict[str, Outline] = {}
    problems: list[Problem] = []
    for number, item in enumerate(features, start=1):
        outline, problem = _outline_from_feature(name, number, item)
        if problem:
            problems.append(problem)
        elif outline.zone_id in outlines:
            first = outlines[outline.zone_id].feature_number
            problems.append(feature(name, number).error(
                "zone_id", "outline_duplicate", outline.zone_id, first=str(first)))
        else:
            outlines[outline.zone_id] = outline
    return outlines, problems


def _outline_from_feature(
    name: str, number: int, item: object
) -> tuple[Outline | None, Problem | None]:
    at = feature(name, number)
    properties = item.get("properties") if isinstance(item, dict) else None
    zone_id = properties.get("zone_id") if isinstance(properties, dict) else None
    if not zone_id:
        return None, at.error("zone_id", "outline_without_zone_id")
    try:
        geometry = shape(item.get("geometry") or {})
    except (ValueError, TypeError, AttributeError, KeyError, shapely.errors.GEOSException) as error:
        return None, at.error("geometry", "outline_unreadable", reason=str(error))
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        return None, at.error("geometry", "outline_not_polygon", kind=geometry.geom_type)
    return Outline(str(zone_id), geometry, properties.get("source_id"), number), None


def far_off_reasons(geometry: BaseGeometry, zone: Mapping[str, Any]) -> list[Message]:
    """Why saving this outline needs an explicit override (empty when it fits the zone)."""
    distance, ratio = outline_offsets(geometry, zone)
    reasons = []
    if distance is not None:
        reasons.append(Message("outline.far", {"km": round(distance / 1000, 1)}))
    if ratio is not None and ratio > 1:
        reasons.append(Message("outline.area_off", {"ratio": round(ratio, 1)}))
    elif ratio is not None:
        reasons.append(Message("outline.area_small", {"ratio": round(1 / ratio, 1)}))
    return reasons


PREVIEW_RADIUS_M = 30_000
PREVIEW_ID = "__new_outline__"


def preview_zones(zones: Any, outlines: dict[str, Outline], zone_id: str,
                  geometry: BaseGeometry, label: str) -> tuple[Any, dict[str, Outline]]:
    """Zones to draw under a proposed outline: the zone as it is now (its point or current
    outline), the zones within PREVIEW_RADIUS_M of it, and the new outline as one more row
    named `label`. `zones` is the loaded zones frame."""
    zone = zones.loc[zones["zone_id"] == zone_id].iloc[0]
    centre = geometry.representative_point()
    lat, lon = (zone["lat"], zone["lon"]) if zone["lat"] == zone["lat"] else (centre.y, centre.x)

    def near(row: Any) -> bool:
        return row["lat"] == row["lat"] and distance_m(lon, lat, row["lon"], row["lat"]) <= (
            PREVIEW_RADIUS_M)

    shown = zones[zones.apply(near, axis=1) | (zones["zone_id"] == zone_id)].copy()
    new_row = zone.copy()
    new_row["zone_id"], new_row["name"] = PREVIEW_ID, label
    new_row["lat"], new_row["lon"] = centre.y, centre.x
    shown.loc[len(zones) + 1] = new_row
    kept = {z: o for z, o in outlines.items() if z in set(shown["zone_id"])}
    return shown, {**kept, PREVIEW_ID: Outline(PREVIEW_ID, geometry, None, 1)}
