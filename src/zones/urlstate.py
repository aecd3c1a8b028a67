"""The explorer's state (filter, selected zone, view options) as URL query parameters.

A copied link reopens the same view: `?province=Gia+Lai&kind=KCN&fill=0-60&zone=kcn-nhon-hoa`.
Parameters that cannot be read are ignored rather than failing the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from zones.access import NEAR_KINDS
from zones.filters import ZoneFilter
from zones.schema import KINDS, SLUG_PATTERN, STATUSES

FILL_BOUNDS = (0.0, 100.0)


@dataclass(frozen=True)
class ViewState:
    zone_filter: ZoneFilter = field(default_factory=ZoneFilter)
    zone: str | None = None
    compare: tuple[str, ...] = ()
    lang: str | None = None
    by: str | None = None


def _format_range(bounds: tuple[float, float]) -> str:
    return f"{bounds[0]:g}-{bounds[1]:g}"


def _parse_range(text: str | None) -> tuple[float, float] | None:
    if not text or "-" not in text.strip("-"):
        return None
    low, _, high = text.partition("-")
    try:
        bounds = (float(low), float(high))
    except ValueError:
        return None
    return bounds if bounds[0] <= bounds[1] else None


def _parse_near(text: str | None) -> tuple[str, float] | None:
    """'seaport-50' → ('seaport', 50.0); anything else → None."""
    kind, _, km = (text or "").partition("-")
    try:
        distance = float(km)
    except ValueError:
        return None
    return (kind, distance) if kind in NEAR_KINDS and 0 < distance <= 2000 else None


def to_query(state: ViewState) -> dict[str, list[str]]:
    f = state.zone_filter
    query: dict[str, list[str]] = {}
    if f.provinces:
        query["province"] = list(f.provinces)
    if f.kinds:
        query["kind"] = list(f.kinds)
    if f.statuses:
        query["status"] = list(f.statuses)
    if f.fill_range:
        query["fill"] = [_format_range(f.fill_range)]
        if not f.include_unknown_fill:
            query["fill_unknown"] = ["0"]
    if f.area_range:
        query["area"] = [_format_range(f.area_range)]
        if not f.include_unknown_area:
            query["area_unknown"] = ["0"]
    if f.query:
        query["q"] = [f.query]
    if f.near:
        query["near"] = [f"{f.near[0]}-{f.near[1]:g}"]
    if state.zone:
        query["zone"] = [state.zone]
    if state.compare:
        query["compare"] = list(state.compare)
    if state.lang:
        query["lang"] = [state.lang]
    if state.by:
        query["by"] = [state.by]
    return query


def _values(params: Mapping[str, Sequence[str]], key: str) -> list[str]:
    value = params.get(key) or []
    return [value] if isinstance(value, str) else [v for v in value if v]


def _first(params: Mapping[str, Sequence[str]], key: str) -> str | None:
    values = _values(params, key)
    return values[0] if values else None


def from_query(params: Mapping[str, Sequence[str]]) -> ViewState:
    zone_filter = ZoneFilter(
        provinces=tuple(_values(params, "province")),
        kinds=tuple(k for k in _values(params, "kind") if k in KINDS),
        statuses=tuple(s for s in _values(params, "status") if s in STATUSES),
        fill_range=_parse_range(_first(params, "fill")),
        include_unknown_fill=_first(params, "fill_unknown") != "0",
        area_range=_parse_range(_first(params, "area")),
        include_unknown_area=_first(params, "area_unknown") != "0",
        query=_first(params, "q") or "",
        near=_parse_near(_first(params, "near")),
    )
    zone = _first(params, "zone")
    return ViewState(
        zone_filter=zone_filter,
        zone=zone if zone and SLUG_PATTERN.match(zone) else None,
        compare=tuple(z for z in _values(params, "compare") if SLUG_PATTERN.match(z))[:4],
        lang=_first(params, "lang") if _first(params, "lang") in ("vi", "en") else None,
        by=_first(params, "by") if _first(params, "by") in ("province", "province_2025") else None,
    )
