"""The app as a server for a class: `streamlit run serve.py` serves streamlit_app.py (the same
pages) as an `st.App` whose start-up does, before the server answers anyone, what the first
visit would otherwise wait for: it imports the app's modules (pandas, Altair, the engine) and
starts compiling the numba kernel in the background (`ann_core.warm_up`).

`streamlit run streamlit_app.py` still works everywhere (Community Cloud runs it); its first
visitor then pays the imports, about 1.5 s.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import streamlit as st

import ann_app
from ann_core import warm_up


def import_app_modules() -> None:
    """Import every module of `ann_app` (and so everything they import) into this process."""
    for module in pkgutil.walk_packages(ann_app.__path__, prefix="ann_app."):
        importlib.import_module(module.name)


@asynccontextmanager
async def start_up(_app: Any) -> AsyncIterator[None]:
    """Runs once, before the server takes its first request."""
    warm_up.start_in_background()  # the compile runs in a child process meanwhile
    import_app_modules()
    yield


app = st.App("streamlit_app.py", lifespan=start_up)
