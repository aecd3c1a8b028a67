"""A real first visit in Chromium, through `serve.py`: the files come from memory (the cache's
ETag and nosniff header on each), compressed, and a second visit revalidates or reuses them."""

from __future__ import annotations

import re

import pytest

from .conftest import attach_watch
from .test_first_visit_browser import zones_drawn

pytestmark = pytest.mark.e2e

CACHED = re.compile(r"/(static|app/static|component/streamlit_folium\.st_folium)/")
CACHE_ETAG = re.compile(r'^"[0-9a-f]{24}"$')  # zones.asset_cache: a 12-byte content hash


def visit(app):
    """Responses of one visit of the map until its zones are drawn: [(path, status, headers)]."""
    responses = []

    def on_response(response):
        path = "/" + response.url.split("/", 3)[3].split("?")[0]
        responses.append((path, response.status, response.all_headers()))

    app.page.on("response", on_response)
    app.page.goto(app.server.url)
    zones_drawn(app)
    app.wait_for_controls()
    app.page.remove_listener("response", on_response)
    return responses


def test_a_first_visit_is_served_from_memory_compressed(app):
    responses = visit(app)
    cached = [(path, status, headers) for path, status, headers in responses
              if CACHED.match(path)]  # fmt: skip
    paths = [path for path, _, _ in cached]
    # Streamlit's chunks, the map component's page and script, our Leaflet bundle and base map
    assert len(cached) > 50
    assert any(p.startswith("/component/streamlit_folium.st_folium/static/js/") for p in paths)
    assert "/app/static/vendor/leaflet/leaflet-bundle.js" in paths
    for path, status, headers in cached:
        assert status == 200, path
        assert CACHE_ETAG.match(headers.get("etag", "")), (path, headers)
        assert headers.get("x-content-type-options") == "nosniff", path
        if path.endswith((".js", ".css")) and int(headers.get("content-length", "0")) > 1000:
            assert headers.get("content-encoding") == "gzip", path
    assert not app.watch.page_errors


def network_answers(page, url: str) -> dict[str, int]:
    """Path -> status of each file of a visit that the server answered (Chrome's own view, so
    files taken from the browser's cache are left out); waits until the zones are drawn."""
    client = page.context.new_cdp_session(page)
    answers: dict[str, int] = {}
    from_cache: set[str] = set()
    client.on("Network.requestServedFromCache", lambda e: from_cache.add(e["requestId"]))

    def on_response(event):
        response = event["response"]
        if event["requestId"] in from_cache or response.get("fromDiskCache"):
            return
        answers["/" + response["url"].split("/", 3)[3].split("?")[0]] = response["status"]

    client.on("Network.responseReceived", on_response)
    client.send("Network.enable")
    page.goto(url)
    return answers


def test_a_returning_visit_asks_again_only_for_revalidated_files(app, browser, app_server):
    context = browser.new_context()
    try:
        app.page = context.new_page()
        app.watch = attach_watch(app.page)
        visit(app)
        again = network_answers(app.page, app.server.url)
        zones_drawn(app)
        app.wait_for_controls()
        cached = {path: status for path, status in again.items() if CACHED.match(path)}
        # hashed files come from the browser's cache: no request reaches the server
        assert not [path for path in cached if path.startswith("/static/")], cached
        # ours (same names across versions) are revalidated: 304, not sent again
        assert cached.get("/app/static/vendor/leaflet/leaflet-bundle.js") == 304, again
        assert not app.watch.page_errors
    finally:
        context.close()
