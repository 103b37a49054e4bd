"""A class on one server: N students in one headless chromium follow the lesson at once.

    python benchmarks/classroom.py                 # 30 students for 15 minutes
    python benchmarks/classroom.py --duration 120 --warmup 40   # a quick look
    python benchmarks/classroom.py -n 10 --duration 60 --seed 7

Each student, in a page of their own, follows the lesson from a step of their own (its link,
a preset, scrubbing, Play, pin, continue training, the landscape, a slider, back and Next),
with a seeded think time between actions (`--think 2 5` is a stress test); after a timeout
the student reopens the Lesson. benchmarks/classroom_measures.py measures the server (through
benchmarks/timed_streamlit.py), the heartbeat that excuses a timeout on a page that stood
still, and prints the report; the exit status is 1 when the server's floor is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]

import browser_helpers as helpers  # noqa: E402
from playwright.async_api import (  # noqa: E402
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    async_playwright,
)
from playwright.async_api import TimeoutError as PlaywrightTimeoutError  # noqa: E402

from ann_app.content.lesson import STEPS, link_params  # noqa: E402
from ann_app.content.training_tables import CLASSIFICATION_PRESETS, REGRESSION_PRESETS  # noqa: E402
from benchmarks import classroom_measures as measure  # noqa: E402
from benchmarks.engine import FIGURES, engine_time  # noqa: E402
from benchmarks.streamlit_server import streamlit_server  # noqa: E402

VIEWPORT = {"width": 1280, "height": 720}
THINK_S = (8.0, 15.0)
ARRIVE_S = 30.0  # a class opens the link over half a minute, not in the same instant
LOAD_TIMEOUT_MS = 120_000
PAUSE_WAIT_MS = 5_000  # a Pause click given up: the run had ended (`_play_or_pause`)
LIST_WAIT_MS = 5_000  # a preset list not open after this is opened again (`_choose_preset`)
EPOCH = "epoch (0 = the initial random weights)"
PRESET_PICKER = "Start from a preset (sets the data, network and training)"
PRESETS = {"classification": CLASSIFICATION_PRESETS, "regression": REGRESSION_PRESETS}
SPEED_RUN = "Figure 11 (XOR, 4 hidden)"  # timed first: the machine's speed on the day
# How chromium is started: "idle" (SCHED_IDLE) gets only the CPU the server leaves, as if the
# browsers were elsewhere; "normal" competes with the server (a stress test).
BROWSER_CPU = {"idle": ("chrt", "--idle", "0"), "normal": ()}

_RANGE_JS = (
    "(e) => [e.disabled, +e.value, +(e.getAttribute('min') || 0), +(e.getAttribute('max') || 1)]"
)
_RUNS_JS = "() => window.__gentleAnnRuns || 0"
_RERUN_DONE_JS = "(n) => (window.__gentleAnnRuns || 0) > n"
_STARTED_JS = """(n) => (window.__gentleAnnRuns || 0) >= n && document.querySelector(
  '[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'notRunning'"""
# The first rerun request sent at or after `since` (performance.now()) and the first finished
# run received after it: [sent, finished], either null when there is none.
_SERVED_JS = """(since) => {
  const sent = window.__gentleAnnSent.find((t) => t >= since);
  const done = sent === undefined ? undefined : window.__gentleAnnFinished.find((t) => t > sent);
  return [sent ?? null, done ?? null];
}"""
Outcome = bool | None  # an action: True done, False nothing to do on the page, None timed out


@dataclass
class Session:
    """One student: a page, a random stream, and what happened."""

    index: int
    page: Page
    rng: random.Random
    step: int
    reruns: list[measure.Timed] = field(default_factory=list)  # as the page sees them
    served: list[measure.Timed] = field(default_factory=list)  # on the websocket
    errors: list[str] = field(default_factory=list)
    timeouts: list[tuple[str, float]] = field(default_factory=list)  # (what, s stood still)
    stalled: float = 0.0  # seconds the page's main thread stood still over the whole class
    loaded: float | None = None  # time.time() of the last page load (its heartbeat's start)
    console: list[str] = field(default_factory=list)
    reopened: int = 0  # preset lists opened a second time (`_choose_preset`)
    think: tuple[float, float] = THINK_S  # seconds between actions, drawn uniformly
    arrival: float = 0.0  # seconds after the start of class when the student opens the link


def _page_name(page: Page) -> str:
    """The page's name from its URL ("home" for the root)."""
    path = page.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return path if path and ":" not in path else "home"


async def _timed(session: Session, action: str, do: Callable[[], Awaitable[None]]) -> bool:
    """Do one action and record the time to the next finished run, as the page sees it and on
    the websocket (request sent to finished run received); False when it timed out."""
    page = session.page
    before = await page.evaluate(_RUNS_JS)
    mark = await page.evaluate("() => performance.now()")
    start, since = time.perf_counter(), time.time()
    try:
        await do()
        await page.wait_for_function(
            _RERUN_DONE_JS, arg=before, polling=25, timeout=measure.RERUN_TIMEOUT_MS
        )
    except PlaywrightTimeoutError as error:
        what = f"{action} on {_page_name(page)}: no rerun"
        await measure.timed_out(session.timeouts, page, what, error, since)
        return False
    session.reruns.append((action, _page_name(page), time.perf_counter() - start))
    sent, done = await page.evaluate(_SERVED_JS, mark)
    if sent is not None and done is not None:
        session.served.append((action, _page_name(page), (done - sent) / 1000))
    return True


async def _load(page: Page, url: str) -> None:
    """Open `url` afresh and wait for its first script run to start."""
    await page.goto(url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT_MS)
    await page.wait_for_function(_STARTED_JS, arg=1, polling=100, timeout=LOAD_TIMEOUT_MS)


async def _open_lesson(session: Session, base_url: str) -> None:
    """Open the Lesson at the session's step (so one stall is one error, not one per missing
    button); the load restarts the heartbeat, so the last page's stalls are added first."""
    if session.loaded is not None:
        session.stalled += await measure.stalled(session.page, session.loaded)
    await _load(session.page, f"{base_url}/lesson?step={session.step}")
    session.loaded = time.time()


async def _check(session: Session) -> None:
    """Record traceback and error boxes on the page now (none is expected by any step)."""
    page = session.page
    boxes = {helpers.SEL_EXCEPTION: "exception box", helpers.SEL_ERROR_ALERT: "error box"}
    for selector, kind in boxes.items():
        for box in await page.locator(selector).all():
            text = (await box.inner_text())[:200].replace("\n", " ")
            message = f"{kind} on {_page_name(page)}: {text}"
            if message not in session.errors:
                session.errors.append(message)


async def _think(session: Session) -> None:
    """Wait the student's think time, then look for error boxes."""
    await asyncio.sleep(session.rng.uniform(*session.think))
    await _check(session)


async def _move_slider(session: Session, label: str | None = None) -> Outcome:
    """Press a key on the slider called `label`, else on a random one."""
    page = session.page
    sliders = page.locator(helpers.SEL_SLIDER)
    if label is not None:
        sliders = sliders.filter(has=page.get_by_text(label, exact=True))
    count = await sliders.count()
    if not count:
        return False
    thumb = sliders.nth(session.rng.randrange(count)).locator('input[type="range"]').first
    disabled, value, low, high = await thumb.evaluate(_RANGE_JS)
    if disabled:
        return False
    keys = ("PageUp", "ArrowRight") if value <= low else ("PageDown", "ArrowLeft")
    if low < value < high:
        keys = ("PageUp", "PageDown", "ArrowRight", "ArrowLeft")
    key = session.rng.choice(keys)

    async def press() -> None:
        await thumb.focus()
        await thumb.press(key)

    return await _timed(session, "scrub" if label == EPOCH else "slider", press) or None


async def _clickable(button: Locator) -> bool:
    """Whether `button` is there, visible and enabled, in one check (in two, a Pause can turn
    into Play between them, and is_enabled then waits 30 s)."""
    return await button.evaluate_all(
        "([b]) => !!b && b.checkVisibility({visibilityProperty: true}) && !b.disabled"
    )


async def _click(session: Session, action: str, name: str) -> Outcome:
    """Click the button whose text starts with `name` and time the rerun."""
    button = session.page.get_by_role("button", name=re.compile("^" + re.escape(name))).first
    if not await _clickable(button):
        return False
    return await _timed(session, action, button.click) or None


async def _either(session: Session, action: str, name: str, other: str) -> Outcome:
    """Click `name`, or `other` when the page shows no `name` (Unpin when a run is pinned)."""
    done = await _click(session, action, name)
    return await _click(session, action, other) if done is False else done


async def _continue(session: Session) -> Outcome:
    """Open "Continue training, or edit the weights" (untimed) and train more epochs; nothing
    to do while the run plays (the box then asks for Pause, and shows no Train)."""
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


async def _choose_preset(session: Session, task: str) -> Outcome:
    """Open the preset picker (untimed) and choose a preset it does not show (timed: the shown
    one would not rerun). A list not open after LIST_WAIT_MS is opened again, once, as a
    student would (`Session.reopened`)."""
    page = session.page
    picker = page.get_by_role("combobox", name=PRESET_PICKER)
    shown = await picker.input_value()  # a text input: its value is the shown preset
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


async def _play_or_pause(session: Session) -> Outcome:
    """Press Play, or Pause while the run plays. A run that ends as Pause is pressed sends the
    same stop, so the click gives up after PAUSE_WAIT_MS and that stop's rerun is timed."""
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


async def _act(session: Session, task: str | None) -> Outcome:
    """One action on a step's page, drawn at random: a preset, scrubbing, Play, pin the run,
    continue training, the loss landscape, or a slider (the only one off a training page)."""
    roll = session.rng.random()
    if not task or roll >= 0.82:
        return await _move_slider(session)
    if roll < 0.2:
        return await _choose_preset(session, task)
    if roll < 0.45:
        return await _move_slider(session, EPOCH)
    if roll < 0.55:
        return await _play_or_pause(session)
    if roll < 0.65:
        return await _either(session, "pin", "📌 Pin this run", "Unpin")
    if roll < 0.75:
        return await _continue(session)
    return await _click(session, "landscape", "Show the loss landscape")


async def _on_page(session: Session, task: str | None) -> bool:
    """1 to 3 actions on a step's page; False once one timed out (the rest are not tried)."""
    for _ in range(session.rng.randint(1, 3)):
        await _think(session)
        since = time.time()
        try:
            done = await _act(session, task)
        except PlaywrightTimeoutError as error:  # a step before the timed one (opening a list)
            what = f"action on {_page_name(session.page)}: timed out"
            await measure.timed_out(session.timeouts, session.page, what, error, since)
            return False
        if done is None:
            return False
    return True


async def _lap(session: Session) -> bool:
    """One step: open its page by its link, act there, go back to the Lesson and press Next;
    False when the Lesson is to be opened afresh (after a timeout, or from step 1 at the end)."""
    page = session.page
    step = STEPS[session.step - 1]
    task = next((t for t in PRESETS if step.page.endswith(f"{t}.py")), None)
    await _think(session)
    link = page.get_by_role("link", name="with this step's settings")
    if not await _timed(session, "open step link", link.click):
        return False
    if any(f"{k}=" not in page.url for k in link_params(step)):
        session.errors.append(f"step {session.step}: the URL {page.url} lost its settings")
    if not await _on_page(session, task):
        return False
    await _think(session)
    lesson = page.locator(helpers.SEL_NAV_LINK).filter(has_text="Lesson").first
    if not await _timed(session, "back to lesson", lesson.click):
        return False
    await _think(session)
    if session.step == len(STEPS):
        session.step = 1
        return False
    next_button = page.get_by_role("button", name="Next ▶")
    moved = await _timed(session, "next step", next_button.click)
    session.step += moved
    return moved


async def student(session: Session, base_url: str, deadline: float) -> None:
    """Follow the lesson from the session's step until `deadline` (time.monotonic())."""
    await asyncio.sleep(session.arrival)
    await _open_lesson(session, base_url)
    while time.monotonic() < deadline:
        if not await _lap(session):
            await _open_lesson(session, base_url)
    await _check(session)
    session.stalled += await measure.stalled(session.page, session.loaded or time.time())


async def _open(
    browser: Browser,
    index: int,
    seed: int,
    think: tuple[float, float] = THINK_S,
    arrive: float = 0.0,
) -> Session:
    """A student's page (its own context) with the run probe, the heartbeat and a console
    listener (errors but the known ones, as the browser tests record them)."""
    page = await (await browser.new_context(viewport=VIEWPORT)).new_page()
    rng = random.Random(seed * 1000 + index)
    step = rng.randint(1, len(STEPS))
    session = Session(index, page, rng, step, think=think, arrival=rng.uniform(0, arrive))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = f"{message.location.get('url', '')}:{message.location.get('lineNumber', '')}"
            text = f"console.error: {message.text} ({where})"
            if not any(pattern.search(text) for pattern, _ in helpers.CONSOLE_ERROR_ALLOW_LIST):
                session.console.append(text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: session.console.append(f"uncaught: {error.message}"))
    await page.add_init_script(helpers.RUN_PROBE_JS + measure.STALL_PROBE_JS)
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


def _chromium(policy: str) -> str:
    """Chromium, or a wrapper that starts it under `policy` (a key of BROWSER_CPU)."""
    prefix = BROWSER_CPU[policy]
    if not prefix:
        return helpers.DEFAULT_CHROMIUM
    wrapper = Path(tempfile.mkdtemp(prefix="classroom-chromium-")) / "chromium"
    wrapper.write_text(f'#!/bin/sh\nexec {" ".join(prefix)} {helpers.DEFAULT_CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


async def classroom(base_url: str, args: argparse.Namespace) -> list[Session]:
    """The teacher's visit, then `args.students` students in one chromium for the class."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=_chromium(args.browser_cpu), args=helpers.CHROMIUM_ARGS, headless=True
        )
        try:
            warm = await _teacher_warms_up(browser, base_url)
            print(f"teacher's first visit (compiles the kernel): {warm:.1f} s", flush=True)
            sessions = [
                await _open(browser, i, args.seed, tuple(args.think), args.arrive)
                for i in range(args.students)
            ]
            deadline = time.monotonic() + args.duration
            results = await asyncio.gather(
                *(student(s, base_url, deadline) for s in sessions), return_exceptions=True
            )
            for session, result in zip(sessions, results, strict=True):
                if isinstance(result, BaseException):
                    session.errors.append(f"session stopped: {type(result).__name__}: {result}")
            return sessions
        finally:
            await browser.close()


def _parser() -> argparse.ArgumentParser:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("-n", "--students", type=int, default=30)
    # Long enough for the caches and the allocators' pools to settle (several minutes).
    add("--duration", type=float, default=900.0, help="seconds of class")
    add("--warmup", type=float, default=300.0, help="seconds before RSS is flat")
    add("--seed", type=int, default=1)
    cpu = "idle: chromium runs only on CPU the server leaves (default); normal: it competes"
    add("--browser-cpu", choices=sorted(BROWSER_CPU), default="idle", help=cpu)
    think = "seconds between a student's actions, drawn uniformly (default 8 15)"
    add("--think", type=float, nargs=2, default=THINK_S, metavar=("MIN", "MAX"), help=think)
    arrive = "students open the link at random times in the first this many seconds"
    add("--arrive", type=float, default=ARRIVE_S, help=arrive)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Time the machine, run the class on a fresh server, print the report; 1 if the floor
    is missed."""
    args = _parser().parse_args(argv)
    speed = engine_time(FIGURES[SPEED_RUN], "numpy", 3) * 1e3  # best of 3, as engine.py
    print(
        f"this machine: the NumPy engine trains and draws {SPEED_RUN} in {speed:.0f} ms "
        "(as benchmarks/engine.py times it)",
        flush=True,
    )
    folder = Path(tempfile.mkdtemp(prefix="classroom-"))
    log, times = folder / "server.log", folder / "server_times.txt"
    with streamlit_server(ROOT / "serve.py", log, times_path=times) as server:
        print(f"server {server.url} (pid {server.pid}, log {log})", flush=True)
        sampler = measure.RssSampler(server.pid, server.url, args.warmup)
        sampler.start()
        try:
            started = time.monotonic()
            sessions = asyncio.run(classroom(server.url, args))
            total = time.monotonic() - started
            caches = measure.cache_memory(server.url)
        finally:
            sampler.stop()
    runs = measure.server_times(times)
    ok = measure.report(sessions, sampler, args.warmup, total, runs, caches, LIST_WAIT_MS)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
