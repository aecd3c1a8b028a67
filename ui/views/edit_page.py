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
    EDITABLE_TABLES,
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
    raw_rows,
    read_rows,
    rebase,
    records_changes,
    restorable_versions,
    restore,
    save_outline,
    save_table,
    save_zones,
)
from zones.i18n import t
from zones.readers import ReadError, read_grid_rows
from zones.schema import TARGETS, ZONES, ColumnType, Table
from zones.store import default_data_dir
from zones.validate import Report, read_problem


def require_staff() -> str:
    user = staff_user()
    if not user:  # reached by URL without signing in
        st.error("Sign in as staff to edit.")
        st.stop()
    return user


def data_dir() -> Path:
    return default_data_dir()


# --- the editor ------------------------------------------------------------------------------

class EditorState:
    """Session keys of one table's editor (zones keep the plain names)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.prefix = "" if table.name == ZONES.name else f"{table.name}_"
        self.widget_prefix = "zone" if table.name == ZONES.name else table.name

    def key(self, name: str) -> str:
        return self.prefix + name

    def __getitem__(self, name: str):
        return st.session_state.get(self.key(name))

    def __setitem__(self, name: str, value) -> None:
        st.session_state[self.key(name)] = value

    def editor_key(self) -> str:
        return f"{self.widget_prefix}_editor_{self['editor_generation']}"

    def load(self, force: bool = False) -> None:
        """(Re)load the table from disk as the editor's base version."""
        if force or self["edit_base_version"] is None:
            path = data_dir() / self.table.filename
            rows = read_rows(path, self.table)
            for name, value in (("edit_base_version", content_version(path)),
                                ("edit_base_rows", rows), ("edit_rows", rows),
                                ("edit_conflict", None),
                                ("editor_generation", (self["editor_generation"] or 0) + 1)):
                self[name] = value


def column_config(table: Table) -> dict:
    """data_editor columns from the schema. Cells are text: a number column would round, clip
    or drop what staff type (146 → 100, '46,5' → nothing) before validation could say why."""
    config = {}
    for column in table.columns:
        limits = " / ".join(column.allowed) or column.range_text()
        help_text = f"{column.description} ({limits})" if limits else column.description
        if column.type is ColumnType.ENUM:
            config[column.name] = st.column_config.SelectboxColumn(
                column.name, options=list(column.allowed), help=help_text)
        else:
            config[column.name] = st.column_config.TextColumn(column.name, help=help_text)
    return config


def rows_to_frame(rows: list[dict[str, str]], table: Table) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=table.column_names, dtype=object)
    frame.index = range(2, len(frame) + 2)  # spreadsheet row numbers, as in messages
    frame.index.name = "row"
    return frame


def show_report(report: Report, lang: str) -> None:
    if report.errors:
        st.error(t("problems", lang, n=len(report.errors)))
        st.code("\n".join(p.text(lang) for p in report.sorted() if p in report.errors),
                language=None)
    if report.warnings:
        st.warning("\n".join(f"- {md(p.text(lang))}" for p in report.warnings))


def show_diff(diff: TableDiff, lang: str, table: Table = ZONES) -> None:
    if diff.is_empty:
        st.info(t("no_changes", lang))
        return
    st.caption(diff.summary())
    shown = [c for c in (table.key, "name", "kind", "province", "scope", "metric")
             if c in table.column_names]
    for label, rows in (("diff_added", diff.added), ("diff_removed", diff.removed)):
        if rows:
            st.markdown(f"**{t(label, lang)}**")
            st.dataframe(pd.DataFrame(rows)[shown], hide_index=True)
    if diff.changed:
        st.markdown(f"**{t('diff_changed', lang)}**")
        st.dataframe(pd.DataFrame([{table.key: c.key, "column": c.column,
                                    t("old", lang): c.old, t("new", lang): c.new}
                                   for c in diff.changed]), hide_index=True)


def edit_table(user: str, lang: str, table: Table = ZONES) -> None:
    state = EditorState(table)
    state.load()
    if state["edit_conflict"] is not None:
        show_conflict(state, lang)
    edited = st.data_editor(
        rows_to_frame(state["edit_rows"], table), num_rows="dynamic", width="stretch",
        column_config=column_config(table), height=420, key=state.editor_key())
    try:
        raw = read_grid_rows(edited.to_dict(orient="records"), table, table.filename)
    except ReadError as error:
        show_report(Report([read_problem(error)]), lang)
        return
    if raw_rows(raw) == state["edit_base_rows"]:
        st.info(t("no_changes", lang))  # untouched: no need to validate on every rerun
        return
    candidate = check_candidate(data_dir(), raw)
    candidate.diff = (diff_rows(state["edit_base_rows"], candidate.rows, table.key)
                      if candidate.rows else TableDiff())
    show_report(candidate.report, lang)
    if not candidate.report.ok:
        return
    show_diff(candidate.diff, lang, table)
    if candidate.diff.is_empty:
        return
    comment = st.text_input(t("comment", lang), key=state.key("edit_comment"))
    if st.button(t("save", lang), type="primary", key=state.key("save_edits")):
        save(state, candidate.rows, user, comment, lang)


def saved(record, lang: str) -> None:
    """After any successful save: say so, reload the editors from disk, rerun."""
    st.session_state["flash"] = t("saved", lang, version=record.version)
    for table in EDITABLE_TABLES.values():
        EditorState(table).load(force=True)
    st.rerun()


def save(state: EditorState, rows: list[dict[str, str]], user: str, comment: str,
         lang: str) -> None:
    try:
        record = save_table(data_dir(), state.table, rows, state["edit_base_version"], user,
                            comment)
    except ConflictError as error:
        state["edit_rows"] = rows
        state["edit_conflict"] = error
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


def show_conflict(state: EditorState, lang: str) -> None:
    conflict: ConflictError = state["edit_conflict"]
    key = state.table.key
    st.warning(t("conflict", lang))
    show_diff(diff_rows(state["edit_base_rows"], conflict.current_rows, key), lang, state.table)
    left, right = st.columns(2)
    if left.button(t("reapply", lang), key=state.key("reapply")):
        merged = rebase(state["edit_base_rows"], state["edit_rows"], conflict.current_rows, key)
        for name, value in (("edit_base_version", conflict.current_version),
                            ("edit_base_rows", conflict.current_rows),
                            ("edit_rows", merged.rows), ("edit_conflict", None),
                            ("editor_generation", state["editor_generation"] + 1)):
            state[name] = value
        st.session_state["edit_both_changed"] = merged.conflicts
        st.session_state["flash"] = t("reapplied", lang)
        st.rerun()
    if right.button(t("discard", lang), key=state.key("discard")):
        state.load(force=True)
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
    # plain (table name, version) options: Streamlit copies option objects
    options = [(table.name, version) for table, version in restorable_versions(records)]
    choice = st.selectbox(t("version", lang), options, key="restore_version",
                          format_func=lambda pair: f"{pair[0]}.csv · {pair[1]}")
    if choice is not None and st.button(t("restore", lang), key="restore_button"):
        table, version = EDITABLE_TABLES[choice[0]], choice[1]
        try:
            record = restore(data_dir(), version, user, table=table)
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
    tabs = st.tabs([t("edit_table", lang), t("edit_targets", lang), t("import_file", lang),
                    t("history", lang), t("outline_tab", lang)])
    with tabs[0]:
        edit_table(user, lang, ZONES)
    with tabs[1]:
        edit_table(user, lang, TARGETS)
    with tabs[2]:
        import_file(user, lang)
    with tabs[3]:
        history_tab(user, lang)
    with tabs[4]:
        outline_tab(user, lang)


render()
