"""zones.asset_cache: files from memory in front of Streamlit, everything else passed through.

Requests are plain ASGI calls (no server); `Streamlit` below stands for the app behind the cache
and records what reached it. The browser suite runs every page through `serve.py`, and
tests/e2e/test_asset_cache_browser.py checks a real first visit is served from the cache.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from starlette.responses import FileResponse

from ui.server_assets import FOLIUM_BUILD, STREAMLIT_STATIC, asset_folders
from zones import asset_cache
from zones.asset_cache import IMMUTABLE, REVALIDATE, AssetCache, AssetFolder, accepts_gzip

SCRIPT = "console.log('zones');\n" * 100  # 2,200 bytes: compressed
PASSED = b"from streamlit"


class Streamlit:
    """The app behind the cache: answers 200 "from streamlit" and remembers each request."""

    def __init__(self) -> None:
        self.seen: list[dict] = []

    async def __call__(self, scope, receive, send) -> None:
        self.seen.append(scope)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": PASSED})


def run(coroutine) -> None:
    # In a thread of its own: Playwright's sync API (the browser tests) may hold this one's loop.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, coroutine).result()


async def answer(cache: AssetCache, path: str, method: str = "GET", headers: dict | None = None,
                 kind: str = "http") -> tuple[int, dict[str, str], bytes]:  # fmt: skip
    scope = {
        "type": kind, "method": method, "path": path, "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
    }  # fmt: skip
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await cache(scope, receive, send)
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


def request(cache: AssetCache, path: str, method: str = "GET", headers: dict | None = None,
            kind: str = "http") -> tuple[int, dict[str, str], bytes]:  # fmt: skip
    result = []

    async def one():
        result.append(await answer(cache, path, method, headers, kind))

    run(one())
    return result[0]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "hashed" / "js").mkdir(parents=True)
    (tmp_path / "hashed" / "js" / "main.abc123.js").write_text(SCRIPT, encoding="utf-8")
    (tmp_path / "hashed" / "page.html").write_text("<p>hi</p>", encoding="utf-8")
    (tmp_path / "ours").mkdir()
    (tmp_path / "ours" / "small.json").write_text('{"a": 1}', encoding="utf-8")
    (tmp_path / "ours" / "icon.png").write_bytes(b"\x89PNG" + bytes(range(256)) * 8)
    (tmp_path / "ours" / "Tỉnh có dấu.json").write_text("[" + "1," * 800 + "1]", "utf-8")
    (tmp_path / "secret.txt").write_text("not to be served", encoding="utf-8")
    return tmp_path


@pytest.fixture
def app() -> Streamlit:
    return Streamlit()


@pytest.fixture
def cache(site: Path, app: Streamlit) -> AssetCache:
    return AssetCache(
        app,
        [
            AssetFolder("/static", site / "hashed", IMMUTABLE),
            AssetFolder("app/static/", site / "ours", REVALIDATE),
        ],
    )


def test_a_file_is_served_from_memory_with_its_caching_rules(cache, app):
    status, headers, body = request(cache, "/static/js/main.abc123.js")
    assert (status, body) == (200, SCRIPT.encode())
    assert headers["cache-control"] == IMMUTABLE
    assert headers["content-length"] == str(len(SCRIPT.encode()))
    assert headers["content-type"] == FileResponse("x.js").headers["content-type"]  # Streamlit's
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["etag"].startswith('"') and headers["etag"].endswith('"')
    assert app.seen == []


@pytest.mark.parametrize(("path", "cache_control"), [
    ("/static/page.html", REVALIDATE),  # a page names other files: always revalidated
    ("/app/static/small.json", REVALIDATE),
    ("/app/static/Tỉnh có dấu.json", REVALIDATE),  # scope paths arrive percent-decoded
])  # fmt: skip
def test_each_folder_and_pages_get_their_cache_control(cache, path, cache_control):
    status, headers, _ = request(cache, path)
    assert (status, headers["cache-control"]) == (200, cache_control)


@pytest.mark.parametrize(("accept", "compressed"), [
    ("gzip, deflate, br, zstd", True),  # Chromium
    ("GZIP", True),
    ("*", True),
    ("br;q=1.0, gzip;q=0.5", True),
    ("gzip;q=0", False),
    ("gzip;q=zero", False),
    ("br", False),
    ("", False),
])  # fmt: skip
def test_gzip_only_when_the_client_takes_it(cache, accept, compressed):
    status, headers, body = request(
        cache, "/static/js/main.abc123.js", headers={"Accept-Encoding": accept}
    )
    assert status == 200 and headers["vary"] == "Accept-Encoding"
    assert ("content-encoding" in headers) is compressed
    assert (gzip.decompress(body) if compressed else body) == SCRIPT.encode()
    assert headers["content-length"] == str(len(body))
    assert accepts_gzip(accept) is compressed


@pytest.mark.parametrize("path", ["/app/static/small.json", "/app/static/icon.png"])
def test_small_files_and_images_are_sent_as_they_are(cache, path):
    _, headers, body = request(cache, path, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers and "vary" not in headers
    assert len(body) == int(headers["content-length"]) > 0


def test_head_sends_the_headers_of_get_without_a_body(cache):
    _, get_headers, _ = request(cache, "/static/js/main.abc123.js")
    status, headers, body = request(cache, "/static/js/main.abc123.js", method="HEAD")
    assert (status, body, headers) == (200, b"", get_headers)


@pytest.mark.parametrize(("if_none_match", "status"), [
    ("{etag}", 304),
    ("W/{etag}", 304),
    ('"other", {etag}', 304),
    ("*", 304),
    ('"other"', 200),
])  # fmt: skip
def test_a_client_that_has_the_file_gets_304(cache, if_none_match, status):
    etag = request(cache, "/app/static/small.json")[1]["etag"]
    got, headers, body = request(
        cache, "/app/static/small.json", headers={"If-None-Match": if_none_match.format(etag=etag)}
    )
    assert got == status
    assert headers["etag"] == etag
    assert (body == b"") is (status == 304)


@pytest.mark.parametrize(("path", "method", "headers", "kind"), [
    ("/", "GET", {}, "http"),  # the page itself: Streamlit's
    ("/static/js/unknown.js", "GET", {}, "http"),  # not in the folder: Streamlit's 404 or page
    ("/static/js/main.abc123.js", "POST", {}, "http"),
    ("/static/js/main.abc123.js", "GET", {"Range": "bytes=0-9"}, "http"),
    ("/static/js/main.abc123.js", "GET", {}, "websocket"),
    ("/static/../secret.txt", "GET", {}, "http"),
    ("/static/js/../../secret.txt", "GET", {}, "http"),
    ("/app/static/../secret.txt", "GET", {}, "http"),
    ("//static/js/main.abc123.js", "GET", {}, "http"),
    ("/static/js/main.abc123.js/", "GET", {}, "http"),
    ("/static/JS/MAIN.ABC123.JS", "GET", {}, "http"),
    ("/static", "GET", {}, "http"),
    ("/_stcore/stream", "GET", {}, "websocket"),
])  # fmt: skip
def test_every_other_request_goes_to_streamlit_unchanged(cache, app, path, method, headers, kind):
    status, _, body = request(cache, path, method, headers, kind)
    assert (status, body) == (200, PASSED)
    assert [scope["path"] for scope in app.seen] == [path]


def test_a_changed_file_is_read_again_and_a_removed_one_left_to_streamlit(cache, site, app):
    path = site / "ours" / "small.json"
    _, first, _ = request(cache, "/app/static/small.json")
    path.write_text('{"a": 2, "b": 3}', encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    _, second, body = request(cache, "/app/static/small.json")
    assert body == b'{"a": 2, "b": 3}' and second["etag"] != first["etag"]
    path.unlink()
    assert request(cache, "/app/static/small.json")[2] == PASSED
    assert len(app.seen) == 1


def test_a_slow_first_read_does_not_hold_up_other_clients(cache, monkeypatch):
    request(cache, "/app/static/small.json")  # in memory now
    real_load = asset_cache.load_asset

    def slow_load(source, stamp):  # as compressing a 3-5 MB chunk would be
        time.sleep(0.4)
        return real_load(source, stamp)

    monkeypatch.setattr(asset_cache, "load_asset", slow_load)
    finished = []

    async def one(path):
        await answer(cache, path)
        finished.append(path)

    async def both():
        await asyncio.gather(one("/static/js/main.abc123.js"), one("/app/static/small.json"))

    run(both())
    assert finished == ["/app/static/small.json", "/static/js/main.abc123.js"]


def test_files_reached_through_symbolic_links_are_not_served(site, app):
    (site / "hashed" / "link.txt").symlink_to(site / "secret.txt")
    (site / "hashed" / "linked").symlink_to(site, target_is_directory=True)
    cache = AssetCache(app, [AssetFolder("/static", site / "hashed", IMMUTABLE)])
    for path in ("/static/link.txt", "/static/linked/secret.txt"):
        assert request(cache, path)[2] == PASSED


def test_the_first_folder_naming_a_file_decides_its_caching(site, app):
    cache = AssetCache(
        app,
        [
            AssetFolder("/x/js", site / "hashed" / "js", IMMUTABLE),
            AssetFolder("/x", site / "hashed", REVALIDATE),
        ],
    )
    assert request(cache, "/x/js/main.abc123.js")[1]["cache-control"] == IMMUTABLE
    assert request(cache, "/x/page.html")[1]["cache-control"] == REVALIDATE


# --- the app's folders (ui.server_assets) ---------------------------------------------------


def test_the_app_folders_exist_and_hold_the_files_a_first_visit_asks_for():
    folders = asset_folders()
    assert all(folder.root.is_dir() for folder in folders)
    cache = AssetCache(Streamlit(), folders)
    page = (STREAMLIT_STATIC / "index.html").read_text(encoding="utf-8")
    named = [part.split('"')[0] for part in page.split('="./static/')[1:]]
    assert any(name.endswith(".js") for name in named)
    for name in named:  # Streamlit's own scripts and styles, as the page names them
        assert cache.knows(f"/static/{name}"), name
    for path in (
        "/component/streamlit_folium.st_folium/index.html",
        "/app/static/vendor/leaflet/leaflet-bundle.js",
        "/app/static/basemap/provinces-63.json",
    ):
        assert cache.knows(path), path
    component_scripts = list((FOLIUM_BUILD / "static" / "js").glob("main.*.js"))
    assert component_scripts
    url = "/component/streamlit_folium.st_folium/static/js/" + component_scripts[0].name
    assert request(cache, url)[1]["cache-control"] == IMMUTABLE


def test_the_folders_follow_streamlits_base_url_path():
    for base in ("zones", "/zones/", "/zones"):
        prefixes = [folder.url_prefix for folder in asset_folders(base)]
        assert all(prefix.startswith("/zones/") for prefix in prefixes), prefixes
    assert asset_folders("")[0].url_prefix == "/static"


@pytest.mark.parametrize(
    "suffix", [".js", ".css", ".json", ".html", ".png", ".svg", ".woff2", ".map", ".txt", ".ttf"]
)
def test_content_types_match_what_streamlit_sends(tmp_path, app, suffix):
    (tmp_path / f"f{suffix}").write_bytes(b"x" * 10)
    cache = AssetCache(app, [AssetFolder("/s", tmp_path)])
    expected = FileResponse(tmp_path / f"f{suffix}").headers["content-type"]
    assert request(cache, f"/s/f{suffix}")[1]["content-type"] == expected
