"""Map builders: folium (Leaflet) and pydeck objects that tests inspect without a browser.

Everything the maps need runs without a network: Leaflet and its plugins are served from the
app's own static folder (folium's defaults are CDNs), base tiles are optional layers, and the
legend and labels are drawn by the map itself. Text from the data is HTML-escaped.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
import pydeck as pdk
from branca.element import MacroElement
from folium.plugins import FastMarkerCluster
from jinja2 import Template
from shapely.geometry import MultiPolygon, Polygon

from zones.basemap import add_base_layer, add_facility_layers
from zones.geo import GEOMETRY_OUTLINE, footprint_radius_m
from zones.i18n import t
from zones.schema import DEFAULT_FOOTPRINT_HA, KINDS, STATUSES

ASSET_BASE = "/app/static/vendor"
"""Where Streamlit serves ./static/vendor (server.enableStaticServing)."""

LOCAL_ASSETS = {
    "leaflet": "leaflet/leaflet.js",
    "jquery": "jquery/jquery.min.js",  # folium's popups are built with jQuery
    "leaflet_css": "leaflet/leaflet.css",
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
}

STATUS_COLORS = {
    "operating": "#1b7837",
    "under_construction": "#e08214",
    "planned": "#2166ac",
    "proposed": "#8073ac",
    "stalled": "#b2182b",
    "converting": "#6b6b6b",
}
KIND_WEIGHTS = {"KKT": 3, "KCN": 2, "CCN": 1.5}
APPROXIMATE_DASH = "6 4"
NEAR_ZOOM = 10
"""From this zoom on, zones are drawn as shapes; further out, as points."""
CLUSTER_THRESHOLD = 2_500
"""Above this many zones, points are clustered and shapes are left out of the page."""
BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

BASEMAPS: dict[str, tuple[str, str]] = {
    "none": (BLANK_TILE, " "),  # the bundled offline base layer (zones.basemap) shows instead
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "&copy; OpenStreetMap contributors"),
    "light": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors &copy; CARTO",
    ),
    "satellite": (
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/"
        "tile/{z}/{y}/{x}",
        "Tiles &copy; Esri",
    ),
}
VIETNAM_CENTER = (16.0, 106.5)


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def format_number(value: object, unit: str = "", decimals: int = 1) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    number = float(value)
    text = f"{number:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{number:,.0f}"
    return f"{text} {unit}".strip()


def zone_summary_lines(zone: pd.Series | dict, lang: str) -> list[str]:
    """Plain-text lines about a zone (not escaped): name, kind/status, area, fill."""
    unknown = t("unknown", lang)
    area = format_number(zone.get("area_ha"), "ha") or unknown
    fill = format_number(zone.get("fill_pct"), "%") or unknown
    kind, status = str(zone.get("kind")), str(zone.get("status"))
    return [
        str(zone.get("name")),
        f"{t('kind.' + kind, lang)} · {t('status.' + status, lang)}",
        f"{t('area', lang)}: {area} · {t('fill', lang)}: {fill}",
    ]


def map_labels(lang: str) -> dict:
    """Escaped interface words the browser needs to build tooltips and popups."""
    return {
        "kinds": {kind: esc(t(f"kind.{kind}", lang)) for kind in KINDS},
        "statuses": {status: esc(t(f"status.{status}", lang)) for status in STATUSES},
        "precisions": {p: esc(t(f"precision.{p}", lang))
                       for p in ("surveyed", "site", "commune", "district", "unknown")},
        "area": esc(t("area", lang)), "fill": esc(t("fill", lang)),
        "zoneId": esc(t("zone_id", lang)), "unknown": esc(t("unknown", lang)),
    }


def zone_text_fields(zone: pd.Series | dict) -> dict:
    """A zone's words for its tooltip and popup, escaped here so that the browser inserts
    HTML it can trust; the browser assembles them with the labels (ZONE_HTML_JS)."""
    return {
        "zone_id": esc(zone.get("zone_id")),
        "name": esc(zone.get("name")),
        "kind": str(zone.get("kind")),
        "status": str(zone.get("status")),
        "area": esc(format_number(zone.get("area_ha"), "ha") or ""),
        "fill": esc(format_number(zone.get("fill_pct"), "%") or ""),
        "precision": str(zone.get("location_precision")) if zone.get("approximate") else None,
    }


def safe_json(value: object) -> str:
    """JSON that cannot end the <script> element it is embedded in."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


ZONE_HTML_JS = """
function zoneTooltip(z, T) {
  return '<b>' + z.name + '</b><br>' + T.kinds[z.kind] + ' · ' + T.statuses[z.status] +
    '<br>' + T.area + ': ' + (z.area || T.unknown) + ' · ' + T.fill + ': ' +
    (z.fill || T.unknown);
}
function zonePopup(z, T) {
  return zoneTooltip(z, T) + (z.precision ? '<br><i>' + T.precisions[z.precision] + '</i>' : '') +
    '<br>' + T.zoneId + ': <code>' + z.zone_id + '</code>';
}
"""


# The popup ends with "<label>: <zone id>" (ZONE_HTML_JS); matched by position, not by the
# label's wording, so that no translation can break map clicks.
_ZONE_ID_IN_POPUP = re.compile(r":\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*$")


def zone_id_from_popup(text: str | None) -> str | None:
    """The zone_id in a clicked popup's text (as streamlit-folium returns it)."""
    if not text:
        return None
    found = _ZONE_ID_IN_POPUP.search(text)
    return found.group(1) if found else None


# --- folium ----------------------------------------------------------------------------------


def use_local_assets(root: folium.Element, asset_base: str = ASSET_BASE) -> None:
    """Point every element's JS/CSS at the app's own copies; drop assets the map does not use."""
    for element in walk(root):
        for attribute in ("default_js", "default_css"):
            links = getattr(element, attribute, None)
            if links is None:
                continue
            local = [
                (name, f"{asset_base}/{LOCAL_ASSETS[name]}")
                for name, _ in links
                if name in LOCAL_ASSETS
            ]
            setattr(element, attribute, local)


def walk(element: folium.Element) -> Iterable[folium.Element]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def asset_links(root: folium.Element) -> list[str]:
    links = []
    for element in walk(root):
        links += [url for _, url in getattr(element, "default_js", [])]
        links += [url for _, url in getattr(element, "default_css", [])]
    return links


class ZoomSwitch(MacroElement):
    """Shows shapes when zoomed in and points when zoomed out, by a class on the map container."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .zones-far .zone-shape { display: none; }
          .zones-near .zone-point { display: none; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }};
          function update() {
            var near = map.getZoom() >= {{ this.near_zoom }};
            var box = map.getContainer();
            box.classList.toggle('zones-near', near);
            box.classList.toggle('zones-far', !near);
          }
          map.on('zoomend', update);
          update();
        })();
        {% endmacro %}
    """)

    def __init__(self, near_zoom: int = NEAR_ZOOM) -> None:
        super().__init__()
        self._name = "ZoomSwitch"
        self.near_zoom = int(near_zoom)


class Legend(MacroElement):
    """A legend drawn by Leaflet inside the map, so it shows even when no tiles load."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var legend = L.control({position: 'bottomleft'});
          legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'zones-legend');
            div.style.cssText = 'background:rgba(255,255,255,0.92);padding:6px 8px;' +
              'font:12px/1.4 sans-serif;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3)';
            div.innerHTML = {{ this.html_json }};
            L.DomEvent.disableClickPropagation(div);
            return div;
          };
          legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, lang: str, open_: bool = True) -> None:
        super().__init__()
        self._name = "Legend"
        self.html_json = json.dumps(legend_html(lang, open_))


def legend_html(lang: str, open_: bool = True) -> str:
    """A collapsible legend (<details>), so it can be folded away from popups and small maps."""
    rows = [f"<details{' open' if open_ else ''}><summary style=\"cursor:pointer\">"
            f"<b>{esc(t('legend', lang))}</b></summary>"]
    for status in STATUSES:
        rows.append(
            f'<div><span style="display:inline-block;width:12px;height:12px;margin-right:4px;'
            f'background:{STATUS_COLORS[status]}"></span>{esc(t("status." + status, lang))}</div>'
        )
    rows.append(f"<div>┅ {esc(t('approximate', lang))}</div>")
    rows.append(f"<div>━ {esc(t('outline', lang))}</div>")
    rows.append("</details>")
    return "".join(rows)


@dataclass(frozen=True)
class MapOptions:
    lang: str = "vi"
    basemap: str = "none"
    provinces: str = "province"
    """Province borders drawn: 'province' (63, before 1 July 2025) or 'province_2025' (34)."""
    facilities: tuple[str, ...] = ()
    """Seaport/airport layers shown at first ('seaport', 'airport'); the others are toggles."""
    near_zoom: int = NEAR_ZOOM
    cluster_threshold: int = CLUSTER_THRESHOLD
    asset_base: str = ASSET_BASE
    legend_open: bool = True


def drawable(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf[gdf.geometry.notna() & gdf["map_lat"].notna()]


def map_bounds(gdf: gpd.GeoDataFrame) -> list[list[float]] | None:
    shown = drawable(gdf)
    if shown.empty:
        return None
    min_lon, min_lat, max_lon, max_lat = shown.total_bounds
    pad = 0.02
    return [[min_lat - pad, min_lon - pad], [max_lat + pad, max_lon + pad]]


def build_folium_map(gdf: gpd.GeoDataFrame, options: MapOptions = MapOptions()) -> folium.Map:
    """The explorer's main map: zones coloured by status, one layer per kind, a legend."""
    fmap = folium.Map(location=VIETNAM_CENTER, zoom_start=6, tiles=None, control_scale=True)
    add_basemaps(fmap, options)
    add_base_layer(fmap, options.lang, options.provinces, land=options.basemap == "none")
    shown = drawable(gdf)
    if len(shown) > options.cluster_threshold:
        add_clustered_points(fmap, shown, options.lang)
    else:
        add_zone_layers(fmap, shown, options.lang)
        ZoomSwitch(options.near_zoom).add_to(fmap)
    add_facility_layers(fmap, options.lang, options.facilities)
    Legend(options.lang, options.legend_open).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    bounds = map_bounds(gdf)
    if bounds:
        fmap.fit_bounds(bounds, max_zoom=13)
    use_local_assets(fmap, options.asset_base)
    return fmap


def add_basemaps(fmap: folium.Map, options: MapOptions) -> None:
    order = [options.basemap] + [key for key in BASEMAPS if key != options.basemap]
    for key in order:
        url, attribution = BASEMAPS[key]
        folium.TileLayer(
            tiles=url,
            attr=attribution,
            name=t("basemap." + key, options.lang),
            overlay=False,
            control=True,
            show=key == options.basemap,
            max_zoom=19,
        ).add_to(fmap)


def shape_style(zone: pd.Series | dict) -> dict[str, object]:
    color = STATUS_COLORS.get(str(zone.get("status")), "#333333")
    style: dict[str, object] = {
        "color": color,
        "fill_color": color,
        "fill_opacity": 0.35,
        "weight": KIND_WEIGHTS.get(str(zone.get("kind")), 2),
    }
    if zone.get("approximate"):
        style["dash_array"] = APPROXIMATE_DASH
    return style


class ZoneLayer(MacroElement):
    """All zones of one kind, built in the browser from compact rows.

    One folium object per zone (a circle, a point, their tooltips and popups) makes the page
    and the server slow at a few thousand zones; here each zone is one JSON row and Leaflet
    builds a shape (circle of the zone's area, or its outline) and a point for it. Tooltip and
    popup HTML is escaped on the server, and the JSON cannot close the script tag.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          {{ this.helpers }}
          var group = {{ this._parent.get_name() }};
          var T = {{ this.labels_json }};
          var rows = {{ this.rows_json }};
          rows.forEach(function (z) {
            var kind = z.kind.toLowerCase();
            var style = {color: z.color, fillColor: z.color, fillOpacity: 0.35, weight: z.weight,
                         dashArray: z.dash, className: 'zone-shape zone-' + kind +
                         ' status-' + z.status};
            var shape = z.rings ? L.polygon(z.rings, style) :
              L.circle([z.lat, z.lon], Object.assign({radius: z.radius}, style));
            var point = L.circleMarker([z.lat, z.lon], {radius: 6, color: '#ffffff', weight: 1,
              fillColor: z.color, fillOpacity: 0.9, className: 'zone-point zone-' + kind});
            [shape, point].forEach(function (layer) {
              layer.bindTooltip(zoneTooltip(z, T), {sticky: true});
              layer.bindPopup(zonePopup(z, T), {maxWidth: 320});
              layer.addTo(group);
            });
          });
        })();
        {% endmacro %}
    """)

    def __init__(self, rows: list[dict], lang: str) -> None:
        super().__init__()
        self._name = "ZoneLayer"
        self.rows = rows
        self.rows_json = safe_json(rows)
        self.labels_json = safe_json(map_labels(lang))
        self.helpers = ZONE_HTML_JS


def zone_layer_row(zone: pd.Series, lang: str) -> dict:
    style = shape_style(zone)
    row = {
        **zone_text_fields(zone),
        "lat": round(float(zone["map_lat"]), 6),
        "lon": round(float(zone["map_lon"]), 6),
        "color": style["color"],
        "weight": style["weight"],
        "dash": style.get("dash_array"),
    }
    if zone["geometry_kind"] == GEOMETRY_OUTLINE:
        row["rings"] = [[[[round(y, 7), round(x, 7)] for x, y in ring] for ring in part]
                        for part in _polygon_rings(zone.geometry)]
    else:
        area = zone["area_ha"] if pd.notna(zone["area_ha"]) else DEFAULT_FOOTPRINT_HA
        row["radius"] = round(footprint_radius_m(float(area)), 1)
    return row


def _polygon_rings(geometry: Polygon | MultiPolygon) -> list:
    """Leaflet's multipolygon form: per part, the exterior ring then its holes (lon, lat)."""
    parts = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    return [[list(part.exterior.coords), *(list(ring.coords) for ring in part.interiors)]
            for part in parts]


def add_zone_layers(fmap: folium.Map, zones: gpd.GeoDataFrame, lang: str) -> None:
    """One layer per kind (KKT, KCN, CCN) in the layer control."""
    for kind in KINDS:
        of_kind = zones[zones["kind"] == kind]
        group = folium.FeatureGroup(name=f"{t('kind.' + kind, lang)} ({len(of_kind)})", show=True)
        ZoneLayer([zone_layer_row(zone, lang) for _, zone in of_kind.iterrows()], lang).add_to(
            group)
        group.add_to(fmap)


def cluster_callback(lang: str) -> str:
    """FastMarkerCluster's per-row function: a status-coloured point with tooltip and popup."""
    return f"""
function (row) {{
  {ZONE_HTML_JS}
  var T = {safe_json(map_labels(lang))};
  var z = row[2];
  var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
    {{radius: 6, color: '#ffffff', weight: 1, fillColor: z.color, fillOpacity: 0.9}});
  marker.bindTooltip(zoneTooltip(z, T), {{sticky: true}});
  marker.bindPopup(zonePopup(z, T), {{maxWidth: 320}});
  return marker;
}}
"""


def add_clustered_points(fmap: folium.Map, zones: gpd.GeoDataFrame, lang: str) -> None:
    """Large sets: one clustered point per zone, built in the browser from compact rows."""
    rows = [
        [round(float(z["map_lat"]), 6), round(float(z["map_lon"]), 6),
         {**zone_text_fields(z), "color": STATUS_COLORS.get(z["status"], "#333333")}]
        for _, z in zones.iterrows()
    ]
    FastMarkerCluster(rows, callback=cluster_callback(lang),
                      name=t("n_zones", lang, n=len(rows))).add_to(fmap)


def clicked_zone_id(gdf: gpd.GeoDataFrame, result: dict | None) -> str | None:
    """Which zone a streamlit-folium click result points at (popup text, else position)."""
    if not result:
        return None
    zone_id = zone_id_from_popup(result.get("last_object_clicked_popup"))
    if zone_id and zone_id in set(gdf["zone_id"]):
        return zone_id
    clicked = result.get("last_object_clicked")
    if clicked and clicked.get("lat") is not None:
        return zone_at(gdf, float(clicked["lat"]), float(clicked["lng"]))
    return None


def zone_at(
    gdf: gpd.GeoDataFrame, lat: float, lon: float, tolerance_deg: float = 0.01
) -> str | None:
    from shapely import Point

    point = Point(lon, lat)
    shown = drawable(gdf)
    containing = shown[shown.geometry.contains(point)]
    if not containing.empty:
        return str(containing.sort_values("area_geom_ha").iloc[0]["zone_id"])
    distances = ((shown["map_lat"] - lat) ** 2 + (shown["map_lon"] - lon) ** 2) ** 0.5
    if distances.empty or distances.min() > tolerance_deg:
        return None
    return str(shown.loc[distances.idxmin(), "zone_id"])


# --- pydeck ----------------------------------------------------------------------------------

DECK_LAYER_ID = "zones-3d"
EXTRUDE_CHOICES = ("area", "fill")


def _rgb(hex_color: str) -> list[int]:
    return [int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]


DECK_COLUMN_RADIUS_M = 2_500
"""Columns are drawn this wide so that zones stay visible at country zoom."""


def deck_rows(gdf: gpd.GeoDataFrame, lang: str, extrude_by: str) -> list[dict]:
    rows = []
    for _, zone in gdf[gdf["map_lat"].notna()].iterrows():
        name, kind_status, figures = zone_summary_lines(zone, lang)
        rows.append({
            "zone_id": zone["zone_id"],
            "name": name,
            "summary": f"{kind_status}\n{figures}",
            "position": [round(float(zone["map_lon"]), 6), round(float(zone["map_lat"]), 6)],
            "elevation": deck_elevation(zone, extrude_by),
            "color": [*_rgb(STATUS_COLORS.get(zone["status"], "#333333")), 220],
        })
    return rows


def deck_elevation(zone: pd.Series, extrude_by: str) -> float:
    """Metres: fill × 400 (100 % → 40 km) or √area × 300 (14,308 ha → 36 km); unknown → flat."""
    if extrude_by == "fill":
        fill = zone.get("fill_pct")
        return 0.0 if pd.isna(fill) else float(fill) * 400.0
    area = zone.get("area_ha")
    return 0.0 if pd.isna(area) else math.sqrt(float(area)) * 300.0


def build_deck(gdf: gpd.GeoDataFrame, lang: str = "vi", extrude_by: str = "area") -> pdk.Deck:
    """3-D columns per zone, height by area or fill, coloured by status. No basemap, so it
    needs no token and no network."""
    if extrude_by not in EXTRUDE_CHOICES:
        raise ValueError(f"extrude_by must be one of {', '.join(EXTRUDE_CHOICES)}")
    layer = pdk.Layer(
        "ColumnLayer",
        id=DECK_LAYER_ID,
        data=deck_rows(gdf, lang, extrude_by),
        get_position="position",
        get_elevation="elevation",
        get_fill_color="color",
        radius=DECK_COLUMN_RADIUS_M,
        disk_resolution=24,
        extruded=True,
        pickable=True,
        auto_highlight=True,
    )
    bounds = map_bounds(gdf)
    if bounds:
        (south, west), (north, east) = bounds
        latitude, longitude = (south + north) / 2, (west + east) / 2
        span = max(north - south, east - west, 0.05)
        zoom = max(4.0, min(12.0, math.log2(360 / span) - 1))
    else:
        (latitude, longitude), zoom = VIETNAM_CENTER, 5.0
    view = pdk.ViewState(latitude=latitude, longitude=longitude, zoom=zoom, pitch=50, bearing=0)
    # Tooltip "text" (not "html"): deck.gl inserts it as text, so data cannot inject markup.
    return pdk.Deck(layers=[layer], initial_view_state=view, map_provider=None, map_style=None,
                    tooltip={"text": "{name}\n{summary}"})


def deck_selected_zone_id(event: object) -> str | None:
    """The zone picked in st.pydeck_chart's selection event."""
    selection = getattr(event, "selection", None) or {}
    objects = (selection.get("objects") or {}).get(DECK_LAYER_ID) or []
    return objects[0].get("zone_id") if objects else None


def zone_layer_rows(fmap: folium.Map) -> list[dict]:
    """Every zone row drawn on a map (for tests and the benchmark)."""
    return [row for element in walk(fmap) if isinstance(element, ZoneLayer)
            for row in element.rows]


def figure_html(fmap: folium.Map) -> str:
    """The whole map page as HTML (for tests and the benchmark)."""
    return fmap.get_root().render()
