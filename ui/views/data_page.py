"""Data & downloads: the filtered table and exactly that as GeoJSON, CSV or GeoPackage."""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import streamlit as st

from ui.components import count_caption, empty_result
from ui.context import current
from zones.display import display_table, labelled_columns
from zones.export import (
    EXPORT_COLUMNS,
    FORMAT_NAMES,
    FORMATS,
    MEDIA_TYPES,
    export_bytes,
    export_filename,
)
from zones.i18n import t


@st.cache_data(show_spinner=False, max_entries=16)
def _export(version: str, filter_key: str, fmt: str, _gdf: gpd.GeoDataFrame) -> bytes:
    # Keyed by data version and filter; the frame itself is not hashed.
    with tempfile.TemporaryDirectory() as work_dir:
        return export_bytes(_gdf, fmt, Path(work_dir))


def render() -> None:
    ctx = current()
    lang = ctx.lang
    st.title(t("page.data", lang))
    count_caption(ctx)
    if empty_result(ctx):
        return
    # what is shown is the download's columns, labelled and written per language
    shown = display_table(ctx.filtered, labelled_columns(EXPORT_COLUMNS), lang)
    st.dataframe(shown, hide_index=True, width="stretch")
    filter_key = repr(ctx.zone_filter)
    for column, fmt in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        with column:
            st.download_button(
                f"{t('download', lang)} {FORMAT_NAMES[fmt]}",
                data=_export(ctx.dataset.version, filter_key, fmt, ctx.filtered),
                file_name=export_filename(fmt, ctx.zone_filter.name_parts()),
                mime=MEDIA_TYPES[fmt],
                key=f"download_{fmt}",
            )


render()
