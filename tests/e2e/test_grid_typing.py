"""What staff type in the Edit page's grid reaches validation unchanged (issue 7).

Before, the fill_pct column was a number column: 146 was stored as 100, '46,5' as 100, -5 as 5
and 'abc' emptied the cell, with "1 cell changed" and Save offered. Now each wrong value is a
problem with its fix in the tab and no Save button; a Vietnamese decimal comma is a number.
"""

from __future__ import annotations

import re

import pytest

from zones.store import load_dataset

from .test_app_browser import expect
from .test_edit_browser import (
    FILL_COLUMN,
    PASSWORD,
    ZONE,
    sign_in,
    staff_server,
    type_into_first_row,
)

pytestmark = pytest.mark.e2e
__all__ = ["staff_server"]  # the module-scoped server fixture, shared with the editing tests

WRONG = [
    ("146", "146 lớn hơn 100"),
    ("-5", "-5 nhỏ hơn 0"),
    ("abc", "'abc' không phải là số"),
    ("1,234", "'1,234' không rõ nghĩa"),
]


def open_editor(app) -> None:
    app.open("/")
    sign_in(app, "lan", PASSWORD)
    app.sidebar().get_by_role("link", name="Chỉnh sửa").click()
    app.wait_idle()


@pytest.mark.parametrize(("typed", "problem"), WRONG, ids=[w[0] for w in WRONG])
def test_wrong_value_is_a_problem_and_save_is_refused(open_app, staff_server, typed: str,
                                                     problem: str) -> None:
    app = open_app(staff_server)
    open_editor(app)
    before = (staff_server.data_dir / "zones.csv").read_bytes()
    type_into_first_row(app, FILL_COLUMN, typed)
    main = app.page.get_by_test_id("stMainBlockContainer")
    expect(main.get_by_text("1 lỗi cần sửa trước khi lưu")).to_be_visible()
    # the problem, with its fix, in the tab
    expect(main.get_by_text(re.compile(re.escape(problem) + ".*Cách sửa"))).to_be_visible()
    expect(app.page.get_by_role("button", name="Lưu", exact=True)).to_have_count(0)
    assert (staff_server.data_dir / "zones.csv").read_bytes() == before
    if typed == "146":
        app.screenshot("grid-146-refused")


def test_decimal_comma_is_a_number_and_saves(open_app, staff_server) -> None:
    app = open_app(staff_server)
    open_editor(app)
    type_into_first_row(app, FILL_COLUMN, "46,5")
    main = app.page.get_by_test_id("stMainBlockContainer")
    expect(main.get_by_text("0 thêm, 0 xóa, 1 ô đổi")).to_be_visible()
    expect(main.get_by_text("lỗi cần sửa")).to_have_count(0)
    app.page.get_by_role("button", name="Lưu", exact=True).click()
    app.wait_idle()
    expect(app.page.get_by_text("Đã lưu phiên bản")).to_be_visible()
    log = (staff_server.data_dir / "history" / "changelog.jsonl").read_text()
    assert load_dataset(staff_server.data_dir).zone(ZONE)["fill_pct"] == 46.5, log[-800:]
