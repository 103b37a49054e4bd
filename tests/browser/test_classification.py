"""The Classification page in a real browser: a preset, then the epoch scrubber."""

from __future__ import annotations

import re

from browser_helpers import (
    PIXELS_JS,
    SEL_MAIN,
    SEL_SLIDER,
    SEL_VEGA_CHART,
    assert_page_healthy,
    choose_option,
    move_slider,
    open_page,
    screenshot,
    script_runs,
    wait_for_app_ready,
    watch_play,
)
from playwright.sync_api import Browser, Locator, Page, expect

EPOCH = "epoch (0 = the initial random weights)"
PRESET = "Start from a preset (sets the data, network and training)"

# Every animated chart's epoch (the hidden inputs the player moves).
PLAYED_EPOCHS_JS = (
    "() => [...document.querySelectorAll('input[name=play_epoch]')].map(i => i.value)"
)
# Starts watching: window.__chartsShow resolves to the script runs finished when every animated
# chart first shows `epoch`.
WATCH_CHARTS_JS = """(epoch) => { window.__chartsShow = new Promise((resolve) => {
  const tick = () => {
    const inputs = [...document.querySelectorAll('input[name=play_epoch]')];
    if (inputs.length && inputs.every((i) => i.value === epoch)) {
      resolve(window.__gentleAnnRuns || 0);
    } else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}); }"""


def test_preset_then_scrub(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/classification")
    choose_option(page, PRESET, "Fig. 12: RING, 4 hidden units")
    assert "data=RING" in page.url
    screenshot(page, "classification-ring-preset")
    assert_page_healthy(page)
    before = script_runs(page)
    move_slider(page, EPOCH, presses=70, key="ArrowLeft")
    wait_for_app_ready(page, after_runs=before)
    screenshot(page, "classification-ring-epoch-30")
    assert_page_healthy(page)


def test_xor_preset_and_restarts(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/classification")
    choose_option(page, PRESET, "Fig. 10: XOR, no hidden layer")
    before = script_runs(page)
    page.get_by_text("Run the restarts").click()
    wait_for_app_ready(page, after_runs=before)
    screenshot(page, "classification-xor-restarts")
    assert_page_healthy(page)


# Each chart's drawing (its canvas) and the column it stands in, left and right edges in px.
CHART_EDGES_JS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(
  (chart) => {
    const drawn = chart.querySelector('canvas.marks, svg.marks').getBoundingClientRect();
    const column = chart.closest('[data-testid="stVerticalBlock"]').getBoundingClientRect();
    return {drawn: [drawn.left, drawn.right], column: [column.left, column.right]};
  })"""


def test_the_restarts_histograms_stay_in_their_column(browser: Browser, app_url: str) -> None:
    """At 1280 x 800 the two histograms, side by side at Vega-Lite's default widths, ran
    106 px past the main column; one above the other, each is as wide as the column."""
    page = open_page(browser, f"{app_url}/classification", {"width": 1280, "height": 800})
    before = script_runs(page)
    page.get_by_text("Run the restarts").click()
    wait_for_app_ready(page, after_runs=before)
    restarts = page.evaluate(CHART_EDGES_JS)[-1]  # the page's last chart
    (left, right), (column_left, column_right) = restarts["drawn"], restarts["column"]
    assert column_left - 1 <= left and right <= column_right + 1, restarts
    assert right - left > 0.9 * (column_right - column_left), restarts  # stretched to it
    page.locator(SEL_VEGA_CHART).last.scroll_into_view_if_needed()
    screenshot(page, "classification-restarts-1280x800", full_page=False)
    assert_page_healthy(page)


def test_play_shows_every_epoch_then_the_slider_holds_the_epoch_reached(
    browser: Browser, app_url: str
) -> None:
    """The post's XOR run (100 epochs) at 1280 x 800: Play shows epochs 0 to 100 one by one
    and the slider ends at 100; a second Play paused midway leaves the slider at the epoch
    reached; a scrub moves the charts to the thumb's epoch before the rerun ends. (How many
    epochs a second: benchmarks/play.py, this machine being shared.)"""
    page = open_page(browser, f"{app_url}/classification", {"width": 1280, "height": 800})
    slider = page.locator(SEL_SLIDER).filter(has=page.get_by_text(EPOCH, exact=True))
    thumb = slider.locator('input[type="range"]').first
    play = page.get_by_role("button", name="Play").click
    epochs = [epoch for epoch, _ in watch_play(page, play)]
    assert epochs == list(range(101)), epochs
    expect(thumb).to_have_value("100")
    page.get_by_role("button", name="Play").click()
    player = page.locator(".gentle-ann-player")
    expect(player).to_have_attribute("data-epoch", re.compile(r"^[1-9]\d?$"))
    before = script_runs(page)
    page.get_by_role("button", name="Pause").click()
    wait_for_app_ready(page, after_runs=before)
    paused_at = thumb.input_value()
    assert 0 < int(paused_at) < 100
    # paused: Play is back, and every chart shows the epoch the slider holds
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    assert thumb.input_value() == paused_at
    assert set(page.evaluate(PLAYED_EPOCHS_JS)) == {paused_at}
    before = script_runs(page)
    wanted = str(int(paused_at) - 1)
    page.evaluate(WATCH_CHARTS_JS, wanted)
    thumb.press("ArrowLeft")
    # the charts show the epoch before the rerun the key started has finished
    assert page.evaluate("() => window.__chartsShow") == before
    wait_for_app_ready(page, after_runs=before)
    assert set(page.evaluate(PLAYED_EPOCHS_JS)) == {wanted}
    screenshot(page, "classification-paused", full_page=False)
    assert_page_healthy(page)


# Clicks Pause, then resolves with every epoch the animated charts showed on each frame until ten
# frames after the next script run finished (the one that puts the epoch reached on the slider).
PAUSE_AND_WATCH_JS = """(runs) => new Promise((resolve) => {
  document.querySelector('.gentle-ann-player button').click();
  const seen = new Set();
  let after = 0;
  const tick = () => {
    for (const input of document.querySelectorAll('input[name=play_epoch]')) seen.add(input.value);
    if ((window.__gentleAnnRuns || 0) > runs) after += 1;
    if (after > 10) resolve([...seen]);
    else requestAnimationFrame(tick);
  };
  tick();
})"""


def test_a_pause_holds_the_charts_at_the_epoch_reached(browser: Browser, app_url: str) -> None:
    """Play from a link's epoch 10, then Pause: from the click until the slider has the epoch
    reached, the charts show that epoch, never the slider's old 10 in between."""
    page = open_page(browser, f"{app_url}/classification?epoch=10", {"width": 1280, "height": 800})
    slider = page.locator(SEL_SLIDER).filter(has=page.get_by_text(EPOCH, exact=True))
    thumb = slider.locator('input[type="range"]').first
    page.get_by_role("button", name="Play").click()
    player = page.locator(".gentle-ann-player")
    expect(player).to_have_attribute("data-epoch", re.compile(r"^(1[2-9]|[2-9]\d)$"))
    seen = page.evaluate(PAUSE_AND_WATCH_JS, script_runs(page))
    paused_at = thumb.input_value()
    assert 10 < int(paused_at) < 100
    assert seen == [paused_at], seen
    assert_page_healthy(page)


# A chart's canvas, hashed (browser_helpers.PIXELS_JS), differs from / equals `before`.
_PIXELS_ARE_JS = f"""([chart, before, same]) => {{
  const hash = ({PIXELS_JS})(chart);
  return same ? hash === before : hash !== before;
}}"""
# What the hidden inputs hold: the surface's unit (shown_unit), and the unit each chart selects.
_SHOWN_JS = "() => document.querySelector('input[name=shown_unit]').value"
_SELECTED_JS = "(chart) => chart.querySelector('input[name=hover_unit]').value"


def _open(page: Page, title: str) -> Locator:
    """Open the section `title` (a rerun) and return its chart."""
    before = script_runs(page)
    page.locator('[data-testid="stExpander"] summary').filter(has_text=title).first.click()
    wait_for_app_ready(page, after_runs=before)
    section = page.locator('[data-testid="stExpander"]').filter(has_text=title)
    return section.locator(SEL_VEGA_CHART)


def _point_at_unit(page: Page, chart: Locator, xs: list[float], ys: list[float]) -> str:
    """Move the pointer over `chart` at fractions (x, y) of its size, row by row, until it is
    on a hidden unit (the chart's selection names one); return the unit's name."""
    box = chart.locator("canvas").bounding_box()
    for y in ys:
        for x in xs:
            page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"])
            name = page.evaluate(_SELECTED_JS, chart.element_handle())
            if name.startswith("h"):
                return name
    raise AssertionError(f"no hidden unit under the pointer in {chart}")


def test_pointing_at_a_unit_draws_it_in_the_surface_until_the_pointer_leaves(
    browser: Browser, app_url: str
) -> None:
    """XOR's 4 hidden units at 1280 x 800: the pointer on a unit's small map draws that unit in
    the decision surface (its pixels change, its title names the unit), and off it the surface
    is again what it was; the same from the unit's circle in the network picture. No rerun."""
    page = open_page(browser, f"{app_url}/classification", {"width": 1280, "height": 800})
    maps = _open(page, "What each hidden unit responds to")
    network = _open(page, "The network")
    surface = page.locator(SEL_VEGA_CHART).first.element_handle()
    before = page.evaluate(PIXELS_JS, surface)
    runs = script_runs(page)
    # the maps just below the surface's lower half, as a student scrolls to point at them
    page.locator(SEL_MAIN).evaluate(
        "(main, maps) => main.closest('[data-testid=stMain]').scrollBy(0, "
        "maps.getBoundingClientRect().top + 170 - window.innerHeight)",
        maps.element_handle(),
    )
    steps = [i / 20 for i in range(1, 20)]
    unit = _point_at_unit(page, maps, steps, steps)
    page.wait_for_function(_PIXELS_ARE_JS, arg=[surface, before, False])
    assert page.evaluate(_SHOWN_JS).startswith(f"Hidden unit {unit}: its activation")
    screenshot(page, "classification-pointing-at-a-unit", full_page=False)
    page.mouse.move(150, 400)  # off the section (the sidebar)
    page.wait_for_function(_PIXELS_ARE_JS, arg=[surface, before, True])
    assert page.evaluate(_SHOWN_JS) == ""
    # the network picture's hidden units stand in its middle column
    unit = _point_at_unit(page, network, [0.5], [i / 40 for i in range(1, 40)])
    page.wait_for_function(_PIXELS_ARE_JS, arg=[surface, before, False])
    assert page.evaluate(_SHOWN_JS).startswith(f"Hidden unit {unit}: its activation")
    page.mouse.move(150, 400)
    page.wait_for_function(_PIXELS_ARE_JS, arg=[surface, before, True])
    assert script_runs(page) == runs  # all of it in the browser
    assert_page_healthy(page)
