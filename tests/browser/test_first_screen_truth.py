"""What issue 30 fixed that only a browser shows whole: the QR box's alt text keeps the link's
ampersands (an unescaped `&reg_rate` read as "®_rate"), and continue training says the rate in
force at the scrubber's epoch. The first screen itself is measured in test_layout.py."""

from __future__ import annotations

from browser_helpers import assert_page_healthy, open_page, screenshot
from playwright.sync_api import Browser, expect

PRESENTER = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1280, "height": 800}
L2_LINK = "regression?data=SIN&n=40&test=0.3&h1=16&lr=0.05&anneal=1&epochs=500&reg=l2&reg_rate=0.01"
RING_LINK = "classification?data=RING&anneal=0.95&layers=1&h1=4"


def test_the_qr_box_names_the_link_with_its_ampersands(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/{L2_LINK}&present=1", PRESENTER)
    box = page.locator("details.share-code")
    box.locator("summary").click()
    image = box.locator("img")
    expect(image).to_be_visible()
    alt = image.get_attribute("alt") or ""
    assert "&reg=l2&reg_rate=0.01" in alt and "®" not in alt, alt
    screenshot(page, "presenter-qr-box-open", full_page=False)
    assert_page_healthy(page)


def test_continue_training_says_the_rate_in_force(browser: Browser, app_url: str) -> None:
    # the ring's run anneals 2 by 0.95 a epoch: after its 100 epochs the rate is 0.012, the
    # number its preset's note quotes
    page = open_page(browser, f"{app_url}/{RING_LINK}", LAPTOP)
    page.get_by_text("Continue training, or edit the weights").click()
    expect(page.get_by_text("Rate now 0.012 (2 × 0.95¹⁰⁰)")).to_be_visible()
    expect(page.get_by_text("annealing shrinks the rate from 2 to 0.012")).to_be_visible()
    screenshot(page, "continue-rate-in-force", full_page=False)
    assert_page_healthy(page)
