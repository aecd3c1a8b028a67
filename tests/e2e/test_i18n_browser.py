"""What a Vietnamese reader sees in the browser: no English of ours on any page, only the
texts Streamlit's own widgets write (listed in tests/test_app_i18n.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from test_app_i18n import STREAMLIT_OWN_TEXTS, english_phrases

from zones.store import load_dataset

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    _reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(_reason, pytrace=False)
    pytest.skip(_reason, allow_module_level=True)

pytestmark = pytest.mark.e2e

PAGES = [
    # (url path, query) — each page with something on it
    ("/", {"zone": "kcn-phu-tai"}),
    ("/3d", {}),
    ("/provinces", {}),
    ("/zone", {"zone": "kcn-nhon-hoa"}),
    ("/compare", {"compare": ["kcn-phu-tai", "kkt-nhon-hoi"]}),
    ("/data", {}),
]


def data_texts(data_dir: Path) -> list[str]:
    """Free text from the data (curation notes, developers, titles), shown as written."""
    dataset = load_dataset(data_dir)
    texts = [*dataset.zones["notes"].dropna(), *dataset.zones["developer"].dropna(),
             *dataset.sources["title"].dropna()]
    return sorted((str(t) for t in texts if str(t).strip()), key=len, reverse=True)


@pytest.mark.parametrize(("path", "params"), PAGES)
def test_a_vietnamese_page_in_the_browser_has_no_english_of_ours(app, data_copy, path,
                                                                 params) -> None:
    app.open(path, lang="vi", **params)
    app.settle()
    text = app.page.inner_text("body")
    for known in (*data_texts(data_copy), *STREAMLIT_OWN_TEXTS):
        text = text.replace(known, " ")
    english = sorted({p.pattern for p in english_phrases() if p.search(text)})
    assert english == [], re.sub(r"\s+", " ", text)[:2000]


def test_the_same_check_finds_english_on_an_english_page(app) -> None:
    app.open("/zone", lang="en", zone="kcn-nhon-hoa")
    app.settle()
    text = app.page.inner_text("body")
    found = {p.pattern for p in english_phrases() if p.search(text)}
    assert len(found) >= 10, sorted(found)
