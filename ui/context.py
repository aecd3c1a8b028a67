"""Loading (cached by data version), the shared filter sidebar and URL state."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import streamlit as st

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


def sidebar_filters(dataset: Dataset, zones: gpd.GeoDataFrame, lang: str) -> ZoneFilter:
    sidebar = st.sidebar
    sidebar.header(t("filters", lang))
    by = st.session_state.get("by", "province")
    sidebar.radio(
        t("province_mode", lang),
        ["province", "province_2025"],
        key="by",
        format_func=lambda v: t(f"province_mode.{v}", lang),
        horizontal=True,
        on_change=_convert_province_selection,
    )
    options = _province_options(dataset, dataset.version, by)
    chosen = st.session_state.get("f_provinces", [])
    if any(p not in options for p in chosen):  # from a link: any spelling or naming
        st.session_state["f_provinces"] = provinces_in_naming(
            chosen, dataset.provinces, by, set(dataset.zones["province"])
        )
    everything = t("all", lang)
    sidebar.multiselect(t("province", lang), options, key="f_provinces", placeholder=everything)
    sidebar.multiselect(
        t("kind", lang),
        list(KINDS),
        key="f_kinds",
        placeholder=everything,
        format_func=lambda k: f"{k} · {t('kind.' + k, lang)}",
    )
    sidebar.multiselect(
        t("status", lang),
        list(STATUSES),
        key="f_statuses",
        placeholder=everything,
        format_func=lambda s: t("status." + s, lang),
    )
    # Slider labels are printf-formatted in the browser, which cannot write Vietnamese
    # numbers: whole numbers on the slider, the chosen area range written out beneath it.
    sidebar.slider(t("fill", lang), 0.0, 100.0, key="f_fill", step=1.0, format="%d")
    sidebar.checkbox(t("include_unknown", lang), key="f_fill_unknown")
    low, high = _area_bounds(zones, dataset.version)
    st.session_state["f_area"] = area_value(st.session_state.get("f_area"),
                                            st.session_state.get("f_area_range"),
                                            st.session_state.get("_area_bounds"), (low, high))
    st.session_state["_area_bounds"] = (low, high)
    sidebar.slider(t("area", lang), low, high, key="f_area", step=1.0, format="%d")
    chosen_low, chosen_high = st.session_state["f_area"]
    sidebar.caption(f"{format_area(chosen_low, lang, decimals=0)} – "
                    f"{format_area(chosen_high, lang, decimals=0)}")
    sidebar.checkbox(t("include_unknown", lang), key="f_area_unknown")
    sidebar.text_input(t("search", lang), key="f_query")
    near = access_filter(sidebar, lang)
    sidebar.button(t("reset", lang), on_click=reset_filters, key="reset_sidebar")
    fill = tuple(st.session_state["f_fill"])
    area = tuple(st.session_state["f_area"])
    return ZoneFilter(
        provinces=tuple(st.session_state["f_provinces"]),
        kinds=tuple(st.session_state["f_kinds"]),
        statuses=tuple(st.session_state["f_statuses"]),
        fill_range=None if fill == (0.0, 100.0) and st.session_state["f_fill_unknown"] else fill,
        include_unknown_fill=st.session_state["f_fill_unknown"],
        area_range=None if area == (low, high) and st.session_state["f_area_unknown"] else area,
        include_unknown_area=st.session_state["f_area_unknown"],
        query=st.session_state["f_query"].strip(),
        near=near,
    )


def access_filter(sidebar, lang: str) -> tuple[str, float] | None:
    """'Within N km of a seaport/airport' (straight line)."""
    sidebar.selectbox(t("access.filter", lang), [None, *NEAR_KINDS], key="f_near_kind",
                      format_func=lambda k: t("access.filter_any" if k is None
                                              else f"layer.{k}", lang),
                      # A None value shows the placeholder, not format_func(None).
                      placeholder=t("access.filter_any", lang))
    kind = st.session_state.get("f_near_kind")
    if kind is None:
        return None
    st.session_state["f_near_km"] = min(300.0, max(5.0, float(st.session_state["f_near_km"])))
    sidebar.slider(t("access.filter_km", lang), 5.0, 300.0, key="f_near_km", step=5.0)
    return kind, float(st.session_state["f_near_km"])


def keep_widget_state() -> None:
    """st.switch_page drops the state of widgets made in the entry script; re-assigning the
    values marks them as user state, so filters and language survive the switch."""
    for key in (*FILTER_KEYS, "lang", "by"):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def build_context() -> Context | None:
    init_from_url()
    keep_widget_state()
    lang = st.session_state.get("lang", DEFAULT_LANGUAGE)
    st.sidebar.selectbox(
        t("language", lang), list(LANGUAGES), key="lang", format_func=LANGUAGES.get
    )
    lang = st.session_state["lang"]
    try:
        dataset, zones = load()
    except InvalidData as error:
        show_invalid_data(error, lang)
        return None
    zone_filter = sidebar_filters(dataset, zones, lang)
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
    return Context(dataset, zones, filtered, zone_filter, lang, st.session_state["by"])


def current() -> Context:
    return st.session_state["_context"]


def md(text: object) -> str:
    """Text from the data or a file, for st.markdown, st.error, st.caption …: shown literally."""
    return markdown_literal(text)
