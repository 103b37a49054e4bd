"""Continue training and edit the weights on the Classification page in a real browser
(1280 x 800): 50 more epochs at a lower rate put a mark on the loss chart, the scrubber grows
to 100 epochs and the link carries the history; an edited weight redraws the surface."""

from __future__ import annotations

from browser_helpers import (
    COLOUR_PIXELS_JS,
    PIXELS_JS,
    SEL_SLIDER,
    SEL_VEGA_CHART,
    assert_page_healthy,
    open_page,
    screenshot,
    script_runs,
    url_params,
    wait_for_app_ready,
)
from playwright.sync_api import Browser, Page, expect

from ann_app.content.labels import MARK_COLOUR

VIEWPORT = {"width": 1280, "height": 800}
EPOCH = "epoch (0 = the initial random weights)"
EXPANDER = "Continue training, or edit the weights"


def _mark_pixels(page: Page) -> int:
    chart = page.locator(SEL_VEGA_CHART).nth(1)  # the loss chart, beside the surface
    chart.scroll_into_view_if_needed()
    return int(chart.evaluate(COLOUR_PIXELS_JS, MARK_COLOUR))


def _epoch_max(page: Page) -> int:
    slider = page.locator(SEL_SLIDER).filter(has=page.get_by_text(EPOCH, exact=True))
    return int(slider.locator('input[type="range"]').first.get_attribute("max") or 0)


def _open_first_value_cell(page: Page, grid):
    """Open the editor of the weights table's first value (row 1, column 5): click the row,
    move right, press Enter; again if the grid was still settling. Returns the editor's input."""
    cell = page.locator("input.gdg-input")
    for _ in range(3):
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 20, box["y"] + 55)  # the first row, under the header
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")  # opens glide-data-grid's editor
        try:
            expect(cell).to_be_visible(timeout=5_000)
            return cell
        except AssertionError:
            page.keyboard.press("Escape")
    raise AssertionError("the weights table's first value did not open for editing")


def test_continue_at_a_lower_rate_then_edit_a_weight(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/classification?epochs=50", viewport=VIEWPORT)
    assert _epoch_max(page) == 50
    assert _mark_pixels(page) == 0
    page.get_by_text(EXPANDER).click()
    settings = page.get_by_role("button", name="Training settings for these epochs")
    expect(settings).to_be_visible()
    settings.click()
    rate = page.get_by_test_id("stPopoverBody").get_by_label("learning rate η")
    expect(rate).to_be_visible()
    before = script_runs(page)
    rate.fill("0.5")
    rate.press("Enter")
    wait_for_app_ready(page, after_runs=before)
    page.keyboard.press("Escape")  # close the popover
    page.get_by_role("button", name="Train 50 more epochs from epoch 50").click()
    # the click reruns the fragment, which reruns the page: its link then holds the history
    page.wait_for_function("() => new URL(location.href).searchParams.get('hist') !== null")
    wait_for_app_ready(page)
    assert url_params(page).get("hist") == "v1~50,50,lr:0.5"
    assert _epoch_max(page) == 100  # the scrubber spans the whole history
    assert _mark_pixels(page) > 20  # the mark where the rate changed
    screenshot(page, "classification-history-continued", full_page=False)
    assert_page_healthy(page)

    surface = page.locator(SEL_VEGA_CHART).first
    surface.scroll_into_view_if_needed()
    unedited = int(surface.evaluate(PIXELS_JS))
    if not page.get_by_text("Edit the weights at epoch 100").is_visible():
        page.get_by_text(EXPANDER).click()
    box_of_controls = page.locator('[data-testid="stExpander"]').filter(has_text=EXPANDER)
    grid = box_of_controls.locator('[data-testid="stDataFrame"]')
    expect(grid).to_be_visible()
    cell = _open_first_value_cell(page, grid)
    before = script_runs(page)
    cell.fill("-9")
    cell.press("Enter")
    wait_for_app_ready(page, after_runs=before)
    expect(page.get_by_text("1 edited: the charts show the network with them")).to_be_visible()
    surface.scroll_into_view_if_needed()
    assert int(surface.evaluate(PIXELS_JS)) != unedited  # the surface drew the edit
    # an edit joins the history only when trained on
    assert url_params(page).get("hist") == "v1~50,50,lr:0.5"
    screenshot(page, "classification-history-edited", full_page=False)
    assert_page_healthy(page)
