"""Interface text in Vietnamese and English. Zone names stay Vietnamese in both."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from zones.formatting import format_number

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"

_TEXT: dict[str, tuple[str, str]] = {
    # (vi, en)
    "app_title": ("Bản đồ đất công nghiệp Việt Nam", "Vietnam industrial land map"),
    "kind.KKT": ("Khu kinh tế", "Economic zone"),
    "kind.KCN": ("Khu công nghiệp", "Industrial park"),
    "kind.CCN": ("Cụm công nghiệp", "Industrial cluster"),
    "status.operating": ("Đang hoạt động", "Operating"),
    "status.under_construction": ("Đang xây dựng", "Under construction"),
    "status.planned": ("Đã quy hoạch", "Planned"),
    "status.proposed": ("Đề xuất", "Proposed"),
    "status.stalled": ("Đình trệ", "Stalled"),
    "status.converting": ("Đang chuyển đổi", "Converting"),
    "precision.surveyed": ("Ranh giới/điểm đo đạc", "Surveyed position"),
    "precision.site": ("Vị trí khu (gần đúng)", "Site position (approximate)"),
    "precision.commune": ("Tâm xã/phường (lệch 1–5 km)", "Commune centre (1–5 km off)"),
    "precision.district": ("Tâm huyện (lệch 5–20 km)", "District centre (5–20 km off)"),
    "precision.unknown": ("Chưa rõ vị trí", "Position unknown"),
    "target.met": ("Đạt", "Met"),
    "target.not_met": ("Không đạt", "Not met"),
    "target.in_progress": ("Chưa đến hạn, chưa đạt", "Not yet met (before due year)"),
    "target.no_data": ("Chưa có số liệu", "No data"),
    "target.reported": ("Số liệu báo cáo (không có mục tiêu)", "Reported figure (no target)"),
    "phase_of": ("Là giai đoạn của", "Phase of"),
    "phases": ("Các giai đoạn", "Phases"),
    "page.map": ("Bản đồ", "Map"),
    "page.deck": ("Bản đồ 3D", "3-D view"),
    "page.provinces": ("Tỉnh và mục tiêu", "Provinces & targets"),
    "page.zone": ("Chi tiết khu", "Zone"),
    "page.compare": ("So sánh", "Compare"),
    "page.data": ("Dữ liệu & tải về", "Data & downloads"),
    "page.edit": ("Chỉnh sửa", "Edit"),
    "filters": ("Bộ lọc", "Filters"),
    "all": ("Tất cả", "All"),
    "province": ("Tỉnh/thành", "Province"),
    "province_mode": ("Tên tỉnh theo", "Province names"),
    "province_mode.province": ("Trước 1/7/2025", "Before 1 July 2025"),
    "province_mode.province_2025": ("Từ 1/7/2025", "Since 1 July 2025"),
    "kind": ("Loại", "Kind"),
    "status": ("Tình trạng", "Status"),
    "fill": ("Tỷ lệ lấp đầy (%)", "Fill rate (%)"),
    "area": ("Diện tích (ha)", "Area (ha)"),
    "include_unknown": ("Gồm cả khu chưa có số liệu", "Include zones without data"),
    "search": ("Tìm theo tên (không cần dấu)", "Search by name (diacritics optional)"),
    "reset": ("Xóa bộ lọc", "Reset filters"),
    "language": ("Ngôn ngữ", "Language"),
    "no_results": ("Không có khu nào khớp bộ lọc.", "No zone matches the filters."),
    "n_zones": ("{n} khu", "{n} zone|{n} zones"),
    "not_mapped": (
        "{n} khu chưa có vị trí nên không hiện trên bản đồ: {names}",
        "{n} zones have no known position and are not drawn: {names}",
    ),
    "legend": ("Chú giải", "Legend"),
    "approximate": ("Nét đứt: vị trí/diện tích gần đúng", "Dashed: approximate footprint"),
    "outline": ("Nét liền: ranh giới", "Solid: outline"),
    "basemap": ("Nền bản đồ", "Basemap"),
    "basemap.none": ("Bản đồ nền kèm theo (không cần mạng)", "Bundled map (works offline)"),
    "basemap.osm": ("OpenStreetMap (tải ảnh nền từ Internet)",
                    "OpenStreetMap (tiles from the Internet)"),
    "basemap.light": ("Nền sáng CARTO (tải từ Internet)", "CARTO light (tiles from the Internet)"),
    "basemap.satellite": ("Ảnh vệ tinh Esri (tải từ Internet)",
                          "Esri satellite (tiles from the Internet)"),
    # --- basemap: offline base layer, seaports/airports, access distances ---
    "basemap.hoang_sa": ("Quần đảo Hoàng Sa (Đà Nẵng)", "Hoàng Sa archipelago (Đà Nẵng)"),
    "basemap.truong_sa": ("Quần đảo Trường Sa (Khánh Hòa)", "Trường Sa archipelago (Khánh Hòa)"),
    "basemap.position_from": ("Vị trí theo: {source}", "Position from: {source}"),
    "layer.seaport": ("Cảng biển", "Seaports"),
    "layer.airport": ("Sân bay", "Airports"),
    "access": ("Khoảng cách đường chim bay", "Straight-line distances"),
    "access.seaport": ("Cảng biển gần nhất", "Nearest seaport"),
    "access.airport": ("Sân bay gần nhất", "Nearest airport"),
    "access.capital": ("Trung tâm tỉnh gần nhất", "Nearest provincial capital"),
    "access.value": ("{name}: {km} (đường chim bay)", "{name}: {km} straight-line"),
    "access.approximate": (
        "≈: vị trí của khu chỉ là tâm xã/huyện nên khoảng cách là gần đúng.",
        "≈: the zone's position is a commune/district centre, so distances are approximate.",
    ),
    "access.filter": ("Cách cảng biển/sân bay tối đa", "Within … of a seaport/airport"),
    "access.filter_kind": ("Tính từ", "Measured to"),
    "access.filter_any": ("Không lọc", "No limit"),
    "access.filter_km": ("Khoảng cách tối đa (km, đường chim bay)",
                         "Maximum distance (straight-line km)"),
    "access.seaport_km": ("Cách cảng biển (km, đường chim bay)",
                          "To seaport (straight-line km)"),
    "access.airport_km": ("Cách sân bay (km, đường chim bay)", "To airport (straight-line km)"),
    "access.capital_km": ("Cách trung tâm tỉnh (km, đường chim bay)",
                          "To provincial capital (straight-line km)"),
    "click_zone": (
        "Bấm vào một khu trên bản đồ để xem chi tiết.",
        "Click a zone on the map to see its details.",
    ),
    "open_zone": ("Mở trang chi tiết", "Open zone page"),
    "name": ("Tên", "Name"),
    "zone_id": ("Mã khu", "Zone id"),
    "parent": ("Thuộc khu kinh tế", "Inside economic zone"),
    "children": ("Các khu công nghiệp bên trong", "Parks inside"),
    "district": ("Huyện/thị", "District"),
    "province_2025": ("Tỉnh từ 1/7/2025", "Province since 1 July 2025"),
    "area_ha": ("Diện tích quy hoạch (ha)", "Planned area (ha)"),
    "leasable_ha": ("Đất cho thuê (ha)", "Leasable land (ha)"),
    "leased_ha": ("Đã cho thuê (ha)", "Leased land (ha)"),
    "fill_pct": ("Tỷ lệ lấp đầy (%)", "Fill rate (%)"),
    "as_of": ("thời điểm", "as of"),
    "location": ("Vị trí", "Location"),
    "developer": ("Chủ đầu tư hạ tầng", "Developer"),
    "aliases": ("Tên khác", "Other names"),
    "notes": ("Ghi chú", "Notes"),
    "source": ("Nguồn", "Source"),
    "sources": ("Nguồn tài liệu", "Sources"),
    "figure": ("Chỉ tiêu", "Figure"),
    "value": ("Giá trị", "Value"),
    "unknown": ("chưa rõ", "unknown"),
    "choose_zone": ("Chọn khu", "Choose a zone"),
    "choose_zones": ("Chọn 2–4 khu để so sánh", "Choose 2–4 zones to compare"),
    "compare_hint": ("Chọn ít nhất hai khu.", "Choose at least two zones."),
    "targets": ("Mục tiêu", "Targets"),
    "target": ("Mục tiêu", "Target"),
    "achieved": ("Đã đạt", "Achieved"),
    "year": ("Năm", "Year"),
    "scope": ("Phạm vi", "Scope"),
    "metric": ("Chỉ tiêu", "Metric"),
    "zones": ("Số khu", "Zones"),
    "fill_vs_target": ("Lấp đầy so với mục tiêu", "Fill rate against target"),
    "zone_data_fill": ("Lấp đầy theo dữ liệu khu", "Fill from zone data"),
    "download": ("Tải về", "Download"),
    "extrude_by": ("Chiều cao theo", "Height by"),
    "deck_hint": (
        "Kéo để xoay, cuộn để phóng to; bấm một khu để mở.",
        "Drag to rotate, scroll to zoom; click a zone to open it.",
    ),
    "no_zone_selected": ("Chưa chọn khu nào.", "No zone selected."),
    "warnings": ("Cảnh báo dữ liệu", "Data warnings"),
    "staff": ("Cán bộ cập nhật dữ liệu", "Staff sign-in"),
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "signed_in_as": ("Đã đăng nhập: {user}", "Signed in as {user}"),
    "user_name": ("Tên đăng nhập", "User name"),
    "password": ("Mật khẩu", "Password"),
    "no_accounts": ("Chưa có tài khoản nào. Tạo bằng: python -m zones add-user TÊN",
                    "No accounts yet. Create one with: python -m zones add-user NAME"),
    "edit_table": ("Sửa bảng khu", "Edit zones"),
    "edit_targets": ("Sửa mục tiêu", "Edit targets"),
    "import_file": ("Nhập tệp", "Import a file"),
    "history": ("Lịch sử", "History"),
    "outline_tab": ("Ranh giới khu", "Outline"),
    "check": ("Kiểm tra", "Check"),
    "save": ("Lưu", "Save"),
    "comment": ("Ghi chú thay đổi (không bắt buộc)", "Comment (optional)"),
    "problems": ("{n} lỗi cần sửa trước khi lưu",
                 "{n} problem to fix before saving|{n} problems to fix before saving"),
    "no_changes": ("Không có thay đổi.", "No changes."),
    "saved": ("Đã lưu phiên bản {version}.", "Saved version {version}."),
    "diff_added": ("Thêm", "Added"),
    "diff_removed": ("Xóa", "Removed"),
    "diff_changed": ("Ô thay đổi", "Changed cells"),
    "old": ("Cũ", "Old"),
    "new": ("Mới", "New"),
    "conflict": ("Một đồng nghiệp đã lưu bảng sau khi bạn mở. Thay đổi của họ:",
                 "A colleague saved the table after you opened it. Their change:"),
    "reapply": ("Áp dụng lại thay đổi của tôi lên bản mới", "Re-apply my edits on top"),
    "reapplied": ("Đã áp dụng lại. Kiểm tra rồi lưu.", "Re-applied. Check, then save."),
    "both_changed": ("Ô cả hai cùng sửa (giữ bản của đồng nghiệp):",
                     "Cells you both changed (theirs kept):"),
    "discard": ("Bỏ thay đổi, tải lại bảng", "Discard my edits and reload"),
    "upload": ("Tệp CSV hoặc Excel", "CSV or Excel file"),
    "apply_import": ("Áp dụng thay đổi", "Apply these changes"),
    "restore": ("Khôi phục phiên bản này", "Restore this version"),
    "version": ("Phiên bản", "Version"),
    "outline_file": ("Tệp ranh giới (GeoJSON, KML, GeoPackage, Shapefile .zip)",
                     "Outline file (GeoJSON, KML, GeoPackage, zipped Shapefile)"),
    "corner_table": ("Hoặc dán bảng tọa độ góc (X, Y VN-2000)",
                     "Or paste the corner table (VN-2000 X, Y)"),
    "crs": ("Hệ tọa độ", "Coordinate system"),
    "crs_auto": ("Tự nhận (theo tệp hoặc tỉnh)", "Detect (from the file or province)"),
    "preview": ("Xem trước", "Preview"),
    "save_outline": ("Lưu ranh giới", "Save outline"),
    "in_kkt": ("Trong KKT", "Inside a KKT"),
    "area_unknown": ("Chưa rõ diện tích", "Area unknown"),
    "fill_zones": ("Số khu có tỷ lệ lấp đầy", "Zones with a fill rate"),
    "comparator": ("So sánh", "Comparator"),
    "unit": ("Đơn vị", "Unit"),
    "achieved_as_of": ("Thời điểm đạt", "Achieved as of"),
    "summary_scope_note": ("Tổng hợp theo các khu đang lọc; diện tích không cộng trùng khu "
                           "nằm trong KKT hay giai đoạn của một khu.",
                           "Summarised over the filtered zones; areas of parks inside an "
                           "economic zone and of phases are not added twice."),
    "data_invalid": ("Dữ liệu có lỗi nên chưa thể hiển thị. "
                     "Sửa các lỗi dưới đây rồi tải lại trang.",
                     "The data has errors and cannot be shown. Fix the problems below, then "
                     "reload the page."),
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Text for `key` in `lang`; unknown keys come back as the key, so gaps are visible.

    Plurals: a text written "one|other" (e.g. "{n} zone|{n} zones") picks its form by the
    value `n`; Vietnamese texts have one form.
    """
    text = _pick(key, lang, values.get("n"))
    if text is None:
        return key
    return text.format(**values) if values else text


def _pick(key: str, lang: str, n: object) -> str | None:
    pair = _TEXT.get(key)
    if pair is None:
        return None
    text = pair[0] if lang == "vi" else pair[1]
    if "|" in text and n is not None:
        one, other = text.split("|", 1)
        text = one if _is_one(n) else other
    return text


def _is_one(n: object) -> bool:
    try:
        return float(n) == 1  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(n) == "1"


def has(key: str) -> bool:
    return key in _TEXT


def metric_label(metric: str, lang: str) -> str:
    labels = {
        "fill_rate": ("Tỷ lệ lấp đầy", "Fill rate"),
        "new_zones_planned": ("Số khu quy hoạch/thành lập mới", "New zones planned"),
        "zones_completed": ("Số khu hoàn thành hạ tầng", "Zones completed"),
        "industrial_land_area": ("Diện tích đất công nghiệp", "Industrial land area"),
        "investment_attracted": ("Vốn đầu tư thu hút", "Investment attracted"),
        "investment_disbursed_share": ("Tỷ lệ vốn thực hiện", "Share of investment disbursed"),
        "wastewater_treatment_share": (
            "Tỷ lệ có xử lý nước thải tập trung",
            "Share with central wastewater treatment",
        ),
        "environmental_infrastructure_share": (
            "Tỷ lệ có hạ tầng bảo vệ môi trường",
            "Share with environmental infrastructure",
        ),
        "export_share": ("Tỷ trọng xuất khẩu", "Export share"),
        "agro_processing_land_share": ("Tỷ lệ đất cho chế biến nông sản",
                                       "Share of land for agro-processing"),
        "infrastructure_investment_vs_plan": ("Vốn đầu tư hạ tầng so với kế hoạch",
                                              "Infrastructure investment against plan"),
        "zones_planned": ("Số khu trong quy hoạch", "Zones in the plan"),
    }
    pair = labels.get(metric)
    if pair is None:
        return metric.replace("_", " ")
    return pair[0] if lang == "vi" else pair[1]


@dataclass(frozen=True)
class Message:
    """Something the library tells a person: a catalogue key and its parameters.

    The library never builds sentences; it returns (or raises with) a Message, and whoever
    shows it renders it in the reader's language with `message.text(lang)`. Numbers among
    the parameters are written the way that language writes them.
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return render(self.key, lang, **self.params)


def render(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """`t` with int/float parameters written the way `lang` writes numbers (45.332,5)."""
    text = _pick(key, lang, params.get("n"))
    if text is None:
        return key
    return text.format(**{name: _param(value, lang) for name, value in params.items()})


def _param(value: object, lang: str) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return format_number(value, lang, decimals=2)
