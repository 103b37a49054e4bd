"""The Lesson and a page it opens, in the presenter view at a projector's 1280 x 720, in colour
and in greyscale: the screenshots are for a person to look at (the back row of a lecture)."""

from __future__ import annotations

from browser_helpers import (
    assert_page_healthy,
    open_page,
    screenshot,
    script_runs,
    wait_for_app_ready,
)
from playwright.sync_api import Browser, Page

from ann_app.content.lesson import STEPS

PROJECTOR = {"width": 1280, "height": 720}
SIDEBAR = '[data-testid="stSidebar"]'
GREYSCALE = "html { filter: grayscale(100%); }"
RING = next(i for i, s in enumerate(STEPS, start=1) if s.params.get("data") == "RING")


def _viewport_shots(page: Page, name: str) -> None:
    screenshot(page, f"{name}-1280x720", full_page=False)
    style = page.add_style_tag(content=GREYSCALE)
    screenshot(page, f"{name}-1280x720-greyscale", full_page=False)
    style.evaluate("(element) => element.remove()")


def _shots(page: Page, name: str) -> None:
    """What the projector shows, the whole page, and the projector's view in greyscale."""
    screenshot(page, f"{name}-1280x720", full_page=False)
    screenshot(page, name)
    style = page.add_style_tag(content=GREYSCALE)
    screenshot(page, f"{name}-1280x720-greyscale", full_page=False)
    style.evaluate("(element) => element.remove()")


def test_lesson_in_the_presenter_view_opens_its_step(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/lesson?step={RING}&present=1", viewport=PROJECTOR)
    assert_page_healthy(page)
    assert page.get_by_text(f"Step {RING} of {len(STEPS)}").is_visible()
    # the presenter view starts with the sidebar collapsed
    assert page.locator(SIDEBAR).get_attribute("data-collapsed") == "true"
    _shots(page, "lesson-presenter")

    before = script_runs(page)
    page.get_by_role("link", name="with this step's settings").click()
    wait_for_app_ready(page, after_runs=before)
    assert "/classification" in page.url
    assert "data=RING" in page.url and "present=1" in page.url and "anneal=0.95" in page.url
    assert_page_healthy(page)
    _shots(page, "classification-presenter-ring")
    # the charts, as the projector shows them: under the presets, on the first screen
    _viewport_shots(page, "classification-presenter-ring-charts")


def test_lesson_next_moves_on_and_keeps_the_url(browser: Browser, app_url: str) -> None:
    page = open_page(browser, f"{app_url}/lesson", viewport=PROJECTOR)
    before = script_runs(page)
    page.get_by_role("button", name="Next ▶").click()
    wait_for_app_ready(page, after_runs=before)
    assert "step=2" in page.url
    assert page.get_by_text(f"Step 2 of {len(STEPS)}: {STEPS[1].title}").is_visible()
    assert_page_healthy(page)
