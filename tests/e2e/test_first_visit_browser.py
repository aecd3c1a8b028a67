"""A session's first visit in Chromium: the map is drawn before the sidebar's controls are
sent, the controls follow as soon as the map reports its zones drawn (two more script runs, and
none after), and they still come, after ui.context.FALLBACK_S, when the map cannot draw."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from ui.context import FALLBACK_S
from zones.i18n import t
from zones.maps import CONTROLS_PENDING_KEY

from .conftest import MAP_IFRAME, App, attach_watch
from .test_app_browser import PHONE

pytestmark = pytest.mark.e2e

ZONES_DRAWN = ".zone-shape, .zone-point, .marker-cluster"
PENDING = f".st-key-{CONTROLS_PENDING_KEY}"
KIND_FILTER = ".st-key-f_kinds"


def zones_drawn(app: App) -> None:
    frame = app.page.frame_locator(MAP_IFRAME).first
    frame.locator(ZONES_DRAWN).first.wait_for(state="attached")


def runs_after(app: App, before: int, quiet_s: float) -> int:
    """Script runs since `before`, once none has started for `quiet_s` seconds."""
    return app.settle(quiet_s=quiet_s) - before


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_controls_follow_the_drawn_map(app, browser, app_server, phone):
    if phone:
        context = browser.new_context(**PHONE)
        app = App(context.new_page(), app_server, attach_watch(context.pages[0]))
    try:
        before = app.server.runs()
        app.page.goto(app.server.url)
        zones_drawn(app)
        # then the controls: the kind filter in the sidebar, colours and base map under the map
        expect(app.page.locator(KIND_FILTER)).to_have_count(1)
        expect(app.page.locator(".st-key-color_by")).to_be_visible()
        expect(app.page.locator(PENDING)).to_have_count(0)
        # the first run, the one the map's report starts, which starts the run drawing the
        # controls where every later run draws them (app.py); the timer is gone with them
        assert runs_after(app, before, quiet_s=FALLBACK_S + 1.5) == 3
        if phone:  # the sidebar is folded on a phone: open it, then tap a filter's option
            app.page.get_by_test_id("stExpandSidebarButton").tap()
            sidebar = app.sidebar()
            expect(sidebar).to_have_attribute("data-collapsed", "false")
            app.page.wait_for_timeout(600)  # until it has slid in
            kinds = sidebar.locator(KIND_FILTER).locator("input")
            kinds.tap()
            option = app.page.get_by_role("option", name="KCN · Khu công nghiệp", exact=True)
            expect(option).to_be_visible()
            option.tap()
        else:
            app.choose_in_multiselect("Loại", "KCN · Khu công nghiệp")
        expect(app.page).to_have_url(re.compile(r"kind=KCN"))
    finally:
        if phone:
            context.close()


def test_going_back_to_the_map_costs_no_extra_run(app):
    app.open("/")
    app.page.get_by_role("link", name=t("page.provinces", "vi"), exact=True).click()
    app.wait_idle()
    before = app.settle()
    app.page.get_by_role("link", name=t("page.map", "vi"), exact=True).click()
    zones_drawn(app)
    expect(app.page.locator(KIND_FILTER)).to_have_count(1)
    assert runs_after(app, before, quiet_s=2.0) == 1  # the page switch only


def test_the_controls_come_even_when_the_map_cannot_draw(app):
    app.page.route("**/leaflet-bundle.js", lambda route: route.abort())
    start = time.monotonic()
    app.page.goto(app.server.url)
    expect(app.page.get_by_text(t("controls_loading", "vi"))).to_be_visible()
    expect(app.page.locator(KIND_FILTER)).to_have_count(1, timeout=(FALLBACK_S + 15) * 1000)
    assert time.monotonic() - start >= FALLBACK_S
    expect(app.page.locator(PENDING)).to_have_count(0)
    # the frame's failed script is the test's doing, not the app's
    app.watch.page_errors.clear()
    app.watch.console.clear()
