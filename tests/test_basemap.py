"""The bundled base layer: files, their contents and size, and how the map refers to them."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import folium
import pytest

from zones.basemap import (
    BASE_FILES,
    PROVINCE_FILES,
    STATIC_BASE,
    STATIC_DIR,
    ProvinceChoropleth,
    choropleth_legend_html,
    facility_rows,
    province_fill_rows,
    province_from_popup,
)
from zones.geo import zones_geodataframe
from zones.map_colors import province_fill_color, province_fill_legend
from zones.maps import BASEMAPS, MapOptions, build_folium_map, figure_html, walk
from zones.store import BUNDLED_DATA_DIR, load_dataset
from zones.summary import weighted_fill

ROOT = Path(__file__).resolve().parents[1]
MAX_TOTAL_KIB = 400


@pytest.fixture(scope="module")
def provinces():
    return load_dataset(BUNDLED_DATA_DIR).provinces


@pytest.fixture(scope="module")
def zones():
    dataset = load_dataset(BUNDLED_DATA_DIR)
    return zones_geodataframe(dataset.zones, dataset.outlines)


def read(name: str) -> object:
    return json.loads((STATIC_DIR / name).read_text(encoding="utf-8"))


def test_files_exist_and_stay_small():
    sizes = {name: (STATIC_DIR / name).stat().st_size for name in BASE_FILES}
    assert sum(sizes.values()) < MAX_TOTAL_KIB * 1024, sizes


@pytest.mark.parametrize(("naming", "column", "count"),
                         [("province", "province", 63), ("province_2025", "province_2025", 34)])
def test_province_files_hold_every_province_once(provinces, naming, column, count):
    features = read(PROVINCE_FILES[naming])["features"]
    names = [f["properties"]["name"] for f in features]
    assert len(names) == count
    assert sorted(names) == sorted(set(provinces[column]))
    for feature in features:
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        lon, lat = feature["properties"]["label"]
        assert 102 < lon < 110 and 8 < lat < 24


def test_archipelagos_are_drawn_as_vietnams():
    features = read("context.json")["features"]
    groups = {f["properties"]["name"]: f["properties"]["province"] for f in features
              if f["properties"]["kind"] == "archipelago"}
    assert groups == {"Quần đảo Hoàng Sa": "Đà Nẵng", "Quần đảo Trường Sa": "Khánh Hòa"}
    islands = [f for f in features if f["properties"]["kind"] == "island"]
    assert {f["properties"]["group"] for f in islands} == set(groups)
    neighbours = {f["properties"]["name"] for f in features if f["properties"]["kind"] == "country"}
    assert {"China", "Laos", "Cambodia", "Thailand"} <= neighbours


def test_capitals_file_marks_the_34_seats():
    capitals = read("capitals.json")
    assert len(capitals) == 63
    assert sum(1 for c in capitals if c[4]) == 34


@pytest.mark.parametrize(("naming", "file"), list(PROVINCE_FILES.items()))
def test_map_fetches_the_borders_of_the_chosen_naming(zones, naming, file):
    html = figure_html(build_folium_map(zones, MapOptions(provinces=naming)))
    assert f'"provinces": "{file}"' in html
    assert f'"base": "{STATIC_BASE}"' in html
    other = next(f for n, f in PROVINCE_FILES.items() if n != naming)
    assert other not in html


def test_default_map_is_offline(zones):
    assert next(iter(BASEMAPS)) == "none"
    html = figure_html(build_folium_map(zones, MapOptions()))
    assert '"land": true' in html
    # the shown tile layer is the blank one; tile URLs exist only as unshown choices
    first_tiles = re.search(r"L\.tileLayer\(\s*\"([^\"]+)\"", html)
    assert first_tiles and first_tiles.group(1).startswith("data:")
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", html)


def test_files_are_named_by_their_content(zones):
    from zones.basemap import files_version

    html = figure_html(build_folium_map(zones, MapOptions()))
    assert f'"version": "{files_version()}"' in html
    assert "{cache: 'force-cache'}" in html and "'?v=' + O.version" in html


def test_tiles_chosen_draw_borders_without_land(zones):
    html = figure_html(build_folium_map(zones, MapOptions(basemap="osm")))
    assert '"land": false' in html


@pytest.mark.parametrize("kind", ["seaport", "airport"])
def test_facility_layers_are_toggles(zones, kind):
    html = figure_html(build_folium_map(zones, MapOptions(lang="en")))
    label = {"seaport": "Seaports", "airport": "Airports"}[kind]
    assert label in html
    rows = facility_rows(kind, "en")
    assert rows and all(r["name"] for r in rows)


@pytest.mark.parametrize(("lang", "name"), [("vi", "Cảng hàng không quốc tế Nội Bài (HAN)"),
                                            ("en", "Noi Bai International Airport (HAN)")])
def test_airport_tooltips_name_the_airport_in_the_reader_language(lang, name):
    assert name in [row["name"] for row in facility_rows("airport", lang)]


def test_seaport_tooltips_name_their_source():
    rows = facility_rows("seaport", "vi")
    assert all(r["note"].startswith("Vị trí theo: ") for r in rows)


def test_echarts_decoding():
    spec = importlib.util.spec_from_file_location("build_basemap",
                                                  ROOT / "scripts" / "build_basemap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # '@' is a zero step; 'B' is +1 and 'A' is −1 (zig-zag), in units of 1/scale degrees
    ring = module._decode_ring("@@BA", [1024 * 100, 1024 * 10], 1024)
    assert ring == [(100.0, 10.0), (100 + 1 / 1024, 10 - 1 / 1024)]
    assert module.fold("Tỉnh Hải Dương") == module.fold("Hai Duong province") == "haiduong"


# --- province choropleth -------------------------------------------------------------------------


@pytest.mark.parametrize(("fill", "color"), [(None, None), (float("nan"), None), (0.0, "#fde0c5"),
                                             (19.9, "#fde0c5"), (20.0, "#facba6"),
                                             (59.0, "#f59e72"), (75.0, "#e8704c"),
                                             (100.0, "#c0412b")])
def test_province_fill_classes(fill, color):
    assert province_fill_color(fill) == color


@pytest.mark.parametrize(("naming", "province", "other"),
                         [("province", "Bình Định", "Gia Lai"),
                          ("province_2025", "Gia Lai", "Bình Định")])
def test_choropleth_rows_follow_the_naming(zones, naming, province, other):
    rows = province_fill_rows(zones, naming, "en")
    assert province in rows and other not in rows
    expected = weighted_fill(zones[zones[naming] == province])
    assert rows[province]["color"] == province_fill_color(expected)
    assert rows[province]["text"].startswith(f"{province}: {round(expected)}% filled")
    assert rows["Tuyên Quang"]["color"] is None  # no fill rate known there
    assert "—" in rows["Tuyên Quang"]["text"]


def test_choropleth_is_a_toggle_on_the_map(zones):
    fmap = build_folium_map(zones, MapOptions(provinces="province_2025"))
    groups = [e.layer_name for e in fmap._children.values() if isinstance(e, folium.FeatureGroup)]
    assert "Tỷ lệ lấp đầy theo tỉnh" in groups
    layer = next(e for e in walk(fmap) if isinstance(e, ProvinceChoropleth))
    assert layer.options["provinces"] == "provinces-34.json"
    assert "Gia Lai" in layer.options["rows"]
    assert layer.options["legend"] == choropleth_legend_html("vi")


@pytest.mark.parametrize(("lang", "labels"), [
    ("vi", ["dưới 20%", "20% – dưới 40%", "40% – dưới 60%", "60% – dưới 80%", "từ 80% trở lên",
            "chưa có số liệu"]),
    ("en", ["under 20%", "20% to under 40%", "40% to under 60%", "60% to under 80%",
            "80% or more", "no figure"]),
])
def test_choropleth_legend_names_every_class_in_the_language(lang, labels):
    legend = province_fill_legend(lang)
    assert [label for _, label in legend] == labels
    assert [color for color, _ in legend] == [*(province_fill_color(f) for f in
                                                (0, 20, 40, 60, 80)), None]
    html = choropleth_legend_html(lang)
    assert all(label in html for label in labels)


@pytest.mark.parametrize(("text", "province"),
                         [("▦ Bình Định\nĐang mở trang Tỉnh và mục tiêu…", "Bình Định"),
                          ("▦ Gia Lai", "Gia Lai"), ("Khu công nghiệp Phú Tài", None),
                          ("", None), (None, None), ("▦ ", None)])
def test_province_from_popup(text, province):
    assert province_from_popup(text) == province
