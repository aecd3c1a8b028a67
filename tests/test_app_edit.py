"""Staff editing under AppTest: sign-in, edit → preview → save, blocked invalid edits, conflicts."""

from __future__ import annotations

from pathlib import Path

import argon2
import pytest
from streamlit.testing.v1 import AppTest

from helpers import ROOT, app_test, shown_table
from zones import auth
from zones.i18n import t
from zones.store import load_dataset

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def accounts(monkeypatch) -> None:
    monkeypatch.setattr(auth, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.setenv("ZONES_USERS", f"lan={auth.hash_password(PASSWORD)};"
                                      f"minh={auth.hash_password(PASSWORD)}")


def app(data_dir: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("ZONES_DATA_DIR", str(data_dir))
    monkeypatch.chdir(ROOT)
    return app_test(60)


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    next(b for b in at.button if b.label == "Đăng nhập").click()
    return at.run()


def edit_page(at: AppTest) -> AppTest:
    return at.switch_page("ui/views/edit_page.py").run()


def edit(at: AppTest, position: int, **cells) -> AppTest:
    key = f"zone_editor_{at.session_state['editor_generation']}"
    at.session_state[key] = {"edited_rows": {position: cells}, "added_rows": [],
                             "deleted_rows": []}
    return at.run()


def test_viewers_have_no_edit_page(data_dir: Path, monkeypatch) -> None:
    at = app(data_dir, monkeypatch).run()
    assert not any(b.key == "save_edits" for b in at.button)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        edit_page(at)  # the page is not even registered for a viewer
    signed_in = sign_in(at, "lan")
    assert signed_in.session_state["staff_user"] == "lan"
    edit_page(signed_in)


def test_wrong_password_is_refused_with_one_message(data_dir: Path, monkeypatch) -> None:
    at = sign_in(app(data_dir, monkeypatch).run(), "lan", "wrong password!!")
    assert "staff_user" not in at.session_state
    assert [e.value for e in at.error] == ["Sai tên đăng nhập hoặc mật khẩu."]
    at = sign_in(at, "nobody", "wrong password!!")
    assert [e.value for e in at.error] == ["Sai tên đăng nhập hoặc mật khẩu."]


def test_edit_preview_save_and_see_it_after_reload(data_dir: Path, monkeypatch) -> None:
    at = edit_page(sign_in(app(data_dir, monkeypatch).run(), "lan"))
    assert [t.value for t in at.title] == ["Chỉnh sửa"]
    edit(at, 1, fill_pct=8.5)
    changes = next(d.value for d in at.dataframe if "Mới" in d.value.columns)
    # labelled in Vietnamese, with the column id staff know from their files
    assert list(changes["Cột"]) == ["Tỷ lệ lấp đầy (%) · fill_pct"]
    assert list(changes["Mới"]) == ["8,5"]  # the reader's decimal comma
    at.text_input(key="edit_comment").input("báo cáo quý 3").run()
    at.button(key="save_edits").click().run()
    assert at.success and at.success[0].value.startswith("Đã lưu phiên bản")
    assert load_dataset(data_dir).zone("kcn-nhon-hoi-b")["fill_pct"] == 8.5
    viewer = app(data_dir, monkeypatch)
    viewer.query_params["zone"] = "kcn-nhon-hoi-b"
    viewer.run()
    viewer.switch_page("ui/views/zone_page.py").run()
    facts = shown_table(viewer.table[0].value)
    assert "8,5%" in set(facts.iloc[:, 1])


@pytest.mark.parametrize(("lang", "shown"), [("vi", "6,9"), ("en", "6.9")])
def test_grid_shows_numbers_per_language_and_untouched_is_no_change(data_dir: Path, monkeypatch,
                                                                    lang: str, shown: str) -> None:
    at = edit_page(sign_in(app(data_dir, monkeypatch).run(), "lan"))
    at.selectbox(key="lang").set_value(lang).run()
    grid = at.dataframe[0].value
    fill = next(column for column in grid.columns if column.endswith("fill_pct"))
    assert grid.loc[3, fill] == shown  # kcn-nhon-hoi-b, spreadsheet row 3
    assert "." not in "".join(grid[fill].dropna()) or lang == "en"
    assert t("no_changes", lang) in [info.value for info in at.info]


def test_invalid_edit_is_blocked_with_row_messages(data_dir: Path, monkeypatch) -> None:
    before = (data_dir / "zones.csv").read_bytes()
    at = edit_page(sign_in(app(data_dir, monkeypatch).run(), "lan"))
    edit(at, 2, fill_pct=146.0)
    assert "zones.csv dòng 4, Tỷ lệ lấp đầy (%) (fill_pct): 146 lớn hơn 100. Cách sửa: dùng giá trị ≥ 0, ≤ 100" in (
        at.code[0].value)
    assert at.code[0].proto.wrap_lines  # long problem lines wrap on a phone
    assert not any(b.key == "save_edits" for b in at.button)
    assert (data_dir / "zones.csv").read_bytes() == before


def test_conflict_between_two_sessions_is_detected_and_resolved(data_dir: Path,
                                                                monkeypatch) -> None:
    lan = edit_page(sign_in(app(data_dir, monkeypatch).run(), "lan"))
    minh = edit_page(sign_in(app(data_dir, monkeypatch).run(), "minh"))
    edit(lan, 1, fill_pct=8.5)
    lan.button(key="save_edits").click().run()
    assert lan.success
    edit(minh, 2, developer="Công ty Nhơn Hòa")
    minh.button(key="save_edits").click().run()
    assert minh.warning and "đồng nghiệp đã lưu" in minh.warning[0].value
    assert load_dataset(data_dir).zone("kcn-nhon-hoa")["developer"] != "Công ty Nhơn Hòa"
    minh.button(key="reapply").click().run()
    minh.button(key="save_edits").click().run()
    assert minh.success
    zones = load_dataset(data_dir)
    assert zones.zone("kcn-nhon-hoi-b")["fill_pct"] == 8.5  # Lan's save kept
    assert zones.zone("kcn-nhon-hoa")["developer"] == "Công ty Nhơn Hòa"  # Minh's re-applied


def test_import_upload_shows_report_and_diff_and_applies_on_confirm(data_dir: Path,
                                                                    monkeypatch) -> None:
    from test_readers import csv_text

    # what Excel writes in a Vietnamese locale: ';' delimiter, decimal commas, BOM
    data = csv_text(";", decimal_comma=True).replace(";6,9;", ";8,5;")
    at = edit_page(sign_in(app(data_dir, monkeypatch).run(), "lan"))
    uploader = next(u for u in at.file_uploader if u.key == "import_upload")
    uploader.set_value(("zones.csv", data.encode("utf-8-sig"), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error] + [c.value for c in at.code]
    changes = next(d.value for d in at.dataframe if "Mới" in d.value.columns)
    assert list(changes["Mới"]) == ["8,5"]
    assert load_dataset(data_dir).zone("kcn-nhon-hoi-b")["fill_pct"] == 6.9  # not yet
    at.button(key="apply_import").click().run()
    assert load_dataset(data_dir).zone("kcn-nhon-hoi-b")["fill_pct"] == 8.5


def test_targets_are_edited_in_their_own_tab(data_dir: Path, monkeypatch) -> None:
    at = edit_page(sign_in(app(data_dir, monkeypatch).run(), "lan"))
    key = f"targets_editor_{at.session_state['targets_editor_generation']}"
    at.session_state[key] = {"edited_rows": {1: {"achieved_value": 3.0}}, "added_rows": [],
                             "deleted_rows": []}
    at.run()
    changes = next(d.value for d in at.dataframe if "Mã mục tiêu" in d.value.columns
                   and "Mới" in d.value.columns)
    assert list(changes["Mã mục tiêu"]) == ["bdi-new-kcn"] and list(changes["Mới"]) == ["3"]
    at.button(key="targets_save_edits").click().run()
    targets = load_dataset(data_dir).targets.set_index("target_id")
    assert targets.loc["bdi-new-kcn", "achieved_value"] == 3


def test_history_and_restore_in_the_app(data_dir: Path, monkeypatch) -> None:
    at = edit_page(sign_in(app(data_dir, monkeypatch).run(), "lan"))
    edit(at, 1, fill_pct=8.5)
    at.button(key="save_edits").click().run()
    assert load_dataset(data_dir).zone("kcn-nhon-hoi-b")["fill_pct"] == 8.5
    history_table = next(d.value for d in at.dataframe if "Phiên bản" in d.value.columns)
    assert list(history_table["Người lưu"]) == ["lan"]
    assert list(history_table["Thao tác"]) == ["Sửa bảng"]
    assert list(history_table["Thay đổi"]) == ["0 thêm, 0 xóa, 1 ô đổi"]
    previous = at.selectbox(key="restore_version").value
    assert [m.value for m in at.markdown] == [f"Khôi phục phiên bản {previous} sẽ thay đổi:",
                                              "- zones\\.csv: 0 thêm, 0 xóa, 1 ô đổi",
                                              "**Ô thay đổi**"]
    cells = at.dataframe[-1].value  # the restore preview names the cell going back
    assert cells.to_dict("records") == [{"Mã khu": "kcn-nhon-hoi-b",
                                         "Cột": cells.iloc[0]["Cột"], "Cũ": "8,5", "Mới": "6,9"}]
    assert "fill_pct" in cells.iloc[0]["Cột"]
    assert at.button(key="restore_button").disabled  # nothing happens without confirming
    at.checkbox(key="restore_confirm").check().run()
    at.button(key="restore_button").click().run()  # default choice: the version before
    assert load_dataset(data_dir).zone("kcn-nhon-hoi-b")["fill_pct"] == 6.9


def test_import_race_keeps_the_version_checked_and_refuses_a_silent_revert(
        data_dir: Path, monkeypatch) -> None:
    """A checks an upload, B saves, A applies: refused, B's change shown, nothing reverted."""
    from test_readers import csv_text

    data = csv_text(";", decimal_comma=True).replace(";6,9;", ";8,5;")
    lan = edit_page(sign_in(app(data_dir, monkeypatch).run(), "lan"))
    uploader = next(u for u in lan.file_uploader if u.key == "import_upload")
    uploader.set_value(("zones.csv", data.encode("utf-8-sig"), "text/csv")).run()
    assert lan.button(key="apply_import")
    minh = edit_page(sign_in(app(data_dir, monkeypatch).run(), "minh"))
    edit(minh, 2, developer="Công ty Nhơn Hòa")
    minh.button(key="save_edits").click().run()
    assert load_dataset(data_dir).zone("kcn-nhon-hoa")["developer"] == "Công ty Nhơn Hòa"
    lan.button(key="apply_import").click().run()
    assert not lan.exception
    assert any("đồng nghiệp đã lưu zones.csv" in w.value for w in lan.warning)
    theirs = next(d.value for d in lan.dataframe if "Mới" in d.value.columns)
    assert list(theirs["Mới"]) == ["Công ty Nhơn Hòa"]
    dataset = load_dataset(data_dir)
    assert dataset.zone("kcn-nhon-hoa")["developer"] == "Công ty Nhơn Hòa"  # not reverted
    assert dataset.zone("kcn-nhon-hoi-b")["fill_pct"] == 6.9  # nothing applied
    lan.button(key="import_recheck").click().run()  # checked again: the revert is visible
    changes = next(d.value for d in lan.dataframe if "Mới" in d.value.columns)
    assert set(changes["Cũ"]) == {"6,9", "Công ty Nhơn Hòa"}


def test_import_tab_handles_targets_and_a_header_only_file_deletes_every_row(
        data_dir: Path, monkeypatch) -> None:
    at = edit_page(sign_in(app(data_dir, monkeypatch).run(), "lan"))
    at.radio(key="import_table").set_value("targets").run()
    header = (data_dir / "targets.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"
    uploader = next(u for u in at.file_uploader if u.key == "import_upload")
    uploader.set_value(("targets.csv", header.encode(), "text/csv")).run()
    assert not at.exception
    removed = next(d.value for d in at.dataframe if "Mã mục tiêu" in d.value.columns)
    assert len(removed) == len((data_dir / "targets.csv").read_text().splitlines()) - 1
    assert at.button(key="apply_import")


def test_staff_get_a_recovery_panel_when_the_data_is_broken(data_dir: Path,
                                                           monkeypatch) -> None:
    at = edit_page(sign_in(app(data_dir, monkeypatch).run(), "lan"))
    edit(at, 1, fill_pct=8.5)
    at.button(key="save_edits").click().run()
    good = (data_dir / "zones.csv").read_bytes()
    (data_dir / "zones.csv").write_bytes(b"zone_id,name\n\x00\x00\x00garbage")
    at.run()
    assert [s.value for s in at.subheader] == ["Khôi phục dữ liệu"]
    assert any("Phiên bản" in d.value.columns for d in at.dataframe)
    at.checkbox(key="restore_confirm").check().run()
    at.button(key="restore_button").click().run()
    assert not at.exception
    assert load_dataset(data_dir).zone("kcn-nhon-hoi-b")["fill_pct"] in (6.9, 8.5)
    assert (data_dir / "zones.csv").read_bytes() != b"zone_id,name\n\x00\x00\x00garbage"
    del good


OIDC_SECRETS = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                         "cookie_secret": "a long random string",
                         "client_id": "zones", "client_secret": "secret",
                         "server_metadata_url": "https://id.example.org/.well-known/"
                                                "openid-configuration"}}


def test_openid_connect_replaces_password_sign_in(data_dir: Path, monkeypatch) -> None:
    at = app(data_dir, monkeypatch)
    at.secrets = OIDC_SECRETS
    at.user = {"is_logged_in": False}
    at.run()
    labels = [b.label for b in at.button]
    assert "Đăng nhập" in labels and not any(i.key == "sign_in_password" for i in at.text_input)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        edit_page(at)
    at.user = {"is_logged_in": True, "email": "lan@gialai.gov.vn"}
    at.run()
    edit_page(at)
    assert [t.value for t in at.title] == ["Chỉnh sửa"]
    assert any("lan@gialai.gov.vn" in c.value for c in at.sidebar.caption)


def test_far_outline_needs_the_override_and_a_reason_in_the_app(data_dir: Path,
                                                               monkeypatch) -> None:
    import json

    far = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
        [[105.84, 20.99], [105.86, 20.99], [105.86, 21.01], [105.84, 21.01], [105.84, 20.99]]]}}
    at = edit_page(sign_in(app(data_dir, monkeypatch).run(), "lan"))
    at.selectbox(key="outline_zone").set_value("kcn-nhon-hoa").run()
    uploader = next(u for u in at.file_uploader if u.key == "outline_file")
    uploader.set_value(("far.geojson", json.dumps(far).encode(), "application/geo+json")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("km" in e.value and "Ranh giới cách điểm của khu" in e.value for e in at.error)
    assert at.button(key="save_outline").disabled
    at.checkbox(key="outline_force").check().run()
    assert at.button(key="save_outline").disabled  # a reason is required too
    at.text_input(key="outline_reason").input("Quyết định 12/QĐ-UBND dời vị trí").run()
    assert not at.button(key="save_outline").disabled
    at.button(key="save_outline").click().run()
    assert "kcn-nhon-hoa" in load_dataset(data_dir).outlines
    from zones.versions import read_log

    assert read_log(data_dir).records[0].comment == "Quyết định 12/QĐ-UBND dời vị trí"
