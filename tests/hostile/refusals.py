"""Assertions shared by the hostile-input cases: a refusal is one clear catalogue message, in
both languages, and checking a file never touches the data folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from zones.edits import Candidate, check_upload
from zones.i18n import LANGUAGES, has
from zones.readers import UPLOAD_LIMITS, Limits, RawTable, ReadError, read_table_bytes
from zones.schema import ZONES, Table


def folder_digest(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def assert_clear_text(text: str) -> None:
    """Rendered for a person: no traceback, no unfilled placeholder, no bare catalogue key."""
    assert "Traceback" not in text and "Error(" not in text
    assert "{" not in text and "}" not in text, text
    assert "read." not in text, text


def refusal(data: bytes, source: str = "upload.csv", table: Table = ZONES,
            limits: Limits = UPLOAD_LIMITS) -> ReadError:
    """The ReadError a file gets; its texts are complete in every language."""
    with pytest.raises(ReadError) as caught:
        read_table_bytes(data, table, source, limits)
    error = caught.value
    assert has(error.message.key) and has(error.fix.key)
    for lang in LANGUAGES:
        assert_clear_text(error.text(lang))
    assert error.text("vi") != error.text("en")
    return error


def assert_refused(data: bytes, key: str, source: str = "upload.csv",
                   row: int | None = None, column: str | None = None,
                   limits: Limits = UPLOAD_LIMITS) -> ReadError:
    error = refusal(data, source, limits=limits)
    assert error.message.key == f"read.{key}", error.text("en")
    if row is not None:
        assert error.row == row
    if column is not None:
        assert error.column and column in error.column, error.column
    return error


def upload_refused(data_dir: Path, data: bytes, source: str) -> Candidate:
    """What the Edit page's Import tab and `zones import` see: one problem, nothing written."""
    before = folder_digest(data_dir)
    candidate = check_upload(data_dir, data, source, ZONES)
    assert not candidate.report.ok and candidate.rows == []
    assert len(candidate.report.errors) == 1
    assert_clear_text(str(candidate.report.errors[0]))
    assert folder_digest(data_dir) == before
    return candidate


def read_ok(data: bytes, source: str = "upload.csv", limits: Limits = UPLOAD_LIMITS) -> RawTable:
    return read_table_bytes(data, ZONES, source, limits)
