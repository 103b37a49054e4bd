"""The Backpropagation page in a real browser: each of the four steps, then the next sample."""

from __future__ import annotations

from browser_helpers import (
    assert_page_healthy,
    click_button,
    open_page,
    screenshot,
)
from playwright.sync_api import Browser


def test_each_of_the_four_steps(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/backpropagation")
    assert_page_healthy(page)
    screenshot(page, "backprop-step-1-forward")
    for number, name in ((2, "backward"), (3, "gradients"), (4, "update")):
        click_button(page, "Next step", exact=True)
        assert_page_healthy(page)
        screenshot(page, f"backprop-step-{number}-{name}")
    click_button(page, "Next step", exact=True)
    click_button(page, "Next epoch", exact=True)
    assert_page_healthy(page)
    screenshot(page, "backprop-epoch-2")


def test_two_hidden_layers(browser: Browser, app_url: str) -> None:
    url = f"{app_url}/backpropagation?layers=2&h1=4&h2=4&hidden_g=tanh&data=RING&copies=1"
    page = open_page(browser, url)
    click_button(page, "Next step", exact=True)
    assert_page_healthy(page)
    screenshot(page, "backprop-two-hidden-layers")
