"""Production configuration (.streamlit/config.toml: no file watcher, no forced GC) in a real
server: a change to the data files still shows on the next run, through the data-version cache."""

from __future__ import annotations

import shutil

import pytest

from .test_app_browser import BUNDLED_DATA, expect

pytestmark = pytest.mark.e2e

ZONE = "kcn-phu-tai"
OLD_NAME = "Khu công nghiệp Phú Tài"
NEW_NAME = "Khu công nghiệp Phú Tài (đổi tên khi máy chủ đang chạy)"


def test_data_changed_on_disk_shows_on_the_next_run(open_app, launch_app, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA, data_dir, ignore=shutil.ignore_patterns("history", ".*lock"))
    with launch_app(data_dir, tmp_path) as server:
        app = open_app(server)
        app.open("/zone", zone=ZONE)
        expect(app.page.locator("h2", has_text=OLD_NAME)).to_be_visible()

        zones_csv = data_dir / "zones.csv"
        text = zones_csv.read_text(encoding="utf-8")
        assert text.count(f",{OLD_NAME},") == 1
        zones_csv.write_text(text.replace(f",{OLD_NAME},", f",{NEW_NAME},"), encoding="utf-8")

        app.page.reload()  # a new session, whose first run reads the new version
        app.wait_idle()
        expect(app.page.locator("h2", has_text=NEW_NAME)).to_be_visible()
        # Closed while the server still runs: a request from the page's map frame to a stopped
        # server would be an unhandled rejection (seen once in CI), not a finding about the app.
        app.page.close()
