"""How long the Classification and Regression pages take to redraw after a control that needs
training changes (a new seed each time, so every run misses the cache), at the post's sizes.

    python benchmarks/training_pages.py

It times whole script runs in Streamlit's AppTest (the page's Python side: training, the
cached all-epoch predictions, building every chart), after one warm-up run that compiles the
kernel. The browser's drawing of the charts comes on top (tens of milliseconds).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "app")]

from app_helpers import open_page  # noqa: E402

CASES = {
    "Classification, Fig. 11 (XOR, 4 hidden)": ("app_pages/classification.py", {}),
    "Classification, Fig. 12 (RING, 4 hidden)": (
        "app_pages/classification.py",
        {"data": "RING"},
    ),
    "Regression, Fig. 13 (SIN, 3 tanh, 200 points)": ("app_pages/regression.py", {}),
    "Regression, Fig. 14 (ABS), stacked": (
        "app_pages/regression.py",
        {"data": "ABS", "stack": "true"},
    ),
}
REPEATS = 10


def main() -> None:
    for name, (path, params) in CASES.items():
        at = open_page(path, params)
        page = path.split("/")[1].removesuffix(".py")
        seconds = []
        for seed in range(1, REPEATS + 1):
            at.number_input(key=f"{page}.seed").set_value(1000 + seed)
            start = time.perf_counter()
            at.run()
            seconds.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        print(
            f"{name:48s} median {statistics.median(seconds) * 1000:6.0f} ms, "
            f"max {max(seconds) * 1000:6.0f} ms over {REPEATS} retrainings"
        )


if __name__ == "__main__":
    main()
