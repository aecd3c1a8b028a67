"""Loading (cached by data version), the shared filter sidebar and URL state."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from zones.access import NEAR_KINDS, NEAR_KM_DEFAULT, with_access
from zones.filters import (
    ZoneFilter,
    apply_filter,
    area_value,
    provinces_in_naming,
)
from zones.formatting import format_area
from zones.geo import zones_geodataframe
from zones.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from zones.maps import CONTROLS_PENDING_KEY, MAP_DRAWN
from zones.safetext import markdown_literal
from zones.schema import KINDS, STATUSES
from zones.store import Dataset, InvalidData, data_version, default_data_dir, load_dataset
from zones.urlstate import ViewState, from_query, to_query

FILTER_KEYS = (
    "f_provinces",
    "f_kinds",
    "f_statuses",
    "f_fill",
    "f_fill_unknown",
    "f_area",
    "f_area_unknown",
    "f_query",
    "f_near_kind",
    "f_near_km",
)


RUN_LOG_ENV = "ZONES_RUN_LOG"


def log_script_run() -> None:
    """Append one line per script run to $ZONES_RUN_LOG (benchmarks count reruns with it)."""
    path = os.environ.get(RUN_LOG_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{time.time():.3f}\n")


@dataclass
class Context:
    dataset: Dataset
    zones: gpd.GeoDataFrame
    """All zones with geometry."""
    filtered: gpd.GeoDataFrame
    zone_filter: ZoneFilter
    lang: str
    by: str
    area_bounds: tuple[float, float]
    """The area slider's range: 0 to the largest zone."""


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(data_dir: str, version: str) -> tuple[Dataset, gpd.GeoDataFrame]:
    # `version` changes with every change on disk, so this cache is never stale. A resource
    # cache hands every session the same objects without unpickling a copy on each rerun;
    # nothing downstream mutates them (filters and joins build new frames).
    dataset = load_dataset(Path(data_dir))
    return dataset, with_access(zones_geodataframe(dataset.zones, dataset.outlines))


def load() -> tuple[Dataset, gpd.GeoDataFrame]:
    data_dir = default_data_dir()
    return _load(str(data_dir), data_version(data_dir))


# Every page load and every filter rerun needs these; computed once per data version (and
# filter), they cost no pandas work on a returning run. Like `_load`, they hand every session
# the same objects, which nothing downstream mutates.
@st.cache_resource(show_spinner=False, max_entries=8)
def _province_options(_dataset: Dataset, version: str, by: str) -> list[str]:
    return province_options(_dataset, by)


@st.cache_resource(show_spinner=False, max_entries=4)
def _area_bounds(_zones: gpd.GeoDataFrame, version: str) -> tuple[float, float]:
    return area_bounds(_zones)


@st.cache_resource(show_spinner=False, max_entries=32)
def _filtered(_dataset: Dataset, _zones: gpd.GeoDataFrame, version: str, filter_key: str,
              _zone_filter: ZoneFilter) -> gpd.GeoDataFrame:
    return apply_filter(_zones, _zone_filter, _dataset.provinces)


def show_invalid_data(error: InvalidData, lang: str) -> None:
    st.error(t("data_invalid", lang))
    st.code("\n".join(p.text(lang) for p in error.report.sorted()), language=None,
            wrap_lines=True)


def init_from_url() -> None:
    """On a session's first run, seed the widgets from the query string."""
    if st.session_state.get("_url_loaded"):
        return
    state = from_query({key: st.query_params.get_all(key) for key in st.query_params})
    f = state.zone_filter
    st.session_state.update(
        {
            "lang": state.lang or DEFAULT_LANGUAGE,
            "by": state.by or "province",
            "f_provinces": list(f.provinces),
            "f_kinds": list(f.kinds),
            "f_statuses": list(f.statuses),
            "f_fill": f.fill_range or (0.0, 100.0),
            "f_fill_unknown": f.include_unknown_fill,
            "f_area_range": f.area_range,
            "f_area_unknown": f.include_unknown_area,
            "f_query": f.query,
            "f_near_kind": f.near[0] if f.near else None,
            "f_near_km": f.near[1] if f.near else NEAR_KM_DEFAULT,
            "zone": state.zone,
            "compare": list(state.compare),
            "_url_loaded": True,
        }
    )


def sync_url(state: ViewState) -> None:
    wanted = to_query(state)
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def reset_filters() -> None:
    st.session_state.update(
        {
            "f_provinces": [],
            "f_kinds": [],
            "f_statuses": [],
            "f_fill": (0.0, 100.0),
            "f_fill_unknown": True,
            "f_area": None,
            "f_area_range": None,
            "f_area_unknown": True,
            "f_query": "",
            "f_near_kind": None,
            "f_near_km": NEAR_KM_DEFAULT,
        }
    )


def province_options(dataset: Dataset, by: str) -> list[str]:
    present = set(dataset.zones["province"])
    rows = dataset.provinces[dataset.provinces["province"].isin(present)]
    return sorted(set(rows[by]))


def _convert_province_selection() -> None:
    """Keep the chosen provinces when the user switches between old and merged names."""
    dataset, _ = load()
    st.session_state["f_provinces"] = provinces_in_naming(
        st.session_state.get("f_provinces", []),
        dataset.provinces,
        st.session_state["by"],
        set(dataset.zones["province"]),
    )


def area_bounds(zones: gpd.GeoDataFrame) -> tuple[float, float]:
    top = zones["area_ha"].max()
    return 0.0, float(top) if top == top and top > 0 else 1.0


def prepare_filter_state(dataset: Dataset, zones: gpd.GeoDataFrame) -> tuple[float, float]:
    """Bring the filter values in session state within what the widgets accept (province
    names in the chosen naming, area range within the data); returns the area bounds."""
    by = st.session_state.get("by", "province")
    options = _province_options(dataset, dataset.version, by)
    chosen = st.session_state.get("f_provinces", [])
    if any(p not in options for p in chosen):  # from a link: any spelling or naming
        st.session_state["f_provinces"] = provinces_in_naming(
            chosen, dataset.provinces, by, set(dataset.zones["province"])
        )
    low, high = _area_bounds(zones, dataset.version)
    st.session_state["f_area"] = area_value(st.session_state.get("f_area"),
                                            st.session_state.get("f_area_range"),
                                            st.session_state.get("_area_bounds"), (low, high))
    st.session_state["_area_bounds"] = (low, high)
    if st.session_state.get("f_near_kind") is not None:
        st.session_state["f_near_km"] = min(300.0, max(5.0, float(st.session_state["f_near_km"])))
    return low, high


def filter_from_state(bounds: tuple[float, float]) -> ZoneFilter:
    """The filter the sidebar's widgets hold (their values are in session state before the
    widgets are drawn, so the page can be built first)."""
    fill = tuple(st.session_state["f_fill"])
    area = tuple(st.session_state["f_area"])
    kind = st.session_state.get("f_near_kind")
    return ZoneFilter(
        provinces=tuple(st.session_state["f_provinces"]),
        kinds=tuple(st.session_state["f_kinds"]),
        statuses=tuple(st.session_state["f_statuses"]),
        fill_range=None if fill == (0.0, 100.0) and st.session_state["f_fill_unknown"] else fill,
        include_unknown_fill=st.session_state["f_fill_unknown"],
        area_range=None if area == bounds and st.session_state["f_area_unknown"] else area,
        include_unknown_area=st.session_state["f_area_unknown"],
        query=st.session_state["f_query"].strip(),
        near=None if kind is None else (kind, float(st.session_state["f_near_km"])),
    )


def sidebar_filters(where: DeltaGenerator, dataset: Dataset, bounds: tuple[float, float],
                    lang: str) -> None:
    """The filter widgets (values prepared by prepare_filter_state)."""
    where.header(t("filters", lang))
    by = st.session_state.get("by", "province")
    where.radio(
        t("province_mode", lang),
        ["province", "province_2025"],
        key="by",
        format_func=lambda v: t(f"province_mode.{v}", lang),
        horizontal=True,
        on_change=_convert_province_selection,
    )
    options = _province_options(dataset, dataset.version, by)
    everything = t("all", lang)
    where.multiselect(t("province", lang), options, key="f_provinces", placeholder=everything)
    where.multiselect(
        t("kind", lang),
        list(KINDS),
        key="f_kinds",
        placeholder=everything,
        format_func=lambda k: f"{k} · {t('kind.' + k, lang)}",
    )
    where.multiselect(
        t("status", lang),
        list(STATUSES),
        key="f_statuses",
        placeholder=everything,
        format_func=lambda s: t("status." + s, lang),
    )
    # Slider labels are printf-formatted in the browser, which cannot write Vietnamese
    # numbers: whole numbers on the slider, the chosen area range written out beneath it.
    where.slider(t("fill", lang), 0.0, 100.0, key="f_fill", step=1.0, format="%d")
    where.checkbox(t("include_unknown", lang), key="f_fill_unknown")
    low, high = bounds
    where.slider(t("area", lang), low, high, key="f_area", step=1.0, format="%d")
    chosen_low, chosen_high = st.session_state["f_area"]
    where.caption(f"{format_area(chosen_low, lang, decimals=0)} – "
                  f"{format_area(chosen_high, lang, decimals=0)}")
    where.checkbox(t("include_unknown", lang), key="f_area_unknown")
    where.text_input(t("search", lang), key="f_query")
    access_filter(where, lang)
    where.button(t("reset", lang), on_click=reset_filters, key="reset_sidebar")


def access_filter(where: DeltaGenerator, lang: str) -> None:
    """'Within N km of a seaport/airport' (straight line)."""
    where.selectbox(t("access.filter", lang), [None, *NEAR_KINDS], key="f_near_kind",
                      format_func=lambda k: t("access.filter_any" if k is None
                                              else f"layer.{k}", lang),
                      # A None value shows the placeholder, not format_func(None).
                      placeholder=t("access.filter_any", lang))
    if st.session_state.get("f_near_kind") is not None:
        where.slider(t("access.filter_km", lang), 5.0, 300.0, key="f_near_km", step=5.0)


def keep_widget_state() -> None:
    """st.switch_page drops the state of widgets made in the entry script; re-assigning the
    values marks them as user state, so filters and language survive the switch."""
    for key in (*FILTER_KEYS, "lang", "by"):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def build_context() -> Context | None:
    """Loads the data and applies the filter held in session state; draws no widget (the
    sidebar's controls are drawn by show_controls)."""
    init_from_url()
    keep_widget_state()
    lang = st.session_state.get("lang", DEFAULT_LANGUAGE)
    try:
        # A new data version is read, checked and joined once per server (seconds at 50k
        # zones): say so, rather than a blank page (shown only if it takes over half a second).
        with st.spinner(t("data_loading", lang)):
            dataset, zones = load()
    except InvalidData as error:
        show_invalid_data(error, lang)
        return None
    bounds = prepare_filter_state(dataset, zones)
    zone_filter = filter_from_state(bounds)
    filtered = _filtered(dataset, zones, dataset.version, repr(zone_filter), zone_filter)
    if st.session_state.get("zone") not in set(zones["zone_id"]):
        st.session_state["zone"] = None
    st.session_state["compare"] = [
        z for z in st.session_state.get("compare", []) if z in set(zones["zone_id"])
    ]
    sync_url(
        ViewState(
            zone_filter=zone_filter,
            zone=st.session_state["zone"],
            compare=tuple(st.session_state["compare"]),
            lang=lang,
            by=st.session_state["by"],
        )
    )
    return Context(dataset, zones, filtered, zone_filter, lang, st.session_state["by"], bounds)


# --- the sidebar's controls, drawn after the map on a session's first visit -----------------
# Streamlit's browser code fetches each kind of widget on first use (about 45 files for the
# sidebar's). On a session's first run of the map page, the page is sent first and the
# controls (language, filters, sign-in) only once the map frame reports its zones drawn
# (zones.maps.MAP_DRAWN), so the map does not wait behind them; a timer shows them anyway if
# no report comes. Every later run draws them before the page.

CONTROLS_SHOWN = "_controls_shown"
"""Session flag: the controls have been drawn in this session (draw them on every run)."""
FALLBACK_S = 3.0
"""Seconds after which the controls are shown even if the map has not reported."""


@dataclass
class SidebarSlots:
    """Places in the sidebar, made at the top of each run so the order never changes."""

    controls: DeltaGenerator
    sign_in: DeltaGenerator


def make_sidebar_slots() -> None:
    st.session_state["_slots"] = SidebarSlots(st.sidebar.container(), st.sidebar.container())


def show_controls(context: Context | None, lang: str) -> None:
    """Draw the language selector, the filters and the sign-in box. Only app.py calls this,
    before the page: Streamlit puts the running script in every widget's identity, so the
    same widget drawn by the page script would be another widget on the next run, and what
    the reader did with it (a sign-in, a choice) would be lost."""
    from ui.auth_ui import sign_in_panel

    slots: SidebarSlots = st.session_state["_slots"]
    st.session_state[CONTROLS_SHOWN] = True
    slots.controls.selectbox(
        t("language", lang), list(LANGUAGES), key="lang", format_func=LANGUAGES.get
    )
    if context is not None:
        sidebar_filters(slots.controls, context.dataset, context.area_bounds, lang)
    sign_in_panel(lang, slots.sign_in)


def controls_wait_for_map(context: Context | None) -> bool:
    """On a session's first visit of the map, its controls wait for the map to be drawn
    (unless there is nothing to draw)."""
    return (not st.session_state.get(CONTROLS_SHOWN) and context is not None
            and len(context.filtered) > 0)


def controls_pending(map_value: dict | None, lang: str) -> None:
    """On the map page while its controls wait: once the map reports its zones drawn, run
    again with the controls; until then, a note the map frame looks for (MAP_DRAWN) and the
    timer that shows them if the map never reports."""
    if (map_value or {}).get(MAP_DRAWN):
        st.session_state[CONTROLS_SHOWN] = True
        st.rerun()
    slots: SidebarSlots = st.session_state["_slots"]
    slots.controls.container(key=CONTROLS_PENDING_KEY).caption(t("controls_loading", lang))
    st.session_state["_fallback_armed"] = False
    with slots.controls:
        _controls_fallback()


@st.fragment(run_every=FALLBACK_S)
def _controls_fallback() -> None:
    # Called once with the page's run (arms it); the timer's next call means no report came.
    if not st.session_state.get("_fallback_armed"):
        st.session_state["_fallback_armed"] = True
        return
    if not st.session_state.get(CONTROLS_SHOWN):
        st.session_state[CONTROLS_SHOWN] = True
        st.rerun()


def current() -> Context:
    return st.session_state["_context"]


def md(text: object) -> str:
    """Text from the data or a file, for st.markdown, st.error, st.caption …: shown literally."""
    return markdown_literal(text)
