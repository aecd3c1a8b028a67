"""Province summaries by old (pre-2025) or merged (post-2025) province (target status is in
zones.targets).

Zones that lie inside an economic zone (KKT) are counted as zones but not added again to area
totals or to the area-weighted fill: the KKT's area already includes them.
"""

from __future__ import annotations

import pandas as pd

from zones.formatting import format_count, format_number
from zones.i18n import t
from zones.schema import KINDS, STATUSES

BY_CHOICES = ("province", "province_2025")


def counted_in_totals(zones: pd.DataFrame) -> pd.Series:
    """False for zones whose area another row already holds: parks whose parent KKT is in the
    same table, and phases whose whole park is."""
    present = set(zones["zone_id"])
    return ~(zones["parent_id"].isin(present) | zones["phase_of"].isin(present))


def fill_weights(zones: pd.DataFrame) -> pd.Series:
    return zones["leasable_ha"].fillna(zones["area_ha"])


def fill_contributors(zones: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The zones whose fill rates make up an area-weighted fill, and their weights (leasable
    land if known, else the area): those with a fill rate and a weight.

    A park inside a KKT (or a phase of a park) is left out when the KKT (or the whole park) has
    a fill rate of its own, which includes it.
    """
    with_fill = zones[zones["fill_pct"].notna()]
    wholes_with_fill = set(with_fill["zone_id"])
    usable = with_fill[
        ~(
            with_fill["parent_id"].isin(wholes_with_fill)
            | with_fill["phase_of"].isin(wholes_with_fill)
        )
    ]
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


def summarise_group(zones: pd.DataFrame) -> dict[str, object]:
    counted = zones[counted_in_totals(zones)]
    row: dict[str, object] = {"zones": len(zones)}
    for kind in KINDS:
        row[kind] = int((zones["kind"] == kind).sum())
    present = set(zones["zone_id"])
    row["in_kkt"] = int(zones["parent_id"].isin(present).sum())
    for status in STATUSES:
        row[status] = int((zones["status"] == status).sum())
    row["area_ha"] = _sum_or_none(counted["area_ha"])
    row["leasable_ha"] = _sum_or_none(counted["leasable_ha"])
    row["area_unknown"] = int(zones["area_ha"].isna().sum())
    row["fill_pct"] = weighted_fill(zones)
    row["fill_zones"] = int(zones["fill_pct"].notna().sum())
    return row


def _sum_or_none(values: pd.Series) -> float | None:
    return float(values.sum()) if values.notna().any() else None


def summarise_provinces(zones: pd.DataFrame, by: str = "province") -> pd.DataFrame:
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {', '.join(BY_CHOICES)}, not {by!r}")
    rows = []
    for name, group in zones.groupby(by, sort=True):
        rows.append({by: name, **summarise_group(group)})
    columns = [
        by,
        "zones",
        *KINDS,
        "in_kkt",
        *STATUSES,
        "area_ha",
        "leasable_ha",
        "area_unknown",
        "fill_pct",
        "fill_zones",
    ]
    return pd.DataFrame(rows, columns=columns)


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
