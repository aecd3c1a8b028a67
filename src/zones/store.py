"""Load the data folder: the four tables as DataFrames and the outlines, once validated.

Nothing downstream sees data that failed validation: `load_dataset` raises `InvalidData`
carrying the full report.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from zones.outlines import Outline
from zones.schema import OUTLINES_FILENAME, PROVINCES, SOURCES, TARGETS, ZONES
from zones.validate import Problem, Report, TypedTable, check_data

if TYPE_CHECKING:  # pandas loads with the data, not for `data_files` on the save path
    import pandas as pd

DATA_DIR_ENV = "ZONES_DATA_DIR"
BUNDLED_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


class InvalidData(Exception):
    """The data has errors; `report` lists every one of them."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"{len(report.errors)} problem(s) in the data")


def default_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or BUNDLED_DATA_DIR)


def data_files(data_dir: Path) -> list[Path]:
    return [data_dir / t.filename for t in (ZONES, TARGETS, SOURCES, PROVINCES)] + [
        data_dir / OUTLINES_FILENAME
    ]


def data_version(data_dir: Path) -> str:
    """Changes whenever any data file changes on disk (size or modification time).

    Cheap enough to compute on every Streamlit rerun, so caches keyed by it are never stale.
    """
    digest = hashlib.sha256(str(data_dir.resolve()).encode())
    for path in data_files(data_dir):
        try:
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except FileNotFoundError:
            digest.update(f"{path.name}:missing".encode())
    return digest.hexdigest()[:16]


@dataclass
class Dataset:
    data_dir: Path
    zones: pd.DataFrame
    targets: pd.DataFrame
    sources: pd.DataFrame
    provinces: pd.DataFrame
    outlines: dict[str, Outline]
    warnings: list[Problem] = field(default_factory=list)
    version: str = ""

    def zone(self, zone_id: str) -> pd.Series:
        return self.zones.loc[self.zones["zone_id"] == zone_id].iloc[0]


def to_frame(typed: TypedTable) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(typed.rows, columns=typed.table.column_names)
    for column in typed.table.columns:
        if column.type.value == "number":
            frame[column.name] = pd.to_numeric(frame[column.name]).astype("float64")
        elif column.type.value == "year":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.type.value in ("slug list", "text list"):
            frame[column.name] = frame[column.name].map(lambda v: v if isinstance(v, list) else [])
        else:
            frame[column.name] = frame[column.name].astype(object)
    frame.insert(0, "row_number", typed.row_numbers)
    return frame


def load_dataset(data_dir: Path | None = None) -> Dataset:
    from zones.versions import recover_if_needed

    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    recover_if_needed(data_dir)  # a save interrupted by a crash is finished or undone first
    version = data_version(data_dir)
    checked = check_data(data_dir)
    if not checked.report.ok:
        raise InvalidData(checked.report)
    assert checked.zones and checked.targets and checked.sources and checked.provinces
    provinces = to_frame(checked.provinces)
    zones = to_frame(checked.zones)
    province_2025 = dict(zip(provinces["province"], provinces["province_2025"], strict=True))
    zones.insert(
        zones.columns.get_loc("province") + 1, "province_2025", zones["province"].map(province_2025)
    )
    return Dataset(
        data_dir=data_dir,
        zones=zones,
        targets=to_frame(checked.targets),
        sources=to_frame(checked.sources),
        provinces=provinces,
        outlines=checked.outlines,
        warnings=checked.report.warnings,
        version=version,
    )
