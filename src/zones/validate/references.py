"""Rules across tables: sources, provinces and target scopes that must exist."""

from __future__ import annotations

from zones.schema import SCOPES
from zones.validate.report import Problem, TypedTable


def check_references(
    zones: TypedTable,
    targets: TypedTable | None,
    sources: TypedTable | None,
    provinces: TypedTable | None,
) -> list[Problem]:
    problems: list[Problem] = []
    if sources is not None:
        known_sources = set(sources.by_key())
        problems += _check_source_refs(zones, known_sources)
        if targets is not None:
            problems += _check_source_refs(targets, known_sources)
    if provinces is not None:
        known = {row["province"] for row in provinces.rows if row.get("province")}
        problems += _check_provinces(zones, known)
        if targets is not None:
            problems += _check_provinces(targets, known)
    if targets is not None:
        problems += _check_target_scopes(targets, set(zones.by_key()))
    return problems


def _check_source_refs(typed: TypedTable, known: set[str]) -> list[Problem]:
    columns = [c.name for c in typed.table.columns if c.name.endswith(("source_id", "source_ids"))]
    problems = []
    for row, number in zip(typed.rows, typed.row_numbers, strict=True):
        listed = set(row.get("source_ids") or [])
        for column in columns:
            values = row.get(column)
            ids = values if isinstance(values, list) else [values] if values else []
            if column != "source_ids":
                ids = [source_id for source_id in ids if source_id not in listed]
            for source_id in ids:
                if source_id not in known:
                    problems.append(
                        Problem(
                            typed.source,
                            number,
                            column,
                            f"'{source_id}' is not a source_id in sources.csv",
                            "add the source to sources.csv or correct the id",
                            value=source_id,
                        )
                    )
    return problems


def _check_provinces(typed: TypedTable, known: set[str]) -> list[Problem]:
    from zones.search import fold

    folded = {fold(name): name for name in known}
    problems = []
    for row, number in zip(typed.rows, typed.row_numbers, strict=True):
        province = row.get("province")
        if not province or province in known:
            continue
        suggestion = folded.get(fold(province))
        fix = (
            f"write '{suggestion}'"
            if suggestion
            else "use a province name from provinces.csv (the name before 1 July 2025)"
        )
        problems.append(
            Problem(
                typed.source,
                number,
                "province",
                f"'{province}' is not a province in provinces.csv",
                fix,
                value=province,
            )
        )
    return problems


def _check_target_scopes(targets: TypedTable, zone_ids: set[str]) -> list[Problem]:
    problems = []
    for row, number in zip(targets.rows, targets.row_numbers, strict=True):
        scope = row.get("scope")
        if scope and scope not in SCOPES and scope not in zone_ids:
            problems.append(
                Problem(
                    targets.source,
                    number,
                    "scope",
                    f"'{scope}' is neither a zone group nor a zone_id",
                    "use " + ", ".join(SCOPES) + " or a zone_id from zones.csv",
                    value=scope,
                )
            )
    return problems
