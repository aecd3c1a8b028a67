"""Edit (staff only): edit the zones table, import a file, history and restore, outlines.

Every path goes through the library: validate everything, preview the diff, then a logged,
atomic save that is refused if a colleague saved in between.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from ui.auth_ui import staff_user
from ui.context import current, md
from zones.edits import (
    Candidate,
    ConflictError,
    NothingToSave,
    SaveError,
    TableDiff,
    ValidationFailed,
    check_candidate,
    check_upload,
    content_version,
    diff_rows,
    history,
    raw_table_from_rows,
    read_rows,
    rebase,
    records_changes,
    restore,
    save_outline,
    save_zones,
)
from zones.i18n import t
from zones.schema import ZONES, ColumnType
from zones.store import default_data_dir
from zones.validate import Report

EDIT_KEYS = ("edit_base_version", "edit_base_rows", "edit_rows", "edit_conflict")


def require_staff() -> str:
    user = staff_user()
    if not user:  # reached by URL without signing in
        st.error("Sign in as staff to edit.")
        st.stop()
    return user


def data_dir() -> Path:
    return default_data_dir()


# --- the editor ------------------------------------------------------------------------------

def column_config(lang: str) -> dict:
    """data_editor columns generated from the schema: types, allowed values, ranges."""
    config = {}
    for column in ZONES.columns:
        label = column.name
        help_text = column.description
        if column.type is ColumnType.ENUM:
            config[column.name] = st.column_config.SelectboxColumn(
                label, options=list(column.allowed), required=column.required, help=help_text)
        elif column.type is ColumnType.NUMBER:
            config[column.name] = st.column_config.NumberColumn(
                label, min_value=column.minimum, max_value=column.maximum, help=help_text,
                format="%.6g")
        else:
            config[column.name] = st.column_config.TextColumn(
                label, required=column.required, help=help_text)
    return config


def rows_to_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=ZONES.column_names).astype(object)
    for name in ZONES.numeric_columns:
        frame[name] = pd.to_numeric(frame[name].replace("", None), errors="coerce")
    frame.index = range(2, len(frame) + 2)  # spreadsheet row numbers, as in messages
    frame.index.name = "row"
    return frame


def frame_to_rows(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict(orient="records")


def load_editor_state(force: bool = False) -> None:
    if force or "edit_base_version" not in st.session_state:
        path = data_dir() / ZONES.filename
        rows = read_rows(path)
        st.session_state.update({"edit_base_version": content_version(path),
                                 "edit_base_rows": rows, "edit_rows": rows,
                                 "edit_conflict": None, "editor_generation":
                                     st.session_state.get("editor_generation", 0) + 1})


def show_report(report: Report, lang: str) -> None:
    if report.errors:
        st.error(t("problems", lang, n=len(report.errors)))
        st.code("\n".join(str(p) for p in report.sorted() if p in report.errors), language=None)
    if report.warnings:
        st.warning("\n".join(f"- {md(p)}" for p in report.warnings))


def show_diff(diff: TableDiff, lang: str) -> None:
    if diff.is_empty:
        st.info(t("no_changes", lang))
        return
    st.caption(diff.summary())
    if diff.added:
        st.markdown(f"**{t('diff_added', lang)}**")
        st.dataframe(pd.DataFrame(diff.added)[["zone_id", "name", "kind", "province"]],
                     hide_index=True)
    if diff.removed:
        st.markdown(f"**{t('diff_removed', lang)}**")
        st.dataframe(pd.DataFrame(diff.removed)[["zone_id", "name", "kind", "province"]],
                     hide_index=True)
    if diff.changed:
        st.markdown(f"**{t('diff_changed', lang)}**")
        st.dataframe(pd.DataFrame([{"zone_id": c.key, "column": c.column,
                                    t("old", lang): c.old, t("new", lang): c.new}
                                   for c in diff.changed]), hide_index=True)


def edit_table(user: str, lang: str) -> None:
    load_editor_state()
    conflict: ConflictError | None = st.session_state.get("edit_conflict")
    if conflict is not None:
        show_conflict(conflict, lang)
    edited = st.data_editor(
        rows_to_frame(st.session_state["edit_rows"]), num_rows="dynamic", width="stretch",
        column_config=column_config(lang), height=420,
        key=f"zone_editor_{st.session_state['editor_generation']}")
    candidate = check_candidate(data_dir(), raw_table_from_rows(frame_to_rows(edited),
                                                                ZONES.filename))
    candidate.diff = diff_rows(st.session_state["edit_base_rows"], candidate.rows) \
        if candidate.rows else TableDiff()
    show_report(candidate.report, lang)
    if not candidate.report.ok:
        return
    show_diff(candidate.diff, lang)
    if candidate.diff.is_empty:
        return
    comment = st.text_input(t("comment", lang), key="edit_comment")
    if st.button(t("save", lang), type="primary", key="save_edits"):
        save(candidate.rows, user, comment, lang)


def saved(record, lang: str) -> None:
    """After any successful save: say so, reload the editor from disk, rerun."""
    st.session_state["flash"] = t("saved", lang, version=record.version)
    load_editor_state(force=True)
    st.rerun()


def save(rows: list[dict[str, str]], user: str, comment: str, lang: str) -> None:
    try:
        record = save_zones(data_dir(), rows, st.session_state["edit_base_version"], user,
                            comment)
    except ConflictError as error:
        st.session_state["edit_rows"] = rows
        st.session_state["edit_conflict"] = error
        st.rerun()
    except ValidationFailed as error:
        show_report(error.report, lang)
        return
    except NothingToSave:
        st.info(t("no_changes", lang))
        return
    except SaveError as error:
        st.error(str(error))
        return
    saved(record, lang)


def show_conflict(conflict: ConflictError, lang: str) -> None:
    st.warning(t("conflict", lang))
    show_diff(diff_rows(st.session_state["edit_base_rows"], conflict.current_rows), lang)
    left, right = st.columns(2)
    if left.button(t("reapply", lang), key="reapply"):
        merged = rebase(st.session_state["edit_base_rows"], st.session_state["edit_rows"],
                        conflict.current_rows)
        st.session_state.update({
            "edit_base_version": conflict.current_version,
            "edit_base_rows": conflict.current_rows, "edit_rows": merged.rows,
            "edit_conflict": None, "edit_both_changed": merged.conflicts,
            "editor_generation": st.session_state["editor_generation"] + 1})
        st.session_state["flash"] = t("reapplied", lang)
        st.rerun()
    if right.button(t("discard", lang), key="discard"):
        load_editor_state(force=True)
        st.rerun()


# --- import, history, outline ----------------------------------------------------------------

def import_file(user: str, lang: str) -> None:
    upload = st.file_uploader(t("upload", lang), type=["csv", "txt", "xlsx"], key="import_upload")
    if upload is None:
        return
    candidate: Candidate = check_upload(data_dir(), upload.getvalue(), upload.name)
    show_report(candidate.report, lang)
    if not candidate.report.ok:
        return
    show_diff(candidate.diff, lang)
    if candidate.diff.is_empty:
        return
    if st.button(t("apply_import", lang), type="primary", key="apply_import"):
        try:
            record = save_zones(data_dir(), candidate.rows, candidate.base_version, user,
                                f"import {upload.name}", action="import")
        except SaveError as error:
            st.error(str(error))
            return
        saved(record, lang)


def history_tab(user: str, lang: str) -> None:
    records = history(data_dir())
    if not records:
        st.info(t("no_changes", lang))
        return
    st.dataframe(pd.DataFrame(records_changes(records)), hide_index=True, width="stretch")
    restorable = [r.previous for r in records] + [r.version for r in records[1:]]
    version = st.selectbox(t("version", lang), list(dict.fromkeys(restorable)),
                           key="restore_version")
    if st.button(t("restore", lang), key="restore_button"):
        try:
            record = restore(data_dir(), version, user)
        except SaveError as error:
            st.error(str(error))
            return
        saved(record, lang)


def outline_tab(user: str, lang: str) -> None:
    from zones.geo import zones_geodataframe
    from zones.maps import MapOptions, build_folium_map
    from zones.outline_import import (
        OutlineImportError,
        crs_choices,
        read_corner_table,
        read_outline_file,
    )
    from zones.outline_import import (
        check_candidate as check_outline,
    )

    ctx = current()
    zone_ids = list(ctx.dataset.zones["zone_id"])
    names = dict(zip(ctx.dataset.zones["zone_id"], ctx.dataset.zones["name"], strict=True))
    zone_id = st.selectbox(t("choose_zone", lang), zone_ids, key="outline_zone",
                           format_func=lambda z: f"{names[z]} ({z})")
    choices = [("", t("crs_auto", lang)), *crs_choices()]
    crs = st.selectbox(t("crs", lang), [value for value, _ in choices], key="outline_crs",
                       format_func=dict(choices).get)
    upload = st.file_uploader(t("outline_file", lang),
                              type=["geojson", "json", "kml", "kmz", "gpkg", "zip"],
                              key="outline_file")
    corners = st.text_area(t("corner_table", lang), key="outline_corners", height=140)
    zone = ctx.dataset.zone(zone_id)
    try:
        if upload is not None:
            candidate = read_outline_file(upload.getvalue(), upload.name, crs or None)
        elif corners.strip():
            candidate = read_corner_table(corners, crs or None, province=zone["province"])
        else:
            return
    except OutlineImportError as error:
        st.error(str(error))
        return
    problems = check_outline(candidate, zone.to_dict())
    show_report(Report(problems), lang)
    for note in candidate.notes:
        st.caption(md(note))
    st.caption(f"{candidate.source_format} · {candidate.source_crs} · "
               f"{candidate.area_ha:,.1f} ha")
    preview = zones_geodataframe(ctx.dataset.zones[ctx.dataset.zones["zone_id"] == zone_id],
                                 {zone_id: _as_outline(zone_id, candidate.geometry)})
    st_folium(build_folium_map(preview, MapOptions(lang=lang)), key="outline_preview",
              returned_objects=[], height=360, use_container_width=True)
    if Report(problems).ok and st.button(t("save_outline", lang), type="primary",
                                        key="save_outline"):
        try:
            record = save_outline(data_dir(), zone_id, candidate.geometry, user)
        except SaveError as error:
            st.error(str(error))
            return
        saved(record, lang)


def _as_outline(zone_id: str, geometry):
    from zones.outlines import Outline

    return Outline(zone_id, geometry, None, 1)


def render() -> None:
    user = require_staff()
    lang = current().lang
    st.title(t("page.edit", lang))
    flash = st.session_state.pop("flash", None)
    if flash:
        st.success(flash)
    both = st.session_state.pop("edit_both_changed", None)
    if both:
        st.warning(t("both_changed", lang) + "\n" + "\n".join(
            f"- {md(change.key)} {md(change.column)}: {md(change.new)} ≠ {md(theirs)}"
            for change, theirs in both))
    tabs = st.tabs([t("edit_table", lang), t("import_file", lang), t("history", lang),
                    t("outline_tab", lang)])
    with tabs[0]:
        edit_table(user, lang)
    with tabs[1]:
        import_file(user, lang)
    with tabs[2]:
        history_tab(user, lang)
    with tabs[3]:
        outline_tab(user, lang)


render()
