"""A view's state survives the trip through the URL: to_query, a real query string, from_query."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest

from zones.filters import ZoneFilter
from zones.urlstate import ViewState, from_query, to_query

STATES = [
    ViewState(),
    ViewState(zone_filter=ZoneFilter(provinces=("Gia Lai", "Bình Định"))),
    ViewState(zone_filter=ZoneFilter(kinds=("KCN", "CCN"), statuses=("operating", "planned"))),
    ViewState(zone_filter=ZoneFilter(fill_range=(0.0, 60.0), include_unknown_fill=False)),
    ViewState(zone_filter=ZoneFilter(fill_range=(12.5, 87.5))),
    ViewState(zone_filter=ZoneFilter(area_range=(100.0, 45332.5), include_unknown_area=False)),
    ViewState(zone_filter=ZoneFilter(query="phú tài & co = 100%")),
    ViewState(zone="kcn-nhon-hoa"),
    ViewState(compare=("kcn-nhon-hoa", "kcn-phu-tai", "kkt-nhon-hoi")),
    ViewState(lang="en", by="province_2025"),
    ViewState(
        zone_filter=ZoneFilter(provinces=("Hòa Bình",), kinds=("KKT",), query="nhon hoi",
                               fill_range=(0.0, 100.0), area_range=(0.0, 20000.0)),
        zone="kkt-nhon-hoi", lang="vi", by="province",
    ),
]


@pytest.mark.parametrize("state", STATES, ids=range(len(STATES)))
def test_state_round_trips_through_a_query_string(state: ViewState) -> None:
    url = urlencode(to_query(state), doseq=True)
    assert from_query(parse_qs(url)) == state


@pytest.mark.parametrize("state", STATES, ids=range(len(STATES)))
def test_state_round_trips_through_streamlit_style_params(state: ViewState) -> None:
    """st.query_params hands over a single value as a plain string, several as a list."""
    query = {key: values[0] if len(values) == 1 else values
             for key, values in to_query(state).items()}
    assert from_query(query) == state


@pytest.mark.parametrize(
    "query",
    [
        {"fill": ["60-0"]},
        {"fill": ["abc"]},
        {"kind": ["KCX"]},
        {"zone": ["<script>"]},
        {"lang": ["fr"]},
        {"by": ["district"]},
    ],
)
def test_unreadable_parameters_are_ignored(query: dict[str, list[str]]) -> None:
    assert from_query(query) == ViewState()
