"""The app tests run with the compiled kernel in memory, as a warmed-up server does: the app's
own warm-up (ann_core.warm_up) then has nothing to do, and every run uses one engine."""

import pytest

from ann_core import _kernel


@pytest.fixture(scope="session", autouse=True)
def compiled_kernel() -> None:
    _kernel.load()
