"""What the zone, compare and provinces pages show, as plain tables (no UI code)."""

from __future__ import annotations

import pandas as pd

from zones.filters import resolve_provinces
from zones.i18n import metric_label, t
from zones.maps import format_number
from zones.safetext import web_link
from zones.store import Dataset
from zones.summary import targets_with_status, weighted_fill

FIGURES = [
    # (label key, value column, as-of column, source column, unit)
    ("area_ha", "area_ha", None, "area_source_id", "ha"),
    ("leasable_ha", "leasable_ha", "fill_as_of", "fill_source_id", "ha"),
    ("leased_ha", "leased_ha", "fill_as_of", "fill_source_id", "ha"),
    ("fill_pct", "fill_pct", "fill_as_of", "fill_source_id", "%"),
    ("status", "status", "status_as_of", "status_source_id", ""),
    ("location", "location_precision", None, "location_source_id", ""),
]


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


def _display(value: object, column: str, unit: str, lang: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return t("unknown", lang)
    if column == "status":
        return t(f"status.{value}", lang)
    if column == "location_precision":
        return t(f"precision.{value}", lang)
    return format_number(value, unit, decimals=2) or t("unknown", lang)


def zone_facts(dataset: Dataset, zone_id: str, lang: str) -> pd.DataFrame:
    """One row per figure of a zone: value, as-of date and the source it comes from."""
    zone = dataset.zone(zone_id)
    rows = []
    for label, column, as_of, source_column, unit in FIGURES:
        value = zone[column]
        known = isinstance(value, str) or pd.notna(value)
        # an unknown figure has no source (fill_source_id also covers leased/leasable land)
        title, url = source_label(dataset, zone[source_column]) if known else (None, None)
        if column == "location_precision" and pd.notna(zone["lat"]):
            value_text = (
                f"{_display(value, column, unit, lang)} — {zone['lat']:.4f}, {zone['lon']:.4f}"
            )
        else:
            value_text = _display(value, column, unit, lang)
        rows.append(
            {
                t("figure", lang): t(label, lang),
                t("value", lang): value_text,
                t("as_of", lang): (zone[as_of] if as_of and isinstance(zone[as_of], str) else ""),
                t("source", lang): title or "",
                "url": url or "",
            }
        )
    return pd.DataFrame(rows)


def zone_sources(dataset: Dataset, zone_id: str) -> pd.DataFrame:
    ids = dataset.zone(zone_id)["source_ids"]
    return dataset.sources[dataset.sources["source_id"].isin(ids)][
        ["source_id", "title", "document_number", "issuer", "date", "url"]
    ]


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


COMPARE_ROWS = [
    ("kind", "kind"),
    ("status", "status"),
    ("province", "province"),
    ("province_2025", "province_2025"),
    ("district", "district"),
    ("area_ha", "area_ha"),
    ("leasable_ha", "leasable_ha"),
    ("leased_ha", "leased_ha"),
    ("fill_pct", "fill_pct"),
    ("as_of", "fill_as_of"),
    ("location", "location_precision"),
    ("developer", "developer"),
]


def compare_table(dataset: Dataset, zone_ids: list[str], lang: str) -> pd.DataFrame:
    """Figures as rows, zones as columns (named by their Vietnamese name)."""
    columns = {}
    for zone_id in zone_ids:
        zone = dataset.zone(zone_id)
        values = []
        for _, column in COMPARE_ROWS:
            value = zone[column]
            if column == "kind":
                values.append(t(f"kind.{value}", lang))
            elif column in ("status", "location_precision"):
                values.append(_display(value, column, "", lang))
            elif column in ("area_ha", "leasable_ha", "leased_ha", "fill_pct"):
                values.append(_display(value, column, "%" if column == "fill_pct" else "ha", lang))
            else:
                values.append(value if isinstance(value, str) and value else "—")
        columns[f"{zone['name']} ({zone_id})"] = values
    return pd.DataFrame(columns, index=[t(label, lang) for label, _ in COMPARE_ROWS])


SCOPE_KINDS = {
    "KKT": ("KKT",),
    "KCN": ("KCN",),
    "CCN": ("CCN",),
    "KCN+CCN": ("KCN", "CCN"),
    "KKT+KCN": ("KKT", "KCN"),
}


def province_targets(dataset: Dataset, province: str, by: str, lang: str) -> pd.DataFrame:
    """Targets of a province (old or merged name) with status, source and zone-data fill."""
    old_names = resolve_provinces([province], dataset.provinces)
    targets = targets_with_status(dataset.targets, dataset.provinces, dataset.sources)
    targets = targets[targets["province"].isin(old_names)].copy()
    zones = dataset.zones
    computed = []
    for _, target in targets.iterrows():
        value = None
        if target["metric"] == "fill_rate":
            kinds = SCOPE_KINDS.get(target["scope"])
            scoped = zones[(zones["province"] == target["province"])]
            scoped = (
                scoped[scoped["kind"].isin(kinds)]
                if kinds
                else scoped[scoped["zone_id"] == target["scope"]]
            )
            value = weighted_fill(scoped)
        computed.append(value)
    targets["zone_data_value"] = computed
    targets["metric_label"] = [metric_label(m, lang) for m in targets["metric"]]
    targets["status_label"] = [t(f"target.{s}", lang) for s in targets["status"]]
    return targets


def fill_chart_frame(targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Long table for a grouped bar chart: per fill-rate target, target vs achieved values."""
    rows = []
    for _, target in targets[targets["metric"] == "fill_rate"].iterrows():
        label = f"{target['province']} · {target['scope']} · {target['target_year']}"
        rows.append(
            {"target": label, "series": t("target", lang), "value": float(target["target_value"])}
        )
        if pd.notna(target["achieved_value"]):
            rows.append(
                {
                    "target": label,
                    "series": t("achieved", lang),
                    "value": float(target["achieved_value"]),
                }
            )
        if target["zone_data_value"] is not None and pd.notna(target["zone_data_value"]):
            rows.append(
                {
                    "target": label,
                    "series": t("zone_data_fill", lang),
                    "value": float(target["zone_data_value"]),
                }
            )
    return pd.DataFrame(rows, columns=["target", "series", "value"])
