"""Start and stop real servers (`streamlit run`, `deploy/start`) for tests/e2e/ and bench/.

Imports nothing from pytest, Playwright or the app, so benchmarks and deployment tests use the
very same start, health wait, CPU accounting and stop as the browser tests. Every server runs in
its own process session and is stopped by ending that process group, even when a test fails.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_DATA = ROOT / "data"
STARTUP_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 10.0
DATA_DIR_ENV = "ZONES_DATA_DIR"
RUN_LOG_ENV = "ZONES_RUN_LOG"
# Streamlit's defaults, which .streamlit/config.toml turns off in production: the "before" of
# the benchmarks, and what `scripts/run --dev` gives authors.
DEV_OPTIONS = ("--server.fileWatcherType", "auto", "--runner.postScriptGC", "true")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used so far (Linux /proc), None if unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def process_group_cpu_seconds(pgid: int) -> float:
    """CPU time of every live process in a process group (a deployment: nginx + replicas)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:  # field 5 of /proc/PID/stat: the process group
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


@dataclass
class AppServer:
    url: str
    port: int
    process: subprocess.Popen
    server_log: Path
    data_dir: Path | None = None
    run_log: Path | None = None

    def runs(self) -> int:
        """Script runs so far (lines in the run log)."""
        if self.run_log is None:
            return 0
        try:
            return len(self.run_log.read_text(encoding="utf-8").splitlines())
        except FileNotFoundError:
            return 0

    def cpu_seconds(self) -> float | None:
        """CPU time of the server and everything it started (its own process group)."""
        return process_group_cpu_seconds(self.process.pid)

    def log_tail(self, chars: int = 3000) -> str:
        return self.server_log.read_text(encoding="utf-8", errors="replace")[-chars:]


def stop_process_group(process: subprocess.Popen) -> None:
    """End a process started with `start_new_session=True`, and everything it started."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_S)


def start_logged(command: list[str], env: dict[str, str], log_path: Path,
                 cwd: Path | None = None) -> subprocess.Popen:
    """Start `command` in its own process group (so stop_process_group ends all it starts),
    with its output written to `log_path`."""
    with log_path.open("wb") as log:
        return subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)


def wait_until_healthy(
    url: str, process: subprocess.Popen, log: Path, timeout_s: float = STARTUP_TIMEOUT_S
) -> None:
    """Poll `url` until it answers 200; fail early if the process exits."""
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"{process.args[:4]} exited with {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"{url} did not answer within {timeout_s:.0f} s:\n{tail}")
        time.sleep(0.25)


LAUNCHER = ROOT / "deploy" / "launch.py"
"""`streamlit` with TCP_NODELAY (what scripts/run and deploy/start use)."""


def streamlit_command(
    script: str, port: int, options: Sequence[str] = (), nodelay: bool = True
) -> list[str]:
    streamlit = [str(LAUNCHER)] if nodelay else ["-m", "streamlit"]
    return [
        sys.executable, *streamlit, "run", script,
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        *options,
    ]  # fmt: skip


@contextlib.contextmanager
def run_streamlit(
    script: str,
    *,
    cwd: Path = ROOT,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    options: Sequence[str] = (),
    port: int | None = None,
    data_dir: Path | None = None,
    run_log: Path | None = None,
    nodelay: bool = True,
) -> Iterator[AppServer]:
    """`streamlit run script` from `cwd` on 127.0.0.1 (a free port unless given); stopped on exit.

    Streamlit reads `cwd/.streamlit/config.toml`, so the app runs with the project's production
    configuration; `options` (e.g. DEV_OPTIONS) override it. `nodelay=False` runs Streamlit's
    own command instead of deploy/launch.py (benchmarks compare the two).
    """
    port = port or free_port()
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    process = start_logged(streamlit_command(script, port, options, nodelay), full_env, log_path,
                           cwd)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(f"{url}/_stcore/health", process, log_path)
        yield AppServer(url, port, process, log_path, data_dir, run_log)
    finally:
        stop_process_group(process)


@contextlib.contextmanager
def run_app(
    data_dir: Path,
    work_dir: Path,
    *,
    options: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    port: int | None = None,
    nodelay: bool = True,
    script: str = "serve.py",
) -> Iterator[AppServer]:
    """The app reading `data_dir`, logging script runs to `work_dir/runs.log`.

    `serve.py` (what `scripts/run` starts) runs `app.py` with its static files from memory;
    `script="app.py"` runs the Streamlit script alone (benchmarks compare the two).
    """
    run_log = work_dir / "runs.log"
    app_env = {DATA_DIR_ENV: str(data_dir), RUN_LOG_ENV: str(run_log), **(env or {})}
    with run_streamlit(
        script,
        log_path=work_dir / "server.log",
        env=app_env,
        options=options,
        port=port,
        data_dir=data_dir,
        run_log=run_log,
        nodelay=nodelay,
    ) as server:
        yield server


@dataclass
class Deployment(AppServer):
    """`deploy/start`: nginx's address, its run folder (logs, access log) and replica ports."""

    run_dir: Path = Path()
    replica_ports: list[int] = field(default_factory=list)


@contextlib.contextmanager
def run_deployment(
    data_dir: Path,
    work_dir: Path,
    *,
    replicas: int = 2,
    env: Mapping[str, str] | None = None,
) -> Iterator[Deployment]:
    """`deploy/start` (nginx + `replicas` app servers) on free ports, reading `data_dir`."""
    port, replica_ports = free_port(), [free_port() for _ in range(replicas)]
    # Not under pytest's private temp folder: nginx's workers (nobody, when root) read it.
    run_dir = Path(tempfile.mkdtemp(prefix="zones-deploy-"))
    run_dir.chmod(0o755)
    run_log, log = work_dir / "runs.log", work_dir / "deploy.log"
    full_env = {
        **os.environ,
        "ZONES_PORT": str(port),
        "ZONES_REPLICA_PORTS": " ".join(map(str, replica_ports)),
        "ZONES_RUN_DIR": str(run_dir),
        "ZONES_PYTHON": sys.executable,
        DATA_DIR_ENV: str(data_dir),
        RUN_LOG_ENV: str(run_log),
        **(env or {}),
    }
    process = start_logged([str(ROOT / "deploy" / "start")], full_env, log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(f"{url}/_stcore/health", process, log, timeout_s=2 * STARTUP_TIMEOUT_S)
        yield Deployment(url, port, process, log, data_dir, run_log, run_dir, replica_ports)
    finally:
        stop_process_group(process)
        shutil.rmtree(run_dir, ignore_errors=True)
