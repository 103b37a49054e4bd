"""serve.py: the classroom server's start-up loads the app before the first request."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[2]

#: Runs serve.py's start-up in a fresh interpreter (importing the app's modules must not touch
#: this test process: a second copy of a module breaks the cached functions of the first), with
#: the warm-up replaced by a record of its calls; prints what it saw.
START_UP = """
import asyncio, json, pkgutil, sys
import ann_app, serve
calls = []
serve.warm_up.start_in_background = lambda: calls.append("start")
serve.warm_up.wait_until_ready = lambda timeout: calls.append(timeout)
names = [m.name for m in pkgutil.walk_packages(ann_app.__path__, prefix="ann_app.")]
before = [name for name in names if name in sys.modules]

async def enter():
    async with serve.start_up(serve.app):
        import gc
        return [name for name in names if name not in sys.modules], (
            gc.get_freeze_count(), len(gc.get_objects())
        )

missing, (frozen, tracked) = asyncio.run(enter())
print(json.dumps({"names": names, "before": before, "missing": missing, "calls": calls,
                  "frozen": frozen, "tracked": tracked}))
"""


def test_serve_is_an_st_app_of_the_entry_script():
    serve = importlib.import_module("serve")
    assert isinstance(serve.app, st.App)
    assert Path(serve.app.script_path).name == "streamlit_app.py"


def test_its_start_up_imports_every_app_module_and_waits_for_the_warm_up():
    done = subprocess.run(
        [sys.executable, "-c", START_UP], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(seen["names"]) > 20 and "ann_app.cached" not in seen["before"]
    assert seen["missing"] == []
    serve = importlib.import_module("serve")
    assert seen["calls"] == ["start", serve.START_UP_WAIT_S]


def test_its_start_up_freezes_what_it_loaded_out_of_later_garbage_collections():
    """Streamlit collects all garbage after each script run: frozen, the app's modules are not
    scanned again (before, some 190,000 objects: about 0.2 s, the interpreter lock held)."""
    done = subprocess.run(
        [sys.executable, "-c", START_UP], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["frozen"] > 100_000  # pandas, Altair, the engine and the app's tables
    assert seen["tracked"] < seen["frozen"] / 100  # what a full collection still scans
