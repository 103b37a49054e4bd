"""Helpers for the real-browser tests: open a page, wait for Streamlit, check it, screenshot it.

The selectors below were read off pages that Streamlit 1.67 rendered in chromium (a throwaway app
with Altair and Graphviz charts, st.error, st.exception, a raised exception, sliders, tabs and
st.navigation), not guessed. A page-specific test reads like::

    page = open_page(browser, f"{app_url}/activations")
    before = script_runs(page)
    move_slider(page, "probe z₀", presses=3)
    wait_for_app_ready(page, after_runs=before)
    assert_page_healthy(page)
    screenshot(page, "activations_after_probe")
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.streamlit_server import server_is_healthy  # noqa: F401 (re-exported for the tests)

SCREENSHOT_DIR = Path(__file__).resolve().parent / "screenshots"
DEFAULT_CHROMIUM = "/usr/bin/chromium"  # Debian's package; never a downloaded browser
# Headless as root on a machine with no network but the package registries: without the
# background-networking flags chromium keeps trying (and failing) to reach Google's hosts.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
MAX_SCREENSHOT_HEIGHT = 16_000

# Every wait is bounded; none is longer than a minute.
NAVIGATION_TIMEOUT_MS = 60_000
APP_READY_TIMEOUT_MS = 60_000
CHART_PAINT_TIMEOUT_MS = 10_000
SLIDER_MOVE_TIMEOUT_MS = 5_000

# --- Streamlit 1.67 DOM -------------------------------------------------------------------------
# <div data-testid="stApp" data-test-script-state="initial|running|notRunning|..."
#      data-test-connection-state="CONNECTED|...">
SEL_APP = '[data-testid="stApp"]'
SEL_MAIN = '[data-testid="stMainBlockContainer"]'
# Shown in the header only while a script runs.
SEL_STATUS_WIDGET = '[data-testid="stStatusWidget"]'
# A traceback box (uncaught exception or st.exception).
SEL_EXCEPTION = '[data-testid="stException"]'
# st.error: stAlert > stAlertContainer[role=alert] > stAlertContentError (the kind is in the
# test id: stAlertContentWarning, ...Info, ...Success). A traceback box reuses
# stAlertContentError inside stException, so the stAlert ancestor keeps the two apart.
SEL_ERROR_ALERT = '[data-testid="stAlert"] [data-testid="stAlertContentError"]'
# What an element shows while the code that draws it is still loading: Streamlit 1.67 fetches
# each kind of element's code (sliders, charts, tables...) when the page first needs it, and
# until then draws this placeholder (a React Suspense fallback) instead of the element.
SEL_SKELETON = '[data-testid="stSkeleton"]'
# The chart element itself carries the .vega-embed class. Streamlit 1.67 renders Vega as SVG
# (<svg class="marks">) by default, a canvas (<canvas class="marks">) when the spec asks for it.
SEL_VEGA_CHART = '[data-testid="stVegaLiteChart"]'
SEL_VEGA_SURFACE = "canvas.marks, svg.marks"
# st.graphviz_chart: an <svg> drawn in the browser, one <g class="node"> per node.
SEL_GRAPHVIZ_CHART = '[data-testid="stGraphVizChart"]'
# Navigation links (<a href=absolute URL>); stTopNavLink when st.navigation(position="top").
SEL_NAV_LINK = '[data-testid="stSidebarNavLink"], [data-testid="stTopNavLink"]'
# "View N more" under a long sidebar page list.
SEL_NAV_VIEW_MORE = '[data-testid="stSidebarNavViewButton"]'
# Sliders are react-aria: each thumb is a visually hidden <input type="range"> (implicit role
# "slider", keyboard-operable); the value shown above the thumb is stSliderThumbValue.
SEL_SLIDER = '[data-testid="stSlider"]'
SEL_SLIDER_THUMB = '[data-testid="stSlider"] input[type="range"]:not([disabled])'
SEL_SLIDER_VALUE = '[data-testid="stSliderThumbValue"]'

# Console errors that are harmless. Each entry: a regular expression searched in the recorded
# message (which ends with the resource URL) and why it is harmless. Keep it short: any other
# console error fails the page.
CONSOLE_ERROR_ALLOW_LIST: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"status of 404 .*\(https?://[^/]+/.+/_stcore/"
            r"(health|host-config|allowed-message-origins):"
        ),
        # Opening a sub-page URL directly (e.g. /activations), Streamlit's frontend first
        # probes <sub-page>/_stcore/... to find the server's base path, gets 404, then uses the
        # root (streamlit/streamlit#7074). Only these probe URLs under a sub-path are allowed.
        "Streamlit's base-path probe on a sub-page URL",
    ),
]

# A chart is blank below this: for svg, data-mark elements (Vega) or nodes (Graphviz); for a
# canvas, painted pixels (an empty Vega canvas paints about 70, any real chart thousands).
MIN_SVG_MARKS = 1
MIN_CANVAS_PIXELS = 500

# The protocol numbers of ForwardMsg.script_finished, read from the installed Streamlit.
_SCRIPT_FINISHED = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"]
_FINISHED_EARLY_FOR_RERUN = _SCRIPT_FINISHED.enum_type.values_by_name[
    "FINISHED_EARLY_FOR_RERUN"
].number

# The protocol number of BackMsg.rerun_script (what the page sends to ask for a rerun).
_RERUN_SCRIPT = BackMsg.DESCRIPTOR.fields_by_name["rerun_script"].number

# Installed before any page script. It counts the script runs that finish, from the server's
# own `script_finished` messages on the app's websocket (a fast rerun never shows in the DOM:
# React batches "running" and "notRunning" into one render), and notes when (performance.now())
# each rerun request left the page and each finished run arrived, so a benchmark can time
# reruns without Playwright copying every websocket frame out of the browser.
RUN_PROBE_JS = f"""
(() => {{
  window.__gentleAnnRuns = 0;
  window.__gentleAnnSent = [];
  window.__gentleAnnFinished = [];
  const FINISHED = {_SCRIPT_FINISHED.number}, EARLY_FOR_RERUN = {_FINISHED_EARLY_FOR_RERUN};
  const RERUN = {_RERUN_SCRIPT};
  // The top-level fields of a protobuf message: number -> varint value (true if not a varint).
  const topFields = (bytes) => {{
    const fields = {{}};
    let i = 0;
    const varint = () => {{
      let value = 0, scale = 1, b;
      do {{ b = bytes[i++]; value += (b & 0x7f) * scale; scale *= 128; }}
      while (b & 0x80 && i < bytes.length);
      return value;
    }};
    while (i < bytes.length) {{
      const tag = varint(), field = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) fields[field] = varint();
      else if (wire === 2) {{ const length = varint(); i += length; fields[field] = true; }}
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }}
    return fields;
  }};
  const bytesOf = (data) => data instanceof ArrayBuffer ? new Uint8Array(data)
    : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : null;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {{
    constructor(...args) {{
      super(...args);
      this.addEventListener('message', (event) => {{
        const bytes = bytesOf(event.data);
        const status = bytes && topFields(bytes)[FINISHED];
        if (status !== undefined && status !== null && status !== EARLY_FOR_RERUN) {{
          window.__gentleAnnRuns += 1;
          window.__gentleAnnFinished.push(performance.now());
        }}
      }});
    }}
    send(data) {{
      const bytes = bytesOf(data);
      if (bytes && RERUN in topFields(bytes)) window.__gentleAnnSent.push(performance.now());
      return super.send(data);
    }}
  }};
}})();
"""

# Counts DOM mutations, so a wait can require the page to have gone quiet, and notes when the
# last one happened (ms since the epoch), so a benchmark can tell when the page was drawn apart
# from when the wait noticed that it had gone quiet.
MUTATION_PROBE_JS = """
(() => {
  window.__gentleAnnMutations = 0;
  new MutationObserver((records) => {
    window.__gentleAnnMutations += records.length;
    window.__gentleAnnLastMutation = performance.timeOrigin + performance.now();
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""

PAGE_PROBES_JS = RUN_PROBE_JS + MUTATION_PROBE_JS

# The charts on the page: [type, element, drawing surface or null, visible]. A chart in an
# inactive tab or a closed expander is not visible and is neither waited for nor checked.
_CHARTS_JS = """
() => [
  ...[...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .map((el) => ['vega', el, el.querySelector('canvas.marks, svg.marks')]),
  ...[...document.querySelectorAll('[data-testid="stGraphVizChart"]')]
    .map((el) => ['graphviz', el, el.querySelector('svg')]),
].map(([type, el, surface]) => [type, el, surface, el.checkVisibility()])
"""

# True once the app is connected, at least ``minRuns`` script runs have finished, nothing is
# stale or running, no visible element is still a placeholder waiting for its code, every
# visible chart has a drawing surface of non-zero size, every visible image has loaded, and
# neither that count nor the DOM has changed over three consecutive polls (the frontend applies
# the last messages of a run just after they arrive). Without the placeholder check, a page
# whose chart code is still loading has no chart element yet, so "every chart drawn" holds, and
# three quiet polls pass while that code downloads: a fresh browser's first visit to
# Classification was declared ready with 39 placeholders on it, 2 s before it was drawn.
_APP_READY_JS = f"""
(minRuns) => {{
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if ((window.__gentleAnnRuns || 0) < minRuns) return false;
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (!main || main.getBoundingClientRect().height === 0) return false;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  if (status && status.checkVisibility()) return false;
  if (document.querySelector('[data-testid="stElementContainer"][data-stale="true"]')) {{
    return false;
  }}
  if ([...document.querySelectorAll('{SEL_SKELETON}')].some((el) => el.checkVisibility())) {{
    return false;
  }}
  const charts = ({_CHARTS_JS})().filter(([, , , visible]) => visible);
  const drawn = charts.filter(([, , surface]) => {{
    if (!surface) return false;
    const box = surface.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  }}).length;
  const loading = [...document.querySelectorAll('[data-testid="stApp"] img')]
    .filter((img) => !img.complete && img.loading !== 'lazy' && img.checkVisibility()).length;
  const key = [charts.length, drawn, loading, window.__gentleAnnMutations].join('/');
  const memo = window.__gentleAnnReadyMemo || {{key: null, polls: 0}};
  memo.polls = memo.key === key ? memo.polls + 1 : 1;
  memo.key = key;
  window.__gentleAnnReadyMemo = memo;
  return drawn === charts.length && loading === 0 && memo.polls >= 3;
}}
"""

# One record per chart (see chart_report). For a Vega svg, ``marks`` counts data-mark elements
# (in <g class="mark-* role-mark">; axes, grid, legends and titles are not), so a chart of axes
# without data is blank. For a Graphviz svg, ``marks`` counts nodes. For a canvas, ``painted``
# counts pixels that differ from the top-left (background) one and ``colored`` the saturated
# ones (data marks; axes and labels are grey).
_CHART_REPORT_JS = f"""
() => ({_CHARTS_JS})().map(([type, el, surface, visible], index) => {{
  const record = {{index, type, visible, kind: surface ? surface.tagName.toLowerCase() : 'none',
                   width: 0, height: 0, marks: 0, painted: 0, colored: 0, error: null}};
  if (!surface) return record;
  const box = surface.getBoundingClientRect();
  record.width = Math.round(box.width);
  record.height = Math.round(box.height);
  if (record.kind === 'svg') {{
    const marks = type === 'graphviz'
      ? [...surface.querySelectorAll('g.node')]
      : [...surface.querySelectorAll('g.role-mark > *')].filter(
          (m) => m.tagName.toLowerCase() !== 'path' || (m.getAttribute('d') || '') !== '');
    record.marks = record.painted = record.colored = marks.length;
    return record;
  }}
  try {{
    const w = surface.width, h = surface.height;
    if (!w || !h) return record;
    const data = surface.getContext('2d').getImageData(0, 0, w, h).data;
    for (let i = 0; i < data.length; i += 4) {{
      const r = data[i], g = data[i + 1], b = data[i + 2], a = data[i + 3];
      if (r !== data[0] || g !== data[1] || b !== data[2] || a !== data[3]) record.painted += 1;
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 40) record.colored += 1;
    }}
  }} catch (e) {{
    record.error = String(e);
  }}
  return record;
}})
"""

_NO_BLANK_CHART_JS = f"""
() => ({_CHART_REPORT_JS})().every((c) => !c.visible || (c.kind !== 'none' && c.width > 0
    && c.height > 0 && !c.error && (c.kind === 'svg' ? c.marks >= {MIN_SVG_MARKS}
                                                      : c.painted >= {MIN_CANVAS_PIXELS})))
"""

_console_errors: weakref.WeakKeyDictionary[Page, list[str]] = weakref.WeakKeyDictionary()


def console_errors(page: Page) -> list[str]:
    """Return the console errors and uncaught page errors recorded on ``page`` so far."""
    return _console_errors.setdefault(page, [])


# Pixels of a canvas chart near a colour (#rrggbb), and a checksum of all of them.
COLOUR_PIXELS_JS = """
(chart, hex) => {
  const canvas = chart.querySelector('canvas.marks');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (want.every((v, k) => Math.abs(data[i + k] - v) < 12) && data[i + 3] > 200) count += 1;
  }
  return count;
}
"""
PIXELS_JS = """
(chart) => {
  const canvas = chart.querySelector('canvas.marks');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let hash = 0;
  for (let i = 0; i < data.length; i += 1) hash = (hash * 31 + data[i]) >>> 0;
  return hash;
}
"""


def open_page(browser: Browser, url: str, viewport: dict[str, int] | None = None) -> Page:
    """Open ``url`` in a fresh 1400x1000 context (or ``viewport``), recording console errors;
    wait until ready.

    The context is closed by the ``_close_contexts`` fixture after the test (or close it
    yourself with ``page.context.close()`` when opening many pages in one test).
    """
    context = browser.new_context(viewport=viewport or VIEWPORT)
    context.set_default_timeout(APP_READY_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    page = context.new_page()
    errors = console_errors(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location
            where = f" ({location.get('url', '')}:{location.get('lineNumber', '')})"
            errors.append(f"console.error: {message.text}{where}")

    def on_page_error(error: Error) -> None:
        errors.append(f"uncaught: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.add_init_script(PAGE_PROBES_JS)
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app_ready(page)
    return page


def url_params(page: Page) -> dict[str, str]:
    """The page's URL parameters, each name's last value (as Streamlit reads them)."""
    return {name: values[-1] for name, values in parse_qs(urlparse(page.url).query).items()}


def last_change(page: Page) -> float:
    """When the page's DOM last changed, in seconds since the epoch (as `time.time()`)."""
    return float(page.evaluate("() => window.__gentleAnnLastMutation")) / 1000


def script_runs(page: Page) -> int:
    """Return how many script runs have finished on ``page`` (pass to ``wait_for_app_ready``)."""
    return int(page.evaluate("() => window.__gentleAnnRuns || 0"))


def wait_for_app_ready(
    page: Page, *, after_runs: int = 0, timeout_ms: int = APP_READY_TIMEOUT_MS
) -> None:
    """Wait until more than ``after_runs`` script runs have finished and the page has settled.

    After an interaction, pass the ``script_runs(page)`` read before it, so the wait cannot
    return before the rerun that the interaction triggered has finished. An interaction that
    triggers no rerun makes this fail after ``timeout_ms``.
    """
    expect(page.locator(SEL_MAIN)).to_be_visible(timeout=timeout_ms)
    page.evaluate("() => { window.__gentleAnnReadyMemo = null; }")
    try:
        page.wait_for_function(_APP_READY_JS, arg=after_runs + 1, polling=100, timeout=timeout_ms)
    except PlaywrightTimeoutError:
        state = page.evaluate(
            """() => {
              const app = document.querySelector('[data-testid="stApp"]');
              return {
                connection: app && app.getAttribute('data-test-connection-state'),
                script: app && app.getAttribute('data-test-script-state'),
                finished_runs: window.__gentleAnnRuns,
                stale: document.querySelectorAll('[data-stale="true"]').length,
              };
            }"""
        )
        pytest.fail(
            f"{page.url}: app not ready after {timeout_ms / 1000:.0f} s (waited for script run "
            f"#{after_runs + 1} to finish and the page to settle); state: {state}; "
            f"charts: {chart_report(page)}",
            pytrace=False,
        )
    expect(page.locator(SEL_STATUS_WIDGET)).to_be_hidden(timeout=timeout_ms)


#: The training pages' sections below the first screen, drawn when opened (`ui.section`).
SECTION_TITLES = (
    "What each input feature looks like",
    "What each hidden unit responds to",
    "The network",
)


def open_sections(page: Page) -> None:
    """Open the training page's sections below its first screen, as a student does (each
    opening reruns the page), and wait until the app is idle after each."""
    for title in SECTION_TITLES:
        summary = page.locator('[data-testid="stExpander"] summary').filter(has_text=title)
        if summary.count():
            before = script_runs(page)
            summary.first.click()
            wait_for_app_ready(page, after_runs=before)


def chart_report(page: Page) -> list[dict[str, Any]]:
    """Describe every Vega and Graphviz chart on the page, one dict each.

    Keys: index, type ("vega"/"graphviz"), visible, kind ("svg"/"canvas"/"none"), width,
    height, marks (svg data marks or graph nodes), painted and colored (canvas pixels; equal to
    marks for svg), error.
    """
    return list(page.evaluate(_CHART_REPORT_JS))


def _is_blank(chart: dict[str, Any]) -> bool:
    """Tell whether one visible ``chart_report`` record is missing, zero-sized or empty."""
    if not chart["visible"]:
        return False
    if chart["kind"] == "none" or chart["width"] == 0 or chart["height"] == 0 or chart["error"]:
        return True
    if chart["kind"] == "svg":
        return chart["marks"] < MIN_SVG_MARKS
    return chart["painted"] < MIN_CANVAS_PIXELS


def assert_page_healthy(page: Page, errors: list[str] | None = None) -> None:
    """Fail on a traceback box, an error alert, a console error, a broken image or a blank chart.

    ``errors`` defaults to the console errors that ``open_page`` recorded for this page; entries
    matching ``CONSOLE_ERROR_ALLOW_LIST`` are ignored.
    """
    problems: list[str] = []
    for box in page.locator(SEL_EXCEPTION).all():
        problems.append(f"exception box: {box.inner_text()[:800]}")
    for alert in page.locator(SEL_ERROR_ALERT).all():
        problems.append(f"error alert: {alert.inner_text()[:800]}")
    recorded = console_errors(page) if errors is None else errors
    for message in recorded:
        if not any(pattern.search(message) for pattern, _ in CONSOLE_ERROR_ALLOW_LIST):
            problems.append(message[:800])
    broken_images = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stApp"] img')]
              .filter((img) => img.complete && img.naturalWidth === 0)
              .map((img) => img.currentSrc || img.src || img.alt || '(no src)')"""
    )
    problems.extend(f"broken image: {src[:200]}" for src in broken_images)
    if any(_is_blank(chart) for chart in chart_report(page)):
        # Charts paint asynchronously: give them a bounded chance before calling one blank.
        try:
            page.wait_for_function(_NO_BLANK_CHART_JS, polling=200, timeout=CHART_PAINT_TIMEOUT_MS)
        except PlaywrightTimeoutError:
            problems.extend(
                f"blank {chart['type']} chart #{chart['index']}: {chart}"
                for chart in chart_report(page)
                if _is_blank(chart)
            )
    if problems:
        pytest.fail(f"{page.url} is not healthy:\n  - " + "\n  - ".join(problems), pytrace=False)


def _next_frames(page: Page) -> None:
    """Wait until the browser has painted two more animation frames (layout has settled)."""
    page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a full-page PNG to ``tests/browser/screenshots/<name>.png``; return its path.

    With ``full_page=False``, only what the viewport shows (what a projector shows).

    Streamlit scrolls inside its own container, so Playwright's ``full_page`` alone captures one
    viewport: the viewport is grown to the content's height (at most 16000 px) for the shot and
    restored after it.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name).strip("_") or "page"
    path = SCREENSHOT_DIR / f"{safe}.png"
    if not full_page:
        _next_frames(page)
        page.screenshot(path=str(path), animations="disabled")
        return path
    original = page.viewport_size or VIEWPORT
    content_height = int(
        page.evaluate(
            """() => Math.max(document.documentElement.scrollHeight, ...[
                  '[data-testid="stMain"]', '[data-testid="stAppViewContainer"]',
                  '[data-testid="stSidebarContent"]',
                ].map((s) => document.querySelector(s)?.scrollHeight || 0))"""
        )
    )
    height = min(max(content_height, original["height"]), MAX_SCREENSHOT_HEIGHT)
    if height != original["height"]:
        page.set_viewport_size({"width": original["width"], "height": height})
        _next_frames(page)
    try:
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    finally:
        if height != original["height"]:
            page.set_viewport_size(original)
            _next_frames(page)
    return path


def nav_links(page: Page) -> list[tuple[str, str]]:
    """Return ``(label, absolute URL)`` of every page in the app's navigation, in order.

    Expands a collapsed sidebar list ("View more") first. Empty for a single-page app.
    """
    more = page.locator(SEL_NAV_VIEW_MORE)
    if more.count() and more.first.is_visible() and "more" in more.first.inner_text().lower():
        more.first.click()
        expect(more.first).not_to_contain_text("more", ignore_case=True)
    links = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].map(
              (a) => [a.innerText.trim(), a.href])""",
        SEL_NAV_LINK,
    )
    seen: set[str] = set()
    result: list[tuple[str, str]] = []
    for label, href in links:
        if href and href not in seen:
            seen.add(href)
            result.append((label, href))
    return result


def move_slider(
    page: Page, label: str | None = None, *, presses: int = 1, key: str = "ArrowRight"
) -> None:
    """Press ``key`` ``presses`` times on a slider (by exact label text, or the first one).

    Uses the keyboard on the thumb, as a student could. After each press, waits until the thumb
    shows a new value; fails with a clear message if it does not (e.g. already at its limit).
    Read ``script_runs(page)`` before and call ``wait_for_app_ready(page, after_runs=...)``
    after, to wait for the rerun. ``key`` may be ArrowLeft/Right/Up/Down, PageUp/Down, Home, End.
    """
    sliders = page.locator(SEL_SLIDER)
    if label is not None:
        sliders = sliders.filter(has=page.get_by_text(label, exact=True))
    thumb = sliders.first.locator('input[type="range"]:not([disabled])').first
    thumb.focus()
    for press in range(presses):
        old = thumb.input_value()
        thumb.press(key)
        try:
            expect(thumb).not_to_have_value(old, timeout=SLIDER_MOVE_TIMEOUT_MS)
        except AssertionError as error:
            raise AssertionError(
                f"slider {label or '(first)'} did not move from {old} on {key} press "
                f"#{press + 1} (at its limit?)"
            ) from error


def click_button(page: Page, label: str, *, exact: bool = False) -> None:
    """Click the button called ``label`` and wait for the rerun it triggers to finish."""
    before = script_runs(page)
    page.get_by_role("button", name=label, exact=exact).click()
    wait_for_app_ready(page, after_runs=before)


def choose_option(page: Page, label: str, option: str) -> None:
    """Open the select box called ``label``, pick ``option`` and wait for the rerun it
    triggers to finish (none when it is already chosen)."""
    select = page.get_by_role("combobox", name=label)  # shows the chosen option as its value
    if select.input_value() == option:
        return  # already chosen: nothing to rerun
    before = script_runs(page)
    select.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app_ready(page, after_runs=before)


# Starts watching: window.__playSeen resolves, once Play has started and stopped, with [epoch,
# time in ms] for each epoch the animated charts were asked to draw (their hidden range input,
# which the player moves), as seen on the browser's animation frames.
_WATCH_PLAY_JS = """
() => { window.__playSeen = new Promise((resolve) => {
  const seen = [];
  let started = false;
  const tick = (now) => {
    const player = document.querySelector('.gentle-ann-player button');
    const playing = Boolean(player) && player.textContent.includes('Pause');
    started = started || playing;
    const input = document.querySelector('input[name="play_epoch"]');
    if (started && input) {
      const epoch = Number(input.value);
      if (!seen.length || seen[seen.length - 1][0] !== epoch) seen.push([epoch, now]);
    }
    if (started && !playing) resolve(seen);
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}); }
"""


def watch_play(page: Page, press: Callable[[], None]) -> list[tuple[int, float]]:
    """`press()` (a click on Play), watched from before it: each epoch the animation showed and
    when (ms), until Play stops. Play starts in the browser at once, so a watch begun after the
    click could miss its first epochs."""
    page.evaluate(_WATCH_PLAY_JS)
    press()
    return [(int(epoch), float(ms)) for epoch, ms in page.evaluate("() => window.__playSeen")]
