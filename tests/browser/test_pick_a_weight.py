"""Pick a weight on the small picture of the network on the Classification page, in a real
browser (1280 x 800): a click on an edge shows its weight in a number input labelled with that
edge and holding its value, and puts a halo on the edge; a new value there redraws the
decision surface, untrained."""

from __future__ import annotations

from browser_helpers import (
    COLOUR_PIXELS_JS,
    PIXELS_JS,
    SEL_VEGA_CHART,
    assert_page_healthy,
    open_page,
    screenshot,
    script_runs,
    wait_for_app_ready,
)
from playwright.sync_api import Browser, Page, expect

from ann_app.content.labels import PICKED_COLOUR
from ann_core import TrainingConfig, train

VIEWPORT = {"width": 1280, "height": 800}
EXPANDER = "Continue training, or edit the weights"
FIFTY = TrainingConfig(problem="XOR", hidden_units=(4,), epochs=50)  # the page's defaults
# The picture's columns: the inputs on the left, h¹₁ to h¹₄ about the middle, ŷ on the right.
# Between h and ŷ, the edges fan into ŷ without crossing: the topmost is h¹₁ → ŷ, p 8.
BETWEEN_H_AND_OUTPUT = 0.75
# The first row of a canvas's pixels, from the top, that is clearly blue or red (an edge,
# antialiased or not) within 6 px of a fraction across (a dashed edge's gaps are 3 px), as a
# fraction of its height; null if none.
_FIRST_EDGE_JS = """
(chart, fx) => {
  const canvas = chart.querySelector('canvas.marks');
  const reach = Math.round(6 * window.devicePixelRatio);
  const left = Math.round(fx * canvas.width) - reach;
  const width = 2 * reach + 1;
  const data = canvas.getContext('2d').getImageData(left, 0, width, canvas.height).data;
  for (let i = 0; i < data.length; i += 4) {
    const [r, , b, a] = data.slice(i, i + 4);
    if (a > 200 && Math.abs(r - b) > 60) return (Math.floor(i / 4 / width) + 1) / canvas.height;
  }
  return null;
}
"""


def _click_top_edge(page: Page, picture) -> None:
    """Click the topmost edge between the hidden units and the output; wait for the rerun."""
    canvas = picture.locator("canvas.marks")
    canvas.scroll_into_view_if_needed()
    fy = picture.evaluate(_FIRST_EDGE_JS, BETWEEN_H_AND_OUTPUT)
    assert fy is not None, "no edge drawn between the hidden units and the output"
    box = canvas.bounding_box()
    assert box is not None
    before = script_runs(page)
    page.mouse.click(box["x"] + BETWEEN_H_AND_OUTPUT * box["width"], box["y"] + fy * box["height"])
    wait_for_app_ready(page, after_runs=before)


def test_click_an_edge_then_edit_its_weight(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/classification?epochs=50", viewport=VIEWPORT)
    surface = page.locator(SEL_VEGA_CHART).first
    unedited = int(surface.evaluate(PIXELS_JS))
    page.get_by_text(EXPANDER).click()
    controls = page.locator('[data-testid="stExpander"]').filter(has_text=EXPANDER)
    picture = controls.locator(SEL_VEGA_CHART).first
    expect(picture).to_be_visible()
    expect(controls.get_by_text("Click an edge to edit its weight")).to_be_visible()
    assert int(picture.evaluate(COLOUR_PIXELS_JS, PICKED_COLOUR)) == 0

    _click_top_edge(page, picture)
    number = controls.get_by_role("spinbutton", name="w: h¹₁ → ŷ (p 8)", exact=True)
    expect(number).to_be_visible()
    assert number.input_value() == f"{train(FIFTY).history[50][8]:.4f}"  # its value now
    assert int(picture.evaluate(COLOUR_PIXELS_JS, PICKED_COLOUR)) > 50  # the halo
    screenshot(page, "classification-weight-picked", full_page=False)

    before = script_runs(page)
    number.fill("-6")
    number.press("Enter")
    wait_for_app_ready(page, after_runs=before)
    expect(page.get_by_text("1 edited: the charts show the network with them")).to_be_visible()
    surface.scroll_into_view_if_needed()
    assert int(surface.evaluate(PIXELS_JS)) != unedited  # the surface drew the edit
    assert_page_healthy(page)
