"""The app in a real browser: the folium map, filters, clicks, reruns, downloads, languages,
every page, and text from the data that looks like HTML.

Needs /usr/bin/chromium and the playwright package; skipped without them unless CI is set.
Run: `python -m pytest tests/e2e -q -p no:cacheprovider`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from zones.filters import ZoneFilter, apply_filter
from zones.geo import zones_geodataframe
from zones.store import load_dataset

from .conftest import App, attach_watch

try:
    from playwright.sync_api import expect
except ImportError:  # reported below
    expect = None

CHROMIUM = Path("/usr/bin/chromium")
BUNDLED_DATA = Path(__file__).resolve().parents[2] / "data"


def _browser_missing() -> str | None:
    if expect is None:
        return "the playwright Python package is not installed"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


if _browser_missing():
    _reason = f"end-to-end browser tests cannot run: {_browser_missing()}"
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{_reason}. CI is set, so they must run.", pytrace=False)
    pytest.skip(_reason, allow_module_level=True)

pytestmark = pytest.mark.e2e
expect.set_options(timeout=15_000)  # reruns and map redraws can take a few seconds on 2 cores

TIMEOUT_MS = 30_000
KIEN_GIANG = "Kiên Giang"
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_ZONE = "kcn-phu-tai"
PROBE = "e2e-dialog-probe"


# --- expected values, computed with the library from the same data copy ----------------------


@pytest.fixture(scope="session")
def library(data_copy: Path):
    dataset = load_dataset(data_copy)
    return dataset, zones_geodataframe(dataset.zones, dataset.outlines)


def filtered(library, **criteria):
    dataset, zones = library
    return apply_filter(zones, ZoneFilter(**criteria), dataset.provinces)


def drawable_count(library, **criteria) -> int:
    return int(filtered(library, **criteria).geometry.notna().sum())


def zone_name(library, zone_id: str) -> str:
    return str(library[0].zone(zone_id)["name"])


# --- helpers -----------------------------------------------------------------------------------


def shapes(frame):
    return frame.locator("path.zone-shape")



def heading(app, text: str):
    """A heading in the main area whose text is exactly `text`."""
    return app.page.get_by_test_id("stMainBlockContainer").get_by_role(
        "heading", name=text, exact=True
    )


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def click_zone_at(app, zone_id: str, library) -> None:
    """Zoom to a zone (zoomed out, nearby zones are one counted circle) and click it."""
    zone = library[1].set_index("zone_id").loc[zone_id]
    app.leaflet(f"map.setView([{zone['map_lat']}, {zone['map_lon']}], 11, {{animate: false}})")
    x, y = app.leaflet(
        f"(p => [p.x, p.y])(map.latLngToContainerPoint([{zone['map_lat']}, {zone['map_lon']}]))"
    )
    box = app.page.locator('iframe[src*="streamlit_folium"]').first.bounding_box()
    app.page.mouse.click(box["x"] + x, box["y"] + y)


# --- the map -----------------------------------------------------------------------------------


def test_map_draws_every_drawable_zone_without_tiles(app, library):
    app.open("/")
    frame = app.map_frame()
    expected = drawable_count(library)
    assert 0 < expected < len(library[1])  # the data has zones without a position
    # Points close together are counted circles at this zoom (test_map_browser checks sums).
    expect(frame.locator(".zone-cluster").first).to_be_visible()
    expect(frame.locator(".zones-legend")).to_be_visible()
    expect(frame.locator(".zones-legend")).to_contain_text("Chú giải")
    # Zoomed out: points show, shapes wait until zoom >= 10.
    expect(frame.locator(".leaflet-container.zones-far")).to_have_count(1)
    expect(frame.locator("path.zone-point, .zone-cluster").first).to_be_visible()
    expect(shapes(frame)).to_have_count(0)
    expect(app.near_shapes()).to_have_count(expected)
    # Approximate footprints are dashed.
    assert frame.locator("path.zone-shape[stroke-dasharray='6 4']").count() >= 1
    # No tile came from outside (the default is the bundled base layer), yet every zone is drawn.
    tiles = frame.locator("img.leaflet-tile")
    assert tiles.evaluate_all("imgs => imgs.filter(i => /^https?:/.test(i.src) && i.complete"
                              " && i.naturalWidth > 0).length") == 0
    expect(app.page.get_by_text(f"{len(library[1])} khu", exact=True)).to_be_visible()
    app.screenshot("map-all-zones-no-tiles")

    # The harness sees uncaught errors inside the map's iframe (so none were there).
    assert app.watch.page_errors == []
    app.leaflet("setTimeout(() => { throw new Error('e2e-error-probe') }, 0)")
    deadline = time.monotonic() + 10
    while not app.watch.page_errors and time.monotonic() < deadline:
        app.page.wait_for_timeout(100)
    app.page.wait_for_timeout(300)  # both channels may report it
    assert app.watch.page_errors, "an error thrown in the map iframe went unnoticed"
    assert all("e2e-error-probe" in error for error in app.watch.page_errors)
    app.watch.page_errors.clear()


def test_filter_from_url_and_sidebar_widget(app, library):
    app.open("/", province=KIEN_GIANG)
    expect(app.near_shapes()).to_have_count(drawable_count(library, provinces=(KIEN_GIANG,)))
    assert drawable_count(library, provinces=(KIEN_GIANG,)) != drawable_count(library)

    app.choose_in_multiselect("Loại", "KCN · Khu công nghiệp")
    both = {"provinces": (KIEN_GIANG,), "kinds": ("KCN",)}
    expected = drawable_count(library, **both)
    assert expected != drawable_count(library, provinces=(KIEN_GIANG,))
    expect(app.near_shapes()).to_have_count(expected)
    expect(
        app.page.get_by_text(f"{len(filtered(library, **both))} khu", exact=True)
    ).to_be_visible()
    expect(app.page).to_have_url(re.compile(r"kind=KCN"))
    query = query_of(app.url())
    assert query["province"] == [KIEN_GIANG]
    assert query["kind"] == ["KCN"]
    app.screenshot("map-filter-kien-giang-kcn")


def test_click_zone_shows_popup_and_details(app, library):
    app.open("/", q="Phu Tai")
    frame = app.map_frame()
    expect(shapes(frame)).to_have_count(1)
    shape = shapes(frame).first
    expect(shape).to_be_visible()  # one zone: zoomed in, so the shape (not the point) shows
    name = zone_name(library, "kcn-phu-tai")
    expect(heading(app, name)).to_have_count(0)

    shape.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Mã khu: kcn-phu-tai")
    expect(popup).to_contain_text(name)
    expect(heading(app, name)).to_be_visible()
    expect(app.page).to_have_url(re.compile(r"zone=kcn-phu-tai"))
    app.screenshot("map-click-kcn-phu-tai")


def test_open_zone_page_button_keeps_filters(app, library):
    app.open("/", q="Phu Tai", zone="kcn-phu-tai")
    name = zone_name(library, "kcn-phu-tai")
    expect(heading(app, name)).to_be_visible()
    app.page.get_by_role("button", name="Mở trang chi tiết").click()
    app.settle()
    try:
        expect(app.page.get_by_test_id("stException")).to_have_count(0, timeout=2_000)
        expect(app.page.locator("h1", has_text="Chi tiết khu")).to_be_visible()
        expect(app.page.locator("h2", has_text=name)).to_be_visible()
        app.page.wait_for_function(
            "() => location.pathname.endsWith('/zone')"
            " && location.search.includes('zone=kcn-phu-tai')"
        )
        # The name search is still applied (the sidebar keeps its value).
        expect(
            app.sidebar().get_by_role("textbox", name="Tìm theo tên (không cần dấu)")
        ).to_have_value("Phu Tai")
    finally:
        app.screenshot("zone-page-from-map-button", settle=False)


def test_pan_and_zoom_do_not_rerun_the_script(app):
    app.open("/")
    app.map_frame()
    before = app.settle()
    zoom = app.leaflet("map.getZoom()")
    center = app.leaflet("[map.getCenter().lat, map.getCenter().lng]")

    box = app.page.locator('iframe[src*="streamlit_folium"]').first.bounding_box()
    # Over the sea east of Vietnam: no zone under the pointer.
    x, y = box["x"] + box["width"] * 0.85, box["y"] + box["height"] * 0.5
    mouse = app.page.mouse
    mouse.move(x, y)
    for _ in range(3):
        mouse.wheel(0, -240)
        app.page.wait_for_timeout(300)
    app.wait_for_leaflet(f"map.getZoom() > {zoom}")
    mouse.move(x - 200, y)
    mouse.down()
    mouse.move(x - 50, y + 80, steps=12)
    mouse.up()
    mouse.wheel(0, 240)
    app.page.wait_for_timeout(300)

    moved = app.leaflet("[map.getCenter().lat, map.getCenter().lng]")
    assert moved != center, "the drag did not pan the map"
    # A rerun would start within a second; wait a little longer to be sure none does.
    time.sleep(2.5)
    app.wait_idle()
    assert app.server.runs() == before, "panning/zooming the map reran the script"


# --- downloads ---------------------------------------------------------------------------------


def download(app, label: str):
    with app.page.expect_download(timeout=TIMEOUT_MS) as info:
        app.page.get_by_role("button", name=label, exact=True).click()
    result = info.value
    return result.suggested_filename, Path(result.path()).read_bytes()


def test_downloads_are_exactly_the_filtered_zones(app, library):
    app.open("/data", province=KIEN_GIANG)
    expected_ids = sorted(filtered(library, provinces=(KIEN_GIANG,))["zone_id"])
    assert expected_ids and len(expected_ids) < len(library[1])
    expect(app.page.get_by_test_id("stDownloadButton")).to_have_count(3)

    name, body = download(app, "Tải về GeoJSON")
    assert "kien-giang" in name and name.endswith(".geojson"), name
    document = json.loads(body.decode("utf-8"))
    assert document["type"] == "FeatureCollection"
    ids = [feature["id"] for feature in document["features"]]
    assert sorted(ids) == expected_ids
    assert all(f["properties"]["zone_id"] == f["id"] for f in document["features"])

    name, body = download(app, "Tải về CSV")
    assert "kien-giang" in name and name.endswith(".csv"), name
    assert body.startswith(b"\xef\xbb\xbf"), body[:20]
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert sorted(row["zone_id"] for row in rows) == expected_ids

    name, body = download(app, "Tải về GeoPackage")
    assert name.endswith(".gpkg") and body.startswith(b"SQLite format 3\x00"), name
    app.screenshot("data-kien-giang")


# --- languages ---------------------------------------------------------------------------------


def test_english_titles_and_vietnamese_zone_names(app, library):
    app.open("/", lang="en")
    nav = app.sidebar().get_by_test_id("stSidebarNav")
    for title in ("Map", "3-D view", "Provinces & targets", "Zone", "Compare", "Data & downloads"):
        expect(nav.get_by_text(title, exact=True)).to_be_visible()
    expect(app.page.locator("h1", has_text="Vietnam industrial land map")).to_be_visible()
    expect(app.page).to_have_title("Map · Vietnam industrial land map")
    frame = app.map_frame()
    expect(frame.locator(".zones-legend")).to_contain_text("Legend")

    click_zone_at(app, "kcn-thuan-yen", library)
    name = zone_name(library, "kcn-thuan-yen")
    assert name == "Khu công nghiệp Thuận Yên"
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Zone id: kcn-thuan-yen")
    expect(popup).to_contain_text(name)
    expect(heading(app, name)).to_be_visible()
    expect(app.page.get_by_text(re.compile(r"^Industrial park · Kiên Giang"))).to_be_visible()
    app.screenshot("map-english-click-kcn-thuan-yen")


def test_language_switch_in_sidebar(app):
    app.open("/data")
    expect(app.page.locator("h1", has_text="Dữ liệu & tải về")).to_be_visible()
    app.sidebar().get_by_test_id("stSelectbox").filter(
        has=app.page.get_by_text("Ngôn ngữ", exact=True)
    ).click()
    app.page.get_by_role("option", name="English").click()
    expect(app.page.locator("h1", has_text="Data & downloads")).to_be_visible()
    expect(app.sidebar().get_by_text("Filters", exact=True)).to_be_visible()
    for fmt in ("GeoJSON", "CSV", "GeoPackage"):
        expect(app.page.get_by_role("button", name=f"Download {fmt}", exact=True)).to_be_visible()
    expect(app.page).to_have_url(re.compile(r"lang=en"))
    app.screenshot("data-english")


# --- every page --------------------------------------------------------------------------------

PAGES = [
    ("map", "/map", {}, "Bản đồ đất công nghiệp Việt Nam"),
    ("3d", "/3d", {}, "Bản đồ 3D"),
    ("provinces", "/provinces", {}, "Tỉnh và mục tiêu"),
    ("zone", "/zone", {"zone": "kkt-nhon-hoi"}, "Chi tiết khu"),
    ("compare", "/compare", {"compare": ["kcn-phu-tai", "kcn-nhon-hoa"]}, "So sánh"),
    ("data", "/data", {}, "Dữ liệu & tải về"),
]


@pytest.mark.parametrize(
    ("name", "path", "params", "title"), PAGES, ids=[page[0] for page in PAGES]
)
def test_page_renders_without_errors(app, library, name, path, params, title):
    app.open(path, **params)
    expect(app.page.locator("h1", has_text=title)).to_be_visible()
    nav_title = {"map": "Bản đồ"}.get(name, title)
    expect(app.page).to_have_title(f"{nav_title} · Bản đồ đất công nghiệp Việt Nam")
    main = app.page.get_by_test_id("stMainBlockContainer")
    if name == "map":
        frame = app.map_frame()
        expect(frame.locator("path.zone-point, .zone-cluster").first).to_be_visible()
        legend = frame.locator(".zones-legend").bounding_box()
        layers = frame.locator(".leaflet-control-layers").bounding_box()
        # the legend sits under the layer button, at the right (over the sea at this view)
        assert legend["y"] >= layers["y"] + layers["height"] - 1
        assert legend["x"] + legend["width"] >= layers["x"] + layers["width"] - 1
        expect(app.near_shapes()).to_have_count(drawable_count(library))
    elif name == "3d":
        canvas = app.page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
        expect(canvas).to_be_visible()
        assert canvas.bounding_box()["height"] > 100
    elif name == "provinces":
        expect(main.get_by_test_id("stDataFrame").first).to_be_visible()
    elif name == "zone":
        expect(app.page.locator("h2", has_text=zone_name(library, "kkt-nhon-hoi"))).to_be_visible()
        app.map_frame()
        facts = main.get_by_test_id("stTable").first
        expect(facts).to_be_visible()
        # every source is a link to its own page, written in full (not cut off with '…')
        link = facts.locator("a[href^='http']").first
        expect(link).to_be_visible()
        assert link.evaluate("a => a.scrollWidth <= a.parentElement.clientWidth + 1")
    elif name == "compare":
        table = main.get_by_test_id("stTable")
        expect(table).to_have_count(1)
        expect(table).to_contain_text("Khu công nghiệp Phú Tài")
        expect(table).to_contain_text("Khu công nghiệp Nhơn Hòa")
        assert query_of(app.url())["compare"] == ["kcn-phu-tai", "kcn-nhon-hoa"]
    elif name == "data":
        expect(main.get_by_test_id("stDownloadButton")).to_have_count(3)
    app.settle()
    expect(app.page.get_by_test_id("stException")).to_have_count(0)
    assert app.watch.page_errors == []
    app.screenshot(f"page-{name}")


# --- text from the data is text ----------------------------------------------------------------


@pytest.fixture(scope="module")
def xss_server(launch_app, tmp_path_factory):
    """A server on a data copy where one drawable zone's name is an HTML payload."""
    work = tmp_path_factory.mktemp("e2e-xss")
    data_dir = work / "data"
    shutil.copytree(BUNDLED_DATA, data_dir)
    path = data_dir / "zones.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or []), list(reader)
    assert sum(row["zone_id"] == XSS_ZONE for row in rows) == 1
    for row in rows:
        if row["zone_id"] == XSS_ZONE:
            row["name"] = XSS_NAME
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    with launch_app(data_dir, work) as server:
        yield server


def no_injected_image(locator_root) -> None:
    expect(locator_root.locator('img[src="x"]')).to_have_count(0)


def test_zone_name_with_html_is_shown_as_text(open_app, xss_server):
    app = open_app(xss_server)
    # The alias "Phu Tai" still finds the renamed zone.
    app.open("/", q="Phu Tai")
    frame = app.map_frame()
    shape = shapes(frame).first
    expect(shapes(frame)).to_have_count(1)

    shape.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(XSS_NAME)
    no_injected_image(tooltip)

    shape.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(XSS_NAME)
    expect(popup).to_contain_text(f"Mã khu: {XSS_ZONE}")
    no_injected_image(popup)
    expect(heading(app, XSS_NAME)).to_be_visible()
    no_injected_image(frame)
    no_injected_image(app.page)
    app.screenshot("xss-name-map")

    app.open("/zone", zone=XSS_ZONE)
    expect(app.page.locator("h2", has_text=XSS_NAME)).to_be_visible()
    no_injected_image(app.page)
    app.screenshot("xss-name-zone-page")
    assert app.watch.dialogs == []

    # The dialog listener does see alerts from a map iframe, so no dialog means none fired.
    app.map_frame()
    handle = app.page.locator('iframe[src*="streamlit_folium"]').first.element_handle()
    handle.content_frame().evaluate(f"setTimeout(() => alert({PROBE!r}), 0)")
    deadline = time.monotonic() + 10
    while PROBE not in app.watch.dialogs and time.monotonic() < deadline:
        app.page.wait_for_timeout(100)
    assert app.watch.dialogs == [PROBE], app.watch.dialogs
    app.watch.dialogs.clear()


# --- zone page without a zone --------------------------------------------------------------------

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def tap_first_list_row(app: App, touch: bool) -> None:
    """Pick the first zone in the Zone page's list: the row's selection box, at its left edge."""
    grid = app.page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    x, y = box["x"] + 16, box["y"] + 35 + 17  # below the 35 px header, in the first row
    if touch:
        app.page.touchscreen.tap(x, y)
    else:
        app.page.mouse.click(x, y)


@pytest.mark.parametrize("touch", [False, True], ids=["desktop", "phone"])
def test_zone_page_list_opens_the_picked_zone(app, browser, app_server, library, touch):
    if touch:
        context = browser.new_context(**PHONE)
        app = App(context.new_page(), app_server, attach_watch(context.pages[0]))
    try:
        app.open("/zone", province="Kiên Giang", kind="KCN")
        expect(app.page.get_by_text("Chọn một khu trong", exact=False)).to_be_visible()
        dataset, _ = library
        first = apply_filter(dataset.zones, ZoneFilter(provinces=("Kiên Giang",), kinds=("KCN",)),
                             dataset.provinces).iloc[0]
        tap_first_list_row(app, touch)
        expect(heading(app, first["name"])).to_be_visible()
        expect(app.page).to_have_url(re.compile(f"zone={first['zone_id']}"))
        app.screenshot(f"zone-list-picked-{'phone' if touch else 'desktop'}")
    finally:
        if touch:
            context.close()
