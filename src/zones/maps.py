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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
import pydeck as pdk
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template
from shapely.geometry import MultiPolygon, Polygon

from zones.basemap import add_base_layer, add_facility_layers, add_province_choropleth
from zones.geo import GEOMETRY_OUTLINE, footprint_radius_m
from zones.i18n import t
from zones.map_bundle import BUNDLE_CSS, BUNDLE_JS
from zones.map_colors import color_classes, legend_entries, palette
from zones.schema import DEFAULT_FOOTPRINT_HA, KINDS, LOCATION_PRECISIONS
from zones.tooltip import (
    TOOLTIP_FIELDS,
    TOOLTIP_JS,
    codes,
    tooltip_spec,
    tooltip_texts,
    tooltip_values,
)

ASSET_BASE = "/app/static/vendor"
"""Where Streamlit serves ./static/vendor (server.enableStaticServing)."""

LOCAL_ASSETS = {"leaflet": BUNDLE_JS, "leaflet_css": BUNDLE_CSS}
"""folium's asset names → the app's files: Leaflet and the cluster plugin are one script and
one stylesheet (zones.map_bundle); folium's other assets (jQuery, Bootstrap, …) are unused."""

KIND_WEIGHTS = {"KKT": 3, "KCN": 2, "CCN": 1.5}
APPROXIMATE_DASH = "6 4"
NEAR_ZOOM = 10
"""From this zoom on, zones are drawn as shapes; further out, as (clustered) points."""
LABEL_ZOOM = 11
"""From this zoom on, zone names are written on the map."""
MAX_LABELS = 300
"""At most this many names at once (those in view), so a dense area stays readable and fast."""
CLUSTER_THRESHOLD = 2_500
"""Above this many zones, only points are sent (drawn on a canvas), always clustered."""
DECLUTTER_RADIUS_PX = 28
"""Small sets: points closer than this on screen merge into a counted circle when zoomed out."""
TAP_RADIUS_PX = 16
"""A tap this close to a zone's point (or inside its circle) opens the zone."""
MIN_ZOOM = 4
"""The map zooms out no further (all of Vietnam still fits a phone at 5). The cluster plugin
builds its clusters for every zoom from here up, for every point at every filter: each level
below would cost time and show only a dot."""
UNCLUSTER_ZOOM = 15
"""Large sets: from this zoom on (a few kilometres across) points are no longer merged; the
canvas draws any number, and each clustered level costs time at every filter."""
MAP_DRAWN = "map_drawn"
"""The key of the value the map frame sends once its zones are first drawn, when the page
is waiting for that to draw its controls (ui.context.show_controls)."""
CONTROLS_PENDING_KEY = "controls_pending"
"""The key of the page element that says the controls wait for the map (the frame looks
for it in the page, so a page already showing its controls costs no extra script run)."""
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


def map_labels(lang: str) -> dict:
    """What the browser needs to build tooltips and popups: the tooltip spec (escaped), where
    its fields sit in a zone row, and the popup's escaped words (lists in code order)."""
    return {
        "tooltip": tooltip_spec(lang, markup=True),
        "columns": {field: ROW_FIELDS.index(field) for field in TOOLTIP_FIELDS},
        "precisions": [esc(t(f"precision.{p}", lang)) for p in LOCATION_PRECISIONS],
        "zoneId": esc(t("zone_id", lang)),
    }


def safe_json(value: object) -> str:
    """JSON that cannot end the <script> element it is embedded in."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


ROW_FIELDS = ("lat", "lon", "zone_id", "name", "kind", "status", "area", "fill", "color",
              "precision", "shape")
"""One zone on the map is one JSON array in this order. kind, status, precision and color
are indexes (into KINDS, STATUSES, LOCATION_PRECISIONS and the colour palette); text is
escaped; shape is the footprint radius in metres (drawn dashed) or the outline's rings."""

ZONE_HTML_JS = TOOLTIP_JS + """
function zoneTooltip(z, T) {
  var lines = tooltipLines(T.tooltip, function (field) { return z[T.columns[field]]; });
  return '<b>' + lines[0] + '</b>' + lines.slice(1).map(function (line) {
    return '<br>' + line;
  }).join('');
}
function zonePopup(z, T) {
  return zoneTooltip(z, T) +
    (typeof z[10] === 'number' ? '<br><i>' + T.precisions[z[9]] + '</i>' : '') +
    '<br>' + T.zoneId + ': <code>' + z[2] + '</code>';
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


def legend_html(lang: str, color_by: str = "status", open_: bool = True,
                clustered: bool = True) -> str:
    """A collapsible legend (<details>) listing the colours of the `color_by` scheme."""
    rows = [f"<details{' open' if open_ else ''}><summary style=\"cursor:pointer\">"
            f"<b>{esc(t('legend', lang))}: {esc(t('color_by.' + color_by, lang))}</b>"
            "</summary>"]
    rows.append('<div class="zones-legend-colors">')  # two columns: a short box on the map
    for color, label in legend_entries(color_by, lang):
        rows.append(
            f'<div><span style="display:inline-block;width:12px;height:12px;margin-right:4px;'
            f'background:{color}"></span>{esc(label)}</div>'
        )
    rows.append("</div>")
    rows.append(f"<div>┅ {esc(t('approximate', lang))}</div>")
    rows.append(f"<div>━ {esc(t('outline', lang))}</div>")
    if clustered:
        rows.append(f'<div><span class="zone-cluster-key">3</span>'
                    f"{esc(t('legend.clusters', lang))}</div>")
    rows.append("</details>")
    return "".join(rows)


MAP_CSS = """
  .zones-far .zone-shape, .zones-far .zone-label { display: none; }
  .zones-near .zone-point { display: none; }
  .leaflet-interactive:focus, .leaflet-marker-icon:focus { outline: none; }
  /* at most half the map wide: Leaflet opens a tooltip towards the map's centre, so it fits */
  .leaflet-tooltip { white-space: normal; width: max-content;
    max-width: min(320px, calc(50vw - 40px)); }
  .zones-legend { background: rgba(255,255,255,0.92); padding: 6px 8px;
    font: 12px/1.4 sans-serif; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3);
    max-width: min(260px, 60vw); }
  .zones-legend.zones-legend-covered { visibility: hidden; }
  .zones-legend-colors { display: grid; grid-template-columns: auto auto; column-gap: 10px; }
  .zone-cluster { background: rgba(255,255,255,0.9); border: 2px solid #333;
    border-radius: 50%; display: flex; align-items: center; justify-content: center;
    font: 600 12px/1 sans-serif; color: #222; box-shadow: 0 1px 3px rgba(0,0,0,.4); }
  .zone-cluster-key { display: inline-block; min-width: 14px; height: 14px; margin-right: 4px;
    border: 2px solid #333; border-radius: 50%; font: 600 9px/14px sans-serif;
    text-align: center; vertical-align: middle; }
  .zone-label { background: none; border: none; font: 600 11px/1.2 sans-serif; color: #222;
    white-space: nowrap; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }
"""


class ZoneMap(JSCSSMixin, MacroElement):
    """Every zone, built in the browser from compact rows (one JSON array per zone).

    Small sets: a dashed circle of the zone's area (or its outline) shown when zoomed in, and a
    point shown when zoomed out; points close together on screen merge into counted clusters
    (decluttering), names are written from LABEL_ZOOM on. Large sets: points only, on a canvas,
    clustered (chunked, so the page stays responsive). Tooltips and popups are made when first
    needed; popups are elements so that streamlit-folium reports their text (the zone id).
    The legend hides while a tooltip or popup overlaps it. Text is escaped on the server and
    the JSON cannot close the script tag.

    The script defines `window.zonesShow(data)`, which replaces the zones drawn (and the
    province choropleth's colours) in place, keeping the map and its view unless none of the
    new zones is in view. `show_js()` is the call with this element's data: rendered with the
    map (`show_now`), or sent on its own as the map component's feature group, so that a
    filter or colour change updates the map already drawn instead of reloading it.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          {{ this.helpers }}
          var map = {{ this._parent.get_name() }};
          var T = {{ this.labels_json }};
          var NEAR = {{ this.near_zoom }}, LABELS = {{ this.label_zoom }};
          var hover = !window.matchMedia || !window.matchMedia('(hover: none)').matches;
          var labels = L.layerGroup().addTo(map);
          var Z = null;  // what is drawn now: rows, small, palette, points, shapes, made, shapeOf
          function openZone(e) {
            if (!this.getPopup()) {
              var box = document.createElement('div');
              box.innerHTML = zonePopup(this.zone, T);
              this.bindPopup(box, {maxWidth: Math.min(300, map.getSize().x - 80),
                                   autoPanPadding: [12, 12]});
              this.openPopup(e.latlng);
            }
          }
          function showTip(e) {
            var layer = e.layer;
            if (!hover || !layer.zone || layer.getTooltip()) return;
            layer.bindTooltip(zoneTooltip(layer.zone, T), {sticky: true, direction: 'auto'});
            layer.openTooltip(e.latlng);
          }
          function draw(rows, small, P) {
            var renderer = small ? undefined : L.canvas({padding: 0.5});
            var points = L.markerClusterGroup({
              chunkedLoading: true, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
              maxClusterRadius: small ? {{ this.declutter_px }} : 60,
              disableClusteringAtZoom: small ? NEAR : {{ this.uncluster_zoom }},
              iconCreateFunction: function (cluster) {
                var n = cluster.getChildCount(), size = n < 10 ? 28 : n < 100 ? 34 : 42;
                return L.divIcon({html: '<span>' + n + '</span>', iconSize: [size, size],
                                  className: 'marker-cluster zone-cluster'});
              }});
            var shapes = L.featureGroup();
            var made = new Array(rows.length);
            rows.forEach(function (z, i) {
              var point = L.circleMarker([z[0], z[1]], {radius: 6, color: '#ffffff', weight: 1,
                fillColor: P[z[8]], fillOpacity: 0.9, renderer: renderer,
                className: 'zone-point zone-' + T.kindCodes[z[4]]});
              point.zone = z;
              point.on('click', openZone);
              made[i] = point;
            });
            [points, shapes].forEach(function (group) {
              group.on('mouseover', showTip);
              group.addTo(map);
            });
            // Added once the group is on the map: before, the cluster plugin checks each new
            // point against every point already queued (quadratic: 3.5 s at 50k zones).
            points.addLayers(made);
            return {rows: rows, small: small, palette: P, points: points, shapes: shapes,
                    made: made, shapeOf: null};
          }
          // A small set's shapes (its outline, or a dashed circle of its area) show only from
          // NEAR on: made the first time they are needed, not at every filter at country zoom.
          function makeShapes(D) {
            D.shapeOf = D.rows.map(function (z) {
              var color = D.palette[z[8]];
              var style = {color: color, fillColor: color, fillOpacity: 0.35,
                           weight: T.weights[z[4]],
                           className: 'zone-shape zone-' + T.kindCodes[z[4]]};
              var shape;
              if (typeof z[10] === 'number') {
                style.dashArray = '{{ this.dash }}';
                shape = L.circle([z[0], z[1]], Object.assign({radius: z[10]}, style));
              } else {
                shape = L.polygon(z[10], style);
              }
              shape.zone = z;
              shape.on('click', openZone);
              return shape.addTo(D.shapes);
            });
          }
          function update() {
            var zoom = map.getZoom(), box = map.getContainer(), small = Z && Z.small;
            if (small && zoom >= NEAR && !Z.shapeOf) makeShapes(Z);
            box.classList.toggle('zones-near', small && zoom >= NEAR);
            box.classList.toggle('zones-far', !(small && zoom >= NEAR));
            labels.clearLayers();
            if (!small || zoom < LABELS) return;
            var view = map.getBounds(), count = 0;
            for (var i = 0; i < Z.rows.length && count < {{ this.max_labels }}; i++) {
              var z = Z.rows[i];
              if (!view.contains([z[0], z[1]])) continue;
              count++;
              L.marker([z[0], z[1]], {interactive: false, keyboard: false,
                icon: L.divIcon({className: 'zone-label', html: z[3], iconSize: null,
                                 iconAnchor: [-8, 6]})}).addTo(labels);
            }
          }
          // Taps are handled from the touch itself: the click a browser makes from a tap can
          // land on the wrong element (Chrome, scrolled page, map in an iframe). A tap opens
          // the zone under the finger, or the nearest within TAP_PX, and the click that
          // follows it is dropped.
          var TAP_PX = {{ this.tap_px }}, box = map.getContainer(), down = null, tapped = 0;
          function zoneAt(at) {
            if (!Z) return null;
            var best = null, bestDistance = Infinity, near = Z.small && map.getZoom() >= NEAR;
            var metres = 40075016.686 * Math.cos(map.getCenter().lat * Math.PI / 180) /
                         Math.pow(2, map.getZoom() + 8);
            Z.made.forEach(function (point, i) {
              var z = point.zone;
              if (!near && Z.points.getVisibleParent(point) !== point) return;
              var distance = map.latLngToContainerPoint([z[0], z[1]]).distanceTo(at);
              var reach = near && typeof z[10] === 'number' ?
                Math.max(TAP_PX, z[10] / metres) : TAP_PX;
              if (distance <= reach && distance < bestDistance) {
                best = near ? Z.shapeOf[i] : point;
                bestDistance = distance;
              }
            });
            return best;
          }
          box.addEventListener('pointerdown', function (ev) {
            down = ev.pointerType === 'touch' && ev.isPrimary ?
              {x: ev.clientX, y: ev.clientY, t: Date.now()} : null;
          }, true);
          box.addEventListener('pointerup', function (ev) {
            var start = down;
            down = null;
            if (!start || ev.pointerType !== 'touch' || Date.now() - start.t > 600 ||
                Math.abs(ev.clientX - start.x) + Math.abs(ev.clientY - start.y) > 10) return;
            if (ev.target.closest && ev.target.closest('.leaflet-control, .leaflet-popup, ' +
                                                       '.marker-cluster')) return;
            var at = map.mouseEventToContainerPoint(ev), zone = zoneAt(at);
            if (!zone) return;
            tapped = Date.now();
            zone.fire('click', {latlng: map.containerPointToLatLng(at), originalEvent: ev}, true);
          }, true);
          box.addEventListener('click', function (ev) {
            if (Date.now() - tapped < 800) { ev.stopImmediatePropagation(); }
          }, true);
          map.on('zoomend moveend', update);
          // The legend steps aside while a tooltip or popup overlaps it.
          function overlaps(a, b) {
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          }
          function uncover() {
            var legend = map.getContainer().querySelector('.zones-legend');
            if (!legend) return;
            var open = map.getContainer().querySelectorAll('.leaflet-tooltip, .leaflet-popup');
            var area = legend.getBoundingClientRect(), covered = false;
            open.forEach(function (el) {  // closing ones fade out (opacity 0) first
              covered = covered || (el.style.opacity !== '0' &&
                                    overlaps(area, el.getBoundingClientRect()));
            });
            legend.classList.toggle('zones-legend-covered', covered);
          }
          map.on('tooltipopen tooltipclose popupopen popupclose mousemove', function () {
            setTimeout(uncover, 0);
          });
          var legendBox = null;
          // top right, under the layer button: at the country view that is sea and China, while the
          // bottom left would hide the Mekong delta and Hồ Chí Minh City's zones.
          var legend = L.control({position: 'topright'});
          legend.onAdd = function () {
            legendBox = L.DomUtil.create('div', 'zones-legend');
            L.DomEvent.disableClickPropagation(legendBox);
            return legendBox;
          };
          legend.addTo(map);
          setTimeout(function () {  // the layer button is added after this script: go under it
            var box = legend.getContainer();
            box.parentNode.appendChild(box);
          }, 0);
          function setLegend(html) {
            var before = legendBox.querySelector('details');
            legendBox.innerHTML = html;
            var details = legendBox.querySelector('details');
            // A phone's legend starts folded; later, it stays as the reader left it.
            details.open = before ? before.open : details.open && map.getSize().x >= 500;
          }
          function anyInView(rows) {
            var view = map.getBounds();
            for (var i = 0; i < rows.length; i++) {
              if (view.contains([rows[i][0], rows[i][1]])) return true;
            }
            return false;
          }
          // Replaces the zones drawn; the view moves only when none of them is in it.
          window.zonesShow = function (data) {
            var before = Z;
            if (before) {
              map.closePopup();
              map.removeLayer(before.points);
              map.removeLayer(before.shapes);
            }
            Z = draw(data.rows, data.small, data.palette);
            setLegend(data.legend);
            if (before && data.bounds && !anyInView(data.rows)) {
              map.fitBounds(data.bounds, {maxZoom: 13, animate: false});
            }
            update();
            if (window.bmSetChoroplethRows && data.choropleth) {
              window.bmSetChoroplethRows(data.choropleth);
            }
            reportDrawn();
          };
          // Once the zones are first drawn, tell a page that waits for it (its controls are
          // sent after the map on a first visit): a component value, as the frontend's own.
          var reported = false;
          function reportDrawn() {
            if (reported) return;
            reported = true;
            try {
              if (!window.parent.document.querySelector('.st-key-{{ this.pending_key }}')) return;
            } catch (e) { return; }
            window.parent.postMessage({isStreamlitMessage: true,
              type: 'streamlit:setComponentValue', value: {{ this.drawn_value }},
              dataType: 'json'}, '*');
          }
          {% if this.show_now %}{{ this.show_js() }}{% endif %}
        })();
        {% endmacro %}
    """)

    def __init__(self, rows: list[list], options: MapOptions,
                 bounds: list[list[float]] | None = None,
                 choropleth: dict[str, dict] | None = None) -> None:
        super().__init__()
        self._name = "ZoneMap"
        # The cluster plugin comes with Leaflet, in one file (zones.map_bundle).
        self.default_js, self.default_css = [], []
        self.rows = rows
        self.small = len(rows) <= options.cluster_threshold
        self.data = {"rows": rows, "small": self.small, "palette": palette(options.color_by),
                     "legend": legend_html(options.lang, options.color_by, options.legend_open),
                     "bounds": bounds, "choropleth": choropleth}
        labels = map_labels(options.lang)
        labels["kindCodes"] = [kind.lower() for kind in KINDS]
        labels["weights"] = [KIND_WEIGHTS[kind] for kind in KINDS]
        self.labels_json = safe_json(labels)
        self.helpers = ZONE_HTML_JS
        self.css = MAP_CSS
        self.dash = APPROXIMATE_DASH
        self.near_zoom = int(options.near_zoom)
        self.label_zoom = int(LABEL_ZOOM)
        self.max_labels = int(MAX_LABELS)
        self.declutter_px = int(DECLUTTER_RADIUS_PX)
        self.tap_px = int(TAP_RADIUS_PX)
        self.uncluster_zoom = int(UNCLUSTER_ZOOM)
        self.pending_key = CONTROLS_PENDING_KEY
        self.drawn_value = safe_json({MAP_DRAWN: True})
        self.show_now = True
        """Draw the zones when the map's script runs (False: the component sends show_js())."""

    def show_js(self) -> str:
        """The call that draws this element's zones on a map whose script has run."""
        return f"window.zonesShow({safe_json(self.data)});"


@dataclass(frozen=True)
class MapOptions:
    lang: str = "vi"
    basemap: str = "none"
    color_by: str = "status"
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


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only (folium's `control_scale` adds miles)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)


def build_folium_map(gdf: gpd.GeoDataFrame, options: MapOptions = MapOptions(),
                     texts: pd.DataFrame | None = None) -> folium.Map:
    """The explorer's main map: zones coloured by `options.color_by`, a matching legend, the
    view fitted to the zones. `texts`: `zone_texts` of a table holding these zones (made once
    for all zones, it spares formatting them again at every filter)."""
    # minZoom is Leaflet's option for the map (folium's min_zoom is its default tile layer's)
    fmap = folium.Map(location=VIETNAM_CENTER, zoom_start=6, tiles=None, minZoom=MIN_ZOOM)
    MetricScale().add_to(fmap)
    add_basemaps(fmap, options)
    add_base_layer(fmap, options.lang, options.provinces, land=options.basemap == "none")
    shown = drawable(gdf)
    small = len(shown) <= options.cluster_threshold
    bounds = map_bounds(gdf)
    choropleth = add_province_choropleth(fmap, gdf, options.lang, options.provinces)
    ZoneMap(zone_rows(shown, options.lang, options.color_by, shapes=small, texts=texts), options,
            bounds=bounds, choropleth=choropleth).add_to(fmap)
    add_facility_layers(fmap, options.lang, options.facilities)
    folium.LayerControl(collapsed=True).add_to(fmap)
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


def zone_texts(zones: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The tooltip part of each zone's map row in `lang`: id, name, area and fill as escaped
    text, kind and status as codes; indexed like `zones`. Formatting is most of a row's cost
    (0.3 s for 20k zones), so the page makes this once per data version and language and
    `zone_rows` picks from it."""
    tip = tooltip_values(zones, lang)
    return pd.DataFrame({"id": [esc(v) for v in zones["zone_id"].tolist()],
                         "name": [esc(v) for v in tip["name"]],
                         "kind": tip["kind"],
                         "status": tip["status"],
                         "area": [esc(v) for v in tip["area"]],
                         "fill": [esc(v) for v in tip["fill"]]}, index=zones.index)


def zone_rows(zones: gpd.GeoDataFrame, lang: str, color_by: str = "status",
              shapes: bool = True, texts: pd.DataFrame | None = None) -> list[list]:
    """The map's rows (ROW_FIELDS), built column by column from drawable zones; their text
    from `texts` (`zone_texts` of a table holding these zones, in `lang`) when given.

    Without `shapes` (large sets, points only) the shape is the radius 0, so no outline
    coordinates are sent.
    """
    if (texts is None or not texts.index.is_unique
            or not zones.index.isin(texts.index).all()):
        texts = zone_texts(zones, lang)
    else:
        texts = texts.loc[zones.index]
    columns = [
        zones["map_lat"].astype(float).round(6).tolist(),
        zones["map_lon"].astype(float).round(6).tolist(),
        texts["id"].tolist(),
        texts["name"].tolist(),
        texts["kind"].tolist(),
        texts["status"].tolist(),
        texts["area"].tolist(),
        texts["fill"].tolist(),
        color_classes(zones, color_by).tolist(),
        codes(zones["location_precision"].tolist(), LOCATION_PRECISIONS),
        _shapes(zones) if shapes else [0] * len(zones),
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def _shapes(zones: gpd.GeoDataFrame) -> list:
    areas = zones["area_ha"].astype(float).fillna(DEFAULT_FOOTPRINT_HA).tolist()
    kinds = zones["geometry_kind"].tolist()
    geometries = zones.geometry.tolist()
    return [
        [[[[round(y, 7), round(x, 7)] for x, y in ring] for ring in part]
         for part in _polygon_rings(geometry)]
        if kind == GEOMETRY_OUTLINE else round(footprint_radius_m(area), 1)
        for kind, geometry, area in zip(kinds, geometries, areas, strict=True)
    ]


def _polygon_rings(geometry: Polygon | MultiPolygon) -> list:
    """Leaflet's multipolygon form: per part, the exterior ring then its holes (lon, lat)."""
    parts = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    return [[list(part.exterior.coords), *(list(ring.coords) for ring in part.interiors)]
            for part in parts]


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


def zone_layer_rows(fmap: folium.Map) -> list[dict]:
    """Every zone row drawn on a map, as dicts of ROW_FIELDS (for tests and the benchmark)."""
    return [dict(zip(ROW_FIELDS, row, strict=True)) for element in walk(fmap)
            if isinstance(element, ZoneMap) for row in element.rows]


def figure_html(fmap: folium.Map) -> str:
    """The whole map page as HTML (for tests and the benchmark)."""
    return fmap.get_root().render()


# --- pydeck ----------------------------------------------------------------------------------

DECK_LAYER_ID = "zones-3d"
EXTRUDE_CHOICES = ("area", "fill")
DECK_STYLE_URL = "/app/static/deck/style.json"
"""A plain background served by the app: without a style, Streamlit fetches CARTO's."""
DECK_RADIUS_SHARE = 1 / 70
"""Column radius as a share of the data's extent: a few pixels wide at country zoom, and,
being metres, wider as one zooms in."""
DECK_HEIGHT_SHARE = 0.25
"""The tallest column as a share of the data's extent."""
MIN_EXTENT_M = 20_000.0


def _rgb(hex_color: str) -> list[int]:
    return [int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]


def extent_m(zones: gpd.GeoDataFrame) -> float:
    """The larger side of the zones' bounding box in metres (at least MIN_EXTENT_M)."""
    shown = zones[zones["map_lat"].notna()]
    if shown.empty:
        return MIN_EXTENT_M
    lat_span = float(shown["map_lat"].max() - shown["map_lat"].min()) * 111_320
    mid = math.radians(float(shown["map_lat"].mean()))
    lon_span = float(shown["map_lon"].max() - shown["map_lon"].min()) * 111_320 * math.cos(mid)
    return max(lat_span, lon_span, MIN_EXTENT_M)


def deck_heights(zones: pd.DataFrame, extrude_by: str, tallest_m: float) -> list[float]:
    """Column heights in metres: fill (100 % → tallest) or √area (largest → tallest);
    unknown → 0 (a flat disc)."""
    if extrude_by == "fill":
        values = pd.to_numeric(zones["fill_pct"], errors="coerce") / 100.0
    else:
        areas = pd.to_numeric(zones["area_ha"], errors="coerce").clip(lower=0) ** 0.5
        top = areas.max()
        values = areas / top if top == top and top > 0 else areas * 0
    return [round(v * tallest_m, 1) for v in values.fillna(0.0).tolist()]


def deck_rows(gdf: gpd.GeoDataFrame, lang: str, extrude_by: str,
              tallest_m: float | None = None) -> list[dict]:
    """One row per positioned zone: id, its tooltip as plain text (zones.tooltip), position,
    height and status colour."""
    zones = gdf[gdf["map_lat"].notna()]
    tallest = extent_m(zones) * DECK_HEIGHT_SHARE if tallest_m is None else tallest_m
    colors = palette("status")
    return [
        {"zone_id": zone_id, "tooltip": tooltip,
         "position": [round(lon, 6), round(lat, 6)], "elevation": height,
         "color": [*_rgb(colors[code]), 230]}
        for zone_id, tooltip, lon, lat, height, code in zip(
            zones["zone_id"].tolist(), tooltip_texts(zones, lang),
            zones["map_lon"].astype(float).tolist(), zones["map_lat"].astype(float).tolist(),
            deck_heights(zones, extrude_by, tallest), color_classes(zones, "status").tolist(),
            strict=True)
    ]


def deck_legend_html(lang: str, extrude_by: str) -> str:
    """One line under the 3-D view: status colours and what the height means (escaped)."""
    swatches = "".join(
        f'<span style="white-space:nowrap;margin-right:12px"><span style="display:inline-block;'
        f'width:11px;height:11px;margin-right:4px;background:{color}"></span>{esc(label)}</span>'
        for color, label in legend_entries("status", lang))
    height = esc(t("deck_height." + extrude_by, lang))
    return (f'<div style="font-size:0.85rem;line-height:1.8"><b>{esc(t("legend", lang))}:</b> '
            f"{swatches}<br>{height}</div>")


def deck_view(gdf: gpd.GeoDataFrame) -> pdk.ViewState:
    """Centred on the zones, zoomed so that they all fit, tilted to show heights."""
    bounds = map_bounds(gdf)
    if not bounds:
        (latitude, longitude), zoom = VIETNAM_CENTER, 5.0
    else:
        (south, west), (north, east) = bounds
        latitude, longitude = (south + north) / 2, (west + east) / 2
        span = max(north - south, east - west, 0.05)
        zoom = max(4.0, min(12.0, math.log2(360 / span) + 0.2))
    return pdk.ViewState(latitude=latitude, longitude=longitude, zoom=zoom, pitch=45, bearing=0)


def build_deck(gdf: gpd.GeoDataFrame, lang: str = "vi", extrude_by: str = "area",
               base_layers: Sequence[pdk.Layer] = ()) -> pdk.Deck:
    """3-D columns per zone, height by area or fill, coloured by status, sized to the data so
    they show at any zoom. The background is a local style: no token, no network."""
    if extrude_by not in EXTRUDE_CHOICES:
        raise ValueError(f"extrude_by must be one of {', '.join(EXTRUDE_CHOICES)}")
    extent = extent_m(gdf)
    layer = pdk.Layer(
        "ColumnLayer",
        id=DECK_LAYER_ID,
        data=deck_rows(gdf, lang, extrude_by, extent * DECK_HEIGHT_SHARE),
        get_position="position",
        get_elevation="elevation",
        get_fill_color="color",
        radius=round(extent * DECK_RADIUS_SHARE),
        disk_resolution=24,
        extruded=True,
        pickable=True,
        auto_highlight=True,
    )
    # Tooltip "text" (not "html"): deck.gl inserts it as text, so data cannot inject markup.
    return pdk.Deck(layers=[*base_layers, layer], initial_view_state=deck_view(gdf),
                    map_provider=None, map_style=DECK_STYLE_URL,
                    tooltip={"text": "{tooltip}"})


def deck_selected_zone_id(event: object) -> str | None:
    """The zone picked in st.pydeck_chart's selection event."""
    selection = getattr(event, "selection", None) or {}
    objects = (selection.get("objects") or {}).get(DECK_LAYER_ID) or []
    return objects[0].get("zone_id") if objects else None
