"""What the classroom benchmark measures beside the students' actions, and its report: the
heartbeat that tells a simulated browser's timeout from the app's error, the server's RSS and
the CPU of server, chromium and load generator (from /proc), each run's time on the server, the
caches' sizes, and the floor (0 errors, p95 rerun on the server, peak RSS, RSS flat)."""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

if TYPE_CHECKING:
    from benchmarks.classroom import Session

CHROMIUM_NAME = b"/chromium/chromium"  # in the command line of every chromium process
RERUN_TIMEOUT_MS = 30_000  # how long a student waits for an action's rerun
# The heartbeat ticks every STALL_TICK_MS; a tick more than STALL_LATE_MS late means the main
# thread stood still. A timeout is the browser's after STALLED_S still (`browsers_timeout`).
STALL_TICK_MS = 250
STALL_LATE_MS = 1_000
STALLED_S = 10.0
# Floor on the 2-core machine.
MAX_P95_S = 1.5
MAX_RSS_MB = 1024.0
MAX_GROWTH = 0.10  # RSS at the end at most 10 % above RSS at the end of the warm-up
_TICKS = os.sysconf("SC_CLK_TCK")

Timed = tuple[str, str, float]  # (action, page, seconds)

# The heartbeat: notes each tick more than STALL_LATE_MS late as [when it ran, ms late], in ms
# since the epoch (as time.time() * 1000).
STALL_PROBE_JS = f"""
(() => {{
  window.__gentleAnnStalls = [];
  let last = performance.now();
  window.__gentleAnnLastTick = () => last;
  setInterval(() => {{
    const now = performance.now(), late = now - last - {STALL_TICK_MS};
    if (late > {STALL_LATE_MS}) {{
      window.__gentleAnnStalls.push([performance.timeOrigin + now, late]);
      if (window.__gentleAnnStalls.length > 2000) window.__gentleAnnStalls.shift();
    }}
    last = now;
  }}, {STALL_TICK_MS});
}})();
"""
# Seconds the main thread stood still between `since` and `until` (ms since the epoch), a gap
# still open when this runs included.
STALLED_JS = f"""([since, until]) => {{
  const now = performance.timeOrigin + performance.now();
  const open = now - performance.timeOrigin - window.__gentleAnnLastTick() - {STALL_TICK_MS};
  const gaps = [...window.__gentleAnnStalls, ...(open > {STALL_LATE_MS} ? [[now, open]] : [])];
  let ms = 0;
  for (const [end, late] of gaps) {{
    ms += Math.max(0, Math.min(end, until) - Math.max(end - late, since));
  }}
  return ms / 1000;
}}"""


def browsers_timeout(stalled_s: float, slowest_server_run_s: float) -> bool:
    """Whether a timed-out action was the simulated browser's rather than the app's or the
    server's: its page's main thread stood still for STALLED_S or more of the wait, and no run
    on the server took as long as the wait (so no run of this page's can have been the cause)."""
    return stalled_s >= STALLED_S and slowest_server_run_s < RERUN_TIMEOUT_MS / 1000


async def stalled(page: Page, since: float) -> float:
    """Seconds the page's main thread stood still from `since` (time.time()) to now; 0 for a
    page that does not answer within a minute (its timeout is then an error)."""
    try:
        seconds = page.evaluate(STALLED_JS, [since * 1000, time.time() * 1000])
        return float(await asyncio.wait_for(seconds, timeout=60))
    except (TimeoutError, PlaywrightError):
        return 0.0


def _why(error: PlaywrightTimeoutError) -> str:
    """A timeout in a line: what timed out and the last step of Playwright's call log."""
    lines = [line.strip(" -") for line in error.message.splitlines() if line.strip(" -")]
    steps = [line for line in lines[1:] if line != "Call log:"]
    return " / ".join([lines[0][:80], *steps[-1:]])[:240] if lines else "timeout"


async def timed_out(
    timeouts: list[tuple[str, float]],
    page: Page,
    what: str,
    error: PlaywrightTimeoutError,
    since: float,
) -> None:
    """Note a timed-out action with the seconds its page stood still since `since`."""
    timeouts.append((f"{what} ({_why(error)})", await stalled(page, since)))


def failures(sessions: list[Session], slowest_run_s: float) -> tuple[list[str], list[str]]:
    """The errors, and the timeouts that were the simulated browsers' (`browsers_timeout`)."""
    errors = [f"#{s.index}: {e}" for s in sessions for e in s.errors + s.console]
    browsers: list[str] = []
    for s in sessions:
        for message, still in s.timeouts:
            line = f"#{s.index}: {message} [its page stood still {still:.1f} s of the wait]"
            (browsers if browsers_timeout(still, slowest_run_s) else errors).append(line)
    return errors, browsers


def _read(path: str) -> bytes:
    """A /proc file's bytes, empty once its process has gone."""
    try:
        return Path(path).read_bytes()
    except OSError:
        return b""


def _stat(pid: int) -> list[str]:
    """The fields of /proc/`pid`/stat after the command name, [] once the process has gone."""
    text = _read(f"/proc/{pid}/stat").decode()
    return text.rsplit(")", 1)[1].split() if ")" in text else []


def _pids() -> list[int]:
    """Every process running now."""
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def rss_mb(pid: int) -> float | None:
    """Resident memory of process `pid` in MB (VmRSS from /proc), None once it has gone."""
    match = re.search(rb"^VmRSS:\s+(\d+)", _read(f"/proc/{pid}/status"), re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (0 once it has gone)."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / _TICKS if fields else 0.0


def chromium_pids() -> list[int]:
    """The chromium processes running now (this benchmark's browser)."""
    return [pid for pid in _pids() if CHROMIUM_NAME in _read(f"/proc/{pid}/cmdline")]


def load_generator_pids(server_pid: int) -> list[int]:
    """This process and its children but the server (Playwright's driver): the students'
    simulated hands and eyes, whose CPU a real class would not spend on the server's machine."""
    me = os.getpid()
    children = [p for p in _pids() if p != server_pid and _stat(p)[1:2] == [str(me)]]
    return [me, *children]


class RssSampler(threading.Thread):
    """Samples the server's RSS every `interval` s ((seconds since start, MB)), the CPU seconds
    of the server, of each chromium process and of the load generator, and, once the warm-up
    is over, what the caches hold."""

    def __init__(self, pid: int, base_url: str, warmup: float, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.base_url, self.warmup, self.interval = pid, base_url, warmup, interval
        self.caches_at_warmup: dict[str, float] | None = None  # to tell their growth from RSS's
        self.samples: list[tuple[float, float]] = []
        self.server_cpu = 0.0
        self.chromium_cpu: dict[int, float] = {}  # the most CPU seconds seen per process
        self.generator_cpu: dict[int, float] = {}
        self._done = threading.Event()
        self.start_time = time.monotonic()

    def run(self) -> None:
        """Sample until `stop`."""
        while not self._done.is_set():
            if self.caches_at_warmup is None and self.elapsed() >= self.warmup:
                self.caches_at_warmup = cache_memory(self.base_url)
            value = rss_mb(self.pid)
            if value is not None:
                self.samples.append((self.elapsed(), value))
                self.server_cpu = cpu_seconds(self.pid)
            for seen, pids in (
                (self.chromium_cpu, chromium_pids()),
                (self.generator_cpu, load_generator_pids(self.pid)),
            ):
                for pid in pids:
                    seen[pid] = max(seen.get(pid, 0.0), cpu_seconds(pid))
            self._done.wait(self.interval)

    def elapsed(self) -> float:
        """Seconds since the sampler was made."""
        return time.monotonic() - self.start_time

    def stop(self) -> None:
        """End the sampling."""
        self._done.set()
        self.join(timeout=5)

    def at(self, seconds: float) -> float:
        """The last RSS sample taken at or before `seconds` after the start."""
        before = [mb for t, mb in self.samples if t <= seconds]
        return before[-1] if before else self.samples[0][1]


def cache_memory(base_url: str) -> dict[str, float]:
    """MB held by each st.cache_data / st.cache_resource function, from the server's own
    /_stcore/metrics (Streamlit's cache_memory_bytes family), largest first."""
    request = urllib.request.Request(
        f"{base_url}/_stcore/metrics?families=cache_memory_bytes",
        headers={"Accept": "text/plain"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
    except OSError:
        return {}
    sizes: dict[str, float] = defaultdict(float)
    for match in re.finditer(r'^cache_memory_bytes\{.*cache="([^"]+)".*\} (\S+)', text, re.M):
        sizes[match.group(1).rsplit(".", 1)[-1]] += float(match.group(2)) / 1e6
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


def server_times(path: Path) -> list[tuple[float, str]]:
    """Every script run's time on the server and the page it ran, as
    benchmarks/timed_streamlit.py wrote them."""
    try:
        lines = [line.split() for line in path.read_text().splitlines() if line]
    except OSError:
        return []
    return [(float(fields[0]), fields[2] if len(fields) > 2 else "-") for fields in lines]


def quantile(values: list[float], q: float) -> float:
    """The `q` quantile of `values` (nan when there are none)."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def _summary(values: list[float]) -> str:
    """p50, p95 and max of `values` in a phrase."""
    return (
        f"p50 {quantile(values, 0.5):.3f} s, p95 {quantile(values, 0.95):.3f} s, "
        f"max {max(values, default=float('nan')):.3f} s"
    )


def _grouped(rows: list[tuple[str, float]]) -> dict[str, list[float]]:
    """The times of (name, seconds) rows, by name."""
    groups: dict[str, list[float]] = defaultdict(list)
    for name, seconds in rows:
        groups[name].append(seconds)
    return groups


def _print_groups(title: str, rows: list[tuple[str, float]]) -> None:
    """A line of quantiles for each name's times, under `title`."""
    print(title)
    for name, values in sorted(_grouped(rows).items()):
        print(
            f"    {name:24s} n={len(values):4d}  p50 {quantile(values, 0.5):.3f}  "
            f"p95 {quantile(values, 0.95):.3f}  max {max(values):.3f}"
        )


def print_reruns(
    on_server: list[tuple[float, str]], served: list[Timed], reruns: list[Timed]
) -> float:
    """Print the reruns' times on the server, on the websocket and as the page sees them, in
    all and by page or action; returns the server's p95 (the floor's)."""
    server = [t for t, _ in on_server]
    print(
        f"rerun on the server (request received -> script_finished queued), every run "
        f"({len(server)}, page loads too): {_summary(server)}"
    )
    print(
        f"rerun on the websocket (rerun request sent -> script_finished received), "
        f"{len(served)} reruns: {_summary([t for _, _, t in served])}"
    )
    print(
        f"rerun as the page sees it (action -> the page's probe counts the finished run): "
        f"{_summary([t for _, _, t in reruns])}"
    )
    _print_groups("  on the server, by page the request names:", [(p, t) for t, p in on_server])
    _print_groups("  on the websocket, by action:", [(a, t) for a, _, t in served])
    print("  as the page sees it:")
    _print_groups("  by action:", [(a, t) for a, _, t in reruns])
    _print_groups("  by page:", [(p, t) for _, p, t in reruns])
    return quantile(server, 0.95)


def print_memory(
    sampler: RssSampler, warmup: float, total: float, caches: dict[str, float]
) -> tuple[float, float]:
    """Print the server's RSS (peak, growth after the warm-up, its curve) and what the caches
    held; returns the peak MB and the growth (the floor's)."""
    peak, at_warmup = max(mb for _, mb in sampler.samples), sampler.at(warmup)
    at_end = sampler.samples[-1][1]
    growth = at_end / at_warmup - 1
    print(
        f"server RSS: peak {peak:.0f} MB; {at_warmup:.0f} MB at the end of the warm-up "
        f"({warmup:.0f} s), {at_end:.0f} MB at the end ({total:.0f} s): {growth:+.1%}"
    )
    step = max(30, int(total // 10))  # about ten points of the curve
    curve = ", ".join(f"{t}s {sampler.at(t):.0f}" for t in range(0, int(total) + 1, step))
    print(f"server RSS (MB) over time: {curve}")
    if caches:
        held = ", ".join(f"{name} {mb:.1f}" for name, mb in caches.items())
        print(f"cached data at the end: {sum(caches.values()):.0f} MB ({held})")
    caches_at_warmup = sampler.caches_at_warmup
    if caches and caches_at_warmup:
        grew = sum(caches.values()) - sum(caches_at_warmup.values())
        print(
            f"cached data at the end of the warm-up: {sum(caches_at_warmup.values()):.0f} MB; "
            f"after it the caches grew {grew:+.0f} MB and the rest of RSS "
            f"{at_end - at_warmup - grew:+.0f} MB"
        )
    return peak, growth


def print_cpu(sampler: RssSampler) -> None:
    """Print the CPU seconds (and cores) of the server, chromium and the load generator."""
    wall = sampler.samples[-1][0]
    spent = {
        "server": sampler.server_cpu,
        "chromium": sum(sampler.chromium_cpu.values()),
        "load generator": sum(sampler.generator_cpu.values()),
    }
    parts = ", ".join(f"{name} {s:.0f} s ({s / wall:.2f} cores)" for name, s in spent.items())
    print(f"CPU over {wall:.0f} s on {os.cpu_count()} cores: {parts}")


def floor(errors: int, server_p95: float, peak_mb: float, growth: float) -> bool:
    """Print the floor's checks, PASS or FAIL each; True when all pass."""
    checks = {
        "0 errors (the app's or the server's)": errors == 0,
        f"p95 rerun on the server < {MAX_P95_S} s": server_p95 < MAX_P95_S,
        f"peak RSS < {MAX_RSS_MB:.0f} MB": peak_mb < MAX_RSS_MB,
        f"RSS flat after warm-up (< {MAX_GROWTH:.0%})": growth < MAX_GROWTH,
    }
    print("floor (the server's):")
    for name, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    return all(checks.values())


def report(
    sessions: list[Session],
    sampler: RssSampler,
    warmup: float,
    total: float,
    runs_on_server: list[tuple[float, str]],
    caches: dict[str, float],
    list_wait_ms: int,
) -> bool:
    """Print the figures; True when the floor is met. `caches`: what they held at the end."""
    errors, browsers = failures(sessions, max((t for t, _ in runs_on_server), default=0.0))
    actions = sum(len(s.reruns) for s in sessions)
    print(f"\nstudents: {len(sessions)}, actions: {actions}, errors: {len(errors)}")
    reopened = sum(s.reopened for s in sessions)
    print(f"preset lists opened again (closed {list_wait_ms // 1000} s after a click): {reopened}")
    for line in errors[:30]:
        print(f"  error {line}")
    print(
        f"timeouts on a page whose main thread stood still {STALLED_S:.0f} s or more of the "
        f"wait (the simulated browsers', not errors): {len(browsers)}"
    )
    for line in browsers[:30]:
        print(f"  stall {line}")
    still = [s.stalled for s in sessions]
    print(
        f"the pages' main threads stood still (no timer ran for over {STALL_LATE_MS / 1000:.0f} "
        f"s) for p50 {quantile(still, 0.5):.0f} s, max {max(still):.0f} s of a student's class"
    )
    reruns = [r for s in sessions for r in s.reruns]
    served = [r for s in sessions for r in s.served]
    server_p95 = print_reruns(runs_on_server, served, reruns)
    peak, growth = print_memory(sampler, warmup, total, caches)
    print_cpu(sampler)
    return floor(len(errors), server_p95, peak, growth)
