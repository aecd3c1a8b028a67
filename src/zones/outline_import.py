"""Read, convert and check an uploaded zone outline before it is saved.

Two ways in:

* ``read_outline_file``: a GeoJSON, KML/KMZ, GeoPackage or zipped Shapefile, read with
  pyogrio (GDAL) from a private temporary folder. Every layer is read (LIBKML turns each
  KML Folder into its own layer), only polygons are kept, several polygon features are
  merged into one (Multi)Polygon, Z is dropped.
* ``read_corner_table``: corner coordinates pasted from a Vietnamese planning decision,
  X (northing) / Y (easting) in metres in a VN-2000 TM-3 zone or VN-2000 UTM 48N/49N.

Anything on the VN-2000 datum (EPSG codes, or an ESRI .prj that only names the datum) is
converted to WGS 84 with EPSG:6960 pinned (see zones.vn2000); any other coordinate system
goes through pyproj's default operation. The result is a ``CandidateOutline`` in WGS 84
longitude/latitude with counter-clockwise exterior rings; ``check_candidate`` checks it
against its zone. Saving is done elsewhere. This module never imports streamlit.
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import pyogrio
import pyogrio.errors
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from zones import vn2000
from zones.folding import fold
from zones.geometry import geodesic_area_ha, in_vietnam, orient_ccw
from zones.i18n import Decimals, Message
from zones.readers import ReadError, decode_bytes
from zones.validate import Problem, check_outline_against_zone, check_outline_geometry

__all__ = [
    "ACCEPTED_FORMATS",
    "MAX_UPLOAD_BYTES",
    "CandidateOutline",
    "OutlineImportError",
    "check_candidate",
    "crs_choices",
    "read_corner_table",
    "read_outline_file",
]

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # the upload itself and the unzipped content
ACCEPTED_FORMATS = Message("outline.accepted_formats")
CHECK_FILE_NAME = "outline"
CHECK_ROW = 1
WGS84_EPSG = 4326
_WGS84_UTM_ZONES = {48: 32648, 49: 32649}
CRS_EXAMPLES = Message("outline.crs_examples")

_GEOJSON, _KML, _GPKG, _SHAPEFILE, _ZIP = "geojson", "kml", "gpkg", "shapefile", "zip"
_CORNER_TABLE = "corner table"
_FORMAT_NAMES = {_GEOJSON: "GeoJSON", _KML: "KML", _GPKG: "GeoPackage", _SHAPEFILE: "Shapefile"}
_EXTENSION_FORMATS = {
    ".geojson": _GEOJSON,
    ".json": _GEOJSON,
    ".kml": _KML,
    ".gpkg": _GPKG,
    ".zip": _ZIP,
    ".kmz": _ZIP,
}
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_REQUIRED_SHAPEFILE_PARTS = (".shx", ".dbf")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_UTF8_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 4096
_COPY_CHUNK = 1024 * 1024
_GDAL_DRIVER_HINT = re.compile(r";?\s*It might help to specify the correct driver.*$", re.DOTALL)
_POLYGON_TYPES = ("Polygon", "MultiPolygon")
_NO_GEOMETRY = ""


class OutlineImportError(ValueError):
    """An outline cannot be imported; the message tells the user what to change.

    ``candidates`` holds coordinate-system values (as in ``crs_choices``) that would put
    the coordinates inside Vietnam, when the problem is an unknown coordinate system.
    """

    def __init__(self, message: Message, candidates: Sequence[str] = ()) -> None:
        super().__init__(message.text("en"))
        self.message = message
        self.candidates = tuple(candidates)

    def text(self, lang: str) -> str:
        """The message in `lang`."""
        return self.message.text(lang)


@dataclass
class CandidateOutline:
    """An outline ready for preview and checks: WGS 84 lon/lat, exteriors counter-clockwise."""

    geometry: Polygon | MultiPolygon
    source_crs: str
    source_format: str
    area_ha: float
    notes: list[Message] = field(default_factory=list)

    def format_text(self, lang: str) -> str:
        """The source format as people call it ('GeoJSON', 'bảng điểm góc')."""
        if self.source_format == _CORNER_TABLE:
            return Message("outline.format_corner_table").text(lang)
        return _FORMAT_NAMES.get(self.source_format, self.source_format)


# ------------------------------------------------------------------ CRS choices


def _tm3_label(meridian_key: str) -> str:
    degrees, minutes = meridian_key.split("-")
    return f"{degrees}°{minutes}′"


def _lonlat_label(datum: str, epsg: int) -> Message:
    return Message("outline.crs_lonlat", {"datum": datum, "epsg": str(epsg)})


def crs_choices(lang: str = "en") -> list[tuple[str, str]]:
    """(value, label) pairs for a coordinate-system select box; values are 'EPSG:nnnn'."""
    return [(value, label if isinstance(label, str) else label.text(lang))
            for value, label in _crs_choice_labels()]


def _crs_choice_labels() -> list[tuple[str, str | Message]]:
    choices: list[tuple[str, str | Message]] = [
        (f"EPSG:{WGS84_EPSG}", _lonlat_label("WGS 84", WGS84_EPSG)),
        (
            f"EPSG:{vn2000.VN2000_GEOGRAPHIC_EPSG}",
            _lonlat_label("VN-2000", vn2000.VN2000_GEOGRAPHIC_EPSG),
        ),
    ]
    choices += [
        (f"EPSG:{epsg}", f"VN-2000 / TM-3 {_tm3_label(key)} (EPSG:{epsg})")
        for key, epsg in vn2000.TM3_ZONES.items()
    ]
    choices += [
        (f"EPSG:{epsg}", f"VN-2000 / UTM {zone}N (EPSG:{epsg})")
        for zone, epsg in vn2000.UTM_ZONES.items()
    ]
    choices += [
        (f"EPSG:{epsg}", f"WGS 84 / UTM {zone}N (EPSG:{epsg})")
        for zone, epsg in _WGS84_UTM_ZONES.items()
    ]
    return choices


def _choice_label(epsg: int) -> str | Message:
    value = f"EPSG:{epsg}"
    return next((label for choice, label in _crs_choice_labels() if choice == value), value)


_LABEL_EPSG = re.compile(r"\(EPSG:(\d{4,6})\)$")
_EPSG_TEXT = re.compile(r"(?:EPSG\s*:{1,2}\s*)?(\d{4,6})", re.IGNORECASE)
_UTM_TEXT = re.compile(r"(?:VN-?2000\s*/?\s*)?UTM\s*(?:zone\s*)?(\d{1,2})\s*N?", re.IGNORECASE)
_TM3_PREFIX = re.compile(r"^(?:VN-?2000\s*/?\s*)?(?:TM-?3\s*)?", re.IGNORECASE)
_MERIDIAN_START = re.compile(r"\d{3}(?:\D|$)")


def _unknown_crs_error(value: object, reason: Message | None = None) -> OutlineImportError:
    params = {"value": repr(value), "examples": CRS_EXAMPLES}
    if reason is None:
        return OutlineImportError(Message("outline.unknown_crs", params))
    return OutlineImportError(Message("outline.unknown_crs_because", {**params, "reason": reason}))


def _crs_from_epsg(code: int, original: object) -> CRS:
    try:
        return CRS.from_epsg(code)
    except CRSError as error:
        raise _unknown_crs_error(original, Message("outline.no_epsg", {"code": str(code)})) \
            from error


def _crs_from_text(text: str) -> CRS:
    stripped = text.strip()
    if match := _LABEL_EPSG.search(stripped):  # a label from crs_choices
        return _crs_from_epsg(int(match[1]), text)
    if match := _EPSG_TEXT.fullmatch(stripped):
        return _crs_from_epsg(int(match[1]), text)
    if match := _UTM_TEXT.fullmatch(stripped):
        if int(match[1]) not in vn2000.UTM_ZONES:
            raise _unknown_crs_error(text, Message("outline.utm_zone", {"zone": match[1]}))
        return CRS.from_epsg(vn2000.projected_crs_for(utm_zone=int(match[1])))
    meridian = _TM3_PREFIX.sub("", stripped)
    if _MERIDIAN_START.match(meridian):
        try:
            return CRS.from_epsg(vn2000.projected_crs_for(meridian_label=meridian))
        except ValueError as error:
            known = tuple(vn2000.TM3_ZONES)
            reason = Message("outline.no_tm3_zone", {"meridian": repr(meridian), "known": known})
            raise _unknown_crs_error(text, reason) from error
    try:
        return CRS.from_user_input(stripped)
    except CRSError as error:
        raise _unknown_crs_error(text) from error


def _parse_crs(value: str | int) -> CRS:
    """An EPSG code (9217, 'EPSG:9217'), a TM-3 meridian ('108-15', '108°15′'), 'UTM 48'
    (VN-2000 UTM 48N) or any text pyproj understands (WKT, PROJ string)."""
    if isinstance(value, bool):
        raise _unknown_crs_error(value)
    if isinstance(value, int):
        return _crs_from_epsg(value, value)
    return _crs_from_text(value)


def _crs_name(crs: CRS) -> str:
    authority = crs.to_authority()
    return f"{authority[0]}:{authority[1]}" if authority else crs.name


def _is_vn2000(crs: CRS) -> bool:
    """True for any CRS on the VN-2000 datum, including ESRI .prj files without EPSG codes."""
    geodetic = crs.geodetic_crs
    if geodetic is None:
        return False
    if geodetic.to_epsg() == vn2000.VN2000_GEOGRAPHIC_EPSG:
        return True
    datum = fold(re.sub(r"[_\-]", " ", geodetic.datum.name if geodetic.datum else ""))
    return datum.removeprefix("d ") in ("vietnam 2000", "vn 2000", "vn2000")


# ------------------------------------------------------------- coordinate transforms

CoordinateFunction = Callable[[np.ndarray], np.ndarray]


def _vn2000_to_wgs84_function(crs: CRS) -> CoordinateFunction:
    """Own map projection -> VN-2000 lon/lat -> WGS 84 with EPSG:6960 pinned.

    A .prj with TOWGS84 gives a BoundCRS; its shift is ignored (only the projection of the
    source CRS is inverted), since it is often approximate (3 parameters) or of the wrong
    rotation convention."""
    base = crs.source_crs if crs.is_bound and crs.source_crs is not None else crs
    to_geographic = Transformer.from_crs(base, base.geodetic_crs, always_xy=True)
    helmert = vn2000.vn2000_to_wgs84_transformer()

    def transform(coords: np.ndarray) -> np.ndarray:
        lons, lats = to_geographic.transform(coords[:, 0], coords[:, 1], errcheck=True)
        wgs_lats, wgs_lons = helmert.transform(lats, lons, errcheck=True)
        return np.column_stack([wgs_lons, wgs_lats])

    return transform


def _default_to_wgs84_function(crs: CRS) -> CoordinateFunction:
    transformer = Transformer.from_crs(crs, WGS84_EPSG, always_xy=True)

    def transform(coords: np.ndarray) -> np.ndarray:
        lons, lats = transformer.transform(coords[:, 0], coords[:, 1], errcheck=True)
        return np.column_stack([lons, lats])

    return transform


def _to_wgs84(geometry: BaseGeometry, crs: CRS) -> BaseGeometry:
    if crs.to_epsg() == WGS84_EPSG:
        return geometry
    try:
        if _is_vn2000(crs):
            function = _vn2000_to_wgs84_function(crs)
        else:
            function = _default_to_wgs84_function(crs)
        return shapely.transform(geometry, function)
    except (ProjError, CRSError) as error:
        raise OutlineImportError(
            Message("outline.cannot_convert", {"crs": _crs_name(crs), "reason": str(error)})
        ) from error


# -------------------------------------------------------------------- file formats


def _sniff_format(data: bytes) -> str | None:
    if data.startswith(_ZIP_MAGIC):
        return _ZIP
    if data.startswith(_SQLITE_MAGIC):
        return _GPKG
    head = data[:_SNIFF_BYTES].removeprefix(_UTF8_BOM).lstrip()
    if head.startswith(b"{"):
        return _GEOJSON
    if head.startswith(b"<") and b"<kml" in head.lower():
        return _KML
    return None


def _detect_format(data: bytes, filename: str) -> str:
    """Format from the content; the extension decides only when the content is not recognised
    (GDAL then says why the file cannot be read)."""
    sniffed = _sniff_format(data)
    if sniffed is not None:
        return sniffed
    extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if extension == ".shp":
        raise OutlineImportError(Message("outline.shp_only", {"file": filename}))
    if extension in _EXTENSION_FORMATS:
        return _EXTENSION_FORMATS[extension]
    raise OutlineImportError(
        Message("outline.unknown_type", {"file": filename, "formats": ACCEPTED_FORMATS})
    )


def _check_upload_size(data: bytes, filename: str) -> None:
    if not data:
        raise OutlineImportError(Message("outline.empty", {"file": filename}))
    if len(data) > MAX_UPLOAD_BYTES:
        size, limit = round(len(data) / 1024 / 1024), MAX_UPLOAD_BYTES // 1024 // 1024
        raise OutlineImportError(
            Message("outline.too_big", {"file": filename, "size": size, "limit": limit})
        )


# --------------------------------------------------------------------- zip archives


def _is_unsafe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    has_drive = re.match(r"^[A-Za-z]:", name) is not None
    return path.is_absolute() or has_drive or ".." in path.parts


def _check_zip_members(archive: zipfile.ZipFile, filename: str) -> list[zipfile.ZipInfo]:
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir() and not info.filename.startswith("__MACOSX/")
    ]
    for info in members:
        if _is_unsafe_member(info.filename):
            raise OutlineImportError(
                Message("outline.unsafe_path", {"file": filename, "member": repr(info.filename)})
            )
        if info.flag_bits & 0x1:
            raise OutlineImportError(Message("outline.password", {"file": filename}))
    total = sum(info.file_size for info in members)
    if total > MAX_UPLOAD_BYTES:
        raise _too_large_error(filename)
    return members


def _too_large_error(filename: str) -> OutlineImportError:
    limit = MAX_UPLOAD_BYTES // 1024 // 1024
    return OutlineImportError(
        Message("outline.unpacks_too_big", {"file": filename, "limit": limit})
    )


def _extract_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, filename: str
) -> None:
    """Copy one member to ``target`` (a name we chose), never beyond the size limit."""
    written = 0
    with archive.open(info) as source, target.open("wb") as sink:
        while chunk := source.read(_COPY_CHUNK):
            written += len(chunk)
            if written > MAX_UPLOAD_BYTES:
                raise _too_large_error(filename)
            sink.write(chunk)


def _members_by_suffix(members: Iterable[zipfile.ZipInfo], suffix: str) -> list[zipfile.ZipInfo]:
    return [info for info in members if info.filename.lower().endswith(suffix)]


def _shapefile_parts(
    shp: zipfile.ZipInfo, members: Sequence[zipfile.ZipInfo]
) -> dict[str, zipfile.ZipInfo]:
    stem = shp.filename[: -len(".shp")].lower()
    parts = {}
    for info in members:
        name = info.filename.lower()
        for suffix in _SHAPEFILE_PARTS:
            if name == stem + suffix:
                parts[suffix] = info
    return parts


def _missing_part_error(shp_name: str, missing: str, filename: str) -> OutlineImportError:
    base = PurePosixPath(shp_name).name[: -len(".shp")]
    listing = ", ".join(f"{base}{suffix}" for suffix in (".shp", ".shx", ".dbf", ".prj"))
    return OutlineImportError(Message("outline.missing_part", {
        "file": filename, "shp": PurePosixPath(shp_name).name, "missing": base + missing,
        "listing": listing,
    }))


def _extract_shapefile(
    archive: zipfile.ZipFile,
    shp: zipfile.ZipInfo,
    members: Sequence[zipfile.ZipInfo],
    folder: Path,
    filename: str,
) -> Path:
    parts = _shapefile_parts(shp, members)
    for suffix in _REQUIRED_SHAPEFILE_PARTS:
        if suffix not in parts:
            raise _missing_part_error(shp.filename, suffix, filename)
    for suffix, info in parts.items():
        _extract_member(archive, info, folder / f"outline{suffix}", filename)
    return folder / "outline.shp"


def _unpack_zip(data_path: Path, folder: Path, filename: str) -> tuple[Path, str]:
    """Extract the one shapefile (or the KML of a KMZ) to fixed names; returns (path, format)."""
    try:
        with zipfile.ZipFile(data_path) as archive:
            members = _check_zip_members(archive, filename)
            shapefiles = _members_by_suffix(members, ".shp")
            if len(shapefiles) == 1:
                path = _extract_shapefile(archive, shapefiles[0], members, folder, filename)
                return path, _SHAPEFILE
            if len(shapefiles) > 1:
                names = tuple(info.filename for info in shapefiles)
                raise OutlineImportError(Message("outline.several_shapefiles", {
                    "file": filename, "n": len(shapefiles), "names": names,
                }))
            kml_files = _members_by_suffix(members, ".kml")
            if len(kml_files) == 1:
                _extract_member(archive, kml_files[0], folder / "outline.kml", filename)
                return folder / "outline.kml", _KML
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise OutlineImportError(Message("outline.bad_zip", {
            "file": filename, "reason": str(error), "formats": ACCEPTED_FORMATS,
        })) from error
    raise OutlineImportError(Message("outline.no_shapefile", {"file": filename}))


# ------------------------------------------------------------------- reading layers


@dataclass
class _Layer:
    name: str
    geometries: list[BaseGeometry | None]
    crs: CRS | None


def _gdal_reason(error: Exception, folder: Path, filename: str) -> str:
    """GDAL's message without our temporary paths (they mean nothing to the user)."""
    reason = _GDAL_DRIVER_HINT.sub("", str(error)).strip()
    reason = re.sub(re.escape(str(folder)) + r"[^\s'\"]*", filename, reason)
    return reason.strip(" .;") or type(error).__name__


def _unreadable_error(
    error: Exception, folder: Path, filename: str, file_format: str
) -> OutlineImportError:
    return OutlineImportError(Message("outline.unreadable", {
        "file": filename, "format": _FORMAT_NAMES[file_format],
        "reason": _gdal_reason(error, folder, filename), "formats": ACCEPTED_FORMATS,
    }))


def _read_layers(path: Path, folder: Path, filename: str, file_format: str) -> list[_Layer]:
    """Every layer with geometry: LIBKML makes one layer per KML Folder, so reading only the
    default layer would miss outlines inside folders."""
    try:
        listing = pyogrio.list_layers(path)
        layers = []
        for name, geometry_type in listing:
            if geometry_type is None:  # a GeoPackage attribute table
                continue
            frame = pyogrio.read_dataframe(path, layer=name, columns=[])
            crs = CRS.from_user_input(frame.crs) if frame.crs is not None else None
            layers.append(_Layer(str(name), list(frame.geometry), crs))
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        pyogrio.errors.GeometryError,
        pyogrio.errors.FeatureError,
        pyogrio.errors.FieldError,
        pyogrio.errors.CRSError,
    ) as error:
        raise _unreadable_error(error, folder, filename, file_format) from error
    return layers


# ------------------------------------------------------------------- polygons only


def _describe_counts(counts: Counter[str]) -> tuple[Message, ...]:
    """'4 Point features' or '2 Point features, 1 LineString feature'."""
    return tuple(_describe_count(kind, count) for kind, count in counts.most_common())


def _describe_count(kind: str, count: int) -> Message:
    if kind == _NO_GEOMETRY:
        return Message("outline.features_no_geometry", {"n": count})
    return Message("outline.features", {"n": count, "kind": kind})


@dataclass
class _Sorted:
    polygons: list[BaseGeometry] = field(default_factory=list)
    others: Counter[str] = field(default_factory=Counter)
    collections_split: int = 0


def _sort_geometry(geometry: BaseGeometry | None, found: _Sorted) -> None:
    """Polygons go to ``found.polygons``; a GeometryCollection (KML MultiGeometry) is split."""
    if geometry is None or geometry.is_empty:
        found.others[_NO_GEOMETRY] += 1
    elif geometry.geom_type in _POLYGON_TYPES:
        found.polygons.append(geometry)
    elif geometry.geom_type == "GeometryCollection":
        parts = list(shapely.get_parts(geometry))
        polygons = [part for part in parts if part.geom_type in _POLYGON_TYPES]
        if not polygons:
            found.others[geometry.geom_type] += 1
            return
        found.collections_split += 1
        found.polygons.append(
            polygons[0]
            if len(polygons) == 1
            else MultiPolygon([poly for part in polygons for poly in shapely.get_parts(part)])
        )
    else:
        found.others[geometry.geom_type] += 1


def _no_polygon_error(filename: str, found: _Sorted) -> OutlineImportError:
    fix = Message("outline.no_polygon_fix")
    if not found.others:
        return OutlineImportError(Message("outline.no_features", {"file": filename, "fix": fix}))
    held = _describe_counts(found.others)
    return OutlineImportError(
        Message("outline.no_polygon", {"file": filename, "held": held, "fix": fix})
    )


def _merge_polygons(polygons: list[BaseGeometry], notes: list[Message]) -> BaseGeometry:
    """One feature is kept as it is; several are unioned (only if all are valid, so that an
    invalid part is reported by the checks instead of silently repaired)."""
    if len(polygons) == 1:
        return polygons[0]
    if all(polygon.is_valid for polygon in polygons):
        try:
            merged = shapely.union_all(polygons)
        except shapely.errors.GEOSException:
            merged = None
        if merged is not None and merged.geom_type in _POLYGON_TYPES:
            notes.append(Message("outline.note.merged",
                                 {"n": len(polygons), "geom_type": merged.geom_type}))
            return merged
    parts = [part for polygon in polygons for part in shapely.get_parts(polygon)]
    notes.append(Message("outline.note.combined", {"n": len(polygons)}))
    return MultiPolygon(parts)


def _polygons_of(layers: Sequence[_Layer], filename: str, notes: list[Message]) -> BaseGeometry:
    found = _Sorted()
    for layer in layers:
        for geometry in layer.geometries:
            _sort_geometry(geometry, found)
    if not found.polygons:
        raise _no_polygon_error(filename, found)
    if found.collections_split:
        notes.append(Message("outline.note.split", {"n": found.collections_split}))
    if found.others:
        notes.append(Message("outline.note.ignored", {"held": _describe_counts(found.others)}))
    return _merge_polygons(found.polygons, notes)


# --------------------------------------------------------------- choosing the CRS


def _missing_crs_error(file_format: str, filename: str) -> OutlineImportError:
    if file_format == _SHAPEFILE:
        return OutlineImportError(Message("outline.no_prj"))
    return OutlineImportError(Message("outline.no_crs", {"file": filename}))


def _layer_crs(layers: Sequence[_Layer], file_format: str, filename: str) -> CRS:
    crs_list = [layer.crs for layer in layers if layer.geometries]
    if not crs_list or any(crs is None for crs in crs_list):
        raise _missing_crs_error(file_format, filename)
    first = crs_list[0]
    if any(crs != first for crs in crs_list[1:]):
        names = tuple(sorted({_crs_name(crs) for crs in crs_list if crs is not None}))
        raise OutlineImportError(Message("outline.mixed_crs", {"file": filename, "names": names}))
    return first


def _candidate_epsgs(points_xy: Sequence[tuple[float, float]]) -> list[str]:
    return [f"EPSG:{epsg}" for epsg in vn2000.guess_crs(points_xy)]


def _candidate_text(candidates: Sequence[str]) -> tuple[str | Message, ...]:
    return tuple(_choice_label(int(value.split(":")[1])) for value in candidates)


def _check_degrees(geometry: BaseGeometry, crs: CRS, filename: str) -> None:
    """A geographic CRS with numbers beyond ±180/±90 is really projected metres (typically a
    GeoJSON exported from VN-2000 without saying so: GDAL then reports WGS 84)."""
    min_x, min_y, max_x, max_y = geometry.bounds
    if max(abs(min_x), abs(max_x)) <= 180 and max(abs(min_y), abs(max_y)) <= 90:
        return
    corners = [(min_y, min_x), (max_y, max_x)]  # (northing, easting) as vn2000 expects
    candidates = _candidate_epsgs(corners)
    hint = (
        Message("outline.file_candidates", {"systems": _candidate_text(candidates)})
        if candidates else ""
    )
    reach = float(round(max(abs(min_x), abs(max_x), abs(min_y), abs(max_y))))
    raise OutlineImportError(
        Message("outline.not_degrees",
                {"file": filename, "reach": reach, "crs": _crs_name(crs), "hint": hint}),
        candidates,
    )


def _source_crs(
    layers: Sequence[_Layer],
    file_format: str,
    filename: str,
    crs_override: str | int | None,
    notes: list[Message],
) -> CRS:
    if crs_override is None:
        return _layer_crs(layers, file_format, filename)
    chosen = _parse_crs(crs_override)
    file_crs = {layer.crs for layer in layers if layer.crs is not None}
    if file_crs and file_crs != {chosen}:
        said = tuple(sorted(_crs_name(crs) for crs in file_crs))
        notes.append(Message("outline.note.crs_chosen", {"chosen": _crs_name(chosen),
                                                         "said": said}))
    return chosen


# ---------------------------------------------------------------------- public API


def _candidate(
    geometry: BaseGeometry, crs_label: str, source_format: str, notes: list[Message]
) -> CandidateOutline:
    oriented = orient_ccw(geometry)
    area = geodesic_area_ha(oriented) or 0.0
    return CandidateOutline(oriented, crs_label, source_format, area, notes)


def _materialise(data: bytes, filename: str, folder: Path) -> tuple[Path, str]:
    file_format = _detect_format(data, filename)
    path = folder / f"upload.{'zip' if file_format == _ZIP else file_format}"
    path.write_bytes(data)
    if file_format != _ZIP:
        return path, file_format
    unpacked = folder / "unpacked"
    unpacked.mkdir()
    return _unpack_zip(path, unpacked, filename)


def read_outline_file(
    data: bytes, filename: str, crs_override: str | int | None = None
) -> CandidateOutline:
    """Read an uploaded outline file into a WGS 84 CandidateOutline.

    The format comes from the content (the extension only when the content is not
    recognised). The file's own coordinate system is used unless ``crs_override`` is given
    (an EPSG code, 'EPSG:9217', a TM-3 meridian '108-15' or 'UTM 48'); it is required when
    the file has none, e.g. a shapefile without .prj. Raises OutlineImportError.
    """
    _check_upload_size(data, filename)
    folder = Path(tempfile.mkdtemp(prefix="outline-import-"))
    try:
        path, file_format = _materialise(data, filename, folder)
        layers = _read_layers(path, folder, filename, file_format)
    except shapely.errors.GEOSException:  # e.g. a ring that does not close, or of two points
        raise OutlineImportError(Message("outline_input.bad_ring", {"file": filename})) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    notes: list[Message] = []
    named_layers = tuple(layer.name for layer in layers if layer.geometries)
    if len(named_layers) > 1:
        notes.append(Message("outline.note.layers", {"n": len(named_layers),
                                                     "names": named_layers}))
    geometry = shapely.force_2d(_polygons_of(layers, filename, notes))
    _check_finite(geometry, filename)
    crs = _source_crs(layers, file_format, filename, crs_override, notes)
    if crs.is_geographic:
        _check_degrees(geometry, crs, filename)
    return _candidate(_to_wgs84(geometry, crs), _crs_name(crs), file_format, notes)


def _check_finite(geometry: BaseGeometry, filename: str) -> None:
    """NaN or infinite coordinates (JSON allows NaN) would give an outline of area NaN."""
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        raise OutlineImportError(Message("outline_input.not_finite", {"file": filename}))


def decode_corner_file(data: bytes, filename: str) -> str:
    """A corner table file's text, in whichever encoding Excel or Notepad saved it
    (UTF-8, UTF-16, Windows-1258), as tables are read."""
    try:
        return decode_bytes(data, filename)[0]
    except ReadError as error:
        raise OutlineImportError(error.message) from None


def _province_meridian(province: str) -> str | None:
    wanted = fold(province).removeprefix("tinh ")
    return next(
        (key for name, key in vn2000.PROVINCE_MERIDIANS.items() if fold(name) == wanted),
        None,
    )


def _no_crs_error(
    points: Sequence[tuple[float, float]], province: str | None
) -> OutlineImportError:
    unknown = (
        Message("outline.no_province_meridian", {"province": repr(province)}) if province else ""
    )
    candidates = _candidate_epsgs(points)
    if candidates:
        hint = Message("outline.corner_candidates", {"systems": _candidate_text(candidates)})
    else:
        hint = _swap_hint(points)
    return OutlineImportError(
        Message("outline.no_corner_crs", {"unknown": unknown, "hint": hint}), candidates
    )


def _swap_hint(points: Sequence[tuple[float, float]]) -> Message:
    swapped = _candidate_epsgs([(y, x) for x, y in points])
    return Message("outline.swap_hint") if swapped else Message("outline.check_numbers")


def _table_epsg(
    crs: str | int | None,
    province: str | None,
    points: Sequence[tuple[float, float]],
    notes: list[Message],
) -> int:
    if crs is not None:
        return _projected_vn2000_epsg(_parse_crs(crs), crs)
    if not isinstance(province, str) or not province.strip():  # None, "" or a NaN cell
        province = None
    meridian = _province_meridian(province) if province else None
    if meridian is None:
        raise _no_crs_error(points, province)
    epsg = vn2000.TM3_ZONES[meridian]
    notes.append(Message("outline.note.assumed_meridian",
                         {"crs": _choice_label(epsg), "province": province}))
    return epsg


def _projected_vn2000_epsg(crs: CRS, original: str | int) -> int:
    epsg = crs.to_epsg()
    if not crs.is_projected or not _is_vn2000(crs) or epsg is None:
        raise OutlineImportError(
            Message("outline.not_vn2000_projected", {"value": repr(original), "name": crs.name})
        )
    return epsg


def _check_inside_vietnam(
    corners: Sequence[tuple[float, float]], points: Sequence[tuple[float, float]], epsg: int
) -> None:
    if all(in_vietnam(lon, lat) for lon, lat in corners):
        return
    lon, lat = corners[0]
    candidates = _candidate_epsgs(points)
    hint = (
        Message("outline.outside_candidates", {"systems": _candidate_text(candidates)})
        if candidates
        else _swap_hint(points)
    )
    raise OutlineImportError(
        Message("outline.outside_vietnam",
                {"crs": _choice_label(epsg), "lat": Decimals(lat, 4), "lon": Decimals(lon, 4),
                 "hint": hint}),
        candidates,
    )


def read_corner_table(
    text: str, crs: str | int | None = None, province: str | None = None
) -> CandidateOutline:
    """Corner table (X northing, Y easting in VN-2000 metres) -> WGS 84 CandidateOutline.

    ``crs`` is an EPSG code of a VN-2000 projected CRS, 'EPSG:9217', a TM-3 meridian such
    as '108-15' or 'UTM 48'/'UTM 49'. Without it, the province's commonly cited TM-3
    meridian is assumed (and said so in ``notes``); without either, the error lists the
    zones that would put the corners inside Vietnam (also in ``error.candidates``).
    """
    try:
        points = vn2000.parse_corner_table(text)
    except vn2000.CornerTableError as error:
        raise OutlineImportError(
            Message("outline.bad_corner_lines", {"summary": error.message})
        ) from error
    notes: list[Message] = []
    epsg = _table_epsg(crs, province, points, notes)
    corners = vn2000.vn2000_xy_to_wgs84(points, epsg)
    _check_inside_vietnam(corners, points, epsg)
    try:
        polygon = vn2000.polygon_from_corners(corners)
    except vn2000.CornerPolygonError as error:
        raise OutlineImportError(
            Message("outline.bad_corner_polygon", {"reason": error.message})
        ) from error
    notes.insert(0, Message("outline.note.corners", {"n": len(points)}))
    return _candidate(polygon, f"EPSG:{epsg}", _CORNER_TABLE, notes)


def check_candidate(candidate: CandidateOutline, zone: Mapping) -> list[Problem]:
    """Errors: invalid polygon, outside Vietnam. Warnings: far from the zone's point, area
    far from its area_ha. ``zone`` is a zones.csv row (zone_id, lat, lon,
    location_precision, area_ha)."""
    geometry = candidate.geometry
    problems = check_outline_geometry(CHECK_FILE_NAME, CHECK_ROW, geometry)
    problems += check_outline_against_zone(CHECK_FILE_NAME, CHECK_ROW, geometry, _blank_nan(zone))
    return problems


def _blank_nan(zone: Mapping) -> dict:
    """A pandas row has NaN for empty cells; the checks expect None."""
    return {
        key: None if isinstance(value, float) and math.isnan(value) else value
        for key, value in zone.items()
    }
