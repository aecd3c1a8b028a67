"""Staff editing in a real browser: sign in, change a zone's fill in the table, save, and see
the new figure on the map."""

from __future__ import annotations

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
    expect(app.sidebar().get_by_text("Wrong user name or password.")).to_be_visible()
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
    app.map_frame()
    app.wait_for_leaflet("true")
    popup_text = app.leaflet(
        "(() => { let found = null; map.eachLayer(layer => {"
        " const p = layer.getPopup && layer.getPopup();"
        " if (!p) return; const c = p.getContent();"
        " const text = typeof c === 'string' ? c : c.textContent;"
        f" if (text.includes('{ZONE}')) found = text; }}); return found; }})()"
    )
    assert popup_text and "55 %" in popup_text
    app.screenshot("edit-visible-on-map")
