"""Which folders `serve.py` serves from memory (`zones.asset_cache`), and at which URLs.

Streamlit's content-hashed frontend and the map component's (cached a year), the component's
page and our ./static/ (revalidated: same names across versions). `deploy/nginx.conf.in` serves
the same folders from disk when the app runs behind nginx.
"""

from __future__ import annotations

from pathlib import Path

import streamlit_folium
from streamlit import file_util

from zones.asset_cache import IMMUTABLE, REVALIDATE, AssetFolder

ROOT = Path(__file__).resolve().parents[1]
APP_STATIC = ROOT / "static"
STREAMLIT_STATIC = Path(file_util.get_static_dir())
FOLIUM_BUILD = Path(streamlit_folium.__file__).resolve().parent / "frontend" / "build"
FOLIUM_URL = "component/streamlit_folium.st_folium"


def asset_folders(base_url: str = "") -> list[AssetFolder]:
    """The folders, their URLs under Streamlit's `server.baseUrlPath` (`base_url`)."""
    base = "/" + base_url.strip("/") if base_url.strip("/") else ""
    # The component's hashed scripts come before its folder: the first folder naming a file wins.
    return [
        AssetFolder(f"{base}/static", STREAMLIT_STATIC / "static", IMMUTABLE),
        AssetFolder(f"{base}/{FOLIUM_URL}/static", FOLIUM_BUILD / "static", IMMUTABLE),
        AssetFolder(f"{base}/{FOLIUM_URL}", FOLIUM_BUILD, REVALIDATE),
        AssetFolder(f"{base}/app/static", APP_STATIC, REVALIDATE),
    ]
