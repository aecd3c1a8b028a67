"""The app in the reader's language: labelled tables, numbers written per language, curation
notes apart from the facts, and no English sentence of ours in a Vietnamese session."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_app import app, captions, open_page
from test_app_edit import accounts, sign_in  # noqa: F401 — accounts is a fixture

from helpers import ROOT, ZONE_ROWS, make_data_dir, shown_table
from zones.i18n import _TEXT, metric_label
from zones.schema import COLUMN_LABELS, TABLES
from zones.store import load_dataset

STREAMLIT_OWN_TEXTS = (
    # Texts Streamlit's browser code writes itself, in English, with no parameter to change
    # them. AppTest does not see them (they are not in the element protos), so they cannot
    # show up below; they are listed here because a Vietnamese reader does see them.
    "Press Enter to apply",  # under a text input while typing
    "No results",  # a select box or multiselect whose search matches nothing
    "You can only select up to 4 options. Remove an option first.",  # compare multiselect
    "Drag and drop file here", "Limit 200MB per file", "Browse files",  # file uploader
    "Download as CSV", "Search", "Fullscreen", "Close fullscreen",  # data frame toolbar
    "Add row", "Delete row(s)",  # data editor toolbar
    "Running...", "Stop", "Rerun",  # status widget while a script runs
    "View more", "View less",  # long page navigation in the sidebar
    "Connecting", "Please wait...",  # connection status
    "Skip to main content",  # keyboard users' skip link (hidden until focused)
)
"""Streamlit's own widget texts (see the test below and the README)."""

RAW_VALUES = re.compile(r"\b(None|nan|NaN|NaT|<NA>)\b")
COLUMN_ID = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")


def english_phrases() -> list[re.Pattern[str]]:
    """Every English text of ours that differs from its Vietnamese counterpart: catalogue
    entries (each plural form, split at their placeholders), metric and column labels."""
    pairs = list(_TEXT.values()) + list(COLUMN_LABELS.values())
    pairs += [(metric_label(m, "vi"), metric_label(m, "en")) for m in _metrics()]
    phrases = set()
    for vi, en in pairs:
        if vi == en:
            continue
        for form in en.split("|"):
            for fragment in re.split(r"\{[^}]*\}", form):
                fragment = fragment.strip(" :.,·()—–-")
                if len(fragment) >= 3 and fragment not in vi:
                    phrases.add(fragment)
    return [re.compile(rf"(?<![\w]){re.escape(p)}(?![\w])") for p in sorted(phrases)]


def _metrics() -> list[str]:
    return sorted(set(load_dataset(ROOT / "data").targets["metric"]))


def shown_texts(at: AppTest) -> list[str]:
    """What a reader sees of every element AppTest knows: texts, labels, options, table
    headers and cells (custom components such as the folium map are not included)."""
    texts: list[str] = []
    for node in at._tree:
        # a choice widget's value is the option itself; what is shown of it is in its options
        choice = node.type in ("radio", "selectbox", "multiselect", "select_slider")
        for attribute in ("label", "placeholder", "help", "options", "body",
                          *(() if choice else ("value",))):
            try:
                value = getattr(node, attribute, None)
            except Exception:
                continue
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                texts.extend(value)
            elif isinstance(value, pd.DataFrame) and node.type == "table":
                shown = shown_table(value)  # Markdown cells, read as the page shows them
                texts.extend(str(c) for c in shown.columns)
                texts.extend(str(i) for i in shown.index if not isinstance(i, int))
                texts.extend(str(v) for v in shown.to_numpy().ravel())
            elif isinstance(value, pd.DataFrame):
                texts.extend(table_headers(node))
                texts.extend(str(i) for i in value.index if not isinstance(i, int))
                texts.extend(str(v) for v in value.astype(str).to_numpy().ravel())
    return [text for text in texts if text]


def table_headers(node) -> list[str]:
    """A data frame's column headers as shown: the column_config label where one is set."""
    config = json.loads(node.proto.columns or "{}")
    return [str(config.get(str(c), {}).get("label") or c) for c in node.value.columns
            if not config.get(str(c), {}).get("hidden")]


ENGLISH_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d{1,2})(?![\w.,])")
"""45,332.5 or 6.9: English grouping or an English decimal point (Vietnamese: 45.332,5)."""


def without_column_id(text: str) -> str:
    """'Ghi chú · note' → 'Ghi chú': the Edit grid shows each column id beside its label."""
    label, _, column = text.rpartition(" · ")
    return label if label and column in COLUMN_LABELS else text


def data_with_notes(tmp_path: Path) -> Path:
    rows = [dict(r) for r in ZONE_ROWS]
    rows[0]["notes"] = "Kept 14308 ha, the decision's figure, since the news page rounds it."
    rows[0]["developer"] = ""
    return make_data_dir(tmp_path, rows)


SESSIONS = [
    # (page, query) — each page as a reader would open it, with something to show
    ("map_page", {"zone": "kkt-nhon-hoi"}),
    ("deck_page", {}),
    ("provinces_page", {}),
    ("zone_page", {"zone": "kkt-nhon-hoi"}),
    ("compare_page", {"compare": ["kkt-nhon-hoi", "ccn-luong-son"]}),
    ("data_page", {}),
    ("edit_page", {}),  # signed in as staff
]
CODES = ({v for table in TABLES for c in table.columns for v in c.allowed}
         | {table.filename for table in TABLES} | set(COLUMN_LABELS))
"""Codes staff type into the files (status 'unknown', 'zones.csv', column ids): not English."""


@pytest.mark.parametrize(("page", "params"), SESSIONS)
def test_a_vietnamese_session_shows_no_english_of_ours(tmp_path: Path, monkeypatch, page,
                                                       params) -> None:
    at = app(data_with_notes(tmp_path), monkeypatch, **params).run()
    if page == "edit_page":
        at = sign_in(at, "lan")
    open_page(at, page)
    assert not at.exception, [e.value for e in at.exception]
    texts = shown_texts(at)
    data_words = {"Kept 14308 ha, the decision's figure, since the news page rounds it.",
                  "News page"}  # from the data, shown as written
    ours = [without_column_id(text) for text in texts
            if text not in data_words and text not in CODES]
    english = [(p.pattern, text) for text in ours for p in english_phrases() if p.search(text)]
    assert english == []
    headers = [h for df in at.dataframe for h in table_headers(df)]
    assert [h for h in headers if COLUMN_ID.match(h)] == []
    if page in NUMBERS_CHECKED:
        assert [text for text in ours if RAW_VALUES.search(text)] == []
        assert [text for text in ours if ENGLISH_NUMBER.search(text)] == []


NUMBERS_CHECKED = {"map_page", "zone_page", "compare_page", "data_page"}
"""Pages whose figures are all written by zones.formatting, unknown ones as "—" (the provinces
page's tables hold typed numbers, formatted and their gaps shown by the browser)."""


def test_the_english_detector_finds_english(tmp_path: Path, monkeypatch) -> None:
    """The same check on an English session does find English: the test can fail."""
    at = app(data_with_notes(tmp_path), monkeypatch, lang="en", zone="kkt-nhon-hoi").run()
    open_page(at, "zone_page")
    texts = " ".join(shown_texts(at))
    found = {p.pattern for p in english_phrases() if p.search(texts)}
    assert len(found) >= 10


@pytest.mark.parametrize(
    ("lang", "area", "count", "range_text", "notes_label"),
    [
        ("vi", "14.308 ha", "1 khu", "0 ha – 14.308 ha", "Ghi chú dữ liệu"),
        ("en", "14,308 ha", "1 zone", "0 ha – 14,308 ha", "Data notes"),
    ],
)
def test_numbers_and_labels_in_the_readers_language(tmp_path: Path, monkeypatch, lang, area,
                                                    count, range_text, notes_label) -> None:
    at = app(data_with_notes(tmp_path), monkeypatch, lang=lang, zone="kkt-nhon-hoi").run()
    assert range_text in captions(at)  # beside the area slider, whose own labels are integers
    open_page(at, "zone_page")
    facts = shown_table(at.table[0].value)
    assert area in set(facts.iloc[:, 1])
    markdown = [m.value for m in at.markdown]
    assert f"**{notes_label}**" in markdown
    # the curation note is a labelled section of its own, not one of the facts
    assert "Kept 14308 ha" in " ".join(t.value for t in at.text)
    assert not any("Kept 14308" in str(v) for v in facts.to_numpy().ravel())
    sources = at.dataframe[0].value
    assert "source_id" not in sources.columns and "url" not in sources.columns
    at = app(data_with_notes(tmp_path), monkeypatch, lang=lang, province="Hòa Bình").run()
    open_page(at, "data_page")
    assert count in captions(at)  # "1 zone", never "1 zones"
    table = at.dataframe[0].value
    assert {"fill_pct", "area_ha", "zone_id"} & set(table.columns) == set()


@pytest.mark.usefixtures("accounts")
@pytest.mark.parametrize(("lang", "header"), [("vi", "Tỷ lệ lấp đầy (%) · fill_pct"),
                                              ("en", "Fill rate (%) · fill_pct")])
def test_edit_grid_headers_are_labels_with_the_column_id(data_dir: Path, monkeypatch, lang,
                                                         header) -> None:
    at = sign_in(app(data_dir, monkeypatch).run(), "lan")
    if lang == "en":
        at.selectbox(key="lang").set_value("en").run()
    at.switch_page("ui/views/edit_page.py").run()
    assert not at.exception
    grid = table_headers(at.dataframe[0])
    assert header in grid and "fill_pct" not in grid
    assert grid[0] == ("Mã khu · zone_id" if lang == "vi" else "Zone id · zone_id")
    help_texts = json.loads(at.dataframe[0].proto.columns)["fill_pct"]["help"]
    assert help_texts.startswith("Tỷ lệ lấp đầy" if lang == "vi" else "Fill (occupancy) rate")


@pytest.mark.parametrize("script", sorted([*(ROOT / "ui" / "views").glob("*.py"), ROOT / "app.py"]),
                         ids=lambda p: p.name)
def test_no_page_shows_a_developer_note(script: Path) -> None:
    """Streamlit's magic writes any bare expression of a page script on the page, so a string
    after the module docstring (an attribute 'docstring') would be shown to readers, in English."""
    body = ast.parse(script.read_text(encoding="utf-8")).body
    shown = [node.lineno for node in body[1:]
             if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)]
    assert shown == []


UI_SCRIPTS = sorted([*(ROOT / "ui").rglob("*.py"), ROOT / "app.py"])


@pytest.mark.parametrize("script", UI_SCRIPTS, ids=lambda p: p.name)
def test_counts_reach_the_page_written_the_readers_way(script: Path) -> None:
    """`t()` fills in a number as Python writes it ("50000 khu"); `render()` writes it the
    way the reader's language does ("50.000 khu"). A page passing a count (`n=`) to `t()` was
    how the map's caption said "50000 khu"."""
    calls = [node for node in ast.walk(ast.parse(script.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
             and node.func.id == "t" and any(k.arg == "n" for k in node.keywords)]
    assert [node.lineno for node in calls] == []


def test_a_count_in_vietnamese_has_a_thousands_separator() -> None:
    from zones.i18n import render

    assert render("n_zones", "vi", n=50000) == "50.000 khu"
    assert render("n_zones", "en", n=50000) == "50,000 zones"
