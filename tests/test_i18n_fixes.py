"""Fixes that name a setting name the one the code reads."""

from __future__ import annotations

import pytest

from zones.i18n import t
from zones.store import DATA_DIR_ENV


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_missing_data_file_fix_names_the_apps_setting_and_the_cli_flag(lang):
    fix = t("read.fix.data_path", lang)
    assert DATA_DIR_ENV in fix
    assert "--data" in fix
