"""Province summaries by old (pre-2025) or merged (post-2025) province (target status is in
zones.targets).

Zones that lie inside an economic zone (KKT) are counted as zones but not added again to area
totals or to the area-weighted fill: the KKT's area already includes them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zones.formatting import format_count, format_number
from zones.i18n import t
from zones.schema import KINDS, STATUSES

BY_CHOICES = ("province", "province_2025")


def _in_same_group(ids: pd.Series, zones: pd.DataFrame, groups: pd.Series | None) -> pd.Series:
    """Whether each of `ids` names a zone of `zones` in the same group as its own row (the whole
    table is one group when `groups` is None)."""
    if groups is None:
        return ids.isin(set(zones["zone_id"]))
    known = pd.Index(zones["zone_id"])
    if not known.is_unique:  # not in valid data; pairs are exact, only slower
        here = pd.MultiIndex.from_arrays([zones["zone_id"], groups])
        return pd.Series(pd.MultiIndex.from_arrays([ids, groups]).isin(here), index=zones.index)
    where = known.get_indexer(ids)  # the named zone's row, -1 where there is none
    group_of = groups.to_numpy()
    found = where >= 0
    same = np.zeros(len(ids), dtype=bool)
    same[found] = group_of[where[found]] == group_of[found]
    return pd.Series(same, index=zones.index)


def counted_in_totals(zones: pd.DataFrame, groups: pd.Series | None = None) -> pd.Series:
    """False for zones whose area another row already holds: parks whose parent KKT is in the
    same table (or the same group), and phases whose whole park is."""
    return ~(_in_same_group(zones["parent_id"], zones, groups)
             | _in_same_group(zones["phase_of"], zones, groups))


def fill_weights(zones: pd.DataFrame) -> pd.Series:
    return zones["leasable_ha"].fillna(zones["area_ha"])


def fill_contributors(zones: pd.DataFrame,
                      groups: pd.Series | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """The zones whose fill rates make up an area-weighted fill, and their weights (leasable
    land if known, else the area): those with a fill rate and a weight.

    A park inside a KKT (or a phase of a park) is left out when the KKT (or the whole park) has
    a fill rate of its own, which includes it (in the same group, when `groups` is given).
    """
    has_fill = zones["fill_pct"].notna()
    with_fill = zones[has_fill]
    within = None if groups is None else groups[has_fill]
    covered = (_in_same_group(with_fill["parent_id"], with_fill, within)
               | _in_same_group(with_fill["phase_of"], with_fill, within))
    usable = with_fill[~covered]
    weights = fill_weights(usable)
    return usable[weights.notna()], weights[weights.notna()]


def weighted_mean(values: pd.Series, weights: pd.Series) -> float | None:
    if values.empty or weights.sum() == 0:
        return None
    return float((values * weights).sum() / weights.sum())


def weighted_fill(zones: pd.DataFrame) -> float | None:
    """Area-weighted fill over `fill_contributors`; None when nothing contributes."""
    usable, weights = fill_contributors(zones)
    return weighted_mean(usable["fill_pct"], weights)


SUMMARY_INPUTS = ("zone_id", "kind", "status", "parent_id", "phase_of", "area_ha",
                  "leasable_ha", "fill_pct")
"""The columns a summary reads, besides the province naming it groups by."""
SUMMARY_COLUMNS = ("zones", *KINDS, "in_kkt", *STATUSES, "area_ha", "leasable_ha",
                   "area_unknown", "fill_pct", "fill_zones")


def summarise_provinces(zones: pd.DataFrame, by: str = "province") -> pd.DataFrame:
    """One row per province (in naming `by`, sorted): counts by kind and status, parks inside a
    KKT, area and leasable land (each zone's area counted once), zones without an area, the
    area-weighted fill and how many zones give one. A park or phase is left out of a
    province's totals only when its KKT or whole park is in the same province.

    Computed for all provinces at once (the map redraws its province colours from this at
    every new filter: a loop over 63 provinces took ~0.3 s)."""
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {', '.join(BY_CHOICES)}, not {by!r}")
    zones = pd.DataFrame(zones[[by, *SUMMARY_INPUTS]])  # plain columns: no geometry to carry
    groups = zones[by]
    table = pd.DataFrame({"zones": groups.groupby(groups).size()})
    table.index.name = by
    for column, values in (("kind", KINDS), ("status", STATUSES)):
        counts = zones.groupby([groups, zones[column]]).size().unstack(fill_value=0)
        for value in values:
            table[value] = counts.get(value, 0)
    table["in_kkt"] = _in_same_group(zones["parent_id"], zones, groups).groupby(groups).sum()
    counted = counted_in_totals(zones, groups)
    for column in ("area_ha", "leasable_ha"):  # unknown (NaN) where no counted zone has one
        table[column] = zones[column].where(counted).groupby(groups).sum(min_count=1)
    table["area_unknown"] = zones["area_ha"].isna().groupby(groups).sum()
    table["fill_pct"] = _weighted_fills(zones, groups)
    table["fill_zones"] = zones["fill_pct"].notna().groupby(groups).sum()
    table = table.reindex(columns=list(SUMMARY_COLUMNS))
    count_columns = [c for c in SUMMARY_COLUMNS if c not in ("area_ha", "leasable_ha", "fill_pct")]
    table[count_columns] = table[count_columns].astype(int)
    return table.reset_index()


def _weighted_fills(zones: pd.DataFrame, groups: pd.Series) -> pd.Series:
    """Per group: `weighted_mean` of its `fill_contributors` (the same formula, per group; the
    tests hold the two equal); missing where nothing contributes."""
    usable, weights = fill_contributors(zones, groups)
    within = groups[usable.index]
    weight_sums = weights.groupby(within).sum()
    means = (usable["fill_pct"] * weights).groupby(within).sum() / weight_sums
    return means[weight_sums != 0]


def summary_display_frame(summary: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """`summarise_provinces` as text in `lang`: translated headers, numbers written the way
    the language writes them, unknown as '—'."""
    counts = ["zones", *KINDS, "in_kkt", *STATUSES, "area_unknown", "fill_zones"]
    labels = {
        by: t("province", lang),
        "zones": t("zones", lang),
        "in_kkt": t("in_kkt", lang),
        "area_unknown": t("area_unknown", lang),
        "fill_zones": t("fill_zones", lang),
        "area_ha": t("area_ha", lang),
        "leasable_ha": t("leasable_ha", lang),
        "fill_pct": t("fill_pct", lang),
        **{kind: kind for kind in KINDS},
        **{status: t(f"status.{status}", lang) for status in STATUSES},
    }
    shown = pd.DataFrame({by: summary[by]})
    for column in summary.columns.drop(by):
        if column in counts:
            shown[column] = [format_count(v, lang) for v in summary[column]]
        else:
            shown[column] = [format_number(v, lang, decimals=1) for v in summary[column]]
    return shown.rename(columns=labels)
