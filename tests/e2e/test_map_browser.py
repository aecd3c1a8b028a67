"""The map as people read it: decluttered at country zoom, names when zoomed in, colour by
status/fill/area with its legend, the legend out of a tooltip's way, no focus square, search
as people type, and a phone tap that opens the zone's card on screen.

Needs /usr/bin/chromium and the playwright package (see conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zones.geo import zones_geodataframe
from zones.store import load_dataset
from zones.tooltip import tooltip_texts

from .conftest import App, attach_watch

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=15_000)

PHU_TAI = "kcn-phu-tai"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}

# In the map iframe: points drawn + zones counted inside cluster circles.
COUNT_DRAWN_JS = """() => {
  const points = document.querySelectorAll('path.zone-point').length;
  const clusters = [...document.querySelectorAll('.zone-cluster')];
  return [points, clusters.length,
          clusters.reduce((sum, c) => sum + parseInt(c.textContent, 10), 0)];
}"""


@pytest.fixture(scope="module")
def zones(data_copy: Path):
    dataset = load_dataset(data_copy)
    return zones_geodataframe(dataset.zones, dataset.outlines).set_index("zone_id")


# In an element: how many boxes (wrapped lines) each of its text nodes is drawn in.
TEXT_LINE_BOXES_JS = """el => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), boxes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    boxes.push(range.getClientRects().length);
  }
  return boxes;
}"""


def frame_handle(app: App):
    return app.page.locator('iframe[src*="streamlit_folium"]').first.element_handle().content_frame()


def zone_point_on_page(app: App, zones, zone_id: str) -> tuple[float, float]:
    zone = zones.loc[zone_id]
    x, y = app.leaflet(
        f"(p => [p.x, p.y])(map.latLngToContainerPoint([{zone['map_lat']}, {zone['map_lon']}]))"
    )
    box = app.page.locator('iframe[src*="streamlit_folium"]').first.bounding_box()
    return box["x"] + x, box["y"] + y


def test_overlapping_zones_are_counted_clusters_at_country_zoom(app, zones):
    app.open("/")
    frame = app.map_frame()
    drawable = int(zones.geometry.notna().sum())
    handle = frame_handle(app)
    handle.wait_for_function("() => document.querySelectorAll('.zone-cluster').length > 0")
    points, clusters, inside = handle.evaluate(COUNT_DRAWN_JS)
    assert clusters >= 1 and points + inside == drawable
    # Every zone is still there once zoomed in (clusters open up).
    expect(app.near_shapes()).to_have_count(drawable)
    expect(frame.locator(".zones-legend")).to_contain_text("Chú giải: Tình trạng")
    # The scale bar is metric only: one line, in m or km, no miles or feet.
    expect(frame.locator(".leaflet-control-scale-line")).to_have_count(1)
    expect(frame.locator(".leaflet-control-scale-line")).to_have_text(re.compile(r"^\d+ k?m$"))


def test_names_are_written_when_zoomed_in(app, zones):
    app.open("/")
    frame = app.map_frame()
    expect(frame.locator(".zone-label")).to_have_count(0)
    zone = zones.loc[PHU_TAI]
    app.leaflet(f"map.setView([{zone['map_lat']}, {zone['map_lon']}], 12, {{animate: false}})")
    expect(frame.locator(".zone-label", has_text=zone["name"])).to_be_visible()
    app.screenshot("map-labels-zoomed-in")


def test_a_filter_redraws_the_zones_in_the_map_already_drawn(app, zones):
    """No new frame, no new Leaflet map: the zones change in place and the view stays while
    some of the new zones are in it; filtered to zones elsewhere, the map moves to them."""
    app.open("/")
    frame = app.map_frame()
    zone = zones.loc[PHU_TAI]
    app.leaflet(f"map.setView([{zone['map_lat']}, {zone['map_lon']}], 11, {{animate: false}})")
    app.leaflet("(window.e2eSameMap = map, true)")
    view = app.leaflet("[map.getCenter().lat, map.getCenter().lng, map.getZoom()]")
    app.choose_in_multiselect("Loại", "KCN · Khu công nghiệp")
    app.wait_idle()
    kcn = zones[(zones["kind"] == "KCN") & zones.geometry.notna()]
    expect(frame.locator("path.zone-shape")).to_have_count(len(kcn))
    assert app.leaflet("window.e2eSameMap === map")
    assert app.leaflet("[map.getCenter().lat, map.getCenter().lng, map.getZoom()]") == view
    expect(frame.locator(".zone-label", has_text=zone["name"])).to_be_visible()
    # Only zones far from this view: the same map moves to them.
    far = kcn[(kcn["map_lat"] - zone["map_lat"]).abs() > 3]
    province = far["province"].value_counts().index[0]
    app.choose_in_multiselect("Tỉnh/thành", province)
    app.wait_idle()
    shown = kcn[kcn["province"] == province]
    first = shown.iloc[0]
    app.wait_for_leaflet(f"map.getBounds().contains([{first['map_lat']}, {first['map_lon']}])")
    expect(app.near_shapes()).to_have_count(len(shown))
    assert app.leaflet("window.e2eSameMap === map")


@pytest.mark.parametrize(
    ("choice", "legend_title", "legend_entry"),
    [
        ("Tỷ lệ lấp đầy", "Chú giải: Tỷ lệ lấp đầy", "từ 75% trở lên"),
        ("Diện tích", "Chú giải: Diện tích", "dưới 100 ha"),
    ],
)
def test_colour_by_fill_or_area_with_matching_legend(app, choice, legend_title, legend_entry):
    app.open("/")
    app.map_frame()
    main = app.page.get_by_test_id("stMainBlockContainer")
    main.get_by_test_id("stSelectbox").filter(
        has=app.page.get_by_text("Tô màu theo", exact=True)).click()
    app.page.get_by_role("option", name=choice, exact=True).click()
    app.wait_idle()
    frame = app.map_frame()
    legend = frame.locator(".zones-legend")
    expect(legend).to_contain_text(legend_title)
    expect(legend).to_contain_text(legend_entry)
    expect(legend).to_contain_text("chưa rõ")


def test_legend_steps_aside_for_a_tooltip_and_no_focus_square(app, zones):
    app.open("/", q="Phu Tai")
    frame = app.map_frame()
    legend = frame.locator(".zones-legend")
    expect(legend).to_be_visible()
    # Put the zone just above the legend, so its tooltip (beside the pointer) would cover it.
    box = legend.bounding_box()
    frame_box = app.page.locator('iframe[src*="streamlit_folium"]').first.bounding_box()
    target_x = box["x"] - frame_box["x"] + box["width"] / 2
    target_y = box["y"] - frame_box["y"] - 8
    zone = zones.loc[PHU_TAI]
    app.leaflet(
        f"(p => map.panBy([p.x - {target_x}, p.y - {target_y}], {{animate: false}}))"
        f"(map.latLngToContainerPoint([{zone['map_lat']}, {zone['map_lon']}]))"
    )
    x, y = zone_point_on_page(app, zones, PHU_TAI)
    app.page.mouse.move(x, y)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(zone["name"])
    # Word for word what the 3-D view's tooltip says (one spec: zones.tooltip).
    assert tooltip.inner_text() == tooltip_texts(zones.loc[[PHU_TAI]], "vi")[0]
    # A tooltip must not shrink to its longest word: a line takes one or two drawn lines (it
    # wraps at half the map's width, so that it fits on either side of the map's centre).
    assert max(tooltip.evaluate(TEXT_LINE_BOXES_JS)) <= 2
    tip, frame_box = tooltip.bounding_box(), app.page.locator(
        'iframe[src*="streamlit_folium"]').first.bounding_box()
    assert tip["width"] <= frame_box["width"] / 2
    expect(legend).to_be_hidden()
    app.page.mouse.move(frame_box["x"] + frame_box["width"] - 20, frame_box["y"] + 80)
    expect(tooltip).to_have_count(0)
    expect(legend).to_be_visible()

    app.page.mouse.click(x, y)
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(f"Mã khu: {PHU_TAI}")
    outline = frame_handle(app).evaluate(
        "() => { const el = document.activeElement;"
        " return el ? getComputedStyle(el).outlineStyle : 'none'; }")
    assert outline == "none"


@pytest.mark.parametrize("query", ["KCN Phú Tài", "khu công nghiệp phú tài", "kcn phu tai"])
def test_search_as_people_write_names(app, query):
    app.open("/")
    box = app.sidebar().get_by_role("textbox", name="Tìm theo tên (không cần dấu)")
    box.fill(query)
    box.press("Enter")
    app.wait_idle()
    expect(app.page.get_by_text("1 khu", exact=True)).to_be_visible()
    # one zone, in view at the country's zoom: its point shows, its shape once zoomed in
    expect(app.map_frame().locator("path.zone-point")).to_have_count(1)
    expect(app.near_shapes()).to_have_count(1)


def test_slider_values_are_whole_numbers(app):
    app.open("/")
    sidebar = app.sidebar()
    expect(sidebar.get_by_test_id("stSliderThumbValue").first).to_be_visible()
    values = sidebar.get_by_test_id("stSliderThumbValue").all_inner_texts()
    assert values and all("." not in value for value in values), values


def test_phone_tap_opens_the_card_on_screen(browser, app_server, zones):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        watch = attach_watch(page)
        app = App(page, app_server, watch)
        app.open("/", q="Phu Tai")
        frame = app.map_frame()
        shape = frame.locator("path.zone-shape").first
        shape.scroll_into_view_if_needed()
        expect(shape).to_be_visible()
        name = zones.loc[PHU_TAI, "name"]
        x, y = zone_point_on_page(app, zones, PHU_TAI)
        page.touchscreen.tap(x, y)
        heading = page.get_by_test_id("stMainBlockContainer").get_by_role(
            "heading", name=name, exact=True)
        expect(heading).to_be_visible()
        expect(heading).to_be_in_viewport()
        assert f"zone={PHU_TAI}" in page.evaluate("location.search")
        # The popup stays inside the map on a narrow screen.
        popup = app.map_frame().locator(".leaflet-popup")
        if popup.count():
            map_box = page.locator('iframe[src*="streamlit_folium"]').first.bounding_box()
            pop = popup.first.bounding_box()
            assert map_box["x"] - 1 <= pop["x"] and pop["x"] + pop["width"] <= (
                map_box["x"] + map_box["width"] + 1)
        app.screenshot("map-phone-tap-card")
        assert watch.page_errors == []
    finally:
        context.close()


# --- the 3-D view ------------------------------------------------------------------------------


def test_3d_view_draws_columns_offline_and_a_click_opens_the_card(app, zones):
    outside: list[str] = []
    app.page.on("request", lambda request: outside.append(request.url)
                if not request.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    app.open("/3d", q="Phu Tai")
    canvas = app.page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    expect(canvas).to_be_visible(timeout=45_000)  # WebGL start-up is slow on a busy machine
    expect(app.page.get_by_text("Chiều cao cột: diện tích", exact=False)).to_be_visible()
    expect(app.page.get_by_text("Đang hoạt động", exact=True).first).to_be_visible()
    app.settle()
    # Something is drawn: the canvas is not one flat colour.
    colours = canvas.evaluate("""c => {
      const copy = document.createElement('canvas');
      copy.width = 64; copy.height = 64;
      const g = copy.getContext('2d');
      g.drawImage(c, 0, 0, 64, 64);
      const px = g.getImageData(0, 0, 64, 64).data, seen = new Set();
      for (let i = 0; i < px.length; i += 4) seen.add(px[i] + ',' + px[i + 1] + ',' + px[i + 2]);
      return seen.size;
    }""")
    assert colours > 2
    # One zone: its column stands at the centre of the view.
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 - 60
    app.page.mouse.move(x, y)
    expect(app.page.get_by_text("Khu công nghiệp · Đang hoạt động")).to_be_visible()  # tooltip
    # Word for word what the Leaflet map's tooltip says (one spec: zones.tooltip).
    assert app.page.locator(".deck-tooltip").inner_text() == tooltip_texts(
        zones.loc[[PHU_TAI]], "vi")[0]
    app.page.mouse.click(x, y)
    name = zones.loc[PHU_TAI, "name"]
    heading = app.page.get_by_test_id("stMainBlockContainer").get_by_role(
        "heading", name=name, exact=True)
    expect(heading).to_be_visible()
    app.page.wait_for_function(f"() => location.search.includes('zone={PHU_TAI}')")
    app.screenshot("deck-click-kcn-phu-tai")
    assert outside == [] or all("fonts.gstatic.com" in url for url in outside), outside


def test_a_first_visit_runs_the_page_then_the_controls_and_nothing_more(app):
    """The map's first value equals its default, so mounting it reruns nothing by itself; a
    session's first visit runs the page, then the run the map's report starts, which reruns
    with the sidebar's controls (ui.context). Nothing after that."""
    before = app.server.runs()
    app.open("/")
    app.map_frame()
    assert app.settle() - before == 3


def test_a_tooltip_at_the_centre_of_the_map_stays_inside_it(app, zones):
    app.open("/", q="Phu Tai")
    frame = app.map_frame()
    expect(frame.locator("path.zone-shape")).to_have_count(1)
    zone = zones.loc[PHU_TAI]
    app.leaflet(f"map.setView([{zone['map_lat']}, {zone['map_lon']}], 9, {{animate: false}})")
    x, y = zone_point_on_page(app, zones, PHU_TAI)
    app.page.mouse.move(x, y)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(zone["name"])
    tip = tooltip.bounding_box()
    frame_box = app.page.locator('iframe[src*="streamlit_folium"]').first.bounding_box()
    assert frame_box["x"] <= tip["x"] and tip["x"] + tip["width"] <= frame_box["x"] + frame_box[
        "width"], (tip, frame_box)
