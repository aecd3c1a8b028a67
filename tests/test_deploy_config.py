"""The production Streamlit configuration and the options the scripts pass exist in the installed
Streamlit (a renamed option would be ignored silently) and say what the docs claim."""

from __future__ import annotations

import re
import tomllib

import pytest
from streamlit import config

from appserver import DEV_OPTIONS, ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
SET_OPTIONS = {
    f"{section}.{name}": value for section, names in CONFIG.items() for name, value in names.items()
}
RUN_SCRIPT = (ROOT / "scripts" / "run").read_text(encoding="utf-8")
SCRIPT_OPTIONS = re.findall(r"--([a-z]+\.[A-Za-z]+) (\S+)", RUN_SCRIPT)


@pytest.mark.parametrize(
    ("option", "production"),
    [
        ("server.fileWatcherType", "none"),  # ~180 ms per session
        ("runner.postScriptGC", False),  # 94-303 ms per run
        ("server.enableStaticServing", True),  # Leaflet from ./static, offline
        ("browser.gatherUsageStats", False),
    ],
)
def test_production_defaults(option, production):
    assert SET_OPTIONS[option] == production


@pytest.mark.parametrize("option", sorted(SET_OPTIONS))
def test_config_file_options_exist_in_streamlit(option):
    assert option in config._config_options_template


@pytest.mark.parametrize(
    "option", sorted({name for name, _ in SCRIPT_OPTIONS} | set(DEV_OPTIONS[::2]))
)
def test_dev_options_exist_in_streamlit(option):
    assert option.removeprefix("--") in config._config_options_template


def test_dev_mode_turns_the_watcher_and_gc_back_on():
    dev = dict(SCRIPT_OPTIONS)
    assert dev["server.fileWatcherType"] == "auto"
    assert dev["runner.postScriptGC"] == "true"
