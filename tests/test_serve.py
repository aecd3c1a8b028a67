"""serve.py, the production entry: its process-wide settings take effect when it runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

READ_SETTINGS = """
import gc, json, runpy
namespace = runpy.run_path("serve.py")
print(json.dumps({"now": gc.get_threshold(), "wanted": namespace["GC_THRESHOLDS"],
                  "app": type(namespace["app"]).__name__}))
"""


def test_serve_py_makes_the_app_and_collects_garbage_less_often() -> None:
    done = subprocess.run([sys.executable, "-c", READ_SETTINGS], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    settings = json.loads(done.stdout.strip().splitlines()[-1])
    assert settings["app"] == "App"
    assert tuple(settings["now"]) == tuple(settings["wanted"])
    assert settings["now"][0] > 700  # Python's default generation-0 threshold
