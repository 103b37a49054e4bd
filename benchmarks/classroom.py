"""A class on one server: N students in one headless chromium follow the lesson at once.

    python benchmarks/classroom.py                 # 30 students for 15 minutes
    python benchmarks/classroom.py --duration 120 --warmup 40   # a quick look
    python benchmarks/classroom.py -n 10 --duration 60 --seed 7

It starts `streamlit run` on 127.0.0.1 (benchmarks/streamlit_server.py, as the browser tests
do), opens the Lesson in N Playwright pages of one headless Debian chromium (a context each,
1280 x 720), and lets every student work through the lesson from a step of their own: open the
step's page through its link, choose a preset, scrub the epochs, press Play, pin the run,
continue training, show the loss landscape or move a slider, go back to the Lesson and press
Next, with a seeded think time between actions (default 8 to 15 s: a student reads the step,
looks at the chart, then acts; `--think 2 5` is a stress test). Before the class
the teacher opens the lesson's first training link once (the first visit compiles the kernel).

Measured: every script run's time on the server (a rerun request reaching the server to the
run's `script_finished` leaving it, written by benchmarks/timed_streamlit.py, which the server is
started through), every action's time as its page sees it (the action to the next finished run,
from the page probe of the browser tests) and on the page's websocket (request sent to finished
run received, stamped inside the page), errors (traceback boxes, error boxes, console errors
other than the known base-path probe, timeouts: an action that times out is one error, and the
student then reopens the Lesson at their step, rather than look for the next action's button on
a page that is not there), the server's resident memory every second
(VmRSS of its process) and the CPU of server, chromium and the load generator. A heartbeat on
every page (a timer on its main thread) records how long the page stood still, running nothing:
a timeout on a page that stood still for 10 of its 30 s, in a class whose slowest server run
took less than the 30 s, is the simulated browser's (starved of CPU or busy drawing, while the
server had answered or had not been asked): it is listed apart and is not an error. First, before
the server starts, it times the NumPy engine on the post's Figure 11 run, as engine.py does: the
machine's speed on the day, since the same app and class can meet the floor on one day's machine
and miss it on a slower one.

The floor is the server's: 0 errors (the app's or the server's), p95 rerun on the server
< 1.5 s, peak RSS < 1 GB, RSS flat after the warm-up. The page-side times are printed beside
it, not judged: on this machine the thirty simulated browsers share the server's two cores
(chromium runs on the CPU the server leaves, `--browser-cpu`), so they measure the simulation
as much as the app. The server is always stopped by its PID; the exit status is 1 when the
floor is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]

from browser_helpers import (  # noqa: E402
    CHROMIUM_ARGS,
    CONSOLE_ERROR_ALLOW_LIST,
    DEFAULT_CHROMIUM,
    RUN_PROBE_JS,
    SEL_ERROR_ALERT,
    SEL_EXCEPTION,
    SEL_NAV_LINK,
    SEL_SLIDER,
)
from playwright.async_api import Browser, Locator, Page, async_playwright  # noqa: E402
from playwright.async_api import Error as PlaywrightError  # noqa: E402
from playwright.async_api import TimeoutError as PlaywrightTimeoutError  # noqa: E402

from ann_app.content.lesson import STEPS, link_params  # noqa: E402
from ann_app.content.training_tables import CLASSIFICATION_PRESETS, REGRESSION_PRESETS  # noqa: E402
from benchmarks.engine import FIGURES, engine_time  # noqa: E402
from benchmarks.streamlit_server import streamlit_server  # noqa: E402

CHROMIUM_NAME = b"/chromium/chromium"  # in the command line of every chromium process
VIEWPORT = {"width": 1280, "height": 720}
THINK_S = (8.0, 15.0)
ARRIVE_S = 30.0  # a class opens the link over half a minute, not in the same instant
RERUN_TIMEOUT_MS = 30_000
LOAD_TIMEOUT_MS = 120_000
PAUSE_WAIT_MS = 5_000  # a Pause click given up: the run had ended (`_play_or_pause`)
LIST_WAIT_MS = 5_000  # a preset list not open after this is opened again (`_choose_preset`)
# A page's main thread "stands still" while its heartbeat (a timer every STALL_TICK_MS) runs more
# than STALL_LATE_MS late; a timeout is the simulated browser's when its page stood still for
# STALLED_S or more of the wait (see `browsers_timeout`).
STALL_TICK_MS = 250
STALL_LATE_MS = 1_000
STALLED_S = 10.0
EPOCH = "epoch (0 = the initial random weights)"
PRESET_PICKER = "Start from a preset (sets the data, network and training)"
PRESETS = {"classification": CLASSIFICATION_PRESETS, "regression": REGRESSION_PRESETS}
# Floor on the 2-core machine.
MAX_P95_S = 1.5
MAX_RSS_MB = 1024.0
MAX_GROWTH = 0.10  # RSS at the end at most 10 % above RSS at the end of the warm-up

_RUNS_JS = "() => window.__gentleAnnRuns || 0"
_RERUN_DONE_JS = "(n) => (window.__gentleAnnRuns || 0) > n"
# The heartbeat: a timer on the page's main thread that notes each tick more than STALL_LATE_MS
# late ([when it ran, ms late], both in ms since the epoch as time.time() * 1000). A main thread
# that runs no timer for seconds draws nothing either: the simulated browser was starved of CPU
# (thirty pages on the CPU the server leaves) or busy with its own drawing.
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
_STARTED_JS = """(n) => (window.__gentleAnnRuns || 0) >= n && document.querySelector(
  '[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'notRunning'"""


@dataclass
class Session:
    """One student: a page, a random stream, and what happened."""

    index: int
    page: Page
    rng: random.Random
    step: int
    reruns: list[tuple[str, str, float]] = field(default_factory=list)  # (action, page, s)
    served: list[tuple[str, str, float]] = field(default_factory=list)  # on the websocket
    errors: list[str] = field(default_factory=list)
    # Actions that timed out, each with the seconds its page's main thread stood still during the
    # wait: errors, unless the simulated browser's (see `browsers_timeout`).
    timeouts: list[tuple[str, float]] = field(default_factory=list)
    stalled: float = 0.0  # seconds the page's main thread stood still over the whole class
    loaded: float | None = None  # time.time() of the last page load (its heartbeat's start)
    console: list[str] = field(default_factory=list)
    skipped: int = 0
    reopened: int = 0  # preset lists opened a second time (see `_choose_preset`)
    think: tuple[float, float] = THINK_S  # seconds between actions, drawn uniformly
    arrival: float = 0.0  # seconds after the start of class when the student opens the link


# ---- the machine ------------------------------------------------------------------------------

#: The same work on any day: the NumPy engine's time for this run, as in benchmarks/engine.py.
SPEED_RUN = "Figure 11 (XOR, 4 hidden)"


def machine_speed_ms() -> float:
    """Milliseconds the NumPy engine takes to train and draw SPEED_RUN (best of 3), measured
    before the class: a class on a slower machine can then be told from a slower app."""
    return engine_time(FIGURES[SPEED_RUN], "numpy", 3) * 1e3


# ---- memory --------------------------------------------------------------------------------------


def rss_mb(pid: int) -> float | None:
    """Resident memory of process `pid` in MB (VmRSS from /proc), None once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def chromium_pids() -> list[int]:
    """The chromium processes running now (this benchmark's browser)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if CHROMIUM_NAME in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def load_generator_pids(server_pid: int) -> list[int]:
    """This process and its children but the server (Playwright's driver): the students'
    simulated hands and eyes, whose CPU a real class would not spend on the server's machine."""
    me, pids = os.getpid(), [os.getpid()]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != server_pid:
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if parent == me:
                pids.append(int(entry.name))
    return pids


class RssSampler(threading.Thread):
    """Samples a process's RSS every `interval` seconds: (seconds since start, MB)."""

    def __init__(self, pid: int, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, float]] = []
        self.chromium_cpu: dict[int, float] = {}  # last CPU seconds seen per chromium process
        self.generator_cpu: dict[int, float] = {}  # the same for the load generator
        self._done = threading.Event()
        self.start_time = time.monotonic()
        self.server_cpu = 0.0

    def run(self) -> None:
        while not self._done.is_set():
            value = rss_mb(self.pid)
            if value is not None:
                self.samples.append((time.monotonic() - self.start_time, value))
                self.server_cpu = cpu_seconds(self.pid)
            for pid in chromium_pids():
                self.chromium_cpu[pid] = max(self.chromium_cpu.get(pid, 0.0), cpu_seconds(pid))
            for pid in load_generator_pids(self.pid):
                self.generator_cpu[pid] = max(self.generator_cpu.get(pid, 0.0), cpu_seconds(pid))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join(timeout=5)

    def at(self, seconds: float) -> float:
        """The last sample taken at or before `seconds` after the start."""
        before = [mb for t, mb in self.samples if t <= seconds]
        return before[-1] if before else self.samples[0][1]


# ---- one student -------------------------------------------------------------------------------


def _page_name(page: Page) -> str:
    path = page.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return path if path and ":" not in path else "home"


# The first rerun request the page sent at or after `since` (performance.now()) and the first
# finished run that arrived after it: [sent, finished], either null when there is none.
_SERVED_JS = """(since) => {
  const sent = window.__gentleAnnSent.find((t) => t >= since);
  const done = sent === undefined ? undefined : window.__gentleAnnFinished.find((t) => t > sent);
  return [sent ?? null, done ?? null];
}"""


async def _timed(session: Session, action: str, do) -> bool:
    """Do one action and record the time to the next finished script run: as the page sees it
    (the action to the finished run counted), and on the websocket (the rerun request leaving
    the page to the finished run arriving, both stamped inside the page). False, and an error,
    when the action or its run timed out."""
    page = session.page
    before = await page.evaluate(_RUNS_JS)
    mark = await page.evaluate("() => performance.now()")
    start, since = time.perf_counter(), time.time()
    try:
        await do()
        await page.wait_for_function(
            _RERUN_DONE_JS, arg=before, polling=25, timeout=RERUN_TIMEOUT_MS
        )
    except PlaywrightTimeoutError as error:
        await _timed_out(session, f"{action} on {_page_name(page)}: no rerun", error, since)
        return False
    end = time.perf_counter()
    session.reruns.append((action, _page_name(page), end - start))
    sent, done = await page.evaluate(_SERVED_JS, mark)
    if sent is not None and done is not None:
        session.served.append((action, _page_name(page), (done - sent) / 1000))
    return True


async def _stalled(page: Page, since: float) -> float:
    """Seconds the page's main thread stood still from `since` (time.time()) to now. A page that
    does not answer within a minute counts as not stalled: its timeout is then an error, not the
    simulated browser's."""
    try:
        stalled = page.evaluate(STALLED_JS, [since * 1000, time.time() * 1000])
        return float(await asyncio.wait_for(stalled, timeout=60))
    except (TimeoutError, PlaywrightError):
        return 0.0


async def _timed_out(
    session: Session, what: str, error: PlaywrightTimeoutError, since: float
) -> None:
    """Record a timed-out action (`what`, and why) with the seconds its page stood still since
    the action began at `since` (time.time()); `report` tells which are errors."""
    session.timeouts.append((f"{what} ({_why(error)})", await _stalled(session.page, since)))


def browsers_timeout(stalled_s: float, slowest_server_run_s: float) -> bool:
    """Whether a timed-out action was the simulated browser's rather than the app's or the
    server's: its page's main thread stood still for STALLED_S or more of the wait, and no run
    on the server took as long as the wait (so no run of this page's can have been the cause)."""
    return stalled_s >= STALLED_S and slowest_server_run_s < RERUN_TIMEOUT_MS / 1000


def _why(error: PlaywrightTimeoutError) -> str:
    """A timeout in a line: what timed out and the last step of Playwright's call log (for a
    click: whether it waited for the element, for it to be stable, or for a navigation)."""
    lines = [line.strip(" -") for line in error.message.splitlines() if line.strip(" -")]
    steps = [line for line in lines[1:] if line != "Call log:"]
    return " / ".join([lines[0][:80], *steps[-1:]])[:240] if lines else "timeout"


async def _load(page: Page, url: str) -> None:
    """Open `url` afresh and wait for its first script run to start."""
    await page.goto(url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT_MS)
    await page.wait_for_function(_STARTED_JS, arg=1, polling=100, timeout=LOAD_TIMEOUT_MS)


async def _open_lesson(session: Session, base_url: str) -> None:
    """Open the Lesson at the session's step: on arrival, at the lesson's end, and after an
    action that timed out, as a student whose page stopped answering would (without it the next
    actions look for buttons of a page that is not there, and one stall counts three or four
    errors). A load starts the heartbeat afresh: what the last page's recorded is added first."""
    if session.loaded is not None:
        session.stalled += await _stalled(session.page, session.loaded)
    await _load(session.page, f"{base_url}/lesson?step={session.step}")
    session.loaded = time.time()


async def _check(session: Session) -> None:
    """Record traceback and error boxes on the page now (none is expected by any step)."""
    page = session.page
    for selector, kind in ((SEL_EXCEPTION, "exception box"), (SEL_ERROR_ALERT, "error box")):
        for box in await page.locator(selector).all():
            text = (await box.inner_text())[:200].replace("\n", " ")
            message = f"{kind} on {_page_name(page)}: {text}"
            if message not in session.errors:
                session.errors.append(message)


async def _think(session: Session) -> None:
    await asyncio.sleep(session.rng.uniform(*session.think))
    await _check(session)


async def _move_slider(session: Session, label: str | None = None) -> bool | None:
    """Press a key on a slider (the one called `label`, else a random one); False if none,
    None if it timed out."""
    page = session.page
    sliders = page.locator(SEL_SLIDER)
    if label is not None:
        sliders = sliders.filter(has=page.get_by_text(label, exact=True))
    count = await sliders.count()
    if not count:
        return False
    thumb = sliders.nth(session.rng.randrange(count)).locator('input[type="range"]').first
    if await thumb.is_disabled():
        return False
    value, low, high = (
        float(await thumb.input_value()),
        float(await thumb.get_attribute("min") or 0),
        float(await thumb.get_attribute("max") or 1),
    )
    keys = ("PageUp", "ArrowRight") if value <= low else ("PageDown", "ArrowLeft")
    if low < value < high:
        keys = ("PageUp", "PageDown", "ArrowRight", "ArrowLeft")
    key = session.rng.choice(keys)

    async def press() -> None:
        await thumb.focus()
        await thumb.press(key)

    return await _timed(session, "scrub" if label == EPOCH else "slider", press) or None


async def _clickable(button: Locator) -> bool:
    """Whether `button` is on the page, visible and enabled, checked at once without waiting.
    Two of Playwright's checks in a row (is there one, is it enabled) can see the button go
    between them, and is_enabled then waits 30 s for it: a Pause the player replaced by Play as
    its run ended (an error in a class of 2026-12-02)."""
    return await button.evaluate_all(
        "([b]) => !!b && b.checkVisibility({visibilityProperty: true}) && !b.disabled"
    )


async def _click(session: Session, action: str, name: str) -> bool | None:
    """Click the button called `name` (its text starts so) and time the rerun; False if the
    page has none (a pin already set, a landscape already shown), None if it timed out."""
    button = session.page.get_by_role("button", name=re.compile("^" + re.escape(name))).first
    if not await _clickable(button):
        return False
    return await _timed(session, action, button.click) or None


async def _continue(session: Session) -> bool | None:
    """Open "Continue training, or edit the weights" (untimed) and train more epochs; False
    while the run plays (the box then asks for Pause: before 2026-12-02 the student waited 30 s
    for a Train button that a playing page does not show, and counted an error)."""
    page = session.page
    box = page.locator("details").filter(has_text="Continue training, or edit the weights").first
    train = page.get_by_role("button", name=re.compile("^⏭️ Train")).first
    pause_first = page.get_by_text("Pause to continue the training").first
    if await box.get_attribute("open") is None:
        await box.locator("summary").click()
    await train.or_(pause_first).first.wait_for(state="visible")
    if await pause_first.is_visible():
        return False
    return await _click(session, "continue", "⏭️ Train")


async def _on_page(session: Session, task: str | None) -> bool:
    """What a student does on a step's page (1 to 3 actions, see `_act`). False once an action
    timed out (the rest of the page's actions are not tried)."""
    for _ in range(session.rng.randint(1, 3)):
        await _think(session)
        since = time.time()
        try:
            done = await _act(session, task)
        except PlaywrightTimeoutError as error:  # a step before the timed one (opening a list)
            page = _page_name(session.page)
            await _timed_out(session, f"action on {page}: timed out", error, since)
            return False
        if done is None:
            return False
        if not done:
            session.skipped += 1
    return True


async def _choose_preset(session: Session, task: str) -> bool | None:
    """Open the preset picker (untimed) and choose a preset it does not show (timed). A list
    that is not open after LIST_WAIT_MS is opened again, once, as a student would: in the
    classes of 2026-12-02, 3 of 1,400 clicks left the picker focused with its list closed for a
    minute while the simulated browsers were starved of CPU (`Session.reopened` counts them)."""
    page = session.page
    picker = page.get_by_role("combobox", name=PRESET_PICKER)
    # Choosing the preset shown would not rerun. The picker is a text input: its value is the
    # shown preset, and its inner text is empty (read before 2026-12-02, it let a student
    # choose the shown preset, wait 30 s for a rerun and count an error).
    shown = await picker.input_value()
    preset = session.rng.choice([p for p in PRESETS[task] if p.label != shown])
    option = page.get_by_role("option", name=preset.label, exact=True)
    await picker.click()
    try:
        await option.wait_for(state="visible", timeout=LIST_WAIT_MS)
    except PlaywrightTimeoutError:
        if await picker.get_attribute("aria-expanded") != "true":  # open but slow: wait on
            session.reopened += 1
            await picker.click()
    return await _timed(session, "preset", option.click) or None


async def _act(session: Session, task: str | None) -> bool | None:
    """One action on a step's page: a preset, scrubbing, Play, pin the run, continue training,
    show the loss landscape, or a slider. False if the page had nothing for it, None if it
    timed out."""
    roll = session.rng.random()
    if task and roll < 0.2:
        return await _choose_preset(session, task)
    if task and roll < 0.45:
        return await _move_slider(session, EPOCH)
    if task and roll < 0.55:
        return await _play_or_pause(session)
    if task and roll < 0.65:
        return await _either(session, "pin", "📌 Pin this run", "Unpin")
    if task and roll < 0.75:
        return await _continue(session)
    if task and roll < 0.82:
        return await _click(session, "landscape", "Show the loss landscape")
    return await _move_slider(session)


async def _play_or_pause(session: Session) -> bool | None:
    """Press Play, or Pause while the run plays. A run that reaches its last epoch as Pause is
    pressed stops by itself: the player disables Pause (or the stop's run has replaced it by
    Play) and sends the same stop, so the click gives up after PAUSE_WAIT_MS and the stop's
    rerun is the one timed (before 2026-12-02 the click waited 30 s for the disabled button and
    counted an error). A Pause still enabled is clicked again; no rerun is still an error."""
    done = await _click(session, "play", "▶ Play")
    pause = session.page.get_by_role("button", name=re.compile("^⏸")).first
    if done is not False or not await _clickable(pause):
        return done

    async def press() -> None:
        try:
            await pause.click(timeout=PAUSE_WAIT_MS)
        except PlaywrightTimeoutError:
            if await _clickable(pause):  # still playing: slow, not over
                await pause.click()

    return await _timed(session, "play", press) or None


async def _either(session: Session, action: str, name: str, other: str) -> bool | None:
    """Click `name`, or `other` when the page shows no `name` (Unpin when a run is pinned)."""
    done = await _click(session, action, name)
    return await _click(session, action, other) if done is False else done


async def student(session: Session, base_url: str, deadline: float) -> None:
    """Follow the lesson from the session's step until `deadline` (time.monotonic())."""
    page = session.page
    await asyncio.sleep(session.arrival)
    await _open_lesson(session, base_url)
    while time.monotonic() < deadline:
        step = STEPS[session.step - 1]
        task = next((t for t in PRESETS if step.page.endswith(f"{t}.py")), None)
        await _think(session)
        link = page.get_by_role("link", name="with this step's settings")
        if not await _timed(session, "open step link", link.click):
            await _open_lesson(session, base_url)
            continue
        params = link_params(step)
        if any(f"{k}=" not in page.url for k in params):
            session.errors.append(f"step {session.step}: the URL {page.url} lost its settings")
        if not await _on_page(session, task):
            await _open_lesson(session, base_url)
            continue
        await _think(session)
        lesson = page.locator(SEL_NAV_LINK).filter(has_text="Lesson").first
        if not await _timed(session, "back to lesson", lesson.click):
            await _open_lesson(session, base_url)
            continue
        await _think(session)
        if session.step < len(STEPS):
            next_button = page.get_by_role("button", name="Next ▶")
            if await _timed(session, "next step", next_button.click):
                session.step += 1
            else:
                await _open_lesson(session, base_url)
        else:  # the end of the lesson: start again from the first step (a fresh load)
            session.step = 1
            await _open_lesson(session, base_url)
    await _check(session)
    session.stalled += await _stalled(page, session.loaded or time.time())


async def _open(
    browser: Browser,
    index: int,
    seed: int,
    think: tuple[float, float] = THINK_S,
    arrive: float = 0.0,
) -> Session:
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    rng = random.Random(seed * 1000 + index)
    step = rng.randint(1, len(STEPS))
    session = Session(index, page, rng, step, think=think, arrival=rng.uniform(0, arrive))

    def on_console(message) -> None:
        if message.type == "error":
            where = f"{message.location.get('url', '')}:{message.location.get('lineNumber', '')}"
            text = f"console.error: {message.text} ({where})"  # as the browser tests record it
            if not any(pattern.search(text) for pattern, _ in CONSOLE_ERROR_ALLOW_LIST):
                session.console.append(text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: session.console.append(f"uncaught: {error.message}"))
    await page.add_init_script(RUN_PROBE_JS + STALL_PROBE_JS)
    return session


async def _teacher_warms_up(browser: Browser, base_url: str) -> float:
    """The teacher opens the first training step once before class; returns seconds taken."""
    step = next(s for s in STEPS if s.page.endswith("classification.py"))
    query = "&".join(f"{k}={v}" for k, v in link_params(step).items())
    session = await _open(browser, -1, 0)
    start = time.perf_counter()
    await _load(session.page, f"{base_url}/classification?{query}")
    await session.page.context.close()
    return time.perf_counter() - start


# How chromium is started: the students' browsers would run on their own laptops, but here all
# thirty share the server's two cores. "idle" runs chromium under Linux's SCHED_IDLE policy, so
# it gets only the CPU the server (and this load generator) leave: the server is measured as if
# the browsers were elsewhere. "normal" lets the browsers compete with the server (a stress test).
BROWSER_CPU = {"idle": ("chrt", "--idle", "0"), "normal": ()}


def _chromium(policy: str) -> str:
    """A wrapper that starts chromium under `policy` (a key of BROWSER_CPU), or chromium."""
    prefix = BROWSER_CPU[policy]
    if not prefix:
        return DEFAULT_CHROMIUM
    wrapper = Path(tempfile.mkdtemp(prefix="classroom-chromium-")) / "chromium"
    wrapper.write_text(f'#!/bin/sh\nexec {" ".join(prefix)} {DEFAULT_CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


async def classroom(
    base_url: str,
    n: int,
    duration: float,
    seed: int,
    browser_cpu: str,
    think: tuple[float, float] = THINK_S,
    arrive: float = 0.0,
) -> list[Session]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=_chromium(browser_cpu), args=CHROMIUM_ARGS, headless=True
        )
        try:
            warm = await _teacher_warms_up(browser, base_url)
            print(f"teacher's first visit (compiles the kernel): {warm:.1f} s", flush=True)
            sessions = [await _open(browser, i, seed, think, arrive) for i in range(n)]
            deadline = time.monotonic() + duration
            results = await asyncio.gather(
                *(student(s, base_url, deadline) for s in sessions), return_exceptions=True
            )
            for session, result in zip(sessions, results, strict=True):
                if isinstance(result, BaseException):
                    session.errors.append(f"session stopped: {type(result).__name__}: {result}")
            return sessions
        finally:
            await browser.close()


# ---- report ------------------------------------------------------------------------------------


def _quantile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


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
    for line in text.splitlines():
        match = re.match(r'cache_memory_bytes\{.*cache="([^"]+)".*\} (\S+)', line)
        if match:
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


def _print_groups(title: str, groups: dict[str, list[float]]) -> None:
    """A line of quantiles for each group of times, under `title`."""
    print(title)
    for name, values in sorted(groups.items()):
        print(
            f"    {name:24s} n={len(values):4d}  p50 {_quantile(values, 0.5):.3f}  "
            f"p95 {_quantile(values, 0.95):.3f}  max {max(values):.3f}"
        )


def report(
    sessions: list[Session],
    sampler: RssSampler,
    warmup: float,
    total: float,
    runs_on_server: list[tuple[float, str]],
    caches: dict[str, float],
    caches_at_warmup: dict[str, float],
) -> bool:
    """Print the figures; True when the floor is met. `caches` and `caches_at_warmup` are
    what the caches held at the end and at the end of the warm-up (`cache_memory`)."""
    on_server = [t for t, _ in runs_on_server]
    server_by_page: dict[str, list[float]] = defaultdict(list)
    for t, page in runs_on_server:
        server_by_page[page].append(t)
    times = [t for s in sessions for _, _, t in s.reruns]
    served = [t for s in sessions for _, _, t in s.served]
    slowest = max(on_server, default=0.0)
    errors = [f"#{s.index}: {e}" for s in sessions for e in s.errors + s.console]
    browsers: list[str] = []  # timeouts on a page that stood still: the simulated browsers'
    for s in sessions:
        for message, stalled in s.timeouts:
            line = f"#{s.index}: {message} [its page stood still {stalled:.1f} s of the wait]"
            (browsers if browsers_timeout(stalled, slowest) else errors).append(line)
    by_kind: dict[str, list[float]] = defaultdict(list)
    by_page: dict[str, list[float]] = defaultdict(list)
    for s in sessions:
        for action, page, t in s.reruns:
            by_kind[action].append(t)
            by_page[page].append(t)
    rss = [mb for _, mb in sampler.samples]
    peak = max(rss)
    at_warmup, at_end = sampler.at(warmup), rss[-1]
    growth = at_end / at_warmup - 1
    p50, p95 = _quantile(times, 0.5), _quantile(times, 0.95)
    served_p50, served_p95 = _quantile(served, 0.5), _quantile(served, 0.95)

    print(f"\nstudents: {len(sessions)}, actions: {len(times)}, errors: {len(errors)}")
    reopened = sum(s.reopened for s in sessions)
    print(f"preset lists opened again (closed {LIST_WAIT_MS // 1000} s after a click): {reopened}")
    for line in errors[:30]:
        print(f"  error {line}")
    print(
        f"timeouts on a page whose main thread stood still {STALLED_S:.0f} s or more of the "
        f"wait (the simulated browsers', not errors): {len(browsers)}"
    )
    for line in browsers[:30]:
        print(f"  stall {line}")
    stalled = [s.stalled for s in sessions]
    print(
        f"the pages' main threads stood still (no timer ran for over {STALL_LATE_MS / 1000:.0f} "
        f"s) for p50 {_quantile(stalled, 0.5):.0f} s, max {max(stalled):.0f} s of a student's "
        f"class"
    )
    server_p50, server_p95 = _quantile(on_server, 0.5), _quantile(on_server, 0.95)
    print(
        f"rerun on the server (request received -> script_finished queued), every run "
        f"({len(on_server)}, page loads too): p50 {server_p50:.3f} s, p95 {server_p95:.3f} s, "
        f"max {max(on_server, default=float('nan')):.3f} s"
    )
    print(
        f"rerun on the websocket (rerun request sent -> script_finished received), "
        f"{len(served)} reruns: p50 {served_p50:.3f} s, p95 {served_p95:.3f} s, "
        f"max {max(served):.3f} s"
    )
    print(
        f"rerun as the page sees it (action -> the page's probe counts the finished run): "
        f"p50 {p50:.3f} s, p95 {p95:.3f} s, max {max(times):.3f} s"
    )
    _print_groups("  on the server, by page the request names:", server_by_page)
    served_by_kind: dict[str, list[float]] = defaultdict(list)
    for s in sessions:
        for action, _, t in s.served:
            served_by_kind[action].append(t)
    _print_groups("  on the websocket, by action:", served_by_kind)
    print("  as the page sees it:")
    _print_groups("  by action:", by_kind)
    _print_groups("  by page:", by_page)
    print(
        f"server RSS: peak {peak:.0f} MB; {at_warmup:.0f} MB at the end of the warm-up "
        f"({warmup:.0f} s), {at_end:.0f} MB at the end ({total:.0f} s): {growth:+.1%}"
    )
    step = max(30, int(total // 10))  # about ten points of the RSS curve
    curve = ", ".join(f"{t}s {sampler.at(t):.0f}" for t in range(0, int(total) + 1, step))
    print(f"server RSS (MB) over time: {curve}")
    if caches:
        held = ", ".join(f"{name} {mb:.1f}" for name, mb in caches.items())
        print(f"cached data at the end: {sum(caches.values()):.0f} MB ({held})")
    if caches and caches_at_warmup:
        grew = sum(caches.values()) - sum(caches_at_warmup.values())
        print(
            f"cached data at the end of the warm-up: {sum(caches_at_warmup.values()):.0f} MB; "
            f"after it the caches grew {grew:+.0f} MB and the rest of RSS "
            f"{at_end - at_warmup - grew:+.0f} MB"
        )
    wall = sampler.samples[-1][0]
    print(
        f"CPU over {wall:.0f} s on {os.cpu_count()} cores: server {sampler.server_cpu:.0f} s "
        f"({sampler.server_cpu / wall:.2f} cores), chromium "
        f"{sum(sampler.chromium_cpu.values()):.0f} s "
        f"({sum(sampler.chromium_cpu.values()) / wall:.2f} cores), load generator "
        f"{sum(sampler.generator_cpu.values()):.0f} s "
        f"({sum(sampler.generator_cpu.values()) / wall:.2f} cores)"
    )
    checks = {
        "0 errors (the app's or the server's)": not errors,
        f"p95 rerun on the server < {MAX_P95_S} s": server_p95 < MAX_P95_S,
        f"peak RSS < {MAX_RSS_MB:.0f} MB": peak < MAX_RSS_MB,
        f"RSS flat after warm-up (< {MAX_GROWTH:.0%})": growth < MAX_GROWTH,
    }
    print("floor (the server's):")
    for name, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    return all(checks.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--students", type=int, default=30)
    # Long enough for the server's memory to settle: the caches fill within minutes, and the
    # allocators' own pools keep growing (ever more slowly) for several minutes more, while the
    # Python heap grows by little more than the caches (tracemalloc: about 12 MB in 5 minutes).
    parser.add_argument("--duration", type=float, default=900.0, help="seconds of class")
    parser.add_argument("--warmup", type=float, default=300.0, help="seconds before RSS is flat")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--browser-cpu",
        choices=sorted(BROWSER_CPU),
        default="idle",
        help="idle: chromium runs only on CPU the server leaves (default); normal: it competes",
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=THINK_S,
        metavar=("MIN", "MAX"),
        help="seconds between a student's actions, drawn uniformly (default 8 15)",
    )
    parser.add_argument(
        "--arrive",
        type=float,
        default=ARRIVE_S,
        help="students open the link at random times in the first this many seconds",
    )
    args = parser.parse_args(argv)

    speed = machine_speed_ms()
    print(
        f"this machine: the NumPy engine trains and draws {SPEED_RUN} in {speed:.0f} ms "
        "(as benchmarks/engine.py times it)",
        flush=True,
    )
    folder = Path(tempfile.mkdtemp(prefix="classroom-"))
    log, times = folder / "server.log", folder / "server_times.txt"
    with streamlit_server(ROOT / "serve.py", log, times_path=times) as server:
        print(f"server {server.url} (pid {server.pid}, log {log})", flush=True)
        sampler = RssSampler(server.pid)
        sampler.start()
        # What the caches hold when the warm-up ends, to tell their growth from the rest's.
        caches_at_warmup: dict[str, float] = {}
        warmed = threading.Timer(
            args.warmup, lambda: caches_at_warmup.update(cache_memory(server.url))
        )
        warmed.start()
        try:
            started = time.monotonic()
            sessions = asyncio.run(
                classroom(
                    server.url,
                    args.students,
                    args.duration,
                    args.seed,
                    args.browser_cpu,
                    tuple(args.think),
                    args.arrive,
                )
            )
            total = time.monotonic() - started
            caches = cache_memory(server.url)
        finally:
            warmed.cancel()
            sampler.stop()
    ok = report(
        sessions, sampler, args.warmup, total, server_times(times), caches, caches_at_warmup
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
