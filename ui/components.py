"""Small blocks several pages share."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.context import Context, md
from zones.access import access_facts
from zones.details import zone_facts
from zones.display import display_value, markdown_table
from zones.geo import GEOMETRY_NONE
from zones.i18n import render, t
from zones.safetext import web_link
from zones.schema import column_label


def zone_card(ctx: Context, zone_id: str) -> None:
    """Name, kind, status, figures and their sources, beside a map."""
    zone = ctx.dataset.zone(zone_id)
    lang = ctx.lang
    st.subheader(md(zone["name"]))
    place_caption(zone, lang)
    facts_list(ctx, zone_id)
    access_list(ctx, zone_id)
    if isinstance(zone["developer"], str) and zone["developer"]:
        st.markdown(f"**{column_label('developer', lang)}:** {md(zone['developer'])}")


def place_caption(zone: pd.Series, lang: str, with_district: bool = False) -> None:
    """Kind · (district) province before → since 1 July 2025 · zone id."""
    place = [display_value(zone.get(c), c, lang, missing="") for c in ("province", "province_2025")]
    where = md(" → ".join(p for p in place if p))
    district = display_value(zone.get("district"), "district", lang, missing="")
    if with_district and district:
        where = f"{md(district)}, {where}"
    st.caption(f"{t('kind.' + zone['kind'], lang)} · {where} · `{zone['zone_id']}`")


def count_caption(ctx: Context) -> None:
    """'1 zone' / '14 zones' / '1.204 khu' for the filtered set."""
    st.caption(render("n_zones", ctx.lang, n=len(ctx.filtered)))


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
            link = web_link(row["url"])
            if link:
                shown = f"[{shown}]({link})"
            line += f"  \n  :gray[{t('source', lang)}: {shown}]"
        lines.append(line)
    st.markdown("\n".join(lines))


def facts_table(ctx: Context, zone_id: str) -> None:
    """Each figure with its value, date and source, wrapped so that it is read in full on a
    phone too (a data grid cuts long sources and positions off with '…')."""
    facts = zone_facts(ctx.dataset, zone_id, ctx.lang)
    st.table(markdown_table(facts, {t("source", ctx.lang): "url"}), hide_index=True)


def empty_result(ctx: Context) -> bool:
    """Say so when nothing matches, with a reset button; True when empty."""
    if len(ctx.filtered):
        return False
    from ui.context import reset_filters

    st.info(t("no_results", ctx.lang))
    st.button(t("reset", ctx.lang), on_click=reset_filters, key="reset_empty")
    return True


def not_mapped_note(ctx: Context) -> None:
    # (geometry.isna() on a GeoDataFrame cost ~10 ms of every map run)
    missing = ctx.filtered[ctx.filtered["geometry_kind"] == GEOMETRY_NONE]
    if len(missing):
        names = ", ".join(missing["name"].astype(str).tolist()[:12])
        st.caption(md(render("not_mapped", ctx.lang, n=len(missing), names=names)))


def zone_choices(ctx: Context) -> pd.Series:
    """zone_id → display label for select boxes (filtered zones first, then the rest)."""
    zones = pd.concat(
        [ctx.filtered, ctx.zones[~ctx.zones["zone_id"].isin(ctx.filtered["zone_id"])]]
    )
    return pd.Series(
        [f"{name} ({zid})" for name, zid in zip(zones["name"], zones["zone_id"], strict=True)],
        index=zones["zone_id"],
    )
