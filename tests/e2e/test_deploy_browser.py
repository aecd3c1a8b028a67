"""The scaled-out deployment, end to end: `deploy/start` (nginx + 2 replicas) on a copy of the
data, then headless Chromium through the proxy.

- the frontend comes from nginx's disk, compressed and cached, not from the replicas;
- sticky sessions: one browser's page, websocket and later requests reach one replica;
- the map draws through the proxy, and a fill rate saved through replica A is seen by a new
  session on replica B (the replicas share only the data folder).
"""

from __future__ import annotations

import re
import shutil
import time
import urllib.request
from pathlib import Path

import argon2
import pytest

from appserver import Deployment, run_deployment
from zones import auth
from zones.store import load_dataset

from .conftest import require_browser
from .test_app_browser import BUNDLED_DATA, expect
from .test_edit_browser import FILL_COLUMN, PASSWORD, ZONE, sign_in, type_into_first_row

pytestmark = pytest.mark.e2e

NGINX = Path("/usr/sbin/nginx")
COOKIE = "zones_replica"
ACCESS_LINE = re.compile(
    r'"GET (?P<path>\S+) [^"]*" (?P<status>\d+) .* replica=(?P<replica>\S+) '
    r"key=(?P<key>\S+)"
)


def access(deployment: Deployment) -> list[dict[str, str]]:
    """Where each request went, from nginx's access log."""
    log = deployment.run_dir / "logs" / "access.log"
    return [m.groupdict() for m in map(ACCESS_LINE.search, log.read_text().splitlines()) if m]


def replicas_of(deployment: Deployment, key: str, path: str, timeout_s: float = 5.0) -> set[str]:
    """Replicas that served `path` (a prefix) to the sticky `key`, once logged.

    nginx logs a request when it ends, so this waits (bounded) for a first line.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        found = {
            line["replica"]
            for line in access(deployment)
            if line["key"] == key and line["path"].startswith(path)
        }
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def replica_for(deployment: Deployment, key: str) -> str:
    """Ask the proxy for the health page with this sticky key; the replica that answered."""
    request = urllib.request.Request(
        f"{deployment.url}/_stcore/health", headers={"Cookie": f"{COOKIE}={key}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    (replica,) = replicas_of(deployment, key, "/_stcore/health")
    return replica


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    require_browser()
    if not NGINX.exists():
        pytest.skip("Debian's nginx is missing (./scripts/test installs it when run as root)")
    work = tmp_path_factory.mktemp("e2e-deploy")
    data_dir = work / "data"
    shutil.copytree(BUNDLED_DATA, data_dir, ignore=shutil.ignore_patterns("history", ".*lock"))
    hasher = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    users = {auth.USERS_ENV: f"lan={hasher.hash(PASSWORD)}"}
    with run_deployment(data_dir, work, replicas=2, env=users) as server:
        yield server


def keys_per_replica(deployment: Deployment) -> dict[str, str]:
    """One sticky-cookie value for each replica (a handful of tries suffice with 2 replicas)."""
    found: dict[str, str] = {}
    for index in range(40):
        replica = replica_for(deployment, f"e2e-key-{index}")
        found.setdefault(replica, f"e2e-key-{index}")
        if len(found) == len(deployment.replica_ports):
            return found
    raise AssertionError(f"40 sticky keys all went to {sorted(found)}")


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_frontend_files_come_from_nginx_compressed_and_cached(deployment):
    status, headers, body = get(deployment.url + "/")
    assert status == 200 and COOKIE + "=" in headers.get("Set-Cookie", "")
    script = re.search(r'src="\./(static/js/[^"]+\.js)"', body.decode()).group(1)
    component = "component/streamlit_folium.st_folium"
    _, headers, page = get(f"{deployment.url}/{component}/index.html")
    assert "no-cache" in headers["Cache-Control"]  # revalidated: it names the hashed bundle
    component_script = re.search(r'src="[./]*(static/js/main[^"]+\.js)"', page.decode()).group(1)
    checks = [  # (path, cache-control it must carry)
        (script, "immutable"),
        (f"{component}/{component_script}", "immutable"),
        ("app/static/vendor/leaflet/leaflet.js", "max-age=3600"),
    ]
    for path, cache in checks:
        status, headers, _ = get(f"{deployment.url}/{path}", **{"Accept-Encoding": "gzip"})
        assert status == 200, path
        assert headers.get("Content-Encoding") == "gzip", path
        assert cache in headers.get("Cache-Control", ""), path
    proxied = {line["path"] for line in access(deployment) if line["replica"] != "-"}
    assert not any(path.startswith(("/static/", "/app/static/")) for path in proxied), proxied


def test_map_draws_and_an_edit_through_replica_a_shows_on_replica_b(open_app, deployment):
    keys = keys_per_replica(deployment)
    (replica_a, key_a), (replica_b, key_b) = sorted(keys.items())

    staff = open_app(deployment)
    staff.page.context.add_cookies([{"name": COOKIE, "value": key_a, "url": deployment.url}])
    staff.open("/")
    staff.map_frame()
    sign_in(staff, "lan", PASSWORD)
    staff.sidebar().get_by_role("link", name="Chỉnh sửa").click()
    staff.wait_idle()
    type_into_first_row(staff, FILL_COLUMN, "55")
    staff.page.get_by_label("Ghi chú thay đổi (không bắt buộc)").fill("e2e: through replica A")
    staff.page.get_by_role("button", name="Lưu").click()
    staff.wait_idle()
    expect(staff.page.get_by_text("Đã lưu phiên bản")).to_be_visible()
    assert load_dataset(deployment.data_dir).zone(ZONE)["fill_pct"] == 55

    viewer = open_app(deployment)
    viewer.page.context.add_cookies([{"name": COOKIE, "value": key_b, "url": deployment.url}])
    viewer.open("/")
    popup = viewer.open_popup_at(13.8833, 109.2333)
    expect(popup).to_contain_text(ZONE)
    expect(popup).to_contain_text(re.compile(r"\b55\s?%"))  # the figure saved through A
    viewer.screenshot("deploy-replica-b-sees-edit")

    staff.page.close()  # nginx logs a websocket when it closes
    viewer.page.close()
    assert replicas_of(deployment, key_a, "/_stcore/stream") == {replica_a}
    assert replicas_of(deployment, key_b, "/_stcore/stream") == {replica_b}
