"""The arguments streamlit-folium's component takes, built from a folium map in one render.

`st_folium` (streamlit-folium 0.27) renders the whole map three times on every call and hashes
the resulting script with regular expressions; at 50k zones that is seconds per rerun. Here the
map is rendered once into the same arguments (the script with the map's variable renamed to
`map_div`, the header without the script and stylesheet links, which go in `js_links` and
`css_links`), so that the page can cache them per (data version, filter, language, basemap,
colour-by) and send them again without building anything.

The zones are not in the script: they go in the frontend's `feature_group`, which it evaluates
again, in the map it already has, whenever that text changes. With the component's key naming
only what needs a new map (data version, language, basemap, province naming), a filter or
colour change redraws the zones in place (`ZoneMap.show_js`) instead of reloading the frame.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

import folium
from branca.element import CssLink, JavascriptLink

from zones.maps import ZoneMap, walk

FRONTEND_MAP_ID = "map_div"
"""The element id and variable name the component's frontend gives the map."""
FRONTEND_FIELDS = (
    "last_clicked", "last_object_clicked", "last_object_clicked_count",
    "last_object_clicked_tooltip", "last_object_clicked_popup", "all_drawings",
    "last_active_drawing", "bounds", "zoom", "last_circle_radius", "last_circle_polygon",
    "selected_layers", "selected_tags", "last_geocoder_result",
)
"""The values the frontend can return, in its order: it compares JSON text with the default
on mount, so a default in another key order looks changed and costs one more script run."""


def map_id(fmap: folium.Map) -> str:
    return f"{fmap._name.lower()}_{fmap._id}"


def component_args(
    fmap: folium.Map,
    *,
    identity: Iterable[object],
    returned: Sequence[str],
    height: int,
) -> dict:
    """Keyword arguments for streamlit-folium's `_component_func` (except on_change).

    `identity` names the map the frontend builds once (data version, language, basemap, …):
    the component's key is derived from it, so the map is remounted exactly when that changes.
    The zones (and the choropleth's colours) are sent as the feature group and redrawn in
    place whenever they change.
    """
    zone_layers = [element for element in walk(fmap) if isinstance(element, ZoneMap)]
    for layer in zone_layers:
        layer.show_now = False
    figure = fmap.get_root()
    fmap.render()  # adds every element's links, header, html and script to the figure, once
    own_id = map_id(fmap)
    links = [child for child in figure.header._children.values()
             if isinstance(child, JavascriptLink | CssLink)]
    header = "".join(child.render() for child in figure.header._children.values()
                     if child not in links)
    script = "\n".join(child.render() for child in figure.script._children.values())
    script = script.replace(own_id, FRONTEND_MAP_ID) + "\nvar drawnItems = [];"
    css_links, js_links = asset_lists(fmap)
    key = hashlib.sha256("\0".join(map(repr, identity)).encode()).hexdigest()
    return {
        "script": script,
        "header": header.replace(own_id, FRONTEND_MAP_ID),
        "html": "",
        "id": own_id,
        "key": key,
        "height": height,
        "width": None,
        "returned_objects": list(returned),
        "default": {name: None for name in FRONTEND_FIELDS if name in returned},
        "zoom": None,
        "center": None,
        "feature_group": "".join(layer.show_js() for layer in zone_layers) or None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": css_links,
        "js_links": js_links,
        "wrap_longitude": False,
    }


def asset_lists(fmap: folium.Map) -> tuple[list[str], list[str]]:
    """(stylesheets, scripts) every element of the map needs, in order, without repeats."""
    css: dict[str, None] = {}
    js: dict[str, None] = {}
    for element in walk(fmap):
        css.update(dict.fromkeys(url for _, url in getattr(element, "default_css", [])))
        js.update(dict.fromkeys(url for _, url in getattr(element, "default_js", [])))
    return list(css), list(js)


_SCRIPT_LINK = re.compile(r"<script\b[^>]*\bsrc=", re.IGNORECASE)


def has_external_links(args: dict) -> bool:
    """True when the header still loads a script itself (the frontend loads js_links)."""
    return bool(_SCRIPT_LINK.search(args["header"]))
