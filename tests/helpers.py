"""Test helpers: a small, valid data folder written from Python rows, and shared checks.

Import from here (`from helpers import make_data_dir`); conftest.py only holds fixtures.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from pyproj.enums import TransformDirection

from zones.schema import PROVINCES, SOURCES, TARGETS, ZONES, Table
from zones.vn2000 import vn2000_to_wgs84_transformer

if TYPE_CHECKING:
    import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_DATA = ROOT / "data"

PROVINCE_ROWS = [
    {
        "province_code": "52",
        "province": "Bình Định",
        "province_2025_code": "52",
        "province_2025": "Gia Lai",
        "province_ascii": "binh dinh",
        "province_2025_ascii": "gia lai",
    },
    {
        "province_code": "64",
        "province": "Gia Lai",
        "province_2025_code": "52",
        "province_2025": "Gia Lai",
        "province_ascii": "gia lai",
        "province_2025_ascii": "gia lai",
    },
    {
        "province_code": "17",
        "province": "Hòa Bình",
        "province_2025_code": "25",
        "province_2025": "Phú Thọ",
        "province_ascii": "hoa binh",
        "province_2025_ascii": "phu tho",
    },
]
SOURCE_ROWS = [
    {
        "source_id": "doc-a",
        "title": "Chương trình hành động 08-CTr/TU",
        "document_number": "08-CTr/TU",
        "issuer": "Tỉnh ủy Bình Định",
        "province": "Bình Định",
        "date": "2021-05-14",
        "url": "",
        "note": "",
    },
    {
        "source_id": "web-b",
        "title": "News page",
        "document_number": "",
        "issuer": "",
        "province": "",
        "date": "2024",
        "url": "https://example.org/b",
        "note": "",
    },
]


def zone(**values: str) -> dict[str, str]:
    row = dict.fromkeys(ZONES.column_names, "")
    row.update(values)
    return row


ZONE_ROWS = [
    zone(
        zone_id="kkt-nhon-hoi",
        name="Khu kinh tế Nhơn Hội",
        kind="KKT",
        province="Bình Định",
        status="operating",
        area_ha="14308",
        lat="13.8833",
        lon="109.2333",
        location_precision="site",
        source_ids="doc-a;web-b",
        area_source_id="web-b",
        location_source_id="web-b",
        status_source_id="web-b",
        fill_pct="50",
        fill_as_of="2024",
        fill_source_id="web-b",
    ),
    zone(
        zone_id="kcn-nhon-hoi-b",
        name="Khu công nghiệp Nhơn Hội (Khu B)",
        kind="KCN",
        parent_id="kkt-nhon-hoi",
        province="Bình Định",
        status="stalled",
        area_ha="447",
        fill_pct="6.9",
        fill_as_of="2025",
        location_precision="unknown",
        source_ids="web-b",
        area_source_id="web-b",
        fill_source_id="web-b",
        aliases="Nhơn Hội B",
    ),
    zone(
        zone_id="kcn-nhon-hoa",
        name="Khu công nghiệp Nhơn Hòa",
        kind="KCN",
        province="Bình Định",
        district="TX An Nhơn",
        status="operating",
        area_ha="272",
        leasable_ha="200",
        leased_ha="164",
        fill_pct="82",
        fill_as_of="2020",
        lat="13.8463",
        lon="109.0774",
        location_precision="commune",
        source_ids="doc-a;web-b",
        area_source_id="web-b",
        fill_source_id="web-b",
        location_source_id="web-b",
        developer='=HYPERLINK("http://evil")',
    ),
    zone(
        zone_id="ccn-luong-son",
        name="Cụm công nghiệp Lương Sơn",
        kind="CCN",
        province="Hòa Bình",
        status="planned",
        lat="20.85",
        lon="105.52",
        location_precision="district",
        source_ids="web-b",
        location_source_id="web-b",
        aliases="Luong Son",
    ),
]
TARGET_ROWS = [
    {
        "target_id": "hbh-kcn-fill",
        "province": "Hòa Bình",
        "scope": "KCN",
        "metric": "fill_rate",
        "comparator": ">=",
        "target_value": "80",
        "unit": "%",
        "target_year": "2025",
        "achieved_value": "46.77",
        "achieved_as_of": "2024-06",
        "source_id": "doc-a",
        "note": "derived",
    },
    {
        "target_id": "bdi-new-kcn",
        "province": "Bình Định",
        "scope": "KCN",
        "metric": "new_zones_planned",
        "comparator": ">=",
        "target_value": "2",
        "unit": "count",
        "target_year": "2025",
        "achieved_value": "",
        "achieved_as_of": "",
        "source_id": "doc-a",
        "note": "",
    },
]


def tooltip_zones() -> pd.DataFrame:
    """Zones as the maps receive them (points only, no geometry): numbers per language,
    unknowns, markup in a name."""
    import pandas as pd  # here, not at the top: spawned savers import helpers and not pandas

    return pd.DataFrame([
        # name, kind, status, area_ha, fill_pct
        ("KCN Phú Tài", "KCN", "operating", 345.5, 100.0),
        ("Khu kinh tế Nhơn Hội", "KKT", "planned", 14308.0, None),
        ("CCN <b>Đá</b> & \"Sỏi\"", "CCN", "stalled", float("nan"), 0.0),
        ("Khu 4", "CCN", "converting", 0.05, 12.345),
    ], columns=["name", "kind", "status", "area_ha", "fill_pct"]).assign(
        zone_id=["z-1", "z-2", "z-3", "z-4"], map_lat=12.0, map_lon=108.0,
        location_precision="site", geometry_kind="footprint", geometry=None)


def write_csv(path: Path, table: Table, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=table.column_names)
        writer.writeheader()
        writer.writerows(rows)
    return path


def make_data_dir(
    path: Path, zones: list[dict[str, str]] | None = None, outlines: list[dict] | None = None
) -> Path:
    (path / "geo").mkdir(parents=True, exist_ok=True)
    write_csv(path / "zones.csv", ZONES, ZONE_ROWS if zones is None else zones)
    write_csv(path / "targets.csv", TARGETS, TARGET_ROWS)
    write_csv(path / "sources.csv", SOURCES, SOURCE_ROWS)
    write_csv(path / "provinces.csv", PROVINCES, PROVINCE_ROWS)
    collection = {"type": "FeatureCollection", "features": outlines or []}
    (path / "geo" / "outlines.geojson").write_text(json.dumps(collection), encoding="utf-8")
    return path


def wgs84_to_vn2000_geographic(lat: float, lon: float) -> tuple[float, float]:
    """WGS 84 -> VN-2000 geographic, the exact inverse of the library's EPSG:6960 operation.

    Builds VN-2000 test inputs from known WGS 84 corners. PROJ's inverse of the 2D Helmert
    is only approximate (it drops the height change, ~1 mm in the north); one fixed-point
    step against the forward transform brings the round trip below 1e-7 m.
    """
    transformer = vn2000_to_wgs84_transformer()
    vn_lat, vn_lon = transformer.transform(
        lat, lon, direction=TransformDirection.INVERSE, errcheck=True
    )
    forward_lat, forward_lon = transformer.transform(vn_lat, vn_lon, errcheck=True)
    return float(vn_lat + lat - forward_lat), float(vn_lon + lon - forward_lon)


_MARKDOWN_LINK = re.compile(r"^\[(.*)\]\((\S+)\)$")


def plain_markdown(text: object) -> str:
    """What a person reads in a Markdown cell written by zones.safetext: escapes removed,
    a link shown as its text."""
    value = str(text)
    link = _MARKDOWN_LINK.match(value)
    if link:
        value = link.group(1)
    return re.sub(r"\\(.)", r"\1", value).replace("\u2060", "")


def shown_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A static table (st.table) as read on screen: headers, index and cells in plain text."""
    return frame.rename(columns=plain_markdown, index=plain_markdown).map(plain_markdown)


def app_test(timeout: float = 60, *, map_drawn: bool = True):
    """The app in Streamlit's AppTest. AppTest has no browser, so the map never reports its
    zones drawn; `map_drawn` starts the session as one whose map has been drawn (the sidebar's
    controls are then drawn on every run). Pass False to test a session's first visit."""
    from streamlit.testing.v1 import AppTest

    from ui.context import CONTROLS_SHOWN

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if map_drawn:
        at.session_state[CONTROLS_SHOWN] = True
    return at
