"""Fixtures: a small, valid data folder, and a writable copy of the bundled one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# Older tests imported these from conftest; they live in helpers.py now.
from helpers import BUNDLED_DATA, ROOT, TARGET_ROWS, ZONE_ROWS, make_data_dir, zone  # noqa: F401


@pytest.fixture(autouse=True)
def cli_in_english(monkeypatch) -> None:
    """The CLI speaks the language of ZONES_LANG or the locale; tests ask for Vietnamese
    explicitly (--lang vi), whatever the machine's locale."""
    monkeypatch.setenv("ZONES_LANG", "en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return make_data_dir(tmp_path / "data")


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data folder."""
    target = tmp_path / "bundled"
    shutil.copytree(BUNDLED_DATA, target)
    return target
