"""Provinces & targets in a real browser: click (desktop) or tap (phone) a matrix cell and the
target's detail opens with its figure, date and source. Needs /usr/bin/chromium and playwright.
"""

from __future__ import annotations

import datetime as dt

import pytest

from zones.store import load_dataset
from zones.targets import (
    MATRIX_COLUMN_PX,
    MATRIX_INDEX_PX,
    MATRIX_ROW_PX,
    assess_targets,
    status_matrix,
    status_text,
)

from .conftest import DEFAULT_TIMEOUT_MS, EXTERNAL_URL, App, attach_watch

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest fixtures skip (or fail under CI) without playwright
    expect = None

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def expected(data_copy):
    """The matrix and the Hòa Bình fill target as the library computes them today."""
    dataset = load_dataset(data_copy)
    names = dict(zip(dataset.zones["zone_id"], dataset.zones["name"], strict=True))
    assessments = assess_targets(dataset, dt.date.today())
    matrix = status_matrix(assessments, "province", "en", names)
    target = next(a for a in assessments if a.target_id == "hbh-kcn-fill-rate-2025")
    return matrix, target


def matrix_cell_offset(matrix, row_label: str, column: str) -> dict[str, float]:
    """Where a cell's centre is inside the matrix element (fixed widths and row height)."""
    row = list(matrix.text.index).index(row_label)
    col = list(matrix.text.columns).index(column)
    return {"x": MATRIX_INDEX_PX + MATRIX_COLUMN_PX * col + MATRIX_COLUMN_PX / 2,
            "y": MATRIX_ROW_PX * (row + 1) + MATRIX_ROW_PX / 2}


def the_matrix(app):
    main = app.page.get_by_test_id("stMainBlockContainer")
    grid = main.get_by_test_id("stDataFrame").nth(1)  # after the province summary
    expect(grid).to_be_visible()
    grid.evaluate("element => element.scrollIntoView({block: 'start'})")
    return grid


def check_detail(app, target) -> None:
    main = app.page.get_by_test_id("stMainBlockContainer")
    expect(main.get_by_text("Selected target", exact=False)).to_be_visible()
    texts = main.get_by_test_id("stText")
    expect(texts.filter(has_text="Hòa Bình · KCN · Fill rate · 2025")).to_have_count(1)
    expect(texts.filter(has_text=status_text(target, "en"))).to_have_count(1)
    expect(main.get_by_text("Source: Kết quả triển khai Đề án số 07-ĐA/TU",
                            exact=False).first).to_be_visible()
    expect(main.get_by_role("heading", name="Targets of Hòa Bình")).to_be_visible()


def test_click_a_matrix_cell_opens_its_target(open_app, app_server, expected):
    matrix, target = expected
    app = open_app(app_server)
    app.open("/provinces", lang="en")
    app.settle()
    grid = the_matrix(app)
    grid.click(position=matrix_cell_offset(matrix, "KCN · Fill rate · 2025", "Hòa Bình"))
    app.settle()
    check_detail(app, target)
    app.screenshot("provinces-matrix-click-desktop-en")


def test_tap_a_matrix_cell_on_a_phone(browser, app_server, expected):
    matrix, _ = expected
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.route(EXTERNAL_URL, lambda route: route.abort())
    page = context.new_page()
    watch = attach_watch(page)
    try:
        app = App(page, app_server, watch)
        app.open("/provinces", lang="en")
        app.settle()
        grid = the_matrix(app)
        # the first province column is the one a phone shows without scrolling the grid
        offset = matrix_cell_offset(matrix, "KCN · Export share · 2025", "Bình Định")
        box = grid.bounding_box()
        assert offset["x"] < box["width"], "the first province column does not fit on a phone"
        page.touchscreen.tap(box["x"] + offset["x"], box["y"] + offset["y"])
        app.settle()
        main = page.get_by_test_id("stMainBlockContainer")
        expect(main.get_by_text("Selected target", exact=False)).to_be_visible()
        expect(main.get_by_test_id("stText").filter(
            has_text="Bình Định · KCN · Export share · 2025")).to_have_count(1)
        expect(main.get_by_role("heading", name="Targets of Bình Định")).to_be_visible()
        app.screenshot("provinces-matrix-tap-phone-en")
    finally:
        context.close()
    assert watch.page_errors == []
