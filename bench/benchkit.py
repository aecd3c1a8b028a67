"""What bench_app.py and capacity.py share: the browser, how a drawn map is recognised, and
the bare one-line page that both use as the floor.

Servers are started and stopped by tests/appserver.py (the end-to-end tests' code).
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for entry in (ROOT / "src", ROOT / "bench", ROOT / "tests"):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))

from appserver import (  # noqa: E402
    DEV_OPTIONS,
    AppServer,
    run_app,
    run_deployment,
    run_streamlit,
)

# Re-exported: the benchmarks import them from here (after the path is set).
__all__ = ["DEV_OPTIONS", "AppServer", "run_app", "run_deployment", "run_streamlit"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ZONE_SELECTOR = ".zone-shape, .zone-point, .marker-cluster"
"""A drawn zone: a shape, a point, or above the cluster threshold a cluster circle."""
MAP_IFRAME = 'iframe[title*="st_folium"]'
BARE_SCRIPT = 'import streamlit as st\n\nst.write("hello")\n'
BARE_TEXT = "hello"

# JS run in the main page: does a map iframe show a zone not marked as drawn before (a filter
# benchmark marks the zones drawn before its click; the map redraws them in the same frame)?
HAS_ZONES_JS = """
([selector, frameSelector]) => {
  for (const frame of document.querySelectorAll(frameSelector)) {
    let doc;
    try { doc = frame.contentDocument; } catch (e) { continue; }
    if (!doc) continue;
    for (const el of doc.querySelectorAll(selector)) {
      if (!el.__benchOld) return true;
    }
  }
  return false;
}
"""


def launch_chromium(playwright):
    """Debian's Chromium, headless (never a browser downloaded by Playwright)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True)


def wait_for_zones(page, timeout_s: float, polling: str | float = "raf") -> None:
    page.wait_for_function(HAS_ZONES_JS, arg=[ZONE_SELECTOR, MAP_IFRAME], polling=polling,
                           timeout=timeout_s * 1000)


@contextlib.contextmanager
def run_bare_page(work_dir: Path, *, options: Sequence[str] = (), nodelay: bool = True
                  ) -> Iterator[AppServer]:
    """The floor: `st.write("hello")` with the app's own .streamlit/config.toml, so that only
    the script differs from the app."""
    work_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / ".streamlit", work_dir / ".streamlit", dirs_exist_ok=True)
    (work_dir / "hello.py").write_text(BARE_SCRIPT, encoding="utf-8")
    with run_streamlit("hello.py", cwd=work_dir, log_path=work_dir / "server.log",
                       options=options, nodelay=nodelay) as server:
        yield server
