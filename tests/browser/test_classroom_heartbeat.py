"""The classroom benchmark's heartbeat in a real chromium: a page whose main thread is kept busy
is measured as standing still for that long, and only inside the time asked about; and the rule
that makes a timeout the simulated browser's rather than an error."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page

from benchmarks.classroom_measures import (
    RERUN_TIMEOUT_MS,
    STALL_PROBE_JS,
    STALLED_JS,
    STALLED_S,
    browsers_timeout,
)

BUSY_MS = 3_000
# Keeps the page's main thread from running anything else (its timers included) for `ms`.
_BUSY_JS = "(ms) => { const end = performance.now() + ms; while (performance.now() < end) {} }"


def _page_with_a_heartbeat(browser: Browser) -> Page:
    page = browser.new_context().new_page()
    page.add_init_script(STALL_PROBE_JS)
    page.goto("data:text/html,<p>a page with a heartbeat</p>")
    return page


def test_a_busy_main_thread_is_measured_as_standing_still(browser: Browser) -> None:
    page = _page_with_a_heartbeat(browser)
    loaded = time.time()
    page.evaluate(_BUSY_JS, BUSY_MS)
    done = time.time()

    busy = page.evaluate(STALLED_JS, [loaded * 1000, done * 1000])
    before = page.evaluate(STALLED_JS, [(loaded - 60) * 1000, loaded * 1000])
    page.context.close()
    # The heartbeat's own period (250 ms) is not counted as standing still.
    assert BUSY_MS / 1000 - 0.5 <= busy <= BUSY_MS / 1000 + 0.5
    assert before == pytest.approx(0.0, abs=0.05)


def test_a_stall_not_yet_ended_by_a_tick_is_counted(browser: Browser) -> None:
    """Asked before the heartbeat's next tick (as a timed-out wait's question can be), the gap
    since its last tick is the evidence."""
    page = _page_with_a_heartbeat(browser)
    loaded = time.time()
    busy_then_ask = f"""([ms, since]) => {{
      ({_BUSY_JS})(ms);
      return ({STALLED_JS})([since, performance.timeOrigin + performance.now()]);
    }}"""
    stalled = page.evaluate(busy_then_ask, [BUSY_MS, loaded * 1000])
    page.context.close()
    assert BUSY_MS / 1000 - 0.5 <= stalled <= BUSY_MS / 1000 + 0.5


@pytest.mark.parametrize(
    ("stalled", "slowest_run", "expected"),
    [
        (STALLED_S, 2.0, True),  # the page stood still long enough; the server was quick
        (STALLED_S - 0.1, 2.0, False),  # not long enough: the app's or the server's error
        (25.0, RERUN_TIMEOUT_MS / 1000, False),  # a server run as long as the wait
        (0.0, 0.5, False),  # a page that did not stand still
    ],
)
def test_only_a_page_that_stood_still_with_a_quick_server_excuses_a_timeout(
    stalled: float, slowest_run: float, expected: bool
) -> None:
    assert browsers_timeout(stalled, slowest_run) is expected
