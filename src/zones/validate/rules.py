"""Rules within one row of zones.csv or targets.csv: areas, location, parent, phase, sources."""

from __future__ import annotations

from zones.validate.report import Problem, Row, Severity, TypedTable

FILL_TOLERANCE_PCT = 2.0


def check_zone_rows(zones: TypedTable) -> list[Problem]:
    problems: list[Problem] = []
    by_id = zones.by_key()
    for row, number, invalid in zip(
        zones.rows, zones.row_numbers, zones.invalid_cells, strict=True
    ):
        problems.extend(_check_zone_areas(zones.source, number, row))
        if not invalid & {"lat", "lon", "location_precision"}:
            problems.extend(_check_zone_location(zones.source, number, row))
        problems.extend(_check_zone_parent(zones.source, number, row, by_id))
        problems.extend(_check_zone_phase(zones.source, number, row, by_id))
        problems.extend(_check_figure_sources(zones.source, number, row))
    return problems


def _check_zone_areas(source: str, number: int, row: Row) -> list[Problem]:
    problems = []
    area, leasable, leased = row.get("area_ha"), row.get("leasable_ha"), row.get("leased_ha")
    if leasable is not None and area is not None and leasable > area:
        problems.append(
            Problem(
                source,
                number,
                "leasable_ha",
                f"{leasable:g} is larger than area_ha {area:g}",
                "leasable land cannot exceed the zone's area",
                value=f"{leasable:g}",
            )
        )
    ceiling = leasable if leasable is not None else area
    if leased is not None and ceiling is not None and leased > ceiling:
        name = "leasable_ha" if leasable is not None else "area_ha"
        problems.append(
            Problem(
                source,
                number,
                "leased_ha",
                f"{leased:g} is larger than {name} {ceiling:g}",
                f"leased land cannot exceed {name}",
                value=f"{leased:g}",
            )
        )
    fill = row.get("fill_pct")
    if fill is not None and leased is not None and leasable:
        computed = 100 * leased / leasable
        if abs(computed - fill) > FILL_TOLERANCE_PCT:
            problems.append(
                Problem(
                    source,
                    number,
                    "fill_pct",
                    f"{fill:g} disagrees with leased_ha / leasable_ha = {computed:.1f}",
                    "check the three figures, or note why they differ",
                    Severity.WARNING,
                    f"{fill:g}",
                )
            )
    if fill is not None and not row.get("fill_as_of"):
        problems.append(
            Problem(
                source,
                number,
                "fill_as_of",
                "is empty while fill_pct is given",
                "give the date of the fill rate (YYYY is enough)",
                Severity.WARNING,
            )
        )
    return problems


def _check_zone_location(source: str, number: int, row: Row) -> list[Problem]:
    lat, lon, precision = row.get("lat"), row.get("lon"), row.get("location_precision")
    if (lat is None) != (lon is None):
        missing = "lon" if lon is None else "lat"
        return [
            Problem(
                source,
                number,
                missing,
                "is empty while the other coordinate is given",
                "give both lat and lon, or neither",
            )
        ]
    if lat is None and precision not in (None, "unknown"):
        return [
            Problem(
                source,
                number,
                "location_precision",
                f"is '{precision}' but lat/lon are empty",
                "set it to 'unknown', or fill in lat and lon",
                value=precision,
            )
        ]
    if lat is not None and precision == "unknown":
        return [
            Problem(
                source,
                number,
                "location_precision",
                "is 'unknown' but lat/lon are given",
                "say how the point was obtained: surveyed, site, commune or district",
                value=precision,
            )
        ]
    return []


def _check_zone_parent(source: str, number: int, row: Row, by_id: dict[str, Row]) -> list[Problem]:
    parent_id = row.get("parent_id")
    if not parent_id:
        return []
    if parent_id == row.get("zone_id"):
        return [
            Problem(
                source,
                number,
                "parent_id",
                "a zone cannot be its own parent",
                "leave parent_id empty or name the economic zone (KKT) around it",
                value=parent_id,
            )
        ]
    parent = by_id.get(parent_id)
    if parent is None:
        return [
            Problem(
                source,
                number,
                "parent_id",
                f"'{parent_id}' is not a zone_id in the table",
                "use the zone_id of an economic zone (KKT) listed in zones.csv",
                value=parent_id,
            )
        ]
    if parent.get("kind") != "KKT":
        return [
            Problem(
                source,
                number,
                "parent_id",
                f"'{parent_id}' is a {parent.get('kind')}, not an economic zone (KKT)",
                "only an economic zone (KKT) can contain other zones",
                value=parent_id,
            )
        ]
    if row.get("kind") == "KKT":
        return [
            Problem(
                source,
                number,
                "parent_id",
                "an economic zone (KKT) cannot have a parent",
                "leave parent_id empty",
                value=parent_id,
            )
        ]
    return []


def _check_zone_phase(source: str, number: int, row: Row, by_id: dict[str, Row]) -> list[Problem]:
    whole_id = row.get("phase_of")
    if not whole_id:
        return []
    whole = by_id.get(whole_id)
    fix = "name the zone_id of the whole park or cluster, or leave phase_of empty"
    if whole_id == row.get("zone_id"):
        return [
            Problem(
                source,
                number,
                "phase_of",
                "a zone cannot be a phase of itself",
                fix,
                value=whole_id,
            )
        ]
    if whole is None:
        return [
            Problem(
                source,
                number,
                "phase_of",
                f"'{whole_id}' is not a zone_id in the table",
                fix,
                value=whole_id,
            )
        ]
    if whole.get("kind") != row.get("kind"):
        return [
            Problem(
                source,
                number,
                "phase_of",
                f"'{whole_id}' is a {whole.get('kind')}, but this row is a {row.get('kind')}",
                "a phase has the kind of the whole zone",
                value=whole_id,
            )
        ]
    if whole.get("phase_of"):
        return [
            Problem(
                source,
                number,
                "phase_of",
                f"'{whole_id}' is itself a phase",
                "name the whole zone, not another phase",
                value=whole_id,
            )
        ]
    return []


def check_target_rows(targets: TypedTable) -> list[Problem]:
    """A target needs its comparator and year; a reported figure without a target needs neither."""
    problems = []
    for row, number, invalid in zip(
        targets.rows, targets.row_numbers, targets.invalid_cells, strict=True
    ):
        if row.get("target_value") is None and "target_value" not in invalid:
            if row.get("achieved_value") is None and "achieved_value" not in invalid:
                problems.append(
                    Problem(
                        targets.source,
                        number,
                        "target_value",
                        "is empty and so is achieved_value",
                        "give the target, the reported value, or both",
                    )
                )
            continue
        for column in ("comparator", "target_year"):
            if row.get(column) is None and column not in invalid:
                problems.append(
                    Problem(
                        targets.source,
                        number,
                        column,
                        "is empty while target_value is given",
                        f"fill in {column} for the target",
                    )
                )
    return problems


FIGURE_SOURCES = {
    "area_source_id": ("area_ha",),
    "fill_source_id": ("fill_pct", "leased_ha", "leasable_ha"),
    "status_source_id": ("status",),
    "location_source_id": ("lat",),
}


def _check_figure_sources(source: str, number: int, row: Row) -> list[Problem]:
    problems = []
    listed = set(row.get("source_ids") or [])
    for column, figures in FIGURE_SOURCES.items():
        cited = row.get(column)
        if cited and cited not in listed:
            problems.append(
                Problem(
                    source,
                    number,
                    column,
                    f"'{cited}' is not in source_ids",
                    f"add {cited} to source_ids",
                    value=cited,
                )
            )
        has_figure = any(row.get(figure) is not None for figure in figures)
        if has_figure and not cited and column != "status_source_id":
            problems.append(
                Problem(
                    source,
                    number,
                    column,
                    f"is empty while {figures[0]} is given",
                    "name the source of the figure",
                    Severity.WARNING,
                )
            )
    return problems
