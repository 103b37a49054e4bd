"""serve.py: the classroom server's start-up loads the app before the first request."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
import sys
from pathlib import Path

import streamlit as st

import ann_app


def test_serve_is_an_st_app_of_the_entry_script():
    serve = importlib.import_module("serve")
    assert isinstance(serve.app, st.App)
    assert Path(serve.app.script_path).name == "streamlit_app.py"


def test_its_start_up_imports_every_app_module_and_waits_for_the_warm_up(monkeypatch):
    serve = importlib.import_module("serve")
    names = [m.name for m in pkgutil.walk_packages(ann_app.__path__, prefix="ann_app.")]
    for name in names:
        monkeypatch.delitem(sys.modules, name, raising=False)
    started, waited = [], []
    monkeypatch.setattr(serve.warm_up, "start_in_background", lambda: started.append(True))
    monkeypatch.setattr(serve.warm_up, "wait_until_ready", waited.append)

    async def enter():
        async with serve.start_up(serve.app):
            return [name for name in names if name not in sys.modules]

    assert asyncio.run(enter()) == []
    assert started == [True] and waited == [serve.START_UP_WAIT_S]
