"""The production Streamlit configuration and the options the scripts pass exist in the installed
Streamlit (a renamed option would be ignored silently) and say what the docs claim; the launcher
(deploy/launch.py) still hooks the function Streamlit binds its socket with."""

from __future__ import annotations

import importlib.util
import re
import socket
import tomllib

import pytest
from streamlit import config

from appserver import DEV_OPTIONS, LAUNCHER, ROOT

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


def load_launcher():
    spec = importlib.util.spec_from_file_location("zones_launch", LAUNCHER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_launcher_replaces_the_socket_binding_streamlit_uses():
    from streamlit.web.server.starlette import starlette_server

    launcher = load_launcher()
    original = starlette_server._bind_socket
    try:
        launcher.install()
        assert starlette_server._bind_socket is launcher.bind_socket_without_nagle
    finally:
        starlette_server._bind_socket = original


def test_connections_accepted_by_the_launchers_socket_have_tcp_nodelay():
    listener = load_launcher().bind_socket_without_nagle("127.0.0.1", 0, 8)
    with listener, socket.create_connection(listener.getsockname()[:2], timeout=5):
        listener.setblocking(True)
        accepted, _ = listener.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
