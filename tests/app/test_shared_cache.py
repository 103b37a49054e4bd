"""A class on one server: 30 students opening the same preset train once, and every cache is
bounded (entries, and a time to live for the large results)."""

from __future__ import annotations

import inspect
from pathlib import Path

from app_helpers import open_page
from streamlit.runtime.caching.cache_utils import CachedFunc
from training_helpers import count_training_calls

import ann_app
from ann_app import cached, exports, runs
from ann_app.lesson import STEPS, link_params

CLASS_SIZE = 30
LARGE = {exports.training_gif, runs.restart_runs}  # GIFs and a hundred restarts


def _cached_functions() -> list[CachedFunc]:
    found = []
    for module in (cached, exports, runs):
        found += [f for _, f in inspect.getmembers(module) if isinstance(f, CachedFunc)]
    return found


def test_thirty_students_on_the_same_preset_train_once(monkeypatch):
    calls = count_training_calls(monkeypatch)
    step = next(s for s in STEPS if s.params.get("data") == "XOR" and s.params.get("units"))
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


def test_no_cache_decorator_is_left_unbounded_in_the_source():
    # a new `@st.cache_data` anywhere in ann_app must say how many entries it keeps
    for path in Path(ann_app.__file__).parent.glob("*.py"):
        for line in path.read_text().splitlines():
            if "@st.cache_data" in line or "@st.cache_resource" in line:
                assert "max_entries=" in line, f"{path.name}: {line.strip()}"
