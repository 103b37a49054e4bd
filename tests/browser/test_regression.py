"""The Regression page in a real browser: both presets, stacking, and the epoch scrubber."""

from __future__ import annotations

import pytest
from browser_helpers import (
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
