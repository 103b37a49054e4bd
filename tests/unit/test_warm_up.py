"""Warming the kernel up: while a warm-up compiles it, "auto" trains with the NumPy reference
(the same numbers), restarts wait for it, and `python -m ann_core.warm_up` fills numba's cache."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from ann_core import TrainingConfig, _kernel, training, warm_up
from ann_core.restarts import restarts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def warming(monkeypatch):
    """This process as if a warm-up had started and not finished."""
    monkeypatch.setattr(_kernel, "_warming", threading.Event())
    monkeypatch.setattr(_kernel, "_ready", threading.Event())
    _kernel.mark_warming()


def _engines_used(monkeypatch) -> list[str]:
    used = []
    for name, label in (("train_reference", "numpy"), ("_train_compiled", "numba")):
        original = getattr(training, name)

        def spy(*args, _original=original, _label=label):
            used.append(_label)
            return _original(*args)

        monkeypatch.setattr(training, name, spy)
    return used


def test_while_warming_auto_trains_with_numpy_and_gets_the_same_numbers(warming, monkeypatch):
    used = _engines_used(monkeypatch)
    config = TrainingConfig(problem="XOR", hidden_units=(4,))  # the post's Figure 11
    served = training.train(config)
    assert used == ["numpy"]
    compiled = training.train(config, engine="numba")
    np.testing.assert_array_equal(served.history, compiled.history)  # to the bit


def test_once_loaded_auto_uses_the_kernel(warming, monkeypatch):
    used = _engines_used(monkeypatch)
    _kernel.load()
    assert _kernel.is_ready() and not _kernel.is_warming()
    training.train(TrainingConfig(problem="OR", epochs=3))
    assert used == ["numba"]


def test_restarts_wait_for_the_warm_up(warming, monkeypatch):
    monkeypatch.setattr(_kernel, "wait_until_ready", lambda timeout: _kernel.load() or True)
    used = _engines_used(monkeypatch)
    restarts(TrainingConfig(problem="OR", epochs=3), 3)
    assert used == ["numba"] * 3


def test_start_in_background_starts_once_and_ends_ready(monkeypatch):
    monkeypatch.setattr(_kernel, "_warming", threading.Event())
    monkeypatch.setattr(_kernel, "_ready", threading.Event())
    started = []
    monkeypatch.setattr(warm_up, "_warm", lambda: (started.append(1), _kernel.load()))
    monkeypatch.setattr(threading.Thread, "start", lambda self: self.run())
    assert warm_up.start_in_background() is True
    assert warm_up.start_in_background() is False
    assert started == [1] and _kernel.is_ready()


def test_wait_until_ready_waits_for_the_load_and_is_bounded(warming):
    assert warm_up.wait_until_ready(0.01) is False  # still warming: the wait ends at its bound
    threading.Thread(target=_kernel.load).start()
    assert warm_up.wait_until_ready(60.0) is True and _kernel.is_ready()


def test_the_module_fills_numbas_cache(tmp_path):
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "ann_core.warm_up"], cwd=ROOT, env=env, check=True, timeout=300
    )
    cached = [p.name for p in tmp_path.rglob("*") if p.suffix in (".nbi", ".nbc")]
    assert any("_train" in name for name in cached), cached
