"""Geometry helpers on the WGS84 ellipsoid: areas, distances, orientation, GeoJSON output.

Only pyproj and shapely: validation and the save path use these without loading pandas or
geopandas. The Vietnam bounding box itself is a fact of the data contract (`schema`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from zones.schema import VIETNAM_BOUNDS

GEOD = Geod(ellps="WGS84")
WGS84 = "EPSG:4326"
COORDINATE_DECIMALS = 7
"""Decimals kept in exported coordinates (about 1 cm)."""


def geodesic_area_ha(geometry: BaseGeometry | None) -> float | None:
    if geometry is None or geometry.is_empty:
        return None
    area_m2, _ = GEOD.geometry_area_perimeter(geometry)
    return abs(area_m2) / 10_000


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2])


def in_vietnam(lon: float, lat: float) -> bool:
    return (
        VIETNAM_BOUNDS["lon_min"] <= lon <= VIETNAM_BOUNDS["lon_max"]
        and VIETNAM_BOUNDS["lat_min"] <= lat <= VIETNAM_BOUNDS["lat_max"]
    )


def bounds_in_vietnam(geometry: BaseGeometry) -> bool:
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    return in_vietnam(min_lon, min_lat) and in_vietnam(max_lon, max_lat)


def orient_ccw(geometry: BaseGeometry) -> BaseGeometry:
    """RFC 7946 right-hand rule: exterior rings counter-clockwise, holes clockwise."""
    return shapely.orient_polygons(geometry, exterior_cw=False)


def rfc7946_geometry(geometry: Any) -> dict[str, Any] | None:
    if geometry is None or geometry.is_empty:
        return None
    rounded = shapely.transform(geometry, lambda c: np.round(c, COORDINATE_DECIMALS))
    return mapping(orient_ccw(rounded))
