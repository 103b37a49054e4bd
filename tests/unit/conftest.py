"""Shared fixtures for the engine's tests."""

import json
from pathlib import Path

import numpy as np
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def post_runs():
    """The post's own runs (tests/data/make_post_reference.py): metadata and arrays."""
    with open(DATA / "post_runs.json") as f:
        meta = json.load(f)
    with np.load(DATA / "post_runs.npz") as arrays:
        data = {key: arrays[key] for key in arrays.files}
    return meta, data


@pytest.fixture(autouse=True)
def global_random_state_untouched():
    """Every engine test also checks that NumPy's global random state is left alone."""
    # the legacy global state is exactly what must stay untouched
    before = np.random.get_state()  # noqa: NPY002
    yield
    after = np.random.get_state()  # noqa: NPY002
    assert before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]
