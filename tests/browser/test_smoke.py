"""Smoke tests: every page of the app renders in a real browser without errors or blank charts."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_helpers import (
    SEL_SLIDER_THUMB,
    assert_page_healthy,
    move_slider,
    open_page,
    screenshot,
    script_runs,
    server_is_healthy,
    wait_for_app_ready,
)
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

# What one page's check may raise: a failed assertion, pytest.fail, or a Playwright error.
PAGE_FAILURES = (AssertionError, pytest.fail.Exception, PlaywrightError)


def _slug(url: str) -> str:
    """Name a page by its URL path (``main`` for the root)."""
    return urlsplit(url).path.strip("/").replace("/", "_") or "main"


def _fail_with(failures: list[str]) -> None:
    """Fail once, listing every page's problem, so one broken page does not hide the others."""
    if failures:
        pytest.fail(f"{len(failures)} page(s) failed:\n\n" + "\n\n".join(failures), pytrace=False)


def _stop_if_server_died(app_url: str, failures: list[str]) -> None:
    """After a failure, give up at once if the server is gone, instead of timing out per page."""
    if not server_is_healthy(app_url):
        _fail_with([*failures, f"the Streamlit server at {app_url} stopped answering"])


def test_app_has_pages(app_pages: list[tuple[str, str]]) -> None:
    """The navigation lists at least one page, each with a label."""
    assert app_pages, "no page found in the app's navigation"
    assert all(label for label, _ in app_pages), f"a navigation link has no label: {app_pages}"


def test_every_page_is_healthy(
    browser: Browser, app_url: str, app_pages: list[tuple[str, str]]
) -> None:
    """Each page renders with no traceback, error alert, console error or blank chart."""
    failures: list[str] = []
    for label, url in app_pages:
        page = None
        try:
            page = open_page(browser, url)
            screenshot(page, f"test_every_page_is_healthy-{_slug(url)}")
            assert_page_healthy(page)
        except PAGE_FAILURES as error:
            failures.append(f"page {label!r} ({url}):\n{error}")
            _stop_if_server_died(app_url, failures)
        finally:
            if page is not None:
                page.context.close()
    _fail_with(failures)


def test_every_page_survives_a_slider_move(
    browser: Browser, app_url: str, app_pages: list[tuple[str, str]]
) -> None:
    """On each page with a slider, one step on its first slider reruns the page cleanly."""
    failures: list[str] = []
    moved = 0
    for label, url in app_pages:
        page = None
        try:
            page = open_page(browser, url)
            if page.locator(SEL_SLIDER_THUMB).count() == 0:
                continue
            before = script_runs(page)
            move_slider(page)
            wait_for_app_ready(page, after_runs=before)
            moved += 1
            screenshot(page, f"test_every_page_survives_a_slider_move-{_slug(url)}")
            assert_page_healthy(page)
        except PAGE_FAILURES as error:
            failures.append(f"page {label!r} ({url}), after moving its first slider:\n{error}")
            _stop_if_server_died(app_url, failures)
        finally:
            if page is not None:
                page.context.close()
    _fail_with(failures)
    if moved == 0:
        pytest.skip("no page has a slider")


def test_odd_query_string_shows_no_error(browser: Browser, app_url: str) -> None:
    """Unknown query parameters are ignored: no error box, no console error, no blank chart."""
    page = open_page(browser, f"{app_url}/?nonsense=1&x=abc")
    screenshot(page, "test_odd_query_string_shows_no_error")
    assert_page_healthy(page)


def test_the_3d_surface_shows_inside_the_page(browser: Browser, app_url: str) -> None:
    """The 3-D error surface is a PNG carried in the page (a data URL, no media file to go
    missing): on its tab it loads and has a size."""
    page = open_page(browser, f"{app_url}/error-surfaces")
    page.get_by_role("tab", name="3-D surface").click()
    image = page.locator('[data-testid="stHtml"] img').first
    image.wait_for(state="visible")
    src, width = image.evaluate("(img) => [img.src.slice(0, 22), img.naturalWidth]")
    assert src == "data:image/png;base64,"
    assert width > 100
    image.scroll_into_view_if_needed()
    screenshot(page, "error-surfaces-3d", full_page=False)
    assert_page_healthy(page)
