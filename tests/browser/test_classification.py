"""The Classification page in a real browser: a preset, then the epoch scrubber."""

from __future__ import annotations

from browser_helpers import (
    SEL_SLIDER,
    assert_page_healthy,
    click_button,
    move_slider,
    open_page,
    screenshot,
    script_runs,
    wait_for_app_ready,
)
from playwright.sync_api import Browser

EPOCH = "epoch (0 = the initial random weights)"


def test_preset_then_scrub(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/classification")
    click_button(page, "Fig. 12: RING, 4 hidden units")
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
    click_button(page, "Fig. 10: XOR, no hidden layer")
    before = script_runs(page)
    page.get_by_text("Run the restarts").click()
    wait_for_app_ready(page, after_runs=before)
    screenshot(page, "classification-xor-restarts")
    assert_page_healthy(page)


def test_play_animates_then_pause_stops(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/classification?test=0.3&discrete=true")
    slider = page.locator(SEL_SLIDER).filter(has=page.get_by_text(EPOCH, exact=True))
    thumb = slider.locator('input[type="range"]').first
    page.get_by_role("button", name="Play").click()  # no wait for "ready": it keeps rerunning
    page.wait_for_timeout(2000)
    playing_at = int(thumb.input_value())
    assert 0 < playing_at < 100, "Play did not advance the epoch"
    before = script_runs(page)
    page.get_by_role("button", name="Pause").click()
    wait_for_app_ready(page, after_runs=before)
    paused_at = int(thumb.input_value())
    page.wait_for_timeout(1500)
    assert int(thumb.input_value()) == paused_at
    screenshot(page, "classification-test-split-discrete-paused")
    assert_page_healthy(page)
