"""The server: `streamlit run serve.py` runs the app (`app.py`) with its static files from memory.

`app.py` stays the Streamlit script (`streamlit run app.py` works too, only with more server CPU
per first visit). Here Streamlit's `st.App` puts `zones.asset_cache.AssetCache` in front of
Streamlit's routes: a first visit asks for ~115 files, which Streamlit serves for ~1.1 ms of CPU
each and the cache for ~0.1-0.25 ms (docs/benchmarks.md). `scripts/run`, `deploy/start` and the
tests' and benchmarks' servers start this file.
"""

from __future__ import annotations

import gc

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from ui.server_assets import asset_folders
from zones.asset_cache import AssetCache

# Python's collector runs a generation-0 pass every 700 new containers and, every 100 of those,
# a full pass over every object the server holds (Streamlit, pandas, the zones of each data
# version). Building a large map makes tens of thousands of lists, so a new filter at 50k zones
# spent ~0.1-0.2 s of its ~0.45 s in full passes that found nothing to free. Rarer passes:
# cyclic garbage is still collected, after more allocations (GC_THRESHOLDS).
GC_THRESHOLDS = (50_000, 10, 10)
gc.set_threshold(*GC_THRESHOLDS)
base_url = config.get_option("server.baseUrlPath")
app = st.App("app.py", middleware=[Middleware(AssetCache, folders=asset_folders(base_url))])
