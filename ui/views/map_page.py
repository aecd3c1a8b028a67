"""Map: zones coloured by status, fill or area; a click (or tap) opens the zone's card."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import _component_func as folium_component

from ui.components import empty_result, not_mapped_note, zone_card
from ui.context import controls_pending, controls_wait_for_map, current
from zones.basemap import province_from_popup
from zones.i18n import render as render_message
from zones.i18n import t
from zones.map_colors import COLOR_BY
from zones.map_component import component_args
from zones.maps import BASEMAPS, MapOptions, build_folium_map, clicked_zone_id, zone_texts

# Only clicks are sent back: panning and zooming do not rerun the script.
RETURNED = ("last_object_clicked_popup", "last_object_clicked")
MAP_HEIGHT = 620
# On a narrow screen the columns stack; the chosen zone's card then comes before the map, so
# a tap shows it without scrolling. (Our own constant CSS, no data in it.)
PHONE_CSS = """<style>
@media (max-width: 640px) {
  .st-key-map_row [data-testid="stHorizontalBlock"] { flex-direction: column-reverse; }
}
</style>"""
# After a click, bring the card into view if it is not (on a phone it sits above the map).
SHOW_CARD_JS = """<script>
const card = window.parent.document.querySelector('.st-key-zone_card');
if (card) card.scrollIntoView({block: 'nearest'});
</script>"""


@st.cache_resource(show_spinner=False, max_entries=4)
def zone_texts_of(_zones: gpd.GeoDataFrame, version: str, lang: str) -> pd.DataFrame:
    """Every zone's formatted map text, once per data version and language."""
    return zone_texts(_zones, lang)


@st.cache_resource(show_spinner=False, max_entries=8)
def map_arguments(_zones: gpd.GeoDataFrame, _all_zones: gpd.GeoDataFrame, identity: tuple,
                  lang: str, basemap: str, color_by: str, provinces: str) -> dict:
    """The map component's arguments, built once per (data version, filter, language,
    basemap, colour-by, province naming) and shared by every session showing the same map;
    a new filter's rows take their text from every zone's, formatted once (`zone_texts_of`).

    The component's key leaves out the filter and the colours: when only those change, the
    frame keeps its map and view and redraws the zones in place (zones.map_component)."""
    version, _filter, *_ = identity
    options = MapOptions(lang=lang, basemap=basemap, color_by=color_by, provinces=provinces)
    texts = zone_texts_of(_all_zones, version, lang)
    fmap = build_folium_map(_zones, options, texts=texts)
    return component_args(fmap, identity=(version, lang, basemap, provinces),
                          returned=RETURNED, height=MAP_HEIGHT)


def new_click(result: dict | None) -> dict | None:
    """The map's value if it changed since the last run, else None. The frame now outlives
    filter changes, so its last click stays its value: acting on it again after a filter
    would open a zone near an old click."""
    if result == st.session_state.get("_map_value"):
        return None
    st.session_state["_map_value"] = result
    return result


def open_clicked_province(result: dict | None) -> None:
    """A click on the province choropleth opens that province on the Provinces page."""
    province = province_from_popup((result or {}).get("last_object_clicked_popup"))
    if province and province != st.session_state.get("_last_province_click"):
        st.session_state["_last_province_click"] = province
        st.session_state["_open_province"] = province  # a widget key would not survive
        st.switch_page("ui/views/provinces_page.py")


def colour_and_basemap(lang: str) -> None:
    left, right = st.columns(2)
    left.selectbox(
        t("color_by", lang),
        COLOR_BY,
        key="color_by",
        format_func=lambda key: t(f"color_by.{key}", lang),
    )
    right.selectbox(
        t("basemap", lang),
        list(BASEMAPS),
        key="basemap",
        format_func=lambda key: t(f"basemap.{key}", lang),
    )


def render() -> None:
    ctx = current()
    lang = ctx.lang
    st.title(t("app_title", lang))
    st.caption(render_message("n_zones", lang, n=len(ctx.filtered)))
    if empty_result(ctx):
        return
    basemap = st.session_state.get("basemap", "none")
    color_by = st.session_state.get("color_by", "status")
    st.html(PHONE_CSS)
    with st.container(key="map_row"):
        map_column, detail_column = st.columns([3, 2])
    with map_column:
        identity = (ctx.dataset.version, repr(ctx.zone_filter), lang, basemap, color_by, ctx.by)
        args = map_arguments(ctx.filtered, ctx.zones, identity, lang, basemap, color_by, ctx.by)
        value = folium_component(**args)
        waiting = controls_wait_for_map(ctx)
        if waiting:
            controls_pending(value, lang)
        result = new_click(value)
        open_clicked_province(result)
        clicked = clicked_zone_id(ctx.filtered, result)
        if clicked and clicked != st.session_state.get("_last_map_click"):
            st.session_state["_last_map_click"] = clicked
            st.session_state["zone"] = clicked
            st.session_state["_show_card"] = True
            st.rerun()
        if not waiting:
            colour_and_basemap(lang)
        not_mapped_note(ctx)
    with detail_column, st.container(key="zone_card"):
        zone_id = st.session_state.get("zone")
        if zone_id:
            zone_card(ctx, zone_id)
            if st.button(t("open_zone", lang), key="open_zone"):
                st.switch_page("ui/views/zone_page.py")
            if st.session_state.pop("_show_card", False):
                components.html(SHOW_CARD_JS, height=0)
        else:
            st.info(t("click_zone", lang))


render()
