"""Provinces & targets: a provinces × targets status matrix (click a cell for its detail),
each province's summary, and its targets with the figures, dates and sources behind them."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from ui.context import current, md
from zones.formatting import format_area, format_date, format_pct
from zones.i18n import t
from zones.summary import summarise_provinces, summary_display_frame
from zones.targets import (
    DETAIL_COLUMNS,
    MATRIX_COLUMN_PX,
    MATRIX_INDEX_PX,
    MATRIX_ROW_PX,
    STATUS_COLOURS,
    STATUS_ORDER,
    STATUS_TEXT_COLOURS,
    Assessment,
    Matrix,
    assess_targets,
    chart_frame,
    detail_frame,
    status_matrix,
    status_text,
)

DETAIL_SHOWN = [c for c in DETAIL_COLUMNS if c not in ("status", "target_id")]


def _cell_style(status: str) -> str:
    if not status:
        return ""
    fill = STATUS_COLOURS[status]
    text = STATUS_TEXT_COLOURS.get(status, "#000000")
    return f"background-color: {fill}; color: {text}"


def _styled(text: pd.DataFrame, status: pd.DataFrame):
    return text.style.apply(lambda _: status.map(_cell_style), axis=None)


def status_legend(lang: str) -> None:
    labels = [t(f"target.{s}", lang) for s in STATUS_ORDER]
    legend = pd.DataFrame([labels], columns=[str(s) for s in STATUS_ORDER])
    states = pd.DataFrame([[str(s) for s in STATUS_ORDER]], columns=legend.columns)
    st.caption(t("targets.legend", lang))
    st.dataframe(_styled(legend, states), hide_index=True, width="stretch",
                 column_config={str(s): " " for s in STATUS_ORDER})


def matrix_view(matrix: Matrix, lang: str) -> list[str]:
    """The matrix; returns the target ids of the clicked cell (empty when none)."""
    st.subheader(t("targets.matrix", lang))
    st.caption(t("targets.matrix_hint", lang))
    config = {column: st.column_config.TextColumn(column, width=MATRIX_COLUMN_PX)
              for column in matrix.text.columns}
    config["_index"] = st.column_config.TextColumn(t("targets.col.label", lang),
                                                   width=MATRIX_INDEX_PX)
    event = st.dataframe(
        _styled(matrix.text, matrix.status),
        key="targets_matrix",
        on_select="rerun",
        selection_mode="single-cell",
        column_config=config,
        width="stretch",
        height=MATRIX_ROW_PX * (len(matrix.text) + 1) + 3,
    )
    cells = list(event.selection.cells) if event and event.selection else []
    if not cells:
        return []
    row, column = cells[0]
    ids = matrix.target_ids.iloc[int(row)][column] if column in matrix.target_ids else ""
    return [i for i in str(ids).split(";") if i]


def follow_clicked_cell(clicked: list[str], assessments: list[Assessment], by: str) -> None:
    """A newly clicked cell selects its province below (only when the click is new, so the
    province picker still works while a cell stays selected)."""
    if clicked == st.session_state.get("_targets_clicked"):
        return
    st.session_state["_targets_clicked"] = clicked
    chosen = [a for a in assessments if a.target_id in clicked]
    if chosen:
        first = chosen[0]
        st.session_state["province_detail"] = (
            first.province if by == "province" else (first.province_2025 or first.province)
        )


def selected_detail(chosen: list[Assessment], lang: str, zone_names: dict[str, str]) -> None:
    for a in chosen:
        with st.container(border=True):
            st.markdown(f"**{t('targets.selected', lang)}** · `{a.target_id}`")
            frame = detail_frame([a], lang, zone_names)
            st.text(frame.at[0, "label"])
            st.text(status_text(a, lang))
            source = md(frame.at[0, "reported_source"])
            st.caption(f"{t('targets.col.reported_source', lang)}: {source}")
            st.caption(t("targets.status_basis", lang))
            st.text(f"{t('targets.col.computed', lang)}: {frame.at[0, 'computed']}")
            if a.computed is not None and a.computed.contributions:
                st.caption(t("targets.contributions", lang))
                st.dataframe(contributions_frame(a, lang), hide_index=True, width="stretch")


def contributions_frame(a: Assessment, lang: str) -> pd.DataFrame:
    rows = [{
        t("targets.col.zone", lang): c.name,
        t("targets.col.fill", lang): format_pct(c.value, lang, decimals=2),
        t("targets.col.area", lang): format_area(c.area_ha, lang, decimals=2),
        t("as_of", lang): format_date(c.as_of, lang),
        t("source", lang): c.source_id or t("unknown", lang),
    } for c in a.computed.contributions] if a.computed else []
    return pd.DataFrame(rows)


def targets_table(assessments: list[Assessment], lang: str, zone_names: dict[str, str]) -> None:
    frame = detail_frame(assessments, lang, zone_names)[DETAIL_SHOWN]
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={c: t(f"targets.col.{c}", lang) for c in DETAIL_SHOWN})


def targets_chart(assessments: list[Assessment], lang: str, zone_names: dict[str, str]) -> None:
    """One thin bar per figure with its full label written above it, so the labels need no
    axis room and the chart reads on a phone."""
    chart = chart_frame(assessments, lang, zone_names)
    if chart.empty:
        return
    st.subheader(t("targets.chart_title", lang))
    st.caption(t("targets.axis.label", lang))
    chart["row"] = range(len(chart))
    series = list(dict.fromkeys(chart["series"]))
    base = alt.Chart(chart).encode(
        y=alt.Y("row:O", axis=None, scale=alt.Scale(paddingInner=0.5, paddingOuter=0.4)),
    )
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=t("targets.axis.value", lang),
                scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("series:N", title=t("targets.axis.series", lang),
                        scale=alt.Scale(domain=series),
                        legend=alt.Legend(orient="top", direction="vertical", labelLimit=0)),
        tooltip=[alt.Tooltip("text:N", title=t("targets.axis.label", lang)),
                 alt.Tooltip("as_of:N", title=t("as_of", lang))],
    )
    labels = base.mark_text(align="left", baseline="bottom", dy=-25, fontSize=12,
                            lineBreak="\n").encode(x=alt.datum(0), text="text:N")
    st.altair_chart((bars + labels).properties(height=alt.Step(64)), width="stretch")


def summary_table(ctx) -> list[str]:
    summary = summarise_provinces(ctx.filtered, by=ctx.by)
    st.dataframe(summary_display_frame(summary, ctx.by, ctx.lang), hide_index=True,
                 width="stretch")
    return summary[ctx.by].tolist()


def render() -> None:
    ctx = current()
    lang, by = ctx.lang, ctx.by
    st.title(t("page.provinces", lang))
    st.caption(f"{t(f'province_mode.{by}', lang)} · {t('summary_scope_note', lang)}")
    provinces = summary_table(ctx)
    if not provinces:
        st.info(t("no_results", lang))
        return
    as_of = st.date_input(t("targets.as_of", lang), value=dt.date.today(), key="targets_as_of",
                          format="DD/MM/YYYY" if lang == "vi" else "YYYY-MM-DD")
    zone_names = dict(zip(ctx.dataset.zones["zone_id"], ctx.dataset.zones["name"], strict=True))
    assessments = assess_targets(ctx.dataset, as_of, provinces)
    matrix = status_matrix(assessments, by, lang, zone_names)
    clicked = matrix_view(matrix, lang) if not matrix.text.empty else []
    status_legend(lang)
    follow_clicked_cell(clicked, assessments, by)
    if "_open_province" in st.session_state:  # a click on the map's province layer
        st.session_state["province_detail"] = st.session_state.pop("_open_province")
    if st.session_state.get("province_detail") not in provinces:
        st.session_state.pop("province_detail", None)
    province = st.selectbox(t("province", lang), provinces, key="province_detail")
    chosen = [a for a in assessments if a.target_id in clicked]
    if chosen:
        selected_detail(chosen, lang, zone_names)
    mine = assess_targets(ctx.dataset, as_of, [province])
    st.subheader(t("targets.detail_for", lang, province=md(province)))
    if not mine:
        st.info(t("targets.none", lang))
        return
    st.caption(t("targets.status_basis", lang))
    targets_table(mine, lang, zone_names)
    targets_chart(mine, lang, zone_names)


render()
