"""How long a hostile upload takes to be refused (or read), and the memory it costs.

    python bench/bench_uploads.py

Each file is built first (not timed), then read once in a fresh subprocess with
`read_table_bytes` and the upload limits: wall time (perf_counter), CPU time and the peak
resident memory the read added (VmHWM after minus VmRSS before, as in bench_library.py). The
outcome is the reader's message key, or the number of rows read.
"""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests")]

CHILD = r"""
import pickle, resource, sys, time
from zones.readers import ReadError, read_table_bytes
from zones.schema import ZONES
data = open(sys.argv[1], "rb").read()
def rss(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) * 1024
open("/proc/self/clear_refs", "w").write("5")
before, start, cpu = rss("VmRSS"), time.perf_counter(), time.process_time()
try:
    outcome = f"{len(read_table_bytes(data, ZONES, 'upload').rows)} rows"
except ReadError as error:
    outcome = error.message.key
print(pickle.dumps((outcome, time.perf_counter() - start, time.process_time() - cpu,
                    rss("VmHWM") - before)).hex())
"""


def cases() -> dict[str, bytes]:
    from hostile.build import (
        SHEET,
        csv_bytes,
        replace_sheet_data,
        rewrite_part,
        set_dimension,
        sheet_rows,
        workbook_parts,
        xlsx_bytes,
        zip_bytes,
        zone_records,
    )

    base = xlsx_bytes(zone_records())
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in workbook_parts(base).items():
            if name != SHEET:
                archive.writestr(name, content)
        # 2,000,000 rows streamed into the zip without holding the XML in memory
        with archive.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main"><sheetData>')
            for start in range(1, 2_000_001, 10_000):
                sheet.write(sheet_rows_bytes(start, 10_000))
            sheet.write(b"</sheetData></worksheet>")
    return {
        "valid workbook (4 rows)": base,
        "<dimension> claims A1:XFD1048576": rewrite_part(base, SHEET,
                                                         set_dimension("A1:XFD1048576")),
        "stale <dimension> A1:C2": rewrite_part(base, SHEET, set_dimension("A1:C2")),
        "20,010 rows (over the row limit)": rewrite_part(
            base, SHEET, replace_sheet_data(sheet_rows(20_010, 1))),
        "2,000,000 rows": many.getvalue(),
        "150 MB sheet zip bomb": zip_bytes({**workbook_parts(base),
                                            SHEET: b" " * 150_000_000}),
        "300,000-character cell (CSV)": csv_bytes(
            [*zone_records()[:1], ["x" * 300_000, *zone_records()[1][1:]]]),
        "30,000-row CSV": csv_bytes(zone_records() + [["kcn-x", "x"]] * 30_000),
    }


def sheet_rows_bytes(start: int, count: int) -> bytes:
    return "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>v{r}</t></is></c></row>'
                   for r in range(start, start + count)).encode()


def main() -> None:
    print("| file | size | outcome | wall s | CPU s | added peak RSS MiB |")
    print("|---|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for label, data in cases().items():
            path = Path(folder) / "upload"
            path.write_bytes(data)
            out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                                 text=True, check=True, cwd=ROOT)
            outcome, wall, cpu, peak = pickle.loads(bytes.fromhex(out.stdout.strip()))
            print(f"| {label} | {len(data) / 1024:,.0f} KiB | {outcome} | {wall:.2f} | "
                  f"{cpu:.2f} | {peak / 1024 / 1024:,.0f} |")


if __name__ == "__main__":
    main()
