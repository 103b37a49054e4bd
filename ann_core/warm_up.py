"""Compile the numba kernel before a student needs it.

`python -m ann_core.warm_up` compiles it into numba's on-disk cache (a container image does this
at build time). `start_in_background()` does the same for a running app: a child process
compiles (so the compiler does not hold this process's GIL), then this process loads the kernel
from the cache. Until then `train(engine="auto")` serves every request with the NumPy reference,
which computes the same numbers, so the first student never waits on the compiler.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from . import _kernel

ROOT = Path(__file__).resolve().parents[1]  # the folder that holds ann_core
COMPILE_TIMEOUT = 600.0  # seconds; a compile takes about 6 s on a 2-core machine
_lock = threading.Lock()


def start_in_background() -> bool:
    """Start warming the kernel up, once per process; whether this call started it."""
    with _lock:
        if not _kernel.HAVE_NUMBA or _kernel.is_ready() or _kernel.is_warming():
            return False
        _kernel.mark_warming()
    threading.Thread(target=_warm, name="ann_core warm-up", daemon=True).start()
    return True


def wait_until_ready(timeout: float) -> bool:
    """Wait at most `timeout` seconds for a started warm-up; whether the kernel can serve now
    (True at once without numba: NumPy serves alone)."""
    return not _kernel.HAVE_NUMBA or _kernel.wait_until_ready(timeout)


def _warm() -> None:
    """Compile in a child process, then load from the cache here (or compile here, if the
    child could not write the cache)."""
    try:
        subprocess.run(
            [sys.executable, "-m", "ann_core.warm_up"],
            cwd=ROOT,
            timeout=COMPILE_TIMEOUT,
            check=False,
            capture_output=True,
        )
    finally:
        _kernel.load()


if __name__ == "__main__":
    _kernel.load()
