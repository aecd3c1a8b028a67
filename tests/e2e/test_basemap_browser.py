"""The bundled base layer, province borders, seaports/airports and access distances in a real
browser. Needs /usr/bin/chromium and the playwright package (see conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zones.access import with_access
from zones.filters import ZoneFilter, apply_filter
from zones.geo import zones_geodataframe
from zones.store import load_dataset

pytestmark = pytest.mark.e2e
EXTERNAL_URL = re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])")

DEFAULT_PAGES = [
    ("map", "/map", {}),
    ("3d", "/3d", {}),
    ("provinces", "/provinces", {}),
    ("zone", "/zone", {"zone": "kcn-phu-tai"}),
    ("compare", "/compare", {"compare": ["kcn-phu-tai", "kkt-dung-quat"]}),
    ("data", "/data", {}),
]


@pytest.fixture(scope="module")
def expect(browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    return expect


@pytest.fixture(scope="module")
def zones(data_copy: Path):
    dataset = load_dataset(data_copy)
    return dataset, with_access(zones_geodataframe(dataset.zones, dataset.outlines))


def outside_requests(app) -> list[str]:
    """Record every request that leaves 127.0.0.1 (the harness aborts them, but they count)."""
    seen: list[str] = []
    app.page.context.on("request", lambda request: EXTERNAL_URL.match(request.url)
                        and seen.append(request.url))
    return seen


def base_layer(app, expect, provinces: int) -> None:
    """Wait until the bundled layer is drawn: one label per province, capitals, archipelagos."""
    frame = app.map_frame()
    expect(frame.locator(".bm-province")).to_have_count(provinces)
    expect(frame.locator(".bm-archipelago")).to_have_count(2)
    assert frame.locator(".bm-capital").count() == (63 if provinces == 63 else 34)


@pytest.mark.parametrize(("name", "path", "params"), DEFAULT_PAGES,
                         ids=[p[0] for p in DEFAULT_PAGES])
def test_default_pages_ask_nothing_outside_the_server(app, expect, name, path, params):
    seen = outside_requests(app)
    app.open(path, **params)
    if name in ("map", "zone"):
        base_layer(app, expect, 63)
        icon = app.page.locator("link[rel~='icon']").first.get_attribute("href") or ""
        assert not icon.startswith("http") or icon.startswith(app.server.url)
    app.settle()
    assert seen == [], f"{name}: requests outside the server: {seen}"


def test_base_layer_reads_as_a_map_of_vietnam(app, expect):
    seen = outside_requests(app)
    app.open("/")
    base_layer(app, expect, 63)
    frame = app.map_frame()
    expect(frame.locator(".bm-archipelago").first).to_contain_text("Hoàng Sa")
    expect(frame.locator(".bm-archipelago").nth(1)).to_contain_text("Trường Sa")
    # land drawn over a sea-coloured background; province labels appear when zoomed in
    assert app.leaflet("map.getContainer().style.background").startswith("rgb(207, 224, 236)")
    expect(frame.locator(".leaflet-container.bm-hide-provinces")).to_have_count(1)
    app.leaflet("map.setView([13.8, 109.0], 8, {animate: false})")
    expect(frame.locator(".leaflet-container.bm-hide-provinces")).to_have_count(0)
    expect(frame.locator(".bm-province", has_text="Bình Định")).to_be_visible()
    expect(frame.locator(".bm-capital", has_text="Quy Nhơn")).to_be_visible()
    app.screenshot("basemap-zoomed-binh-dinh", settle=False)
    assert seen == []


VISIBLE_PROVINCE_LABELS_JS = """() => [...document.querySelectorAll('.bm-province')]
  .filter(el => getComputedStyle(el).visibility !== 'hidden')
  .map(el => { const r = el.firstChild.getBoundingClientRect();
               return [el.textContent, r.left, r.top, r.right, r.bottom]; })
  .filter(r => r[3] > r[1])"""


def overlapping(a: list, b: list) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def test_province_borders_follow_the_naming_toggle(app, expect):
    app.open("/")
    base_layer(app, expect, 63)
    app.sidebar().get_by_text("Từ 1/7/2025", exact=True).click()
    app.wait_idle()
    base_layer(app, expect, 34)
    frame = app.map_frame()
    expect(frame.locator(".bm-province", has_text="Gia Lai")).to_have_count(1)
    expect(frame.locator(".bm-province", has_text="Bình Định")).to_have_count(0)
    assert re.search(r"by=province_2025", app.url())
    app.leaflet("map.setView([20.6, 105.9], 6, {animate: false})")  # the Red River delta
    app.page.wait_for_timeout(300)
    shown = app._map_frame_handle().evaluate(VISIBLE_PROVINCE_LABELS_JS)
    assert len(shown) >= 10, shown  # most names are written at zoom 6 …
    for i, a in enumerate(shown):  # … and none is written over another
        for b in shown[i + 1:]:
            assert not overlapping(a, b), (a, b)
    app.screenshot("basemap-34-provinces")


def test_zone_card_and_zone_page_show_straight_line_distances(app, expect, zones):
    _, table = zones
    zone = table.set_index("zone_id").loc["kcn-phu-tai"]
    app.open("/", zone="kcn-phu-tai")
    card = app.page.locator(".st-key-zone_access")
    expect(card).to_contain_text("Khoảng cách đường chim bay")
    expect(card).to_contain_text(f"{zone['seaport']}: ≈")
    expect(card).to_contain_text(zone["airport_vi"])  # the Vietnamese name in Vietnamese
    expect(card).to_contain_text("Quy Nhơn")
    expect(card).to_contain_text("(đường chim bay)")
    app.open("/zone", zone="kcn-phu-tai", lang="en")
    card = app.page.locator(".st-key-zone_access")
    expect(card).to_contain_text("Straight-line distances")
    expect(card).to_contain_text("km straight-line")


def choose_option(app, label: str, option: str) -> None:
    """Open a sidebar selectbox and pick `option`. A rerun that lands between opening the list
    and the click closes it again (seen in CI), so the list is opened again, up to 3 times."""
    box = app.sidebar().get_by_test_id("stSelectbox").filter(
        has=app.page.get_by_text(label, exact=True))
    for attempt in range(3):
        box.click()
        try:
            app.page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            return
        except Exception as error:  # playwright's TimeoutError; imported lazily like all e2e
            if type(error).__name__ != "TimeoutError":
                raise
            if attempt == 2:
                raise
            app.page.keyboard.press("Escape")
            app.wait_idle()


def test_within_km_of_a_seaport_filter(app, expect, zones):
    dataset, table = zones

    def count(km: float) -> int:
        return len(apply_filter(table, ZoneFilter(near=("seaport", km)), dataset.provinces))

    app.open("/", near="seaport-20")
    expect(app.page.get_by_text(f"{count(20)} khu", exact=True)).to_be_visible()
    assert 0 < count(20) < len(table)
    # the sidebar widget: measure to airports instead
    app.wait_idle()
    choose_option(app, "Cách cảng biển/sân bay tối đa", "Sân bay")
    app.wait_idle()
    airports = len(apply_filter(table, ZoneFilter(near=("airport", 20.0)), dataset.provinces))
    expect(app.page.get_by_text(f"{airports} khu", exact=True)).to_be_visible()
    expect(app.page).to_have_url(re.compile(r"near=airport-20"))


def test_seaport_layer_is_a_toggle(app, expect):
    app.open("/")
    frame = app.map_frame()
    expect(frame.locator(".bm-facility")).to_have_count(0)
    frame.locator(".leaflet-control-layers").hover()
    frame.locator(".leaflet-control-layers-overlays label", has_text="Cảng biển").click()
    expect(frame.locator(".bm-facility")).not_to_have_count(0)
    expect(frame.locator(".province-legend")).to_have_count(0)  # only with the choropleth


def test_province_choropleth_click_opens_the_provinces_page(app, expect):
    app.open("/")
    frame = app.map_frame()
    frame.locator(".leaflet-control-layers").hover()
    frame.locator(".leaflet-control-layers-overlays label",
                  has_text="Tỷ lệ lấp đầy theo tỉnh").click()
    app.wait_for_leaflet("document.querySelectorAll('.leaflet-bmChoropleth-pane path').length >= 63")
    legend = frame.locator(".province-legend")
    expect(legend).to_be_visible()  # what the province colours mean, while the layer is on
    expect(legend).to_contain_text("từ 80% trở lên")
    expect(legend).to_contain_text("chưa có số liệu")
    # Kiên Giang's fill rate is known: its polygon is filled, others without zones are not
    app.leaflet("map.setView([9.9, 105.2], 8, {animate: false})")
    app.page.wait_for_timeout(500)
    # click inside Kiên Giang, away from its zones (U Minh Thượng)
    x, y = app.leaflet("(p => [p.x, p.y])(map.latLngToContainerPoint([9.62, 105.1]))")
    box = app.page.locator('iframe[src*="streamlit_folium"]').first.bounding_box()
    app.screenshot("choropleth-legend")
    app.page.mouse.click(box["x"] + x, box["y"] + y)
    expect(app.page.locator("h1", has_text="Tỉnh và mục tiêu")).to_be_visible()
    app.wait_idle()
    app.screenshot("choropleth-click-provinces-page")
    expect(app.page.get_by_text("Mục tiêu của Kiên Giang", exact=True)).to_be_visible()

