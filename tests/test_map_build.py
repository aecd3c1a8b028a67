"""Map colours, the map's rows (numbers per language, unknowns), and the component arguments
built in one render (what the map page caches)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from helpers import make_data_dir
from zones.geo import zones_geodataframe
from zones.map_bundle import BUNDLE_CSS, BUNDLE_JS, VENDOR_DIR, bundle_css, bundle_js
from zones.map_colors import COLOR_BY, color_classes, legend_entries, palette
from zones.map_component import FRONTEND_MAP_ID, component_args, map_id
from zones.maps import (
    ROW_FIELDS,
    MapOptions,
    build_folium_map,
    drawable,
    figure_html,
    zone_rows,
    zone_texts,
)
from zones.store import load_dataset

RETURNED = ("last_object_clicked_popup", "last_object_clicked")


@pytest.fixture
def gdf(tmp_path: Path) -> gpd.GeoDataFrame:
    dataset = load_dataset(make_data_dir(tmp_path))
    return zones_geodataframe(dataset.zones, dataset.outlines)


@pytest.mark.parametrize(
    ("color_by", "column", "values", "classes"),
    [
        ("fill", "fill_pct", [0, 24.9, 25, 50, 74.9, 75, 100, None], [0, 0, 1, 2, 2, 3, 3, 4]),
        ("area", "area_ha", [5, 100, 499, 500, 1000, 14308, None], [0, 1, 1, 2, 3, 3, 4]),
        ("status", "status", ["operating", "stalled", "converting", None], [0, 4, 5, 6]),
    ],
)
def test_color_classes(color_by, column, values, classes) -> None:
    zones = pd.DataFrame({column: values})
    assert color_classes(zones, color_by).tolist() == classes
    assert max(classes) == len(palette(color_by)) - 1  # the last colour is "unknown"


@pytest.mark.parametrize(
    ("color_by", "lang", "labels"),
    [
        ("fill", "vi", ["dưới 25%", "25% – dưới 50%", "50% – dưới 75%", "từ 75% trở lên",
                        "chưa rõ"]),
        ("area", "en", ["under 100 ha", "100 ha to under 500 ha", "500 ha to under 1,000 ha",
                        "1,000 ha or more", "unknown"]),
        ("area", "vi", ["dưới 100 ha", "100 ha – dưới 500 ha", "500 ha – dưới 1.000 ha",
                        "từ 1.000 ha trở lên", "chưa rõ"]),
    ],
)
def test_legend_matches_the_palette(color_by, lang, labels) -> None:
    entries = legend_entries(color_by, lang)
    assert [label for _, label in entries] == labels
    assert [color for color, _ in entries] == palette(color_by)


def test_every_scheme_has_a_legend_in_both_languages() -> None:
    for color_by in COLOR_BY:
        for lang in ("vi", "en"):
            assert len(legend_entries(color_by, lang)) == len(palette(color_by))
    with pytest.raises(ValueError, match="color_by must be one of"):
        palette("height")


@pytest.mark.parametrize(
    ("lang", "area", "fill"),
    [("vi", "14.308 ha", "50%"), ("en", "14,308 ha", "50%")],
)
def test_rows_write_numbers_per_language_and_leave_unknowns_empty(gdf, lang, area, fill) -> None:
    rows = {row[2]: dict(zip(ROW_FIELDS, row, strict=True))
            for row in zone_rows(drawable(gdf), lang)}
    assert rows["kkt-nhon-hoi"]["area"] == area
    assert rows["kkt-nhon-hoi"]["fill"] == fill
    assert rows["ccn-luong-son"]["fill"] == ""  # unknown: the browser shows "chưa rõ"
    assert "None" not in str(rows) and "nan" not in str(rows)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("shapes", [True, False])
def test_rows_from_texts_made_once_for_all_zones_equal_rows_made_for_the_filter(
        gdf, lang: str, shapes: bool) -> None:
    texts = zone_texts(gdf, lang)  # what the page caches per data version and language
    shown = drawable(gdf)
    # a filter: some zones, in another order (a search ranks its matches first)
    picked = shown[shown["kind"] != "CCN"].iloc[::-1]
    assert 0 < len(picked) < len(shown)
    assert (zone_rows(picked, lang, "fill", shapes=shapes, texts=texts)
            == zone_rows(picked, lang, "fill", shapes=shapes))


def test_texts_of_other_zones_are_not_used(gdf) -> None:
    # texts from another table (here: none of these zones) are ignored, not misread
    other = zone_texts(gdf.iloc[:1], "vi")
    rest = drawable(gdf).iloc[1:]
    assert zone_rows(rest, "vi", texts=other) == zone_rows(rest, "vi")


def test_texts_with_repeated_labels_are_not_used(gdf) -> None:
    shown = drawable(gdf)
    texts = zone_texts(gdf, "vi")
    doubled = pd.concat([texts, texts])  # each label twice: picking by label would double rows
    assert zone_rows(shown, "vi", texts=doubled) == zone_rows(shown, "vi")


def test_the_map_zooms_out_no_further_than_vietnam_needs(gdf) -> None:
    from zones.maps import MIN_ZOOM, UNCLUSTER_ZOOM

    args = component_args(build_folium_map(gdf, MapOptions()), identity=("v",),
                          returned=RETURNED, height=500)
    assert f'"minZoom": {MIN_ZOOM},' in args["script"]  # Leaflet's own option, on the map
    assert f"disableClusteringAtZoom: small ? NEAR : {UNCLUSTER_ZOOM}," in args["script"]


def test_rows_colour_by_the_chosen_scheme(gdf) -> None:
    shown = drawable(gdf)
    for color_by in COLOR_BY:
        colors = [row[ROW_FIELDS.index("color")] for row in zone_rows(shown, "vi", color_by)]
        assert colors == color_classes(shown, color_by).tolist()


def test_component_arguments_from_one_render(gdf) -> None:
    fmap = build_folium_map(gdf, MapOptions(lang="en", basemap="none", color_by="fill"))
    own_id = map_id(fmap)
    args = component_args(fmap, identity=("v1", "filter", "en"), returned=RETURNED, height=500)
    assert f"var {FRONTEND_MAP_ID} = L.map(" in args["script"]
    assert own_id not in args["script"] and own_id not in args["header"]
    assert "<script src" not in args["header"] and "<link" not in args["header"]
    # Leaflet and the cluster plugin in one script, the stylesheets in one: two requests.
    assert [link.rsplit("/", 1)[1] for link in args["js_links"] + args["css_links"]] == [
        "leaflet-bundle.js", "leaflet-bundle.css"]
    assert all(link.startswith("/app/static/vendor/") for link in
               args["js_links"] + args["css_links"])
    # In the frontend's key order (it compares JSON text; another order costs a rerun).
    assert list(args["default"]) == ["last_object_clicked", "last_object_clicked_popup"]
    assert set(args["default"].values()) == {None}
    assert args["returned_objects"] == list(RETURNED)
    assert "zones-legend" in args["script"] and ".zones-far" in args["header"]
    assert args["script"].count("L.markerClusterGroup(") == 1  # each element rendered once


def test_zones_are_sent_apart_from_the_map_so_a_filter_redraws_in_place(gdf) -> None:
    """The script (run once per frame) defines how to draw zones; the feature group (run
    again whenever its text changes) draws these zones, with the choropleth's colours."""
    fmap = build_folium_map(gdf, MapOptions(lang="en"))
    args = component_args(fmap, identity=("v1", "en"), returned=RETURNED, height=500)
    assert "window.zonesShow = function" in args["script"]
    assert "window.zonesShow(" not in args["script"].replace("window.zonesShow = ", "")
    group = args["feature_group"]
    assert group.startswith("window.zonesShow(") and group.endswith(");")
    data = json.loads(group.removeprefix("window.zonesShow(").removesuffix(");"))
    assert sorted(row[ROW_FIELDS.index("zone_id")] for row in data["rows"]) == sorted(
        drawable(gdf)["zone_id"])
    for row in data["rows"]:  # no zone row is in the script, only in the feature group
        assert json.dumps(row[ROW_FIELDS.index("name")], ensure_ascii=False) not in args["script"]
    assert set(data) == {"rows", "small", "palette", "legend", "bounds", "choropleth"}
    assert data["choropleth"] and data["legend"].startswith("<details")  # the box is the map's
    # Standalone (figure_html), the map draws its zones itself.
    assert "window.zonesShow({" in figure_html(build_folium_map(gdf))


def test_component_key_follows_what_the_map_shows(gdf) -> None:
    def key(*identity):
        fmap = build_folium_map(gdf)
        return component_args(fmap, identity=identity, returned=RETURNED, height=500)["key"]

    assert key("v1", "f", "vi") == key("v1", "f", "vi")
    assert len({key("v1", "f", "vi"), key("v2", "f", "vi"), key("v1", "g", "vi"),
                key("v1", "f", "en")}) == 4


def test_large_sets_send_no_more_per_zone_than_before(gdf) -> None:
    many = pd.concat([drawable(gdf)] * 400, ignore_index=True)
    rows = zone_rows(many, "vi", shapes=False)
    per_zone = np.mean([len(str(row)) for row in rows])
    assert per_zone < 120  # the former dict rows took about 190 characters per zone


def test_the_map_bundle_is_made_from_the_vendored_files() -> None:
    """Committed static/vendor/leaflet/leaflet-bundle.* are what `python -m zones.map_bundle`
    makes from the vendored Leaflet and cluster plugin (rerun it after updating them)."""
    assert (VENDOR_DIR / BUNDLE_JS).read_text(encoding="utf-8") == bundle_js()
    assert (VENDOR_DIR / BUNDLE_CSS).read_text(encoding="utf-8") == bundle_css()
    script = bundle_js()
    assert "Leaflet 1.9.4" in script and "MarkerClusterGroup" in script
    assert script.index("Leaflet 1.9.4, a JS") < script.index("MarkerClusterGroup")  # L first
    css = bundle_css()
    assert ".marker-cluster" in css and "url(images/layers" not in css  # icons inlined
