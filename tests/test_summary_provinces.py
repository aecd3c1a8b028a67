"""`summarise_provinces` computes every province at once; checked here against the plain
definition (each province's zones on their own, through the same rule functions), on random
tables with parks in economic zones and phases across provinces, and on hand-made cases."""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
import pytest

from zones.schema import KINDS, STATUSES
from zones.summary import (
    SUMMARY_COLUMNS,
    counted_in_totals,
    summarise_provinces,
    weighted_fill,
)

PROVINCES = [("Bình Định", "Gia Lai"), ("Gia Lai", "Gia Lai"), ("Phú Thọ", "Phú Thọ"),
             ("Vĩnh Phúc", "Phú Thọ"), ("Hà Nội", "Hà Nội")]


def one_province(zones: pd.DataFrame, by: str) -> pd.DataFrame:
    """The definition: each province's zones as a table of their own."""
    rows = []
    for name, group in zones.groupby(by, sort=True):
        present = set(group["zone_id"])
        counted = group[counted_in_totals(group)]
        fill = weighted_fill(group)
        rows.append({
            by: name,
            "zones": len(group),
            **{kind: int((group["kind"] == kind).sum()) for kind in KINDS},
            "in_kkt": int(group["parent_id"].isin(present).sum()),
            **{status: int((group["status"] == status).sum()) for status in STATUSES},
            "area_ha": counted["area_ha"].sum() if counted["area_ha"].notna().any() else np.nan,
            "leasable_ha": (counted["leasable_ha"].sum() if counted["leasable_ha"].notna().any()
                            else np.nan),
            "area_unknown": int(group["area_ha"].isna().sum()),
            "fill_pct": np.nan if fill is None else fill,
            "fill_zones": int(group["fill_pct"].notna().sum()),
        })
    return pd.DataFrame(rows, columns=[by, *SUMMARY_COLUMNS])


def maybe(rng: random.Random, value: float, unknown: float) -> float:
    return math.nan if rng.random() < unknown else value


def random_zones(seed: int, n: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        province, merged = rng.choice(PROVINCES)
        ids = [row["zone_id"] for row in rows]
        kkts = [row["zone_id"] for row in rows if row["kind"] == "KKT"]
        area = maybe(rng, rng.choice([0.0, rng.uniform(5, 3000)]), 0.2)
        rows.append({
            "zone_id": f"z{i}",
            "kind": rng.choice(KINDS),
            "status": rng.choice(STATUSES),
            "province": province,
            "province_2025": merged,
            # parents and whole parks, sometimes in another province, sometimes absent
            "parent_id": rng.choice(kkts) if kkts and rng.random() < 0.3 else
                         ("kkt-elsewhere" if rng.random() < 0.05 else None),
            "phase_of": rng.choice(ids) if ids and rng.random() < 0.15 else None,
            "area_ha": area,
            "leasable_ha": maybe(rng, area * 0.7, 0.5),
            "fill_pct": maybe(rng, rng.choice([0.0, 100.0, rng.uniform(0, 100)]), 0.3),
        })
    return pd.DataFrame(rows)


def assert_same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-9)


@pytest.mark.parametrize("by", ["province", "province_2025"])
@pytest.mark.parametrize(("seed", "n"), [(0, 1), (1, 7), (2, 40), (3, 200), (4, 1000)])
def test_every_province_at_once_equals_each_on_its_own(seed: int, n: int, by: str) -> None:
    zones = random_zones(seed, n)
    assert_same(summarise_provinces(zones, by), one_province(zones, by))


@pytest.mark.parametrize("by", ["province", "province_2025"])
def test_bundled_data_equals_each_province_on_its_own(data_dir, by: str) -> None:
    from zones.store import load_dataset

    zones = load_dataset(data_dir).zones
    assert_same(summarise_provinces(zones, by), one_province(zones, by))


def table(*rows: dict) -> pd.DataFrame:
    base = {"kind": "KCN", "status": "operating", "province": "Bình Định",
            "province_2025": "Gia Lai", "parent_id": None, "phase_of": None,
            "area_ha": math.nan, "leasable_ha": math.nan, "fill_pct": math.nan}
    return pd.DataFrame([{**base, **row} for row in rows])


KKT = {"zone_id": "kkt", "kind": "KKT", "area_ha": 1000.0, "fill_pct": 50.0}
PARK = {"zone_id": "kcn", "parent_id": "kkt", "area_ha": 100.0, "fill_pct": 90.0}


@pytest.mark.parametrize(
    ("rows", "province", "expected"),
    [
        # a park inside a KKT of the same province: counted as a zone, not in area or fill
        ((KKT, PARK), "Bình Định",
         {"zones": 2, "KKT": 1, "KCN": 1, "in_kkt": 1, "area_ha": 1000.0, "fill_pct": 50.0}),
        # ... of another province: its own province counts its area and fill
        ((KKT, {**PARK, "province": "Hà Nội"}), "Hà Nội",
         {"zones": 1, "in_kkt": 0, "area_ha": 100.0, "fill_pct": 90.0}),
        # a KKT without a fill rate: the park's fill stands for it
        (({**KKT, "fill_pct": math.nan}, PARK), "Bình Định",
         {"area_ha": 1000.0, "fill_pct": 90.0, "fill_zones": 1}),
        # weights from leasable land when known
        (({"zone_id": "a", "area_ha": 100.0, "leasable_ha": 10.0, "fill_pct": 0.0},
          {"zone_id": "b", "area_ha": 30.0, "fill_pct": 100.0}), "Bình Định",
         {"area_ha": 130.0, "leasable_ha": 10.0, "fill_pct": 75.0}),
        # nothing known: area, leasable land and fill unknown, not 0
        (({"zone_id": "a"}, {"zone_id": "b", "fill_pct": 40.0}), "Bình Định",
         {"area_unknown": 2, "fill_zones": 1}),
        # zero weight only: no fill (not a division by zero)
        (({"zone_id": "a", "area_ha": 0.0, "fill_pct": 40.0},), "Bình Định",
         {"area_ha": 0.0}),
        # a phase of a park in the same province is not added to its area
        (({"zone_id": "p", "area_ha": 200.0}, {"zone_id": "p2", "phase_of": "p",
                                                "area_ha": 50.0}), "Bình Định",
         {"zones": 2, "area_ha": 200.0}),
    ],
)
def test_hand_made_cases(rows, province: str, expected: dict) -> None:
    row = summarise_provinces(table(*rows)).set_index("province").loc[province]
    for column, value in expected.items():
        assert row[column] == pytest.approx(value), column
    for column in ("area_ha", "leasable_ha", "fill_pct"):
        if column not in expected:
            assert pd.isna(row[column]), column


def test_a_zone_id_used_twice_still_counts_within_each_province() -> None:
    # not in valid data (ids are unique), but the summary stays exact
    zones = random_zones(6, 60)
    zones.loc[zones.index[40:], "zone_id"] = zones["zone_id"].iloc[:20].to_numpy()
    assert not zones["zone_id"].is_unique
    for by in ("province", "province_2025"):
        assert_same(summarise_provinces(zones, by), one_province(zones, by))


def test_a_table_with_one_naming_is_summarised_by_it() -> None:
    zones = random_zones(7, 30).drop(columns=["province_2025"])
    assert_same(summarise_provinces(zones, "province"), one_province(zones, "province"))


def test_no_zones_gives_the_columns_and_no_row() -> None:
    empty = table({"zone_id": "a"}).iloc[0:0]
    got = summarise_provinces(empty, "province_2025")
    assert got.empty
    assert list(got.columns) == ["province_2025", *SUMMARY_COLUMNS]


def test_counts_are_whole_numbers() -> None:
    got = summarise_provinces(random_zones(5, 50))
    counts = [c for c in SUMMARY_COLUMNS if c not in ("area_ha", "leasable_ha", "fill_pct")]
    assert all(pd.api.types.is_integer_dtype(got[c]) for c in counts)
