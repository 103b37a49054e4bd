"""Draw your data on the Classification page in a real browser (1280 x 800): real clicks on the
surface chart add points, the network retrains on them, the link keeps them, a click on a point
removes it; the square to draw on is where the trained surface will be, and stays put."""

from __future__ import annotations

from typing import Any

import pytest
from browser_helpers import (
    SEL_VEGA_CHART,
    assert_page_healthy,
    open_page,
    screenshot,
    script_runs,
    url_params,
    wait_for_app_ready,
)
from playwright.sync_api import Browser, Page, expect

from ann_app.content.drawn_points import parse

VIEWPORT = {"width": 1280, "height": 800}
CLASS_SELECTOR = ".st-key-classification-drawing-class"
INSTRUCTION_SELECTOR = '.st-key-classification-drawing-instruction [data-testid="stMarkdown"]'
TOLERANCE_PX = 2
# A checksum of the surface chart's pixels (Vega draws it on a canvas, see ui.CANVAS).
_PIXELS_JS = """
(chart) => {
  const canvas = chart.querySelector('canvas.marks');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let hash = 0;
  for (let i = 0; i < data.length; i += 1) hash = (hash * 31 + data[i]) >>> 0;
  return hash;
}
"""


# The first chart's box (its top in the page, not the viewport), the page's scroll, and the
# boxes of the drawing's instruction and of the chart's toolbar (Streamlit's, over the chart's
# top right corner; in the page even while hidden), each [x, y, width, height].
_LAYOUT_JS = """
(instruction) => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return [r.x, r.y, r.width, r.height];
  };
  const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
  const scroll = document.querySelector('[data-testid="stMain"]').scrollTop;
  const toolbar = chart.closest('[data-testid="stElementContainer"]')
    .querySelector('[data-testid="stElementToolbar"]');
  const [x, y, width, height] = box(chart);
  return {chart: [x, y + scroll, width, height], scroll,
          instruction: box(document.querySelector(instruction)), toolbar: box(toolbar)};
}
"""


def _surface(page: Page):
    """The decision surface (or the square to draw on): the page's first Vega chart."""
    return page.locator(SEL_VEGA_CHART).first


def _pixels(page: Page) -> int:
    return int(_surface(page).evaluate(_PIXELS_JS))


def _click_square(page: Page, fx: float, fy: float) -> str:
    """Click the surface chart at fractions (fx, fy) of its canvas; wait until the link's
    drawing has changed and the page has settled; return the new `pts`."""
    old, before = url_params(page).get("pts"), script_runs(page)
    canvas = _surface(page).locator("canvas.marks")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
    page.wait_for_function(
        "(old) => new URL(location.href).searchParams.get('pts') !== old", arg=old
    )
    wait_for_app_ready(page, after_runs=before)
    return url_params(page).get("pts") or ""


def _layout(page: Page) -> dict[str, Any]:
    """The drawing chart's box in the page, the scroll, the instruction's and toolbar's boxes."""
    return page.evaluate(_LAYOUT_JS, INSTRUCTION_SELECTOR)


def _overlap(a: list[float], b: list[float]) -> bool:
    """Whether two [x, y, width, height] boxes share any area."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _draw_on(page: Page) -> None:
    """Open "Your own data" and turn drawing on."""
    page.get_by_text("Your own data (CSV upload or drawing)").click()
    before = script_runs(page)
    page.get_by_text("Draw your own points on the decision surface").click()
    wait_for_app_ready(page, after_runs=before)


def _choose_class(page: Page, label: int) -> None:
    before = script_runs(page)
    page.locator(CLASS_SELECTOR).get_by_text(f"class {label}", exact=True).click()
    wait_for_app_ready(page, after_runs=before)


def test_draw_points_retrain_reload_and_remove(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/classification", viewport=VIEWPORT)
    built_in = _pixels(page)  # the post's XOR
    _draw_on(page)
    assert url_params(page).get("pts") == "v1"
    expect(page.get_by_text("No points yet")).to_be_visible()

    # The square to draw on is the surface's, in the left column: its plot spans about 0.14 to
    # 0.78 of the canvas across and 0.12 to 0.79 down (legends on the right). Class 0 left,
    # class 1 right.
    _click_square(page, 0.25, 0.30)
    _click_square(page, 0.28, 0.60)
    _choose_class(page, 1)
    three = parse(_click_square(page, 0.58, 0.40))
    assert [p.label for p in three] == [0, 0, 1]
    assert three[0].x1 < three[2].x1 and three[1].x1 < three[2].x1
    expect(page.get_by_text("3 points: 2 of class 0, 1 of class 1.")).to_be_visible()
    expect(page.get_by_text("3 points so far: the network trains once there are 4")).to_be_visible()

    four = parse(_click_square(page, 0.60, 0.65))  # the fourth point: now it trains
    assert four[:3] == three and four[3].label == 1
    expect(page.get_by_text("4 points: 2 of class 0, 2 of class 1.")).to_be_visible()
    expect(page.get_by_role("button", name="Play")).to_be_visible()  # the scrubber: it trained
    trained = _pixels(page)
    assert trained != built_in

    _choose_class(page, 0)
    link = _click_square(page, 0.55, 0.30)  # a class-0 point among the class-1 ones
    five = parse(link)
    assert five[:4] == four and five[4].label == 0
    assert _pixels(page) != trained  # the boundary bent around the new point
    expect(page.get_by_text("5 points: 3 of class 0, 2 of class 1.")).to_be_visible()
    redrawn = _pixels(page)
    screenshot(page, "classification-drawing-five-points")
    assert_page_healthy(page)

    page.reload()
    wait_for_app_ready(page)
    assert url_params(page).get("pts") == link  # a new session, the same drawing from the link
    expect(page.get_by_text("5 points: 3 of class 0, 2 of class 1.")).to_be_visible()
    assert _pixels(page) == redrawn
    assert_page_healthy(page)

    assert parse(_click_square(page, 0.55, 0.30)) == four  # a click on the point removes it
    expect(page.get_by_text("4 points: 2 of class 0, 2 of class 1.")).to_be_visible()
    assert_page_healthy(page)


#: A laptop's screen and the presenter view's (its larger surface and labels).
DRAW_VIEWS = {
    "1280x800": (VIEWPORT, ""),
    "presenter-1920x1080": ({"width": 1920, "height": 1080}, "?present=1"),
}


@pytest.mark.parametrize("view", DRAW_VIEWS)
def test_square_is_the_surface_and_stays_put(browser: Browser, app_url: str, view: str) -> None:
    """From the first point to the fifth the square to draw on keeps the trained surface's box
    (the fourth point trains the network and the surface replaces the square), no click
    scrolls the page, and the instruction is clear of the chart's toolbar."""
    viewport, query = DRAW_VIEWS[view]
    page = open_page(browser, f"{app_url}/classification{query}", viewport=viewport)
    _draw_on(page)
    layouts, chosen = [], 0
    for number, (fx, fy, label) in enumerate(
        [(0.25, 0.30, 0), (0.28, 0.60, 0), (0.58, 0.40, 1), (0.60, 0.65, 1), (0.55, 0.30, 0)],
        start=1,
    ):
        if label != chosen:
            _choose_class(page, label)
            chosen = label
        _surface(page).locator("canvas.marks").scroll_into_view_if_needed()
        before = _layout(page)
        _click_square(page, fx, fy)
        after = _layout(page)
        print(f"{number} point(s): {after}")
        assert abs(after["scroll"] - before["scroll"]) <= TOLERANCE_PX, (number, before, after)
        assert not _overlap(after["instruction"], after["toolbar"]), (number, after)
        layouts.append(after)
        if number == 4:
            expect(page.get_by_role("button", name="Play")).to_be_enabled()  # it trained
            screenshot(page, f"classification-drawing-square-to-surface-{view}", full_page=False)
    first = layouts[0]["chart"]
    for number, layout in enumerate(layouts, start=1):
        assert all(
            abs(a - b) <= TOLERANCE_PX for a, b in zip(layout["chart"], first, strict=True)
        ), f"with {number} point(s) the chart's box is {layout['chart']}, with 1 {first}"
    assert_page_healthy(page)
