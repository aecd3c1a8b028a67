"""Export zones as GeoJSON (RFC 7946), CSV (Excel-safe) and GeoPackage."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from zones.folding import fold
from zones.geometry import rfc7946_geometry
from zones.schema import ZONES

FORMATS = ("geojson", "csv", "gpkg")
FORMAT_NAMES = {"geojson": "GeoJSON", "csv": "CSV", "gpkg": "GeoPackage"}
"""How people know each format (the download buttons say "Tải về GeoJSON")."""
MEDIA_TYPES = {
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "gpkg": "application/geopackage+sqlite3",
}
DERIVED_COLUMNS = {"province": "province_2025"}
"""Columns joined on load, exported right after the zones.csv column they derive from."""
GEOMETRY_COLUMNS = ["geometry_kind", "approximate"]
ACCESS_EXPORT_COLUMNS = ["seaport", "seaport_km", "airport", "airport_vi", "airport_km",
                         "capital", "capital_km", "access_approximate"]
"""Straight-line km to the nearest facility (zones.access), approximate with the position."""


def _export_columns() -> list[str]:
    """Every column of the zones.csv contract (so an export can be imported again), the
    joined post-2025 province, and how each zone's geometry was obtained."""
    columns = []
    for column in ZONES.column_names:
        columns += [column, DERIVED_COLUMNS[column]] if column in DERIVED_COLUMNS else [column]
    return columns + GEOMETRY_COLUMNS + ACCESS_EXPORT_COLUMNS


EXPORT_COLUMNS = _export_columns()
# Spreadsheet programs run cells that start with these as formulas (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: Any) -> Any:
    """JSON/CSV-ready value: lists joined with ';', missing values as None, numpy as Python."""
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value) or None
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def export_records(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    columns = [c for c in EXPORT_COLUMNS if c in gdf.columns]
    return [
        {c: _plain(v) for c, v in zip(columns, values, strict=True)}
        for values in gdf[columns].itertuples(index=False, name=None)
    ]


def to_geojson(gdf: gpd.GeoDataFrame) -> str:
    """An RFC 7946 FeatureCollection: lon/lat WGS84, CCW exteriors, no crs, unknown → null."""
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    features = [
        {
            "type": "Feature",
            "id": record["zone_id"],
            "geometry": rfc7946_geometry(geometry),
            "properties": record,
        }
        for record, geometry in zip(export_records(gdf), gdf.geometry, strict=True)
    ]
    document = {"type": "FeatureCollection", "features": features}
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def neutralise_formula(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """UTF-8 with BOM (Excel then shows diacritics), formulas neutralised."""
    records = export_records(gdf)
    columns = [c for c in EXPORT_COLUMNS if c in gdf.columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(
            ["" if record[c] is None else neutralise_formula(_csv_cell(record[c])) for c in columns]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_gpkg_bytes(gdf: gpd.GeoDataFrame, work_dir: Path) -> bytes:
    """GeoPackage via GDAL; written to a file first because GDAL needs a seekable file."""
    path = work_dir / "zones.gpkg"
    write_gpkg(gdf, path)
    return path.read_bytes()


def write_gpkg(gdf: gpd.GeoDataFrame, path: Path) -> None:
    columns = [c for c in EXPORT_COLUMNS if c in gdf.columns]
    records = export_records(gdf)
    frame = gpd.GeoDataFrame(records, columns=columns, geometry=list(gdf.geometry), crs="EPSG:4326")
    if path.exists():
        path.unlink()
    frame.to_file(path, driver="GPKG", layer="zones", engine="pyogrio")


def export_bytes(gdf: gpd.GeoDataFrame, fmt: str, work_dir: Path) -> bytes:
    if fmt == "geojson":
        return to_geojson(gdf).encode("utf-8")
    if fmt == "csv":
        return to_csv_bytes(gdf)
    if fmt == "gpkg":
        return to_gpkg_bytes(gdf, work_dir)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def export_filename(fmt: str, parts: Iterable[str] = (), today: dt.date | None = None) -> str:
    """zones_gia-lai_kcn_2026-11-22.geojson: the filter in the name, then the date."""
    today = today or dt.date.today()
    slugs = [fold(part).replace(" ", "-") for part in parts if fold(part)]
    stem = "_".join(["zones", *slugs[:6], today.isoformat()])
    return f"{stem}.{fmt}"
