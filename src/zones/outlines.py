"""Zone outlines in data/geo/outlines.geojson: read them (checks: `zones.validate.outlines`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from zones.schema import OUTLINES_FILENAME
from zones.validate.outlines import feature
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
