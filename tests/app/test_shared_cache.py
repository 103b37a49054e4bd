"""A class on one server: 30 students opening the same preset train once, every cache is
bounded (entries, and a time to live for the large results), and no library's cache keeps the
images a page shows."""

from __future__ import annotations

import gc
import importlib
import inspect
import pkgutil
from urllib.parse import SplitResult, urlsplit

from app_helpers import open_page
from streamlit.runtime.caching.cache_utils import CachedFunc
from training_helpers import count_training_calls

import ann_app
from ann_app import cached
from ann_app.content.lesson import CLASSIFICATION, STEPS, link_params

CLASS_SIZE = 30
LARGE = {cached.training_gif, cached.restart_runs}  # GIFs and a hundred restarts


def _cached_functions() -> list[CachedFunc]:
    """Every cached function defined anywhere in ann_app (each module imported and searched)."""
    found = set()
    for info in pkgutil.walk_packages(ann_app.__path__, prefix="ann_app."):
        module = importlib.import_module(info.name)
        found |= {f for _, f in inspect.getmembers(module) if isinstance(f, CachedFunc)}
    return sorted(found, key=lambda f: f._info.func.__qualname__)


def test_thirty_students_on_the_same_preset_train_once(monkeypatch):
    calls = count_training_calls(monkeypatch)
    step = next(s for s in STEPS if s.page == CLASSIFICATION and s.params.get("h1") == 4)
    for _ in range(CLASS_SIZE):
        at = open_page(step.page, link_params(step))
        assert not at.exception
    assert len(calls) == 1


def test_every_cache_is_bounded():
    functions = _cached_functions()
    assert len(functions) >= 10
    for function in functions:
        assert function._info.max_entries is not None, function._info.func.__qualname__
    for function in LARGE:
        assert function._info.ttl is not None, function._info.func.__qualname__


def test_the_3d_surface_leaves_no_copy_behind_in_urllibs_url_cache():
    """The page's PNG is a data URL of a third of a megabyte. Parsed by `urlsplit` (as
    `st.image` does with a string), it would stay in that function's cache of 128 entries for
    the server's lifetime: in a class of 30, most of the server's memory growth."""
    urlsplit.cache_clear()
    at = open_page("app_pages/error_surfaces.py", {"w1s": "2.5"})
    assert "data:image/png;base64," in at.get("html")[0].proto.body
    parsed = [o for o in gc.get_objects() if isinstance(o, SplitResult) and o.scheme == "data"]
    assert [len(o.path) for o in parsed] == []
