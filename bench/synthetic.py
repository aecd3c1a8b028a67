"""Write a valid synthetic data folder of N zones, for the benchmarks.

    python bench/synthetic.py OUT_DIR N [--seed S]

The folder validates with `zones.validate.check_data(dir).report.ok`, is the same for the same
(N, seed), and looks like the real data in the ways that cost time: Vietnamese names, every
province of the bundled provinces.csv, a mix of kinds and statuses, unknown fill rates, areas
and positions, parks inside economic zones (parent_id), a few phases (phase_of) and outlines
for about 5 % of the zones. Positions follow the length of the country from north to south in
the order of the official province codes (which run roughly north to south), inside
lat 8.5-23, lon 102.5-109.3.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_DATA = ROOT / "data"
if str(ROOT / "src") not in sys.path:  # run as a script without the package installed
    sys.path.insert(0, str(ROOT / "src"))

from zones.schema import PROVINCES, SOURCES, TARGETS, ZONES  # noqa: E402

LAT_RANGE = (8.5, 23.0)
LON_RANGE = (102.5, 109.3)
# A rough spine of the country, north to south: (lat, lon).
SPINE = [(22.6, 104.8), (21.0, 105.8), (19.8, 105.7), (18.3, 105.9), (16.4, 107.3),
         (15.1, 108.7), (13.2, 109.1), (11.6, 108.9), (10.8, 106.7), (10.0, 105.6),
         (9.0, 105.1)]
KIND_WEIGHTS = {"KKT": 0.05, "KCN": 0.40, "CCN": 0.55}
STATUS_WEIGHTS = {"operating": 0.50, "under_construction": 0.15, "planned": 0.20,
                  "proposed": 0.08, "stalled": 0.05, "converting": 0.02}
PRECISION_WEIGHTS = {"surveyed": 0.10, "site": 0.40, "commune": 0.35, "district": 0.15}
KIND_NAMES = {"KKT": "Khu kinh tế", "KCN": "Khu công nghiệp", "CCN": "Cụm công nghiệp"}
PLACE_WORDS = ["Nhơn Hòa", "Phú Mỹ", "Tân Thành", "Hòa Khánh", "Đông Sơn", "Long Hậu",
               "Quế Võ", "Yên Phong", "Bắc Thăng Long", "Mỹ Phước", "Đại Đồng", "Hiệp Phước",
               "Sóng Thần", "Vĩnh Lộc", "Điện Nam", "Tam Thăng", "Lương Sơn", "Thụy Vân",
               "Phố Nối", "Khánh Phú", "Gián Khẩu", "Cẩm Khê", "Trà Nóc", "Hòa Phú"]
DEVELOPERS = ["Công ty CP Phát triển hạ tầng", "Tổng công ty Becamex IDC",
              "Công ty TNHH Đầu tư KCN", "Viglacera", "Sonadezi", ""]
SOURCE_COUNT = 6
OUTLINE_SHARE = 0.05
NO_POSITION_SHARE = 0.03
UNKNOWN_AREA_SHARE = 0.10
UNKNOWN_FILL_SHARE = 0.35
IN_KKT_SHARE = 0.15
"""Share of parks (KCN) placed inside an economic zone of their province."""
PHASE_SHARE = 0.01


def _spine_point(fraction: float) -> tuple[float, float]:
    """A point along SPINE, 0 = north end, 1 = south end."""
    position = min(max(fraction, 0.0), 1.0) * (len(SPINE) - 1)
    index = min(int(position), len(SPINE) - 2)
    step = position - index
    (lat1, lon1), (lat2, lon2) = SPINE[index], SPINE[index + 1]
    return lat1 + (lat2 - lat1) * step, lon1 + (lon2 - lon1) * step


def _clip(value: float, bounds: tuple[float, float]) -> float:
    return min(max(value, bounds[0]), bounds[1])


def _read_provinces() -> list[dict[str, str]]:
    with (BUNDLED_DATA / PROVINCES.filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _fmt(value: float, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def _sources() -> list[dict[str, str]]:
    rows = []
    for index in range(1, SOURCE_COUNT + 1):
        row = dict.fromkeys(SOURCES.column_names, "")
        row.update(source_id=f"synthetic-source-{index}",
                   title=f"Báo cáo tổng hợp khu công nghiệp số {index} (synthetic)",
                   issuer="Benchmark generator", date=f"{2019 + index}",
                   url=f"https://example.org/synthetic/{index}")
        rows.append(row)
    return rows


def _zone_rows(n: int, rng: random.Random, provinces: list[dict[str, str]]
               ) -> list[dict[str, str]]:
    ordered = sorted(provinces, key=lambda p: p["province_code"])
    centres = {}
    for rank, province in enumerate(ordered):
        lat, lon = _spine_point(rank / max(len(ordered) - 1, 1))
        centres[province["province"]] = (lat + rng.uniform(-0.3, 0.3),
                                         lon + rng.uniform(-0.4, 0.4))
    names = [p["province"] for p in ordered]
    source_ids = [f"synthetic-source-{i}" for i in range(1, SOURCE_COUNT + 1)]

    rows: list[dict[str, str]] = []
    kkt_by_province: dict[str, list[str]] = {}
    for index in range(n):
        kind = _pick(rng, KIND_WEIGHTS)
        province = names[index % len(names)] if index < len(names) else rng.choice(names)
        zone_id = f"{kind.lower()}-synthetic-{index:06d}"
        row = dict.fromkeys(ZONES.column_names, "")
        cited = rng.sample(source_ids, k=rng.randint(1, 3))
        row.update(
            zone_id=zone_id,
            name=f"{KIND_NAMES[kind]} {rng.choice(PLACE_WORDS)} {index + 1}",
            kind=kind, province=province, status=_pick(rng, STATUS_WEIGHTS),
            status_as_of=f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}",
            source_ids=";".join(cited), status_source_id=cited[0],
            developer=rng.choice(DEVELOPERS),
        )
        if rng.random() < 0.3:
            row["aliases"] = f"{rng.choice(PLACE_WORDS)} {index + 1};Z{index + 1}"
        if rng.random() >= UNKNOWN_AREA_SHARE:
            # Log-uniform 10-2000 ha: many small clusters, few big parks.
            area = math.exp(rng.uniform(math.log(10), math.log(2000)))
            row.update(area_ha=_fmt(area, 1), area_source_id=cited[0])
            if rng.random() >= UNKNOWN_FILL_SHARE:
                leasable = area * rng.uniform(0.55, 0.8)
                fill = rng.uniform(0, 100)
                row.update(leasable_ha=_fmt(leasable, 1), leased_ha=_fmt(leasable * fill / 100, 1),
                           fill_pct=_fmt(fill, 2), fill_as_of=str(rng.randint(2020, 2025)),
                           fill_source_id=cited[-1])
        elif rng.random() < 0.2:
            row.update(fill_pct=_fmt(rng.uniform(0, 100), 1), fill_as_of="2024",
                       fill_source_id=cited[-1])
        if rng.random() >= NO_POSITION_SHARE:
            centre_lat, centre_lon = centres[province]
            row.update(lat=_fmt(_clip(rng.gauss(centre_lat, 0.25), LAT_RANGE), 5),
                       lon=_fmt(_clip(rng.gauss(centre_lon, 0.25), LON_RANGE), 5),
                       location_precision=_pick(rng, PRECISION_WEIGHTS),
                       location_source_id=cited[0])
        else:
            row["location_precision"] = "unknown"
        if kind == "KKT":
            kkt_by_province.setdefault(province, []).append(zone_id)
        elif kind == "KCN" and kkt_by_province.get(province) and rng.random() < IN_KKT_SHARE:
            row["parent_id"] = rng.choice(kkt_by_province[province])
        elif rows and rng.random() < PHASE_SHARE:
            whole = rows[rng.randrange(len(rows))]
            if whole["kind"] == kind and not whole["phase_of"]:
                row["phase_of"] = whole["zone_id"]
                row["province"] = whole["province"]
        rows.append(row)
    return rows


def _targets(provinces: list[str], rng: random.Random) -> list[dict[str, str]]:
    rows = []
    for index, province in enumerate(provinces[:20]):
        row = dict.fromkeys(TARGETS.column_names, "")
        row.update(target_id=f"synthetic-target-{index + 1}", province=province,
                   scope=("KCN", "CCN", "KCN+CCN", "KKT")[index % 4], metric="fill_rate",
                   unit="%", source_id=f"synthetic-source-{index % SOURCE_COUNT + 1}")
        if index % 5 != 4:
            row.update(comparator=(">=", ">", "~", "=")[index % 4],
                       target_value=str(rng.choice((60, 70, 80))),
                       target_year=str(rng.choice((2025, 2030))))
        if index % 3 != 2 or not row["target_value"]:
            row.update(achieved_value=_fmt(rng.uniform(20, 95), 2),
                       achieved_as_of=f"{rng.randint(2022, 2025)}")
        rows.append(row)
    return rows


def _outline(zone: dict[str, str]) -> dict:
    """A square of the zone's area (or 50 ha) centred on its point."""
    lat, lon = float(zone["lat"]), float(zone["lon"])
    area_ha = float(zone["area_ha"]) if zone["area_ha"] else 50.0
    half_m = math.sqrt(area_ha * 10_000) / 2
    dlat = half_m / 110_574
    dlon = half_m / (111_320 * math.cos(math.radians(lat)))
    ring = [[lon - dlon, lat - dlat], [lon + dlon, lat - dlat], [lon + dlon, lat + dlat],
            [lon - dlon, lat + dlat], [lon - dlon, lat - dlat]]
    ring = [[round(x, 7), round(y, 7)] for x, y in ring]
    return {"type": "Feature",
            "properties": {"zone_id": zone["zone_id"], "source_id": "synthetic-source-1"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_synthetic_data(directory: Path, n: int, seed: int = 0) -> Path:
    """Write zones.csv (n zones), targets.csv, sources.csv, provinces.csv and
    geo/outlines.geojson into `directory` (created if needed); return `directory`."""
    if n < 1:
        raise ValueError("n must be at least 1")
    directory = Path(directory)
    (directory / "geo").mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"zones-synthetic:{n}:{seed}")
    provinces = _read_provinces()
    zones = _zone_rows(n, rng, provinces)
    _write_csv(directory / ZONES.filename, ZONES.column_names, zones)
    used = sorted({z["province"] for z in zones})
    _write_csv(directory / TARGETS.filename, TARGETS.column_names, _targets(used, rng))
    _write_csv(directory / SOURCES.filename, SOURCES.column_names, _sources())
    shutil.copyfile(BUNDLED_DATA / PROVINCES.filename, directory / PROVINCES.filename)
    with_point = [z for z in zones if z["lat"]]
    chosen = rng.sample(with_point, k=round(len(with_point) * OUTLINE_SHARE))
    chosen.sort(key=lambda z: z["zone_id"])
    collection = {"type": "FeatureCollection", "features": [_outline(z) for z in chosen]}
    (directory / "geo" / "outlines.geojson").write_text(
        json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("n", type=int, help="number of zones")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true",
                        help="validate the folder with zones.validate.check_data afterwards")
    args = parser.parse_args(argv)
    directory = write_synthetic_data(args.out_dir, args.n, args.seed)
    print(f"wrote {args.n} zones to {directory}")
    if args.check:
        from zones.validate import check_data

        report = check_data(directory).report
        for problem in report.sorted()[:20]:
            print(problem)
        print(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
        return 0 if report.ok else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
