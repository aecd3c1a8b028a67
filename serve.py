"""The server: `streamlit run serve.py` runs the app (`app.py`) with its static files from memory.

`app.py` stays the Streamlit script (`streamlit run app.py` works too, only with more server CPU
per first visit). Here Streamlit's `st.App` puts `zones.asset_cache.AssetCache` in front of
Streamlit's routes: a first visit asks for ~115 files, which Streamlit serves for ~1.1 ms of CPU
each and the cache for ~0.1-0.25 ms (docs/benchmarks.md). `scripts/run`, `deploy/start` and the
tests' and benchmarks' servers start this file.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from ui.server_assets import asset_folders
from zones.asset_cache import AssetCache

base_url = config.get_option("server.baseUrlPath")
app = st.App("app.py", middleware=[Middleware(AssetCache, folders=asset_folders(base_url))])
