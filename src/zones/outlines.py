"""Zone outlines in data/geo/outlines.geojson: read them (checks: `zones.validate.outlines`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from zones.schema import OUTLINES_FILENAME
from zones.validate.report import Problem, Severity


@dataclass(frozen=True)
class Outline:
    zone_id: str
    geometry: BaseGeometry
    source_id: str | None
    feature_number: int


def _problem(
    name: str, number: int, column: str, message: str, fix: str, severity: Severity = Severity.ERROR
) -> Problem:
    return Problem(name, number, column, message, fix, severity, row_label="feature")


def read_outlines(
    path: Path, name: str = OUTLINES_FILENAME
) -> tuple[dict[str, Outline], list[Problem]]:
    """Read outlines; a missing file means no outlines. Features are numbered from 1."""
    if not path.exists():
        return {}, []
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return {}, [
            Problem(
                name,
                None,
                None,
                f"is not valid GeoJSON ({error})",
                "save the outlines as a GeoJSON FeatureCollection in UTF-8",
            )
        ]
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        return {}, [
            Problem(
                name,
                None,
                None,
                "is not a GeoJSON FeatureCollection",
                "save the outlines as a FeatureCollection",
            )
        ]
    outlines: dict[str, Outline] = {}
    problems: list[Problem] = []
    for number, feature in enumerate(features, start=1):
        outline, problem = _outline_from_feature(name, number, feature)
        if problem:
            problems.append(problem)
        elif outline.zone_id in outlines:
            problems.append(
                _problem(
                    name,
                    number,
                    "zone_id",
                    f"'{outline.zone_id}' already has an outline (feature "
                    f"{outlines[outline.zone_id].feature_number})",
                    "keep one outline per zone; merge parts into a MultiPolygon",
                )
            )
        else:
            outlines[outline.zone_id] = outline
    return outlines, problems


def _outline_from_feature(
    name: str, number: int, feature: object
) -> tuple[Outline | None, Problem | None]:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    zone_id = properties.get("zone_id") if isinstance(properties, dict) else None
    if not zone_id:
        return None, _problem(
            name,
            number,
            "zone_id",
            "feature has no zone_id property",
            "add properties.zone_id naming the zone",
        )
    try:
        geometry = shape(feature.get("geometry") or {})
    except (ValueError, TypeError, AttributeError, KeyError, shapely.errors.GEOSException) as error:
        return None, _problem(
            name,
            number,
            "geometry",
            f"cannot be read ({error})",
            "give a Polygon or MultiPolygon geometry",
        )
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        return None, _problem(
            name,
            number,
            "geometry",
            f"is a {geometry.geom_type}",
            "give a Polygon or MultiPolygon outline",
        )
    return Outline(str(zone_id), geometry, properties.get("source_id"), number), None
