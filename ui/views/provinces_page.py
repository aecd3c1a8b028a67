"""Provinces: counts, area and fill per province, and each target against achievement."""

from __future__ import annotations

import streamlit as st

from ui.context import current, md
from zones.details import fill_chart_frame, province_targets
from zones.i18n import t
from zones.schema import STATUSES
from zones.summary import summarise_provinces

TARGET_COLUMNS = ["province", "scope", "metric_label", "comparator", "target_value", "unit",
                  "target_year", "achieved_value", "achieved_as_of", "status_label",
                  "zone_data_value", "source_title", "note"]


def summary_table(ctx) -> list[str]:
    lang, by = ctx.lang, ctx.by
    summary = summarise_provinces(ctx.filtered, by=by)
    labels = {by: t("province", lang), "zones": t("zones", lang), "in_kkt": t("in_kkt", lang),
              "area_unknown": t("area_unknown", lang), "fill_zones": t("fill_zones", lang),
              **{status: t(f"status.{status}", lang) for status in STATUSES}}
    st.dataframe(summary, hide_index=True, width="stretch", column_config={
        **labels,
        "area_ha": st.column_config.NumberColumn(t("area_ha", lang), format="%.1f"),
        "leasable_ha": st.column_config.NumberColumn(t("leasable_ha", lang), format="%.1f"),
        "fill_pct": st.column_config.NumberColumn(t("fill_pct", lang), format="%.1f %%"),
    })
    return summary[by].tolist()


def targets_table(targets, lang: str) -> None:
    shown = targets[TARGET_COLUMNS].astype(object).where(targets[TARGET_COLUMNS].notna(), None)
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "province": t("province", lang), "scope": t("scope", lang),
        "metric_label": t("metric", lang), "comparator": t("comparator", lang),
        "target_value": t("target", lang), "unit": t("unit", lang),
        "target_year": t("year", lang), "achieved_value": t("achieved", lang),
        "achieved_as_of": t("achieved_as_of", lang), "status_label": t("status", lang),
        "zone_data_value": st.column_config.NumberColumn(t("zone_data_fill", lang),
                                                         format="%.1f"),
        "source_title": t("source", lang), "note": t("notes", lang),
    })


def render() -> None:
    ctx = current()
    lang, by = ctx.lang, ctx.by
    st.title(t("page.provinces", lang))
    st.caption(f"{t(f'province_mode.{by}', lang)} · {t('summary_scope_note', lang)}")
    provinces = summary_table(ctx)
    if not provinces:
        st.info(t("no_results", lang))
        return
    province = st.selectbox(t("province", lang), provinces, key="province_detail")
    targets = province_targets(ctx.dataset, province, by, lang)
    st.subheader(f"{t('targets', lang)} — {md(province)}")
    if targets.empty:
        st.info(t("target.no_data", lang))
        return
    targets_table(targets, lang)
    chart = fill_chart_frame(targets, lang)
    if not chart.empty:
        st.subheader(t("fill_vs_target", lang))
        st.bar_chart(chart, x="target", y="value", color="series", stack=False, height=320)


render()
