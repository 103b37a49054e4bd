"""The Regression page in a real browser: both presets, stacking, and the epoch scrubber."""

from __future__ import annotations

import pytest
from browser_helpers import (
    SCREENSHOT_DIR,
    SEL_VEGA_CHART,
    assert_page_healthy,
    choose_option,
    move_slider,
    open_page,
    screenshot,
    script_runs,
    wait_for_app_ready,
)
from playwright.sync_api import Browser

EPOCH = "epoch (0 = the initial random weights)"
PRESET = "Start from a preset (sets the data, network and training)"


@pytest.mark.parametrize(
    ("label", "data"), [("Fig. 13: 2.5 + sin x", "SIN"), ("Fig. 14: |x|", "ABS")]
)
def test_preset_then_scrub(browser: Browser, app_url: str, label: str, data: str) -> None:
    page = open_page(browser, f"{app_url}/regression")
    choose_option(page, PRESET, label)
    assert f"data={data}" in page.url
    screenshot(page, f"regression-{data}-preset")
    assert_page_healthy(page)
    before = script_runs(page)
    move_slider(page, EPOCH, presses=90, key="ArrowLeft")
    wait_for_app_ready(page, after_runs=before)
    screenshot(page, f"regression-{data}-epoch-10")
    assert_page_healthy(page)


def test_stacked_contributions(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/regression?data=ABS&stack=true")
    screenshot(page, "regression-ABS-stacked")
    assert_page_healthy(page)


def test_downloads_are_made_when_clicked(browser: Browser, app_url: str) -> None:
    """The export buttons carry no file: the server makes the bytes on the click, so only a
    real browser (its request for the deferred file, then the download) shows that it works."""
    page = open_page(browser, f"{app_url}/regression?data=ABS")
    expected = {
        "Download the history (CSV)": ("regression-history.csv", b"epoch,training_loss"),
        "Download the run (JSON)": ("regression-run.json", b"{"),
        "Download the GIF": ("regression-training.gif", b"GIF89a"),
    }
    for label, (file_name, start) in expected.items():
        with page.expect_download(timeout=120_000) as download:
            page.get_by_role("button", name=label).click()
        assert download.value.suggested_filename == file_name
        with open(download.value.path(), "rb") as file:
            assert file.read(len(start)) == start, label
    assert_page_healthy(page)


# The left and right edges (CSS px, from the canvas's left) of the dark pixels in the top 24 px
# of a canvas chart: its title (headings are near-black; marks, axes and legends are lighter).
TITLE_INK_JS = """(chart) => {
  const canvas = chart.querySelector('canvas.marks');
  const scale = canvas.width / canvas.getBoundingClientRect().width;
  const band = Math.round(24 * scale);
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, band).data;
  let left = Infinity, right = -1;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 200 && data[i] < 90 && data[i + 1] < 90 && data[i + 2] < 100) {
      const x = (i / 4) % canvas.width;
      left = Math.min(left, x); right = Math.max(right, x);
    }
  }
  return [left / scale, right / scale];
}"""
STEP_11 = (  # the lesson's "L2 against overfitting": 16 units, stacked
    "data=SIN&n=40&noise=0.5&test=0.3&seed=123&features=x&layers=1&h1=16&hidden=tanh"
    "&output=linear&loss=sse&batching=online&lr=0.05&anneal=1&momentum=0&reg=l2"
    "&reg_rate=0.01&epochs=500&truth=true&stack=true"
)


def test_the_fit_s_title_is_whole_after_switching_to_l1(browser: Browser, app_url: str) -> None:
    """The lesson's L2 step switched to L1 read "ata, prediction and units": the fit sat
    9 px past its canvas's left edge. Its title's ink is as wide after the switch as before,
    and starts inside the canvas."""
    page = open_page(browser, f"{app_url}/regression?{STEP_11}", {"width": 1280, "height": 800})
    fit = page.locator(SEL_VEGA_CHART).first
    before = fit.evaluate(TITLE_INK_JS)
    runs = script_runs(page)
    page.get_by_text("L1", exact=True).first.click()
    wait_for_app_ready(page, after_runs=runs)
    assert "reg=l1" in page.url
    after = page.locator(SEL_VEGA_CHART).first.evaluate(TITLE_INK_JS)
    width = before[1] - before[0]
    assert width > 150, before  # the whole title, found
    assert after[0] >= 1 and abs((after[1] - after[0]) - width) <= 1, (before, after)
    page.locator(SEL_VEGA_CHART).first.screenshot(
        path=str(SCREENSHOT_DIR / "regression-l1-fit-title.png")
    )
    assert_page_healthy(page)
