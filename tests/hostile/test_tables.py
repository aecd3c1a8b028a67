"""CSV files in every encoding and shape staff (or a hostile sender) can produce.

Each case either reads the valid table, is refused by the reader with one catalogue message,
or reads but fails validation with problems named by row and column. Checking never writes.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_readers import to_cp1258

from helpers import ZONE_ROWS, make_data_dir
from hostile.build import csv_bytes, zone_records
from hostile.refusals import assert_clear_text, assert_refused, folder_digest, read_ok
from zones.edits import check_upload
from zones.readers import UPLOAD_LIMITS, Limits
from zones.schema import ZONES

N = len(ZONE_ROWS)


def text() -> str:
    return csv_bytes(zone_records()).decode("utf-8")


def semicolon_commas() -> bytes:
    records = zone_records()
    numeric = [i for i, name in enumerate(records[0]) if name in ZONES.numeric_columns]
    for record in records[1:]:
        for i in numeric:
            record[i] = record[i].replace(".", ",")
    return csv_bytes(records, ";")


@dataclass(frozen=True)
class Refused:
    key: str
    row: int | None = None
    limits: Limits = UPLOAD_LIMITS


@dataclass(frozen=True)
class Reads:
    rows: int = N
    encoding: str | None = None


@dataclass(frozen=True)
class Invalid:
    """Readable, but validation reports problems (wrong shape for a zones table)."""

    contains: str = ""


CASES: list[tuple[str, Callable[[], bytes], Refused | Reads | Invalid]] = [
    # encodings Excel and other tools write
    ("utf-8", lambda: text().encode("utf-8"), Reads(encoding="utf-8")),
    ("utf-8 with BOM", lambda: b"\xef\xbb\xbf" + text().encode("utf-8"), Reads(encoding="utf-8-sig")),
    ("utf-16 LE with BOM", lambda: text().encode("utf-16"), Reads(encoding="utf-16")),
    ("utf-16 BE with BOM", lambda: b"\xfe\xff" + text().encode("utf-16-be"),
     Reads(encoding="utf-16")),
    ("utf-16 LE without BOM", lambda: text().encode("utf-16-le"), Reads(encoding="utf-16-le")),
    ("utf-16 BE without BOM", lambda: text().encode("utf-16-be"), Reads(encoding="utf-16-be")),
    ("windows-1258 as Excel writes it", lambda: to_cp1258(text()), Reads(encoding="cp1258")),
    ("utf-8 in NFD (macOS)", lambda: __import__("unicodedata").normalize("NFD", text()).encode(),
     Reads()),
    ("utf-16 with a lone surrogate", lambda: b"\xff\xfe" + text().encode("utf-16-le")[:40]
     + b"\x00\xd8", Refused("bad_bytes")),
    ("windows-1258 undefined byte", lambda: text().encode("utf-8").replace(b"kkt", b"k\x81\xe0", 1),
     Refused("bad_bytes")),
    ("utf-32 with BOM", lambda: text().encode("utf-32"), Refused("control_character", 1)),
    ("gzip-compressed CSV", lambda: gzip.compress(text().encode()), Refused("binary")),
    ("PNG image renamed .csv", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
     Refused("binary")),
    ("ELF executable", lambda: b"\x7fELF\x02\x01\x01" + b"\x00" * 300, Refused("binary")),
    ("shift-jis text", lambda: "名前,種類\n東京,工業\n".encode("shift_jis"), Invalid()),
    # line endings and delimiters
    ("CRLF line ends", lambda: text().replace("\n", "\r\n").encode(), Reads()),
    ("CR-only line ends (old Mac)", lambda: text().replace("\n", "\r").encode(), Reads()),
    ("mixed line ends", lambda: text().replace("\n", "\r\n", 2).encode(), Reads()),
    ("no final line break", lambda: text().rstrip("\n").encode(), Reads()),
    ("semicolons and decimal commas", semicolon_commas, Reads()),
    ("tab-separated", lambda: csv_bytes(zone_records(), "\t"), Reads()),
    ("pipe-separated", lambda: csv_bytes(zone_records(), "|"), Invalid("zone_id")),
    # shapes
    ("empty file", lambda: b"", Refused("empty")),
    ("only blank lines", lambda: b"\n\r\n  \n", Refused("empty")),
    ("only delimiters", lambda: b",,,\n,,,\n", Refused("empty")),
    # a header-only file reads as no rows; the Import tab shows it deletes every row
    ("header only", lambda: csv_bytes(zone_records()[:1]), Reads(rows=0)),
    ("header only with BOM", lambda: b"\xef\xbb\xbf" + csv_bytes(zone_records()[:1]),
     Reads(rows=0)),
    ("header and blank lines only", lambda: csv_bytes(zone_records()[:1]) + b"\n,,,\n\n",
     Reads(rows=0)),
    ("blank lines between rows", lambda: text().replace("\n", "\n\n").encode(), Reads()),
    ("header in capitals with spaces", lambda: text().replace(
        "zone_id,name", " ZONE_ID , Name ", 1).encode(), Reads()),
    ("unterminated quote", lambda: text().replace(",KKT,", ',"KKT,', 1).encode(),
     Refused("malformed_csv")),
    ("quote inside a quoted cell", lambda: text().replace(",KKT,", ',"KK"T",', 1).encode(),
     Refused("malformed_csv")),
    ("quoted cell with a line break", lambda: csv_bytes(
        [r if i != 1 else [*r[:-1], "line one\nline two"] for i, r in enumerate(zone_records())]),
     Reads()),
    ("short rows", lambda: "\n".join(
        line if i == 0 else ",".join(line.split(",")[:3]) for i, line in
        enumerate(text().splitlines())).encode(), Invalid()),
    ("extra cells after the header's width", lambda: text().replace("\n", ",surplus\n")
     .replace(",surplus\n", "\n", 1).encode(), Invalid()),
    ("duplicate header column", lambda: text().replace("name,", "zone_id,", 1).encode(),
     Invalid()),
    ("no header row", lambda: "\n".join(text().splitlines()[1:]).encode(), Invalid()),
    ("a single column", lambda: b"zone_id\nkkt-a\n", Invalid()),
    ("data beyond column 200", lambda: csv_bytes(
        [r + [""] * 200 + ["x"] for r in zone_records()]), Refused("too_many_columns", 1)),
    ("more rows than allowed", lambda: csv_bytes(zone_records() + [["x"]] * 120),
     Refused("too_many_rows", limits=Limits(max_rows=100))),
    ("20,001 rows", lambda: csv_bytes(zone_records() + [["kcn-x", "x"]] * 20_001),
     Refused("too_many_rows")),
    ("file over the size limit", lambda: text().encode() + b"#" * 100,
     Refused("too_large", limits=Limits(max_bytes=100))),
    ("21 MB of one line", lambda: b"a" * (21 * 1024 * 1024), Refused("too_large")),
    ("header over the cell limit", lambda: ("x" * 20_000 + "," + text()).encode(),
     Refused("huge_cell", 1)),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_data_dir(tmp_path_factory.mktemp("tables") / "data")


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_table_file(folder: Path, build, expected) -> None:
    data = build()
    before = folder_digest(folder)
    if isinstance(expected, Refused):
        assert_refused(data, expected.key, row=expected.row, limits=expected.limits)
    elif isinstance(expected, Reads):
        raw = read_ok(data)
        assert len(raw.rows) == expected.rows
        if expected.encoding:
            assert raw.encoding == expected.encoding
        candidate = check_upload(folder, data, "upload.csv", ZONES)
        if expected.rows == 0:
            assert len(candidate.diff.removed) == N or not candidate.report.ok
        else:
            assert [row["zone_id"] for row in raw.rows] == [row["zone_id"] for row in ZONE_ROWS]
            assert candidate.report.ok, [str(p) for p in candidate.report.errors]
    else:
        candidate = check_upload(folder, data, "upload.csv", ZONES)
        assert not candidate.report.ok and candidate.rows == []
        for problem in candidate.report.errors:
            assert_clear_text(str(problem))
        assert any(expected.contains in str(p) for p in candidate.report.errors)
    assert folder_digest(folder) == before


def test_the_data_folder_itself_has_no_row_limit(tmp_path: Path) -> None:
    """Upload limits are for uploads: a folder of more zones than an upload may hold still
    opens in the editor (benchmarks load 100k zones)."""
    from zones.edits import current_rows

    records = zone_records()
    extra = [[f"kcn-extra-{n}" if name == "zone_id" else value
              for name, value in zip(records[0], records[1], strict=True)]
             for n in range(20_001)]
    folder = make_data_dir(tmp_path / "data")
    (folder / "zones.csv").write_bytes(csv_bytes(records + extra))
    assert_refused((folder / "zones.csv").read_bytes(), "too_many_rows")  # as an upload
    assert len(current_rows(folder, ZONES)) == N + 20_001  # as the folder's own file
