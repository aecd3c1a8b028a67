"""The library's layering rules, checked in fresh interpreters.

- No zones module imports Streamlit (pages arrange widgets; the library never does).
- Validating and saving load neither pandas nor geopandas (fast CLI checks and saves).
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import zones

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(zones.__path__, prefix="zones.")
    if info.name != "zones.__main__"
)


def modules_loaded_by(statement: str) -> set[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=120)
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_every_module_is_found() -> None:
    assert {"zones.cli", "zones.validate", "zones.validate.folder", "zones.geometry"} <= set(
        MODULES)


def test_no_zones_module_imports_streamlit() -> None:
    loaded = modules_loaded_by("\n".join(f"import {name}" for name in MODULES))
    assert set(MODULES) <= loaded
    assert not {name for name in loaded if name.split(".")[0] == "streamlit"}


@pytest.mark.parametrize("module", ["zones.validate", "zones.outlines", "zones.edits",
                                    "zones.versions"])
def test_validating_and_saving_load_no_pandas(module: str) -> None:
    loaded = modules_loaded_by(f"import {module}")
    assert not {"pandas", "geopandas"} & loaded
