"""Getting around: Home's own address, the browser's Back after a Lesson step's link, and Back
and Forward through a page's own settings."""

from __future__ import annotations

from browser_helpers import (
    SEL_SLIDER,
    SEL_SLIDER_VALUE,
    assert_page_healthy,
    move_slider,
    open_page,
    script_runs,
    url_params,
    wait_for_app_ready,
)
from playwright.sync_api import Browser, Page

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


def _probe(page: Page) -> str:
    return (
        page.locator(SEL_SLIDER).filter(has_text="probe z₀").locator(SEL_SLIDER_VALUE).inner_text()
    )


def test_back_and_forward_within_a_page_step_through_its_settings(
    browser: Browser, app_url: str
) -> None:
    """Each settings change is a step in the browser's history: Back shows the value before it
    and Forward the one after (a URL that Back or Forward sends is read; the older URL a quick
    rerun can carry is not: tests/app/test_app_links.py)."""
    page = open_page(browser, f"{app_url}/activations")
    start = _probe(page)
    before = script_runs(page)
    move_slider(page, "probe z₀")
    wait_for_app_ready(page, after_runs=before)
    moved = _probe(page)
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('z0') == {moved}")
    assert moved != start
    for go, shown in ((page.go_back, start), (page.go_forward, moved)):
        before = script_runs(page)
        go()
        wait_for_app_ready(page, after_runs=before)
        assert _probe(page) == shown
        assert float(url_params(page)["z0"]) == float(shown)
    assert_page_healthy(page)


def _epoch(page: Page) -> str:
    slider = page.locator(SEL_SLIDER).filter(has_text="epoch (0 = the initial random weights)")
    return slider.locator(SEL_SLIDER_VALUE).inner_text()


def test_back_and_forward_step_through_the_scrubbed_epoch(browser: Browser, app_url: str) -> None:
    """The epoch is part of a training page's link: a scrub writes `epoch=` (none at the run's
    end), Back shows the epoch before it and Forward the one after (training/state.py)."""
    page = open_page(browser, f"{app_url}/classification?epochs=20")
    assert _epoch(page) == "20" and "epoch" not in url_params(page)
    before = script_runs(page)
    move_slider(page, "epoch (0 = the initial random weights)", key="ArrowLeft")
    wait_for_app_ready(page, after_runs=before)
    page.wait_for_function("() => new URLSearchParams(location.search).get('epoch') == '19'")
    for go, shown in ((page.go_back, "20"), (page.go_forward, "19")):
        before = script_runs(page)
        go()
        wait_for_app_ready(page, after_runs=before)
        assert _epoch(page) == shown
        assert url_params(page).get("epoch", "20") == shown
    assert_page_healthy(page)
