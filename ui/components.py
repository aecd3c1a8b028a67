"""Small blocks several pages share."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.context import Context, md
from zones.access import access_facts
from zones.details import zone_facts
from zones.i18n import t


def zone_card(ctx: Context, zone_id: str) -> None:
    """Name, kind, status, figures and their sources, beside a map."""
    zone = ctx.dataset.zone(zone_id)
    lang = ctx.lang
    st.subheader(md(zone["name"]))
    st.caption(
        f"{t('kind.' + zone['kind'], lang)} · {md(zone['province'])} → "
        f"{md(zone['province_2025'])} · `{zone_id}`"
    )
    facts_list(ctx, zone_id)
    access_list(ctx, zone_id)
    if isinstance(zone["developer"], str) and zone["developer"]:
        st.markdown(f"**{t('developer', lang)}:** {md(zone['developer'])}")


def access_list(ctx: Context, zone_id: str) -> None:
    """Straight-line km to the nearest seaport, airport and provincial capital."""
    zone = ctx.zones[ctx.zones["zone_id"] == zone_id].iloc[0]
    lines = [f"- **{md(label)}:** {md(text)}" for label, text in access_facts(zone, ctx.lang)]
    with st.container(key="zone_access"):
        st.markdown(f"**{t('access', ctx.lang)}**  \n" + "\n".join(lines))
        if zone["access_approximate"]:
            st.caption(t("access.approximate", ctx.lang))


def facts_list(ctx: Context, zone_id: str) -> None:
    """Each figure on one line with its date and source: fits the narrow column by the map."""
    lang = ctx.lang
    lines = []
    for row in zone_facts(ctx.dataset, zone_id, lang).to_dict(orient="records"):
        line = f"- **{md(row[t('figure', lang)])}:** {md(row[t('value', lang)])}"
        if row[t("as_of", lang)]:
            line += f" ({md(row[t('as_of', lang)])})"
        source = row[t("source", lang)]
        if source:
            shown = md(source)
            if row["url"].startswith(("https://", "http://")):
                shown = f"[{shown}](<{row['url']}>)"
            line += f"  \n  :gray[{t('source', lang)}: {shown}]"
        lines.append(line)
    st.markdown("\n".join(lines))


def facts_table(ctx: Context, zone_id: str) -> None:
    facts = zone_facts(ctx.dataset, zone_id, ctx.lang)
    st.dataframe(
        facts,
        hide_index=True,
        width="stretch",
        column_config={
            t("figure", ctx.lang): st.column_config.TextColumn(width="medium"),
            t("value", ctx.lang): st.column_config.TextColumn(width="medium"),
            t("as_of", ctx.lang): st.column_config.TextColumn(width="small"),
            t("source", ctx.lang): st.column_config.TextColumn(width="medium"),
            "url": st.column_config.LinkColumn("↗", display_text="↗", width="small"),
        },
    )


def empty_result(ctx: Context) -> bool:
    """Say so when nothing matches, with a reset button; True when empty."""
    if len(ctx.filtered):
        return False
    from ui.context import reset_filters

    st.info(t("no_results", ctx.lang))
    st.button(t("reset", ctx.lang), on_click=reset_filters, key="reset_empty")
    return True


def not_mapped_note(ctx: Context) -> None:
    missing = ctx.filtered[ctx.filtered.geometry.isna()]
    if len(missing):
        names = ", ".join(missing["name"].astype(str).tolist()[:12])
        st.caption(md(t("not_mapped", ctx.lang, n=len(missing), names=names)))


def zone_choices(ctx: Context) -> pd.Series:
    """zone_id → display label for select boxes (filtered zones first, then the rest)."""
    zones = pd.concat(
        [ctx.filtered, ctx.zones[~ctx.zones["zone_id"].isin(ctx.filtered["zone_id"])]]
    )
    return pd.Series(
        [f"{name} ({zid})" for name, zid in zip(zones["name"], zones["zone_id"], strict=True)],
        index=zones["zone_id"],
    )
