"""Province summaries and target status, by old (pre-2025) or merged (post-2025) province.

Zones that lie inside an economic zone (KKT) are counted as zones but not added again to area
totals or to the area-weighted fill: the KKT's area already includes them.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

from zones.schema import KINDS, STATUSES

BY_CHOICES = ("province", "province_2025")
EQUAL_TOLERANCE = 0.005  # relative, for '='
ABOUT_TOLERANCE = 0.05  # relative, for '~'


class TargetStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    IN_PROGRESS = "in_progress"
    NO_DATA = "no_data"
    REPORTED = "reported"
    """A reported figure with no target to compare it with."""


def counted_in_totals(zones: pd.DataFrame) -> pd.Series:
    """False for zones whose area another row already holds: parks whose parent KKT is in the
    same table, and phases whose whole park is."""
    present = set(zones["zone_id"])
    return ~(zones["parent_id"].isin(present) | zones["phase_of"].isin(present))


def fill_weights(zones: pd.DataFrame) -> pd.Series:
    return zones["leasable_ha"].fillna(zones["area_ha"])


def weighted_fill(zones: pd.DataFrame) -> float | None:
    """Area-weighted fill over zones with a fill rate and an area (leasable land if known).

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
    usable, weights = usable[weights.notna()], weights[weights.notna()]
    if usable.empty or weights.sum() == 0:
        return None
    return float((usable["fill_pct"] * weights).sum() / weights.sum())


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


def _year(as_of: object) -> int | None:
    if isinstance(as_of, str) and len(as_of) >= 4 and as_of[:4].isdigit():
        return int(as_of[:4])
    return None


def compare(achieved: float, comparator: str, target: float) -> bool:
    if comparator == ">=":
        return achieved >= target
    if comparator == ">":
        return achieved > target
    if comparator == "<=":
        return achieved <= target
    tolerance = EQUAL_TOLERANCE if comparator == "=" else ABOUT_TOLERANCE
    return abs(achieved - target) <= tolerance * abs(target)


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def target_status(target: pd.Series | dict) -> TargetStatus:
    achieved = target.get("achieved_value")
    if _missing(target.get("target_value")):
        return TargetStatus.REPORTED
    if _missing(achieved):
        return TargetStatus.NO_DATA
    if compare(float(achieved), target["comparator"], float(target["target_value"])):
        return TargetStatus.MET
    as_of_year = _year(target.get("achieved_as_of"))
    if as_of_year is not None and as_of_year < int(target["target_year"]):
        return TargetStatus.IN_PROGRESS
    return TargetStatus.NOT_MET


def targets_with_status(
    targets: pd.DataFrame, provinces: pd.DataFrame, sources: pd.DataFrame
) -> pd.DataFrame:
    """Targets with their status, the merged province and the source document's title."""
    frame = targets.copy()
    frame["status"] = [str(target_status(row)) for _, row in frame.iterrows()]
    merged = dict(zip(provinces["province"], provinces["province_2025"], strict=True))
    frame["province_2025"] = frame["province"].map(merged)
    titles = dict(zip(sources["source_id"], sources["title"], strict=True))
    frame["source_title"] = frame["source_id"].map(titles)
    return frame
