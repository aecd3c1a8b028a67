"""Streamlit entry point: `streamlit run app.py`. Arranges pages; the work is in `zones`."""

from __future__ import annotations

import streamlit as st

from ui.auth_ui import sign_in_panel, staff_user
from ui.context import build_context, log_script_run
from zones.i18n import t

VIEWS = "ui/views"

st.set_page_config(
    page_title="Vietnam industrial land", page_icon=":material/factory:", layout="wide"
)

log_script_run()
context = build_context()
lang = st.session_state.get("lang", "vi")
pages = {
    "map": st.Page(
        f"{VIEWS}/map_page.py",
        title=t("page.map", lang),
        icon=":material/map:",
        url_path="map",
        default=True,
    ),
    "deck": st.Page(
        f"{VIEWS}/deck_page.py",
        title=t("page.deck", lang),
        icon=":material/view_in_ar:",
        url_path="3d",
    ),
    "provinces": st.Page(
        f"{VIEWS}/provinces_page.py",
        title=t("page.provinces", lang),
        icon=":material/bar_chart:",
        url_path="provinces",
    ),
    "zone": st.Page(
        f"{VIEWS}/zone_page.py",
        title=t("page.zone", lang),
        icon=":material/location_on:",
        url_path="zone",
    ),
    "compare": st.Page(
        f"{VIEWS}/compare_page.py",
        title=t("page.compare", lang),
        icon=":material/compare_arrows:",
        url_path="compare",
    ),
    "data": st.Page(
        f"{VIEWS}/data_page.py",
        title=t("page.data", lang),
        icon=":material/download:",
        url_path="data",
    ),
}
sign_in_panel(lang)
if staff_user():  # viewers never get the Edit page, not even by URL
    pages["edit"] = st.Page(
        f"{VIEWS}/edit_page.py", title=t("page.edit", lang), icon=":material/edit:", url_path="edit"
    )
navigation = st.navigation(list(pages.values()))
if context is not None:
    st.session_state["_context"] = context
    navigation.run()
