"""The Autoencoders page in a real browser (issue 34): it draws at 1280 x 800 (its main chart on
the first screen) and in the presenter view, Play runs through the bottleneck's epochs, and the
comparison draws behind its switch."""

from __future__ import annotations

import re

from browser_helpers import (
    PIXELS_JS,
    SEL_SLIDER,
    SEL_VEGA_CHART,
    assert_page_healthy,
    chart_report,
    open_page,
    screenshot,
    script_runs,
    wait_for_app_ready,
    watch_play,
)
from playwright.sync_api import Browser, expect

EPOCH = "epoch (0 = the initial random weights)"
SWITCH = "Compare random and pretrained starts"
# The epoch each animated chart draws (the hidden inputs the player moves).
PLAYED_EPOCHS_JS = (
    "() => [...document.querySelectorAll('input[name=play_epoch]')].map(i => i.value)"
)


def _visible_charts(page) -> list[dict]:
    return [chart for chart in chart_report(page) if chart["visible"] and chart["type"] == "vega"]


def test_the_page_draws_at_1280x800_with_its_chart_on_the_first_screen(
    browser: Browser, app_url: str
) -> None:
    page = open_page(browser, f"{app_url}/autoencoders", {"width": 1280, "height": 800})
    assert_page_healthy(page)
    assert len(_visible_charts(page)) == 2  # the points and the error, no comparison yet
    points = page.locator(SEL_VEGA_CHART).first.locator("canvas").bounding_box()
    assert points["y"] + 0.8 * points["height"] <= 800, points  # most of its plot shows
    assert points["width"] > 250 and points["height"] > 250
    screenshot(page, "autoencoders-1280x800", full_page=False)


def test_the_presenter_view_draws_the_page_larger(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/autoencoders?present=1", {"width": 1920, "height": 1080})
    assert_page_healthy(page)
    charts = _visible_charts(page)
    assert len(charts) == 2 and charts[0]["height"] > 450  # 1.5 times the 360 px
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    screenshot(page, "autoencoders-presenter-1920x1080", full_page=False)


def test_play_runs_through_the_epochs_and_the_chart_moves(browser: Browser, app_url: str) -> None:
    """From the run's end, Play shows epochs 0 to 300 one by one and the slider ends at 300; a
    second Play paused midway leaves the slider and the chart at the epoch reached."""
    page = open_page(browser, f"{app_url}/autoencoders", {"width": 1280, "height": 800})
    chart = page.locator(SEL_VEGA_CHART).first
    slider = page.locator(SEL_SLIDER).filter(has=page.get_by_text(EPOCH, exact=True))
    thumb = slider.locator('input[type="range"]').first
    expect(thumb).to_have_value("300")
    trained = chart.evaluate(PIXELS_JS)  # the last epoch's reconstructions
    epochs = [epoch for epoch, _ in watch_play(page, page.get_by_role("button", name="Play").click)]
    assert epochs == list(range(301)), (epochs[:3], epochs[-3:])
    expect(thumb).to_have_value("300")
    page.get_by_role("button", name="Play").click()
    player = page.locator(".gentle-ann-player")
    expect(player).to_have_attribute("data-epoch", re.compile(r"^[1-9]\d$"))  # under way
    before = script_runs(page)
    page.get_by_role("button", name="Pause").click()
    wait_for_app_ready(page, after_runs=before)
    paused_at = thumb.input_value()
    assert 0 < int(paused_at) < 300
    assert set(page.evaluate(PLAYED_EPOCHS_JS)) == {paused_at}
    assert chart.evaluate(PIXELS_JS) != trained  # the points' chart shows that epoch
    screenshot(page, "autoencoders-paused", full_page=False)
    assert_page_healthy(page)


def test_the_comparison_draws_behind_its_switch(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/autoencoders?seeds=5", {"width": 1280, "height": 800})
    before = script_runs(page)
    page.get_by_text(SWITCH, exact=True).click()
    wait_for_app_ready(page, after_runs=before)
    expect(page.get_by_role("table")).to_contain_text("random, scaled to the pretrained sizes")
    assert len(_visible_charts(page)) == 3  # and the loss curves, side by side
    screenshot(page, "autoencoders-comparison")
    assert_page_healthy(page)
