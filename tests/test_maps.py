"""Map builders inspected without a browser: assets, shapes, legend, escaping, clicks, 3-D."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import folium
import geopandas as gpd
import numpy as np
import pytest

from helpers import ZONE_ROWS, make_data_dir
from zones.geo import footprint_radius_m, zones_geodataframe
from zones.maps import (
    APPROXIMATE_DASH,
    ASSET_BASE,
    DECK_HEIGHT_SHARE,
    DECK_LAYER_ID,
    DECK_RADIUS_SHARE,
    DECK_STYLE_URL,
    MapOptions,
    asset_links,
    build_deck,
    build_folium_map,
    clicked_zone_id,
    deck_rows,
    deck_selected_zone_id,
    extent_m,
    figure_html,
    zone_at,
    zone_id_from_popup,
    zone_layer_rows,
)
from zones.store import load_dataset

ROOT = Path(__file__).resolve().parents[1]
XSS = "<img src=x onerror=alert(1)>"


def gdf_for(tmp_path: Path, rows=None) -> gpd.GeoDataFrame:
    dataset = load_dataset(make_data_dir(tmp_path, rows))
    return zones_geodataframe(dataset.zones, dataset.outlines)


@pytest.fixture
def gdf(tmp_path: Path) -> gpd.GeoDataFrame:
    return gdf_for(tmp_path)


def test_every_script_and_stylesheet_is_served_locally(gdf) -> None:
    fmap = build_folium_map(gdf)
    links = asset_links(fmap)
    assert links and all(link.startswith(ASSET_BASE) for link in links)
    html = figure_html(fmap)
    for cdn in ("cdn.jsdelivr", "unpkg.com", "code.jquery", "cdnjs", "netdna", "bootstrapcdn"):
        assert cdn not in html
    for link in links:  # the files exist in ./static, where Streamlit serves them
        assert (ROOT / "static" / link.removeprefix("/app/static/")).is_file()


def test_one_row_per_drawable_zone_in_a_layer_per_kind(gdf) -> None:
    fmap = build_folium_map(gdf)
    rows = zone_layer_rows(fmap)
    drawable = int(gdf.geometry.notna().sum())
    assert drawable == 3  # one fixture zone has no position
    assert sorted(row["zone_id"] for row in rows) == sorted(
        gdf.loc[gdf.geometry.notna(), "zone_id"])
    html = figure_html(fmap)
    assert "className: 'zone-shape zone-'" in html and "className: 'zone-point zone-'" in html
    assert {row["kind"] for row in rows} == {0, 1, 2}  # KKT, KCN, CCN as codes
    groups = [e.layer_name for e in fmap._children.values() if isinstance(e, folium.FeatureGroup)]
    assert [g.split(" (")[0] for g in groups] == ["Tỷ lệ lấp đầy theo tỉnh", "⚓ Cảng biển",
                                                  "✈ Sân bay"]  # toggles


def test_footprints_are_dashed_circles_of_the_zone_area(gdf) -> None:
    fmap = build_folium_map(gdf)
    rows = {row["zone_id"]: row for row in zone_layer_rows(fmap)}
    # A number is a footprint radius (drawn dashed); an outline would be a list of rings.
    assert all(isinstance(row["shape"], float) for row in rows.values())
    assert rows["kcn-nhon-hoa"]["shape"] == pytest.approx(footprint_radius_m(272), abs=0.1)
    assert f"dashArray = '{APPROXIMATE_DASH}'" in figure_html(fmap)


def test_outlines_are_drawn_solid_with_their_rings(tmp_path: Path) -> None:
    outline = {"type": "Feature", "properties": {"zone_id": "kcn-nhon-hoa"},
               "geometry": {"type": "Polygon", "coordinates": [[[109.07, 13.84], [109.085, 13.84],
                                                                [109.085, 13.855],
                                                                [109.07, 13.855],
                                                                [109.07, 13.84]]]}}
    dataset = load_dataset(make_data_dir(tmp_path, outlines=[outline]))
    gdf = zones_geodataframe(dataset.zones, dataset.outlines)
    rows = {row["zone_id"]: row for row in zone_layer_rows(build_folium_map(gdf))}
    assert rows["kcn-nhon-hoa"]["shape"][0][0][0] == [13.84, 109.07]  # Leaflet order: lat, lon


def test_outline_holes_and_parts_reach_leaflet(tmp_path: Path) -> None:
    from shapely.geometry import MultiPolygon, Polygon

    from zones.maps import _polygon_rings

    holed = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2), (1, 2)]])
    parts = _polygon_rings(MultiPolygon([holed, Polygon([(5, 5), (6, 5), (6, 6)])]))
    assert [len(part) for part in parts] == [2, 1]  # exterior + hole, exterior


def test_data_cannot_close_the_script_tag(tmp_path: Path) -> None:
    rows = [dict(r) for r in ZONE_ROWS]
    rows[2]["name"] = "</script><script>alert(1)</script>"
    html = figure_html(build_folium_map(gdf_for(tmp_path, rows)))
    assert "</script><script>alert(1)" not in html


def test_legend_and_basemap_choices_are_in_the_map(gdf) -> None:
    html = figure_html(build_folium_map(gdf, MapOptions(lang="en", basemap="none")))
    assert "zones-legend" in html and "Operating" in html and "Stalled" in html
    for name in ("OpenStreetMap", "CARTO light", "Esri satellite", "Bundled map (works offline)"):
        assert name in html


def test_text_from_data_is_escaped(tmp_path: Path) -> None:
    rows = [dict(r) for r in ZONE_ROWS]
    rows[2]["name"] = XSS
    html = figure_html(build_folium_map(gdf_for(tmp_path, rows)))
    assert XSS not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_deck_tooltip_is_text_so_markup_is_not_interpreted(tmp_path: Path) -> None:
    rows = [dict(r) for r in ZONE_ROWS]
    rows[2]["name"] = XSS
    deck = build_deck(gdf_for(tmp_path, rows))
    assert deck._tooltip == {"text": "{tooltip}"}
    names = [row["tooltip"].split("\n")[0]
             for row in json.loads(deck.to_json())["layers"][0]["data"]]
    assert XSS in names  # raw in the data; deck.gl shows tooltip text as text


def test_deck_needs_no_token_and_uses_a_local_style(gdf) -> None:
    deck = build_deck(gdf, extrude_by="fill")
    spec = json.loads(deck.to_json())
    # Without a style Streamlit would fetch CARTO's; this one is served by the app itself.
    assert spec["mapStyle"] == DECK_STYLE_URL
    assert (ROOT / "static" / DECK_STYLE_URL.removeprefix("/app/static/")).is_file()
    assert spec.get("mapProvider") in (None, "")
    [layer] = spec["layers"]
    assert layer["id"] == DECK_LAYER_ID  # fixed id: Streamlit does not resend data on rerun
    elevations = {row["zone_id"]: row["elevation"] for row in layer["data"]}
    tallest = extent_m(gdf) * DECK_HEIGHT_SHARE
    assert elevations["kcn-nhon-hoa"] == pytest.approx(0.82 * tallest, abs=0.1)
    assert "kcn-nhon-hoi-b" not in elevations  # no position: not drawn
    assert elevations["ccn-luong-son"] == 0.0  # no fill known


@pytest.mark.parametrize("extent_km", [30, 300, 1600])
def test_deck_columns_scale_with_the_data_extent(gdf, extent_km) -> None:
    """Radius and height follow the extent, so columns show at the zoom that fits the data."""
    spread = gdf[gdf["map_lat"].notna()].copy()
    spread["map_lon"] = 106.0
    spread["map_lat"] = np.linspace(12.0, 12.0 + extent_km / 111.32, len(spread))
    extent = extent_m(spread)
    assert extent == pytest.approx(extent_km * 1000, rel=0.05)
    [layer] = json.loads(build_deck(spread).to_json())["layers"]
    assert layer["radius"] == round(extent * DECK_RADIUS_SHARE)
    assert max(row["elevation"] for row in layer["data"]) == pytest.approx(
        extent * DECK_HEIGHT_SHARE, abs=0.1)


def test_deck_tooltip_writes_numbers_per_language(gdf) -> None:
    rows = {row["zone_id"]: row for row in deck_rows(gdf, "vi", "area")}
    assert rows["kkt-nhon-hoi"]["tooltip"] == (
        "Khu kinh tế Nhơn Hội\nKhu kinh tế · Đang hoạt động\n"
        "Diện tích: 14.308 ha · Tỷ lệ lấp đầy: 50%")
    assert rows["ccn-luong-son"]["tooltip"].endswith("Tỷ lệ lấp đầy: chưa rõ")
    assert "None" not in str(rows) and "nan" not in str(rows)
    english = {row["zone_id"]: row for row in deck_rows(gdf, "en", "area")}
    assert "Area: 14,308 ha" in english["kkt-nhon-hoi"]["tooltip"]


def test_deck_rejects_unknown_extrusion(gdf) -> None:
    with pytest.raises(ValueError, match="extrude_by must be one of area, fill"):
        build_deck(gdf, extrude_by="height")


def test_large_sets_are_clustered_points(tmp_path: Path, gdf) -> None:
    fmap = build_folium_map(gdf, MapOptions(cluster_threshold=1))
    html = figure_html(fmap)
    assert "L.markerClusterGroup" in html and '"small":false' in html
    assert {row["shape"] for row in zone_layer_rows(fmap)} == {0}  # points only, no outlines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khu công nghiệp Nhơn Hòa\nMã khu: kcn-nhon-hoa", "kcn-nhon-hoa"),
        ("… Zone id: kkt-nhon-hoi", "kkt-nhon-hoi"),
        # any wording of the label: the id is found by its place at the end of the popup
        ("Khu công nghiệp Nhơn Hòa\nIdentifiant : kcn-nhon-hoa\n", "kcn-nhon-hoa"),
        ("Khu X\nDiện tích: 12 ha · Lấp đầy: chưa rõ\nMã: ccn-a-2", "ccn-a-2"),
        ("Name: Nhơn Hòa (kcn-nhon-hoa) and more", None),
        ("no id here", None),
        (None, None),
    ],
)
def test_zone_id_from_popup(text, expected) -> None:
    assert zone_id_from_popup(text) == expected


def test_clicked_zone_from_popup_or_position(gdf) -> None:
    assert clicked_zone_id(gdf, {"last_object_clicked_popup": "Mã khu: kcn-nhon-hoa"}) == (
        "kcn-nhon-hoa"
    )
    at_point = {"last_object_clicked": {"lat": 13.8463, "lng": 109.0774}}
    assert clicked_zone_id(gdf, at_point) == "kcn-nhon-hoa"
    assert clicked_zone_id(gdf, {"last_object_clicked": {"lat": 10.0, "lng": 104.0}}) is None
    assert clicked_zone_id(gdf, None) is None


def test_zone_at_prefers_the_smallest_containing_shape(gdf) -> None:
    # Nhơn Hòa's footprint lies inside nothing else; the KKT's large circle contains its centre.
    assert zone_at(gdf, 13.8833, 109.2333) == "kkt-nhon-hoi"


def test_deck_selection_event() -> None:
    event = SimpleNamespace(selection={"objects": {DECK_LAYER_ID: [{"zone_id": "kcn-nhon-hoa"}]}})
    assert deck_selected_zone_id(event) == "kcn-nhon-hoa"
    assert deck_selected_zone_id(object()) is None


def test_deck_base_layers_are_the_bundled_files_served_by_the_app():
    from zones.basemap import PROVINCE_FILES, STATIC_DIR, deck_base_layers

    for naming, filename in PROVINCE_FILES.items():
        layers = deck_base_layers(naming)
        urls = [layer.data for layer in layers]
        assert urls[0].startswith("/app/static/basemap/context.json?v=")
        assert urls[1].startswith(f"/app/static/basemap/{filename}?v=")
        assert all((STATIC_DIR / url.split("/")[-1].split("?")[0]).is_file() for url in urls)
        assert not any(layer.pickable for layer in layers)  # clicks reach the zone columns


def test_bundled_base_files_are_valid_geojson_types():
    import json

    from zones.basemap import PROVINCE_FILES, STATIC_DIR

    allowed = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
    for name in ("context.json", *PROVINCE_FILES.values()):  # capitals.json is plain rows
        collection = json.loads((STATIC_DIR / name).read_text(encoding="utf-8"))
        types = {feature["geometry"]["type"] for feature in collection["features"]}
        assert types <= allowed, (name, types - allowed)
