"""A session's first visit of the map: the map is sent first, the sidebar's controls once the
map frame reports its zones drawn (ui.context.show_controls). AppTest has no browser, so the
report is made here the way the frame makes it: as the map component's value.
(The browser side, with the timer that shows the controls if no report comes, is in
tests/e2e/test_first_visit_browser.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from helpers import ROOT, app_test, make_data_dir
from zones.i18n import t
from zones.maps import MAP_DRAWN

FILTER_KEYS = {"f_provinces", "f_kinds", "f_statuses"}


def first_visit(data_dir: Path, monkeypatch, **query: str) -> AppTest:
    monkeypatch.setenv("ZONES_DATA_DIR", str(data_dir))
    monkeypatch.chdir(ROOT)
    at = app_test(map_drawn=False)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def filter_keys(at: AppTest) -> set[str]:
    return {widget.key for widget in at.multiselect}


def selectbox_keys(at: AppTest) -> set[str]:
    return {widget.key for widget in at.selectbox}


def sidebar_captions(at: AppTest) -> list[str]:
    return [caption.value for caption in at.sidebar.caption]


def report_map_drawn(at: AppTest) -> AppTest:
    """What the map frame does once its zones are drawn: set the component's value."""
    component = next(e for e in at.main if type(e).__name__ == "UnknownElement")
    key = json.loads(component.proto.json_args)["key"]
    at.session_state[key] = {MAP_DRAWN: True}
    return at.run()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return make_data_dir(tmp_path / "data")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_map_comes_first_and_the_controls_once_it_is_drawn(data_dir, monkeypatch, lang):
    at = first_visit(data_dir, monkeypatch, lang=lang)
    assert not at.exception
    assert sidebar_captions(at) == [t("controls_loading", lang)]
    assert not filter_keys(at) and not selectbox_keys(at) and not at.text_input
    assert any(type(e).__name__ == "UnknownElement" for e in at.main), "the map is not sent"

    at = report_map_drawn(at)
    assert not at.exception
    assert filter_keys(at) == FILTER_KEYS
    assert {"lang", "f_near_kind", "color_by", "basemap"} <= selectbox_keys(at)
    assert {"sign_in_name", "sign_in_password"} <= {w.key for w in at.text_input}
    assert t("controls_loading", lang) not in sidebar_captions(at)

    # from then on, on every run, whatever the map's value
    at.multiselect(key="f_kinds").set_value(["KCN"]).run()
    assert filter_keys(at) == FILTER_KEYS
    assert at.query_params["kind"] == "KCN"


def test_the_filter_from_a_link_applies_before_the_controls_are_drawn(data_dir, monkeypatch):
    at = first_visit(data_dir, monkeypatch, kind="KCN")
    assert not filter_keys(at)
    everything = first_visit(data_dir, monkeypatch)
    assert at.caption[0].value != everything.caption[0].value  # "n zones" counts the filter
    at = report_map_drawn(at)
    assert at.multiselect(key="f_kinds").value == ["KCN"]


def test_other_pages_draw_the_controls_at_once(data_dir, monkeypatch):
    at = first_visit(data_dir, monkeypatch)
    at.switch_page("ui/views/provinces_page.py").run()
    assert not at.exception
    assert filter_keys(at) == FILTER_KEYS
    assert not sidebar_captions(at) or t("controls_loading", "vi") not in sidebar_captions(at)


def test_no_zone_to_draw_shows_the_controls_and_the_reset_button(data_dir, monkeypatch):
    at = first_visit(data_dir, monkeypatch, q="không có khu nào tên này")
    assert not at.exception
    assert filter_keys(at) == FILTER_KEYS
    assert any(b.key == "reset_empty" for b in at.button)


def test_invalid_data_offers_the_language_and_the_sign_in(tmp_path, monkeypatch):
    data_dir = make_data_dir(tmp_path / "data")
    (data_dir / "zones.csv").write_text("zone_id\n", encoding="utf-8")
    at = first_visit(data_dir, monkeypatch)
    assert not at.exception
    assert "lang" in selectbox_keys(at)
    assert {"sign_in_name", "sign_in_password"} <= {w.key for w in at.text_input}
