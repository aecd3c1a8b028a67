"""Every validation rule, table-driven, with the exact message a user sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import ZONE_ROWS, make_data_dir, zone
from zones.validate import check_data


def zones_with(index: int, **changes: str) -> list[dict[str, str]]:
    rows = [dict(row) for row in ZONE_ROWS]
    rows[index].update(changes)
    return rows


def messages(data_dir: Path, severity: str = "error") -> list[str]:
    report = check_data(data_dir).report
    return [str(p) for p in report.sorted() if p.severity == severity]


def test_fixture_data_is_valid(data_dir: Path) -> None:
    report = check_data(data_dir).report
    assert report.errors == []


# (row index in ZONE_ROWS, changes, expected message). zones.csv row = index + 2.
ERROR_CASES = [
    (
        2,
        {"fill_pct": "146"},
        "zones.csv row 4, Fill rate (%) (fill_pct): 146 is above 100. Fix: use a value ≥ 0, ≤ 100",
    ),
    (
        2,
        {"fill_pct": "-3"},
        "zones.csv row 4, Fill rate (%) (fill_pct): -3 is below 0. Fix: use a value ≥ 0, ≤ 100",
    ),
    (2, {"area_ha": "0"}, "zones.csv row 4, Planned area (ha) (area_ha): 0 is not above 0. Fix: use a value > 0"),
    (
        2,
        {"area_ha": "abc"},
        "zones.csv row 4, Planned area (ha) (area_ha): 'abc' is not a number. Fix: write a number such as 46.77 or 46,77",
    ),
    (
        2,
        {"zone_id": "KCN Nhơn Hòa"},
        "zones.csv row 4, Zone id (zone_id): 'KCN Nhơn Hòa' is not a valid id. Fix: use lowercase letters "
        "a-z, digits and single hyphens, e.g. kcn-nhon-hoa",
    ),
    (
        2,
        {"zone_id": "kkt-nhon-hoi"},
        "zones.csv row 4, Zone id (zone_id): 'kkt-nhon-hoi' is already used in row 2. Fix: give each row its "
        "own id",
    ),
    (
        2,
        {"name": ""},
        "zones.csv row 4, Name (name): is empty. Fix: fill in Name",
    ),
    (
        2,
        {"kind": "KCX"},
        "zones.csv row 4, Kind (kind): 'KCX' is not an allowed value. Fix: use one of KKT, KCN, CCN",
    ),
    (
        2,
        {"kind": "kcn"},
        "zones.csv row 4, Kind (kind): 'kcn' is not an allowed value. Fix: write it as 'KCN'",
    ),
    (
        2,
        {"status": "Under construction"},
        "zones.csv row 4, Status (status): 'Under construction' is not an allowed value. Fix: write it as "
        "'under_construction'",
    ),
    (
        2,
        {"leasable_ha": "300"},
        "zones.csv row 4, Leasable land (ha) (leasable_ha): 300 is larger than Planned area (ha): 272. Fix: leasable land cannot "
        "exceed the zone's area",
    ),
    (
        2,
        {"leased_ha": "201"},
        "zones.csv row 4, Leased land (ha) (leased_ha): 201 is larger than Leasable land (ha): "
        "200. Fix: leased land cannot exceed Leasable land (ha)",
    ),
    (2, {"lat": "1.5"}, "zones.csv row 4, Latitude (lat): 1.5 is below 8. Fix: use a value ≥ 8, ≤ 23.5"),
    (
        2,
        {"lon": "120.1"},
        "zones.csv row 4, Longitude (lon): 120.1 is above 110. Fix: use a value ≥ 102, ≤ 110",
    ),
    (
        2,
        {"lon": ""},
        "zones.csv row 4, Longitude (lon): is empty while the other coordinate is given. Fix: give both lat "
        "and lon, or neither",
    ),
    (
        1,
        {"location_precision": "commune"},
        "zones.csv row 3, Position precision (location_precision): is 'commune' but lat/lon are empty. Fix: set it to "
        "'unknown', or fill in lat and lon",
    ),
    (
        2,
        {"location_precision": "unknown"},
        "zones.csv row 4, Position precision (location_precision): is 'unknown' but lat/lon are given. Fix: say how the "
        "point was obtained: surveyed, site, commune or district",
    ),
    (
        1,
        {"parent_id": "kkt-khong-co"},
        "zones.csv row 3, Inside economic zone (id) (parent_id): 'kkt-khong-co' is not a zone_id in the table. Fix: use the "
        "zone_id of an economic zone (KKT) listed in zones.csv",
    ),
    (
        1,
        {"parent_id": "kcn-nhon-hoa"},
        "zones.csv row 3, Inside economic zone (id) (parent_id): 'kcn-nhon-hoa' is a KCN, not an economic zone (KKT). Fix: only "
        "an economic zone (KKT) can contain other zones",
    ),
    (
        1,
        {"parent_id": "kcn-nhon-hoi-b"},
        "zones.csv row 3, Inside economic zone (id) (parent_id): a zone cannot be its own parent. Fix: leave parent_id empty or "
        "name the economic zone (KKT) around it",
    ),
    (
        2,
        {"phase_of": "kcn-nhon-hoa"},
        "zones.csv row 4, Phase of (id) (phase_of): a zone cannot be a phase of itself. Fix: name the zone_id of the "
        "whole park or cluster, or leave phase_of empty",
    ),
    (
        2,
        {"phase_of": "kcn-khong-co"},
        "zones.csv row 4, Phase of (id) (phase_of): 'kcn-khong-co' is not a zone_id in the table. Fix: name the "
        "zone_id of the whole park or cluster, or leave phase_of empty",
    ),
    (
        2,
        {"phase_of": "kkt-nhon-hoi"},
        "zones.csv row 4, Phase of (id) (phase_of): 'kkt-nhon-hoi' is a KKT, but this row is a KCN. Fix: a phase "
        "has the kind of the whole zone",
    ),
    (
        2,
        {"source_ids": "doc-a;web-b;khong-co"},
        "zones.csv row 4, Sources (ids) (source_ids): 'khong-co' is not a source_id in sources.csv. Fix: add the "
        "source to sources.csv or correct the id",
    ),
    (
        2,
        {"area_source_id": "doc-x", "source_ids": "doc-a;web-b;doc-x"},
        "zones.csv row 4, Sources (ids) (source_ids): 'doc-x' is not a source_id in sources.csv. Fix: add the "
        "source to sources.csv or correct the id",
    ),
    (
        2,
        {"area_source_id": "doc-a", "source_ids": "web-b"},
        "zones.csv row 4, Area source (id) (area_source_id): 'doc-a' is not in source_ids. Fix: add doc-a to "
        "source_ids",
    ),
    (
        2,
        {"fill_as_of": "2024-13"},
        "zones.csv row 4, Fill rate as of (fill_as_of): '2024-13' is not a date. Fix: write YYYY, YYYY-MM or "
        "YYYY-MM-DD, e.g. 2024-06-24",
    ),
    (
        2,
        {"status_as_of": "14/5/2021"},
        "zones.csv row 4, Status as of (status_as_of): '14/5/2021' is not a date. Fix: write YYYY, YYYY-MM or "
        "YYYY-MM-DD, e.g. 2024-06-24",
    ),
    (
        2,
        {"province": "Binh Dinh"},
        "zones.csv row 4, Province (before 1 July 2025) (province): 'Binh Dinh' is not a province in provinces.csv. Fix: write "
        "'Bình Định'",
    ),
    (
        2,
        {"province": "Atlantis"},
        "zones.csv row 4, Province (before 1 July 2025) (province): 'Atlantis' is not a province in provinces.csv. Fix: use a "
        "province name from provinces.csv (the name before 1 July 2025)",
    ),
]


@pytest.mark.parametrize(
    ("index", "changes", "expected"),
    ERROR_CASES,
    ids=[f"{next(iter(c[1]))}={next(iter(c[1].values()))}" for c in ERROR_CASES],
)
def test_each_rule_reports_row_column_and_fix(
    tmp_path: Path, index: int, changes: dict[str, str], expected: str
) -> None:
    data_dir = make_data_dir(tmp_path, zones_with(index, **changes))
    assert messages(data_dir) == [expected]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    rows = zones_with(2, fill_pct="146", kind="KCX")
    rows[3]["lat"] = "99"
    data_dir = make_data_dir(tmp_path, rows)
    assert messages(data_dir) == [
        "zones.csv row 4, Fill rate (%) (fill_pct): 146 is above 100. Fix: use a value ≥ 0, ≤ 100",
        "zones.csv row 4, Kind (kind): 'KCX' is not an allowed value. Fix: use one of KKT, KCN, CCN",
        "zones.csv row 5, Latitude (lat): 99 is above 23.5. Fix: use a value ≥ 8, ≤ 23.5",
    ]


WARNING_CASES = [
    (
        2,
        {"fill_pct": "50"},
        "warning: zones.csv row 4, Fill rate (%) (fill_pct): 50 disagrees with leased_ha / leasable_ha = 82. "
        "Fix: check the three figures, or note why they differ",
    ),
    (
        2,
        {"fill_as_of": ""},
        "warning: zones.csv row 4, Fill rate as of (fill_as_of): is empty while Fill rate (%) is given. Fix: give the "
        "date of the fill rate (YYYY is enough)",
    ),
    (
        2,
        {"area_source_id": ""},
        "warning: zones.csv row 4, Area source (id) (area_source_id): is empty while Planned area (ha) is given. Fix: name the "
        "source of the figure",
    ),
]


@pytest.mark.parametrize(("index", "changes", "expected"), WARNING_CASES)
def test_warnings_do_not_block(
    tmp_path: Path, index: int, changes: dict[str, str], expected: str
) -> None:
    data_dir = make_data_dir(tmp_path, zones_with(index, **changes))
    assert messages(data_dir) == []
    assert messages(data_dir, "warning") == [expected]


def test_missing_required_column_is_reported_on_the_header_row(tmp_path: Path) -> None:
    data_dir = make_data_dir(tmp_path)
    text = (data_dir / "zones.csv").read_text(encoding="utf-8")
    (data_dir / "zones.csv").write_text(text.replace("status,", "state,", 1), encoding="utf-8")
    found = messages(data_dir)
    assert (
        "zones.csv row 1, Status (status): required column is missing. Fix: add a column named "
        "'status' to the header row"
    ) in found
    assert messages(data_dir, "warning") == [
        "warning: zones.csv row 1, state: unknown column; it will be ignored. Fix: rename it to "
        "one of " + ", ".join(__import__("zones.schema").schema.ZONES.column_names)
    ]


def test_row_with_more_cells_than_header(tmp_path: Path) -> None:
    data_dir = make_data_dir(tmp_path)
    path = data_dir / "zones.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",surplus"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert messages(data_dir) == [
        "zones.csv row 3: has more cells than the header: 'surplus'. Fix: remove the extra cells "
        "or quote text that contains the delimiter ','"
    ]


TARGET_ROW_CASES = [
    (
        ",KCN,fill_rate,>=,80,%,2025,46.77",
        ",KCN,fill_rate,,80,%,,46.77",
        [
            "targets.csv row 2, Comparator (comparator): is empty while target_value is given. Fix: fill in "
            "Comparator for the target",
            "targets.csv row 2, Target year (target_year): is empty while target_value is given. Fix: fill in "
            "Target year for the target",
        ],
    ),
    (
        ",KCN,fill_rate,>=,80,%,2025,46.77",
        ",KCN,fill_rate,,,%,,",
        [
            "targets.csv row 2, Target (target_value): is empty and so is achieved_value. Fix: give the "
            "target, the reported value, or both"
        ],
    ),
    (",KCN,fill_rate,>=,80,%,2025,46.77", ",KCN,fill_rate,,,%,2020,46.77", []),
]


@pytest.mark.parametrize(("old", "new", "expected"), TARGET_ROW_CASES)
def test_target_row_rules(tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    data_dir = make_data_dir(tmp_path)
    path = data_dir / "targets.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert messages(data_dir) == expected


def test_targets_rules(tmp_path: Path) -> None:
    data_dir = make_data_dir(tmp_path)
    path = data_dir / "targets.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace(",KCN,fill_rate,>=,80,%,2025", ",KCX,fill_rate,=>,80,%,25")
    path.write_text(text, encoding="utf-8")
    assert messages(data_dir) == [
        "targets.csv row 2, Comparator (comparator): '=>' is not an allowed value. Fix: use one of >=, >, =, "
        "~, <=",
        "targets.csv row 2, Scope (scope): 'KCX' is neither a zone group nor a zone_id. Fix: use KKT, "
        "KCN, CCN, KCN+CCN, KKT+KCN or a zone_id from zones.csv",
        "targets.csv row 2, Target year (target_year): 25 is below 2000. Fix: use a value ≥ 2000, ≤ 2100",
    ]


SQUARE_NEAR_NHON_HOA = [
    [[109.07, 13.84], [109.085, 13.84], [109.085, 13.855], [109.07, 13.855], [109.07, 13.84]]
]


def outline(zone_id: str, coordinates: list, geometry_type: str = "Polygon") -> dict:
    return {
        "type": "Feature",
        "properties": {"zone_id": zone_id},
        "geometry": {"type": geometry_type, "coordinates": coordinates},
    }


OUTLINE_CASES = [
    (
        outline("kcn-khong-co", SQUARE_NEAR_NHON_HOA),
        [
            "geo/outlines.geojson feature 1, Zone id (zone_id): 'kcn-khong-co' is not a zone_id in zones.csv. Fix: "
            "correct the zone_id or add the zone to zones.csv"
        ],
        [],
    ),
    (
        outline(
            "kcn-nhon-hoa",
            [[[109.07, 13.84], [109.08, 13.85], [109.08, 13.84], [109.07, 13.85], [109.07, 13.84]]],
        ),
        [
            "geo/outlines.geojson feature 1, geometry: is not a valid polygon (Self-intersection[109.075 "
            "13.845]). Fix: redraw the outline so its edges do not cross"
        ],
        [],
    ),
    (
        outline("kcn-nhon-hoa", [[[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]),
        [
            "geo/outlines.geojson feature 1, geometry: lies outside Vietnam. Fix: check the coordinate "
            "system: coordinates must be WGS84 longitude, latitude"
        ],
        None,
    ),
    (
        outline("kcn-nhon-hoa", [109.07, 13.84], "Point"),
        [
            "geo/outlines.geojson feature 1, geometry: is a Point. Fix: give a Polygon or MultiPolygon "
            "outline"
        ],
        [],
    ),
    (
        outline(
            "kcn-nhon-hoa",
            [[[109.0, 13.8], [109.2, 13.8], [109.2, 13.9], [109.0, 13.9], [109.0, 13.8]]],
        ),
        [],
        [
            "warning: geo/outlines.geojson feature 1, geometry: outline area 23,921 ha differs from "
            "area_ha 272 ha of zone 'kcn-nhon-hoa'. Fix: check the outline or the zone's area"
        ],
    ),
    (
        outline(
            "kcn-nhon-hoa",
            [
                [
                    [109.27, 13.64],
                    [109.285, 13.64],
                    [109.285, 13.655],
                    [109.27, 13.655],
                    [109.27, 13.64],
                ]
            ],
        ),
        [],
        [
            "warning: geo/outlines.geojson feature 1, geometry: outline lies 30.9 km from the point of "
            "zone 'kcn-nhon-hoa'. Fix: check the outline or the zone's lat/lon"
        ],
    ),
]


@pytest.mark.parametrize(("feature", "errors", "warnings"), OUTLINE_CASES)
def test_outline_rules(
    tmp_path: Path, feature: dict, errors: list[str], warnings: list[str] | None
) -> None:
    data_dir = make_data_dir(tmp_path, outlines=[feature])
    assert messages(data_dir) == errors
    if warnings is not None:
        assert messages(data_dir, "warning") == warnings


def test_good_outline_is_clean(tmp_path: Path) -> None:
    data_dir = make_data_dir(tmp_path, outlines=[outline("kcn-nhon-hoa", SQUARE_NEAR_NHON_HOA)])
    report = check_data(data_dir).report
    assert report.problems == []


def test_outlines_file_that_is_not_json(tmp_path: Path) -> None:
    data_dir = make_data_dir(tmp_path)
    (data_dir / "geo" / "outlines.geojson").write_text("{not json", encoding="utf-8")
    found = messages(data_dir)
    assert len(found) == 1
    assert found[0].startswith("geo/outlines.geojson: is not valid GeoJSON (")


def test_zone_helper_builds_full_rows() -> None:
    assert set(zone(zone_id="x")) == set(ZONE_ROWS[0])
    assert json.dumps(zone())  # plain strings only


# --- the same problems in Vietnamese (issue 10) ---------------------------------------------

VIETNAMESE_CASES = [
    (
        {"fill_pct": "146"},
        "zones.csv dòng 4, Tỷ lệ lấp đầy (%) (fill_pct): 146 lớn hơn 100. Cách sửa: dùng giá trị ≥ 0, ≤ 100",
    ),
    (
        {"fill_pct": "146.5"},
        "zones.csv dòng 4, Tỷ lệ lấp đầy (%) (fill_pct): 146,5 lớn hơn 100. Cách sửa: dùng giá trị ≥ 0, ≤ 100",
    ),
    (
        {"lat": "99"},
        "zones.csv dòng 4, Vĩ độ (lat): 99 lớn hơn 23,5. Cách sửa: dùng giá trị ≥ 8, ≤ 23,5",
    ),
    (
        {"kind": "kcn"},
        "zones.csv dòng 4, Loại (kind): 'kcn' không phải là giá trị được phép. Cách sửa: viết là 'KCN'",
    ),
    ({"name": ""}, "zones.csv dòng 4, Tên (name): đang trống. Cách sửa: điền Tên"),
]


@pytest.mark.parametrize(("changes", "expected"), VIETNAMESE_CASES)
def test_problems_read_in_vietnamese(
    tmp_path: Path, changes: dict[str, str], expected: str
) -> None:
    data_dir = make_data_dir(tmp_path, zones_with(2, **changes))
    assert [p.text("vi") for p in check_data(data_dir).report.errors] == [expected]


def test_a_warning_in_vietnamese(tmp_path: Path) -> None:
    data_dir = make_data_dir(tmp_path, zones_with(2, fill_as_of=""))
    [warning] = check_data(data_dir).report.warnings
    assert warning.text("vi") == (
        "cảnh báo: zones.csv dòng 4, Thời điểm lấp đầy (fill_as_of): đang trống trong khi có Tỷ lệ lấp đầy (%). Cách sửa: "
        "ghi thời điểm của tỷ lệ lấp đầy (chỉ cần năm YYYY)"
    )


def test_years_in_messages_are_not_grouped(tmp_path: Path) -> None:
    data_dir = make_data_dir(tmp_path)
    path = data_dir / "targets.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",%,2025,", ",%,2150,"),
                    encoding="utf-8")
    [problem] = check_data(data_dir).report.errors
    assert problem.text("vi").endswith("2150 lớn hơn 2100. Cách sửa: dùng giá trị ≥ 2000, ≤ 2100")


CASES = [(index, changes) for index, changes, _ in ERROR_CASES + WARNING_CASES]


@pytest.mark.parametrize(("index", "changes"), CASES, ids=[str(c) for _, c in CASES])
def test_every_case_renders_from_the_catalogue_in_both_languages(
    tmp_path: Path, index: int, changes: dict[str, str]
) -> None:
    from zones.i18n import has

    data_dir = make_data_dir(tmp_path, zones_with(index, **changes))
    problems = check_data(data_dir).report.problems
    assert problems
    for problem in problems:
        assert has(f"problem.{problem.code}") and has(f"problem.{problem.code}.fix")
        vi, en = problem.text("vi"), problem.text("en")
        assert vi != en and "problem." not in vi + en
        assert problem.as_dict("vi")["message"] == problem.message_in("vi")


def _problem_codes_in_catalogue() -> set[str]:
    from zones.i18n import _TEXT

    structural = {"row", "feature", "line", "line_no_fix", "warning"}
    codes = {key.split(".")[1] for key in _TEXT if key.startswith("problem.")}
    return codes - structural - {"range"}


def test_every_problem_code_in_the_catalogue_is_raised_somewhere() -> None:
    """No dead catalogue entries: each code appears as a literal in the validation code."""
    root = Path(__file__).resolve().parents[1] / "src" / "zones"
    source = "\n".join(p.read_text(encoding="utf-8") for p in [
        *(root / "validate").glob("*.py"), root / "outlines.py"])
    unused = sorted(c for c in _problem_codes_in_catalogue() if f'"{c}"' not in source)
    assert unused == []


def test_every_problem_code_has_a_fix_in_both_languages() -> None:
    from zones.i18n import _TEXT

    for code in _problem_codes_in_catalogue():
        for key in (f"problem.{code}", f"problem.{code}.fix"):
            vi, en = _TEXT[key]
            assert vi and en, key
