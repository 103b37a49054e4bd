"""The app as a server for a class: `streamlit run serve.py` serves streamlit_app.py (the same
pages) as an `st.App` whose start-up does, before the server answers anyone, what the first
visit would otherwise wait for: it imports the app's modules (pandas, Altair, the engine) while
a child process compiles the numba kernel (`ann_core.warm_up`), and waits for the kernel.

At the end of the start-up, everything alive (the modules, their tables, Altair's schema) is
frozen out of the garbage collector (`gc.freeze`). Streamlit runs a full collection after every
script run (its `runner.postScriptGC`); over the app's ~190,000 long-lived objects that took
about 0.2 s with the interpreter lock held, so the server could not send a run's last messages
nor the page's code meanwhile: on every visit and every slider move. Frozen, a collection
looks only at what the sessions made since (tens of milliseconds).

The compile happens once per clone (numba caches it in ann_core/__pycache__): a fresh clone's
first start takes a few seconds longer, later starts load the cache. Should the compile take
longer than START_UP_WAIT_S, the server starts anyway and the NumPy engine serves (same
numbers) until the kernel is ready. `streamlit run streamlit_app.py` runs the same app
(Community Cloud runs it); its first visitor then pays the imports, and the NumPy engine serves
while the kernel compiles.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import streamlit as st

import ann_app
from ann_core import warm_up

#: How long the start-up waits for the kernel's compile (about 6 s on a quiet 2-core machine).
START_UP_WAIT_S = 60.0


def import_app_modules() -> None:
    """Import every module of `ann_app` (and so everything they import) into this process."""
    for module in pkgutil.walk_packages(ann_app.__path__, prefix="ann_app."):
        importlib.import_module(module.name)


@asynccontextmanager
async def start_up(_app: Any) -> AsyncIterator[None]:
    """Runs once, before the server takes its first request."""
    warm_up.start_in_background()  # the compile runs in a child process meanwhile
    import_app_modules()
    await asyncio.to_thread(warm_up.wait_until_ready, START_UP_WAIT_S)
    gc.collect()
    gc.freeze()  # what lives now lives as long as the server: no collection scans it again
    yield


app = st.App("streamlit_app.py", lifespan=start_up)
