"""Compare: two to four zones side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.components import zone_choices
from ui.context import current
from zones.access import compare_rows as access_compare_rows
from zones.details import compare_table
from zones.display import markdown_table
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
        placeholder=t("choose_zones.placeholder", lang),
    )
    chosen = st.session_state["compare"]
    if len(chosen) < 2:
        st.info(t("compare_hint", lang))
        return
    table = pd.concat([compare_table(ctx.dataset, chosen, lang),
                       access_compare_rows(ctx.zones, chosen, lang)])
    st.table(markdown_table(table))  # wraps: every zone's column is read in full on a phone


render()
