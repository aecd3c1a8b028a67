"""What the zone, compare and provinces pages show, as plain tables (no UI code)."""

from __future__ import annotations

import pandas as pd

from zones.display import display_table, display_value
from zones.formatting import format_area, format_date, format_pct, is_missing
from zones.i18n import t
from zones.safetext import web_link
from zones.schema import column_label
from zones.store import Dataset

FIGURES = [
    # (value column, as-of column, source column); labels come from the schema
    ("area_ha", None, "area_source_id"),
    ("leasable_ha", "fill_as_of", "fill_source_id"),
    ("leased_ha", "fill_as_of", "fill_source_id"),
    ("fill_pct", "fill_as_of", "fill_source_id"),
    ("status", "status_as_of", "status_source_id"),
    ("location_precision", None, "location_source_id"),
]
FACT_HEADER_TEXT_KEYS = ("figure", "value", "as_of", "source")
"""Catalogue keys of the zone facts table's headers (plus 'url', for the link column)."""


def source_label(dataset: Dataset, source_id: object) -> tuple[str | None, str | None]:
    """(title, url) of a source_id."""
    if not isinstance(source_id, str) or not source_id:
        return None, None
    rows = dataset.sources[dataset.sources["source_id"] == source_id]
    if rows.empty:
        return source_id, None
    row = rows.iloc[0]
    title = str(row["title"])
    if isinstance(row["document_number"], str) and row["document_number"]:
        title = f"{title} ({row['document_number']})"
    url = web_link(row["url"])
    return title, url


def _known(value: object) -> bool:
    return not is_missing(value) and value != ""


def fact_value(zone: pd.Series, column: str, lang: str) -> str:
    """A zone's figure in words: areas in ha, fill in %, statuses and precision in words."""
    value, unknown = zone[column], t("unknown", lang)
    if column in ("area_ha", "leasable_ha", "leased_ha"):
        return format_area(value, lang, decimals=2, missing=unknown)
    if column == "fill_pct":
        return format_pct(value, lang, decimals=2, missing=unknown)
    text = display_value(value, column, lang, missing=unknown)
    if column == "location_precision" and _known(zone.get("lat")) and _known(zone.get("lon")):
        lat = display_value(zone["lat"], "lat", lang)
        lon = display_value(zone["lon"], "lon", lang)
        return f"{text} — {lat}; {lon}"
    return text


def zone_facts(dataset: Dataset, zone_id: str, lang: str) -> pd.DataFrame:
    """One row per figure of a zone: value, as-of date and the source it comes from."""
    zone = dataset.zone(zone_id)
    figure, value, as_of_header, source = (t(key, lang) for key in FACT_HEADER_TEXT_KEYS)
    rows = []
    for column, as_of, source_column in FIGURES:
        # an unknown figure has no source (fill_source_id also covers leased/leasable land)
        known = _known(zone[column])
        title, url = source_label(dataset, zone[source_column]) if known else (None, None)
        rows.append(
            {
                figure: t("location", lang) if column == "location_precision"
                else column_label(column, lang),
                value: fact_value(zone, column, lang),
                as_of_header: format_date(zone[as_of], lang, missing="") if as_of else "",
                source: title or "",
                "url": url or "",
            }
        )
    return pd.DataFrame(rows)


SOURCE_COLUMNS = ["title", "document_number", "issuer", "date", "url"]


def zone_sources(dataset: Dataset, zone_id: str, lang: str) -> pd.DataFrame:
    """The documents a zone cites, headed by their labels, dates written per language."""
    ids = dataset.zone(zone_id)["source_ids"]
    sources = dataset.sources[dataset.sources["source_id"].isin(ids)]
    table = display_table(sources, SOURCE_COLUMNS, lang)
    # a link column needs the address itself, and an empty cell (not "None") where none
    table[column_label("url", lang)] = [
        web_link(url) or "" for url in sources["url"]
    ]
    return table


def parent_of(dataset: Dataset, zone_id: str) -> pd.Series | None:
    parent_id = dataset.zone(zone_id)["parent_id"]
    if not isinstance(parent_id, str) or not parent_id:
        return None
    return dataset.zone(parent_id)


def children_of(dataset: Dataset, zone_id: str) -> pd.DataFrame:
    return dataset.zones[dataset.zones["parent_id"] == zone_id]


def whole_of(dataset: Dataset, zone_id: str) -> pd.Series | None:
    """The whole park a phase belongs to."""
    whole_id = dataset.zone(zone_id)["phase_of"]
    if not isinstance(whole_id, str) or not whole_id:
        return None
    return dataset.zone(whole_id)


def phases_of(dataset: Dataset, zone_id: str) -> pd.DataFrame:
    return dataset.zones[dataset.zones["phase_of"] == zone_id]


COMPARE_ROWS = ["kind", "status", "province", "province_2025", "district", "area_ha",
                "leasable_ha", "leased_ha", "fill_pct", "fill_as_of", "location_precision",
                "developer"]


def compare_value(zone: pd.Series, column: str, lang: str) -> str:
    if column == "kind":
        return t(f"kind.{zone['kind']}", lang)
    if column == "location_precision":
        return display_value(zone[column], column, lang, missing=t("unknown", lang))
    return fact_value(zone, column, lang)


def compare_table(dataset: Dataset, zone_ids: list[str], lang: str) -> pd.DataFrame:
    """Figures as rows, zones as columns (named by their Vietnamese name)."""
    columns = {}
    for zone_id in zone_ids:
        zone = dataset.zone(zone_id)
        columns[f"{zone['name']} ({zone_id})"] = [
            compare_value(zone, column, lang) for column in COMPARE_ROWS
        ]
    return pd.DataFrame(columns, index=[column_label(c, lang) for c in COMPARE_ROWS])
