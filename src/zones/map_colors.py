"""What a zone's colour on the map means: its status (default), its fill rate or its area.

Each scheme gives every zone a class (an index into the scheme's colours) and a legend that
lists the same colours with their meaning, so map and legend cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from zones.formatting import format_area, format_pct
from zones.i18n import t
from zones.schema import STATUSES

COLOR_BY = ("status", "fill", "area")
STATUS_COLORS = {
    "operating": "#1b7837",
    "under_construction": "#e08214",
    "planned": "#2166ac",
    "proposed": "#8073ac",
    "stalled": "#b2182b",
    "converting": "#6b6b6b",
}
UNKNOWN_COLOR = "#9e9e9e"
SEQUENTIAL = ("#fdd49e", "#fc8d59", "#d7301f", "#7f0000")
"""Light to dark, for fill and area classes."""
FILL_BREAKS = (25.0, 50.0, 75.0)
AREA_BREAKS = (100.0, 500.0, 1000.0)
_COLUMNS = {"fill": ("fill_pct", FILL_BREAKS), "area": ("area_ha", AREA_BREAKS)}


PROVINCE_FILL_BREAKS = (20.0, 40.0, 60.0, 80.0)
PROVINCE_FILL_COLORS = ("#fde0c5", "#facba6", "#f59e72", "#e8704c", "#c0412b")
"""Provinces by area-weighted fill rate (%), light to dark; paler than the zone colours so
zones stay readable on top. Provinces without a figure are left unfilled."""


def province_fill_color(fill: float | None) -> str | None:
    """The province choropleth's colour for an area-weighted fill rate; None when unknown."""
    if fill is None or fill != fill:
        return None
    return PROVINCE_FILL_COLORS[int(np.searchsorted(PROVINCE_FILL_BREAKS, fill, side="right"))]


def province_fill_legend(lang: str) -> list[tuple[str | None, str]]:
    """(colour, meaning) for each choropleth class, then (None, 'no figure')."""
    labels = _range_labels([format_pct(b, lang, decimals=0) for b in PROVINCE_FILL_BREAKS], lang)
    return [*zip(PROVINCE_FILL_COLORS, labels, strict=True), (None, t("legend.no_figure", lang))]


def palette(color_by: str) -> list[str]:
    """The scheme's colours; the last one is for zones whose value is unknown."""
    _check(color_by)
    if color_by == "status":
        return [*(STATUS_COLORS[s] for s in STATUSES), UNKNOWN_COLOR]
    return [*SEQUENTIAL, UNKNOWN_COLOR]


def color_classes(zones: pd.DataFrame, color_by: str) -> np.ndarray:
    """Each zone's index into `palette(color_by)`."""
    _check(color_by)
    unknown = len(palette(color_by)) - 1
    if color_by == "status":
        codes = pd.Categorical(zones["status"], categories=list(STATUSES)).codes
        return np.where(codes < 0, unknown, codes).astype(int)
    column, breaks = _COLUMNS[color_by]
    values = pd.to_numeric(zones[column], errors="coerce").to_numpy(dtype=float)
    classes = np.searchsorted(np.asarray(breaks), values, side="right")
    return np.where(np.isnan(values), unknown, classes).astype(int)


def legend_entries(color_by: str, lang: str) -> list[tuple[str, str]]:
    """(colour, plain-text meaning) for each colour of the scheme, in palette order."""
    colors = palette(color_by)
    if color_by == "status":
        labels = [t(f"status.{s}", lang) for s in STATUSES]
    else:
        fmt = format_pct if color_by == "fill" else format_area
        labels = _range_labels([fmt(b, lang, decimals=0) for b in _COLUMNS[color_by][1]], lang)
    return list(zip(colors, [*labels, t("unknown", lang)], strict=True))


def _range_labels(breaks: Sequence[str], lang: str) -> list[str]:
    first = t("legend.below", lang, value=breaks[0])
    middle = [t("legend.range", lang, low=low, high=high)
              for low, high in pairwise(breaks)]
    return [first, *middle, t("legend.at_least", lang, value=breaks[-1])]


def _check(color_by: str) -> None:
    if color_by not in COLOR_BY:
        raise ValueError(f"color_by must be one of {', '.join(COLOR_BY)}")
