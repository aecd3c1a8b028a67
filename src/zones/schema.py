"""The data contract: every table's columns, their types, allowed values and ranges.

Validation, readers, the data editor's column configuration and docs/data-dictionary.md are all
generated from the definitions here, so this module is the one place to change the contract.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class ColumnType(StrEnum):
    TEXT = "text"
    SLUG = "slug"
    KEYWORD = "keyword"
    ENUM = "enum"
    NUMBER = "number"
    YEAR = "year"
    DATE = "date"
    SLUG_LIST = "slug list"
    TEXT_LIST = "text list"
    CODE = "code"
    URL = "url"


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KEYWORD_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
CODE_PATTERN = re.compile(r"^\d{2}$")
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    required: bool = False
    """The cell must not be empty."""
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    example: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.type in (ColumnType.NUMBER, ColumnType.YEAR)

    def label(self, lang: str) -> str:
        return column_label(self.name, lang)

    def range_text(self) -> str:
        if self.minimum is None and self.maximum is None:
            return ""
        low = (
            ""
            if self.minimum is None
            else f"{'>' if self.exclusive_minimum else '≥'} {self.minimum:g}"
        )
        high = "" if self.maximum is None else f"≤ {self.maximum:g}"
        return ", ".join(part for part in (low, high) if part)


@dataclass(frozen=True)
class Table:
    name: str
    filename: str
    key: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def numeric_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.is_numeric]


KINDS = ("KKT", "KCN", "CCN")
KIND_LABELS = {
    "KKT": "Khu kinh tế (economic zone)",
    "KCN": "Khu công nghiệp (industrial park)",
    "CCN": "Cụm công nghiệp (industrial cluster)",
}
STATUSES = ("operating", "under_construction", "planned", "proposed", "stalled", "converting")
LOCATION_PRECISIONS = ("surveyed", "site", "commune", "district", "unknown")
COMPARATORS = (">=", ">", "=", "~", "<=")
UNITS = ("%", "ha", "count", "million_usd", "billion_usd", "billion_vnd")
SCOPE_KINDS: dict[str, tuple[str, ...]] = {
    "KKT": ("KKT",),
    "KCN": ("KCN",),
    "CCN": ("CCN",),
    "KCN+CCN": ("KCN", "CCN"),
    "KKT+KCN": ("KKT", "KCN"),
}
"""The zone groups a target may cover, and the kinds of zone each group counts."""
SCOPES = tuple(SCOPE_KINDS)

# Mainland Vietnam with a margin; zones are on land, so the offshore archipelagos are excluded.
VIETNAM_BOUNDS = {"lat_min": 8.0, "lat_max": 23.5, "lon_min": 102.0, "lon_max": 110.0}

ZONES = Table(
    name="zones",
    filename="zones.csv",
    key="zone_id",
    description=(
        "One row per economic zone (KKT), industrial park (KCN) and industrial cluster (CCN), "
        "and one row per phase where the sources treat a phase separately."
    ),
    columns=(
        Column(
            "zone_id",
            ColumnType.SLUG,
            "Stable identifier; never reused.",
            True,
            example="kcn-nhon-hoa",
        ),
        Column(
            "name",
            ColumnType.TEXT,
            "Official Vietnamese name, with diacritics.",
            True,
            example="Khu công nghiệp Nhơn Hòa",
        ),
        Column("kind", ColumnType.ENUM, "KKT, KCN or CCN.", True, allowed=KINDS),
        Column(
            "parent_id",
            ColumnType.SLUG,
            "zone_id of the economic zone (KKT) this park lies in; empty otherwise.",
        ),
        Column(
            "phase_of",
            ColumnType.SLUG,
            "zone_id of the whole park or cluster this row is one phase of; its area is part "
            "of that zone's and is not added again in totals. Empty otherwise.",
        ),
        Column(
            "province",
            ColumnType.TEXT,
            "Province before 1 July 2025, as in provinces.csv.",
            True,
            example="Bình Định",
        ),
        Column("district", ColumnType.TEXT, "District before 1 July 2025.", example="TX An Nhơn"),
        Column("status", ColumnType.ENUM, "Planning or operating status.", True, allowed=STATUSES),
        Column(
            "status_as_of",
            ColumnType.DATE,
            "Date of the status (YYYY, YYYY-MM or YYYY-MM-DD).",
            example="2024-03",
        ),
        Column(
            "area_ha",
            ColumnType.NUMBER,
            "Planned total area, hectares.",
            minimum=0,
            exclusive_minimum=True,
            example="272",
        ),
        Column(
            "leasable_ha",
            ColumnType.NUMBER,
            "Leasable industrial land, hectares.",
            minimum=0,
            exclusive_minimum=True,
        ),
        Column("leased_ha", ColumnType.NUMBER, "Leased industrial land, hectares.", minimum=0),
        Column(
            "fill_pct",
            ColumnType.NUMBER,
            "Fill (occupancy) rate, percent of leasable land.",
            minimum=0,
            maximum=100,
            example="46.77",
        ),
        Column("fill_as_of", ColumnType.DATE, "Date of the fill rate.", example="2025"),
        Column(
            "lat",
            ColumnType.NUMBER,
            "Latitude, WGS84 decimal degrees.",
            minimum=VIETNAM_BOUNDS["lat_min"],
            maximum=VIETNAM_BOUNDS["lat_max"],
            example="13.8463",
        ),
        Column(
            "lon",
            ColumnType.NUMBER,
            "Longitude, WGS84 decimal degrees.",
            minimum=VIETNAM_BOUNDS["lon_min"],
            maximum=VIETNAM_BOUNDS["lon_max"],
            example="109.0774",
        ),
        Column(
            "location_precision",
            ColumnType.ENUM,
            "How well lat/lon locate the zone: surveyed, site, commune (centroid of the "
            "commune, 1–5 km off), district (5–20 km off) or unknown (no position).",
            True,
            allowed=LOCATION_PRECISIONS,
        ),
        Column("developer", ColumnType.TEXT, "Infrastructure developer (investor)."),
        Column(
            "aliases",
            ColumnType.TEXT_LIST,
            "Other spellings, OCR variants and short names, separated by ';'.",
            example="Phố Phong;Phô Phong",
        ),
        Column(
            "source_ids",
            ColumnType.SLUG_LIST,
            "Sources supporting this row (source_id values, separated by ';').",
            True,
        ),
        Column("area_source_id", ColumnType.SLUG, "Source of area_ha."),
        Column("fill_source_id", ColumnType.SLUG, "Source of fill_pct and leased/leasable land."),
        Column("status_source_id", ColumnType.SLUG, "Source of status."),
        Column("location_source_id", ColumnType.SLUG, "Source of lat/lon."),
        Column("notes", ColumnType.TEXT, "Caveats and conflicting values from other sources."),
    ),
)

TARGETS = Table(
    name="targets",
    filename="targets.csv",
    key="target_id",
    description="Every quantitative zone target and reported achievement in the sources.",
    columns=(
        Column("target_id", ColumnType.SLUG, "Stable identifier.", True),
        Column("province", ColumnType.TEXT, "Province before 1 July 2025.", True),
        Column(
            "scope",
            ColumnType.TEXT,
            "What the target covers: KKT, KCN, CCN, KCN+CCN, KKT+KCN or one zone_id.",
            True,
        ),
        Column("metric", ColumnType.KEYWORD, "What is measured, e.g. fill_rate.", True),
        Column(
            "comparator",
            ColumnType.ENUM,
            "How achievement is compared with the target; empty for a reported figure "
            "without a target.",
            allowed=COMPARATORS,
        ),
        Column(
            "target_value",
            ColumnType.NUMBER,
            "The target; empty for a reported figure without a target.",
        ),
        Column("unit", ColumnType.ENUM, "Unit of target and achievement.", True, allowed=UNITS),
        Column(
            "target_year", ColumnType.YEAR, "Year the target is due.", minimum=2000, maximum=2100
        ),
        Column("achieved_value", ColumnType.NUMBER, "Reported achievement, when reported."),
        Column("achieved_as_of", ColumnType.DATE, "Date of the reported achievement."),
        Column("source_id", ColumnType.SLUG, "Document that sets the target.", True),
        Column("note", ColumnType.TEXT, "How the value was read or derived."),
    ),
)

SOURCES = Table(
    name="sources",
    filename="sources.csv",
    key="source_id",
    description="The documents and pages every figure cites.",
    columns=(
        Column("source_id", ColumnType.SLUG, "Stable identifier.", True),
        Column("title", ColumnType.TEXT, "Title.", True),
        Column("document_number", ColumnType.TEXT, "Official number, e.g. 08-CTr/TU."),
        Column("issuer", ColumnType.TEXT, "Issuing body or publisher."),
        Column("province", ColumnType.TEXT, "Province concerned, if any."),
        Column("date", ColumnType.DATE, "Date of issue or publication."),
        Column("url", ColumnType.URL, "Where to read it."),
        Column("note", ColumnType.TEXT, "Notes."),
    ),
)

PROVINCES = Table(
    name="provinces",
    filename="provinces.csv",
    key="province_code",
    description=(
        "The 63 provinces before 1 July 2025 and the province each became part of "
        "(Resolution 202/2025/QH15)."
    ),
    columns=(
        Column("province_code", ColumnType.CODE, "Official code before 2025.", True),
        Column("province", ColumnType.TEXT, "Name before 1 July 2025.", True),
        Column(
            "province_2025_code", ColumnType.CODE, "Official code of the merged province.", True
        ),
        Column("province_2025", ColumnType.TEXT, "Name of the province since 1 July 2025.", True),
        Column("province_ascii", ColumnType.TEXT, "Name without diacritics."),
        Column("province_2025_ascii", ColumnType.TEXT, "Merged name without diacritics."),
    ),
)

TABLES: tuple[Table, ...] = (ZONES, TARGETS, SOURCES, PROVINCES)

OUTLINES_FILENAME = "geo/outlines.geojson"
DEFAULT_FOOTPRINT_HA = 50.0
"""Footprint area for a zone whose area is unknown, so that it can still be drawn."""

COLUMN_LABELS: dict[str, tuple[str, str]] = {
    # (vi, en) — what a person sees instead of a column id, in every table of the app.
    # zones
    "zone_id": ("Mã khu", "Zone id"),
    "name": ("Tên", "Name"),
    "kind": ("Loại", "Kind"),
    "parent_id": ("Thuộc khu kinh tế (mã)", "Inside economic zone (id)"),
    "phase_of": ("Là giai đoạn của (mã)", "Phase of (id)"),
    "province": ("Tỉnh/thành (trước 1/7/2025)", "Province (before 1 July 2025)"),
    "district": ("Huyện/thị", "District"),
    "status": ("Tình trạng", "Status"),
    "status_as_of": ("Thời điểm tình trạng", "Status as of"),
    "area_ha": ("Diện tích quy hoạch (ha)", "Planned area (ha)"),
    "leasable_ha": ("Đất cho thuê (ha)", "Leasable land (ha)"),
    "leased_ha": ("Đã cho thuê (ha)", "Leased land (ha)"),
    "fill_pct": ("Tỷ lệ lấp đầy (%)", "Fill rate (%)"),
    "fill_as_of": ("Thời điểm lấp đầy", "Fill rate as of"),
    "lat": ("Vĩ độ", "Latitude"),
    "lon": ("Kinh độ", "Longitude"),
    "location_precision": ("Độ chính xác vị trí", "Position precision"),
    "developer": ("Chủ đầu tư hạ tầng", "Developer"),
    "aliases": ("Tên khác", "Other names"),
    "source_ids": ("Nguồn (mã)", "Sources (ids)"),
    "area_source_id": ("Nguồn diện tích (mã)", "Area source (id)"),
    "fill_source_id": ("Nguồn lấp đầy (mã)", "Fill rate source (id)"),
    "status_source_id": ("Nguồn tình trạng (mã)", "Status source (id)"),
    "location_source_id": ("Nguồn vị trí (mã)", "Position source (id)"),
    "notes": ("Ghi chú dữ liệu", "Data notes"),
    # targets
    "target_id": ("Mã mục tiêu", "Target id"),
    "scope": ("Phạm vi", "Scope"),
    "metric": ("Chỉ tiêu", "Metric"),
    "comparator": ("So sánh", "Comparator"),
    "target_value": ("Mục tiêu", "Target"),
    "unit": ("Đơn vị", "Unit"),
    "target_year": ("Năm mục tiêu", "Target year"),
    "achieved_value": ("Đã đạt", "Achieved"),
    "achieved_as_of": ("Thời điểm đạt", "Achieved as of"),
    "source_id": ("Mã nguồn", "Source id"),
    "note": ("Ghi chú", "Note"),
    # sources
    "title": ("Tiêu đề", "Title"),
    "document_number": ("Số hiệu", "Document number"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "date": ("Ngày", "Date"),
    "url": ("Liên kết", "Link"),
    # provinces (province_2025 is also joined onto every zone)
    "province_code": ("Mã tỉnh", "Province code"),
    "province_2025_code": ("Mã tỉnh từ 1/7/2025", "Province code since 1 July 2025"),
    "province_2025": ("Tỉnh/thành từ 1/7/2025", "Province since 1 July 2025"),
    "province_ascii": ("Tên tỉnh không dấu", "Province without diacritics"),
    "province_2025_ascii": ("Tên tỉnh mới không dấu", "Merged province without diacritics"),
}


COLUMN_HELP_VI: dict[str, str] = {
    # Vietnamese of each editable column's description (the English is Column.description),
    # shown to provincial staff as the edit grid's help.
    "zone_id": "Mã định danh cố định; không dùng lại.",
    "name": "Tên chính thức tiếng Việt, có dấu.",
    "kind": "KKT, KCN hoặc CCN.",
    "parent_id": "zone_id của khu kinh tế (KKT) chứa khu này; để trống nếu không có.",
    "phase_of": "zone_id của cả khu/cụm mà dòng này là một giai đoạn; diện tích đã nằm trong "
                "khu đó nên không cộng lại khi tính tổng. Để trống nếu không phải.",
    "province": "Tỉnh trước 1/7/2025, như trong provinces.csv.",
    "district": "Huyện trước 1/7/2025.",
    "status": "Tình trạng quy hoạch hoặc hoạt động.",
    "status_as_of": "Thời điểm của tình trạng (YYYY, YYYY-MM hoặc YYYY-MM-DD).",
    "area_ha": "Tổng diện tích quy hoạch, ha.",
    "leasable_ha": "Diện tích đất công nghiệp cho thuê được, ha.",
    "leased_ha": "Diện tích đất công nghiệp đã cho thuê, ha.",
    "fill_pct": "Tỷ lệ lấp đầy, % diện tích đất cho thuê được.",
    "fill_as_of": "Thời điểm của tỷ lệ lấp đầy.",
    "lat": "Vĩ độ, WGS84, độ thập phân.",
    "lon": "Kinh độ, WGS84, độ thập phân.",
    "location_precision": "Độ chính xác của lat/lon: surveyed (đo đạc), site (vị trí khu), "
                          "commune (tâm xã, lệch 1–5 km), district (tâm huyện, lệch 5–20 km) "
                          "hoặc unknown (chưa có vị trí).",
    "developer": "Chủ đầu tư hạ tầng.",
    "aliases": "Cách viết khác, lỗi OCR và tên ngắn, cách nhau bởi ';'.",
    "source_ids": "Các nguồn cho dòng này (source_id, cách nhau bởi ';').",
    "area_source_id": "Nguồn của area_ha.",
    "fill_source_id": "Nguồn của fill_pct và diện tích cho thuê/đã cho thuê.",
    "status_source_id": "Nguồn của status.",
    "location_source_id": "Nguồn của lat/lon.",
    "notes": "Lưu ý và số liệu mâu thuẫn từ các nguồn khác.",
    "target_id": "Mã định danh cố định.",
    "scope": "Phạm vi mục tiêu: KKT, KCN, CCN, KCN+CCN, KKT+KCN hoặc một zone_id.",
    "metric": "Chỉ tiêu đo, ví dụ fill_rate.",
    "comparator": "Cách so kết quả với mục tiêu; để trống nếu chỉ là số liệu báo cáo.",
    "target_value": "Giá trị mục tiêu; để trống nếu chỉ là số liệu báo cáo.",
    "unit": "Đơn vị của mục tiêu và kết quả.",
    "target_year": "Năm phải đạt mục tiêu.",
    "achieved_value": "Kết quả được báo cáo, nếu có.",
    "achieved_as_of": "Thời điểm của kết quả được báo cáo.",
    "source_id": "Văn bản đặt ra mục tiêu.",
    "note": "Cách đọc hoặc tính ra giá trị.",
}


def column_help(column: Column, lang: str) -> str:
    """A column's description for the edit grid, in `lang` (English where none is written)."""
    if lang == "en":
        return column.description
    return COLUMN_HELP_VI.get(column.name, column.description)


def column_label(name: str, lang: str) -> str:
    """The label people see for a column, in `lang` (Vietnamese unless 'en')."""
    vi, en = COLUMN_LABELS[name]
    return en if lang == "en" else vi
