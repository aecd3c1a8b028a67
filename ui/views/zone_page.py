"""Zone: every attribute with its source, parent economic zone and parks inside, a small map."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from ui.components import access_list, facts_table, place_caption, zone_choices
from ui.context import current, md
from zones.details import children_of, parent_of, phases_of, whole_of, zone_sources
from zones.display import display_table
from zones.i18n import render as render_message
from zones.i18n import t
from zones.maps import MapOptions, build_folium_map
from zones.schema import column_label


def render() -> None:
    ctx = current()
    lang = ctx.lang
    st.title(t("page.zone", lang))
    choices = zone_choices(ctx)
    if st.session_state.get("zone") not in choices.index:
        st.session_state["zone"] = None
    st.selectbox(
        t("choose_zone", lang),
        list(choices.index),
        key="zone",
        format_func=choices.get,
        index=None,
        placeholder=t("no_zone_selected", lang),
    )
    zone_id = st.session_state.get("zone")
    if not zone_id:
        zone_list(ctx)
        return
    zone = ctx.dataset.zone(zone_id)
    st.header(md(zone["name"]))
    place_caption(zone, lang, with_district=True)
    left, right = st.columns([3, 2])
    with left:
        facts_table(ctx, zone_id)
        access_list(ctx, zone_id)
        related(ctx, zone_id)
        if zone["aliases"]:
            st.markdown(f"**{column_label('aliases', lang)}:** " + md("; ".join(zone["aliases"])))
        if isinstance(zone["developer"], str) and zone["developer"]:
            st.markdown(f"**{column_label('developer', lang)}:** {md(zone['developer'])}")
        st.markdown(f"**{t('sources', lang)}**")
        link = column_label("url", lang)
        st.dataframe(
            zone_sources(ctx.dataset, zone_id, lang),
            hide_index=True,
            width="stretch",
            column_config={link: st.column_config.LinkColumn(link)},
        )
        data_notes(zone, lang)
    with right:
        small_map(ctx, zone_id)


ZONE_LIST_COLUMNS = ("name", "kind", "status", "area_ha", "fill_pct")


def zone_list(ctx) -> None:
    """No zone chosen yet: the filtered zones as a table; picking a row opens that zone."""
    lang = ctx.lang
    st.caption(render_message("zone_list.hint", lang, n=len(ctx.filtered)))
    columns = [*ZONE_LIST_COLUMNS[:1], ctx.by, *ZONE_LIST_COLUMNS[1:]]
    ids = list(ctx.filtered["zone_id"])

    def open_picked() -> None:
        rows = st.session_state["zone_list"]["selection"]["rows"]
        if rows:
            st.session_state["zone"] = ids[rows[0]]

    st.dataframe(display_table(ctx.filtered, columns, lang), hide_index=True, width="stretch",
                 on_select=open_picked, selection_mode="single-row", key="zone_list")


def related(ctx, zone_id: str) -> None:
    """Parent economic zone, parks inside, the whole park of a phase, and its phases; each
    opens on this page."""
    lang = ctx.lang
    for label, zone in ((t("parent", lang), parent_of(ctx.dataset, zone_id)),
                        (t("phase_of", lang), whole_of(ctx.dataset, zone_id))):
        if zone is not None:
            st.markdown(f"**{label}:**")
            zone_button(zone)
    for label, zones in ((t("children", lang), children_of(ctx.dataset, zone_id)),
                         (t("phases", lang), phases_of(ctx.dataset, zone_id))):
        if len(zones):
            st.markdown(f"**{label}:**")
            for _, zone in zones.iterrows():
                zone_button(zone)


def open_zone(zone_id: str) -> None:
    st.session_state["zone"] = zone_id


def zone_button(zone) -> None:
    st.button(f"→ {md(zone['name'])} ({md(zone['zone_id'])})", key=f"go_{zone['zone_id']}",
              type="tertiary", on_click=open_zone, args=(zone["zone_id"],))


def data_notes(zone, lang: str) -> None:
    """Curation notes are for maintainers: shown apart from the facts, and labelled so."""
    notes = zone["notes"]
    if not isinstance(notes, str) or not notes.strip():
        return
    with st.container(border=True, key="data_notes"):
        st.markdown(f"**{column_label('notes', lang)}**")
        st.caption(t("data_notes_hint", lang))
        st.text(notes)


def small_map(ctx, zone_id: str) -> None:
    family = {zone_id, *children_of(ctx.dataset, zone_id)["zone_id"]}
    parent = parent_of(ctx.dataset, zone_id)
    if parent is not None:
        family.add(parent["zone_id"])
    zones = ctx.zones[ctx.zones["zone_id"].isin(family)]
    if zones[zones["zone_id"] == zone_id].geometry.isna().all():
        st.info(t("precision.unknown", ctx.lang))
        return
    fmap = build_folium_map(
        zones,
        MapOptions(lang=ctx.lang, legend_open=False,
                   basemap=st.session_state.get("basemap", "none"), provinces=ctx.by),
    )
    st_folium(
        fmap, key=f"zone_map_{zone_id}", returned_objects=[], height=380, use_container_width=True
    )


render()
