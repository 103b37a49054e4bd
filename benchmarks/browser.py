"""Light in the student's browser (issue 31): what opening a page, scrubbing an epoch and
pressing Play cost headless chromium, against a bare Streamlit page and TensorFlow Playground.

    python -m benchmarks.browser                       # median of 3 opens of each page
    python -m benchmarks.browser --runs 5 --playground /work/playground-build --json out.json

Serves the app (`serve.py`) and benchmarks/bare_page.py with benchmarks/streamlit_server.py,
and Playground's built index.html (--playground DIR or $PLAYGROUND_DIR; its row is left out
with a note when absent) with Python's http.server, each on a free port of 127.0.0.1; every
page is opened once unmeasured first (warm servers). Each measured open is a new browser
context of Debian's headless chromium at 1280 x 800, where hosts other than 127.0.0.1 do not
resolve (Playground asks Google for fonts and analytics: they fail at once, not after a wait).

Per open:
- main-thread CPU: CDP `Performance.getMetrics` TaskDuration, the time the page's renderer
  main thread was busy with tasks of any kind (script, style, layout, paint, parsing, GC; not
  ScriptDuration + LayoutDuration + RecalcStyleDuration, which leave paint and parsing out), read
  once the page is ready and its main chart painted, minus its value read just before
  navigating (a fresh context: about 0). Ready is browser_helpers.wait_for_app_ready for a
  Streamlit page (its polls every 100 ms count in the figure: a few ms each), for Playground
  the load event and SETTLE_S more.
- main chart drawn: `performance.now()` (ms since navigation start) on the first animation
  frame at which the page's first Vega canvas (Playground: `#heatmap canvas`, its decision
  surface) has at least MIN_CANVAS_PIXELS pixels unlike its top-left one (a probe installed
  before the page's scripts looks on every frame).
- requests and MB: the page's resource-timing entries and their decoded size (the websocket is
  not one); JS heap: the metrics' JSHeapUsedSize at the end.

At 4x CPU throttling (CDP `Emulation.setCPUThrottlingRate`, a laptop 4 times slower), set
before the navigation or, for the gestures, once Classification is open:
- the same opens;
- a scrubbed epoch: ArrowLeft on the epoch slider's thumb, from its keydown (the event's own
  time stamp) until both the main chart's pixels changed (a sampled checksum polled every
  CHANGE_POLL_MS: 1.2 ms a poll at 4x, where browser_helpers.PIXELS_JS takes 15 ms) and the app
  is idle again (the later of the last finished script run and the last DOM change, as found
  by wait_for_app_ready); median of --scrubs;
- Play: from the click (the event's time stamp) until the shown epoch first differs from the
  slider's, and epochs a second over the first PLAY_WINDOW_MS of stepping, as
  browser_helpers.watch_play (which benchmarks/play.py uses) sees them; median of --runs plays.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import http.server
import json
import os
import statistics
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]

from browser_helpers import (  # noqa: E402
    CHROMIUM_ARGS,
    DEFAULT_CHROMIUM,
    MIN_CANVAS_PIXELS,
    PAGE_PROBES_JS,
    SEL_SLIDER,
    SEL_VEGA_CHART,
    open_page,
    script_runs,
    wait_for_app_ready,
    watch_play,
)
from playwright.sync_api import Browser, CDPSession, Locator, Page, sync_playwright  # noqa: E402

from benchmarks.streamlit_server import streamlit_server  # noqa: E402

VIEWPORT = {"width": 1280, "height": 800}
# Only the local servers resolve: chromium gives up on any other host at once.
BROWSER_ARGS = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
THROTTLE = 4  # CDP CPU throttling rate of the laptop rows
STREAMLIT_CHART = f"{SEL_VEGA_CHART} canvas"
PLAYGROUND_CHART = "#heatmap canvas"  # Playground's decision surface (src/heatmap.ts)
EPOCH_SLIDER_LABEL = "epoch (0 = the initial random weights)"
BARE = "bare Streamlit page"
SETTLE_S = 0.5
CHANGE_POLL_MS = 50
PLAY_WINDOW_MS = 2000
SAMPLE_STRIDE = 7  # the checksum reads one pixel in 7 (not a divisor of a row: all columns)
OPEN_TITLES = {
    "open": "Opening a page",
    "open_throttled": f"Opening a page at {THROTTLE}x CPU throttling",
}

# Installed before the page's scripts: on every animation frame until it holds, whether the
# first element matching the selector is a canvas with enough pixels unlike its top-left one;
# notes when (ms since navigation start) in window.__benchDrawnAt.
_DRAWN_PROBE_JS = """
((selector, minPixels) => {
  const look = () => {
    const canvas = document.querySelector(selector);
    if (canvas && canvas.width && canvas.height) {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]
            || data[i + 3] !== data[3]) painted += 1;
      }
      if (painted >= minPixels) { window.__benchDrawnAt = performance.now(); return; }
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})(%s, %d);
"""

# A checksum of one pixel in SAMPLE_STRIDE of the first canvas matching the selector (null
# while there is none).
_SAMPLED_PIXELS_JS = f"""
(selector) => {{
  const canvas = document.querySelector(selector);
  if (!canvas || !canvas.width || !canvas.height) return null;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let hash = 0;
  for (let i = 0; i < data.length; i += 4 * {SAMPLE_STRIDE}) {{
    hash = (hash * 31 + data[i] * 65536 + data[i + 1] * 256 + data[i + 2]) >>> 0;
  }}
  return hash;
}}
"""

# True (noting when in window.__benchChangedAt) once the checksum differs from `before`.
_PIXELS_CHANGED_JS = f"""
([selector, before]) => {{
  const now = ({_SAMPLED_PIXELS_JS})(selector);
  if (now === null || now === before) return false;
  window.__benchChangedAt = performance.now();
  return true;
}}
"""

# Notes the time stamp of every keydown and click on the page (ms since navigation start).
_INPUT_TIMES_JS = """
() => {
  window.addEventListener('keydown', (e) => { window.__benchKeyAt = e.timeStamp; }, true);
  window.addEventListener('click', (e) => { window.__benchClickAt = e.timeStamp; }, true);
}
"""

# When the app last changed, ms since navigation start: its last finished script run or its
# last DOM change (browser_helpers' page probes).
_LAST_ACTIVITY_JS = """
() => Math.max(window.__gentleAnnFinished.at(-1) || 0,
               (window.__gentleAnnLastMutation || performance.timeOrigin) - performance.timeOrigin)
"""

_RESOURCES_JS = """
() => {
  const entries = performance.getEntriesByType('resource');
  return [entries.length, entries.reduce((sum, e) => sum + e.decodedBodySize, 0)];
}
"""


@dataclass(frozen=True)
class Target:
    """A page to open: its row's name, URL, main chart's canvas and how to wait until ready."""

    name: str
    url: str
    chart: str
    ready: Callable[[Page], None]


# --- pure parts -------------------------------------------------------------------------------


def busy_seconds(before: dict[str, float], after: dict[str, float]) -> float:
    """The renderer main thread's busy time between two `Performance.getMetrics` readings."""
    return after["TaskDuration"] - before["TaskDuration"]


def metrics_by_name(reply: dict[str, Any]) -> dict[str, float]:
    """A `Performance.getMetrics` reply as name -> value."""
    return {metric["name"]: float(metric["value"]) for metric in reply["metrics"]}


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over runs (every run has the same figures)."""
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def ratio_text(value: float, bare: float | None) -> str:
    """`value` as a multiple of the bare page's, e.g. "3.0x"; "-" without a bare figure."""
    return "-" if not bare else f"{value / bare:.1f}x"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table: the docs can take it as printed."""
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def open_table(figures: dict[str, dict[str, float]]) -> str:
    """The opens as a table, each page's CPU and drawing time also as a ratio to the bare
    page's (the floor of any Streamlit page)."""
    bare = figures.get(BARE, {})
    rows = [
        [
            name,
            f"{page['cpu_s']:.2f}",
            f"{page['drawn_s']:.2f}",
            f"{ratio_text(page['cpu_s'], bare.get('cpu_s'))} CPU, "
            f"{ratio_text(page['drawn_s'], bare.get('drawn_s'))} drawn",
            f"{page['requests']:.0f}",
            f"{page['mb']:.1f}",
            f"{page['heap_mb']:.1f}",
        ]
        for name, page in figures.items()
    ]
    header = ["page", "renderer main-thread CPU (s)", "main chart drawn (s)", "ratio to bare"]
    return markdown_table([*header, "requests", "MB", "JS heap (MB)"], rows)


def gesture_table(scrub: dict[str, float], play: dict[str, float], scrubs: int) -> str:
    """The scrub and Play figures at THROTTLE x as a table."""
    rows = [
        [f"scrubbed epoch, chart changed (median of {scrubs})", f"{scrub['shown_s']:.2f} s"],
        [f"scrubbed epoch, chart changed and app idle (median of {scrubs})", f"{scrub['s']:.2f} s"],
        ["Play: first frame moves after the click", f"{play['first_move_s']:.2f} s"],
        [f"Play: epochs a second over {PLAY_WINDOW_MS / 1000:.0f} s", f"{play['rate']:.1f}"],
        ["Play: epochs skipped in that window", f"{play['skipped']:.0f}"],
    ]
    return markdown_table([f"Classification at {THROTTLE}x CPU throttling", "median"], rows)


def scrub_seconds(key_ms: float, changed_ms: float, idle_ms: float) -> dict[str, float]:
    """A scrub's times from its keydown: until the chart changed, and until that and the app
    being idle again both held."""
    return {
        "shown_s": (changed_ms - key_ms) / 1000,
        "s": (max(changed_ms, idle_ms) - key_ms) / 1000,
    }


def play_figures(
    seen: list[tuple[int, float]], clicked_ms: float, start_epoch: int
) -> dict[str, float]:
    """From watch_play's (epoch, ms) list: seconds from the click to the first epoch other than
    the slider's `start_epoch`; epochs a second and epochs skipped over the first
    PLAY_WINDOW_MS of stepping (from the player's first step, seen[1])."""
    moved = next(ms for epoch, ms in seen if epoch != start_epoch)
    window = [(epoch, ms) for epoch, ms in seen[1:] if ms - seen[1][1] <= PLAY_WINDOW_MS]
    (first_epoch, first_ms), (last_epoch, last_ms) = window[0], window[-1]
    return {
        "first_move_s": (moved - clicked_ms) / 1000,
        "rate": (len(window) - 1) / ((last_ms - first_ms) / 1000),
        "skipped": float(last_epoch - first_epoch + 1 - len(window)),
    }


def cpu_model(cpuinfo: str) -> str:
    """The processor's name from /proc/cpuinfo's text ("unknown" if it has none)."""
    for line in cpuinfo.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "model name":
            return value.strip()
    return "unknown"


def machine_text(today: datetime.date, cores: int, cpuinfo: str, chromium: str) -> str:
    """The heading line: when and on what the figures were measured."""
    return f"{today.isoformat()}, {cores} cores, {cpu_model(cpuinfo)}, chromium {chromium}"


# --- the browser ------------------------------------------------------------------------------


def read_metrics(cdp: CDPSession) -> dict[str, float]:
    """The page's CDP performance metrics now."""
    return metrics_by_name(cdp.send("Performance.getMetrics"))


def settle(page: Page) -> None:
    """Playground's ready: its load event, then SETTLE_S for any work that follows."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(SETTLE_S * 1000)


def open_once(browser: Browser, target: Target, throttle: float) -> dict[str, float]:
    """Open `target` in a new context at `throttle` x CPU throttling: its figures."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.add_init_script(PAGE_PROBES_JS)
        page.add_init_script(_DRAWN_PROBE_JS % (json.dumps(target.chart), MIN_CANVAS_PIXELS))
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        before = read_metrics(cdp)
        page.goto(target.url, wait_until="domcontentloaded")
        page.wait_for_function("() => window.__benchDrawnAt !== undefined", polling=100)
        target.ready(page)
        after = read_metrics(cdp)
        requests, size = page.evaluate(_RESOURCES_JS)
        return {
            "cpu_s": busy_seconds(before, after),
            "drawn_s": page.evaluate("() => window.__benchDrawnAt") / 1000,
            "requests": float(requests),
            "mb": size / 1e6,
            "heap_mb": after["JSHeapUsedSize"] / 1e6,
        }
    finally:
        context.close()


def open_figures(
    browser: Browser, targets: list[Target], runs: int, throttle: float
) -> dict[str, dict[str, float]]:
    """Each target's median figures over `runs` opens, the targets taking turns (so a slow
    moment of the machine does not fall on one page's opens only)."""
    opens: dict[str, list[dict[str, float]]] = {target.name: [] for target in targets}
    for _ in range(runs):
        for target in targets:
            opens[target.name].append(open_once(browser, target, throttle))
    return {name: medians(runs_of) for name, runs_of in opens.items()}


def throttled_page(browser: Browser, url: str) -> Page:
    """`url` opened (unthrottled) and made ready, then throttled, noting its inputs' times."""
    page = open_page(browser, url, VIEWPORT)
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    page.evaluate(_INPUT_TIMES_JS)
    return page


def epoch_thumb(page: Page) -> Locator:
    """The thumb of the page's epoch slider."""
    slider = page.locator(SEL_SLIDER).filter(has_text=EPOCH_SLIDER_LABEL)
    return slider.locator('input[type="range"]').first


def scrub_once(page: Page, thumb: Locator) -> dict[str, float]:
    """One epoch back on the slider: its times (scrub_seconds)."""
    runs = script_runs(page)
    before = page.evaluate(_SAMPLED_PIXELS_JS, STREAMLIT_CHART)
    thumb.press("ArrowLeft")
    page.wait_for_function(
        _PIXELS_CHANGED_JS, arg=[STREAMLIT_CHART, before], polling=CHANGE_POLL_MS
    )
    wait_for_app_ready(page, after_runs=runs)
    return scrub_seconds(
        page.evaluate("() => window.__benchKeyAt"),
        page.evaluate("() => window.__benchChangedAt"),
        page.evaluate(_LAST_ACTIVITY_JS),
    )


def scrub_figures(browser: Browser, url: str, scrubs: int) -> dict[str, float]:
    """The median scrub on a throttled page, `scrubs` epochs back from the last."""
    page = throttled_page(browser, url)
    try:
        thumb = epoch_thumb(page)
        return medians([scrub_once(page, thumb) for _ in range(scrubs)])
    finally:
        page.context.close()


def play_once(browser: Browser, url: str) -> dict[str, float]:
    """Play from the last epoch on a throttled page, as benchmarks/play.py does: its figures."""
    page = throttled_page(browser, url)
    try:
        start = int(epoch_thumb(page).input_value())
        runs = script_runs(page)
        seen = watch_play(page, page.get_by_role("button", name="Play").click)
        wait_for_app_ready(page, after_runs=runs)
        return play_figures(seen, page.evaluate("() => window.__benchClickAt"), start)
    finally:
        page.context.close()


# --- servers and the run ----------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on a free port of 127.0.0.1 until the block ends: its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def playground_folder(given: str | None) -> Path | None:
    """Playground's built folder from --playground or $PLAYGROUND_DIR, if it holds index.html."""
    folder = given or os.environ.get("PLAYGROUND_DIR")
    if folder and (Path(folder) / "index.html").is_file():
        return Path(folder)
    return None


def targets(stack: ExitStack, log_folder: Path, playground: Path | None) -> list[Target]:
    """Start the servers (stopped when `stack` closes): the pages to open, Playground first."""
    app = stack.enter_context(streamlit_server(ROOT / "serve.py", log_folder / "app.log"))
    bare = stack.enter_context(
        streamlit_server(ROOT / "benchmarks" / "bare_page.py", log_folder / "bare.log")
    )
    pages = [
        Target(BARE, bare.url, STREAMLIT_CHART, wait_for_app_ready),
        Target("Classification", f"{app.url}/classification", STREAMLIT_CHART, wait_for_app_ready),
        Target("Regression", f"{app.url}/regression", STREAMLIT_CHART, wait_for_app_ready),
    ]
    if playground is not None:
        url = stack.enter_context(serve_folder(playground))
        pages.insert(0, Target("TensorFlow Playground", url, PLAYGROUND_CHART, settle))
    return pages


def measure(
    browser: Browser, pages: list[Target], runs: int, scrubs: int
) -> dict[str, dict[str, Any]]:
    """Every figure: warm-up opens first (unmeasured), then the opens, the scrubs and Play."""
    for target in pages:
        open_once(browser, target, 1)
    classification = next(target.url for target in pages if target.name == "Classification")
    return {
        "open": open_figures(browser, pages, runs, 1),
        "open_throttled": open_figures(browser, pages, runs, THROTTLE),
        "scrub": scrub_figures(browser, classification, scrubs),
        "play": medians([play_once(browser, classification) for _ in range(runs)]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="opens (and plays) a page")
    parser.add_argument("--scrubs", type=int, default=6, help="scrubbed epochs")
    parser.add_argument("--playground", help="Playground's built folder (or $PLAYGROUND_DIR)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    playground = playground_folder(args.playground)
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        pages = targets(stack, Path(folder), playground)
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=DEFAULT_CHROMIUM, args=BROWSER_ARGS)
        stack.callback(browser.close)
        today = datetime.date.today()
        machine = machine_text(
            today, os.cpu_count() or 0, Path("/proc/cpuinfo").read_text(), browser.version
        )
        print(f"{machine}; median of {args.runs} opens, each in a new context at 1280 x 800")
        if playground is None:
            print(
                "TensorFlow Playground: left out, no built copy (--playground or $PLAYGROUND_DIR)"
            )
        figures = measure(browser, pages, args.runs, args.scrubs)
    for name, title in OPEN_TITLES.items():
        print(f"\n{title}\n\n{open_table(figures[name])}")
    print(f"\n{gesture_table(figures['scrub'], figures['play'], args.scrubs)}")
    if args.json:
        heading = {"date": today.isoformat(), "machine": machine, "runs": args.runs}
        heading |= {"scrubs": args.scrubs, "throttle": THROTTLE, "playground": bool(playground)}
        args.json.write_text(json.dumps({**heading, **figures}, indent=2) + "\n")


if __name__ == "__main__":
    main()
