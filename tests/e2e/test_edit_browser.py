"""Staff editing in a real browser: sign in, change a zone's fill in the table, save, and see
the new figure on the map."""

from __future__ import annotations

import re
import shutil

import argon2
import pytest

from zones import auth
from zones.store import load_dataset

from .test_app_browser import BUNDLED_DATA, expect

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery"
ZONE = "kkt-nhon-hoi"  # first row of the bundled table; its fill rate is unknown
FILL_COLUMN = 12  # position of fill_pct among the editor's columns


@pytest.fixture(scope="module")
def staff_server(launch_app, tmp_path_factory):
    """A server on its own data copy, with one staff account in ZONES_USERS."""
    work = tmp_path_factory.mktemp("e2e-edit")
    data_dir = work / "data"
    shutil.copytree(BUNDLED_DATA, data_dir, ignore=shutil.ignore_patterns("history", ".*lock"))
    hasher = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(auth.USERS_ENV, f"lan={hasher.hash(PASSWORD)}")
        with launch_app(data_dir, work) as server:
            yield server


def sign_in(app, name: str, password: str) -> None:
    app.sidebar().get_by_text("Cán bộ cập nhật dữ liệu").click()
    app.page.get_by_label("Tên đăng nhập").fill(name)
    app.page.get_by_label("Mật khẩu").fill(password)
    app.page.get_by_role("button", name="Đăng nhập").click()
    app.wait_idle()


def type_into_first_row(app, column: int, text: str) -> None:
    """Select the first row's first cell, move right to `column`, and type a new value."""
    grid = app.page.get_by_test_id("stDataFrame").first
    grid.wait_for()
    box = grid.bounding_box()
    app.page.mouse.click(box["x"] + 95, box["y"] + 53)
    for _ in range(column):
        app.page.keyboard.press("ArrowRight")
    app.page.keyboard.press("Enter")  # open the cell editor
    app.page.wait_for_timeout(300)
    app.page.keyboard.type(text, delay=50)
    app.page.keyboard.press("Enter")
    app.wait_idle()


def test_wrong_password_gives_no_edit_page(open_app, staff_server):
    app = open_app(staff_server)
    app.open("/")
    sign_in(app, "lan", "not the password")
    expect(app.sidebar().get_by_text("Sai tên đăng nhập hoặc mật khẩu.")).to_be_visible()
    expect(app.sidebar().get_by_role("link", name="Chỉnh sửa")).to_have_count(0)


def test_sign_in_change_fill_save_and_see_it_on_the_map(open_app, staff_server):
    app = open_app(staff_server)
    app.open("/")
    sign_in(app, "lan", PASSWORD)
    expect(app.sidebar().get_by_text("Đã đăng nhập: lan")).to_be_visible()
    app.sidebar().get_by_role("link", name="Chỉnh sửa").click()
    app.wait_idle()

    type_into_first_row(app, FILL_COLUMN, "55")
    changes = app.page.get_by_test_id("stMainBlockContainer").get_by_text("0 thêm, 0 xóa, 1 ô đổi")
    expect(changes).to_be_visible()
    app.page.get_by_label("Ghi chú thay đổi (không bắt buộc)").fill("e2e: fill 55")
    app.page.get_by_role("button", name="Lưu").click()
    app.wait_idle()
    expect(app.page.get_by_text("Đã lưu phiên bản")).to_be_visible()
    app.screenshot("edit-saved")
    assert load_dataset(staff_server.data_dir).zone(ZONE)["fill_pct"] == 55

    app.sidebar().get_by_role("link", name="Bản đồ", exact=True).click()
    app.wait_idle()
    popup = app.open_popup_at(13.8833, 109.2333)
    expect(popup).to_contain_text(ZONE)
    expect(popup).to_contain_text(re.compile(r"\b55\s?%"))  # the saved figure, Vietnamese style
    app.screenshot("edit-visible-on-map")


def test_history_restore_preview_and_recovery_panel(open_app, staff_server):
    """History in labelled columns, a restore preview behind a confirmation, and — once the
    current zones.csv is broken — the recovery panel instead of a blank page."""
    from zones.edits import content_version, read_rows, save_table
    from zones.schema import ZONES
    from zones.versions import read_log

    data_dir = staff_server.data_dir
    rows = read_rows(data_dir / "zones.csv", ZONES)
    rows[0]["developer"] = "e2e: Công ty thử"
    save_table(data_dir, ZONES, rows, content_version(data_dir / "zones.csv"), "lan")
    app = open_app(staff_server)
    app.open("/")
    sign_in(app, "lan", PASSWORD)
    app.sidebar().get_by_role("link", name="Chỉnh sửa").click()
    app.wait_idle()
    app.page.get_by_role("tab", name="Lịch sử").click()
    app.wait_idle()
    main = app.page.get_by_test_id("stMainBlockContainer")
    expect(main.get_by_text("sẽ thay đổi:")).to_be_visible()
    restore_button = app.page.get_by_role("button", name="Khôi phục phiên bản này")
    expect(restore_button).to_be_disabled()
    app.screenshot("edit-history-restore-preview")

    (data_dir / "zones.csv").write_bytes(b"zone_id,name\n\x00\x00broken\n")
    app.sidebar().get_by_role("link", name="Chỉnh sửa").click()  # a rerun, same session
    app.wait_idle()
    expect(app.page.get_by_text("Khôi phục dữ liệu")).to_be_visible()
    app.screenshot("edit-recovery-panel")
    app.page.get_by_text("Tôi xác nhận").click()
    app.wait_idle()
    app.page.get_by_role("button", name="Khôi phục phiên bản này").click()
    app.wait_idle()
    expect(app.page.get_by_text("Đã lưu phiên bản")).to_be_visible()
    assert read_log(data_dir).records[0].action == "restore"
    assert load_dataset(data_dir).zones is not None  # valid again
