"""Real-browser test harness: Debian's chromium, driven by Playwright, against `streamlit run`.

Every test in this folder gets the ``browser`` marker. One Streamlit server and one chromium
serve the whole session of each pytest-xdist worker that runs browser tests. Fixtures:

    chromium_executable  path of Debian's chromium, installed with apt-get when missing (as root)
    app_url              base URL of a `streamlit run` started for the session on a free port
    server_log           file with the server's stdout and stderr (its tail is added to failures)
    browser              the session's headless chromium (Playwright ``Browser``)
    app_pages            ``(label, URL)`` of every page in the app's navigation

Helpers for tests (open_page, wait_for_app_ready, assert_page_healthy, screenshot, ...) are in
``browser_helpers.py``.

Environment variables:
    GENTLE_ANN_APP   the script the server runs (default: ``serve.py`` at the repository
                     root; a relative path is taken from the root).
    CHROMIUM_PATH    the chromium executable (default: ``/usr/bin/chromium``, Debian's package).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

BROWSER_TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = BROWSER_TESTS_DIR.parents[1]
# Lets the test modules import browser_helpers whatever pytest's --import-mode is.
if str(BROWSER_TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(BROWSER_TESTS_DIR))

from browser_helpers import (  # noqa: E402
    CHROMIUM_ARGS,
    DEFAULT_CHROMIUM,
    NAVIGATION_TIMEOUT_MS,
    nav_links,
    open_page,
)
from playwright.sync_api import Browser, Playwright, sync_playwright  # noqa: E402

from benchmarks.streamlit_server import ServerError, log_tail, streamlit_server  # noqa: E402

APT_TIMEOUT_S = 300.0
SERVER_START_TIMEOUT_S = 60.0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test collected from tests/browser with ``browser``."""
    for item in items:
        if BROWSER_TESTS_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Add the tail of the Streamlit server's log to the report of a failed browser test."""
    report = yield
    log = getattr(item, "funcargs", {}).get("server_log")
    if report.failed and isinstance(log, Path):
        report.sections.append(("streamlit server log (tail)", log_tail(log)))
    return report


# --------------------------------------------------------------------------------------------
# chromium
# --------------------------------------------------------------------------------------------


def _is_executable(path: str) -> bool:
    """Tell whether ``path`` is an executable file."""
    return os.path.isfile(path) and os.access(path, os.X_OK)


def ensure_chromium() -> str:
    """Return the chromium path, installing Debian's ``chromium`` with apt-get if it is missing.

    Installs only as root with apt-get on PATH, and only the default path. Fails the session
    (never skips) with a readable reason when no chromium can be had.
    """
    path = os.environ.get("CHROMIUM_PATH", DEFAULT_CHROMIUM)
    if _is_executable(path):
        return path
    attempt = "not attempted: needs root, apt-get, and CHROMIUM_PATH unset"
    apt_get = shutil.which("apt-get")
    if os.geteuid() == 0 and apt_get and path == DEFAULT_CHROMIUM:
        command = (
            f"{apt_get} update -qq && DEBIAN_FRONTEND=noninteractive "
            f"{apt_get} install -y -qq chromium"
        )
        try:
            result = subprocess.run(
                ["bash", "-c", command],
                capture_output=True,
                text=True,
                timeout=APT_TIMEOUT_S,
                check=False,
            )
            output = (result.stdout + result.stderr).strip()[-2000:]
            attempt = f"`{command}` exited {result.returncode}\n{output}"
        except subprocess.TimeoutExpired:
            attempt = f"`{command}` timed out after {APT_TIMEOUT_S:.0f} s"
        if _is_executable(path):
            return path
    pytest.fail(
        f"chromium not found at {path}. The browser tests need Debian's chromium package: "
        "run `sudo apt-get update && sudo apt-get install -y chromium` (or set CHROMIUM_PATH "
        "to a chromium executable). Playwright's own browser download is not used.\n"
        f"Automatic install: {attempt}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of a working chromium executable (installed with apt-get when missing)."""
    return ensure_chromium()


# --------------------------------------------------------------------------------------------
# Streamlit server
# --------------------------------------------------------------------------------------------


def app_script() -> Path:
    """Return the script the server runs: ``$GENTLE_ANN_APP`` or ``serve.py`` (the README's)."""
    configured = os.environ.get("GENTLE_ANN_APP")
    script = Path(configured) if configured else REPO_ROOT / "serve.py"
    return script if script.is_absolute() else REPO_ROOT / script


@pytest.fixture(scope="session")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """File that receives the Streamlit server's stdout and stderr."""
    return tmp_path_factory.mktemp("streamlit") / "server.log"


@pytest.fixture(scope="session")
def app_url(server_log: Path) -> Iterator[str]:
    """Start ``streamlit run`` on 127.0.0.1 on a free port; yield its base URL; stop it.

    The start and stop (own process group, health poll, stop by PID) are
    ``benchmarks/streamlit_server.py``'s, which the classroom benchmark uses too.
    """
    script = app_script()
    if not script.is_file():
        pytest.fail(f"Streamlit app not found: {script} (set GENTLE_ANN_APP)", pytrace=False)
    # The server then finds the kernel in numba's cache, as a warmed-up server does: on a fresh
    # clone its own warm-up would compile it beside the first tests and slow their pages.
    subprocess.run([sys.executable, "-m", "ann_core.warm_up"], cwd=REPO_ROOT, check=True)
    try:
        with streamlit_server(script, server_log, start_timeout_s=SERVER_START_TIMEOUT_S) as server:
            yield server.url
    except ServerError as error:
        pytest.fail(str(error), pytrace=False)


# --------------------------------------------------------------------------------------------
# browser
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """The session's Playwright driver."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_executable: str) -> Iterator[Browser]:
    """Headless Debian chromium for the whole session.

    Playwright's ``launch`` gives it a fresh temporary profile (``playwright_chromiumdev_profile-*``
    in the temp dir, removed on close); it refuses a ``--user-data-dir`` argument.
    """
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_executable,
        args=CHROMIUM_ARGS,
        headless=True,
        timeout=NAVIGATION_TIMEOUT_MS,
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def app_pages(browser: Browser, app_url: str) -> list[tuple[str, str]]:
    """``(label, URL)`` of every page in the app's navigation; just the root for a one-page app."""
    page = open_page(browser, app_url)
    try:
        return nav_links(page) or [("main", f"{app_url}/")]
    finally:
        page.context.close()


@pytest.fixture(autouse=True)
def _close_contexts(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close the browser contexts that a test opened with ``open_page``."""
    yield
    if "browser" in request.fixturenames:
        browser: Browser = request.getfixturevalue("browser")
        for context in list(browser.contexts):
            context.close()
