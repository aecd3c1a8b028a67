"""Target status as of a date, the two kinds of "achieved", the matrix, and the bundled figures."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pandas as pd
import pytest

from helpers import ROOT
from zones.store import load_dataset
from zones.targets import (
    TargetStatus,
    assess_targets,
    chart_frame,
    detail_frame,
    period_end,
    status_matrix,
    status_of,
    status_text,
    zone_fill,
)

FIGURES = ROOT / "tests" / "data" / "document_figures.csv"
SEEDS = ROOT.parent / "shared" / "seeds"
D = dt.date

STATUS_CASES = [
    # comparator, target, year, achieved, achieved_as_of, as_of, expected
    (">=", 80, 2025, 46.77, "2024-06-24", D(2026, 12, 1), TargetStatus.DEADLINE_PASSED),
    (">=", 80, 2025, 46.77, "2024-06-24", D(2025, 12, 31), TargetStatus.ON_TRACK),
    (">=", 80, 2025, 46.77, "2024-06-24", D(2024, 1, 1), TargetStatus.NOT_YET_DUE),
    (">=", 80, 2025, 46.77, "2024-06-24", D(2027, 1, 1), TargetStatus.DEADLINE_PASSED),
    (">=", 80, 2025, 46.77, "2025-12", D(2026, 1, 1), TargetStatus.NOT_MET),
    (">=", 80, 2025, 46.77, "2026", D(2027, 1, 1), TargetStatus.NOT_MET),
    (">=", 80, 2025, 46.77, "2026", D(2026, 6, 1), TargetStatus.NO_DATA),  # not known yet
    (">=", 80, 2025, 81, "2024-06-24", D(2026, 12, 1), TargetStatus.MET),
    (">=", 80, 2025, 81, "2024-06-24", D(2024, 7, 1), TargetStatus.MET),
    (">=", 60, 2025, 60, "2025", D(2026, 1, 1), TargetStatus.MET),
    (">", 60, 2025, 60, "2025", D(2026, 1, 1), TargetStatus.NOT_MET),
    (">", 60, 2025, 61, "2025", D(2026, 1, 1), TargetStatus.MET),
    ("<=", 5, 2025, 4, "2025", D(2026, 1, 1), TargetStatus.MET),
    ("~", 100, 2025, 96, "2025", D(2026, 1, 1), TargetStatus.MET),
    ("~", 100, 2025, 90, "2025", D(2026, 1, 1), TargetStatus.NOT_MET),
    ("=", 100, 2025, 100, "2025", D(2026, 1, 1), TargetStatus.MET),
    (">=", 2000, 2020, 1178, "2020", D(2021, 5, 14), TargetStatus.NOT_MET),
    (">=", 80, 2025, None, None, D(2026, 12, 1), TargetStatus.NO_DATA),
    (">=", 80, 2025, float("nan"), None, D(2025, 12, 31), TargetStatus.NOT_YET_DUE),
    (">", 85, 2030, None, None, D(2026, 12, 1), TargetStatus.NOT_YET_DUE),
    (">=", 80, 2025, 46.77, None, D(2026, 12, 1), TargetStatus.DEADLINE_PASSED),  # undated
    (">=", 80, 2025, 46.77, None, D(2025, 1, 1), TargetStatus.ON_TRACK),
    (None, None, None, 61, "2020", D(2026, 12, 1), TargetStatus.REPORTED),
]


@pytest.mark.parametrize(
    ("comparator", "target", "year", "achieved", "achieved_as_of", "as_of", "expected"),
    STATUS_CASES,
)
def test_status_as_of_a_date(comparator, target, year, achieved, achieved_as_of, as_of,
                             expected) -> None:
    assert status_of(comparator, target, year, achieved, achieved_as_of, as_of) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2020", D(2020, 12, 31)), ("2025-02", D(2025, 2, 28)), ("2024-12", D(2024, 12, 31)),
     ("2024-06-24", D(2024, 6, 24)), ("", None), (None, None), ("soon", None)],
)
def test_period_end(text, expected) -> None:
    assert period_end(text) == expected


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(ROOT / "data")


def by_id(assessments):
    return {a.target_id: a for a in assessments}


def test_hoa_binh_2025_fill_target_is_past_its_deadline_with_the_figure_behind_it(bundled):
    a = by_id(assess_targets(bundled, D(2026, 12, 1)))["hbh-kcn-fill-rate-2025"]
    assert a.status == TargetStatus.DEADLINE_PASSED
    assert (a.reported.value, a.reported.as_of, a.reported.source_id) == (
        46.77, "2024-06-24", "hbh-07-da-2024")
    assert status_text(a, "en") == (
        "Deadline passed, last figure below target: 46.77% (24 Jun 2024) against ≥ 80%")
    assert status_text(a, "vi") == (
        "Quá hạn, số liệu gần nhất chưa đạt: 46,77% (24/06/2024) so với mục tiêu ≥ 80%")


def test_kien_giang_reported_and_computed_fill_are_kept_apart(bundled):
    """The 75 % is phase 1 of one park: shown with its coverage, never as the status."""
    a = by_id(assess_targets(bundled, D(2026, 12, 1)))["kgg-kcn-fill-rate-2025"]
    assert a.status == TargetStatus.NO_DATA
    assert a.reported is None
    computed = a.computed
    assert computed.value == pytest.approx(75)
    assert [c.zone_id for c in computed.contributions] == ["kcn-thanh-loc-gd1"]
    assert (computed.zones_used, computed.zones_total) == (1, 3)
    assert computed.area_used == 150
    assert computed.area_total == pytest.approx(250 + 141 + 210.54)
    assert computed.as_of == "2021-07-30"
    assert computed.coverage().text("en") == (
        "from 1 of 3 KCN with a fill rate and an area, 150 of 601.54 ha")
    assert computed.coverage().text("vi") == (
        "từ 1/3 KCN có tỷ lệ lấp đầy và diện tích, 150 trên 601,54 ha")


def test_2030_target_is_not_yet_due(bundled):
    a = by_id(assess_targets(bundled, D(2026, 12, 1)))["kgg-kcn-fill-rate-2030"]
    assert a.status == TargetStatus.NOT_YET_DUE


def test_provinces_by_old_or_merged_name(bundled):
    merged = {a.target_id for a in assess_targets(bundled, D(2026, 1, 1), ["An Giang"])}
    old = {a.target_id for a in assess_targets(bundled, D(2026, 1, 1), ["kien giang"])}
    assert merged == old
    assert "kgg-kcn-fill-rate-2025" in merged
    assert all(t.startswith("kgg-") for t in merged)


def test_zone_fill_skips_a_phase_when_its_whole_park_has_a_figure() -> None:
    zones = pd.DataFrame([
        {"zone_id": "p", "name": "P", "kind": "KCN", "parent_id": None, "phase_of": None,
         "area_ha": 200.0, "leasable_ha": None, "fill_pct": 50.0, "fill_as_of": "2024",
         "fill_source_id": "s1"},
        {"zone_id": "p-gd1", "name": "P 1", "kind": "KCN", "parent_id": None, "phase_of": "p",
         "area_ha": 100.0, "leasable_ha": None, "fill_pct": 90.0, "fill_as_of": "2023",
         "fill_source_id": "s2"},
        {"zone_id": "q", "name": "Q", "kind": "KCN", "parent_id": None, "phase_of": None,
         "area_ha": 100.0, "leasable_ha": 50.0, "fill_pct": 20.0, "fill_as_of": None,
         "fill_source_id": "s3"},
        {"zone_id": "r", "name": "R", "kind": "KCN", "parent_id": None, "phase_of": None,
         "area_ha": None, "leasable_ha": None, "fill_pct": 80.0, "fill_as_of": None,
         "fill_source_id": "s4"},
    ])
    figure = zone_fill(zones, ("KCN",))
    assert figure.value == pytest.approx((50 * 200 + 20 * 50) / 250)
    assert [c.zone_id for c in figure.contributions] == ["p", "q"]
    assert (figure.zones_used, figure.zones_total) == (2, 3)
    assert figure.area_used == 300
    assert figure.area_total == 300  # the phase is part of p's 200 ha
    assert figure.as_of == "2024"
    assert figure.source_ids == ("s1", "s3")


def test_matrix_by_merged_names_holds_status_figure_and_target_id(bundled):
    assessments = assess_targets(bundled, D(2026, 12, 1))
    names = dict(zip(bundled.zones["zone_id"], bundled.zones["name"], strict=True))
    matrix = status_matrix(assessments, "province_2025", "en", names)
    assert "Phú Thọ (Hòa Bình)" in matrix.text.columns
    assert "Quảng Ngãi" in matrix.text.columns
    row = "KCN · Fill rate · 2025"
    assert matrix.target_ids.at[row, "Phú Thọ (Hòa Bình)"] == "hbh-kcn-fill-rate-2025"
    assert matrix.status.at[row, "Phú Thọ (Hòa Bình)"] == "deadline_passed"
    assert matrix.text.at[row, "Phú Thọ (Hòa Bình)"] == "Overdue, below · 46.77%"
    assert matrix.text.at[row, "An Giang (Kiên Giang)"] == "Overdue, no figure"
    assert matrix.target_ids.at[row, "Quảng Ngãi"] == ""  # no such target there
    assert matrix.text.at["KKT + KCN · Investment attracted · 2020", "Gia Lai (Bình Định)"] == (
        "Not met · 1,178 million USD")
    reported_only = {a.target_id for a in assessments if not a.has_target}
    assert not reported_only & set(matrix.target_ids.to_numpy().ravel())
    every_target = {a.target_id for a in assessments if a.has_target}
    assert every_target == set(matrix.target_ids.to_numpy().ravel()) - {""}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_chart_and_table_show_the_same_numbers_with_full_labels(bundled, lang):
    assessments = assess_targets(bundled, D(2026, 12, 1), ["Hòa Bình", "Kiên Giang"])
    names = dict(zip(bundled.zones["zone_id"], bundled.zones["name"], strict=True))
    chart = chart_frame(assessments, lang, names)
    table = detail_frame(assessments, lang, names).set_index("label")
    assert chart["label"].is_unique is False  # several bars per target
    for label, bars in chart.groupby("label"):
        assert len(label.split(" · ")) == 4  # province · scope · metric · year
        row = table.loc[label]
        target = bars.iloc[0]["value"]
        assert row["target"].endswith(f"{target:g}%".replace(".", "," if lang == "vi" else "."))
        for _, bar in bars.iloc[1:].iterrows():
            shown = f"{bar['value']:.2f}".rstrip("0").rstrip(".")
            shown = shown.replace(".", "," if lang == "vi" else ".") + "%"
            assert shown in row["status_text"] or shown in row["computed"]
    assert set(chart["label"]) >= {
        "Kiên Giang · KCN · " + ("Tỷ lệ lấp đầy" if lang == "vi" else "Fill rate") + " · 2025",
        "Kiên Giang · KCN · " + ("Tỷ lệ lấp đầy" if lang == "vi" else "Fill rate") + " · 2030",
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_status_without_its_number_and_no_raw_placeholders(bundled, lang):
    assessments = assess_targets(bundled, D(2026, 12, 1))
    names = dict(zip(bundled.zones["zone_id"], bundled.zones["name"], strict=True))
    frame = detail_frame(assessments, lang, names)
    for a, (_, row) in zip(assessments, frame.iterrows(), strict=True):
        if a.reported is not None:
            assert re.search(r"\d", row["status_text"]), row["status_text"]
    text = " ".join(frame.drop(columns=["note"]).astype(str).to_numpy().ravel())
    for raw in ("None", "nan", "NaN", " count", "million_usd", "billion_vnd"):
        assert raw not in text


def load_figures() -> list[dict[str, str]]:
    with open(FIGURES, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def same(a: object, b: float) -> bool:
    return a is not None and not pd.isna(a) and abs(float(a) - b) <= 1e-9 * max(1, abs(b))


def stored(figure: dict[str, str], targets: pd.DataFrame, zones: pd.DataFrame) -> list[str]:
    """Where a document figure is stored: target_ids, or zone_id:column."""
    value, year = float(figure["value"]), figure["year"]
    rows = targets[(targets["source_id"] == figure["document"])
                   & (targets["scope"] == figure["scope"]) & (targets["unit"] == figure["unit"])]
    found = []
    for _, row in rows.iterrows():
        if figure["kind"] == "target":
            if same(row["target_value"], value) and str(row["target_year"]) == year:
                found.append(row["target_id"])
        elif same(row["achieved_value"], value) and (
            not year or str(row["achieved_as_of"]).startswith(year)
        ):
            found.append(row["target_id"])
    column = {"ha": "area_ha", "%": "fill_pct"}.get(figure["unit"])
    zone = zones[zones["zone_id"] == figure["scope"]]
    if column and not zone.empty and same(zone.iloc[0][column], value):
        found.append(f"{figure['scope']}:{column}")
    return found


@pytest.mark.parametrize("figure", load_figures(), ids=lambda f: f"{f['document']}-{f['value']}")
def test_every_document_figure_is_in_the_data(bundled, figure):
    assert figure["kind"] in ("target", "reported")
    assert stored(figure, bundled.targets, bundled.zones), figure


def test_every_document_figure_row_of_targets_is_listed(bundled):
    """The reverse: no target row from a seed document that the extraction does not list."""
    seeds = {f["document"] for f in load_figures()}
    listed = set()
    for figure in load_figures():
        listed.update(stored(figure, bundled.targets, bundled.zones))
    from_seeds = set(bundled.targets.loc[bundled.targets["source_id"].isin(seeds), "target_id"])
    assert from_seeds <= listed, from_seeds - listed


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def seed_texts(bundled) -> dict[str, str]:
    texts = {}
    for _, source in bundled.sources.iterrows():
        match = re.search(r"seeds/(\S+\.txt)", str(source["note"]))
        if match and (SEEDS / match.group(1)).is_file():
            texts[source["source_id"]] = squash((SEEDS / match.group(1)).read_text("utf-8"))
    return texts


def test_quotes_are_verbatim_in_the_seed_documents(bundled):
    texts = seed_texts(bundled)
    if len(texts) < 5:
        pytest.skip(f"the seed documents are not at {SEEDS} (they are outside the project)")
    missing = [f["quote"] for f in load_figures() if squash(f["quote"]) not in texts[f["document"]]]
    assert not missing


def test_figures_on_the_row_they_describe(bundled):
    zones = bundled.zones.set_index("zone_id")
    assert pd.isna(zones.at["kcn-nhon-hoa", "fill_pct"])
    assert zones.at["kcn-nhon-hoa-gd1", "fill_pct"] == 82
    assert zones.at["kcn-nhon-hoa-gd1", "phase_of"] == "kcn-nhon-hoa"
    assert pd.isna(zones.at["kcn-thanh-loc", "fill_pct"])
    assert zones.at["kcn-thanh-loc-gd1", "fill_pct"] == 75
    assert zones.at["kkt-nhon-hoi", "location_precision"] == "district"
    for park in ("kcn-nhon-hoi-a", "kcn-nhon-hoi-b", "kcn-nhon-hoi-c"):
        assert zones.at[park, "location_precision"] == "commune"
    targets = bundled.targets.set_index("target_id")
    assert targets.at["bdi-kcn-zones-completed-2025", "target_value"] == 7

