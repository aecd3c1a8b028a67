"""Access: straight-line distance from each zone to the nearest seaport, airport and
provincial capital.

Seaports come from data/infrastructure.csv (each with its source), airports from PyPI
`airportsdata` (Vietnam's civil airports, English names) with their official Vietnamese names
from data/airports_vi.csv (each with its source), capitals from data/geo/capitals.csv
(GeoNames).
Distances are great-circle kilometres between the zone's point and the facility's point — not
road distances — and only as precise as the zone's position (`location_precision`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from zones.formatting import format_km
from zones.i18n import t

BUNDLED_DATA = Path(__file__).resolve().parents[2] / "data"
INFRASTRUCTURE_CSV = BUNDLED_DATA / "infrastructure.csv"
CAPITALS_CSV = BUNDLED_DATA / "geo" / "capitals.csv"
AIRPORT_NAMES_CSV = BUNDLED_DATA / "airports_vi.csv"
EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG); the spherical distance is within 0.5 % of the geodesic one."""

CIVIL_AIRPORTS = (
    "HAN", "SGN", "DAD", "CXR", "PQC", "HPH", "VDO", "HUI", "VII", "THD", "VDH",
    "VCL", "UIH", "TBB", "PXU", "BMV", "DLI", "VCA", "VKG", "CAH", "VCS", "DIN",
)
"""The 22 civil airports in operation (Airports Corporation of Vietnam's network). airportsdata
also lists Nà Sản, Phan Rang, Phan Thiết and Vũng Tàu, which have no civil flights."""

APPROXIMATE_PRECISIONS = ("commune", "district")
"""Zone positions this coarse make a distance approximate ('≈')."""

KINDS = ("seaport", "airport", "capital")
NEAR_KINDS = ("seaport", "airport")
"""What the 'within N km' filter measures to."""
NEAR_KM_DEFAULT = 50.0
ACCESS_COLUMNS = (*(f"{kind}{suffix}" for kind in KINDS for suffix in ("", "_km")),
                  "airport_vi", "access_approximate")
"""`airport` is the English name (airportsdata), `airport_vi` the official Vietnamese one."""


@dataclass(frozen=True)
class Facilities:
    """Points of one kind: names and coordinates in degrees."""

    names: tuple[str, ...]
    lats: np.ndarray
    lons: np.ndarray

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, name: str = "name") -> Facilities:
        return cls(tuple(frame[name].astype(str)), frame["lat"].to_numpy(float),
                   frame["lon"].to_numpy(float))


@lru_cache(maxsize=4)
def seaports(path: Path = INFRASTRUCTURE_CSV) -> pd.DataFrame:
    table = pd.read_csv(path, dtype={"lat": float, "lon": float}, keep_default_na=False)
    return table[table["kind"] == "seaport"].reset_index(drop=True)


@lru_cache(maxsize=1)
def airports() -> pd.DataFrame:
    """The civil airports: IATA code, English name (airportsdata), Vietnamese name, position."""
    import airportsdata

    every = airportsdata.load("IATA")
    names_vi = airport_names_vi()
    rows = [{"iata": code, "name": every[code]["name"], "name_vi": names_vi[code],
             "city": every[code]["city"],
             "lat": float(every[code]["lat"]), "lon": float(every[code]["lon"])}
            for code in CIVIL_AIRPORTS]
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def airport_names_vi(path: Path = AIRPORT_NAMES_CSV) -> dict[str, str]:
    """IATA code → official Vietnamese name ('Cảng hàng không Phù Cát')."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(table["iata"], table["name_vi"], strict=True))


def airport_name(airports_row: pd.Series | dict, lang: str) -> str:
    """An airport's name in `lang`: the Vietnamese official name, or airportsdata's English."""
    return str(airports_row["name_vi"] if lang == "vi" else airports_row["name"])


@lru_cache(maxsize=4)
def capitals(path: Path = CAPITALS_CSV) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False).astype(
        {"lat": float, "lon": float})


def current_capitals(path: Path = CAPITALS_CSV) -> pd.DataFrame:
    """The 34 provincial seats since 1 July 2025."""
    table = capitals(path)
    return table[table["seat_2025_of"] != ""].reset_index(drop=True)


def facilities() -> dict[str, Facilities]:
    return {
        "seaport": Facilities.from_frame(seaports()),
        "airport": Facilities.from_frame(airports()),
        "capital": Facilities.from_frame(current_capitals(), name="capital"),
    }


def distance_matrix_km(lats: np.ndarray, lons: np.ndarray, to: Facilities) -> np.ndarray:
    """Great-circle km, one row per point, one column per facility (haversine)."""
    lat1, lon1 = np.radians(lats)[:, None], np.radians(lons)[:, None]
    lat2, lon2 = np.radians(to.lats)[None, :], np.radians(to.lons)[None, :]
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def nearest(lats: np.ndarray, lons: np.ndarray, to: Facilities
            ) -> tuple[list[str | None], np.ndarray]:
    """For each point the nearest facility's name and its distance (None/NaN without a point)."""
    known = ~(np.isnan(lats) | np.isnan(lons))
    names: list[str | None] = [None] * len(lats)
    km = np.full(len(lats), np.nan)
    if known.any() and len(to.names):
        matrix = distance_matrix_km(lats[known], lons[known], to)
        best = matrix.argmin(axis=1)
        km[known] = matrix[np.arange(len(best)), best]
        for index, choice in zip(np.flatnonzero(known), best, strict=True):
            names[index] = to.names[choice]
    return names, km


def access_table(zones: pd.DataFrame, where: dict[str, Facilities] | None = None
                 ) -> pd.DataFrame:
    """Per zone (same index): nearest seaport, airport and capital with straight-line km, and
    whether the zone's position makes them approximate."""
    where = facilities() if where is None else where
    lats = pd.to_numeric(zones["lat"], errors="coerce").to_numpy(float)
    lons = pd.to_numeric(zones["lon"], errors="coerce").to_numpy(float)
    table = pd.DataFrame(index=zones.index)
    for kind in KINDS:
        names, km = nearest(lats, lons, where[kind])
        table[kind] = pd.Series(names, index=zones.index, dtype=object)
        table[f"{kind}_km"] = np.round(km, 1)
    in_vietnamese = dict(zip(airports()["name"], airports()["name_vi"], strict=True))
    table["airport_vi"] = table["airport"].map(in_vietnamese).astype(object)
    table["access_approximate"] = zones["location_precision"].isin(APPROXIMATE_PRECISIONS)
    return table


def with_access(zones: pd.DataFrame) -> pd.DataFrame:
    """The zones with the access columns added (replacing any already there)."""
    kept = zones.drop(columns=[c for c in ACCESS_COLUMNS if c in zones.columns])
    return kept.join(access_table(kept))


def within_km(zones: pd.DataFrame, kind: str, km: float) -> pd.Series:
    """Zones whose nearest `kind` (seaport or airport) is at most `km` away; unknown → False."""
    return zones[f"{kind}_km"].le(km).fillna(False).astype(bool)


# --- what pages show ---------------------------------------------------------------------------


def access_facts(zone: pd.Series | dict, lang: str) -> list[tuple[str, str]]:
    """(label, text) per kind for a zone row that has the access columns: 'Cảng Quy Nhơn:
    12 km straight-line', with '≈' when the zone's position is a commune/district centre;
    '—' when the zone has no position."""
    approximate = bool(zone.get("access_approximate"))
    facts = []
    for kind in KINDS:
        name, km = zone.get(kind), zone.get(f"{kind}_km")
        if kind == "airport" and lang == "vi" and isinstance(zone.get("airport_vi"), str):
            name = zone.get("airport_vi")
        if name is None or pd.isna(km):
            text = format_km(None, lang)
        else:
            text = t("access.value", lang, name=name,
                     km=format_km(km, lang, approximate=approximate))
        facts.append((t(f"access.{kind}", lang), text))
    return facts


def compare_rows(zones: pd.DataFrame, zone_ids: list[str], lang: str) -> pd.DataFrame:
    """The access facts as extra rows of the compare table (zones as columns, named like
    details.compare_table's)."""
    columns = {}
    for zone_id in zone_ids:
        zone = zones[zones["zone_id"] == zone_id].iloc[0]
        facts = access_facts(zone, lang)
        columns[f"{zone['name']} ({zone_id})"] = [text for _, text in facts]
    return pd.DataFrame(columns, index=[t(f"access.{kind}", lang) for kind in KINDS])
