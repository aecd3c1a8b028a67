"""Filtering zones by province (old or merged name), kind, status, fill, area and name."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import pandas as pd

from zones.folding import fold
from zones.i18n import Message
from zones.search import search_rank


class UnknownProvince(ValueError):
    """A province name matches neither a pre-2025 nor a post-2025 province."""

    def __init__(self, name: str, suggestion: str | None = None) -> None:
        self.message = (
            Message("filter.unknown_province_near", {"name": name, "suggestion": suggestion})
            if suggestion else Message("filter.unknown_province", {"name": name})
        )
        super().__init__(self.message.text("en"))


@dataclass(frozen=True)
class ZoneFilter:
    provinces: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    fill_range: tuple[float, float] | None = None
    include_unknown_fill: bool = True
    area_range: tuple[float, float] | None = None
    include_unknown_area: bool = True
    query: str = ""
    zone_ids: tuple[str, ...] = field(default=())
    near: tuple[str, float] | None = None
    """('seaport' or 'airport', km): only zones within that straight-line distance."""

    def name_parts(self) -> list[str]:
        """Short words that describe the filter, for file names."""
        parts = [*self.provinces, *self.kinds, *self.statuses]
        if self.fill_range:
            parts.append(f"fill {self.fill_range[0]:g}-{self.fill_range[1]:g}")
        if self.area_range:
            parts.append(f"area {self.area_range[0]:g}-{self.area_range[1]:g}")
        if self.query:
            parts.append(self.query)
        if self.near:
            parts.append(f"{self.near[0]} {self.near[1]:g}km")
        return parts


def province_names(provinces: pd.DataFrame) -> dict[str, set[str]]:
    """Folded old or merged province name → the old (pre-2025) province names it covers."""
    lookup: dict[str, set[str]] = {}
    for old, new in zip(provinces["province"], provinces["province_2025"], strict=True):
        lookup.setdefault(fold(old), set()).add(old)
        lookup.setdefault(fold(new), set()).add(old)
    return lookup


def resolve_provinces(names: tuple[str, ...] | list[str], provinces: pd.DataFrame) -> set[str]:
    """Old province names covered by the given old or merged names (any diacritics/case).

    A merged name covers every old province that became part of it: 'Gia Lai' covers both
    'Gia Lai' and 'Bình Định'.
    """
    lookup = province_names(provinces)
    resolved: set[str] = set()
    for name in names:
        key = fold(name).removeprefix("tinh ").removeprefix("thanh pho ").removeprefix("tp ")
        if key not in lookup:
            close = difflib.get_close_matches(key, list(lookup), n=1)
            raise UnknownProvince(name, _display_name(close[0], provinces) if close else None)
        resolved |= lookup[key]
    return resolved


def _display_name(folded: str, provinces: pd.DataFrame) -> str:
    for name in (*provinces["province"], *provinces["province_2025"]):
        if fold(name) == folded:
            return name
    return folded


def filter_mask(zones: pd.DataFrame, zone_filter: ZoneFilter, provinces: pd.DataFrame) -> pd.Series:
    mask = pd.Series(True, index=zones.index)
    if zone_filter.provinces:
        mask &= zones["province"].isin(resolve_provinces(zone_filter.provinces, provinces))
    if zone_filter.kinds:
        mask &= zones["kind"].isin(zone_filter.kinds)
    if zone_filter.statuses:
        mask &= zones["status"].isin(zone_filter.statuses)
    if zone_filter.fill_range:
        mask &= _in_range(
            zones["fill_pct"], zone_filter.fill_range, zone_filter.include_unknown_fill
        )
    if zone_filter.area_range:
        mask &= _in_range(
            zones["area_ha"], zone_filter.area_range, zone_filter.include_unknown_area
        )
    if zone_filter.query:
        mask &= search_ranks(zones, zone_filter.query).notna()
    if zone_filter.zone_ids:
        mask &= zones["zone_id"].isin(zone_filter.zone_ids)
    if zone_filter.near:
        mask &= near_mask(zones, *zone_filter.near)
    return mask


def near_mask(zones: pd.DataFrame, kind: str, km: float) -> pd.Series:
    """Zones within `km` (straight line) of a seaport or airport; access columns are computed
    when the frame does not have them yet."""
    from zones.access import access_table, within_km

    if f"{kind}_km" not in zones.columns:
        zones = zones.join(access_table(zones))
    return within_km(zones, kind, km)


def _in_range(values: pd.Series, bounds: tuple[float, float], include_unknown: bool) -> pd.Series:
    low, high = bounds
    inside = values.between(low, high)
    return inside | values.isna() if include_unknown else inside


def search_ranks(zones: pd.DataFrame, query: str) -> pd.Series:
    """Each zone's search rank for `query` (search.RANK_*, lower is better; NA: no match),
    by name and aliases, then developer and district."""
    columns = [zones[c] if c in zones else pd.Series(None, index=zones.index, dtype=object)
               for c in ("name", "aliases", "developer", "district")]
    ranks = [search_rank(query, name, aliases, (developer, district))
             for name, aliases, developer, district in zip(*columns, strict=True)]
    return pd.Series(ranks, index=zones.index, dtype="Int64")


def order_by_search(zones: pd.DataFrame, query: str) -> pd.DataFrame:
    """Best search matches first (exact names before partial ones); unchanged without a query."""
    if not query.strip() or zones.empty:
        return zones
    order = search_ranks(zones, query).fillna(len(zones)).argsort(kind="stable")
    return zones.iloc[order.to_numpy()]


def apply_filter(
    zones: pd.DataFrame, zone_filter: ZoneFilter, provinces: pd.DataFrame
) -> pd.DataFrame:
    """The zones the filter keeps, best search matches first when it has a query."""
    return order_by_search(zones[filter_mask(zones, zone_filter, provinces)], zone_filter.query)


def provinces_in_naming(
    names: tuple[str, ...] | list[str],
    provinces: pd.DataFrame,
    by: str,
    present: set[str] | None = None,
) -> list[str]:
    """Express province names (old or merged, any spelling) in one naming: `by` is 'province'
    (before 1 July 2025) or 'province_2025'. Unknown names are dropped. With `present`, keep
    only provinces that contain one of those old provinces (those that have zones).
    """
    rows = provinces if present is None else provinces[provinces["province"].isin(present)]
    options = {fold(name): name for name in rows[by]}
    chosen: set[str] = set()
    for name in names:
        if fold(name) in options:
            chosen.add(options[fold(name)])
            continue
        try:
            old_names = resolve_provinces([name], provinces)
        except UnknownProvince:
            continue
        chosen |= set(rows.loc[rows["province"].isin(old_names), by])
    return sorted(chosen)


def area_value(current: tuple[float, float] | None, from_url: tuple[float, float] | None,
               old_bounds: tuple[float, float] | None, bounds: tuple[float, float]
               ) -> tuple[float, float]:
    """The area slider's value inside the current bounds. A slider left at its full range
    stays at the full range when the largest zone changes (after an edit)."""
    low, high = bounds
    if current is None or tuple(current) == old_bounds:
        current = from_url if current is None and from_url else bounds
    start = max(low, min(current[0], high))
    return start, max(start, min(high, current[1]))
