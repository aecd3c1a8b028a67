"""Capacity: how many page loads per second one Streamlit server sustains, and its CPU per load.

    python bench/capacity.py [--sizes bare,bundled,10000,50000] [--configs before,after]
                             [--concurrency 4] [--loads 24] [--seconds 60] [--repeats 3]

For each data set (a bare one-line page, the bundled data, synthetic folders from
bench/synthetic.py) and each configuration ("before": Streamlit's defaults, file watcher and
forced GC on; "after": the project's .streamlit/config.toml), it starts one server on 127.0.0.1
(tests/appserver.py) and:

1. records one real visit in headless Chromium, once per data set (on its first server):
   every same-origin HTTP request and every websocket message the page sent (Streamlit's
   BackMsg protobufs: the first script run, then what the map component sends back once drawn),
   until the map shows zones (or the bare page shows "hello") and the app has been quiet; each
   server's own caching headers (Cache-Control, ETag, Last-Modified) are then read from it, as
   Streamlit and nginx differ;
2. replays that visit from Python threads, `--concurrency` at a time, as real Streamlit sessions:
   - "first visit": every recorded HTTP request, then a websocket session that sends the
     recorded BackMsgs, each after the server reported the previous script run finished;
   - "returning visit" (static files cached): only the requests a browser cache would repeat
     (no max-age: `no-cache` or no Cache-Control, sent conditionally when the response had an
     ETag or Last-Modified), then the same websocket session;
3. reports loads per second (completed loads / wall time), the server's CPU time per load
   (/proc, user + system, of the server's whole process group: nginx included) and the median
   time of one load. The load generator's own CPU per load goes to stderr (it shares the
   machine).

Bounded: at most --loads loads and --seconds seconds per measurement (whichever ends first,
after the loads in flight finish, each with a timeout), 127.0.0.1 only, every server stopped.
The browser is used only to record; the timed loads are the replay, so they measure the server,
not Chromium's rendering. Repeats alternate the configurations, and the table shows medians.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from benchkit import (  # also puts src/ and tests/ on sys.path
    BARE_TEXT,
    DEV_OPTIONS,
    AppServer,
    launch_chromium,
    run_app,
    run_bare_page,
    run_deployment,
    wait_for_zones,
)

RECORD_TIMEOUT_S = 300
RECORD_QUIET_S = 3.0
"""After the page is drawn, recording goes on until no websocket message was sent for this long."""
LOAD_TIMEOUT_S = 120
# name: (Streamlit options, TCP_NODELAY launcher, script, behind nginx), each adding one change
CONFIGS = {
    "before": (DEV_OPTIONS, False, "app.py", False),
    "after": ((), False, "app.py", False),
    "nodelay": ((), True, "app.py", False),
    "memory": ((), True, "serve.py", False),
    "nginx": ((), True, "serve.py", True),
}
CONFIG_LABELS = {
    "before": "Streamlit defaults (watcher, GC on)",
    "after": "production config",
    "nodelay": "+ TCP_NODELAY (deploy/launch.py)",
    "memory": "+ static files from memory (serve.py)",
    "nginx": "+ nginx in front (deploy/start, 1 replica)",
}


@dataclass
class Resource:
    path: str  # with query
    cache_control: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def browser_caches(self) -> bool:
        """A browser with this response cached would not ask again (fresh by max-age)."""
        cache = self.cache_control.lower()
        return "max-age=" in cache and "max-age=0" not in cache and "no-cache" not in cache

    def revisit_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass
class Visit:
    """What one real browser visit asked of the server (recorded once per data set)."""

    resources: list[Resource] = field(default_factory=list)
    back_msgs: list[bytes] = field(default_factory=list)
    ws_path: str = "/_stcore/stream"

    def http_bytes_hint(self) -> str:
        return f"{len(self.resources)} HTTP requests, {len(self.back_msgs)} websocket messages"


def as_served_by(visit: Visit, base_url: str) -> Visit:
    """The visit with each response's caching headers as this server sends them (Streamlit
    and nginx differ; a returning visit skips what this server lets browsers keep)."""
    import requests

    resources = []
    with requests.Session() as http:
        for resource in visit.resources:
            response = http.get(base_url + resource.path, timeout=LOAD_TIMEOUT_S)
            headers = response.headers
            resources.append(Resource(resource.path, headers.get("cache-control", ""),
                                      headers.get("etag"), headers.get("last-modified")))
    return Visit(resources, visit.back_msgs, visit.ws_path)


# --- recording ------------------------------------------------------------------------------

def record_visit(browser, url: str, bare: bool) -> Visit:
    """One visit in a fresh Chromium context: requests, responses and websocket messages sent."""
    visit = Visit()
    origin = urlsplit(url).netloc
    sent_at = [time.monotonic()]
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()

        def on_response(response) -> None:
            parts = urlsplit(response.url)
            # /media/ files are named per session (the page icon): a replay cannot ask for them.
            if (parts.netloc != origin or response.request.method != "GET"
                    or parts.path.startswith("/media/")):
                return
            visit.resources.append(Resource(parts.path + (f"?{parts.query}" if parts.query
                                                          else "")))

        def on_websocket(ws) -> None:
            visit.ws_path = urlsplit(ws.url).path

            def on_sent(payload) -> None:
                if isinstance(payload, bytes):
                    visit.back_msgs.append(payload)
                    sent_at[0] = time.monotonic()

            ws.on("framesent", on_sent)

        page.on("response", on_response)
        page.on("websocket", on_websocket)
        page.goto(url, wait_until="commit", timeout=RECORD_TIMEOUT_S * 1000)
        if bare:
            page.get_by_text(BARE_TEXT, exact=True).wait_for(timeout=RECORD_TIMEOUT_S * 1000)
        else:
            wait_for_zones(page, RECORD_TIMEOUT_S, polling=200)
        deadline = time.monotonic() + RECORD_TIMEOUT_S
        while time.monotonic() - sent_at[0] < RECORD_QUIET_S and time.monotonic() < deadline:
            page.wait_for_timeout(250)
    finally:
        context.close()
    if not visit.back_msgs:
        raise RuntimeError("the recorded visit sent no websocket message")
    return visit


# --- replay ---------------------------------------------------------------------------------

def _script_finished(payload: bytes) -> bool:
    """Is this ForwardMsg the end of a script run (not one cut short by `st.rerun`)?"""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    message.ParseFromString(payload)
    return (message.WhichOneof("type") == "script_finished"
            and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN)


def replay_visit(base_url: str, visit: Visit, returning: bool) -> float:
    """One page load as the recorded browser made it; seconds until the last run finished."""
    import requests
    from websockets.sync.client import connect

    start = time.perf_counter()
    with requests.Session() as http:
        for resource in visit.resources:
            if returning and resource.browser_caches:
                continue
            headers = resource.revisit_headers() if returning else {}
            response = http.get(base_url + resource.path, headers=headers, timeout=LOAD_TIMEOUT_S)
            if response.status_code not in (200, 304):
                raise RuntimeError(f"{resource.path}: HTTP {response.status_code}")
        cookies = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
    ws_url = "ws" + base_url.removeprefix("http") + visit.ws_path
    headers = {"Cookie": cookies} if cookies else None
    with connect(ws_url, subprotocols=["streamlit"], additional_headers=headers,
                 open_timeout=LOAD_TIMEOUT_S, max_size=None) as socket:
        for message in visit.back_msgs:
            socket.send(message)
            deadline = time.monotonic() + LOAD_TIMEOUT_S
            while not _script_finished(socket.recv(timeout=deadline - time.monotonic())):
                pass
    return time.perf_counter() - start


@dataclass
class Capacity:
    loads: int
    errors: int
    seconds: float
    server_cpu: float
    client_cpu: float
    times: list[float]

    @property
    def per_second(self) -> float:
        return self.loads / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_load(self) -> float:
        return self.server_cpu / self.loads if self.loads else float("nan")


def measure_capacity(server_cpu, base_url: str, visit: Visit, returning: bool,
                     concurrency: int, max_loads: int, max_seconds: float) -> Capacity:
    """`concurrency` simulated browsers loading the page until max_loads or max_seconds."""
    lock = threading.Lock()
    started = [0]
    times: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + max_seconds

    def user() -> None:
        while True:
            with lock:
                if started[0] >= max_loads or time.monotonic() > deadline:
                    return
                started[0] += 1
            try:
                seconds = replay_visit(base_url, visit, returning)
            except Exception as error:  # counted, reported; the measurement goes on
                with lock:
                    errors.append(f"{type(error).__name__}: {error}"[:200])
                continue
            with lock:
                times.append(seconds)

    cpu_before, client_before = server_cpu(), time.process_time()
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(user)
    elapsed = time.perf_counter() - start
    if errors:
        print(f"    {len(errors)} failed loads, e.g. {errors[0]}", file=sys.stderr)
    return Capacity(len(times), len(errors), elapsed, server_cpu() - cpu_before,
                    time.process_time() - client_before, times)


# --- driver ---------------------------------------------------------------------------------

@contextlib.contextmanager
def start_server(size: str, config: str, tmp: Path, data_dirs: dict[str, Path]
                 ) -> Iterator[AppServer]:
    options, nodelay, script, nginx = CONFIGS[config]
    work = tmp / f"{size}-{config}"
    work.mkdir(exist_ok=True)
    if nginx:
        if size == "bare":
            raise ValueError("the bare page is not run behind nginx")
        # CPU counts the replica and nginx (deploy/start's process group).
        with run_deployment(data_dirs[size], work, replicas=1) as server:
            yield server
    elif size == "bare":
        with run_bare_page(work, options=options, nodelay=nodelay) as server:
            yield server
    else:
        with run_app(data_dirs[size], work, options=options, nodelay=nodelay,
                     script=script) as server:
            yield server


def measure(browser, size: str, config: str, tmp: Path, data_dirs: dict[str, Path],
            args: argparse.Namespace, visits: dict[str, Visit]) -> dict[str, Capacity | str]:
    """Capacity of one server; the data set's visit is recorded on its first server only."""
    with start_server(size, config, tmp, data_dirs) as server:
        if size not in visits:
            visits[size] = record_visit(browser, server.url, bare=size == "bare")
        else:  # one script run first: the map component's files are served once it is imported
            replay_visit(server.url, Visit([], visits[size].back_msgs, visits[size].ws_path),
                         returning=False)
        visit = as_served_by(visits[size], server.url)
        replay_visit(server.url, visit, returning=False)  # warm: caches filled, like a 2nd user
        result: dict[str, Capacity | str] = {"visit": visit.http_bytes_hint()}
        for kind, returning in (("first", False), ("returning", True)):
            result[kind] = measure_capacity(server.cpu_seconds, server.url, visit, returning,
                                            args.concurrency, args.loads, args.seconds)
        return result


def _label(size: str) -> str:
    if size in ("bare", "bundled"):
        return {"bare": "bare page", "bundled": "bundled (46)"}[size]
    n = int(size)
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def _median(values: list[float]) -> float:
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def table(results: dict, sizes: list[str], configs: list[str], kind: str, repeats: int
          ) -> list[str]:
    header = ["data", *[f"{CONFIG_LABELS[c]}: loads/s · CPU/load · median load" for c in configs]]
    if len(configs) >= 2:
        header += [f"{c} / {configs[0]}: loads/s · CPU/load" for c in configs[1:]]
    lines = [f"{kind.capitalize()} visit (medians of {repeats}):", "",
             "| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for size in sizes:
        cells, summary = [_label(size)], {}
        for config in configs:
            runs = [r[kind] for r in results[(size, config)] if isinstance(r.get(kind), Capacity)]
            if not runs:
                cells.append("error" if results[(size, config)] else "not run")
                continue
            per_s = _median([r.per_second for r in runs])
            cpu = _median([r.cpu_per_load for r in runs])
            load = _median([statistics.median(r.times) for r in runs if r.times])
            summary[config] = (per_s, cpu)
            cells.append(f"{per_s:.2f} · {cpu * 1000:.0f} ms · {load:.2f} s")
        for config in configs[1:]:
            if config in summary and configs[0] in summary:
                (b_s, b_cpu), (a_s, a_cpu) = summary[configs[0]], summary[config]
                cells.append(f"{a_s / b_s:.2f}× · {a_cpu / b_cpu:.2f}×")
            else:
                cells.append("n/a")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="bare,bundled,10000,50000")
    parser.add_argument("--configs", default="before,after,nodelay,memory,nginx")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--loads", type=int, default=24, help="at most, per measurement")
    parser.add_argument("--seconds", type=float, default=60, help="at most, per measurement")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    # Stopped with SIGTERM: unwind, so every server started is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from bench_library import machine_lines
    from playwright.sync_api import sync_playwright
    from synthetic import write_synthetic_data

    from zones.store import BUNDLED_DATA_DIR

    results: dict = {(s, c): [] for s in sizes for c in configs}
    visits: dict[str, Visit] = {}
    uptimes = [Path("/proc/loadavg").read_text().split()[:3]]
    with tempfile.TemporaryDirectory(prefix="zones-capacity-") as tmp_name, \
            sync_playwright() as playwright:
        tmp = Path(tmp_name)
        data_dirs = {"bundled": BUNDLED_DATA_DIR}
        for size in sizes:
            if size not in ("bare", "bundled"):
                data_dirs[size] = write_synthetic_data(tmp / f"data-{size}", int(size), args.seed)
        browser = launch_chromium(playwright)
        try:
            for repeat in range(args.repeats):
                order = configs if repeat % 2 == 0 else configs[::-1]
                for size in sizes:
                    for config in order:
                        if size == "bare" and CONFIGS[config][2]:
                            continue
                        try:
                            result = measure(browser, size, config, tmp, data_dirs, args,
                                             visits)
                        except Exception as error:  # report and go on
                            result = {"error": f"{type(error).__name__}: {error}"[:300]}
                        results[(size, config)].append(result)
                        print(f"[{repeat + 1}/{args.repeats} {size} {config}] " + ", ".join(
                            f"{k}: {v.per_second:.2f}/s, {v.cpu_per_load * 1000:.0f} ms CPU, "
                            f"{v.loads} loads, {v.errors} errors, load generator "
                            f"{v.client_cpu / max(v.loads, 1) * 1000:.0f} ms CPU/load"
                            if isinstance(v, Capacity) else f"{k}: {v}"
                            for k, v in result.items()), file=sys.stderr, flush=True)
                        uptimes.append(Path("/proc/loadavg").read_text().split()[:3])
        finally:
            browser.close()

    loads = [float(u[0]) for u in uptimes]
    lines = ["## Capacity (bench/capacity.py)", "", *machine_lines(),
             f"- one server, {args.concurrency} simulated browsers at a time, at most "
             f"{args.loads} loads or {args.seconds:g} s per measurement; {args.repeats} repeats, "
             "configurations alternated",
             f"- load average (1 min) during the run: {min(loads):.2f}–{max(loads):.2f} "
             f"(uptime before: {' '.join(uptimes[0])})", ""]
    for kind in ("first", "returning"):
        lines += [*table(results, sizes, configs, kind, args.repeats), ""]
    errors = [f"{s}/{c}: {r['error']}" for (s, c), rs in results.items() for r in rs
              if "error" in r]
    lines += [f"Errors: {'; '.join(errors)}" if errors else "No measurement failed."]
    print("\n".join(lines))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
