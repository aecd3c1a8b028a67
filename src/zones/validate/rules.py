"""Rules within one row of zones.csv or targets.csv: areas, location, parent, phase, sources."""

from __future__ import annotations

from collections.abc import Callable

from zones.validate.report import At, ColumnRef, Problem, Row, TypedTable

FILL_TOLERANCE_PCT = 2.0


def check_zone_rows(zones: TypedTable) -> list[Problem]:
    problems: list[Problem] = []
    by_id = zones.by_key()
    for row, number, invalid in zip(
        zones.rows, zones.row_numbers, zones.invalid_cells, strict=True
    ):
        at = At(zones.source, number)
        problems.extend(_check_zone_areas(at, row))
        if not invalid & {"lat", "lon", "location_precision"}:
            problems.extend(_check_zone_location(at, row))
        problems.extend(_check_zone_parent(at, row, by_id))
        problems.extend(_check_zone_phase(at, row, by_id))
        problems.extend(_check_figure_sources(at, row))
    return problems


def _check_zone_areas(at: At, row: Row) -> list[Problem]:
    problems = []
    area, leasable, leased = row.get("area_ha"), row.get("leasable_ha"), row.get("leased_ha")
    if leasable is not None and area is not None and leasable > area:
        problems.append(at.error("leasable_ha", "leasable_above_area", leasable, area=area,
                                 other=ColumnRef("area_ha")))
    if leasable is not None and leased is not None and leased > leasable:
        problems.append(at.error("leased_ha", "leased_above_leasable", leased, leasable=leasable,
                                 other=ColumnRef("leasable_ha")))
    elif leasable is None and leased is not None and area is not None and leased > area:
        problems.append(at.error("leased_ha", "leased_above_area", leased, area=area,
                                 other=ColumnRef("area_ha")))
    fill = row.get("fill_pct")
    if fill is not None and leased is not None and leasable:
        computed = 100 * leased / leasable
        if abs(computed - fill) > FILL_TOLERANCE_PCT:
            problems.append(
                at.warning("fill_pct", "fill_disagrees", fill, computed=round(computed, 1))
            )
    if fill is not None and not row.get("fill_as_of"):
        problems.append(at.warning("fill_as_of", "fill_date_missing", figure=ColumnRef("fill_pct")))
    return problems


def _check_zone_location(at: At, row: Row) -> list[Problem]:
    lat, lon, precision = row.get("lat"), row.get("lon"), row.get("location_precision")
    if (lat is None) != (lon is None):
        return [at.error("lon" if lon is None else "lat", "coordinate_missing")]
    if lat is None and precision not in (None, "unknown"):
        return [at.error("location_precision", "precision_without_point", precision)]
    if lat is not None and precision == "unknown":
        return [at.error("location_precision", "point_with_unknown_precision", precision)]
    return []


def _check_zone_parent(at: At, row: Row, by_id: dict[str, Row]) -> list[Problem]:
    return _check_zone_link(at, row, by_id, "parent_id", ("own_parent", "parent_not_found"),
                            _parent_rules)


def _parent_rules(at: At, row: Row, parent: Row) -> list[Problem]:
    if parent.get("kind") != "KKT":
        return [at.error("parent_id", "parent_not_kkt", row["parent_id"], kind=parent.get("kind"))]
    if row.get("kind") == "KKT":
        return [at.error("parent_id", "kkt_with_parent", row["parent_id"])]
    return []


def _check_zone_phase(at: At, row: Row, by_id: dict[str, Row]) -> list[Problem]:
    return _check_zone_link(at, row, by_id, "phase_of", ("own_phase", "whole_not_found"),
                            _phase_rules)


def _phase_rules(at: At, row: Row, whole: Row) -> list[Problem]:
    if whole.get("kind") != row.get("kind"):
        return [at.error("phase_of", "phase_kind_differs", row["phase_of"],
                         kind=whole.get("kind"), row_kind=row.get("kind"))]
    if whole.get("phase_of"):
        return [at.error("phase_of", "phase_of_phase", row["phase_of"])]
    return []


def _check_zone_link(at: At, row: Row, by_id: dict[str, Row], column: str,
                     codes: tuple[str, str], rules: Callable[[At, Row, Row], list[Problem]],
                     ) -> list[Problem]:
    """A zone naming another zone of the table in `column` (parent_id, phase_of): not itself
    (codes[0]), one that exists (codes[1]), then `rules` on the pair."""
    other_id = row.get(column)
    if not other_id:
        return []
    if other_id == row.get("zone_id"):
        return [at.error(column, codes[0], other_id)]
    other = by_id.get(other_id)
    if other is None:
        return [at.error(column, codes[1], other_id)]
    return rules(at, row, other)


def check_target_rows(targets: TypedTable) -> list[Problem]:
    """A target needs its comparator and year; a reported figure without a target needs neither."""
    problems = []
    for row, number, invalid in zip(
        targets.rows, targets.row_numbers, targets.invalid_cells, strict=True
    ):
        at = At(targets.source, number)
        if row.get("target_value") is None and "target_value" not in invalid:
            if row.get("achieved_value") is None and "achieved_value" not in invalid:
                problems.append(at.error("target_value", "target_and_achieved_empty"))
            continue
        problems += [
            at.error(column, "target_detail_missing", label=ColumnRef(column))
            for column in ("comparator", "target_year")
            if row.get(column) is None and column not in invalid
        ]
    return problems


FIGURE_SOURCES = {
    "area_source_id": ("area_ha",),
    "fill_source_id": ("fill_pct", "leased_ha", "leasable_ha"),
    "status_source_id": ("status",),
    "location_source_id": ("lat",),
}
SOURCE_OPTIONAL = {"status_source_id"}
"""Every zone has a status, so an uncited status is not worth a warning."""


def _check_figure_sources(at: At, row: Row) -> list[Problem]:
    problems = []
    listed = set(row.get("source_ids") or [])
    for column, figures in FIGURE_SOURCES.items():
        cited = row.get(column)
        if cited and cited not in listed:
            problems.append(at.error(column, "source_not_listed", cited))
        has_figure = any(row.get(figure) is not None for figure in figures)
        if has_figure and not cited and column not in SOURCE_OPTIONAL:
            problems.append(at.warning(column, "figure_without_source",
                                       figure=ColumnRef(figures[0])))
    return problems
