"""Fixtures: a small, valid data folder, and a writable copy of the bundled one."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

# Older tests imported these from conftest; they live in helpers.py now.
from helpers import BUNDLED_DATA, ROOT, TARGET_ROWS, ZONE_ROWS, make_data_dir, zone  # noqa: F401

_PYTEST_MAIN = sys.modules["__main__"]


@pytest.fixture(autouse=True)
def main_module_is_pytest():
    """AppTest leaves app.py as the `__main__` module; a process started with "spawn" would
    then run the whole app before its work (slowly, and a crash there makes a Pool restart its
    workers for ever). Every test starts and ends with pytest's own `__main__`."""
    sys.modules["__main__"] = _PYTEST_MAIN
    yield
    sys.modules["__main__"] = _PYTEST_MAIN


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
