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
from zones.display import editor_header
from zones.edits import (
    EDITABLE_TABLES,
    Candidate,
    ConflictError,
    FolderChange,
    NothingToSave,
    OutlineNeedsOverride,
    SaveError,
    TableDiff,
    ValidationFailed,
    check_edit,
    check_upload,
    content_version,
    current_rows,
    delete_outline,
    delete_outline_preview,
    diff_rows,
    history_rows,
    raw_rows,
    rebase,
    restorable_versions,
    restore,
    restore_preview,
    save_outline,
    save_table,
)
from zones.formatting import format_area, format_timestamp
from zones.i18n import Message, t
from zones.i18n import render as render_message
from zones.readers import ReadError, grid_number_text, grid_rows, read_grid_rows
from zones.schema import TARGETS, ZONES, ColumnType, Table, column_help, column_label
from zones.store import default_data_dir
from zones.validate import Report, read_problem
from zones.versions import read_log


def require_staff(lang: str) -> str:
    user = staff_user()
    if not user:  # reached by URL without signing in
        st.error(t("auth.staff_only", lang))
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
            rows = current_rows(data_dir(), self.table) or []
            for name, value in (("edit_base_version", content_version(path)),
                                ("edit_base_rows", rows), ("edit_rows", rows),
                                ("edit_conflict", None),
                                ("editor_generation", (self["editor_generation"] or 0) + 1)):
                self[name] = value


def column_config(table: Table, lang: str) -> dict:
    """data_editor columns from the schema, with its labels and help. Cells are text: a number
    column would round, clip or drop what staff type (146 → 100, '46,5' → nothing) before
    validation could say why."""
    config = {}
    for column in table.columns:
        label, help_text = editor_header(column.name, lang), column_help(column, lang)
        if column.type is ColumnType.ENUM:
            config[column.name] = st.column_config.SelectboxColumn(
                label, options=list(column.allowed), help=help_text)
        else:
            config[column.name] = st.column_config.TextColumn(label, help=help_text)
    return config


def rows_to_frame(rows: list[dict[str, str]], table: Table) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=table.column_names, dtype=object)
    frame.index = range(2, len(frame) + 2)  # spreadsheet row numbers, as in messages
    frame.index.name = "row"
    return frame


def frame_to_rows(frame: pd.DataFrame) -> list[dict]:  # widget output → plain rows
    return frame.to_dict(orient="records")


def show_report(report: Report, lang: str) -> None:
    if report.errors:
        st.error(render_message("problems", lang, n=len(report.errors)))
        st.code("\n".join(p.text(lang) for p in report.sorted() if p in report.errors),
                language=None, wrap_lines=True)
    if report.warnings:  # folded: the data's standing warnings must not bury the errors
        with st.expander(render_message("warnings_folded", lang, n=len(report.warnings)), icon="⚠️"):
            st.warning("\n".join(f"- {md(p.text(lang))}" for p in report.warnings))


def show_diff(diff: TableDiff, lang: str, table: Table) -> None:
    if diff.is_empty:
        st.info(t("no_changes", lang))
        return
    st.caption(diff.summary().text(lang))
    shown = [c for c in (table.key, "name", "kind", "province", "scope", "metric")
             if c in table.column_names]
    for label, rows in (("diff_added", diff.added), ("diff_removed", diff.removed)):
        if rows:
            st.markdown(f"**{t(label, lang)}**")
            st.dataframe(pd.DataFrame(rows)[shown].rename(columns=lambda c: column_label(c, lang)),
                         hide_index=True)
    show_changed_cells(diff, lang, table)


def show_changed_cells(diff: TableDiff, lang: str, table: Table) -> None:
    """Each changed cell, old → new, numbers written as the grid writes them (exact, in the
    reader's style: '8,5' in Vietnamese)."""
    if diff.changed:
        st.markdown(f"**{t('diff_changed', lang)}**")
        numeric = set(table.numeric_columns)

        def shown(value: str, column: str) -> str:
            return grid_number_text(value, lang) if column in numeric else value

        st.dataframe(pd.DataFrame([{column_label(table.key, lang): c.key,
                                    t("diff_column", lang): editor_header(c.column, lang),
                                    t("old", lang): shown(c.old, c.column),
                                    t("new", lang): shown(c.new, c.column)}
                                   for c in diff.changed]), hide_index=True)


def edit_table(user: str, lang: str, table: Table = ZONES) -> None:
    state = EditorState(table)
    state.load()
    if state["edit_conflict"] is not None:
        show_conflict(state, lang)
    edited = st.data_editor(
        rows_to_frame(grid_rows(state["edit_rows"], table, lang), table), num_rows="dynamic",
        width="stretch",
        column_config=column_config(table, lang), height=420, key=state.editor_key())
    rows = frame_to_rows(edited)
    try:
        raw = read_grid_rows(rows, table, table.filename)
    except ReadError as error:  # a control character or huge text typed or pasted in a cell
        show_report(Report([read_problem(error)]), lang)
        return
    if raw_rows(raw) == grid_rows(state["edit_base_rows"], table, lang):
        st.info(t("no_changes", lang))  # untouched: no need to validate on every rerun
        return
    candidate = check_edit(data_dir(), table, rows, state["edit_base_rows"],
                           state["edit_base_version"])
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
        st.error(md(error.message.text(lang)))
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
    """Upload → report → diff → apply. The base version is the one the file was checked
    against: if a colleague saved since, Apply is refused and their change is shown."""
    name = st.radio(t("import.table", lang), list(EDITABLE_TABLES), key="import_table",
                    format_func=lambda n: EDITABLE_TABLES[n].filename, horizontal=True)
    table = EDITABLE_TABLES[name]
    upload = st.file_uploader(t("upload", lang), type=["csv", "txt", "xlsx"], key="import_upload")
    if upload is None:
        return
    checked_key = (upload.file_id, table.name)
    if st.session_state.get("import_checked_key") != checked_key:
        st.session_state["import_checked_key"] = checked_key
        st.session_state["import_candidate"] = check_upload(data_dir(), upload.getvalue(),
                                                            upload.name, table)
        st.session_state["import_conflict"] = None
    candidate: Candidate = st.session_state["import_candidate"]
    if st.session_state.get("import_conflict") is not None:
        show_import_conflict(candidate, st.session_state["import_conflict"], lang)
        return
    show_report(candidate.report, lang)
    if not candidate.report.ok:
        return
    st.caption(t("import.checked_against", lang, version=candidate.base_version))
    if candidate.current_unreadable:
        st.warning(Message("save.current_unreadable", {"file": table.filename}).text(lang))
    show_diff(candidate.diff, lang, table)
    if not candidate.changes_something:
        return
    if st.button(t("apply_import", lang), type="primary", key="apply_import"):
        try:
            record = save_table(data_dir(), table, candidate.rows, candidate.base_version, user,
                                action="import")
        except ConflictError as error:
            st.session_state["import_conflict"] = error
            st.rerun()
        except ValidationFailed as error:
            show_report(error.report, lang)
            return
        except SaveError as error:
            st.error(md(error.message.text(lang)))
            return
        saved(record, lang)


def show_import_conflict(candidate: Candidate, conflict: ConflictError, lang: str) -> None:
    table = candidate.table
    st.warning(t("import.conflict", lang, file=table.filename))
    show_diff(diff_rows(candidate.base_rows or [], conflict.current_rows, table.key), lang,
              table)
    if st.button(t("import.recheck", lang), key="import_recheck"):
        st.session_state["import_checked_key"] = None  # checked again against their version
        st.rerun()


def show_folder_change(change: FolderChange, lang: str) -> None:
    for summary in change.summaries():
        st.markdown(f"- {md(summary.text(lang))}")
    tables = {table.filename: table for table in EDITABLE_TABLES.values()}
    for name, diff in change.diffs.items():
        if diff is not None and name in tables:
            show_changed_cells(diff, lang, tables[name])


def history_tab(user: str, lang: str) -> None:
    log = read_log(data_dir())
    if log.unreadable:
        st.warning(Message("history.unreadable", {"n": log.unreadable}).text(lang))
    if not log.records:
        st.info(t("history.none", lang))
        return
    st.dataframe(history_rows(log.records, lang), hide_index=True, width="stretch")
    choices = restorable_versions(data_dir())
    if not choices:
        return
    times = {v: format_timestamp(time, lang, missing="") for v, time in choices}
    version = st.selectbox(t("version", lang), [v for v, _ in choices], key="restore_version",
                           format_func=lambda v: f"{v} · {times[v]}".rstrip(" ·"))
    try:
        change = restore_preview(data_dir(), version)
    except SaveError as error:
        st.error(md(error.message.text(lang)))
        return
    st.markdown(md(t("restore.preview", lang, version=version)))
    show_folder_change(change, lang)
    confirmed = st.checkbox(t("confirm", lang), key="restore_confirm")
    if st.button(t("restore", lang), key="restore_button", disabled=not confirmed):
        try:
            record = restore(data_dir(), version, user)
        except SaveError as error:
            st.error(md(error.message.text(lang)))
            return
        saved(record, lang)


def outline_tab(user: str, lang: str) -> None:
    from zones.outline_import import (
        OutlineImportError,
        crs_choices,
        read_corner_table,
        read_outline_file,
    )
    from zones.outline_import import (
        check_candidate as check_outline,
    )
    from zones.outlines import far_off_reasons

    ctx = current()
    zone_ids = list(ctx.dataset.zones["zone_id"])
    names = dict(zip(ctx.dataset.zones["zone_id"], ctx.dataset.zones["name"], strict=True))
    zone_id = st.selectbox(t("choose_zone", lang), zone_ids, key="outline_zone",
                           format_func=lambda z: f"{names[z]} ({z})")
    if zone_id in ctx.dataset.outlines:
        delete_outline_panel(user, zone_id, names[zone_id], lang)
    choices = [("", t("crs_auto", lang)), *crs_choices(lang)]
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
        st.error(md(error.text(lang)))
        return
    problems = check_outline(candidate, zone.to_dict())
    show_report(Report(problems), lang)
    for note in candidate.notes:
        st.caption(md(note.text(lang)))
    st.caption(f"{md(candidate.format_text(lang))} · {md(candidate.source_crs)} · "
               f"{format_area(candidate.area_ha, lang)}")
    show_outline_preview(zone_id, candidate.geometry, lang)
    if not Report(problems).ok:
        return
    reasons = far_off_reasons(candidate.geometry, zone.to_dict())
    force, comment = False, ""
    if reasons:
        st.error("\n".join(f"- {md(r.text(lang))}" for r in reasons) + "\n\n"
                 + md(t("outline.needs_override", lang)))
        force = st.checkbox(t("outline.override", lang), key="outline_force")
        comment = st.text_input(t("outline.override_reason", lang), key="outline_reason")
    if st.button(t("save_outline", lang), type="primary", key="save_outline",
                 disabled=bool(reasons) and not (force and comment.strip())):
        try:
            record = save_outline(data_dir(), zone_id, candidate.geometry, user,
                                  comment=comment, force=force)
        except ValidationFailed as error:
            show_report(error.report, lang)
            return
        except (OutlineNeedsOverride, SaveError) as error:
            st.error(md(error.message.text(lang)))
            return
        saved(record, lang)


def show_outline_preview(zone_id: str, geometry, lang: str) -> None:
    """The new outline over the zone's current position and the zones around it."""
    from zones.geo import zones_geodataframe
    from zones.maps import MapOptions, build_folium_map
    from zones.outlines import preview_zones

    ctx = current()
    zones, outlines = preview_zones(ctx.dataset.zones, ctx.dataset.outlines, zone_id, geometry,
                                    t("outline.new_label", lang))
    st.caption(t("outline.preview_caption", lang))
    st_folium(build_folium_map(zones_geodataframe(zones, outlines), MapOptions(lang=lang)),
              key="outline_preview", returned_objects=[], height=360, use_container_width=True)


def delete_outline_panel(user: str, zone_id: str, name: str, lang: str) -> None:
    with st.expander(t("outline.delete", lang)):
        try:
            change = delete_outline_preview(data_dir(), zone_id)
        except SaveError as error:
            st.error(md(error.message.text(lang)))
            return
        area = current().dataset.outlines[zone_id].geometry
        from zones.geo import geodesic_area_ha

        st.markdown(md(t("outline.delete_preview", lang, zone=name,
                         area=format_area(geodesic_area_ha(area), lang))))
        show_folder_change(change, lang)
        confirmed = st.checkbox(t("confirm", lang), key="outline_delete_confirm")
        if st.button(t("outline.delete", lang), key="outline_delete", disabled=not confirmed):
            try:
                record = delete_outline(data_dir(), zone_id, user)
            except SaveError as error:
                st.error(md(error.message.text(lang)))
                return
            saved(record, lang)


def recovery_panel(user: str, lang: str) -> None:
    """When the data cannot be loaded, staff still get history, restore and import."""
    st.subheader(t("recovery.title", lang))
    st.info(t("recovery.hint", lang))
    tabs = st.tabs([t("history", lang), t("import_file", lang)])
    with tabs[0]:
        history_tab(user, lang)
    with tabs[1]:
        import_file(user, lang)


def render() -> None:
    lang = st.session_state.get("lang", "vi")
    user = require_staff(lang)
    st.title(t("page.edit", lang))
    if st.session_state.get("_context") is None:
        recovery_panel(user, lang)
        return
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
