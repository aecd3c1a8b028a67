"""One script and one stylesheet for the map frame, made from the vendored Leaflet and its
cluster plugin (static/vendor/).

The map component loads its scripts one after another, each a request to the app server
(which costs it a few milliseconds of CPU per file, whatever the size): Leaflet and the plugin
as one file, and the three stylesheets as one with Leaflet's layer-button icons inlined: two
requests instead of six. `python -m zones.map_bundle` writes the files; a test checks that the
committed ones are what this module makes from the vendored sources.
"""

from __future__ import annotations

import base64
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parents[2] / "static" / "vendor"
BUNDLE_JS = "leaflet/leaflet-bundle.js"
BUNDLE_CSS = "leaflet/leaflet-bundle.css"
"""Inside VENDOR_DIR, next to leaflet.css, so its other relative image links still resolve."""
SCRIPTS = ("leaflet/leaflet.js", "markercluster/leaflet.markercluster.js")
STYLESHEETS = ("leaflet/leaflet.css", "markercluster/MarkerCluster.css",
               "markercluster/MarkerCluster.Default.css")
INLINED_IMAGES = ("images/layers.png", "images/layers-2x.png")
"""The layer button's icons (the only images the map shows); the marker icons are unused."""
NOTICE = ("/* Leaflet 1.9.4 (BSD-2-Clause, static/vendor/leaflet/LICENSE) and "
          "Leaflet.markercluster (MIT, static/vendor/markercluster/LICENSE), concatenated by "
          "zones.map_bundle. */\n")


def _read(name: str) -> str:
    return (VENDOR_DIR / name).read_text(encoding="utf-8")


def _without_source_map(text: str) -> str:
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith("//# sourceMappingURL="))


def bundle_js() -> str:
    return NOTICE + "\n;\n".join(_without_source_map(_read(name)) for name in SCRIPTS) + "\n"


def bundle_css() -> str:
    css = "\n".join(_read(name) for name in STYLESHEETS)
    for image in INLINED_IMAGES:
        data = base64.b64encode((VENDOR_DIR / "leaflet" / image).read_bytes()).decode("ascii")
        css = css.replace(f"url({image})", f"url(data:image/png;base64,{data})")
    return NOTICE + css


def write_bundle() -> None:
    (VENDOR_DIR / BUNDLE_JS).write_text(bundle_js(), encoding="utf-8")
    (VENDOR_DIR / BUNDLE_CSS).write_text(bundle_css(), encoding="utf-8")


if __name__ == "__main__":
    write_bundle()
