"""Benchmark the domain library on synthetic data of 1k, 10k and 100k zones.

    python bench/bench_library.py [--sizes 1000,10000,100000] [--repeats 3]

Steps: load + validate (`load_dataset`), join (`zones_geodataframe`), province summaries (both
groupings) and target status, exports (GeoJSON, CSV, GeoPackage), the folium map's build and
HTML render, and the script streamlit-folium sends to the browser.

How it measures:
- Every step runs in a fresh Python subprocess, so one step's caches and heap do not leak into
  the next. The inputs (dataset, GeoDataFrame) are prepared once per size and unpickled there.
- Wall time: `time.perf_counter` around the call; best of `--repeats` runs (3) for sizes up to
  10k, one run above that. Anything a step needs (e.g. the map, for the render) is rebuilt
  before each run, outside the timer.
- CPU time: user + system time of the step's process during the same run (getrusage). The
  machine may be shared: when wall time is well above CPU time, something else was running.
  Before each step the driver waits (bounded) until the CPU pressure stall information
  (/proc/pressure/cpu, "some avg10") is below a threshold, and the tables say how loaded the
  machine was.
- Memory: peak resident set size (RSS) *added* by the step's first run: just before the call
  the kernel's high-water mark is reset (`echo 5 > /proc/self/clear_refs`), and afterwards
  VmHWM - VmRSS(before) is read from /proc/self/status. RSS counts everything (numpy, GEOS,
  GDAL, Python objects), unlike tracemalloc, which misses allocations made in C libraries.
  It is page-granular and includes memory the allocator keeps after freeing, so it is an
  upper bound of what the step needs on top of its inputs.

Data goes to a temporary folder; nothing is written into data/.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.metadata
import json
import os
import pickle
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for entry in (ROOT / "src", ROOT / "bench"):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))

DEFAULT_SIZES = (1_000, 10_000, 100_000)
SINGLE_RUN_ABOVE = 10_000
STEP_TIMEOUT_S = 1_800
QUIET_PRESSURE_PCT = 10.0
"""A step starts once the share of time tasks waited for a CPU (avg over 10 s) is below this."""
PACKAGES = ("pandas", "numpy", "geopandas", "shapely", "pyproj", "pyogrio", "folium",
            "streamlit", "streamlit-folium", "playwright")

# step name → (label, what it needs prepared)
STEPS: dict[str, str] = {
    "load": "load + validate (`load_dataset`)",
    "join": "join (`zones_geodataframe`)",
    "summary_province": "summary by province (`summarise_provinces`)",
    "summary_province_2025": "summary by merged province (`by=\"province_2025\"`)",
    "targets": "target status (`assess_targets`)",
    "export_geojson": "export GeoJSON",
    "export_csv": "export CSV",
    "export_gpkg": "export GeoPackage",
    "map_build": "folium map build (`build_folium_map`)",
    "map_render": "folium map HTML render (`figure_html`)",
    "map_st_folium": "streamlit-folium script (what `st_folium` sends)",
}


# --- worker side ---------------------------------------------------------------------------

def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _step_functions(name: str, state_path: Path, data_dir: Path, work_dir: Path
                    ) -> tuple[Callable[[], object], Callable[[object], object]]:
    """(prepare, run): prepare() gives run's input and is called, untimed, before each run;
    run(input) returns the step's output (bytes or str are measured as its size)."""
    from zones.store import load_dataset

    if name == "load":
        return (lambda: None), (lambda _: load_dataset(data_dir))

    with state_path.open("rb") as handle:
        dataset, gdf = pickle.load(handle)

    if name == "join":
        from zones.geo import zones_geodataframe

        return (lambda: None), (lambda _: zones_geodataframe(dataset.zones, dataset.outlines))
    if name.startswith("summary_"):
        from zones.summary import summarise_provinces

        by = name.removeprefix("summary_")
        return (lambda: None), (lambda _: summarise_provinces(dataset.zones, by=by))
    if name == "targets":
        from zones.targets import assess_targets

        return (lambda: None), (lambda _: assess_targets(dataset))
    if name.startswith("export_"):
        from zones.export import export_bytes

        fmt = name.removeprefix("export_")
        return (lambda: None), (lambda _: export_bytes(gdf, fmt, work_dir))

    from zones.maps import MapOptions, build_folium_map, figure_html

    if name == "map_build":
        return (lambda: None), (lambda _: build_folium_map(gdf, MapOptions()))
    if name == "map_render":
        return (lambda: build_folium_map(gdf, MapOptions())), figure_html
    if name == "map_st_folium":
        return (lambda: build_folium_map(gdf, MapOptions())), _st_folium_script
    raise ValueError(f"unknown step {name!r}")


def _st_folium_script(fmap: object) -> str:
    """What st_folium does before handing the map to its component (streamlit-folium 0.27):
    render the figure, then turn the map into one JavaScript string (the `script` argument)."""
    import streamlit_folium

    fmap.get_root().render()
    fmap.render()
    html = streamlit_folium._get_html(fmap)
    header = streamlit_folium._get_header(fmap)
    script = streamlit_folium._get_map_string(fmap)
    return script + html + header


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker(args: argparse.Namespace) -> None:
    prepare, run = _step_functions(args.worker, Path(args.state), Path(args.data_dir),
                                   Path(args.work_dir))
    times: list[float] = []
    cpu: list[float] = []
    peak_added_kib = peak_kib = None
    output_bytes = None
    for index in range(args.repeats):
        step_input = prepare()
        gc.collect()
        if index == 0:
            measured = _reset_peak()
            before = _status_kib("VmRSS")
        cpu_start, start = _cpu_seconds(), time.perf_counter()
        result = run(step_input)
        times.append(time.perf_counter() - start)
        cpu.append(_cpu_seconds() - cpu_start)
        if index == 0:
            peak_kib = _status_kib("VmHWM")
            peak_added_kib = peak_kib - before if measured else None
            if isinstance(result, str):
                output_bytes = len(result.encode("utf-8"))
            elif isinstance(result, bytes):
                output_bytes = len(result)
        del result, step_input
    print(json.dumps({"times": times, "cpu": cpu, "peak_added_kib": peak_added_kib,
                      "peak_kib": peak_kib, "output_bytes": output_bytes}))


def prepare_state(data_dir: Path, state_path: Path) -> None:
    from zones.geo import zones_geodataframe
    from zones.store import load_dataset

    dataset = load_dataset(data_dir)
    gdf = zones_geodataframe(dataset.zones, dataset.outlines)
    with state_path.open("wb") as handle:
        pickle.dump((dataset, gdf), handle, protocol=pickle.HIGHEST_PROTOCOL)


# --- driver side ---------------------------------------------------------------------------

def cpu_pressure() -> float | None:
    """Percent of the last 10 s in which some task waited for a CPU (Linux PSI), or None."""
    try:
        with open("/proc/pressure/cpu", encoding="ascii") as handle:
            first = handle.readline().split()
        return float(first[1].split("=")[1])
    except (OSError, IndexError, ValueError):
        return None


def wait_quiet(max_wait_s: float, threshold: float = QUIET_PRESSURE_PCT) -> float | None:
    """Wait (at most max_wait_s) until CPU pressure is below threshold; return the last value."""
    deadline = time.monotonic() + max_wait_s
    pressure = cpu_pressure()
    while pressure is not None and pressure >= threshold and time.monotonic() < deadline:
        time.sleep(2)
        pressure = cpu_pressure()
    return pressure


def machine_lines() -> list[str]:
    model = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
        model = next((line.split(":", 1)[1].strip() for line in lscpu.splitlines()
                      if line.startswith("Model name")), "")
    except (OSError, subprocess.SubprocessError):
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            kib = int(handle.readline().split()[1])
        memory = f"{kib / 1024 ** 2:.1f} GiB"
    except OSError:
        pass
    versions = []
    for package in PACKAGES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append(f"{package} {importlib.metadata.version(package)}")
    return [f"- CPU: {os.cpu_count()} cores (`nproc` {len(os.sched_getaffinity(0))}), "
            f"{model or 'model unknown'}; memory {memory}",
            f"- Python {platform.python_version()} on {platform.platform()}",
            f"- {', '.join(versions)}"]


def _size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 and n >= 1000 else str(n)


def _seconds(value: float) -> str:
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def _mib(kib: int | None) -> str:
    if kib is None:
        return "n/a"
    return f"{kib / 1024:.1f} MiB"


def _bytes(count: int | None) -> str:
    if count is None:
        return ""
    if count >= 1024 ** 2:
        return f"{count / 1024 ** 2:.1f} MiB"
    if count >= 1024:
        return f"{count / 1024:.0f} KiB"
    return f"{count} B"


def _cell(result: dict) -> str:
    """Best wall time, and the CPU time of that run."""
    best = min(range(len(result["times"])), key=result["times"].__getitem__)
    return f"{_seconds(result['times'][best])} (cpu {_seconds(result['cpu'][best])})"


def run_step(step: str, size: int, data_dir: Path, state: Path, work_dir: Path,
             repeats: int) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", step,
               "--state", str(state), "--data-dir", str(data_dir), "--work-dir", str(work_dir),
               "--repeats", str(repeats)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=STEP_TIMEOUT_S,
                              env=env, cwd=str(work_dir))
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {STEP_TIMEOUT_S} s"}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip()
                else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="comma-separated zone counts (default 1000,10000,100000)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs per step for sizes up to 10k; one run above (default 3)")
    parser.add_argument("--steps", default=",".join(STEPS), help="comma-separated step names")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-wait-quiet", type=float, default=60,
                        help="seconds to wait, at most, for a quiet machine before each step")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--state", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--work-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args)
        return 0

    from synthetic import write_synthetic_data

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    steps = [s for s in args.steps.split(",") if s]
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        parser.error(f"unknown step(s): {', '.join(unknown)}; choose from {', '.join(STEPS)}")
    results: dict[tuple[str, int], dict] = {}
    runs: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="zones-bench-") as tmp:
        for size in sizes:
            data_dir = write_synthetic_data(Path(tmp) / f"data-{size}", size, args.seed)
            state = Path(tmp) / f"state-{size}.pickle"
            work_dir = Path(tmp) / f"work-{size}"
            work_dir.mkdir()
            started = time.perf_counter()
            prepare_state(data_dir, state)
            print(f"[{_size_label(size)}] data written and prepared in "
                  f"{time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
            runs[size] = args.repeats if size <= SINGLE_RUN_ABOVE else 1
            for step in steps:
                before = wait_quiet(args.max_wait_quiet)
                result = run_step(step, size, data_dir, state, work_dir, runs[size])
                result["pressure"] = (before, cpu_pressure())
                results[step, size] = result
                shown = result.get("error") or _cell(result)
                print(f"[{_size_label(size)}] {step}: {shown}; cpu pressure before/after "
                      f"{before}/{result['pressure'][1]}", file=sys.stderr, flush=True)

    labels = [_size_label(s) for s in sizes]
    runs_text = ", ".join(f"{_size_label(s)}: best of {runs[s]}" if runs[s] > 1
                          else f"{_size_label(s)}: 1 run" for s in sizes)
    lines = ["## Library benchmark", "", *machine_lines(), "",
             f"Wall time ({runs_text}); each step in its own subprocess. In brackets: CPU "
             "time (user + system) of the same run.", "",
             "| step | " + " | ".join(labels) + " |",
             "|---" * (len(sizes) + 1) + "|"]
    for step in steps:
        cells = []
        for size in sizes:
            result = results[step, size]
            cells.append(result.get("error") or _cell(result))
        lines.append(f"| {STEPS[step]} | " + " | ".join(cells) + " |")
    lines += ["", "Peak memory added by the step (peak RSS during its first run minus RSS just "
              "before it; /proc/self/clear_refs + VmHWM). In brackets: the process's peak RSS "
              "with the step's inputs loaded.", "",
              "| step | " + " | ".join(labels) + " |",
              "|---" * (len(sizes) + 1) + "|"]
    for step in steps:
        cells = []
        for size in sizes:
            result = results[step, size]
            cells.append("error" if "error" in result else
                         f"{_mib(result['peak_added_kib'])} ({_mib(result['peak_kib'])})")
        lines.append(f"| {STEPS[step]} | " + " | ".join(cells) + " |")
    sized = [s for s in steps if any(results[s, n].get("output_bytes") for n in sizes)]
    if sized:
        lines += ["", "Output size.", "", "| output | " + " | ".join(labels) + " |",
                  "|---" * (len(sizes) + 1) + "|"]
        for step in sized:
            lines.append(f"| {STEPS[step]} | " + " | ".join(
                _bytes(results[step, n].get("output_bytes")) for n in sizes) + " |")
    pressures = [p for r in results.values() for p in r.get("pressure", ()) if p is not None]
    if pressures:
        lines += ["", f"Machine load: CPU pressure (/proc/pressure/cpu some avg10) at the start "
                  f"and end of the steps ranged {min(pressures):.1f}-{max(pressures):.1f} % "
                  f"(a step waited for < {QUIET_PRESSURE_PCT:g} % before starting, at most "
                  f"{args.max_wait_quiet:g} s)."]
    print("\n".join(lines))
    return 0 if not any("error" in r for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
