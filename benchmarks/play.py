"""Play in the browser: how many epochs a second the animation shows, at a laptop's 1280 x 800.

    python benchmarks/play.py              # the post's XOR and sine runs, 3 plays each

Starts `streamlit run serve.py`, opens each page in headless Debian chromium and presses Play
from epoch 0; on every animation frame it notes the epoch the animated charts are asked to
draw (browser_helpers.watch_play), until Play stops at the last epoch. It prints the epochs
shown, whether any was skipped, and the rate. The floor: 20 epochs a second, every epoch shown.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]

from browser_helpers import (  # noqa: E402
    CHROMIUM_ARGS,
    DEFAULT_CHROMIUM,
    open_page,
    script_runs,
    wait_for_app_ready,
    watch_play,
)
from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.streamlit_server import streamlit_server  # noqa: E402

FLOOR = 20.0  # epochs a second
VIEWPORT = {"width": 1280, "height": 800}
PAGES = {  # the post's runs: the pages' defaults are its XOR (Figure 11) and sine (Figure 13)
    "classification": "classification",
    "regression": "regression",
}


def one_play(browser, url: str) -> tuple[int, bool, float]:
    """Play once from epoch 0: epochs shown, whether every epoch was, epochs a second."""
    page = open_page(browser, url, VIEWPORT)
    before = script_runs(page)
    seen = watch_play(page, page.get_by_role("button", name="Play").click)
    wait_for_app_ready(page, after_runs=before)
    page.context.close()
    epochs = [epoch for epoch, _ in seen]
    every = epochs == list(range(epochs[0], epochs[-1] + 1))
    seconds = (seen[-1][1] - seen[0][1]) / 1000
    return len(epochs), every, (len(epochs) - 1) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plays", type=int, default=3)
    args = parser.parse_args()
    rates = []
    with (
        tempfile.TemporaryDirectory() as folder,
        streamlit_server(ROOT / "serve.py", Path(folder) / "server.log") as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=DEFAULT_CHROMIUM, args=CHROMIUM_ARGS)
        for name, path in PAGES.items():
            for _ in range(args.plays):
                shown, every, rate = one_play(browser, f"{server.url}/{path}")
                rates.append((rate, every))
                print(
                    f"{name}: {shown} epochs shown, "
                    f"{'every one' if every else 'SOME SKIPPED'}, {rate:.1f} a second"
                )
        browser.close()
    worst = min(rate for rate, _ in rates)
    median = statistics.median(rate for rate, _ in rates)
    verdict = "met" if worst >= FLOOR and all(every for _, every in rates) else "NOT met"
    print(
        f"Play: median {median:.1f}, worst {worst:.1f} epochs a second; floor {FLOOR:.0f} with "
        f"every epoch shown: {verdict}"
    )


if __name__ == "__main__":
    main()
