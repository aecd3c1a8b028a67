"""Streamlit entry point: `streamlit run app.py`. Arranges pages; the work is in `zones`."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.auth_ui import staff_user
from ui.context import (
    build_context,
    controls_wait_for_map,
    log_script_run,
    make_sidebar_slots,
    show_controls,
)
from zones.i18n import t

VIEWS = "ui/views"

# A local image: a Material icon as page icon makes every page fetch it from fonts.gstatic.com.
PAGE_ICON = str(Path(__file__).resolve().parent / "static" / "icon.png")
st.set_page_config(page_icon=PAGE_ICON, layout="wide")

log_script_run()
make_sidebar_slots()
context = build_context()
lang = st.session_state.get("lang", "vi")
# (key, page file, icon, url path); the first is the default page
PAGES = [
    ("map", "map_page", ":material/map:", "map"),
    ("deck", "deck_page", ":material/view_in_ar:", "3d"),
    ("provinces", "provinces_page", ":material/bar_chart:", "provinces"),
    ("zone", "zone_page", ":material/location_on:", "zone"),
    ("compare", "compare_page", ":material/compare_arrows:", "compare"),
    ("data", "data_page", ":material/download:", "data"),
]
STAFF_PAGES = [("edit", "edit_page", ":material/edit:", "edit")]


def page(key: str, file: str, icon: str, url_path: str, default: bool = False) -> st.Page:
    return st.Page(
        f"{VIEWS}/{file}.py",
        title=t(f"page.{key}", lang),
        icon=icon,
        url_path=url_path,
        default=default or key == "map",
    )


pages = [page(*spec) for spec in PAGES]
map_page = pages[0]
if staff_user():  # viewers never get the Edit page, not even by URL
    pages += [page(*spec) for spec in STAFF_PAGES]
    if context is None:  # invalid data: staff get the Edit page's recovery panel only
        pages = [page(*STAFF_PAGES[0], default=True)]
navigation = st.navigation(pages)
# The browser tab (and a phone's bookmark) names the page and the app in the UI language.
# (Outside a running server, e.g. when a test process re-imports this file, the page has no
# title: then there is no tab to name.)
page_title = getattr(navigation, "title", None)
if page_title:
    st.set_page_config(page_title=f"{page_title} · {t('app_title', lang)}")
st.session_state["_context"] = context
# On a session's first visit of the map, the controls wait for the map (ui.context).
if navigation is not map_page or not controls_wait_for_map(context):
    show_controls(context, lang)
if context is not None or staff_user():
    navigation.run()
