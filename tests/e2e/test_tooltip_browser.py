"""The Leaflet map's tooltip renderer, run in Chromium over a table of zones, says exactly what
the 3-D view's (Python) renderer says: both read zones.tooltip's one spec. Hovering a zone on
each map is checked in test_map_browser.py."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import tooltip_zones
from zones.maps import ZONE_HTML_JS, map_labels, zone_rows
from zones.tooltip import tooltip_texts

# Renders each row's tooltip as the map does (innerHTML) and reads it back as a person does.
RENDER_JS = """([rows, T]) => rows.map(z => {
  const box = document.createElement('div');
  box.innerHTML = zoneTooltip(z, T);
  document.body.appendChild(box);
  const text = box.innerText;
  const injected = box.querySelectorAll('*:not(b):not(br)').length;
  box.remove();
  return [text, injected];
})"""


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_leaflet_tooltip_says_what_the_3d_tooltip_says(page: Any, lang: str) -> None:
    zones = tooltip_zones()
    page.add_script_tag(content=ZONE_HTML_JS)
    rendered = page.evaluate(RENDER_JS, [zone_rows(zones, lang, shapes=False), map_labels(lang)])
    assert [text for text, _ in rendered] == tooltip_texts(zones, lang)
    assert [injected for _, injected in rendered] == [0] * len(zones)  # names stay text
