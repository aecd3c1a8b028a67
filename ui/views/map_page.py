"""Map: zones coloured by status; a click opens the zone's details beside the map."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from ui.components import empty_result, not_mapped_note, zone_card
from ui.context import current
from zones.i18n import t
from zones.maps import BASEMAPS, MapOptions, build_folium_map, clicked_zone_id

# Only clicks are sent back: panning and zooming do not rerun the script.
RETURNED = ["last_object_clicked_popup", "last_object_clicked"]


def render() -> None:
    ctx = current()
    lang = ctx.lang
    st.title(t("app_title", lang))
    st.caption(t("n_zones", lang, n=len(ctx.filtered)))
    if empty_result(ctx):
        return
    basemap = st.session_state.get("basemap", "none")
    map_column, detail_column = st.columns([3, 2])
    with map_column:
        options = MapOptions(lang=lang, basemap=basemap, provinces=ctx.by)
        fmap = build_folium_map(ctx.filtered, options)
        result = st_folium(
            fmap, key="main_map", returned_objects=RETURNED, height=620, use_container_width=True
        )
        clicked = clicked_zone_id(ctx.filtered, result)
        if clicked and clicked != st.session_state.get("_last_map_click"):
            st.session_state["_last_map_click"] = clicked
            st.session_state["zone"] = clicked
            st.rerun()
        st.selectbox(
            t("basemap", lang),
            list(BASEMAPS),
            key="basemap",
            format_func=lambda key: t(f"basemap.{key}", lang),
        )
        not_mapped_note(ctx)
    with detail_column:
        zone_id = st.session_state.get("zone")
        if zone_id:
            zone_card(ctx, zone_id)
            if st.button(t("open_zone", lang), key="open_zone"):
                st.switch_page("ui/views/zone_page.py")
        else:
            st.info(t("click_zone", lang))


render()
