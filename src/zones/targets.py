"""Targets against achievement as of a date.

Two kinds of "achieved" are kept apart and never mixed:

- the figure the province reported (targets.csv `achieved_value`), which alone decides a
  target's status;
- the figure computed from our zone rows (area-weighted fill rate), shown with its coverage
  ("from 1 of 3 KCN with a fill figure, 150 of 601.5 ha"), because the zone table rarely holds
  every park of a province.

Every status comes with the figure, the date and the source behind it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd

from zones.filters import resolve_provinces
from zones.formatting import format_count, format_date, format_number, is_missing
from zones.i18n import Message, metric_label, t
from zones.schema import SCOPE_KINDS
from zones.store import Dataset
from zones.summary import counted_in_totals, fill_contributors, weighted_mean

EQUAL_TOLERANCE = 0.005  # relative, for '='
ABOUT_TOLERANCE = 0.05  # relative, for '~'

COMPARATOR_SIGNS = {">=": "≥", ">": ">", "=": "=", "~": "≈", "<=": "≤"}
UNIT_DECIMALS = {"%": 2, "ha": 2, "count": 0, "million_usd": 0, "billion_usd": 1,
                 "billion_vnd": 0}
MATRIX_COLUMN_PX = 160
MATRIX_INDEX_PX = 250
MATRIX_ROW_PX = 35
"""The matrix's fixed layout in pixels (Streamlit's row height): the page shows every row
without scrolling, and a cell sits where the browser test clicks or taps it."""
ZONE_COMPUTED_METRICS = ("fill_rate",)
COVERAGE_TEXT_KEYS = ("targets.coverage", "targets.coverage_short")
"""Coverage sentence, long (tables) and short (chart labels)."""
"""Metrics our zone rows can compute a figure for."""


class TargetStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    """The reported figure at or after the deadline is below target."""
    DEADLINE_PASSED = "deadline_passed"
    """The deadline has passed and the last figure, from before it, is below target."""
    ON_TRACK = "on_track"
    """Not due yet; the last figure is below target so far."""
    NOT_YET_DUE = "not_yet_due"
    """Not due yet and nothing reported."""
    NO_DATA = "no_data"
    """The deadline has passed and nothing was reported."""
    REPORTED = "reported"
    """A reported figure with no target to compare it with."""


STATUS_ORDER = tuple(TargetStatus)
STATUS_COLOURS = {
    TargetStatus.MET: "#1a9850",
    TargetStatus.NOT_MET: "#d73027",
    TargetStatus.DEADLINE_PASSED: "#f46d43",
    TargetStatus.ON_TRACK: "#91bfdb",
    TargetStatus.NOT_YET_DUE: "#d9d9d9",
    TargetStatus.NO_DATA: "#bdbdbd",
    TargetStatus.REPORTED: "#fee090",
}
"""Fill colour per status (matrix cells, chart legend); text always says the status too."""
STATUS_TEXT_COLOURS = {
    TargetStatus.MET: "#ffffff",
    TargetStatus.NOT_MET: "#ffffff",
}
"""Text colour on the status fill where black would not read; black otherwise."""


@dataclass(frozen=True)
class Figure:
    """A figure the province reported, with its date and source."""

    value: float
    as_of: str | None
    source_id: str
    source_title: str | None


@dataclass(frozen=True)
class Contribution:
    """One zone row behind a computed figure."""

    zone_id: str
    name: str
    value: float
    area_ha: float
    as_of: str | None
    source_id: str | None


@dataclass(frozen=True)
class ZoneFigure:
    """A figure computed from our zone rows, with how much of the scope it covers."""

    value: float | None
    kinds: tuple[str, ...]
    zones_used: int
    zones_total: int
    area_used: float
    area_total: float | None
    contributions: tuple[Contribution, ...] = ()

    @property
    def as_of(self) -> str | None:
        """The newest date among the rows used (a mix of dates is the norm)."""
        dates = [c.as_of for c in self.contributions if c.as_of]
        return max(dates) if dates else None

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.source_id for c in self.contributions if c.source_id))

    def coverage(self, short: bool = False) -> Message:
        kinds = "+".join(self.kinds)
        if self.zones_total == 0:
            return Message("targets.coverage_empty", {"kinds": kinds})
        if self.value is None:
            return Message("targets.coverage_none", {"total": self.zones_total, "kinds": kinds})
        return Message(
            COVERAGE_TEXT_KEYS[short],
            {
                "n": self.zones_used,
                "total": self.zones_total,
                "kinds": kinds,
                "area_used": self.area_used,
                "area_total": self.area_total if self.area_total is not None else "—",
            },
        )


@dataclass(frozen=True)
class Assessment:
    target_id: str
    province: str
    province_2025: str | None
    scope: str
    metric: str
    comparator: str | None
    target_value: float | None
    unit: str
    target_year: int | None
    status: TargetStatus
    reported: Figure | None
    computed: ZoneFigure | None
    source_id: str
    source_title: str | None
    note: str | None = None
    as_of: dt.date = field(default_factory=dt.date.today)

    @property
    def has_target(self) -> bool:
        return self.target_value is not None

    @property
    def due(self) -> dt.date | None:
        return due_date(self.target_year) if self.target_year is not None else None


def compare(achieved: float, comparator: str, target: float) -> bool:
    if comparator == ">=":
        return achieved >= target
    if comparator == ">":
        return achieved > target
    if comparator == "<=":
        return achieved <= target
    tolerance = EQUAL_TOLERANCE if comparator == "=" else ABOUT_TOLERANCE
    return abs(achieved - target) <= tolerance * abs(target)


def due_date(year: int) -> dt.date:
    """A target 'by 2025' is due at the end of 2025."""
    return dt.date(int(year), 12, 31)


def period_end(as_of: object) -> dt.date | None:
    """The last day a reported date can mean: '2020' → 31 Dec 2020, '2025-02' → 28 Feb 2025."""
    if is_missing(as_of) or not str(as_of).strip():
        return None
    text = str(as_of).strip()
    try:
        if len(text) == 4:
            return dt.date(int(text), 12, 31)
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def parse_as_of(text: str | None) -> dt.date:
    """The assessment date: YYYY-MM-DD, or today when not given."""
    if not text:
        return dt.date.today()
    return dt.date.fromisoformat(text)


def status_of(
    comparator: object,
    target_value: object,
    target_year: object,
    achieved: object,
    achieved_as_of: object,
    as_of: dt.date,
) -> TargetStatus:
    """Status of one target on `as_of`, from the province-reported figure only.

    A figure dated after `as_of` was not known yet and is ignored.
    """
    if is_missing(target_value):
        return TargetStatus.REPORTED
    due = due_date(int(target_year))  # type: ignore[arg-type]
    known_from = period_end(achieved_as_of)
    if is_missing(achieved) or (known_from is not None and known_from > as_of):
        return TargetStatus.NO_DATA if as_of > due else TargetStatus.NOT_YET_DUE
    if compare(float(achieved), str(comparator), float(target_value)):  # type: ignore[arg-type]
        return TargetStatus.MET
    if known_from is not None and known_from >= due:
        return TargetStatus.NOT_MET
    return TargetStatus.DEADLINE_PASSED if as_of > due else TargetStatus.ON_TRACK


def zones_in_scope(zones: pd.DataFrame, province: str, scope: str) -> pd.DataFrame:
    in_province = zones[zones["province"] == province]
    kinds = SCOPE_KINDS.get(scope)
    if kinds is None:
        return in_province[
            (in_province["zone_id"] == scope) | (in_province["phase_of"] == scope)
        ]
    return in_province[in_province["kind"].isin(kinds)]


def zone_fill(zones: pd.DataFrame, kinds: tuple[str, ...]) -> ZoneFigure:
    """Area-weighted fill over the given zones, with its coverage.

    A row is left out when its whole park (or parent KKT) has a fill rate of its own; a park
    counts as covered when it or one of its phases gives a figure.
    """
    usable, weights = fill_contributors(zones)
    value = weighted_mean(usable["fill_pct"], weights)
    contributions = tuple(
        Contribution(
            zone_id=str(row["zone_id"]),
            name=str(row["name"]),
            value=float(row["fill_pct"]),
            area_ha=float(row["area_ha"]) if pd.notna(row["area_ha"]) else float(weight),
            as_of=_text(row["fill_as_of"]),
            source_id=_text(row["fill_source_id"]),
        )
        for (_, row), weight in zip(usable.iterrows(), weights, strict=True)
    )
    present = set(zones["zone_id"])
    units = zones[~zones["phase_of"].isin(present)]
    covered = {
        str(row["phase_of"]) if row["phase_of"] in present else str(row["zone_id"])
        for _, row in usable.iterrows()
    }
    counted_areas = zones.loc[counted_in_totals(zones), "area_ha"]
    return ZoneFigure(
        value=value,
        kinds=kinds,
        zones_used=len(covered),
        zones_total=len(units),
        area_used=sum(c.area_ha for c in contributions),
        area_total=float(counted_areas.sum()) if counted_areas.notna().any() else None,
        contributions=contributions,
    )


def _text(value: object) -> str | None:
    return None if is_missing(value) or value == "" else str(value)


def _number(value: object) -> float | None:
    return None if is_missing(value) else float(value)  # type: ignore[arg-type]


def computed_figure(zones: pd.DataFrame, target: pd.Series) -> ZoneFigure | None:
    if target["metric"] not in ZONE_COMPUTED_METRICS:
        return None
    scoped = zones_in_scope(zones, target["province"], target["scope"])
    kinds = SCOPE_KINDS.get(target["scope"], tuple(dict.fromkeys(scoped["kind"])))
    return zone_fill(scoped, kinds)


def assess_targets(
    dataset: Dataset,
    as_of: dt.date | None = None,
    provinces: Iterable[str] | None = None,
) -> list[Assessment]:
    """Every target and reported figure, optionally of some provinces (old or merged names)."""
    as_of = as_of or dt.date.today()
    targets = dataset.targets
    if provinces is not None:
        old_names = resolve_provinces(list(provinces), dataset.provinces)
        targets = targets[targets["province"].isin(old_names)]
    merged = dict(zip(dataset.provinces["province"], dataset.provinces["province_2025"],
                      strict=True))
    titles = source_titles(dataset)
    return [_assess(row, as_of, dataset.zones, merged, titles) for _, row in targets.iterrows()]


def source_titles(dataset: Dataset) -> dict[str, str]:
    titles = {}
    for _, row in dataset.sources.iterrows():
        title = str(row["title"])
        if isinstance(row["document_number"], str) and row["document_number"]:
            title = f"{title} ({row['document_number']})"
        titles[str(row["source_id"])] = title
    return titles


def _assess(
    row: pd.Series,
    as_of: dt.date,
    zones: pd.DataFrame,
    merged: dict[str, str],
    titles: dict[str, str],
) -> Assessment:
    source_id = str(row["source_id"])
    reported = None
    if not is_missing(row["achieved_value"]):
        reported = Figure(
            value=float(row["achieved_value"]),
            as_of=_text(row["achieved_as_of"]),
            source_id=source_id,
            source_title=titles.get(source_id),
        )
    status = status_of(row["comparator"], row["target_value"], row["target_year"],
                       row["achieved_value"], row["achieved_as_of"], as_of)
    if reported is not None and status in (TargetStatus.NO_DATA, TargetStatus.NOT_YET_DUE):
        reported = None  # dated after as_of: not known yet on that day
    return Assessment(
        target_id=str(row["target_id"]),
        province=str(row["province"]),
        province_2025=merged.get(str(row["province"])),
        scope=str(row["scope"]),
        metric=str(row["metric"]),
        comparator=_text(row["comparator"]),
        target_value=_number(row["target_value"]),
        unit=str(row["unit"]),
        target_year=None if is_missing(row["target_year"]) else int(row["target_year"]),
        status=status,
        reported=reported,
        computed=computed_figure(zones, row),
        source_id=source_id,
        source_title=titles.get(source_id),
        note=_text(row["note"]),
        as_of=as_of,
    )


# --- presentation as plain tables (text in the reader's language) ---


def format_value(value: object, unit: str, lang: str) -> str:
    """A target or achieved value with its unit, the way `lang` writes it."""
    if is_missing(value):
        return t("unknown", lang)
    decimals = UNIT_DECIMALS.get(unit, 2)
    if unit == "count":
        return format_count(value, lang)
    if unit == "%":
        return format_number(value, lang, decimals=decimals, unit="%")
    return format_number(value, lang, decimals=decimals, unit=t(f"unit.{unit}", lang))


def target_text(assessment: Assessment, lang: str) -> str:
    if not assessment.has_target:
        return t("targets.no_target", lang)
    sign = COMPARATOR_SIGNS.get(assessment.comparator or "", assessment.comparator or "")
    return f"{sign} {format_value(assessment.target_value, assessment.unit, lang)}"


def scope_text(scope: str, zone_names: dict[str, str]) -> str:
    return zone_names.get(scope, scope.replace("+", " + "))


def target_label(assessment: Assessment, lang: str, zone_names: dict[str, str],
                 province: str | None = None) -> str:
    """Full label: province · scope · metric · year (the year only for a target)."""
    parts = [
        province or assessment.province,
        scope_text(assessment.scope, zone_names),
        metric_label(assessment.metric, lang),
    ]
    if assessment.target_year is not None:
        parts.append(str(assessment.target_year))
    elif assessment.reported is not None and assessment.reported.as_of:
        parts.append(format_date(assessment.reported.as_of, lang))
    return " · ".join(parts)


def figure_text(figure: Figure | None, unit: str, lang: str) -> str:
    if figure is None:
        return t("targets.nothing_reported", lang)
    return format_value(figure.value, unit, lang)


def computed_text(assessment: Assessment, lang: str) -> str:
    computed = assessment.computed
    if computed is None:
        return t("targets.not_computable", lang)
    coverage = computed.coverage().text(lang)
    if computed.value is None:
        return coverage
    return f"{format_value(computed.value, assessment.unit, lang)} ({coverage})"


def status_text(assessment: Assessment, lang: str) -> str:
    """The status with the number behind it, e.g. 'Not met: 46.77% (24 Jun 2024) vs ≥ 80%'."""
    label = t(f"target.{assessment.status}", lang)
    reported = assessment.reported
    if reported is None:
        return label  # the label says nothing was reported
    figure = format_value(reported.value, assessment.unit, lang)
    if reported.as_of:
        figure = f"{figure} ({format_date(reported.as_of, lang)})"
    if not assessment.has_target:
        return f"{label}: {figure}"
    return f"{label}: {figure} {t('targets.versus', lang)} {target_text(assessment, lang)}"


DETAIL_COLUMNS = (
    "target_id", "label", "target", "status", "status_text", "reported", "reported_as_of",
    "reported_source", "computed", "computed_as_of", "computed_sources", "note",
)


def detail_frame(assessments: list[Assessment], lang: str,
                 zone_names: dict[str, str]) -> pd.DataFrame:
    """One row per target, every cell text in `lang` (numbers already formatted)."""
    rows = []
    for a in assessments:
        computed = a.computed
        rows.append({
            "target_id": a.target_id,
            "label": target_label(a, lang, zone_names),
            "target": target_text(a, lang),
            "status": t(f"target.{a.status}", lang),
            "status_text": status_text(a, lang),
            "reported": figure_text(a.reported, a.unit, lang),
            "reported_as_of": format_date(a.reported.as_of if a.reported else None, lang),
            "reported_source": a.source_title or a.source_id,
            "computed": computed_text(a, lang),
            "computed_as_of": format_date(computed.as_of if computed else None, lang),
            "computed_sources": "; ".join(computed.source_ids) if computed else "",
            "note": a.note or "",
        })
    return pd.DataFrame(rows, columns=list(DETAIL_COLUMNS))


def matrix_column(assessment: Assessment, lang: str, zone_names: dict[str, str]) -> str:
    """A matrix column: scope · metric · year, shared by the provinces that set it."""
    return " · ".join([scope_text(assessment.scope, zone_names),
                       metric_label(assessment.metric, lang), str(assessment.target_year)])


def province_row_label(assessments: list[Assessment], by: str) -> dict[str, str]:
    """Row label per province: the old name, or the merged name with the old one(s)."""
    labels: dict[str, list[str]] = {}
    for a in assessments:
        key = a.province if by == "province" else (a.province_2025 or a.province)
        olds = labels.setdefault(key, [])
        if a.province not in olds:
            olds.append(a.province)
    if by == "province":
        return {key: key for key in labels}
    return {key: key if olds == [key] else f"{key} ({', '.join(olds)})"
            for key, olds in labels.items()}


@dataclass(frozen=True)
class Matrix:
    """Targets (rows: scope · metric · year) × provinces (columns): `text` shows the short
    status and figure, `status` the status key, and `target_ids` which target each cell stands
    for (empty where a province set none). Targets run down, so their long labels stay
    readable and the few provinces fit across a phone."""

    text: pd.DataFrame
    status: pd.DataFrame
    target_ids: pd.DataFrame


def status_matrix(assessments: list[Assessment], by: str, lang: str,
                  zone_names: dict[str, str]) -> Matrix:
    targets = [a for a in assessments if a.has_target]
    row_labels = province_row_label(targets, by)
    ordered = sorted(targets, key=lambda a: (a.metric, a.scope, a.target_year or 0))
    columns = list(dict.fromkeys(matrix_column(a, lang, zone_names) for a in ordered))
    rows = sorted(set(row_labels.values()))
    text = pd.DataFrame("", index=rows, columns=columns, dtype=object)
    status = pd.DataFrame("", index=rows, columns=columns, dtype=object)
    ids = pd.DataFrame("", index=rows, columns=columns, dtype=object)
    for a in ordered:
        key = a.province if by == "province" else (a.province_2025 or a.province)
        row, column = row_labels[key], matrix_column(a, lang, zone_names)
        cell = _matrix_cell(a, lang)
        if ids.at[row, column]:  # two old provinces of one merged province set the same
            cell = f"{text.at[row, column]}; {cell}"
            ids.at[row, column] = f"{ids.at[row, column]};{a.target_id}"
        else:
            ids.at[row, column] = a.target_id
        text.at[row, column] = cell
        status.at[row, column] = str(a.status)
    return Matrix(text=text.T, status=status.T, target_ids=ids.T)


def _matrix_cell(assessment: Assessment, lang: str) -> str:
    label = t(f"target_short.{assessment.status}", lang)
    if assessment.reported is None:
        return label
    return f"{label} · {format_value(assessment.reported.value, assessment.unit, lang)}"


CHART_COLUMNS = ("label", "series", "value", "unit", "status", "as_of", "text")


def chart_frame(assessments: list[Assessment], lang: str,
                zone_names: dict[str, str]) -> pd.DataFrame:
    """Long table for a grouped bar chart of the %-targets: target, reported figure and
    zone-data figure per target, each bar with its full label. The same numbers as the table."""
    rows = []
    for a in assessments:
        if a.unit != "%" or not a.has_target:
            continue
        label = target_label(a, lang, zone_names)
        rows.append(_bar(label, t("targets.series.target", lang), a.target_value, a,
                         str(a.target_year), lang))
        if a.reported is not None:
            rows.append(_bar(label, t("targets.series.reported", lang), a.reported.value, a,
                             format_date(a.reported.as_of, lang), lang))
        if a.computed is not None and a.computed.value is not None:
            series = t("targets.series.computed", lang)
            rows.append(_bar(label, series, a.computed.value, a,
                             format_date(a.computed.as_of, lang), lang,
                             f"{series} ({a.computed.coverage(short=True).text(lang)})"))
    return pd.DataFrame(rows, columns=list(CHART_COLUMNS))


def _bar(label: str, series: str, value: float | None, a: Assessment, as_of: str, lang: str,
         shown_series: str | None = None) -> dict:
    """One bar; `text` is written above it on two lines: the full label, then the series
    (with the coverage for a computed figure) and the value."""
    value_text = format_value(value, a.unit, lang)
    return {"label": label, "series": series, "value": value, "unit": a.unit,
            "status": str(a.status), "as_of": as_of,
            "text": f"{label}\n{shown_series or series}: {value_text}"}


# --- machine-readable rows (CLI json/csv) ---


def assessment_record(a: Assessment) -> dict[str, object]:
    computed = a.computed
    return {
        "target_id": a.target_id,
        "province": a.province,
        "province_2025": a.province_2025,
        "scope": a.scope,
        "metric": a.metric,
        "comparator": a.comparator,
        "target_value": a.target_value,
        "unit": a.unit,
        "target_year": a.target_year,
        "as_of": a.as_of.isoformat(),
        "status": str(a.status),
        "reported_value": a.reported.value if a.reported else None,
        "reported_as_of": a.reported.as_of if a.reported else None,
        "reported_source_id": a.reported.source_id if a.reported else None,
        "zone_value": computed.value if computed else None,
        "zone_as_of": computed.as_of if computed else None,
        "zone_zones_used": computed.zones_used if computed else None,
        "zone_zones_total": computed.zones_total if computed else None,
        "zone_area_used_ha": computed.area_used if computed else None,
        "zone_area_total_ha": computed.area_total if computed else None,
        "zone_source_ids": ";".join(computed.source_ids) if computed else None,
        "source_id": a.source_id,
    }
