"""Pin a run and compare in a real browser (1280 x 800): pin the Classification page's run,
lower the learning rate, and see the pinned run's curves on the loss and accuracy charts (in
their own colour) and its small decision surface by the big one; the link keeps the pin."""

from __future__ import annotations

from browser_helpers import (
    SEL_VEGA_CHART,
    assert_page_healthy,
    click_button,
    move_slider,
    open_page,
    screenshot,
    script_runs,
    url_params,
    wait_for_app_ready,
)
from playwright.sync_api import Browser, Page, expect

from ann_app.content.labels import PINNED, SET_STYLE

VIEWPORT = {"width": 1280, "height": 800}
# How many of a chart's canvas pixels are the pinned series' colour (give or take antialiasing).
_COLOUR_PIXELS_JS = """
([chart, rgb]) => {
  const canvas = chart.querySelector('canvas.marks');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - rgb[0]) < 12 && Math.abs(data[i + 1] - rgb[1]) < 12
        && Math.abs(data[i + 2] - rgb[2]) < 12 && data[i + 3] > 200) count += 1;
  }
  return count;
}
"""

# At least so many Vega charts are on the page, each with its canvas (a chart paints a moment
# after the run ends).
_ALL_DRAWN_JS = """
([selector, least]) => {
  const charts = [...document.querySelectorAll(selector)];
  return charts.length >= least && charts.every((chart) => chart.querySelector('canvas.marks'));
}
"""


def _rgb(colour: str) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def _pinned_pixels(page: Page, least: int) -> list[int]:
    """Pixels of the pinned colour in each Vega chart, in page order, once at least `least`
    charts are drawn."""
    page.wait_for_function(_ALL_DRAWN_JS, arg=[SEL_VEGA_CHART, least], polling=100)
    charts = page.locator(SEL_VEGA_CHART)
    rgb = _rgb(SET_STYLE[PINNED][0])
    return [
        int(page.evaluate(_COLOUR_PIXELS_JS, [charts.nth(i).element_handle(), rgb]))
        for i in range(charts.count())
    ]


def test_pin_then_lower_the_rate_and_compare(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/classification", viewport=VIEWPORT)
    alone = _pinned_pixels(page, 3)  # surface, loss, accuracy (the sections below are closed)
    assert max(alone) == 0, "the pinned colour before any pin"
    click_button(page, "📌 Pin this run")
    expect(page.get_by_text("The current run is the pinned one")).to_be_visible()
    assert url_params(page)["pin"] == "v1"

    rate = page.get_by_label("learning rate η")
    before = script_runs(page)
    rate.fill("0.5")
    rate.press("Enter")
    wait_for_app_ready(page, after_runs=before)
    assert url_params(page)["lr"] == "0.5" and url_params(page)["pin"] == "v1"
    expect(page.get_by_text("Compared with the pinned run: learning rate η = 2.")).to_be_visible()

    pixels = _pinned_pixels(page, len(alone) + 1)
    charts = page.locator(SEL_VEGA_CHART)
    assert charts.count() == len(alone) + 1, "the small pinned surface is one more chart"
    surface, small = charts.nth(0).bounding_box(), charts.nth(1).bounding_box()
    assert surface and small
    # under the current surface, in the room the loss and accuracy column leaves beside it
    assert small["y"] >= surface["y"] + surface["height"] - 1 and abs(small["x"] - surface["x"]) < 5
    assert small["width"] < surface["width"] and small["height"] < surface["height"]
    loss, accuracy = charts.nth(2).bounding_box(), charts.nth(3).bounding_box()
    assert loss and accuracy and loss["x"] > surface["x"] + surface["width"]
    # the page grows no taller than the accuracy chart and its caption beside it
    assert small["y"] + small["height"] <= accuracy["y"] + accuracy["height"] + 60
    assert pixels[0] == 0 and pixels[1] == 0  # the surfaces: blue to red, no pinned green
    assert pixels[2] > 50 and pixels[3] > 50, "the loss and accuracy charts show the pinned run"
    page.locator(SEL_VEGA_CHART).nth(0).scroll_into_view_if_needed()
    screenshot(page, "pin-compare-classification-1280", full_page=False)
    assert_page_healthy(page)


def test_regression_pins_and_shows_the_pinned_fit(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/regression", viewport=VIEWPORT)
    alone = _pinned_pixels(page, 2)  # the fit and the loss
    assert alone[1] == 0, "the loss chart in the pinned colour before any pin"  # (the fit's
    # third unit has that colour too: the fit and its units are a chart apart from the pin's)
    click_button(page, "📌 Pin this run")
    # One press a rerun: three quick presses on a loaded server sometimes end on the first
    # press's value (seen in CI, never alone; not yet explained), which is not what this test
    # is about.
    for _ in range(3):
        before = script_runs(page)
        move_slider(page, "units in hidden layer 1")
        wait_for_app_ready(page, after_runs=before)
    page.wait_for_function("() => new URLSearchParams(location.search).get('h1') === '6'")
    assert url_params(page)["h1"] == "6" and url_params(page)["pin"] == "v1"
    expect(
        page.get_by_text("Compared with the pinned run: units in hidden layer 1 = 3.")
    ).to_be_visible()
    pixels = _pinned_pixels(page, len(alone) + 1)
    charts = page.locator(SEL_VEGA_CHART)
    assert charts.count() == len(alone) + 1
    fit, loss, small = (charts.nth(i).bounding_box() for i in range(3))
    assert fit and loss and small
    assert small["x"] > fit["x"] + fit["width"] and small["y"] >= loss["y"] + loss["height"]
    assert pixels[1] > 50 and pixels[2] > 50, "the loss chart and the small fit: pinned green"
    charts.nth(0).scroll_into_view_if_needed()
    screenshot(page, "pin-compare-regression-1280", full_page=False)
    assert_page_healthy(page)
