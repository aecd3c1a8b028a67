"""Compare: two to four zones side by side."""

from __future__ import annotations

import streamlit as st

from ui.components import zone_choices
from ui.context import current
from zones.details import compare_table
from zones.i18n import t


def render() -> None:
    ctx = current()
    lang = ctx.lang
    st.title(t("page.compare", lang))
    choices = zone_choices(ctx)
    st.multiselect(
        t("choose_zones", lang),
        list(choices.index),
        key="compare",
        format_func=choices.get,
        max_selections=4,
    )
    chosen = st.session_state["compare"]
    if len(chosen) < 2:
        st.info(t("compare_hint", lang))
        return
    st.dataframe(compare_table(ctx.dataset, chosen, lang), width="stretch")


render()
