"""Start and stop `streamlit run` for the browser tests and the classroom benchmark.

One piece serving both: a free port on 127.0.0.1, its own process group (no terminal signal
reaches it), a health poll, and a stop by its own process id (terminate, then kill).

    with streamlit_server(script, log_path) as server:
        ...  # server.url, server.pid
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
HEALTH_POLL_INTERVAL_S = 0.25
LOG_TAIL_CHARS = 4000
# The allocator settings the Dockerfile deploys the server with (its ENV, where each is
# explained; a test keeps the two the same), so the browser tests and the classroom benchmark
# run the server as deployed.
ALLOCATOR_ENVIRONMENT = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"}


class ServerError(RuntimeError):
    """The server did not become healthy (the message holds the tail of its log)."""


@dataclass(frozen=True)
class Server:
    """A running server: its base URL and its process."""

    url: str
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_is_healthy(base_url: str) -> bool:
    """Whether the Streamlit server at `base_url` answers its health check with `ok`."""
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def log_tail(path: Path) -> str:
    """The end of a log file, for failure messages."""
    try:
        return path.read_text(errors="replace")[-LOG_TAIL_CHARS:] or "(empty)"
    except OSError:
        return "(no log)"


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Stop the server by its own PID: terminate, wait, then kill if it does not exit."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)


def command(script: Path, port: int, times_path: Path | None = None) -> list[str]:
    """The `streamlit run` command line: headless, local only, no statistics, no file watcher;
    with `times_path`, through benchmarks/timed_streamlit.py, which writes each rerun's time
    on the server there."""
    launcher = (
        ["-m", "streamlit"]
        if times_path is None
        else [str(REPO_ROOT / "benchmarks" / "timed_streamlit.py"), str(times_path)]
    )
    return [
        sys.executable,
        *launcher,
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        # No file watcher: nothing changes during a run, and it saves CPU on two cores.
        "--server.fileWatcherType",
        "none",
    ]


@contextmanager
def streamlit_server(
    script: Path,
    log_path: Path,
    *,
    start_timeout_s: float = START_TIMEOUT_S,
    times_path: Path | None = None,
) -> Iterator[Server]:
    """Run `script` with `streamlit run` until the block ends; always stopped by its PID.
    With `times_path`, the server writes each rerun's time there (benchmarks/timed_streamlit.py).

    Raises ServerError if it exits or is not healthy within `start_timeout_s`.
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command(script, port, times_path),
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **ALLOCATOR_ENVIRONMENT},
            start_new_session=True,  # its own process group: no terminal signals reach it
        )
    try:
        waited = 0.0
        while not server_is_healthy(base_url):
            if waited >= start_timeout_s:
                raise ServerError(
                    f"streamlit was not healthy at {base_url} after {start_timeout_s:.0f} s.\n"
                    f"Server log ({log_path}):\n{log_tail(log_path)}"
                )
            # The poll interval is a wait on the server process: it returns at once if it exits.
            try:
                process.wait(timeout=HEALTH_POLL_INTERVAL_S)
            except subprocess.TimeoutExpired:
                waited += HEALTH_POLL_INTERVAL_S
                continue
            raise ServerError(
                f"streamlit exited with code {process.returncode} before it was healthy.\n"
                f"Server log ({log_path}):\n{log_tail(log_path)}"
            )
        yield Server(base_url, process)
    finally:
        stop_process(process)
