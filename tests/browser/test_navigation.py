"""Getting around: Home's own address, and the browser's Back after a Lesson step's link."""

from __future__ import annotations

from browser_helpers import (
    SEL_SLIDER,
    SEL_SLIDER_VALUE,
    assert_page_healthy,
    open_page,
    script_runs,
    wait_for_app_ready,
)
from playwright.sync_api import Browser

from ann_app.content.lesson import STEPS
from ann_app.shell.navigation import PAGES

HOME = PAGES[0]
LESSON_TITLE = "Lesson: how a small network learns"
# Home (served at the root), a link with a list in it (commas), and a training page
FOLLOWED = [
    next(number for number, step in enumerate(STEPS, start=1) if step.page == page)
    for page in ("app_pages/home.py", "app_pages/error_surfaces.py", "app_pages/classification.py")
]


def test_home_answers_at_its_own_address(browser: Browser, app_url: str) -> None:
    """/home (Home's url_path) shows Home, not "Page not found" and its console error."""
    page = open_page(browser, f"{app_url}/{HOME.url_path}?w1=2")
    assert page.get_by_role("heading", name="Gentle ANN", level=1).is_visible()
    assert page.get_by_text("Page not found").count() == 0
    w1 = page.locator(SEL_SLIDER).filter(has_text="weight w₁").locator(SEL_SLIDER_VALUE)
    assert w1.inner_text() == "2.00"  # the link's values are read, as at the root
    assert_page_healthy(page)


def test_one_back_returns_from_a_lesson_link(browser: Browser, app_url: str) -> None:
    """A step's link opens its page; the browser's Back, pressed once, shows the Lesson again."""
    for number in FOLLOWED:
        page = open_page(browser, f"{app_url}/lesson?step={number}")
        before = script_runs(page)
        page.get_by_role("link", name="with this step's settings").click()
        wait_for_app_ready(page, after_runs=before)
        assert page.get_by_role("heading", name=LESSON_TITLE).count() == 0

        before = script_runs(page)
        page.go_back()
        wait_for_app_ready(page, after_runs=before)
        assert page.url.endswith(f"/lesson?step={number}"), page.url
        assert page.get_by_role("heading", name=LESSON_TITLE).is_visible()
        assert_page_healthy(page)
        page.context.close()
