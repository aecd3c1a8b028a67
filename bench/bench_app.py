"""Benchmark the Streamlit app in headless Chromium, against a bare Streamlit page as the floor.

    python bench/bench_app.py [--sizes bundled,1000,10000] [--repeats 3]

For each data set (the bundled data, and synthetic folders of 1k and 10k zones written by
bench/synthetic.py into a temporary folder) it starts
`streamlit run app.py --server.port <free> --server.headless true` from the project root with
ZONES_DATA_DIR and ZONES_RUN_LOG set (the app appends one line to the run log per script run),
and measures with Debian's Chromium driven by Playwright:

- load: from `page.goto` until the streamlit-folium iframe holds a drawn zone (`.zone-shape`,
  `.zone-point`, or `.marker-cluster` above the cluster threshold). "cold" is the first visit
  after the server started (empty caches: imports, data load and validation, join); "warm" is
  the best of --repeats later visits, each in a fresh browser context (ratios to the floor are
  given for the best and for the median of each). On a first visit the sidebar's controls
  follow the drawn map: the time until they are drawn is reported too, and the server CPU of a
  load is counted until then (both script runs, every file).
- floor: the same for a bare page (`st.write("hello")`, in its own temporary folder and server,
  started in the same run): until "hello" is shown.
- script runs: lines added to the run log by the initial load, then by 5 mouse drags (pan) and
  by 5 wheel steps (zoom) on the map, each counted after the app has been quiet for a while.
- filter rerun: from clicking "KCN" in the sidebar's kind multiselect until the status widget
  is gone and the map shows zones drawn after the click (the same frame redraws its zones in
  place; best of --repeats, fresh page each time; the first of them is a filter the server has
  not seen, whose map is built, and is reported on its own). Also timed in the page: from the
  pointer going down on the option until the frame holds a newly drawn zone (Playwright's click
  first checks the element, and its waits poll, which the first measure includes).
- bytes: payload bytes of the websocket frames the page received from navigation until the map
  was drawn (and the largest single frame, which carries the map), as Playwright reports them
  (decompressed; Streamlit does not compress its websocket by default, so this is what is sent);
  plus the size of the map iframe's DOM (`documentElement.outerHTML`) once drawn.

No network is used: base-map tiles fail to load, which does not affect the timings. Every wait is
bounded and the servers are always stopped (their process groups are killed).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchkit import (  # also puts src/ and tests/ on sys.path
    BARE_TEXT,
    MAP_IFRAME,
    ZONE_SELECTOR,
    AppServer,
    launch_chromium,
    run_app,
    run_bare_page,
)
from benchkit import wait_for_zones as _wait_for_zones

LOAD_TIMEOUT_S = 240
QUIET_S = 2.0
"""The app counts as settled when the run log has not grown for this long."""
SETTLE_TIMEOUT_S = 90
ACTIONS = 5
STATUS_WIDGET = '[data-testid="stStatusWidget"]'
KIND_LABELS = ("Loại", "Kind")

# Marks the zones drawn before a filter's click (benchkit.HAS_ZONES_JS skips them).
_MARK_OLD_JS = """
([selector, frameSelector]) => {
  for (const frame of document.querySelectorAll(frameSelector)) {
    try {
      frame.contentDocument.querySelectorAll(selector).forEach(el => { el.__benchOld = true; });
    } catch (e) {}
  }
}
"""
# The filter's latency as the reader sees it, timed in the page: from the pointer going down on
# the option (not from Playwright's call, which first checks the element for ~0.1 s) until the
# map frame holds a zone not drawn before the click (a MutationObserver, on the page's clock).
_WATCH_TAP_JS = """
([selector, frameSelector]) => {
  const t = window.__benchTap = {down: null, drawn: null};
  document.addEventListener('pointerdown', () => { t.down = performance.now(); },
                            {capture: true, once: true});
  for (const frame of document.querySelectorAll(frameSelector)) {
    let doc;
    try { doc = frame.contentDocument; } catch (e) { continue; }
    if (!doc) continue;
    const offset = frame.contentWindow.performance.timeOrigin - performance.timeOrigin;
    new frame.contentWindow.MutationObserver((_, observer) => {
      for (const el of doc.querySelectorAll(selector)) {
        if (!el.__benchOld) {
          t.drawn = frame.contentWindow.performance.now() + offset;
          observer.disconnect();
          return;
        }
      }
    }).observe(doc.body, {childList: true, subtree: true});
  }
}
"""
_MAP_VIEW_JS = """
(frameSelector) => {
  for (const frame of document.querySelectorAll(frameSelector)) {
    try {
      const map = frame.contentWindow.map;
      if (map) {
        const c = map.getCenter();
        return [c.lat, c.lng, map.getZoom()];
      }
    } catch (e) {}
  }
  return null;
}
"""
_MAP_DOM_JS = """
([selector, frameSelector]) => {
  for (const frame of document.querySelectorAll(frameSelector)) {
    let doc;
    try { doc = frame.contentDocument; } catch (e) { continue; }
    if (doc && doc.querySelector(selector)) {
      return {html: doc.documentElement.outerHTML.length,
              shapes: doc.querySelectorAll('.zone-shape').length,
              points: doc.querySelectorAll('.zone-point').length,
              clusters: doc.querySelectorAll('.marker-cluster').length};
    }
  }
  return null;
}
"""


# --- servers -------------------------------------------------------------------------------
# Started and stopped by tests/appserver.py (via benchkit), the same code as the end-to-end
# tests' servers.

Server = AppServer


# --- measurements --------------------------------------------------------------------------

PRESSURES: list[float] = []
MAX_WAIT_QUIET_S = [60.0]


def quiet() -> None:
    """Before a timed measurement: wait (bounded) for the machine to be quiet; note the load."""
    from bench_library import wait_quiet

    before = wait_quiet(MAX_WAIT_QUIET_S[0])
    if before is not None:
        PRESSURES.append(before)


@dataclass
class Traffic:
    frames: list[int] = field(default_factory=list)

    def attach(self, page) -> None:
        def on_socket(ws) -> None:
            ws.on("framereceived", lambda payload: self.frames.append(
                len(payload) if isinstance(payload, bytes) else len(payload.encode("utf-8"))))
        page.on("websocket", on_socket)


def run_count(run_log: Path) -> int:
    try:
        return len(run_log.read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        return 0


def settle(page, run_log: Path, quiet_s: float = QUIET_S,
           timeout_s: float = SETTLE_TIMEOUT_S) -> bool:
    """Wait until the run log has not grown for quiet_s and no script is running."""
    deadline = time.monotonic() + timeout_s
    last, since = run_count(run_log), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(200)
        count = run_count(run_log)
        if count != last:
            last, since = count, time.monotonic()
            continue
        if time.monotonic() - since >= quiet_s and page.locator(STATUS_WIDGET).count() == 0:
            return True
    return False


def wait_for_zones(page, timeout_s: float = LOAD_TIMEOUT_S) -> None:
    _wait_for_zones(page, timeout_s)


def _cpu_delta(server: Server, before: float | None) -> float | None:
    after = server.cpu_seconds()
    return None if before is None or after is None else after - before


def timed_app_load(browser, server: Server) -> dict:
    """A fresh context and page; seconds from goto until the map shows zones; the server's
    CPU time meanwhile; websocket traffic."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    traffic = Traffic()
    traffic.attach(page)
    quiet()
    cpu = server.cpu_seconds()
    start = time.perf_counter()
    page.goto(server.url, wait_until="commit", timeout=LOAD_TIMEOUT_S * 1000)
    wait_for_zones(page)
    seconds = time.perf_counter() - start
    # On a first visit the sidebar's controls follow the drawn map (ui.context.show_controls):
    # the load is complete, and its server CPU counted, once they are drawn too.
    kind_multiselect(page, wait=True)
    controls = time.perf_counter() - start
    page.locator(STATUS_WIDGET).wait_for(state="detached", timeout=LOAD_TIMEOUT_S * 1000)
    server_cpu = _cpu_delta(server, cpu)
    dom = page.evaluate(_MAP_DOM_JS, [ZONE_SELECTOR, MAP_IFRAME])
    return {"seconds": seconds, "controls": controls, "server_cpu": server_cpu,
            "ws_bytes": sum(traffic.frames), "ws_max_frame": max(traffic.frames, default=0),
            "dom": dom, "context": context, "page": page}


def timed_bare_load(browser, server: Server) -> tuple[float, float | None]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        quiet()
        cpu = server.cpu_seconds()
        start = time.perf_counter()
        page.goto(server.url, wait_until="commit", timeout=LOAD_TIMEOUT_S * 1000)
        page.get_by_text(BARE_TEXT, exact=True).wait_for(timeout=LOAD_TIMEOUT_S * 1000)
        return time.perf_counter() - start, _cpu_delta(server, cpu)
    finally:
        context.close()


def map_box(page) -> dict:
    box = page.locator(MAP_IFRAME).first.bounding_box(timeout=10_000)
    if box is None:
        raise RuntimeError("map iframe is not visible")
    return box


def map_view(page) -> list[float] | None:
    return page.evaluate(_MAP_VIEW_JS, MAP_IFRAME)


def pan_and_zoom_runs(page, run_log: Path) -> dict:
    """Script runs caused by ACTIONS drags, then by ACTIONS wheel zooms, on the map, and the
    map's view (lat, lon, zoom) before, after the drags and after the zooms."""
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed(timeout=10_000)
    box = map_box(page)
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = run_count(run_log)
    views = [map_view(page)]
    for index in range(ACTIONS):
        dx = 120 if index % 2 == 0 else -90
        page.mouse.move(cx, cy)
        page.mouse.down()
        page.mouse.move(cx + dx, cy + 40, steps=12)
        page.mouse.up()
        page.wait_for_timeout(700)  # streamlit-folium debounces map moves by 250 ms
    settle(page, run_log)
    after_pan = run_count(run_log)
    views.append(map_view(page))
    for _ in range(ACTIONS):
        page.mouse.move(cx, cy)
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(700)
    settle(page, run_log)
    views.append(map_view(page))
    return {"pan_runs": after_pan - before, "zoom_runs": run_count(run_log) - after_pan,
            "views": views}


def kind_multiselect(page, wait: bool = False):
    sidebar = page.locator('[data-testid="stSidebar"]')
    if wait:
        sidebar.locator('[data-testid="stMultiSelect"]').first.wait_for(
            state="attached", timeout=LOAD_TIMEOUT_S * 1000)
    for label in KIND_LABELS:
        widget = sidebar.locator('[data-testid="stMultiSelect"]').filter(
            has=page.get_by_text(label, exact=True))
        if widget.count():
            return widget.first
    raise RuntimeError("kind multiselect not found in the sidebar")


def timed_filter_change(page, server: Server, run_log: Path, kind: str = "KCN") -> dict:
    """Seconds from choosing `kind` until the status widget is gone and the map is redrawn."""
    widget = kind_multiselect(page)
    widget.locator("input").first.click(timeout=10_000)
    option = page.get_by_role("option", name=re.compile(rf"^{kind}\b"))
    option.first.wait_for(timeout=10_000)
    page.evaluate(_MARK_OLD_JS, [ZONE_SELECTOR, MAP_IFRAME])
    page.evaluate(_WATCH_TAP_JS, [ZONE_SELECTOR, MAP_IFRAME])
    runs_before = run_count(run_log)
    quiet()
    cpu = server.cpu_seconds()
    start = time.perf_counter()
    option.first.click(timeout=10_000)
    wait_for_zones(page)
    page.locator(STATUS_WIDGET).wait_for(state="detached", timeout=LOAD_TIMEOUT_S * 1000)
    seconds = time.perf_counter() - start
    server_cpu = _cpu_delta(server, cpu)
    in_page = page.evaluate("() => window.__benchTap")
    page.keyboard.press("Escape")
    settle(page, run_log)
    dom = page.evaluate(_MAP_DOM_JS, [ZONE_SELECTOR, MAP_IFRAME])
    tap_to_drawn = None
    if in_page and in_page.get("down") is not None and in_page.get("drawn") is not None:
        tap_to_drawn = (in_page["drawn"] - in_page["down"]) / 1000
    return {"seconds": seconds, "in_page": tap_to_drawn, "server_cpu": server_cpu,
            "runs": run_count(run_log) - runs_before, "dom": dom}


# --- driver --------------------------------------------------------------------------------

def _label(size: str) -> str:
    if size == "bundled":
        return "bundled"
    n = int(size)
    return f"{n // 1000}k synthetic" if n % 1000 == 0 else f"{n} synthetic"


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def _kib(value: int | None) -> str:
    if value is None:
        return "n/a"
    return f"{value / 1024 ** 2:.2f} MiB" if value >= 1024 ** 2 else f"{value / 1024:.0f} KiB"


def bench_bare(browser, tmp: Path, repeats: int) -> dict:
    with run_bare_page(tmp / "bare") as server:
        cold, cold_cpu = timed_bare_load(browser, server)
        warm = [timed_bare_load(browser, server) for _ in range(repeats)]
    best = min(warm, key=lambda w: w[0])
    return {"cold": cold, "cold_cpu": cold_cpu, "warm": best[0], "warm_cpu": best[1],
            "warm_all": [w[0] for w in warm]}


def bench_data(browser, name: str, data_dir: Path, tmp: Path, repeats: int,
               script: str = "serve.py") -> dict:
    result: dict = {"name": name}
    work = tmp / f"app-{name}"
    work.mkdir()
    with run_app(data_dir, work, script=script) as server:
        run_log = server.run_log
        cold = timed_app_load(browser, server)
        result.update(cold=cold["seconds"], cold_cpu=cold["server_cpu"], ws_bytes=cold["ws_bytes"],
                      ws_max_frame=cold["ws_max_frame"], dom=cold["dom"])
        settle(cold["page"], run_log)
        result["load_runs"] = run_count(run_log)
        result.update(pan_and_zoom_runs(cold["page"], run_log))
        cold["context"].close()
        warm, filters = [], []
        for _ in range(repeats):
            before = run_count(run_log)
            load = timed_app_load(browser, server)
            try:
                warm.append((load["seconds"], load["server_cpu"], load["controls"]))
                settle(load["page"], run_log)
                result["warm_load_runs"] = run_count(run_log) - before
                filters.append(timed_filter_change(load["page"], server, run_log))
            finally:
                load["context"].close()
        best = min(warm, key=lambda w: w[0])
        best_filter = min(filters, key=lambda f: f["seconds"])
        in_page = [f["in_page"] for f in filters if f["in_page"] is not None]
        result.update(warm=best[0], warm_cpu=best[1], warm_controls=best[2],
                      warm_all=[w[0] for w in warm], controls_all=[w[2] for w in warm],
                      filter=best_filter["seconds"], filter_cpu=best_filter["server_cpu"],
                      filter_all=[f["seconds"] for f in filters],
                      filter_in_page=min(in_page) if in_page else None,
                      filter_in_page_all=in_page,
                      filter_runs=filters[0]["runs"], filter_dom=filters[0]["dom"],
                      # the first is a filter the server has not seen: its map is built
                      filter_new=filters[0]["seconds"], filter_new_in_page=filters[0]["in_page"],
                      filter_new_cpu=filters[0]["server_cpu"])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="bundled,1000,10000",
                        help="comma-separated: 'bundled' and/or zone counts (default "
                             "bundled,1000,10000)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--script", default="serve.py", choices=["serve.py", "app.py"],
                        help="serve.py (as scripts/run: files from memory) or app.py (Streamlit "
                             "serving every file)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-wait-quiet", type=float, default=60,
                        help="seconds to wait, at most, for a quiet machine before each timing")
    args = parser.parse_args(argv)
    MAX_WAIT_QUIET_S[0] = args.max_wait_quiet

    from bench_library import machine_lines
    from playwright.sync_api import sync_playwright
    from synthetic import write_synthetic_data

    from zones.maps import CLUSTER_THRESHOLD
    from zones.store import BUNDLED_DATA_DIR

    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    results = []
    with tempfile.TemporaryDirectory(prefix="zones-bench-app-") as tmp_name, \
            sync_playwright() as playwright:
        tmp = Path(tmp_name)
        browser = launch_chromium(playwright)
        try:
            chromium_version = browser.version
            bare = bench_bare(browser, tmp, args.repeats)
            print(f"[bare] cold {_s(bare['cold'])}, warm {_s(bare['warm'])}",
                  file=sys.stderr, flush=True)
            for size in sizes:
                if size == "bundled":
                    data_dir = BUNDLED_DATA_DIR
                else:
                    data_dir = write_synthetic_data(tmp / f"data-{size}", int(size), args.seed)
                try:
                    result = bench_data(browser, size, data_dir, tmp, args.repeats, args.script)
                except Exception as error:  # report and go on with the next data set
                    result = {"name": size, "error": f"{type(error).__name__}: {error}"[:300]}
                results.append(result)
                print(f"[{size}] {result}", file=sys.stderr, flush=True)
        finally:
            browser.close()

    labels = ["bare page (floor)"] + [_label(r["name"]) for r in results]
    lines = ["## App benchmark (headless Chromium)", "", *machine_lines(),
             f"- the app started as `streamlit run {args.script}` (deploy/launch.py)",
             f"- Chromium {chromium_version} (Debian), Playwright sync API; "
             f"cluster threshold {CLUSTER_THRESHOLD} zones", "",
             "| measure | " + " | ".join(labels) + " |",
             "|---" * (len(labels) + 1) + "|"]

    def row(title: str, floor: str, key) -> None:
        cells = [r.get("error", "error") if "error" in r else key(r) for r in results]
        lines.append(f"| {title} | {floor} | " + " | ".join(cells) + " |")

    row("(a) zones on map, cold: first visit after server start", _s(bare["cold"]),
        lambda r: _s(r["cold"]))
    row(f"(a) zones on map, warm: best of {args.repeats}, fresh browser context",
        _s(bare["warm"]), lambda r: _s(r["warm"]))
    row("(a) warm load / bare page's warm load (best of each)", "",
        lambda r: f"{r['warm'] / bare['warm']:.2f}×")
    row(f"(a) warm load / bare page's warm load (median of {args.repeats} each)", "",
        lambda r: f"{statistics.median(r['warm_all']) / statistics.median(bare['warm_all']):.2f}×")
    row("(a) sidebar controls drawn too (same warm load)", "",
        lambda r: _s(r["warm_controls"]))
    row("(b) warm minus the bare page's warm load (floor)", "",
        lambda r: _s(r["warm"] - bare["warm"]))
    row("server CPU time for the whole load (map and controls), cold / warm",
        f"{_s(bare['cold_cpu'])} / "
        f"{_s(bare['warm_cpu'])}", lambda r: f"{_s(r['cold_cpu'])} / {_s(r['warm_cpu'])}")
    row("drawn: shapes / points / clusters", "",
        lambda r: "{shapes} / {points} / {clusters}".format(**r["dom"]) if r["dom"] else "n/a")
    row("(c) script runs: cold load / warm load", "",
        lambda r: f"{r['load_runs']} / {r.get('warm_load_runs', 'n/a')}")
    row(f"(c) script runs: {ACTIONS} pans / {ACTIONS} zooms", "",
        lambda r: f"{r['pan_runs']} / {r['zoom_runs']}")
    row("map view (lat, lon, zoom): start → after pans → after zooms", "",
        lambda r: " → ".join("?" if v is None else f"{v[0]:.2f}, {v[1]:.2f}, z{v[2]}"
                             for v in r["views"]))
    row(f"(d) filter kind = KCN: click until map redrawn, best of {args.repeats}", "",
        lambda r: _s(r["filter"]))
    row(f"(d) the same, timed in the page: pointer down until redrawn, best of {args.repeats}",
        "", lambda r: _s(r["filter_in_page"]))
    row("(d) server CPU time during that rerun", "", lambda r: _s(r["filter_cpu"]))
    row("(d) the first time (a filter new to the server: its map built): click until redrawn "
        "/ in the page / server CPU", "",
        lambda r: f"{_s(r['filter_new'])} / {_s(r['filter_new_in_page'])} / "
                  f"{_s(r['filter_new_cpu'])}")
    row("(d) script runs / drawn shapes, points, clusters after the filter", "",
        lambda r: f"{r['filter_runs']} / " + (
            "{shapes}, {points}, {clusters}".format(**r["filter_dom"]) if r["filter_dom"]
            else "n/a"))
    row("(e) websocket payload received during the cold load (largest frame)", "",
        lambda r: f"{_kib(r['ws_bytes'])} ({_kib(r['ws_max_frame'])})")
    row("(e) map iframe DOM size once drawn", "",
        lambda r: _kib(r["dom"]["html"]) if r["dom"] else "n/a")
    lines += ["", "All runs (seconds): " + "; ".join(
        [f"bare warm {', '.join(f'{v:.2f}' for v in bare['warm_all'])}"]
        + [f"{_label(r['name'])} warm {', '.join(f'{v:.2f}' for v in r['warm_all'])}, "
           f"controls {', '.join(f'{v:.2f}' for v in r['controls_all'])}, "
           f"filter {', '.join(f'{v:.2f}' for v in r['filter_all'])} "
           f"(in the page {', '.join(f'{v:.2f}' for v in r['filter_in_page_all'])})"
           for r in results if "error" not in r])]
    if any("error" not in r for r in results):
        floor = statistics.median(bare["warm_all"])
        lines.append(f"Median warm load: bare {floor:.2f} s; " + "; ".join(
            f"{_label(r['name'])} {statistics.median(r['warm_all']):.2f} s"
            for r in results if "error" not in r))
    if PRESSURES:
        lines.append(f"CPU pressure (/proc/pressure/cpu some avg10) just before the timed "
                     f"measurements: {min(PRESSURES):.1f}-{max(PRESSURES):.1f} % (each waited, "
                     f"at most {args.max_wait_quiet:g} s, for < 10 %).")
    print("\n".join(lines))
    return 0 if all("error" not in r for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
