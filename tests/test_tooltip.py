"""A zone's tooltip: one spec (zones.tooltip) in both languages, numbers per language, unknown
values, escaping for the Leaflet map, and the Leaflet payload carrying the spec once, not per
zone. tests/e2e/test_tooltip_browser.py runs the browser's renderer over the same zones."""

from __future__ import annotations

import html
import json

import pytest

from helpers import tooltip_zones
from zones.maps import ROW_FIELDS, map_labels, zone_rows
from zones.tooltip import TOOLTIP_FIELDS, tooltip_lines, tooltip_spec, tooltip_texts

EXPECTED = {
    "vi": [
        "KCN Phú Tài\nKhu công nghiệp · Đang hoạt động\n"
        "Diện tích: 345,5 ha · Tỷ lệ lấp đầy: 100%",
        "Khu kinh tế Nhơn Hội\nKhu kinh tế · Đã quy hoạch\n"
        "Diện tích: 14.308 ha · Tỷ lệ lấp đầy: chưa rõ",
        "CCN <b>Đá</b> & \"Sỏi\"\nCụm công nghiệp · Đình trệ\n"
        "Diện tích: chưa rõ · Tỷ lệ lấp đầy: 0%",
        "Khu 4\nCụm công nghiệp · Đang chuyển đổi\nDiện tích: 0,1 ha · Tỷ lệ lấp đầy: 12,3%",
    ],
    "en": [
        "KCN Phú Tài\nIndustrial park · Operating\nArea: 345.5 ha · Fill rate: 100%",
        "Khu kinh tế Nhơn Hội\nEconomic zone · Planned\nArea: 14,308 ha · Fill rate: unknown",
        "CCN <b>Đá</b> & \"Sỏi\"\nIndustrial cluster · Stalled\nArea: unknown · Fill rate: 0%",
        "Khu 4\nIndustrial cluster · Converting\nArea: 0.1 ha · Fill rate: 12.3%",
    ],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_tooltip_text_per_language_with_unknowns(lang: str) -> None:
    assert tooltip_texts(tooltip_zones(), lang) == EXPECTED[lang]


@pytest.mark.parametrize(("lang", "lines"), [
    ("vi", ["X", "chưa rõ · chưa rõ", "Diện tích: chưa rõ · Tỷ lệ lấp đầy: chưa rõ"]),
    ("en", ["X", "unknown · unknown", "Area: unknown · Fill rate: unknown"]),
])
def test_codes_outside_the_schema_and_missing_values_show_as_unknown(lang, lines) -> None:
    values = {"name": "X", "kind": -1, "status": 99, "area": "", "fill": None}
    assert tooltip_lines(tooltip_spec(lang), values) == lines


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_markup_spec_is_the_text_spec_escaped(lang: str) -> None:
    text, markup = tooltip_spec(lang), tooltip_spec(lang, markup=True)

    def escaped(node: object) -> object:
        if isinstance(node, str):
            return html.escape(node, quote=True)
        if isinstance(node, list) and len(node) == 1 and node[0] in TOOLTIP_FIELDS:
            return node  # a field reference stays a name
        if isinstance(node, list):
            return [escaped(item) for item in node]
        return {key: escaped(value) for key, value in node.items()}

    assert markup == escaped(text)


def test_every_field_the_spec_reads_is_in_the_map_rows() -> None:
    spec = tooltip_spec("vi")
    read = {part[0] for line in spec["lines"] for part in line if isinstance(part, list)}
    assert read == set(TOOLTIP_FIELDS) <= set(ROW_FIELDS)
    assert map_labels("vi")["columns"] == {field: ROW_FIELDS.index(field)
                                           for field in TOOLTIP_FIELDS}


def test_the_leaflet_rows_carry_values_and_the_words_come_once() -> None:
    """The map payload stays compact: each zone row holds codes and formatted numbers; the
    words of the tooltip are in the labels, sent once per map."""
    rows = zone_rows(tooltip_zones().iloc[:2], "vi", shapes=False)
    assert [len(row) for row in rows] == [len(ROW_FIELDS)] * 2
    payload = json.dumps(rows, ensure_ascii=False)
    assert "Khu công nghiệp" not in payload and "Diện tích" not in payload
    assert json.dumps(map_labels("vi"), ensure_ascii=False).count("Diện tích") == 1
    values = dict(zip(ROW_FIELDS, rows[0], strict=True))
    assert tooltip_lines(tooltip_spec("vi"), values) == EXPECTED["vi"][0].split("\n")
