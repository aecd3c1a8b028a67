"""Search as people type: kind words and diacritics optional, exact names first, developer and
district searched too."""

from __future__ import annotations

import pandas as pd
import pytest

from zones.filters import ZoneFilter, apply_filter, search_ranks
from zones.search import (
    RANK_EXACT,
    RANK_NAME,
    RANK_OTHER,
    RANK_PREFIX,
    RANK_WORDS,
    query_forms,
    search_rank,
)
from zones.store import BUNDLED_DATA_DIR, load_dataset


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(BUNDLED_DATA_DIR)


@pytest.mark.parametrize(
    ("query", "forms"),
    [
        ("KCN Phú Tài", ["kcn phu tai", "phu tai"]),
        ("khu công nghiệp phú tài", ["khu cong nghiep phu tai", "phu tai"]),
        ("Cụm công nghiệp  Hàm Ninh", ["cum cong nghiep ham ninh", "ham ninh"]),
        ("KKT Nhơn Hội", ["kkt nhon hoi", "nhon hoi"]),
        ("Đông Phú", ["dong phu"]),
        ("  ", []),
    ],
)
def test_query_forms_drop_a_leading_kind_word(query: str, forms: list[str]) -> None:
    assert query_forms(query) == forms


NAME = "Khu công nghiệp Phú Tài"


@pytest.mark.parametrize(
    ("query", "rank"),
    [
        ("KCN Phú Tài", RANK_EXACT),
        ("khu công nghiệp phú tài", RANK_EXACT),
        ("khu cong nghiep phu tai", RANK_EXACT),
        ("phu tai", RANK_EXACT),
        ("PHÚ TÀI", RANK_EXACT),
        ("kcn phu t", RANK_PREFIX),
        ("Phú", RANK_PREFIX),
        ("tai", RANK_NAME),
        ("cong nghiep phu", RANK_NAME),
        ("tai phu", RANK_WORDS),
        ("Quy Nhơn", RANK_OTHER),  # district
        ("becamex", RANK_OTHER),  # developer
        ("Phú Tân", None),
        ("CCN Phú Tài Bắc", None),
    ],
)
def test_search_rank(query: str, rank: int | None) -> None:
    found = search_rank(query, NAME, ["Phú Tài"], ("Becamex IDC", "TP Quy Nhơn"))
    assert found == rank


def test_missing_developer_and_district_are_skipped() -> None:
    assert search_rank("nan", NAME, [], (float("nan"), None)) is None


def test_exact_matches_come_first() -> None:
    zones = pd.DataFrame(
        {
            "zone_id": ["a", "b", "c", "d"],
            "name": ["Cụm công nghiệp Tân Phú Tài", "Khu công nghiệp Phú Tài Mở rộng",
                     "Khu công nghiệp Phú Tài", "Cụm công nghiệp Hòa Bình"],
            "aliases": [[], [], [], []],
            "developer": [None, None, None, "Công ty Phú Tài"],
            "district": ["H. A", "H. B", "H. C", "H. D"],
        }
    )
    assert list(search_ranks(zones, "kcn phu tai")) == [RANK_NAME, RANK_PREFIX, RANK_EXACT,
                                                        RANK_OTHER]
    found = apply_filter(zones, ZoneFilter(query="KCN Phú Tài"), pd.DataFrame())
    assert list(found["zone_id"]) == ["c", "b", "a", "d"]


@pytest.mark.parametrize(
    ("query", "zone_id"),
    [
        ("KCN Phú Tài", "kcn-phu-tai"),
        ("khu công nghiệp phú tài", "kcn-phu-tai"),
        ("kcn phu tai", "kcn-phu-tai"),
        ("Khu kinh tế Nhơn Hội", "kkt-nhon-hoi"),
        ("kkt dung quat", "kkt-dung-quat"),
        ("Phố Phong", "kcn-pho-phong"),
    ],
)
def test_bundled_zone_found_first(dataset, query: str, zone_id: str) -> None:
    found = apply_filter(dataset.zones, ZoneFilter(query=query), dataset.provinces)
    assert found["zone_id"].iloc[0] == zone_id


def test_search_by_district_finds_the_zones_there(dataset) -> None:
    found = apply_filter(dataset.zones, ZoneFilter(query="Quy Nhơn"), dataset.provinces)
    in_district = dataset.zones[dataset.zones["district"].fillna("").str.contains("Quy Nhơn")]
    assert set(in_district["zone_id"]) <= set(found["zone_id"])
    assert len(in_district) > 1
