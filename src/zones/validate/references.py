"""Rules across tables: sources, provinces and target scopes that must exist."""

from __future__ import annotations

from zones.folding import fold
from zones.schema import SCOPES
from zones.validate.report import At, Problem, TypedTable


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
        at = At(typed.source, number)
        listed = set(row.get("source_ids") or [])
        for column in columns:
            values = row.get(column)
            ids = values if isinstance(values, list) else [values] if values else []
            if column != "source_ids":
                ids = [source_id for source_id in ids if source_id not in listed]
            problems += [
                at.error(column, "unknown_source", source_id)
                for source_id in ids
                if source_id not in known
            ]
    return problems


def _check_provinces(typed: TypedTable, known: set[str]) -> list[Problem]:
    folded = {fold(name): name for name in known}
    problems = []
    for row, number in zip(typed.rows, typed.row_numbers, strict=True):
        province = row.get("province")
        if not province or province in known:
            continue
        at = At(typed.source, number)
        suggestion = folded.get(fold(province))
        if suggestion:
            problems.append(at.error("province", "province_spelling", province, name=suggestion))
        else:
            problems.append(at.error("province", "unknown_province", province))
    return problems


def _check_target_scopes(targets: TypedTable, zone_ids: set[str]) -> list[Problem]:
    return [
        At(targets.source, number).error("scope", "unknown_scope", scope, scopes=", ".join(SCOPES))
        for row, number in zip(targets.rows, targets.row_numbers, strict=True)
        if (scope := row.get("scope")) and scope not in SCOPES and scope not in zone_ids
    ]
