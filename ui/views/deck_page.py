"""3-D view: zones as columns, height by area or fill, coloured by status; a click opens the
zone's card. Under them the bundled base layer (neighbours, provinces of the chosen naming) on a
plain local style: no token, no request outside the app."""

from __future__ import annotations

import streamlit as st

from ui.components import empty_result, zone_card
from ui.context import current
from zones.basemap import deck_base_layers
from zones.i18n import render as render_message
from zones.i18n import t
from zones.maps import EXTRUDE_CHOICES, build_deck, deck_legend_html, deck_selected_zone_id


def render() -> None:
    ctx = current()
    lang = ctx.lang
    st.title(t("page.deck", lang))
    st.caption(render_message("n_zones", lang, n=len(ctx.filtered)))
    if empty_result(ctx):
        return
    extrude_by = st.radio(
        t("extrude_by", lang),
        EXTRUDE_CHOICES,
        horizontal=True,
        key="extrude_by",
        format_func=lambda v: t("area" if v == "area" else "fill", lang),
    )
    st.caption(t("deck_hint", lang))
    event = st.pydeck_chart(
        build_deck(ctx.filtered, lang, extrude_by, base_layers=deck_base_layers(ctx.by)),
        on_select="rerun",
        selection_mode="single-object",
        key="deck",
        height=560,
    )
    st.html(deck_legend_html(lang, extrude_by))
    picked = deck_selected_zone_id(event)
    if picked and picked != st.session_state.get("zone"):
        st.session_state["zone"] = picked
        st.rerun()  # so that the address carries the zone
    if st.session_state.get("zone"):
        zone_card(ctx, st.session_state["zone"])


render()
