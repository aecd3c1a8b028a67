"""End-to-end fixtures: a real server (`serve.py`, as `scripts/run` starts it) and headless
Chromium (Playwright).

The server reads a copy of the bundled data folder (the real files are never touched) and
appends one line per script run to a run log, so tests can count reruns. Every test gets a
fresh browser context, hence a fresh Streamlit session.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from appserver import BUNDLED_DATA, AppServer, run_app
from zones.maps import CONTROLS_PENDING_KEY, NEAR_ZOOM

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 30_000
SETTLE_QUIET_S = 1.5
"""The app has settled when no script run started for this long and none is running."""
VIEWPORT = {"width": 1400, "height": 1000}
EXTERNAL_URL = re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])")
MAP_IFRAME = 'iframe[src*="streamlit_folium"]'
FIND_LEAFLET_MAP = (
    # streamlit-folium renames folium's `map_<hash>` variable to `map`; accept either.
    "(window.map instanceof L.Map ? window.map : window[Object.keys(window).find("
    "k => /^map_[0-9a-f]+$/.test(k) && window[k] instanceof L.Map)])"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_browser() -> None:
    """Skip when Chromium or Playwright is missing; fail instead under CI (CI must run them)."""
    problems = []
    if not CHROMIUM.exists():
        problems.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the playwright Python package is not installed")
    if not problems:
        return
    reason = "end-to-end browser tests need Chromium and Playwright: " + "; ".join(problems)
    if in_ci():
        pytest.fail(f"{reason}. CI is set, so they must run rather than be skipped.", pytrace=False)
    pytest.skip(reason)


# --- the Streamlit server ------------------------------------------------------------------
# Start/stop code is shared with bench/ and deploy tests: tests/appserver.py.


@pytest.fixture(scope="session")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled data folder; the app under test reads this one."""
    target = tmp_path_factory.mktemp("e2e-data") / "data"
    shutil.copytree(BUNDLED_DATA, target)
    return target


@pytest.fixture(scope="session")
def app_server(data_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    require_browser()
    with run_app(data_copy, tmp_path_factory.mktemp("e2e-server")) as server:
        yield server


@pytest.fixture(scope="session")
def launch_app() -> Any:
    """`run_app` itself, for tests that need a server on other data."""
    require_browser()
    return run_app


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageWatch:
    """What the page reported: uncaught JS errors, console messages, dialogs."""

    page_errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def resource_failures(self) -> list[str]:
        return [line for line in self.console if "Failed to load resource" in line]


FRAME_ERROR_HOOK = """
window.addEventListener('error', (event) => window.__e2eFrameError &&
  window.__e2eFrameError(`${event.message} (${event.filename}:${event.lineno})`));
window.addEventListener('unhandledrejection', (event) => window.__e2eFrameError &&
  window.__e2eFrameError(`unhandled rejection: ${event.reason}`));
"""
"""Reports uncaught errors in iframes too (Playwright's "pageerror" only covers the top frame)."""


def attach_watch(page: Any) -> PageWatch:
    watch = PageWatch()
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    page.on("console", lambda message: watch.console.append(f"[{message.type}] {message.text}"))

    def on_frame_error(source: dict, message: str) -> None:
        if source["frame"] != page.main_frame:  # the top frame is covered by "pageerror"
            watch.page_errors.append(f"in frame {source['frame'].url[:80]}: {message}")

    page.expose_binding("__e2eFrameError", on_frame_error)
    page.add_init_script(FRAME_ERROR_HOOK)  # runs in every frame the page loads

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        with contextlib.suppress(Exception):
            dialog.dismiss()

    page.on("dialog", on_dialog)
    return watch


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


class App:
    """A browser page on the app, with Streamlit-aware waits."""

    def __init__(self, page: Any, server: AppServer, watch: PageWatch) -> None:
        self.page = page
        self.server = server
        self.watch = watch

    # navigation and waiting

    def open(self, path: str = "/", **params: str | list[str]) -> None:
        query = "&".join(
            f"{key}={quote(v)}"
            for key, values in params.items()
            for v in ([values] if isinstance(values, str) else values)
        )
        self.page.goto(self.server.url + path + ("?" + query if query else ""))
        self.wait_idle()
        self.page.locator('[data-testid="stMainBlockContainer"] h1').first.wait_for()
        self.wait_for_controls()

    def wait_for_controls(self, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        """Until the sidebar's controls are drawn: on a session's first visit of the map they
        follow the map (ui.context.show_controls)."""
        from playwright.sync_api import expect

        expect(self.page.locator(f".st-key-{CONTROLS_PENDING_KEY}")).to_have_count(
            0, timeout=timeout_ms)
        self.wait_idle(timeout_ms)

    def url(self) -> str:
        """The address bar now (Playwright's page.url can lag behind history.pushState)."""
        return self.page.evaluate("location.href")

    def wait_idle(self, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        """Until the script is not running (the status widget is gone)."""
        app = self.page.locator('[data-testid="stApp"]')
        from playwright.sync_api import expect

        expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout_ms)
        expect(self.page.locator('[data-testid="stStatusWidget"]')).to_have_count(
            0, timeout=timeout_ms
        )

    def settle(self, quiet_s: float = SETTLE_QUIET_S, timeout_s: float = 30.0) -> int:
        """Wait until no script run has started for `quiet_s` and none is running.

        Returns the run count then. (Components such as the map may send one value back
        after they mount, which reruns the script once.)
        """
        deadline = time.monotonic() + timeout_s
        runs, since = self.server.runs(), time.monotonic()
        while True:
            self.wait_idle()
            now_runs = self.server.runs()
            if now_runs != runs:
                runs, since = now_runs, time.monotonic()
            elif time.monotonic() - since >= quiet_s:
                return runs
            if time.monotonic() > deadline:
                raise AssertionError(f"the app kept rerunning for {timeout_s:.0f} s ({runs} runs)")
            self.page.wait_for_timeout(200)

    # the map

    def map_frame(self) -> Any:
        """The streamlit-folium iframe, once Leaflet has drawn in it."""
        self.page.locator(MAP_IFRAME).first.wait_for()
        frame = self.page.frame_locator(MAP_IFRAME).first
        frame.locator(".leaflet-container .zones-legend").wait_for()
        return frame

    def _map_frame_handle(self) -> Any:
        return self.page.locator(MAP_IFRAME).first.element_handle().content_frame()

    def leaflet(self, expression: str) -> Any:
        """Evaluate `expression` in the map's iframe with `map` bound to the Leaflet map."""
        return self._map_frame_handle().evaluate(
            f"expr => Function('map', 'return ' + expr)({FIND_LEAFLET_MAP})", expression
        )

    def wait_for_leaflet(self, expression: str, timeout_ms: int = 10_000) -> None:
        """Wait until `expression` (with `map` bound as in `leaflet`) is truthy."""
        self._map_frame_handle().wait_for_function(
            f"expr => Function('map', 'return ' + expr)({FIND_LEAFLET_MAP})",
            arg=expression,
            timeout=timeout_ms,
        )

    def near_shapes(self) -> Any:
        """The zones' shapes, zoomed in to where they show (zones.maps.NEAR_ZOOM, centre kept):
        further out the map draws points only, and makes the shapes when first zoomed in."""
        self.leaflet(f"map.setZoom(Math.max(map.getZoom(), {NEAR_ZOOM}), {{animate: false}})")
        return self.map_frame().locator("path.zone-shape")

    def open_popup_at(self, lat: float, lon: float, zoom: int = 14) -> Any:
        """Zoom the map in on (lat, lon), click there, and return the popup that opens.

        Zoomed in, the zone is drawn on its own rather than merged into a counted circle.
        """
        self.map_frame()
        self.wait_for_leaflet("true")
        self.leaflet(f"map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
        self.page.wait_for_timeout(1000)
        box = self.page.locator(MAP_IFRAME).first.bounding_box()
        self.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        # The open popup hides the legend, so the frame is found without map_frame()'s wait.
        return self.page.frame_locator(MAP_IFRAME).first.locator(".leaflet-popup-content").first

    # sidebar widgets

    def sidebar(self) -> Any:
        return self.page.get_by_test_id("stSidebar")

    def choose_in_multiselect(self, label: str, option: str) -> None:
        widget = (
            self.sidebar()
            .get_by_test_id("stMultiSelect")
            .filter(has=self.page.get_by_text(label, exact=True))
        )
        widget.locator("input").click()
        self.page.get_by_role("option", name=option, exact=True).click()
        self.page.keyboard.press("Escape")

    # evidence

    def screenshot(self, name: str, settle: bool = True) -> Path:
        """A full-page screenshot in tests/e2e/screenshots/ (after the app settled)."""
        if settle:
            self.settle(quiet_s=1.0)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{slug(name)}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def open_app(browser: Any) -> Iterator[Any]:
    """Factory: a fresh browser context (so a new Streamlit session) on a given server.

    At the end, fails the test if any page had an uncaught JavaScript error or opened a dialog.
    """
    opened: list[tuple[Any, PageWatch]] = []
    servers: list[AppServer] = []

    def open_on(server: AppServer) -> App:
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        # Hermetic: nothing but the app itself, so base-map tiles never load, network or not.
        context.route(EXTERNAL_URL, lambda route: route.abort())
        page = context.new_page()
        watch = attach_watch(page)
        opened.append((context, watch))
        if server not in servers:
            servers.append(server)
        return App(page, server, watch)

    yield open_on
    for context, watch in opened:
        context.close()
        if watch.console:  # shown with the test's output; failed tile loads are expected
            print(
                f"console: {len(watch.console)} messages, "
                f"{len(watch.resource_failures())} failed resource loads"
            )
            for line in watch.console:
                print("  " + line[:300])
    for server in servers:
        print(f"server log tail ({server.server_log}):")
        lines = server.server_log.read_text(encoding="utf-8", errors="replace").splitlines()
        print("\n".join("  " + line for line in lines[-20:]))
    for _, watch in opened:
        assert not watch.page_errors, f"JavaScript errors on the page: {watch.page_errors}"
        assert not watch.dialogs, f"dialogs opened: {watch.dialogs}"


@pytest.fixture
def app(open_app: Any, app_server: AppServer) -> App:
    """The app on the shared server, in a new session."""
    return open_app(app_server)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is end-to-end, marked or not (so `-m "not e2e"` never starts
    a browser or a server)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.e2e)
