"""Outline inputs that are invalid, NaN, far off, huge or in the wrong coordinate system; corner
tables in any encoding; a --secrets path that is a folder. Each gets a clear message, never a
traceback, and nothing is written."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import shapely
from test_readers import to_cp1258

from helpers import make_data_dir
from hostile.refusals import assert_clear_text
from zones.cli import main
from zones.outline_import import (
    MAX_UPLOAD_BYTES,
    OutlineImportError,
    check_candidate,
    decode_corner_file,
    read_corner_table,
    read_outline_file,
)
from zones.outlines import far_off_reasons
from zones.store import load_dataset

SQUARE = [[109.1, 13.8], [109.12, 13.8], [109.12, 13.82], [109.1, 13.82], [109.1, 13.8]]
NAN, INF = float("nan"), float("inf")


def polygon(ring: list[list[float]]) -> bytes:
    feature = {"type": "Feature", "properties": {},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def moved(ring: list[list[float]], dx: float, dy: float) -> list[list[float]]:
    return [[x + dx, y + dy] for x, y in ring]


def kml(coordinates: str) -> bytes:
    return ('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark>'
            "<Polygon><outerBoundaryIs><LinearRing><coordinates>" + coordinates +
            "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>").encode()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


REFUSED: list[tuple[str, str, Callable[[], bytes], str]] = [
    # (label, file name, content, words the message must contain)
    ("NaN coordinate", "o.geojson", lambda: polygon(
        [SQUARE[0], [NAN, 13.8], *SQUARE[2:]]), "NaN"),
    ("every coordinate NaN (JSON NaN literal)", "o.geojson", lambda: (
        b'{"type":"Polygon","coordinates":[[[NaN,NaN],[NaN,NaN],[NaN,NaN],[NaN,NaN]]]}'),
     "o.geojson"),
    ("infinite coordinate", "o.geojson", lambda: polygon(
        [SQUARE[0], [INF, 13.8], *SQUARE[2:]]), "o.geojson"),
    ("NaN in a KML", "o.kml", lambda: kml("109.1,13.8 nan,13.8 109.2,13.9 109.1,13.8"), "NaN"),
    ("ring that does not close", "o.geojson", lambda: polygon(SQUARE[:-1]), "o.geojson"),
    ("ring of two points", "o.geojson", lambda: polygon(SQUARE[:2]), "o.geojson"),
    ("null coordinates", "o.geojson", lambda: (
        b'{"type":"Polygon","coordinates":[[[null,1],[1,2],[3,4],[null,1]]]}'), "o.geojson"),
    ("text coordinates", "o.geojson", lambda: (
        b'{"type":"Polygon","coordinates":[[["a","b"],[1,2],[3,4],["a","b"]]]}'), "o.geojson"),
    ("no features", "o.geojson", lambda: b'{"type":"FeatureCollection","features":[]}',
     "o.geojson"),
    ("a point, not a polygon", "o.geojson",
     lambda: b'{"type":"Point","coordinates":[109.1,13.8]}', "Point"),
    ("not JSON at all", "o.geojson", lambda: b"{{{{", "o.geojson"),
    ("100,000 nested brackets", "o.geojson", lambda: b"[" * 100_000 + b"]" * 100_000,
     "o.geojson"),
    ("empty file", "o.geojson", lambda: b"", "o.geojson"),
    ("over the upload limit", "o.geojson", lambda: b" " * (MAX_UPLOAD_BYTES + 1), "MB"),
    ("metres claimed as degrees (wrong CRS)", "o.geojson", lambda: polygon(
        [[580000, 1535000], [580100, 1535000], [580100, 1535100], [580000, 1535000]]), "degrees"),
    ("latitude and longitude swapped", "o.geojson",
     lambda: polygon([[y, x] for x, y in SQUARE]), "o.geojson"),
    ("zip with a path outside the archive", "o.zip",
     lambda: zipped({"../../etc/outline.shp": b"x"}), "o.zip"),
    ("zip with no shapefile", "o.zip", lambda: zipped({"readme.txt": b"hello"}), "o.zip"),
    ("only the .shp of a shapefile", "o.shp", lambda: b"\x00\x00\x27\x0a" + b"\x00" * 96,
     "o.shp"),
    ("a Word document", "o.docx", lambda: zipped({"word/document.xml": b"<w/>"}), "o.docx"),
]


@pytest.mark.parametrize(("filename", "build", "words"), [c[1:] for c in REFUSED],
                         ids=[c[0] for c in REFUSED])
def test_outline_file_refused_with_a_message(filename: str, build, words: str) -> None:
    with pytest.raises(OutlineImportError) as caught:
        read_outline_file(build(), filename)
    for lang in ("vi", "en"):
        assert_clear_text(caught.value.text(lang))
    assert words in caught.value.text("en")


CHECKED: list[tuple[str, Callable[[], bytes], str]] = [
    # read, but the checks against the zone refuse it (or need an explicit override)
    ("self-intersecting bow tie", lambda: polygon(
        [[109.1, 13.8], [109.12, 13.82], [109.12, 13.8], [109.1, 13.82], [109.1, 13.8]]),
     "problems"),
    ("900 km from the zone", lambda: polygon(moved(SQUARE, -3.0, 8.0)), "far"),
    ("70 km from the zone", lambda: polygon(moved(SQUARE, 0.6, 0.2)), "far"),
    ("35 times the recorded area", lambda: polygon(
        [[108.9, 13.6], [109.6, 13.6], [109.6, 14.2], [108.9, 14.2], [108.9, 13.6]]), "far"),
]


@pytest.mark.parametrize(("build", "kind"), [c[1:] for c in CHECKED], ids=[c[0] for c in CHECKED])
def test_outline_read_but_not_saved_plainly(tmp_path: Path, build, kind: str) -> None:
    zone = load_dataset(make_data_dir(tmp_path / "data")).zone("kkt-nhon-hoi").to_dict()
    candidate = read_outline_file(build(), "o.geojson")
    problems = check_candidate(candidate, zone)
    reasons = far_off_reasons(candidate.geometry, zone)
    texts = [p.text(lang) for p in problems for lang in ("vi", "en")]
    texts += [r.text(lang) for r in reasons for lang in ("vi", "en")]
    for text in texts:
        assert_clear_text(text)
    if kind == "problems":
        assert any(p.severity.value == "error" for p in problems)
    else:
        assert reasons, "a far-off outline must need an explicit override"


def test_three_d_coordinates_are_flattened() -> None:
    candidate = read_outline_file(polygon([[x, y, 5.0] for x, y in SQUARE]), "o.geojson")
    assert not shapely.has_z(candidate.geometry)
    assert candidate.area_ha > 0


CORNERS = "Điểm\tX (m)\tY (m)\nA\t1535000\t580000\nB\t1535100\t580000\nC\t1535100\t580100\n"
CORNER_FILES = [
    ("windows-1258", lambda: to_cp1258(CORNERS)),
    ("utf-8", lambda: CORNERS.encode("utf-8")),
    ("utf-8 with BOM", lambda: b"\xef\xbb\xbf" + CORNERS.encode("utf-8")),
    ("utf-16", lambda: CORNERS.encode("utf-16")),
]


@pytest.mark.parametrize("build", [c[1] for c in CORNER_FILES], ids=[c[0] for c in CORNER_FILES])
def test_corner_table_file_in_any_encoding(build) -> None:
    text = decode_corner_file(build(), "corners.txt")
    candidate = read_corner_table(text, "EPSG:9217", province="Bình Định")
    assert len(shapely.get_coordinates(candidate.geometry)) == 4  # three corners, closed
    assert candidate.area_ha == pytest.approx(0.5, rel=0.01)


BAD_CORNERS = [
    ("NaN", "1 nan 580000\n2 1535100 580000\n3 1535100 580100\n"),
    ("infinite", "1 inf 580000\n2 1535100 580000\n3 1535100 580100\n"),
    ("overflowing 1e400", "1 1e400 580000\n2 1535100 580000\n3 1535100 580100\n"),
    ("two corners", "1 1535000 580000\n2 1535100 580000\n"),
    ("prose", "Quyết định số 123/QĐ-UBND về việc phê duyệt quy hoạch\n"),
    ("binary pasted", "\x00\x01\x02 1 2\n"),
]


@pytest.mark.parametrize("text", [c[1] for c in BAD_CORNERS], ids=[c[0] for c in BAD_CORNERS])
def test_bad_corner_table_is_a_message(text: str) -> None:
    with pytest.raises(OutlineImportError) as caught:
        read_corner_table(text, "EPSG:9217", province="Bình Định")
    for lang in ("vi", "en"):
        assert_clear_text(caught.value.text(lang))


def test_corner_file_that_is_binary_is_a_message() -> None:
    with pytest.raises(OutlineImportError) as caught:
        decode_corner_file(b"\x7fELF" + bytes(range(32)) * 20, "corners.txt")
    assert_clear_text(caught.value.text("vi"))


def test_secrets_path_that_is_a_folder(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password 123\n"))
    code = main(["add-user", "lan", "--password-stdin", "--secrets", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "is a folder" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
