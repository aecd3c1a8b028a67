"""The bundled offline base layer and the seaport/airport layers, drawn by Leaflet.

The base layer (coastline and provinces, neighbouring countries, the Hoàng Sa and Trường Sa
archipelagos, provincial capitals, labels) is a set of static JSON files in static/basemap/,
made by scripts/build_basemap.py. The map page only names them: the browser fetches them from
the app's static folder once and caches them, so they are not re-sent on every rerun.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from html import escape
from pathlib import Path

import folium
import pandas as pd
import pydeck as pdk
from branca.element import MacroElement
from jinja2 import Template

from zones.access import airport_name, airports, seaports
from zones.formatting import format_pct
from zones.i18n import t
from zones.map_colors import province_fill_color, province_fill_legend
from zones.summary import summarise_provinces

STATIC_BASE = "/app/static/basemap"
"""Where Streamlit serves ./static/basemap (server.enableStaticServing)."""
SHARED_FETCH_JS = """window.bmJson = window.bmJson || (function () {
            var files = {};  // one request per file, however many layers read it
            return function (url) {
              return files[url] || (files[url] = fetch(url, {cache: 'force-cache'})
                .then(function (r) { return r.json(); }));
            };
          })();"""
"""The base layer and the choropleth read the same province file: fetched once, shared. The
files change only with the app: the ?v= content hash names each version, so the browser's copy
can be used without asking (no request on a rerun)."""
STATIC_DIR = Path(__file__).resolve().parents[2] / "static" / "basemap"
PROVINCE_FILES = {"province": "provinces-63.json", "province_2025": "provinces-34.json"}
"""The sidebar's province naming → the borders drawn (before / since 1 July 2025)."""
BASE_FILES = ("context.json", "capitals.json", *PROVINCE_FILES.values())
SEA_COLOR = "#cfe0ec"
LABEL_ZOOM = {"province": 7, "province_2025": 6}
"""From this zoom on, province names are written (the 63 are smaller, so later)."""
CAPITAL_LABEL_ZOOM = 8


@lru_cache(maxsize=1)
def files_version() -> str:
    """A short hash of the base layer's files, so a new build is fetched under a new URL."""
    digest = hashlib.sha256()
    for name in BASE_FILES:
        digest.update((STATIC_DIR / name).read_bytes())
    return digest.hexdigest()[:12]


def base_labels(lang: str) -> dict:
    return {
        "archipelago": {"Quần đảo Hoàng Sa": t("basemap.hoang_sa", lang),
                        "Quần đảo Trường Sa": t("basemap.truong_sa", lang)},
    }


class BaseLayer(MacroElement):
    """Provinces (old or merged), neighbours, archipelagos and capitals, under the zones.

    With `land` the map's background is the sea and land is filled (the offline default);
    without it (a tile basemap is chosen) only borders and labels are drawn over the tiles.
    Everything is non-interactive so that clicks reach the zones.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .bm-label { color: #555; font: 11px/1.1 sans-serif; white-space: nowrap;
                      text-shadow: 0 0 2px #fff, 0 0 2px #fff; pointer-events: none; }
          .bm-label span { display: inline-block; transform: translate(-50%, -50%); }
          .bm-province span { text-transform: uppercase; letter-spacing: .04em; color: #777;
                              font-size: 10px; }
          .bm-capital span { transform: translate(5px, -50%); color: #333; }
          .bm-archipelago span { color: #2b5d8a; font-style: italic; font-weight: 600;
                                 transform: translate(-100%, 0); text-align: right;
                                 padding-right: 4px; }
          .bm-hide-provinces .bm-province, .bm-hide-capitals .bm-capital { display: none; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }};
          var O = {{ this.options_json }};
          function pane(name, z) {
            if (!map.getPane(name)) {
              map.createPane(name);
              map.getPane(name).style.zIndex = z;
              map.getPane(name).style.pointerEvents = 'none';
            }
            return name;
          }
          var shapes = pane('bmShapes', 250), labels = pane('bmLabels', 390);
          if (O.land) { map.getContainer().style.background = O.sea; }
          function label(latlng, text, cls, wrap) {
            var span = document.createElement('span');
            (wrap ? text.split(' (') : [text]).forEach(function (line, i) {
              if (i) { span.appendChild(document.createElement('br')); }
              span.appendChild(document.createTextNode(i ? '(' + line : line));
            });
            return L.marker(latlng, {pane: labels, interactive: false, keyboard: false,
              icon: L.divIcon({className: 'bm-label ' + cls, html: span.outerHTML,
                               iconSize: null})});
          }
          {{ this.fetch_js }}
          function get(file) { return window.bmJson(O.base + '/' + file + '?v=' + O.version); }
          var group = L.layerGroup().addTo(map);
          Promise.all([get('context.json'), get(O.provinces), get('capitals.json')])
            .then(function (files) {
              var context = files[0], provinces = files[1], capitals = files[2];
              L.geoJSON(context, {pane: shapes, interactive: false,
                filter: function (f) { return f.properties.kind === 'country'; },
                style: {color: '#a8a8a8', weight: 0.8, fillColor: '#ecebe6',
                        fillOpacity: O.land ? 1 : 0}}).addTo(group);
              var provinceShapes = L.geoJSON(provinces, {pane: shapes, interactive: false,
                style: {color: '#8a8a8a', weight: O.weight, fillColor: '#fbfaf4',
                        fillOpacity: O.land ? 1 : 0}}).addTo(group);
              context.features.forEach(function (f) {
                var p = f.properties, c = f.geometry.coordinates;
                if (p.kind === 'archipelago') {
                  L.polyline(c.map(function (xy) { return [xy[1], xy[0]]; }),
                    {pane: shapes, interactive: false, color: '#2b5d8a', weight: 1,
                     dashArray: '4 4'}).addTo(group);
                  var west = Math.min.apply(null, c.map(function (xy) { return xy[0]; }));
                  var north = Math.max.apply(null, c.map(function (xy) { return xy[1]; }));
                  label([north, west], O.T.archipelago[p.name] || p.name, 'bm-archipelago',
                        true).addTo(group);
                } else if (p.kind === 'island') {
                  L.circleMarker([c[1], c[0]], {pane: shapes, interactive: false, radius: 2,
                    color: '#2b5d8a', weight: 1, fillColor: '#fbfaf4', fillOpacity: 1})
                    .addTo(group);
                }
              });
              provinceShapes.eachLayer(function (layer) {
                var at = layer.feature.properties.label, b = layer.getBounds();
                named.push({size: (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest()),
                            marker: label([at[1], at[0]], layer.feature.properties.name,
                                          'bm-province').addTo(group)});
              });
              named.sort(function (a, b) { return b.size - a.size; });
              declutter();
              capitals.forEach(function (c) {
                var seat = c[4] !== '';
                if (O.seatsOnly && !seat) { return; }
                L.circleMarker([c[2], c[1]], {pane: shapes, interactive: false,
                  radius: seat ? 3 : 2, color: '#fff', weight: 1, fillColor: '#222',
                  fillOpacity: 1}).addTo(group);
                label([c[2], c[1]], c[0], 'bm-capital').addTo(group);
              });
            })
            .catch(function (error) { console.warn('base layer not loaded', error); });
          // Province names that would overlap are not written: the larger province keeps its
          // name, the smaller ones (the Red River delta at zoom 6) get theirs when zoomed in.
          var named = [];
          function declutter() {
            var kept = [];
            named.forEach(function (n) {
              var el = n.marker.getElement();
              if (!el) { return; }
              el.style.visibility = '';
              var r = el.firstChild.getBoundingClientRect();
              if (!r.width) { return; }  // names hidden at this zoom
              var hit = kept.some(function (k) {
                return r.left < k.right && k.left < r.right && r.top < k.bottom && k.top < r.bottom;
              });
              if (hit) { el.style.visibility = 'hidden'; } else { kept.push(r); }
            });
          }
          function update() {
            var z = map.getZoom(), box = map.getContainer();
            box.classList.toggle('bm-hide-provinces', z < O.labelZoom);
            box.classList.toggle('bm-hide-capitals', z < O.capitalZoom);
            declutter();
          }
          map.on('zoomend', update);
          update();
        })();
        {% endmacro %}
    """)

    def __init__(self, lang: str, provinces: str = "province", land: bool = True,
                 static_base: str = STATIC_BASE) -> None:
        super().__init__()
        self._name = "BaseLayer"
        self.options = {
            "base": static_base,
            "version": files_version(),
            "provinces": PROVINCE_FILES[provinces],
            "land": land,
            "sea": SEA_COLOR,
            "weight": 0.7 if provinces == "province" else 1.0,
            "seatsOnly": provinces == "province_2025",
            "labelZoom": LABEL_ZOOM[provinces],
            "capitalZoom": CAPITAL_LABEL_ZOOM,
            "T": base_labels(lang),
        }
        self.options_json = json.dumps(self.options, ensure_ascii=False).replace("</", "<\\/")
        self.fetch_js = SHARED_FETCH_JS


def deck_base_layers(provinces: str = "province") -> list[pdk.Layer]:
    """The same bundled files under the 3-D view: neighbours, then the provinces of the chosen
    naming. deck.gl fetches them from the app's static folder (never re-sent on a rerun)."""
    version = files_version()

    def url(name: str) -> str:
        return f"{STATIC_BASE}/{name}?v={version}"

    neighbours = pdk.Layer(
        "GeoJsonLayer", id="base-context", data=url("context.json"), pickable=False,
        filled=True, stroked=True, get_fill_color=[236, 236, 231], get_line_color=[170, 170, 165],
        line_width_min_pixels=1, point_radius_min_pixels=2, get_point_color=[90, 90, 90],
    )
    vietnam = pdk.Layer(
        "GeoJsonLayer", id="base-provinces", data=url(PROVINCE_FILES[provinces]),
        pickable=False, filled=True, stroked=True, get_fill_color=[252, 251, 246],
        get_line_color=[150, 150, 145], line_width_min_pixels=1,
    )
    return [neighbours, vietnam]


def add_base_layer(fmap: folium.Map, lang: str, provinces: str = "province",
                   land: bool = True, static_base: str = STATIC_BASE) -> None:
    BaseLayer(lang, provinces, land, static_base).add_to(fmap)


# --- seaports and airports ---------------------------------------------------------------------

FACILITY_STYLE = {"seaport": ("#1f5f99", "⚓"), "airport": ("#6a3d9a", "✈")}


class FacilityLayer(MacroElement):
    """Seaports or airports as small symbols with a tooltip (name; source for seaports)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var group = {{ this._parent.get_name() }};
          {{ this.rows_json }}.forEach(function (f) {
            var span = document.createElement('span');
            span.textContent = f.symbol;
            span.style.cssText = 'display:inline-block;transform:translate(-50%,-50%);' +
              'font:bold 15px/1 sans-serif;color:' + f.color +
              ';text-shadow:0 0 3px #fff,0 0 3px #fff';
            var marker = L.marker([f.lat, f.lon], {keyboard: false,
              icon: L.divIcon({className: 'bm-facility', html: span.outerHTML,
                               iconSize: null})});
            var tip = document.createElement('div');
            var b = document.createElement('b');
            b.textContent = f.name;
            tip.appendChild(b);
            if (f.note) {
              tip.appendChild(document.createElement('br'));
              tip.appendChild(document.createTextNode(f.note));
            }
            marker.bindTooltip(tip);
            marker.addTo(group);
          });
        })();
        {% endmacro %}
    """)

    def __init__(self, rows: list[dict]) -> None:
        super().__init__()
        self._name = "FacilityLayer"
        self.rows = rows
        self.rows_json = json.dumps(rows, ensure_ascii=False).replace("</", "<\\/")


def facility_rows(kind: str, lang: str) -> list[dict]:
    color, symbol = FACILITY_STYLE[kind]
    if kind == "seaport":
        table = seaports()
        notes = [t("basemap.position_from", lang, source=s) for s in table["source"]]
        names = list(table["name"])
    else:
        table = airports()
        notes = [""] * len(table)
        names = [f"{airport_name(row, lang)} ({row['iata']})"
                 for row in table.to_dict(orient="records")]
    return [{"name": name, "note": note, "lat": round(lat, 5), "lon": round(lon, 5),
             "color": color, "symbol": symbol}
            for name, note, lat, lon in zip(names, notes, table["lat"], table["lon"],
                                            strict=True)]


def add_facility_layers(fmap: folium.Map, lang: str, show: tuple[str, ...] = ()) -> None:
    """Seaports and airports as layers of the layer control, hidden unless in `show`."""
    for kind in ("seaport", "airport"):
        rows = facility_rows(kind, lang)
        group = folium.FeatureGroup(name=f"{FACILITY_STYLE[kind][1]} "
                                         f"{t('layer.' + kind, lang)} ({len(rows)})",
                                    show=kind in show)
        FacilityLayer(rows).add_to(group)
        group.add_to(fmap)


# --- province choropleth -----------------------------------------------------------------------

PROVINCE_POPUP_MARK = "▦ "
"""Starts a province's popup text, so that a click on it can be told from a click on a zone."""


def choropleth_legend_html(lang: str) -> str:
    """The choropleth's legend (escaped HTML): what each province colour means."""
    rows = [f'<details open><summary style="cursor:pointer">'
            f"<b>{escape(t('choropleth.legend', lang))}</b></summary>"]
    for color, label in province_fill_legend(lang):
        fill = f"background:{color}" if color else "border:1px solid #666"
        rows.append(f'<div><span style="display:inline-block;width:12px;height:12px;'
                    f'margin-right:4px;box-sizing:border-box;{fill}"></span>{escape(label)}</div>')
    return "".join(rows)


def province_fill_rows(zones: pd.DataFrame, by: str, lang: str) -> dict[str, dict]:
    """Per province (in the chosen naming): area-weighted fill, its colour and tooltip text."""
    rows = {}
    for _, row in summarise_provinces(zones, by).iterrows():
        fill = row["fill_pct"]
        fill = None if fill is None or pd.isna(fill) else float(fill)
        text = t("choropleth.tooltip", lang, province=row[by],
                 fill=format_pct(fill, lang, decimals=0), n=int(row["zones"]))
        rows[str(row[by])] = {"color": province_fill_color(fill), "text": text}
    return rows


def province_from_popup(text: str | None) -> str | None:
    """The province named in a clicked choropleth popup (as the map component returns it)."""
    if not text or not text.startswith(PROVINCE_POPUP_MARK):
        return None
    lines = text[len(PROVINCE_POPUP_MARK):].strip().splitlines()
    return lines[0].strip() if lines else None


class ProvinceChoropleth(MacroElement):
    """Provinces filled by area-weighted fill rate, with a tooltip; a click opens a popup whose
    text names the province (the page then opens the Provinces & targets page)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var group = {{ this._parent.get_name() }};
          var O = {{ this.options_json }};
          var map = {{ this._parent._parent.get_name() }};
          if (!map.getPane('bmChoropleth')) {
            map.createPane('bmChoropleth');
            map.getPane('bmChoropleth').style.zIndex = 300;
          }
          // streamlit-folium binds its click reporter only to layers on the map when it
          // starts; this overlay is added later, so it borrows the reporter from one of them.
          function componentClickHandler() {
            var found = null;
            map.eachLayer(function (layer) {
              ((layer._events && layer._events.click) || []).forEach(function (h) {
                if (!found && h.fn && h.fn.name === 'onLayerClick') { found = h.fn; }
              });
            });
            return found;
          }
          // The zone layer sends new rows when a filter changes (window.bmSetChoroplethRows):
          // colours, tooltips and popups follow them in place.
          var features = [];
          function apply(f, layer) {
            var row = O.rows[f.properties.name], color = row && row.color;
            layer.setStyle({color: '#666', weight: 0.8, fillColor: color || '#ffffff',
                            fillOpacity: color ? 0.75 : 0});
            layer.unbindTooltip();
            layer.unbindPopup();
            if (!row) { return; }
            var tip = document.createElement('div');
            tip.textContent = row.text;
            layer.bindTooltip(tip, {sticky: true});
            var popup = document.createElement('div');
            popup.textContent = O.mark + f.properties.name;
            var more = document.createElement('div');
            more.textContent = O.open;
            popup.appendChild(more);
            layer.bindPopup(popup);
          }
          window.bmSetChoroplethRows = function (rows) {
            O.rows = rows;
            features.forEach(function (pair) { apply(pair[0], pair[1]); });
          };
          {{ this.fetch_js }}
          window.bmJson(O.base + '/' + O.provinces + '?v=' + O.version)
            .then(function (provinces) {
              L.geoJSON(provinces, {pane: 'bmChoropleth',
                onEachFeature: function (f, layer) {
                  features.push([f, layer]);
                  apply(f, layer);
                  layer.on('click', function (event) {
                    if (!O.rows[f.properties.name]) { return; }
                    var report = componentClickHandler();
                    if (report) { report(event); }
                  });
                }}).addTo(group);
            })
            .catch(function (error) { console.warn('choropleth not loaded', error); });
          var legend = L.control({position: 'bottomright'});
          legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'zones-legend province-legend');
            div.innerHTML = O.legend;
            if (map.getSize().x < 500) {  // a phone: the legend starts folded
              div.querySelector('details').open = false;
            }
            return div;
          };
          group.on('add', function () { legend.addTo(map); });
          group.on('remove', function () { legend.remove(); });
          if (map.hasLayer(group)) { legend.addTo(map); }
        })();
        {% endmacro %}
    """)

    def __init__(self, rows: dict[str, dict], lang: str, provinces: str,
                 static_base: str = STATIC_BASE) -> None:
        super().__init__()
        self._name = "ProvinceChoropleth"
        self.options = {"base": static_base, "version": files_version(),
                        "provinces": PROVINCE_FILES[provinces],
                        "rows": rows, "mark": PROVINCE_POPUP_MARK,
                        "open": t("choropleth.open", lang),
                        "legend": choropleth_legend_html(lang)}
        self.options_json = json.dumps(self.options, ensure_ascii=False).replace("</", "<\\/")
        self.fetch_js = SHARED_FETCH_JS


def add_province_choropleth(fmap: folium.Map, zones: pd.DataFrame, lang: str,
                            provinces: str = "province", show: bool = False) -> dict[str, dict]:
    """An overlay (off by default) of provinces coloured by the zones' area-weighted fill;
    returns its rows (the zone layer sends them again when it redraws in place)."""
    rows = province_fill_rows(zones, provinces, lang)
    group = folium.FeatureGroup(name=t("choropleth.layer", lang), show=show)
    ProvinceChoropleth(rows, lang, provinces).add_to(group)
    group.add_to(fmap)
    return rows
