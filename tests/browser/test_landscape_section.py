"""The loss-landscape section in a real browser, at 1280 x 800: shown from its button, from a
link, redrawn after the scrubber moves, on both training pages."""

from __future__ import annotations

from browser_helpers import (
    assert_page_healthy,
    click_button,
    move_slider,
    open_page,
    screenshot,
    script_runs,
    wait_for_app_ready,
)
from playwright.sync_api import Browser, expect

from ann_app.training.landscape import TITLE

SCREEN = {"width": 1280, "height": 800}
EPOCH = "epoch (0 = the initial random weights)"


def _section(page) -> None:
    """Scroll the section's heading to the top of the screen."""
    page.get_by_role("heading", name=TITLE).scroll_into_view_if_needed()
    page.get_by_role("heading", name=TITLE).evaluate("(h) => h.scrollIntoView({block: 'start'})")


def test_classification_shows_it_from_its_button_and_redraws(browser: Browser, app_url: str):
    page = open_page(browser, f"{app_url}/classification", viewport=SCREEN)
    click_button(page, "Show the loss landscape", exact=True)
    assert "landscape=true" in page.url
    expect(page.get_by_role("heading", name="At epoch 100")).to_be_visible()
    _section(page)
    screenshot(page, "landscape-classification-xor", full_page=False)
    assert_page_healthy(page)
    before = script_runs(page)
    move_slider(page, EPOCH, presses=70, key="ArrowLeft")
    wait_for_app_ready(page, after_runs=before)
    click_button(page, "↻ Redraw at the scrubber's epoch")
    expect(page.get_by_role("heading", name="At epoch 30")).to_be_visible()
    _section(page)
    screenshot(page, "landscape-classification-xor-epoch-30", full_page=False)
    assert_page_healthy(page)


def test_regression_from_a_link(browser: Browser, app_url: str):
    page = open_page(browser, f"{app_url}/regression?landscape=true&reach=1.5", viewport=SCREEN)
    expect(page.get_by_role("heading", name="At epoch 100")).to_be_visible()
    _section(page)
    screenshot(page, "landscape-regression-sin", full_page=False)
    assert_page_healthy(page)


def test_deeper_plateau_from_a_link(browser: Browser, app_url: str):
    page = open_page(browser, f"{app_url}/classification?layers=3&landscape=true", viewport=SCREEN)
    _section(page)
    screenshot(page, "landscape-classification-xor-3-layers", full_page=False)
    assert_page_healthy(page)
