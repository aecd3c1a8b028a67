"""The zones GeoDataFrame: outlines, or approximate footprints where a zone has only a point.

Footprints are circles of the zone's area drawn with geodesic
forward computations, vectorised over all zones at once.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from zones.geometry import GEOD, WGS84, geodesic_area_ha, orient_ccw
from zones.schema import DEFAULT_FOOTPRINT_HA

FOOTPRINT_VERTICES = 48
# A regular polygon inscribed in a circle has less area than the circle; widen the radius so the
# footprint's area equals the zone's area.
_INSCRIBED_AREA_RATIO = (
    FOOTPRINT_VERTICES / (2 * math.pi) * math.sin(2 * math.pi / FOOTPRINT_VERTICES)
)

GEOMETRY_OUTLINE = "outline"
GEOMETRY_FOOTPRINT = "footprint"
GEOMETRY_NONE = "none"


def footprint_radius_m(area_ha: float) -> float:
    return math.sqrt(area_ha * 10_000 / math.pi / _INSCRIBED_AREA_RATIO)


def circle_footprints(lons: np.ndarray, lats: np.ndarray, areas_ha: np.ndarray) -> np.ndarray:
    """Counter-clockwise polygons of the given areas centred on the points (vectorised)."""
    count = len(lons)
    if count == 0:
        return np.array([], dtype=object)
    radii = np.sqrt(areas_ha * 10_000 / math.pi / _INSCRIBED_AREA_RATIO)
    # Azimuths run clockwise from north; going from 360° down to 0° gives a CCW ring.
    azimuths = np.linspace(360.0, 0.0, FOOTPRINT_VERTICES, endpoint=False)
    lon_rep = np.repeat(lons, FOOTPRINT_VERTICES)
    lat_rep = np.repeat(lats, FOOTPRINT_VERTICES)
    az_rep = np.tile(azimuths, count)
    dist_rep = np.repeat(radii, FOOTPRINT_VERTICES)
    ring_lons, ring_lats, _ = GEOD.fwd(lon_rep, lat_rep, az_rep, dist_rep)
    coords = np.stack([ring_lons, ring_lats], axis=1).reshape(count, FOOTPRINT_VERTICES, 2)
    closed = np.concatenate([coords, coords[:, :1, :]], axis=1)
    return shapely.polygons(closed)


def zones_geodataframe(zones: pd.DataFrame, outlines: dict) -> gpd.GeoDataFrame:
    """Join zone attributes with their outline, or else an approximate circular footprint.

    Adds: geometry_kind (outline | footprint | none), approximate (bool), map_lat/map_lon (a
    point to place the zone at), area_geom_ha (geodesic area of the drawn geometry).
    """
    frame = zones.copy()
    geometries = np.full(len(frame), None, dtype=object)
    kinds = np.full(len(frame), GEOMETRY_NONE, dtype=object)

    has_point = frame["lat"].notna().to_numpy() & frame["lon"].notna().to_numpy()
    outline_mask = frame["zone_id"].isin(list(outlines)).to_numpy()
    footprint_mask = has_point & ~outline_mask
    if footprint_mask.any():
        areas = frame["area_ha"].fillna(DEFAULT_FOOTPRINT_HA).to_numpy()[footprint_mask]
        geometries[footprint_mask] = circle_footprints(
            frame["lon"].to_numpy()[footprint_mask],
            frame["lat"].to_numpy()[footprint_mask],
            areas.astype(float),
        )
        kinds[footprint_mask] = GEOMETRY_FOOTPRINT
    for position in np.flatnonzero(outline_mask):
        geometries[position] = orient_ccw(outlines[frame["zone_id"].iat[position]].geometry)
        kinds[position] = GEOMETRY_OUTLINE

    frame["geometry_kind"] = kinds
    frame["approximate"] = kinds != GEOMETRY_OUTLINE
    gdf = gpd.GeoDataFrame(frame, geometry=list(geometries), crs=WGS84)
    points = gdf.geometry.representative_point()
    gdf["map_lat"] = np.where(has_point, frame["lat"], points.y)
    gdf["map_lon"] = np.where(has_point, frame["lon"], points.x)
    # A footprint's area is the zone's area by construction; only outlines need measuring.
    areas = frame["area_ha"].fillna(DEFAULT_FOOTPRINT_HA).to_numpy(dtype=float)
    gdf["area_geom_ha"] = np.where(footprint_mask, areas, np.nan)
    for position in np.flatnonzero(outline_mask):
        gdf.iloc[position, gdf.columns.get_loc("area_geom_ha")] = geodesic_area_ha(
            gdf.geometry.iat[position])
    gdf["area_geom_ha"] = gdf["area_geom_ha"].astype(float)
    return gdf
