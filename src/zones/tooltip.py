"""What a zone's tooltip says, on both maps: one spec, read by two renderers.

`tooltip_spec` is the single source of the tooltip's lines, their order, the words and the
text for an unknown value; `tooltip_values` formats the numbers (per language, unknown → "").
The 3-D view renders the spec here (`tooltip_lines`, plain text); the Leaflet map sends the spec
once and renders it in the browser with `TOOLTIP_JS` from the values already in its compact zone
rows, so the per-zone payload does not grow. Both renderers follow the same rule, written twice
only because one runs in Python and one in JavaScript; tests run both over the same zones.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from zones.formatting import format_area, format_pct
from zones.i18n import t
from zones.schema import KINDS, STATUSES

if TYPE_CHECKING:
    import pandas as pd

TOOLTIP_FIELDS = ("name", "kind", "status", "area", "fill")
"""The values a tooltip reads. kind and status are codes (indexes into KINDS and STATUSES);
area and fill are formatted text, "" when unknown."""

CODED_FIELDS = {"kind": ("kind", KINDS), "status": ("status", STATUSES)}
"""Fields sent as codes: (catalogue key prefix, the codes' order)."""


def tooltip_spec(lang: str, markup: bool = False) -> dict:
    """The tooltip in `lang`: lines of parts, a part being literal text or `[field]`.

    With `markup`, every literal text is HTML-escaped (the browser inserts the result as HTML;
    the values it reads are escaped on the server too).
    """
    def text(key: str) -> str:
        words = t(key, lang)
        return html.escape(words, quote=True) if markup else words

    return {
        "lines": [
            [["name"]],
            [["kind"], " · ", ["status"]],
            # The values carry their unit, so the unit-free words ('Diện tích', not '… (ha)').
            [text("color_by.area") + ": ", ["area"], " · " + text("color_by.fill") + ": ",
             ["fill"]],
        ],
        "choices": {field: [text(f"{prefix}.{code}") for code in codes]
                    for field, (prefix, codes) in CODED_FIELDS.items()},
        "unknown": text("unknown"),
    }


def tooltip_lines(spec: Mapping, values: Mapping[str, object]) -> list[str]:
    """The spec's lines for one zone's values (`TOOLTIP_JS` does the same in the browser)."""
    return ["".join(_part(spec, part, values) for part in line) for line in spec["lines"]]


def _part(spec: Mapping, part: str | list, values: Mapping[str, object]) -> str:
    if isinstance(part, str):
        return part
    field = part[0]
    value = values.get(field)
    choices = spec["choices"].get(field)
    if choices is not None:
        known = isinstance(value, int) and 0 <= value < len(choices)
        return choices[value] if known else spec["unknown"]
    return spec["unknown"] if value is None or value == "" else str(value)


TOOLTIP_JS = """
function tooltipLines(spec, get) {
  return spec.lines.map(function (line) {
    return line.map(function (part) {
      if (typeof part === 'string') return part;
      var value = get(part[0]), choices = spec.choices[part[0]];
      if (choices) return choices[value] === undefined ? spec.unknown : choices[value];
      return value === null || value === undefined || value === '' ? spec.unknown :
        String(value);
    }).join('');
  });
}
"""
"""The browser's copy of `tooltip_lines`: `get(field)` reads a value from the zone's row."""


def tooltip_values(zones: pd.DataFrame, lang: str) -> dict[str, list]:
    """TOOLTIP_FIELDS column by column: names as text, kind and status as codes, area and fill
    formatted in `lang` ("" when unknown, which the spec shows as its unknown text)."""
    return {
        "name": [str(name) for name in zones["name"].tolist()],
        "kind": codes(zones["kind"].tolist(), KINDS),
        "status": codes(zones["status"].tolist(), STATUSES),
        "area": [format_area(v, lang, missing="") for v in zones["area_ha"].tolist()],
        "fill": [format_pct(v, lang, missing="") for v in zones["fill_pct"].tolist()],
    }


def codes(values: Iterable[object], order: Iterable[str]) -> list[int]:
    """Each value's index in `order`, -1 for a value not in it."""
    index = {code: i for i, code in enumerate(order)}
    return [index.get(value, -1) for value in values]  # type: ignore[arg-type]


def tooltip_texts(zones: pd.DataFrame, lang: str) -> list[str]:
    """Each zone's tooltip as plain text, lines separated by newlines (the 3-D view's)."""
    spec = tooltip_spec(lang)
    columns = tooltip_values(zones, lang)
    return ["\n".join(tooltip_lines(spec, dict(zip(TOOLTIP_FIELDS, row, strict=True))))
            for row in zip(*(columns[field] for field in TOOLTIP_FIELDS), strict=True)]
