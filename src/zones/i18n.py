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
    # --- targets (issue 9): status, figures, coverage, provinces page, units ---
    "target.met": ("Đạt", "Met"),
    "target.not_met": ("Không đạt", "Not met"),
    "target.deadline_passed": ("Quá hạn, số liệu gần nhất chưa đạt",
                               "Deadline passed, last figure below target"),
    "target.on_track": ("Chưa đến hạn, hiện chưa đạt", "Not due yet, below target so far"),
    "target.not_yet_due": ("Chưa đến hạn, chưa có số liệu", "Not due yet, nothing reported"),
    "target.no_data": ("Quá hạn, không có số liệu", "Deadline passed, nothing reported"),
    "target.reported": ("Số liệu báo cáo (không có mục tiêu)", "Reported figure (no target)"),
    "target_short.met": ("Đạt", "Met"),
    "target_short.not_met": ("Không đạt", "Not met"),
    "target_short.deadline_passed": ("Quá hạn, chưa đạt", "Overdue, below"),
    "target_short.on_track": ("Chưa hạn, chưa đạt", "Not due, below"),
    "target_short.not_yet_due": ("Chưa đến hạn", "Not due yet"),
    "target_short.no_data": ("Quá hạn, không số liệu", "Overdue, no figure"),
    "target_short.reported": ("Số liệu báo cáo", "Reported figure"),
    "targets.coverage": ("từ {n}/{total} {kinds} có tỷ lệ lấp đầy và diện tích, "
                         "{area_used} trên {area_total} ha",
                         "from {n} of {total} {kinds} with a fill rate and an area, "
                         "{area_used} of {area_total} ha"),
    "targets.coverage_short": ("{n}/{total} {kinds}, {area_used}/{area_total} ha",
                               "{n} of {total} {kinds}, {area_used} of {area_total} ha"),
    "targets.coverage_none": ("chưa khu nào trong {total} {kinds} có tỷ lệ lấp đầy và diện "
                              "tích",
                              "none of the {total} {kinds} has a fill rate and an area"),
    "targets.coverage_empty": ("bảng khu không có {kinds} nào của tỉnh này",
                               "the zone table has no {kinds} of this province"),
    "targets.no_target": ("Không có mục tiêu", "No target"),
    "targets.nothing_reported": ("chưa có số liệu báo cáo", "nothing reported"),
    "targets.not_computable": ("Không tính được từ dữ liệu khu",
                               "Not computable from zone rows"),
    "targets.versus": ("so với mục tiêu", "against"),
    "targets.series.target": ("Mục tiêu", "Target"),
    "targets.series.reported": ("Tỉnh báo cáo", "Reported by the province"),
    "targets.series.computed": ("Tính từ dữ liệu khu", "Computed from zone rows"),
    "targets.as_of": ("Tính đến ngày", "As of"),
    "targets.matrix": ("Tổng quan: tỉnh × mục tiêu", "Overview: provinces × targets"),
    "targets.matrix_hint": ("Bấm vào một ô để xem chi tiết mục tiêu. Ô trống: tỉnh không đặt "
                            "mục tiêu này.",
                            "Click a cell for the target's details. Empty: the province set "
                            "no such target."),
    "targets.legend": ("Màu theo tình trạng", "Colours by status"),
    "targets.selected": ("Mục tiêu đã chọn", "Selected target"),
    "targets.status_basis": ("Tình trạng chỉ dựa vào số liệu tỉnh báo cáo; số liệu tính từ "
                             "dữ liệu khu chỉ để tham khảo, kèm độ phủ.",
                             "The status rests on the province's reported figure only; the "
                             "figure computed from zone rows is shown for reference, with its "
                             "coverage."),
    "targets.contributions": ("Các khu dùng để tính", "Zone rows used"),
    "targets.none": ("Tỉnh này không có mục tiêu hay số liệu nào trong dữ liệu.",
                     "This province has no targets or reported figures in the data."),
    "targets.detail_for": ("Mục tiêu của {province}", "Targets of {province}"),
    "targets.chart_title": ("Các mục tiêu tính bằng %: mục tiêu và số liệu",
                            "Targets in %: target and figures"),
    "targets.axis.value": ("Giá trị (%)", "Value (%)"),
    "targets.axis.label": ("Mục tiêu (tỉnh · phạm vi · chỉ tiêu · năm)",
                           "Target (province · scope · metric · year)"),
    "targets.axis.series": ("Số liệu", "Figure"),
    "targets.col.target_id": ("Mã", "Id"),
    "targets.col.label": ("Chỉ tiêu", "Target"),
    "targets.col.target": ("Mức mục tiêu", "Target level"),
    "targets.col.status": ("Tình trạng", "Status"),
    "targets.col.status_text": ("Tình trạng và số liệu", "Status and figure"),
    "targets.col.reported": ("Tỉnh báo cáo", "Reported by the province"),
    "targets.col.reported_as_of": ("Thời điểm báo cáo", "Reported as of"),
    "targets.col.reported_source": ("Nguồn", "Source"),
    "targets.col.computed": ("Tính từ dữ liệu khu (độ phủ)",
                             "Computed from zone rows (coverage)"),
    "targets.col.computed_as_of": ("Thời điểm số liệu khu", "Zone figures as of"),
    "targets.col.computed_sources": ("Nguồn số liệu khu", "Zone figure sources"),
    "targets.col.note": ("Ghi chú", "Notes"),
    "targets.col.zone": ("Khu", "Zone"),
    "targets.col.fill": ("Tỷ lệ lấp đầy", "Fill rate"),
    "targets.col.area": ("Diện tích", "Area"),
    "unit.%": ("%", "%"),
    "unit.ha": ("ha", "ha"),
    "unit.count": ("khu", "zones"),
    "unit.million_usd": ("triệu USD", "million USD"),
    "unit.billion_usd": ("tỷ USD", "billion USD"),
    "unit.billion_vnd": ("tỷ đồng", "billion VND"),
    # --- end targets ---
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
        "{n} zone has no known position and is not drawn: {names}|"
        "{n} zones have no known position and are not drawn: {names}",
    ),
    "legend": ("Chú giải", "Legend"),
    "approximate": ("Nét đứt: vị trí/diện tích gần đúng", "Dashed: approximate footprint"),
    "outline": ("Nét liền: ranh giới", "Solid: outline"),
    # --- map: colour by, labels, legend ---
    "color_by": ("Tô màu theo", "Colour by"),
    "color_by.status": ("Tình trạng", "Status"),
    "color_by.fill": ("Tỷ lệ lấp đầy", "Fill rate"),
    "color_by.area": ("Diện tích", "Area"),
    "legend.below": ("dưới {value}", "under {value}"),
    "legend.range": ("{low} – dưới {high}", "{low} to under {high}"),
    "legend.no_figure": ("chưa có số liệu", "no figure"),
    "legend.at_least": ("từ {value} trở lên", "{value} or more"),
    "legend.clusters": ("Số trong vòng tròn: số khu gần nhau",
                        "Number in a circle: zones close together"),
    "deck_height.area": ("Chiều cao cột: diện tích (khu lớn nhất cao nhất; chưa rõ: phẳng)",
                         "Column height: area (largest zone tallest; unknown: flat)"),
    "deck_height.fill": ("Chiều cao cột: tỷ lệ lấp đầy (100% cao nhất; chưa rõ: phẳng)",
                         "Column height: fill rate (100% tallest; unknown: flat)"),
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
    "choropleth.layer": ("Tỷ lệ lấp đầy theo tỉnh", "Fill rate by province"),
    "choropleth.tooltip": ("{province}: lấp đầy {fill} (bình quân theo diện tích, {n} khu)",
                           "{province}: {fill} filled (area-weighted, {n} zone)|{province}: "
                           "{fill} filled (area-weighted, {n} zones)"),
    "choropleth.legend": ("Tỷ lệ lấp đầy theo tỉnh (bình quân theo diện tích)",
                          "Fill rate by province (area-weighted)"),
    "choropleth.open": ("Đang mở trang Tỉnh và mục tiêu…", "Opening the Provinces & targets page…"),
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
    "access.filter_any": ("Không lọc", "No limit"),
    "access.filter_km": ("Khoảng cách tối đa (km, đường chim bay)",
                         "Maximum distance (straight-line km)"),
    "data_loading": (
        "Đang tải dữ liệu…",
        "Loading the data…",
    ),
    "controls_loading": (
        "Đang tải bộ lọc…",
        "Loading the filters…",
    ),
    "click_zone": (
        "Bấm vào một khu trên bản đồ để xem chi tiết.",
        "Click a zone on the map to see its details.",
    ),
    "open_zone": ("Mở trang chi tiết", "Open zone page"),
    "zone_id": ("Mã khu", "Zone id"),
    "parent": ("Thuộc khu kinh tế", "Inside economic zone"),
    "children": ("Các khu công nghiệp bên trong", "Parks inside"),
    "area_ha": ("Diện tích quy hoạch (ha)", "Planned area (ha)"),
    "leasable_ha": ("Đất cho thuê (ha)", "Leasable land (ha)"),
    "fill_pct": ("Tỷ lệ lấp đầy (%)", "Fill rate (%)"),
    "as_of": ("Thời điểm", "As of"),
    "location": ("Vị trí", "Location"),
    # --- i18n: zone page, data notes ---
    "data_notes_hint": (
        "Ghi chú của người biên soạn dữ liệu về các nguồn khác nhau và số liệu được chọn; "
        "không phải thông tin chính thức về khu.",
        "Written by the people who keep this data, about differing sources and which figure "
        "was kept; not official facts about the zone.",
    ),
    "source": ("Nguồn", "Source"),
    "sources": ("Nguồn tài liệu", "Sources"),
    "figure": ("Chỉ tiêu", "Figure"),
    "value": ("Giá trị", "Value"),
    "unknown": ("chưa rõ", "unknown"),
    "choose_zone": ("Chọn khu", "Choose a zone"),
    "choose_zones": ("Chọn 2–4 khu để so sánh", "Choose 2–4 zones to compare"),
    "choose_zones.placeholder": ("Gõ tên khu…", "Type a zone name…"),
    "compare_hint": ("Chọn ít nhất hai khu.", "Choose at least two zones."),
    "zones": ("Số khu", "Zones"),
    "download": ("Tải về", "Download"),
    "extrude_by": ("Chiều cao theo", "Height by"),
    "deck_hint": (
        "Kéo để di chuyển; cuộn chuột hoặc chụm hai ngón để phóng to; giữ Ctrl (hoặc Shift) "
        "và kéo để xoay, nghiêng; bấm một khu để mở.",
        "Drag to move; scroll or pinch to zoom; hold Ctrl (or Shift) and drag to rotate and "
        "tilt; click a zone to open it.",
    ),
    "zone_list.hint": ("Chọn một khu trong {n} khu đang lọc (bấm vào dòng) hoặc gõ tên ở ô trên.",
                       "Open the {n} filtered zone by clicking its row, or type a name above."
                       "|Pick one of the {n} filtered zones (click its row), or type a name"
                       " above."),
    "no_zone_selected": ("Chưa chọn khu nào.", "No zone selected."),
    # --- staff accounts (zones.auth): user names, passwords, the user store, signing in ---
    "auth.name_characters": ("a-z, 0-9, '.', '_' và '-'", "a-z, 0-9, '.', '_' and '-'"),
    "auth.name_empty": (
        "tên đăng nhập đang trống. Cách sửa: chọn 1-{max} ký tự trong {characters}, ví dụ "
        "'nguyen-van-a'.",
        "user name is empty. Fix: choose 1-{max} characters from {characters}, e.g. "
        "'nguyen-van-a'."),
    "auth.name_too_long": ("tên đăng nhập {start}... dài {length} ký tự. Cách sửa: dùng tối đa "
                           "{max}.",
                           "user name {start}... is {length} characters long. Fix: use at most "
                           "{max}."),
    "auth.name_characters_only": ("tên đăng nhập {name} chỉ được dùng {characters}. Cách sửa: "
                                  "{fix}.",
                                  "user name {name} may use only {characters}. Fix: {fix}."),
    "auth.try_name": ("thử {name}", "try {name}"),
    "auth.name_example": ("ví dụ 'nguyen-van-a'", "e.g. 'nguyen-van-a'"),
    "auth.password_short": (
        "mật khẩu có {length} ký tự; cần ít nhất {min}. Cách sửa: chọn mật khẩu dài hơn, ví "
        "dụ vài từ không liên quan đến nhau.",
        "password has {length} characters; it needs at least {min}. Fix: choose a longer one, "
        "e.g. a few unrelated words."),
    "auth.in_source": ("{source}: {message}", "{source}: {message}"),
    "auth.no_hash": (
        "{source}: người dùng {name} không có mã băm argon2 hợp lệ. Cách sửa: chạy "
        "`python -m zones add-user {user}` để đặt mật khẩu mới.",
        "{source}: user {name} has no valid argon2 hash. Fix: run "
        "`python -m zones add-user {user}` to set a new password."),
    "auth.env_entry": (
        "{env} mục {number} ({name}) không có dạng tên=mã_băm. Cách sửa: ngăn các mục bằng "
        "';', ví dụ {example}.",
        "{env} entry {number} ({name}) is not name=hash. Fix: separate entries with ';', e.g. "
        "{example}."),
    "auth.env_repeat": ("{env} mục {number} lặp lại người dùng {name}. Cách sửa: chỉ giữ một "
                        "mục.",
                        "{env} entry {number} repeats user {name}. Fix: keep only one entry."),
    "auth.section_not_table": (
        "{source}: {section} phải là một bảng dạng tên = \"mã_băm\". Cách sửa: viết [{section}] "
        "rồi mỗi người dùng một dòng.",
        "{source}: {section} must be a table of name = \"hash\". Fix: write it as [{section}] "
        "followed by one line per user."),
    "auth.not_utf8": ("{path} không phải văn bản UTF-8 ({reason}). Cách sửa: lưu tệp dạng "
                      "UTF-8.",
                      "{path} is not UTF-8 text ({reason}). Fix: save it as UTF-8."),
    "auth.not_toml": ("{path} không phải TOML hợp lệ: {reason}. Cách sửa: sửa dòng đó.",
                      "{path} is not valid TOML: {reason}. Fix: correct that line."),
    "auth.is_folder": ("{path} là một thư mục, không phải tệp secrets. Cách sửa: ghi tên chính "
                       "tệp, ví dụ --secrets .streamlit/secrets.toml.",
                       "{path} is a folder, not a secrets file. Fix: name the file itself, "
                       "e.g. --secrets .streamlit/secrets.toml."),
    "auth.unreadable": ("Không đọc được {path} ({reason}). Cách sửa: kiểm tra đường dẫn và "
                        "quyền đọc của tài khoản này.",
                        "{path} cannot be read ({reason}). Fix: check the path and that this "
                        "account may read it."),
    "auth.not_utf8_unchanged": (
        "{path} không phải văn bản UTF-8 ({reason}); tệp được giữ nguyên. Cách sửa: lưu tệp "
        "dạng UTF-8.",
        "{path} is not UTF-8 text ({reason}); it was left unchanged. Fix: save it as UTF-8."),
    "auth.not_toml_unchanged": (
        "{path} không phải TOML hợp lệ ({reason}); tệp được giữ nguyên. Cách sửa: sửa tay rồi "
        "chạy lại lệnh.",
        "{path} is not valid TOML ({reason}); it was left unchanged. Fix: correct it by hand, "
        "then run the command again."),
    "auth.users_not_table": (
        "{path}: {section} không phải một bảng; tệp được giữ nguyên. Cách sửa: thay dòng đó "
        "bằng mục [{section}].",
        "{path}: {section} is not a table; the file was left unchanged. Fix: replace that line "
        "with a [{section}] section."),
    "auth.signed_in": ("Đã đăng nhập: {user}.", "Signed in as {user}."),
    "auth.wrong_credentials": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."),
    "auth.too_many_failures": ("Đăng nhập sai quá nhiều lần. Thử lại sau {seconds} giây.",
                               "Too many failed sign-ins. Try again in {seconds} s."),
    "auth.staff_only": ("Hãy đăng nhập với tư cách cán bộ để chỉnh sửa.",
                        "Sign in as staff to edit."),
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
    "save": ("Lưu", "Save"),
    "comment": ("Ghi chú thay đổi (không bắt buộc)", "Comment (optional)"),
    "warnings_folded": ("{n} cảnh báo (không chặn việc lưu)",
                        "{n} warning (does not stop saving)|{n} warnings (do not stop saving)"),
    "problems": ("{n} lỗi cần sửa trước khi lưu",
                 "{n} problem to fix before saving|{n} problems to fix before saving"),
    # --- command line (zones.cli) ---
    "cli.error": ("lỗi: {text}", "error: {text}"),
    "cli.note": ("· {text}", "· {text}"),
    "cli.n_errors": ("{n} lỗi", "{n} error|{n} errors"),
    "cli.n_warnings": ("{n} cảnh báo", "{n} warning|{n} warnings"),
    "cli.valid": ("hợp lệ: {errors}, {warnings}", "valid: {errors}, {warnings}"),
    "cli.invalid": ("không hợp lệ: {errors}, {warnings}", "invalid: {errors}, {warnings}"),
    "cli.fix_then_validate": ("Sửa các lỗi trên rồi chạy lại `python -m zones validate`.",
                              "Fix the problems above, then run `python -m zones validate` again."),
    "cli.no_data_dir": (
        "không có thư mục dữ liệu {path}. Cách sửa: dùng --data THƯ_MỤC hoặc đặt {env} là thư "
        "mục chứa zones.csv.",
        "data folder {path} does not exist. Fix: pass --data DIR or set {env} to the folder "
        "that holds zones.csv.",
    ),
    "cli.file_not_found": ("{path}: không tìm thấy tệp. Cách sửa: ghi đường dẫn của một tệp CSV "
                           "hoặc XLSX.",
                           "{path}: file not found. Fix: give the path of a CSV or XLSX file."),
    "cli.outline_file_not_found": ("{path}: không tìm thấy tệp. Cách sửa: ghi đường dẫn của tệp "
                                   "ranh giới hoặc bảng tọa độ góc.",
                                   "{path}: file not found. Fix: give the outline file or corner "
                                   "table."),
    "cli.cannot_write": ("không ghi được {path}: {reason}. Cách sửa: chọn nơi ghi được.",
                         "cannot write {path}: {reason}. Fix: choose a writable path."),
    "cli.wrote_zones": ("đã ghi {n} khu vào {path}",
                        "wrote {n} zone to {path}|wrote {n} zones to {path}"),
    "cli.wrote": ("đã ghi {path}", "wrote {path}"),
    "cli.yes_no": ("[c/K]", "[y/N]"),
    "cli.confirm_apply": ("Áp dụng các thay đổi này?", "Apply these changes?"),
    "cli.confirm_restore": ("Khôi phục phiên bản này?", "Restore this version?"),
    "cli.confirm_delete_outline": ("Xóa ranh giới này?", "Delete this outline?"),
    "cli.confirm_save_outline": ("Lưu ranh giới này?", "Save this outline?"),
    "cli.nothing_changed": ("Chưa có gì thay đổi.", "Nothing was changed."),
    "cli.file_unchanged": ("Không có thay đổi: tệp giống hệt {file} hiện tại.",
                           "No changes: the file matches the current {file}."),
    "cli.rerun_to_apply": ("Chưa có gì thay đổi. Chạy lại với --yes để áp dụng.",
                           "Nothing was changed. Run again with --yes to apply."),
    "cli.rerun_to_restore": ("Chưa có gì thay đổi. Chạy lại với --yes để khôi phục.",
                             "Nothing was changed. Run again with --yes to restore."),
    "cli.rerun_to_delete": ("Chưa có gì thay đổi. Chạy lại với --yes để xóa.",
                            "Nothing was changed. Run again with --yes to delete it."),
    "cli.rerun_to_save": ("Chưa có gì thay đổi. Chạy lại với --yes để lưu.",
                          "Nothing was changed. Run again with --yes to save."),
    "cli.saved_version": ("đã lưu phiên bản {version} (trước đó: {previous})",
                          "saved version {version} (previous {previous})"),
    "cli.outline_read": ("{format}, {crs}, {area} ha", "{format}, {crs}, {area} ha"),
    "cli.outline_saved": ("đã lưu ranh giới của {zone_id}, phiên bản {version}",
                          "saved outline of {zone_id} as version {version}"),
    "cli.outline_deleted": ("đã xóa ranh giới của {zone_id} (phiên bản {version})",
                            "deleted the outline of {zone_id} (version {version})"),
    "cli.force_hint": ('Chạy lại với --force --comment "lý do" để vẫn lưu.',
                       'Run again with --force --comment "why" to save it anyway.'),
    "cli.force_needs_comment": ('--force cần --comment "lý do": lý do được ghi vào nhật ký '
                                'thay đổi',
                                '--force needs --comment "why": the reason is kept in the '
                                'change log'),
    "cli.bad_as_of": ("--as-of '{value}' không phải là ngày. Cách sửa: viết dạng YYYY-MM-DD, ví "
                      "dụ {today}.",
                      "--as-of '{value}' is not a date. Fix: write it as YYYY-MM-DD, "
                      "e.g. {today}."),
    "cli.not_a_zone_id": ("'{zone_id}' không phải là mã khu. Cách sửa: tìm bằng "
                          "`python -m zones find TÊN`.",
                          "'{zone_id}' is not a zone_id. Fix: find it with "
                          "`python -m zones find NAME`."),
    "cli.no_terminal": ("không có cửa sổ lệnh để hỏi mật khẩu. Cách sửa: truyền mật khẩu qua "
                        "--password-stdin.",
                        "no terminal to ask for the password. Fix: pipe it in with "
                        "--password-stdin."),
    "cli.new_password": ("Mật khẩu mới: ", "New password: "),
    "cli.repeat_password": ("Nhập lại: ", "Repeat it: "),
    "cli.passwords_differ": ("hai mật khẩu khác nhau. Cách sửa: chạy lại lệnh.",
                             "the two passwords differ. Fix: run the command again."),
    "cli.user_added": ("đã thêm {name} vào {path}", "added {name} in {path}"),
    "cli.user_password_changed": ("đã đổi mật khẩu của {name} trong {path}",
                                  "changed the password of {name} in {path}"),
    "filter.unknown_province": ("'{name}' không phải là tỉnh (tên cũ hoặc từ 1/7/2025).",
                                "'{name}' is not a province (old or since 1 July 2025)."),
    "filter.unknown_province_near": (
        "'{name}' không phải là tỉnh (tên cũ hoặc từ 1/7/2025). Có phải là '{suggestion}'?",
        "'{name}' is not a province (old or since 1 July 2025). Did you mean '{suggestion}'?",
    ),
    # --- command line: help texts and argparse's own words (usage, errors) ---
    "cli.description": ("Các khu công nghiệp Việt Nam: kiểm tra, tổng hợp, xuất dữ liệu.",
                        "Vietnam industrial zones: check, summarise, export."),
    "cli.usage": ("cách dùng: ", "usage: "),
    "cli.positional_arguments": ("đối số vị trí", "positional arguments"),
    "cli.options": ("tùy chọn", "options"),
    "cli.argparse.error": ("{prog}: lỗi: {message}", "{prog}: error: {message}"),
    "cli.argparse.required": ("thiếu các đối số bắt buộc: {names}",
                              "the following arguments are required: {names}"),
    "cli.argparse.unrecognized": ("đối số không nhận ra: {names}",
                                  "unrecognized arguments: {names}"),
    "cli.argparse.argument": ("đối số {name}: {inner}", "argument {name}: {inner}"),
    "cli.argparse.invalid_choice": ("lựa chọn không hợp lệ: {value} (chọn một trong {choices})",
                                    "invalid choice: {value} (choose from {choices})"),
    "cli.argparse.expected_one": ("cần một giá trị", "expected one argument"),
    "cli.argparse.expected_at_most_one": ("cần nhiều nhất một giá trị",
                                          "expected at most one argument"),
    "cli.argparse.expected_at_least_one": ("cần ít nhất một giá trị",
                                           "expected at least one argument"),
    "cli.argparse.expected_n": ("cần {n} giá trị",
                                "expected {n} argument|expected {n} arguments"),
    "cli.argparse.ambiguous": ("tùy chọn mơ hồ: {option} có thể là {matches}",
                               "ambiguous option: {option} could match {matches}"),
    "cli.argparse.one_required": ("cần một trong các đối số {names}",
                                  "one of the arguments {names} is required"),
    "cli.argparse.not_allowed": ("không dùng được cùng đối số {name}",
                                 "not allowed with argument {name}"),
    "cli.argparse.invalid_value": ("giá trị {type} không hợp lệ: {value}",
                                   "invalid {type} value: {value}"),
    "cli.argparse.ignored_explicit": ("bỏ qua giá trị đi kèm {value}",
                                      "ignored explicit argument {value}"),
    "cli.help.help": ("hiện trợ giúp này rồi thoát", "show this help message and exit"),
    "cli.help.lang": ("ngôn ngữ của thông báo (mặc định: ${env}, sau đó theo locale, sau đó en)",
                      "language of messages (default: ${env}, else the locale, else en)"),
    "cli.help.data": ("thư mục dữ liệu (mặc định: ${env} hoặc thư mục data/ đi kèm)",
                      "data folder (default: ${env} or the bundled data/)"),
    "cli.help.province": ("tên tỉnh cũ hoặc sau 2025 (dùng được nhiều lần)",
                          "old or post-2025 province name (repeatable)"),
    "cli.help.user": ("ai đang lưu (mặc định: $ZONES_USER hoặc tên đăng nhập máy)",
                      "who is saving (default: $ZONES_USER or your login name)"),
    "cli.help.comment": ("ghi chú cho nhật ký thay đổi", "note for the change log"),
    "cli.help.validate": ("kiểm tra dữ liệu, hoặc kiểm tra FILE như một zones.csv mới",
                          "check the data, or FILE as a new zones.csv"),
    "cli.help.validate_file": ("bảng khu cần kiểm tra (CSV hoặc XLSX)",
                               "candidate zones table (CSV or XLSX)"),
    "cli.help.validate_table": ("FILE được kiểm tra như bảng nào (mặc định: zones)",
                                "which table FILE is checked as (default: zones)"),
    "cli.help.summary": ("số khu, diện tích và tỷ lệ lấp đầy theo tỉnh",
                         "zones, area and fill by province"),
    "cli.help.targets": ("mọi mục tiêu với tình trạng tại một ngày và số liệu làm căn cứ",
                         "every target with its status on a date and the figures behind it"),
    "cli.help.as_of": ("đánh giá tại ngày này, YYYY-MM-DD (mặc định: hôm nay)",
                       "assess on this date, YYYY-MM-DD (default: today)"),
    "cli.help.export": ("xuất các khu dạng GeoJSON, CSV hoặc GeoPackage",
                        "export zones as GeoJSON, CSV or GeoPackage"),
    "cli.help.output": ("tệp kết quả", "output file"),
    "cli.help.find": ("tìm khu theo tên, không cần dấu", "find zones by name, ignoring diacritics"),
    "cli.help.import": ("kiểm tra một tệp CSV/XLSX, hiện thay đổi, áp dụng",
                        "validate a CSV/XLSX, show the diff, apply it"),
    "cli.help.import_yes": ("áp dụng không cần hỏi", "apply without asking"),
    "cli.help.import_table": ("FILE thay cho bảng nào (mặc định: zones)",
                              "which table FILE replaces (default: zones)"),
    "cli.help.history": ("liệt kê các phiên bản đã lưu, mới nhất trước",
                         "list saved versions, newest first"),
    "cli.help.restore": ("dùng lại một phiên bản cũ của cả thư mục dữ liệu (xem trước, xác nhận, "
                         "ghi nhật ký)",
                         "make an earlier version of the whole data folder current (preview, "
                         "confirm, logged)"),
    "cli.help.restore_yes": ("khôi phục không cần hỏi", "restore without asking"),
    "cli.help.outline": ("kiểm tra và lưu ranh giới một khu (GeoJSON, KML, GPKG, SHP nén zip, "
                         "hoặc bảng điểm góc VN-2000 trong tệp .txt)",
                         "check and save a zone outline (GeoJSON, KML, GPKG, zipped SHP, or a "
                         "VN-2000 corner table in a .txt file)"),
    "cli.help.crs": ("mã EPSG hoặc múi VN-2000, ví dụ EPSG:9217, 108-15, UTM 48",
                     "EPSG code or VN-2000 zone, e.g. EPSG:9217, 108-15, UTM 48"),
    "cli.help.outline_yes": ("lưu không cần hỏi", "save without asking"),
    "cli.help.force": ("lưu ranh giới ở xa điểm hoặc khác diện tích của khu (cần --comment "
                       "ghi lý do)",
                       "save an outline far from the zone's point or area (needs --comment with "
                       "the reason)"),
    "cli.help.delete_outline": ("xóa ranh giới của một khu (xem trước, xác nhận, ghi nhật ký)",
                                "delete a zone's outline (preview, confirm, logged)"),
    "cli.help.delete_yes": ("xóa không cần hỏi", "delete without asking"),
    "cli.help.add_user": ("tạo tài khoản cán bộ (hoặc đặt lại mật khẩu)",
                          "create a staff account (or reset a password)"),
    "cli.help.user_name": ("tên đăng nhập: a-z, 0-9, '.', '_' hoặc '-'",
                           "user name: a-z, 0-9, '.', '_' or '-'"),
    "cli.help.secrets": ("tệp secrets (mặc định: .streamlit/secrets.toml)",
                         "secrets file (default: .streamlit/secrets.toml)"),
    "cli.help.password_stdin": ("đọc mật khẩu từ đầu vào chuẩn thay vì hỏi",
                                "read the password from standard input instead of asking"),
    "cli.help.docs": ("viết docs/data-dictionary.md từ lược đồ dữ liệu",
                      "write docs/data-dictionary.md from the schema"),
    "cli.help.docs_output": ("ghi vào đâu (mặc định: docs/data-dictionary.md)",
                             "where to write (default: docs/data-dictionary.md)"),
    # --- end command line ---
    # --- validation problems (zones.validate: problem.<code> and its .fix) ---
    "problem.row": ("dòng {row}", "row {row}"),
    "problem.feature": ("đối tượng {row}", "feature {row}"),
    "problem.line": ("{location}: {message}. Cách sửa: {fix}", "{location}: {message}. Fix: {fix}"),
    "problem.line_no_fix": ("{location}: {message}", "{location}: {message}"),
    "problem.warning": ("cảnh báo: {text}", "warning: {text}"),
    "problem.range.ge_le": ("≥ {minimum}, ≤ {maximum}", "≥ {minimum}, ≤ {maximum}"),
    "problem.range.gt_le": ("> {minimum}, ≤ {maximum}", "> {minimum}, ≤ {maximum}"),
    "problem.range.ge": ("≥ {minimum}", "≥ {minimum}"),
    "problem.range.gt": ("> {minimum}", "> {minimum}"),
    "problem.range.le": ("≤ {maximum}", "≤ {maximum}"),
    "problem.unreadable": ("{reason}", "{reason}"),
    "problem.unreadable.fix": ("{advice}", "{advice}"),
    "problem.empty_required": ("đang trống", "is empty"),
    "problem.empty_required.fix": ("điền {label}", "fill in {label}"),
    "problem.bad_slug": ("'{value}' không phải là mã hợp lệ", "'{value}' is not a valid id"),
    "problem.bad_slug.fix": (
        "dùng chữ thường a-z, chữ số và dấu gạch ngang đơn, ví dụ kcn-nhon-hoa",
        "use lowercase letters a-z, digits and single hyphens, e.g. kcn-nhon-hoa",
    ),
    "problem.bad_slug_in_list": ("'{item}' không phải là mã hợp lệ", "'{item}' is not a valid id"),
    "problem.bad_slug_in_list.fix": (
        "ngăn cách các mã bằng ';' và dùng chữ thường a-z, chữ số, dấu gạch ngang",
        "separate ids with ';' and use lowercase a-z, digits, hyphens",
    ),
    "problem.bad_keyword": ("'{value}' không phải là từ khóa hợp lệ",
                            "'{value}' is not a valid keyword"),
    "problem.bad_keyword.fix": (
        "dùng chữ thường a-z, chữ số và dấu gạch dưới, ví dụ fill_rate",
        "use lowercase letters a-z, digits and underscores, e.g. fill_rate",
    ),
    "problem.enum_spelling": ("'{value}' không phải là giá trị được phép",
                              "'{value}' is not an allowed value"),
    "problem.enum_spelling.fix": ("viết là '{allowed}'", "write it as '{allowed}'"),
    "problem.enum_unknown": ("'{value}' không phải là giá trị được phép",
                             "'{value}' is not an allowed value"),
    "problem.enum_unknown.fix": ("dùng một trong các giá trị {allowed}", "use one of {allowed}"),
    "problem.not_a_number": ("'{value}' không phải là số", "'{value}' is not a number"),
    "problem.not_a_number.fix": ("viết số như 46,77 hoặc 46.77",
                                 "write a number such as 46.77 or 46,77"),
    "problem.ambiguous_number": (
        "'{value}' không rõ nghĩa: tệp này dùng ',' làm dấu thập phân nên '.' phân cách hàng "
        "nghìn, nhưng sau '.' không phải nhóm ba chữ số",
        "'{value}' is ambiguous: this file uses ',' as the decimal mark, so '.' groups "
        "thousands, but the digits after '.' are not a group of three",
    ),
    "problem.ambiguous_number.fix": ("viết số như 46,77 hoặc 6.113,48",
                                     "write a number such as 46,77 or 6.113,48"),
    # --- the Edit page's grid (a number typed in one cell) ---
    "problem.ambiguous_comma": ("'{value}' không rõ nghĩa: ',' có thể là dấu thập phân hoặc "
                                "phân cách hàng nghìn",
                                "'{value}' is ambiguous: ',' may be the decimal mark or group "
                                "thousands"),
    "problem.ambiguous_comma.fix": ("viết 1234 nếu là số nguyên, hoặc dùng dấu chấm thập phân "
                                    "như các số khác trong bảng (1.234)",
                                    "write 1234 for the whole number, or a decimal point as "
                                    "the other numbers in the table have (1.234)"),
    "problem.below_minimum": ("{number} nhỏ hơn {minimum}", "{number} is below {minimum}"),
    "problem.below_minimum.fix": ("dùng giá trị {range}", "use a value {range}"),
    "problem.not_above_minimum": ("{number} không lớn hơn {minimum}",
                                  "{number} is not above {minimum}"),
    "problem.not_above_minimum.fix": ("dùng giá trị {range}", "use a value {range}"),
    "problem.above_maximum": ("{number} lớn hơn {maximum}", "{number} is above {maximum}"),
    "problem.above_maximum.fix": ("dùng giá trị {range}", "use a value {range}"),
    "problem.not_whole_year": ("{value} không phải là một năm", "{value} is not a whole year"),
    "problem.not_whole_year.fix": ("viết năm dạng 2025", "write a year like 2025"),
    "problem.bad_date": ("'{value}' không phải là ngày tháng", "'{value}' is not a date"),
    "problem.bad_date.fix": ("viết YYYY, YYYY-MM hoặc YYYY-MM-DD, ví dụ 2024-06-24",
                             "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-06-24"),
    "problem.bad_code": ("'{value}' không phải là mã 2 chữ số", "'{value}' is not a 2-digit code"),
    "problem.bad_code.fix": ("viết mã chính thức, có số 0 ở đầu, ví dụ 08",
                             "write the official code with a leading zero, e.g. 08"),
    "problem.bad_url": ("'{value}' không phải là địa chỉ web", "'{value}' is not a web address"),
    "problem.bad_url.fix": ("bắt đầu bằng https://", "start it with https://"),
    "problem.missing_required_column": ("thiếu cột bắt buộc", "required column is missing"),
    "problem.missing_required_column.fix": ("thêm cột tên '{name}' vào dòng tiêu đề",
                                            "add a column named '{name}' to the header row"),
    "problem.missing_column": ("thiếu cột; cột này sẽ để trống",
                               "column is missing; it will be empty"),
    "problem.missing_column.fix": ("thêm cột tên '{name}' để bảng đủ các cột",
                                   "add a column named '{name}' to keep the full contract"),
    "problem.duplicate_column": ("cột xuất hiện {n} lần", "column appears {n} times"),
    "problem.duplicate_column.fix": ("chỉ giữ một cột tên này", "keep one column of that name"),
    "problem.unknown_column": ("cột không thuộc bảng; sẽ bị bỏ qua",
                               "unknown column; it will be ignored"),
    "problem.unknown_column.fix": ("đổi tên thành một trong các cột {columns}",
                                   "rename it to one of {columns}"),
    "problem.extra_cells": ("có nhiều ô hơn dòng tiêu đề: '{value}'",
                            "has more cells than the header: '{value}'"),
    "problem.extra_cells.fix": (
        "xóa các ô thừa, hoặc đặt trong ngoặc kép chữ có chứa dấu phân cách '{delimiter}'",
        "remove the extra cells or quote text that contains the delimiter '{delimiter}'",
    ),
    "problem.duplicate_key": ("'{value}' đã dùng ở dòng {first}",
                              "'{value}' is already used in row {first}"),
    "problem.duplicate_key.fix": ("mỗi dòng cần một mã riêng", "give each row its own id"),
    "problem.leasable_above_area": ("{value} lớn hơn {other}: {area}",
                                    "{value} is larger than {other}: {area}"),
    "problem.leasable_above_area.fix": ("đất cho thuê không thể lớn hơn diện tích của khu",
                                        "leasable land cannot exceed the zone's area"),
    "problem.leased_above_leasable": ("{value} lớn hơn {other}: {leasable}",
                                      "{value} is larger than {other}: {leasable}"),
    "problem.leased_above_leasable.fix": ("đất đã cho thuê không thể lớn hơn {other}",
                                          "leased land cannot exceed {other}"),
    "problem.leased_above_area": ("{value} lớn hơn {other}: {area}",
                                  "{value} is larger than {other}: {area}"),
    "problem.leased_above_area.fix": ("đất đã cho thuê không thể lớn hơn {other}",
                                      "leased land cannot exceed {other}"),
    "problem.fill_disagrees": ("{value} không khớp với leased_ha / leasable_ha = {computed}",
                               "{value} disagrees with leased_ha / leasable_ha = {computed}"),
    "problem.fill_disagrees.fix": ("kiểm tra lại ba số liệu, hoặc ghi chú vì sao chúng khác nhau",
                                   "check the three figures, or note why they differ"),
    "problem.fill_date_missing": ("đang trống trong khi có {figure}",
                                  "is empty while {figure} is given"),
    "problem.fill_date_missing.fix": ("ghi thời điểm của tỷ lệ lấp đầy (chỉ cần năm YYYY)",
                                      "give the date of the fill rate (YYYY is enough)"),
    "problem.coordinate_missing": ("đang trống trong khi tọa độ còn lại có giá trị",
                                   "is empty while the other coordinate is given"),
    "problem.coordinate_missing.fix": ("ghi cả lat và lon, hoặc để trống cả hai",
                                       "give both lat and lon, or neither"),
    "problem.precision_without_point": ("là '{value}' nhưng lat/lon đang trống",
                                        "is '{value}' but lat/lon are empty"),
    "problem.precision_without_point.fix": ("đặt là 'unknown', hoặc điền lat và lon",
                                            "set it to 'unknown', or fill in lat and lon"),
    "problem.point_with_unknown_precision": ("là 'unknown' nhưng lat/lon có giá trị",
                                             "is 'unknown' but lat/lon are given"),
    "problem.point_with_unknown_precision.fix": (
        "ghi cách lấy điểm: surveyed, site, commune hoặc district",
        "say how the point was obtained: surveyed, site, commune or district",
    ),
    "problem.own_parent": ("một khu không thể thuộc chính nó", "a zone cannot be its own parent"),
    "problem.own_parent.fix": (
        "để trống parent_id hoặc ghi khu kinh tế (KKT) bao quanh khu này",
        "leave parent_id empty or name the economic zone (KKT) around it",
    ),
    "problem.parent_not_found": ("'{value}' không phải là zone_id có trong bảng",
                                 "'{value}' is not a zone_id in the table"),
    "problem.parent_not_found.fix": (
        "dùng zone_id của một khu kinh tế (KKT) có trong zones.csv",
        "use the zone_id of an economic zone (KKT) listed in zones.csv",
    ),
    "problem.parent_not_kkt": ("'{value}' là {kind}, không phải khu kinh tế (KKT)",
                               "'{value}' is a {kind}, not an economic zone (KKT)"),
    "problem.parent_not_kkt.fix": ("chỉ khu kinh tế (KKT) mới chứa các khu khác",
                                   "only an economic zone (KKT) can contain other zones"),
    "problem.kkt_with_parent": ("khu kinh tế (KKT) không thể thuộc khu khác",
                                "an economic zone (KKT) cannot have a parent"),
    "problem.kkt_with_parent.fix": ("để trống parent_id", "leave parent_id empty"),
    "problem.own_phase": ("một khu không thể là giai đoạn của chính nó",
                          "a zone cannot be a phase of itself"),
    "problem.own_phase.fix": (
        "ghi zone_id của cả khu hoặc cụm công nghiệp, hoặc để trống phase_of",
        "name the zone_id of the whole park or cluster, or leave phase_of empty",
    ),
    "problem.whole_not_found": ("'{value}' không phải là zone_id có trong bảng",
                                "'{value}' is not a zone_id in the table"),
    "problem.whole_not_found.fix": (
        "ghi zone_id của cả khu hoặc cụm công nghiệp, hoặc để trống phase_of",
        "name the zone_id of the whole park or cluster, or leave phase_of empty",
    ),
    "problem.phase_kind_differs": ("'{value}' là {kind}, nhưng dòng này là {row_kind}",
                                   "'{value}' is a {kind}, but this row is a {row_kind}"),
    "problem.phase_kind_differs.fix": ("một giai đoạn cùng loại với cả khu",
                                       "a phase has the kind of the whole zone"),
    "problem.phase_of_phase": ("'{value}' cũng là một giai đoạn", "'{value}' is itself a phase"),
    "problem.phase_of_phase.fix": ("ghi cả khu, không ghi một giai đoạn khác",
                                   "name the whole zone, not another phase"),
    "problem.target_and_achieved_empty": ("đang trống, achieved_value cũng trống",
                                          "is empty and so is achieved_value"),
    "problem.target_and_achieved_empty.fix": ("ghi mục tiêu, số liệu đã đạt, hoặc cả hai",
                                              "give the target, the reported value, or both"),
    "problem.target_detail_missing": ("đang trống trong khi có target_value",
                                      "is empty while target_value is given"),
    "problem.target_detail_missing.fix": ("điền {label} cho mục tiêu",
                                          "fill in {label} for the target"),
    "problem.source_not_listed": ("'{value}' không có trong source_ids",
                                  "'{value}' is not in source_ids"),
    "problem.source_not_listed.fix": ("thêm {value} vào source_ids", "add {value} to source_ids"),
    "problem.figure_without_source": ("đang trống trong khi có {figure}",
                                      "is empty while {figure} is given"),
    "problem.figure_without_source.fix": ("ghi nguồn của số liệu", "name the source of the figure"),
    "problem.unknown_source": ("'{value}' không phải là source_id trong sources.csv",
                               "'{value}' is not a source_id in sources.csv"),
    "problem.unknown_source.fix": ("thêm nguồn vào sources.csv hoặc sửa lại mã",
                                   "add the source to sources.csv or correct the id"),
    "problem.province_spelling": ("'{value}' không phải là tỉnh trong provinces.csv",
                                  "'{value}' is not a province in provinces.csv"),
    "problem.province_spelling.fix": ("viết '{name}'", "write '{name}'"),
    "problem.unknown_province": ("'{value}' không phải là tỉnh trong provinces.csv",
                                 "'{value}' is not a province in provinces.csv"),
    "problem.unknown_province.fix": (
        "dùng tên tỉnh trong provinces.csv (tên trước 1/7/2025)",
        "use a province name from provinces.csv (the name before 1 July 2025)",
    ),
    "problem.unknown_scope": ("'{value}' không phải nhóm khu, cũng không phải zone_id",
                              "'{value}' is neither a zone group nor a zone_id"),
    "problem.unknown_scope.fix": ("dùng {scopes} hoặc một zone_id trong zones.csv",
                                  "use {scopes} or a zone_id from zones.csv"),
    "problem.outline_invalid": ("không phải là đa giác hợp lệ ({reason})",
                                "is not a valid polygon ({reason})"),
    "problem.outline_invalid.fix": ("vẽ lại ranh giới sao cho các cạnh không cắt nhau",
                                    "redraw the outline so its edges do not cross"),
    "problem.outline_outside_vietnam": ("nằm ngoài Việt Nam", "lies outside Vietnam"),
    "problem.outline_outside_vietnam.fix": (
        "kiểm tra hệ tọa độ: tọa độ phải là kinh độ, vĩ độ WGS84",
        "check the coordinate system: coordinates must be WGS84 longitude, latitude",
    ),
    "problem.outline_area_differs": (
        "diện tích ranh giới {area} ha khác với area_ha {area_ha} ha của khu '{zone_id}'",
        "outline area {area} ha differs from area_ha {area_ha} ha of zone '{zone_id}'",
    ),
    "problem.outline_area_differs.fix": ("kiểm tra ranh giới hoặc diện tích của khu",
                                         "check the outline or the zone's area"),
    "problem.outline_far_from_point": ("ranh giới cách điểm của khu '{zone_id}' {km} km",
                                       "outline lies {km} km from the point of zone '{zone_id}'"),
    "problem.outline_far_from_point.fix": ("kiểm tra ranh giới hoặc lat/lon của khu",
                                           "check the outline or the zone's lat/lon"),
    "problem.outline_unknown_zone": ("'{value}' không phải là zone_id trong zones.csv",
                                     "'{value}' is not a zone_id in zones.csv"),
    "problem.outline_unknown_zone.fix": ("sửa zone_id hoặc thêm khu vào zones.csv",
                                         "correct the zone_id or add the zone to zones.csv"),
    "problem.outlines_not_json": ("không phải là GeoJSON hợp lệ ({reason})",
                                  "is not valid GeoJSON ({reason})"),
    "problem.outlines_not_json.fix": (
        "lưu ranh giới dạng GeoJSON FeatureCollection, mã hóa UTF-8",
        "save the outlines as a GeoJSON FeatureCollection in UTF-8",
    ),
    "problem.outlines_not_collection": ("không phải là GeoJSON FeatureCollection",
                                        "is not a GeoJSON FeatureCollection"),
    "problem.outlines_not_collection.fix": ("lưu ranh giới dạng FeatureCollection",
                                            "save the outlines as a FeatureCollection"),
    "problem.outline_duplicate": ("'{value}' đã có ranh giới (đối tượng {first})",
                                  "'{value}' already has an outline (feature {first})"),
    "problem.outline_duplicate.fix": (
        "mỗi khu chỉ giữ một ranh giới; gộp các phần thành một MultiPolygon",
        "keep one outline per zone; merge parts into a MultiPolygon",
    ),
    "problem.outline_without_zone_id": ("đối tượng không có thuộc tính zone_id",
                                        "feature has no zone_id property"),
    "problem.outline_without_zone_id.fix": ("thêm properties.zone_id ghi mã khu",
                                            "add properties.zone_id naming the zone"),
    "problem.outline_unreadable": ("không đọc được ({reason})", "cannot be read ({reason})"),
    "problem.outline_unreadable.fix": ("dùng hình Polygon hoặc MultiPolygon",
                                       "give a Polygon or MultiPolygon geometry"),
    "problem.outline_not_polygon": ("là {kind}", "is a {kind}"),
    "problem.outline_not_polygon.fix": ("dùng ranh giới Polygon hoặc MultiPolygon",
                                        "give a Polygon or MultiPolygon outline"),
    # --- end validation problems ---
    "no_changes": ("Không có thay đổi.", "No changes."),
    "diff_added": ("Thêm", "Added"),
    "diff_removed": ("Xóa", "Removed"),
    "diff_column": ("Cột", "Column"),
    "saved": ("Đã lưu phiên bản {version}.", "Saved version {version}."),
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
    # --- outline files that cannot be read (hostile input) ---
    "outline_input.not_finite": (
        "{file} có tọa độ không phải là số (NaN hoặc vô hạn). Xuất lại ranh giới từ phần mềm "
        "GIS rồi tải lên lại.",
        "{file} has coordinates that are not numbers (NaN or infinite). Export the outline again "
        "from the GIS software and upload it again."),
    "outline_input.bad_ring": (
        "{file} có một vòng ranh giới không khép kín hoặc chỉ có một, hai điểm. Vẽ lại ranh giới "
        "là một đa giác khép kín rồi tải lên lại.",
        "{file} has a boundary ring that does not close or has only one or two points. Draw the "
        "outline again as a closed polygon and upload it again."),
    # --- outline import (zones.outline_import): files, corner tables, coordinate systems ---
    "outline.accepted_formats": (
        "GeoJSON (.geojson, .json), KML (.kml, .kmz), GeoPackage (.gpkg) hoặc Shapefile nén "
        "(.zip chứa .shp, .shx, .dbf và .prj)",
        "GeoJSON (.geojson, .json), KML (.kml, .kmz), GeoPackage (.gpkg) "
        "or a zipped Shapefile (.zip holding .shp, .shx, .dbf and .prj)"),
    "outline.crs_examples": ("EPSG:9217, một kinh tuyến trục TM-3 như 108-15, hoặc UTM 48",
                             "EPSG:9217, a TM-3 central meridian such as 108-15, or UTM 48"),
    "outline.crs_lonlat": ("{datum} kinh độ/vĩ độ (EPSG:{epsg})",
                           "{datum} longitude/latitude (EPSG:{epsg})"),
    "outline.unknown_crs": (
        "{value} không phải hệ tọa độ mà ứng dụng biết. Chọn một hệ trong danh sách, hoặc "
        "nhập {examples}.",
        "{value} is not a coordinate system this app knows. Choose one from the list, or give "
        "{examples}."),
    "outline.unknown_crs_because": (
        "{value} không phải hệ tọa độ mà ứng dụng biết ({reason}). Chọn một hệ trong danh sách, "
        "hoặc nhập {examples}.",
        "{value} is not a coordinate system this app knows ({reason}). Choose one from the "
        "list, or give {examples}."),
    "outline.no_epsg": ("không có EPSG:{code}", "no EPSG:{code}"),
    "outline.utm_zone": ("múi UTM của VN-2000 phải là 48 hoặc 49, không phải {zone}",
                         "VN-2000 UTM zone must be 48 or 49, got {zone}"),
    "outline.no_tm3_zone": ("không có múi TM-3 VN-2000 nào cho kinh tuyến {meridian}; các múi "
                            "đã biết: {known}",
                            "no VN-2000 TM-3 zone for meridian {meridian}; known: {known}"),
    "outline.cannot_convert": (
        "Không chuyển được tọa độ từ {crs} sang WGS 84 ({reason}). Kiểm tra hệ tọa độ có đúng "
        "là hệ của các con số không; nếu không, chọn hệ khác.",
        "The coordinates cannot be converted from {crs} to WGS 84 ({reason}). Check that the "
        "coordinate system is the one the numbers are in, and choose another one if not."),
    "outline.shp_only": (
        "{file} chỉ là một phần của shapefile. Shapefile gồm nhiều tệp cùng tên (.shp, .shx, "
        ".dbf, .prj); hãy nén tất cả vào một tệp .zip rồi tải tệp zip lên.",
        "{file} is only one part of a shapefile. A shapefile is several files with the same "
        "name (.shp, .shx, .dbf, .prj); put them all in one .zip and upload the zip."),
    "outline.unknown_type": ("{file} không phải loại tệp ứng dụng đọc được. Hãy tải lên "
                             "{formats}.",
                             "{file} is not a file type this app can read. Upload {formats}."),
    "outline.empty": ("{file} rỗng. Tải tệp ranh giới lên lại.",
                      "{file} is empty. Upload the outline file again."),
    "outline.too_big": (
        "{file} nặng {size} MB; giới hạn là {limit} MB. Chỉ tải lên ranh giới của khu, không "
        "tải cả một lớp nhiều đối tượng.",
        "{file} is {size} MB; the limit is {limit} MB. Upload only the zone's outline, not a "
        "whole layer of many features."),
    "outline.unsafe_path": (
        "{file} chứa đường dẫn không an toàn {member} trỏ ra ngoài tệp nén. Nén lại từ chính "
        "thư mục của shapefile để mỗi tên chỉ là tên tệp, như 'outline.shp'.",
        "{file} holds an unsafe path {member} that points outside the archive. Re-create the "
        "zip from the shapefile's own folder so that every name is a plain file name such as "
        "'outline.shp'."),
    "outline.password": ("{file} có mật khẩu. Nén lại các tệp mà không đặt mật khẩu.",
                         "{file} is password-protected. Zip the files again without a password."),
    "outline.unpacks_too_big": (
        "{file} khi giải nén lớn hơn {limit} MB. Chỉ nén shapefile ranh giới của khu (.shp, "
        ".shx, .dbf, .prj), không nén cả một thư mục dữ liệu.",
        "{file} unpacks to more than {limit} MB. Zip only the zone's outline shapefile (.shp, "
        ".shx, .dbf, .prj), not a whole data folder."),
    "outline.missing_part": (
        "{file} có {shp} nhưng thiếu {missing}. Shapefile gồm nhiều tệp cùng tên; hãy nén "
        "{listing} cùng nhau rồi tải tệp zip lên.",
        "{file} holds {shp} but not {missing}. A shapefile is several files with the same name; "
        "zip {listing} together and upload the zip."),
    "outline.several_shapefiles": (
        "{file} chứa {n} shapefile ({names}). Chỉ nén shapefile ranh giới của khu này rồi tải "
        "lên lại.",
        "{file} holds {n} shapefiles ({names}). Zip only the shapefile of this zone's outline "
        "and upload it again."),
    "outline.bad_zip": (
        "{file} không phải tệp zip đọc được ({reason}). Nén lại các tệp của shapefile, hoặc tải "
        "lên {formats}.",
        "{file} is not a readable zip archive ({reason}). Zip the shapefile's files again, or "
        "upload {formats}."),
    "outline.no_shapefile": (
        "{file} không chứa shapefile (.shp) nào và không có đúng một tệp KML. Nén các tệp .shp, "
        ".shx, .dbf và .prj của ranh giới cùng nhau, hoặc tải ranh giới lên dạng GeoJSON, KML "
        "hay GeoPackage.",
        "{file} holds no shapefile (.shp) and no single KML. Zip the outline's .shp, .shx, .dbf "
        "and .prj files together, or upload the outline as GeoJSON, KML or GeoPackage."),
    "outline.unreadable": (
        "Không đọc được {file} dưới dạng {format}: {reason}. Xuất lại ranh giới, hoặc tải lên "
        "{formats}.",
        "{file} cannot be read as {format}: {reason}. Export the outline again, or upload "
        "{formats}."),
    "outline.features": ("{n} đối tượng {kind}", "{n} {kind} feature|{n} {kind} features"),
    "outline.features_no_geometry": ("{n} đối tượng không có hình",
                                     "{n} feature without geometry|{n} features without geometry"),
    "outline.no_polygon": ("{file} chứa {held} và không có đa giác nào. {fix}",
                           "{file} holds {held} and no polygon. {fix}"),
    "outline.no_features": ("{file} không chứa đối tượng nào. {fix}",
                            "{file} holds no features. {fix}"),
    "outline.no_polygon_fix": (
        "Ranh giới phải là một đa giác: vẽ ranh giới khu thành đa giác (trong Google Earth: "
        "Thêm > Đa giác) rồi xuất lại, hoặc dán tọa độ các điểm góc thành bảng điểm góc.",
        "An outline must be a polygon: draw the zone's boundary as a polygon (in Google Earth: "
        "Add > Polygon) and export it again, or paste the corner coordinates as a corner "
        "table."),
    "outline.no_prj": (
        "Shapefile không có tệp .prj nên không rõ hệ tọa độ. Chọn hệ tọa độ (ví dụ VN-2000 / "
        "TM-3 108-15) rồi thử lại.",
        "The shapefile has no .prj, so its coordinate system is unknown. Choose the coordinate "
        "system (e.g. VN-2000 / TM-3 108-15) and try again."),
    "outline.no_crs": (
        "{file} không ghi dùng hệ tọa độ nào. Chọn hệ tọa độ (ví dụ VN-2000 / TM-3 108-15) rồi "
        "thử lại.",
        "{file} does not say which coordinate system it uses. Choose the coordinate system "
        "(e.g. VN-2000 / TM-3 108-15) and try again."),
    "outline.mixed_crs": (
        "{file} có các lớp ở những hệ tọa độ khác nhau ({names}). Xuất ranh giới thành một lớp "
        "trong một hệ tọa độ rồi tải lên lại.",
        "{file} mixes layers in different coordinate systems ({names}). Export the outline as "
        "one layer in one coordinate system and upload it again."),
    "outline.not_degrees": (
        "Tọa độ trong {file} không phải độ kinh/vĩ (lên tới {reach}), dù tệp ghi {crs}: chúng "
        "giống mét của một hệ chiếu, ví dụ VN-2000. Chọn hệ tọa độ của các con số rồi thử "
        "lại.{hint}",
        "The coordinates in {file} are not longitude/latitude degrees (they reach {reach}), "
        "although the file says {crs}: they look like projected metres, e.g. VN-2000. Choose "
        "the coordinate system the numbers are in and try again.{hint}"),
    "outline.file_candidates": (" Các hệ đặt nó vào trong Việt Nam: {systems}.",
                                " Systems that put it inside Vietnam: {systems}."),
    "outline.no_province_meridian": (
        "Chưa biết kinh tuyến trục TM-3 thường dùng cho tỉnh {province}. ",
        "No commonly cited TM-3 meridian is known for province {province}. "),
    "outline.no_corner_crs": (
        "{unknown}Bảng điểm góc không ghi X/Y theo hệ tọa độ nào. Chọn hệ ghi trong quyết định "
        "quy hoạch (ví dụ 'VN-2000, KTT 108°15′, múi chiếu 3°' là VN-2000 / TM-3 108°15′) rồi "
        "thử lại. {hint}",
        "{unknown}The corner table does not say which coordinate system its X/Y are in. Choose "
        "the one printed in the planning decision (e.g. 'VN-2000, KTT 108°15′, múi chiếu 3°' "
        "is VN-2000 / TM-3 108°15′) and try again. {hint}"),
    "outline.corner_candidates": ("Các hệ đặt các điểm góc này vào trong Việt Nam: {systems}.",
                                  "Systems that put these corners inside Vietnam: {systems}."),
    "outline.swap_hint": (
        "Không múi VN-2000 nào đặt các điểm góc này vào trong Việt Nam, nhưng chúng khớp khi "
        "đổi chỗ X và Y: X phải là tọa độ bắc (khoảng 900.000–2.600.000 m) và Y là tọa độ đông "
        "(khoảng 200.000–800.000 m). Đổi chỗ hai cột rồi dán lại bảng.",
        "No VN-2000 zone puts these corners inside Vietnam, but they fit with X and Y swapped: "
        "X must be the northing (about 900,000-2,600,000 m) and Y the easting (about "
        "200,000-800,000 m). Swap the two columns and paste the table again."),
    "outline.check_numbers": (
        "Không múi VN-2000 nào đặt các điểm góc này vào trong Việt Nam: kiểm tra các con số có "
        "đúng là X (tọa độ bắc) và Y (tọa độ đông) VN-2000 tính bằng mét không.",
        "No VN-2000 zone puts these corners inside Vietnam: check that the numbers are VN-2000 "
        "X (northing) and Y (easting) in metres."),
    "outline.not_vn2000_projected": (
        "{value} ({name}) không phải hệ tọa độ phẳng VN-2000, mà bảng điểm góc chứa X/Y tính "
        "bằng mét. Chọn múi TM-3 VN-2000 (ví dụ 108-15) hoặc múi UTM (48 hay 49) ghi trong "
        "quyết định quy hoạch.",
        "{value} ({name}) is not a VN-2000 projected coordinate system, but a corner table "
        "holds X/Y in metres. Choose the VN-2000 TM-3 zone (e.g. 108-15) or UTM zone (48 or "
        "49) printed in the planning decision."),
    "outline.outside_vietnam": (
        "Với {crs}, các điểm góc nằm ngoài Việt Nam (điểm đầu tiên ở {lat}° B, {lon}° Đ). Chọn "
        "hệ tọa độ ghi trong quyết định quy hoạch. {hint}",
        "With {crs} the corners land outside Vietnam (the first at {lat}° N, {lon}° E). Choose "
        "the coordinate system printed in the planning decision. {hint}"),
    "outline.outside_candidates": ("Các hệ đặt chúng vào trong Việt Nam: {systems}.",
                                   "Systems that put them inside Vietnam: {systems}."),
    "outline.bad_corner_lines": (
        "{summary}\nSửa các dòng này (mỗi dòng một điểm góc: tên điểm, X, Y) rồi dán lại bảng.",
        "{summary}\nCorrect these lines (one corner per line: point name, X, Y) and paste the "
        "table again."),
    "outline.bad_corner_polygon": (
        "{reason}. Liệt kê các điểm góc theo thứ tự quanh ranh giới rồi dán lại bảng.",
        "{reason}. List the corners in order around the boundary and paste the table again."),
    "corner.bad_lines": ("bảng điểm góc có {n} dòng lỗi:",
                         "corner table has {n} bad line:|corner table has {n} bad lines:"),
    "corner.line": ("dòng {line}: {reason}", "line {line}: {reason}"),
    "corner.not_a_number": ("{token} không phải là số", "{token} is not a number"),
    "corner.two_numbers": ("cần hai số (X, Y), có {n}", "expected two numbers (X, Y), found {n}"),
    "corner.implausible": (
        "{name} = {value} không phải tọa độ VN-2000 hợp lý tính bằng mét (cần từ {low} đến "
        "{high})",
        "{name} = {value} is not a plausible VN-2000 coordinate in metres (expected {low} to "
        "{high})"),
    "corner.no_rows": ("không thấy dòng tọa độ nào; hãy dán các dòng như {example}",
                       "no coordinate rows found; paste lines like {example}"),
    "corner.not_finite": ("tọa độ điểm góc phải là số hữu hạn",
                          "corner coordinates must be finite numbers"),
    "corner.too_few": ("cần ít nhất 3 điểm góc khác nhau, chỉ có {n}",
                       "need at least 3 distinct corner points, got {n}"),
    "corner.collinear": ("các điểm góc thẳng hàng: đa giác có diện tích bằng 0",
                         "corner points are collinear: the polygon has zero area"),
    "corner.invalid": (
        "các điểm góc không tạo thành đa giác hợp lệ: {reason}; kiểm tra thứ tự các điểm "
        "(ranh giới không được tự cắt)",
        "corner points do not form a valid polygon: {reason}; check the order of the corners "
        "(the boundary must not cross itself)"),
    "outline.format_corner_table": ("bảng điểm góc", "corner table"),
    "outline.note.layers": ("đã đọc {n} lớp: {names}", "read {n} layers: {names}"),
    "outline.note.merged": ("đã gộp {n} đối tượng thành một {geom_type}",
                            "{n} features merged into one {geom_type}"),
    "outline.note.combined": (
        "đã ghép {n} đối tượng thành một MultiPolygon mà không hợp nhất, vì không phải tất cả "
        "đều là đa giác hợp lệ",
        "{n} features combined into one MultiPolygon without merging, because not all of them "
        "are valid polygons"),
    "outline.note.split": ("chỉ giữ các đa giác của {n} đối tượng nhiều hình",
                           "kept only the polygons of {n} multi-geometry feature|"
                           "kept only the polygons of {n} multi-geometry features"),
    "outline.note.ignored": ("đã bỏ qua {held} (chỉ đa giác mới tạo thành ranh giới)",
                             "ignored {held} (only polygons make an outline)"),
    "outline.note.crs_chosen": ("đọc theo {chosen} như đã chọn; tệp ghi {said}",
                                "read as {chosen} as chosen; the file said {said}"),
    "outline.note.assumed_meridian": (
        "giả định {crs}, kinh tuyến trục thường dùng cho {province}; kiểm tra múi chiếu ghi "
        "trong quyết định (ví dụ 'KTT 108°15′, múi chiếu 3°') và chọn nếu khác",
        "assumed {crs}, the central meridian commonly cited for {province}; check the zone "
        "printed in the decision (e.g. 'KTT 108°15′, múi chiếu 3°') and choose it if it "
        "differs"),
    "outline.note.corners": ("đã đọc {n} điểm góc", "{n} corner read|{n} corners read"),
    # --- reading uploaded tables (hostile input) ---
    "read.problem": ("{where}: {message}. Cách sửa: {fix}.", "{where}: {message}. Fix: {fix}."),
    "read.at_row": ("dòng {row}", "row {row}"),
    "read.binary": ("đây không phải tệp CSV hay Excel (tệp chứa dữ liệu nhị phân)",
                    "this is not a CSV or Excel file (it holds binary data)"),
    "read.bad_bytes": ("không đọc được chữ (byte {byte} không hợp lệ trong {encoding})",
                       "cannot read the text (byte {byte} is not valid {encoding})"),
    "read.empty": ("tệp trống", "the file is empty"),
    "read.malformed_csv": ("tệp CSV bị lỗi gần dòng {line}",
                           "the CSV is malformed near line {line}"),
    "read.not_workbook": ("đây không phải sổ Excel đọc được",
                          "this is not a readable Excel workbook"),
    "read.old_xls": ("đây là tệp Excel 97-2003 (.xls), không đọc trực tiếp được",
                     "this is an Excel 97-2003 file (.xls), which cannot be read directly"),
    "read.no_sheet": ("sổ Excel không có trang tính nào", "the workbook has no worksheet"),
    "read.too_large": ("tệp nặng {size} MB, vượt giới hạn {limit} MB",
                       "the file is {size} MB, above the {limit} MB limit"),
    "read.too_many_rows": ("tệp có hơn {limit} dòng dữ liệu",
                           "the file has more than {limit} data rows"),
    "read.too_many_columns": ("có dữ liệu ở cột {letter}, quá giới hạn {limit} cột",
                              "there is data in column {letter}, beyond the {limit}-column "
                              "limit"),
    "read.zip_entries": ("sổ Excel gồm {n} phần, vượt giới hạn {limit}",
                         "the workbook has {n} parts, above the limit of {limit}"),
    "read.zip_expands": ("sổ Excel giải nén ra {size} MB, vượt giới hạn {limit} MB",
                         "the workbook unpacks to {size} MB, above the {limit} MB limit"),
    "read.huge_cell": ("ô dài {n} ký tự, vượt giới hạn {limit}",
                       "the cell holds {n} characters, above the limit of {limit}"),
    "read.huge_cell_line": ("gần dòng {line} có một ô dài hơn nhiều so với giới hạn {limit} ký "
                            "tự",
                            "near line {line} a cell is far longer than the {limit}-character "
                            "limit"),
    "read.control_character": ("ô chứa ký tự điều khiển vô hình ({code})",
                               "the cell holds an invisible control character ({code})"),
    "read.uncached_formulas": (
        "{n} ô công thức chưa có giá trị đã tính: {cells}",
        "{n} formula cell has no saved result: {cells}|"
        "{n} formula cells have no saved result: {cells}"),
    "read.merged_cells": ("có {n} vùng ô gộp: {cells}",
                          "{n} range of merged cells: {cells}|{n} ranges of merged cells: {cells}"),
    "read.not_found": ("không tìm thấy tệp trong {folder}", "file not found in {folder}"),
    "read.is_folder": ("đây là thư mục, không phải tệp", "this is a folder, not a file"),
    "read.no_permission": ("không có quyền đọc tệp", "no permission to read the file"),
    "read.fix.csv_or_xlsx": ("tải bảng lên dưới dạng CSV hoặc .xlsx",
                             "upload the table as CSV or .xlsx"),
    "read.fix.save_utf8": ("trong Excel chọn Tệp → Lưu thành → 'CSV UTF-8 (Comma delimited)'",
                           "in Excel choose File → Save As → 'CSV UTF-8 (Comma delimited)'"),
    "read.fix.header_row": ("xuất bảng kèm dòng tiêu đề", "export the table with its header row"),
    "read.fix.quote": ('tìm dấu ngoặc kép (") mở mà không đóng, rồi xuất lại tệp',
                       'check for a quote (") that is opened and never closed, then export the '
                       "file again"),
    "read.fix.save_xlsx": ("mở tệp trong Excel, lưu thành .xlsx hoặc CSV UTF-8",
                           "open it in Excel and save it as .xlsx or as CSV UTF-8"),
    "read.fix.split_file": ("chỉ tải lên bảng khu, không kèm trang tính hay cột khác",
                            "upload only the zones table, without other sheets or columns"),
    "read.fix.extra_columns": ("xóa các cột thừa ở bên phải bảng rồi lưu lại",
                               "delete the extra columns to the right of the table and save"),
    "read.fix.huge_cell": ("rút ngắn ô này (ghi chú dài nên để trong tài liệu nguồn)",
                           "shorten this cell (long notes belong in the source document)"),
    "read.fix.control_character": ("gõ lại ô này, hoặc dùng hàm CLEAN() của Excel trước khi "
                                   "xuất",
                                   "retype the cell, or use Excel's CLEAN() before exporting"),
    "read.fix.uncached_formulas": ("mở tệp trong Excel hoặc LibreOffice rồi lưu lại để công thức "
                                   "được tính, hoặc dán giá trị (Dán đặc biệt → Giá trị)",
                                   "open the file in Excel or LibreOffice and save it so the "
                                   "formulas are calculated, or paste values (Paste Special → "
                                   "Values)"),
    "read.fix.merged_cells": ("bỏ gộp ô (Trang đầu → Gộp và căn giữa) và điền giá trị vào từng "
                              "dòng",
                              "unmerge the cells (Home → Merge & Center) and fill in every row"),
    # Both front ends read the folder: the app from ZONES_DATA_DIR (zones.store.DATA_DIR_ENV,
    # checked by tests/test_i18n_fixes.py), the command line also from --data.
    "read.fix.data_path": ("đặt tệp vào thư mục này, hoặc chỉ đến thư mục dữ liệu đúng: biến "
                           "môi trường ZONES_DATA_DIR (ứng dụng) hoặc --data THƯ_MỤC (dòng lệnh)",
                           "put the file in this folder, or point to the right data folder: the "
                           "ZONES_DATA_DIR environment variable (the app) or --data DIR (the "
                           "command line)"),
    "read.fix.name_file": ("chỉ ra tệp CSV", "name the CSV file"),
    "read.fix.permissions": ("cho tài khoản chạy ứng dụng quyền đọc tệp",
                             "give the account running the app permission to read it"),
    "restore": ("Khôi phục phiên bản này", "Restore this version"),
    "version": ("Phiên bản", "Version"),
    "outline_file": ("Tệp ranh giới (GeoJSON, KML, GeoPackage, Shapefile .zip)",
                     "Outline file (GeoJSON, KML, GeoPackage, zipped Shapefile)"),
    "corner_table": ("Hoặc dán bảng tọa độ góc (X, Y VN-2000)",
                     "Or paste the corner table (VN-2000 X, Y)"),
    "crs": ("Hệ tọa độ", "Coordinate system"),
    "crs_auto": ("Tự nhận (theo tệp hoặc tỉnh)", "Detect (from the file or province)"),
    "save_outline": ("Lưu ranh giới", "Save outline"),
    # --- safety: the write path, history, restore, recovery ---
    "save.invalid": ("{n} lỗi cần sửa trước khi lưu; chưa có gì thay đổi.",
                     "{n} problem must be fixed before saving; nothing was changed.|"
                     "{n} problems must be fixed before saving; nothing was changed."),
    "save.busy": ("Một người khác đang lưu; dữ liệu không thay đổi. Cách sửa: thử lại sau "
                  "giây lát.", "Another save is in progress; the data is unchanged. Fix: try "
                  "again in a moment."),
    "save.nothing": ("Không có thay đổi: bảng giống hệt bản đã lưu.",
                     "Nothing changed: the data is the same as the saved version."),
    "save.disk_full": ("Ổ đĩa đã đầy (khi ghi {path}); dữ liệu không thay đổi. Cách sửa: giải "
                       "phóng dung lượng rồi lưu lại.", "The disk is full (writing {path}); "
                       "the data is unchanged. Fix: free some space, then save again."),
    "save.not_writable": ("Không có quyền ghi {path}; dữ liệu không thay đổi. Cách sửa: nhờ "
                          "quản trị cấp quyền ghi cho thư mục dữ liệu và history/.",
                          "{path} cannot be written (permission denied or read-only); the "
                          "data is unchanged. Fix: ask the administrator to make the data "
                          "folder and its history/ writable."),
    "save.io_error": ("Lỗi ghi tệp {path} ({reason}); dữ liệu không thay đổi. Cách sửa: thử lại;"
                      " nếu lặp lại, báo quản trị.", "Could not write {path} ({reason}); the "
                      "data is unchanged. Fix: try again; if it happens again, tell the "
                      "administrator."),
    "save.unfinished": ("Đã ghi nhật ký nhưng chưa thay xong tệp ({reason}); lần tải sau sẽ tự "
                        "hoàn tất.", "The save is logged but its files could not all be "
                        "replaced ({reason}); it is finished automatically on the next load."),
    "save.needs_user": ("Cần đăng nhập để lưu.", "Saving needs a signed-in user."),
    "save.not_editable": ("Không thể sửa {file} ở đây.", "{file} cannot be edited here."),
    "save.conflict": ("{file} đã thay đổi từ khi bạn mở (phiên bản {base} → {current}). Xem "
                      "thay đổi đó rồi áp dụng lại thay đổi của bạn lên trên.",
                      "{file} changed since you loaded it (version {base} → {current}). "
                      "Review the other change, then re-apply your edits on top."),
    "save.unknown_version": ("Phiên bản {version} không có trong lịch sử. Các phiên bản: "
                             "{known}", "Version {version} is not in the history. Known "
                             "versions: {known}"),
    "save.unknown_zone": ("'{zone_id}' không phải mã khu trong zones.csv.",
                          "'{zone_id}' is not a zone_id in zones.csv."),
    "save.bad_geometry": ("Ranh giới có tọa độ không phải số (NaN/vô hạn); chưa lưu gì.",
                          "The outline has coordinates that are not numbers (NaN or infinite); "
                          "nothing was saved."),
    "save.snapshot_missing": ("Thiếu bản lưu {path} trong lịch sử nên không khôi phục được "
                              "phiên bản này; dữ liệu không thay đổi.", "The kept copy {path} "
                              "is missing from the history, so this version cannot be "
                              "restored; the data is unchanged."),
    "save.no_outline": ("Khu '{zone_id}' chưa có ranh giới để xóa.",
                        "Zone '{zone_id}' has no outline to delete."),
    "save.current_unreadable": ("Không đọc được {file} hiện tại, nên không so sánh được; bản mới "
                                "sẽ thay toàn bộ tệp.", "The current {file} cannot be read, so "
                                "there is nothing to compare with; the new one replaces it "
                                "whole."),
    "outline.far": ("Ranh giới cách điểm của khu {km} km.",
                    "The outline lies {km} km from the zone's point."),
    "outline.area_off": ("Diện tích ranh giới gấp {ratio} lần diện tích ghi nhận.",
                         "The outline's area is {ratio} times the recorded area."),
    "outline.area_small": ("Diện tích ranh giới chỉ bằng 1/{ratio} diện tích ghi nhận.",
                           "The outline's area is 1/{ratio} of the recorded area."),
    "outline.needs_override": ("Ranh giới này lệch xa dữ liệu của khu; chỉ lưu khi xác nhận "
                               "và ghi lý do.", "This outline is far off the zone's data; it is "
                               "saved only with an explicit override and a reason."),
    "outline.override": ("Tôi đã kiểm tra: lưu dù lệch xa", "I checked it: save although it is "
                         "far off"),
    "outline.override_reason": ("Lý do (bắt buộc)", "Reason (required)"),
    "outline.preview_caption": ("Xanh: ranh giới mới; chấm tròn: vị trí hiện tại của khu và các "
                                "khu lân cận.", "Blue: the new outline; circles: the zone's "
                                "current position and nearby zones."),
    "outline.new_label": ("Ranh giới mới", "New outline"),
    "outline.delete": ("Xóa ranh giới", "Delete outline"),
    "outline.delete_preview": ("Sẽ xóa ranh giới của {zone} ({area} ha); khu sẽ được vẽ lại bằng "
                               "vòng tròn gần đúng.", "This deletes the outline of {zone} "
                               "({area} ha); the zone is drawn as an approximate circle again."),
    "confirm": ("Tôi xác nhận", "I confirm"),
    "restore.preview": ("Khôi phục phiên bản {version} sẽ thay đổi:",
                        "Restoring version {version} changes:"),
    "restore.file_changes": ("{file}: {summary}", "{file}: {summary}"),
    "restored": ("Đã khôi phục {old} thành phiên bản mới {version}.",
                 "Restored {old} as the new version {version}."),
    "history.none": ("Chưa có lần lưu nào.", "No saves yet."),
    "history.summary": ("{added} thêm, {removed} xóa, {changed} ô đổi",
                        "{added} added, {removed} removed, {changed} changed"),
    "history.unreadable": ("{n} dòng nhật ký không đọc được nên bị bỏ qua.",
                           "{n} change-log line cannot be read and is skipped.|"
                           "{n} change-log lines cannot be read and are skipped."),
    "history.col.version": ("Phiên bản", "Version"),
    "history.col.time": ("Thời gian (giờ Việt Nam)", "Time (Vietnam, UTC+7)"),
    "history.col.user": ("Người lưu", "Saved by"),
    "history.col.action": ("Thao tác", "Action"),
    "history.col.files": ("Tệp", "Files"),
    "history.col.changes": ("Thay đổi", "Changes"),
    "history.col.comment": ("Ghi chú", "Comment"),
    "action.edit": ("Sửa bảng", "Edit"),
    "action.import": ("Nhập tệp", "Import"),
    "action.restore": ("Khôi phục", "Restore"),
    "action.outline": ("Lưu ranh giới", "Outline saved"),
    "action.outline_delete": ("Xóa ranh giới", "Outline deleted"),
    "import.table": ("Tệp thay cho bảng", "The file replaces the table"),
    "import.checked_against": ("Đã kiểm tra so với phiên bản {version}.",
                               "Checked against version {version}."),
    "import.recheck": ("Kiểm tra lại tệp với bảng hiện tại", "Check the file again against the "
                       "current table"),
    "import.conflict": ("Một đồng nghiệp đã lưu {file} sau khi bạn kiểm tra tệp; chưa áp dụng gì."
                        " Thay đổi của họ:", "A colleague saved {file} after you checked the "
                        "file; nothing was applied. Their change:"),
    "recovery.title": ("Khôi phục dữ liệu", "Data recovery"),
    "recovery.hint": ("Dữ liệu hiện tại có lỗi. Khôi phục một phiên bản trước hoặc nhập một tệp "
                      "đúng.", "The current data has errors. Restore an earlier version or "
                      "import a correct file."),
    "in_kkt": ("Trong KKT", "Inside a KKT"),
    "area_unknown": ("Chưa rõ diện tích", "Area unknown"),
    "fill_zones": ("Số khu có tỷ lệ lấp đầy", "Zones with a fill rate"),
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
        "planned_area": ("Diện tích quy hoạch", "Planned area"),
        "zones_operating": ("Số khu đang hoạt động", "Zones operating"),
        "zones_existing": ("Số khu hiện có", "Zones existing"),
        "zone_area": ("Diện tích khu", "Zone area"),
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


@dataclass(frozen=True)
class Decimals:
    """A number parameter written with exactly `places` decimals (e.g. degrees to 4 places)."""

    value: float
    places: int


def render(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """`t` with int/float parameters written the way `lang` writes numbers (45.332,5)."""
    text = _pick(key, lang, params.get("n"))
    if text is None:
        return key
    return text.format(**{name: _param(value, lang) for name, value in params.items()})


def _param(value: object, lang: str) -> object:
    if isinstance(value, Message):  # a message inside a message, e.g. "{file}: {summary}"
        return value.text(lang)
    if isinstance(value, Decimals):
        return format_number(value.value, lang, decimals=value.places, trim=False)
    if isinstance(value, tuple):  # a list of names or messages, written "a, b, c"
        return ", ".join(str(_param(item, lang)) for item in value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return format_number(value, lang, decimals=2)
