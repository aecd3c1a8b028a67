"""docs/data-dictionary.md, generated from the schema so that it cannot drift from the code."""

from __future__ import annotations

from pathlib import Path

from zones.schema import TABLES, Column, Table

DICTIONARY_PATH = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"


def _rule(column: Column) -> str:
    parts = []
    if column.required:
        parts.append("required")
    if column.allowed:
        parts.append("one of " + ", ".join(f"`{value}`" for value in column.allowed))
    if column.range_text():
        parts.append(column.range_text())
    if column.type.value in ("slug list", "text list"):
        parts.append("`;`-separated")
    return "; ".join(parts)


def table_markdown(table: Table) -> str:
    lines = [
        f"## `{table.filename}`",
        "",
        table.description,
        "",
        f"Key: `{table.key}` (unique).",
        "",
        "| column | type | rules | meaning | example |",
        "|---|---|---|---|---|",
    ]
    for column in table.columns:
        example = f"`{column.example}`" if column.example else ""
        lines.append(
            f"| `{column.name}` | {column.type.value} | {_rule(column)} | "
            f"{column.description} | {example} |"
        )
    return "\n".join(lines)


def data_dictionary_markdown() -> str:
    header = [
        "# Data dictionary",
        "",
        "Generated from `src/zones/schema.py` by `python -m zones docs`; a test fails when this",
        "file is stale. Files are UTF-8 CSV with one header row. Numbers use `.` as the decimal",
        "mark in the bundled files; uploads may use the Vietnamese format (`46,77`, `6.113,48`).",
        "Dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Unknown values are empty, never guessed.",
        "Row numbers in validation messages count the header as row 1, as a spreadsheet does.",
        "",
        "Outlines live in `geo/outlines.geojson`: a FeatureCollection of Polygon or MultiPolygon",
        "features in WGS84 longitude/latitude with `properties.zone_id` (and optionally",
        "`properties.source_id`). A zone without an outline is drawn as a circle of its",
        "`area_ha` (50 ha when unknown) at `lat`/`lon`, marked approximate everywhere.",
    ]
    return "\n".join(header) + "\n\n" + "\n\n".join(table_markdown(t) for t in TABLES) + "\n"


def write_data_dictionary(path: Path = DICTIONARY_PATH) -> Path:
    path.write_text(data_dictionary_markdown(), encoding="utf-8")
    return path
