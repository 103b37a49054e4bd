"""The training pages' cached calls into `ann_core`, keyed on a frozen TrainingConfig.

Uploaded data enter as the CSV's bytes (`csv`), so the cache key holds them too. Everything the
epoch scrubber needs (predictions on the view grid, hidden-unit maps, contributions) is
computed for every epoch at once and cached, so moving the scrubber never retrains.
`ann_core.train` is looked up at call time, so a test can count the calls by patching it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

import ann_core
from ann_app.upload import parse_csv
from ann_core import TrainingConfig
from ann_core.datasets import CLASSIFICATION_VIEW, REGRESSION_X_RANGE, view_of
from ann_core.restarts import Restarts, restarts
from ann_core.run import Run

GRID = 41  # points per side of the classification view (the post's surfaces are this coarse)
MAP_GRID = 21  # per side of each hidden unit's small map
CURVE_POINTS = 201
# Large results few sessions share (a hundred restarts, a GIF) leave the cache after this
# long, so an hour of class does not keep every one a student ever asked for.
LARGE_TTL = 1800  # seconds


@dataclass(frozen=True)
class Outputs:
    """A run's output at `points` for every epoch: outputs[epoch, point]."""

    points: np.ndarray
    outputs: np.ndarray


def grid_points(resolution: int, view: tuple[float, float] = CLASSIFICATION_VIEW) -> np.ndarray:
    """resolution x resolution points over the square view, x1 fastest: shape (n, 2)."""
    ticks = np.linspace(*view, resolution)
    x1, x2 = np.meshgrid(ticks, ticks)
    return np.column_stack([x1.ravel(), x2.ravel()])


@st.cache_data(max_entries=64, show_spinner=False)
def train_run(config: TrainingConfig, csv: bytes | None = None) -> Run:
    """`ann_core.train(config)`, on the uploaded CSV's data when `csv` is given."""
    data = None if csv is None else parse_csv(csv, config.task)
    return ann_core.train(config, data)


def view(config: TrainingConfig, csv: bytes | None = None) -> tuple[float, float]:
    """The square the classifier is drawn over: the post's for built-in data, one that holds
    every point (training and test) for uploaded data."""
    if csv is None:
        return CLASSIFICATION_VIEW
    run = train_run(config, csv)
    return view_of(np.vstack([run.X, run.X_test]))


# One entry per (run, epoch): every epoch at once would keep up to 28 MB per run in the cache
# (500 epochs x 441 points x 16 units), and one epoch costs a single small forward pass.
@st.cache_data(max_entries=512, show_spinner=False)
def surface(
    config: TrainingConfig, csv: bytes | None = None, epoch: int = 0, resolution: int = GRID
) -> Outputs:
    """The classifier's output over the view square after `epoch` epochs: outputs[point]."""
    points = grid_points(resolution, view(config, csv))
    return Outputs(points, train_run(config, csv).predict(points, epoch))


@st.cache_data(max_entries=512, show_spinner=False)
def unit_maps(config: TrainingConfig, csv: bytes | None = None, epoch: int = 0) -> Outputs | None:
    """Each first-hidden-layer unit's activation over the view after `epoch` epochs:
    outputs[point, unit]; None without a hidden layer."""
    if not config.hidden_units:
        return None
    points = grid_points(MAP_GRID, view(config, csv))
    return Outputs(points, train_run(config, csv).forward_epochs(points, [epoch]).a[0][0])


@st.cache_data(max_entries=32, show_spinner=False)
def curve(config: TrainingConfig, csv: bytes | None = None) -> Outputs:
    """The regression's prediction on an even grid over the data's x range, every epoch."""
    run = train_run(config, csv)
    low, high = REGRESSION_X_RANGE if csv is None else (run.X.min(), run.X.max())
    points = np.linspace(low, high, CURVE_POINTS)[:, None]
    return Outputs(points, run.predict_epochs(points))


@st.cache_data(max_entries=128, show_spinner=False)
def contributions(
    config: TrainingConfig, csv: bytes | None, epoch: int
) -> tuple[np.ndarray, float]:
    """Each last hidden unit's a_j w_j on the curve grid at `epoch`, and the output bias."""
    return train_run(config, csv).contributions(curve(config, csv).points, epoch)


@st.cache_data(max_entries=16, ttl=LARGE_TTL, show_spinner="Training from many seeds…")
def restart_runs(config: TrainingConfig, n: int) -> Restarts:
    """The configuration trained from seeds seed, seed + 1, ..., seed + n - 1."""
    return restarts(config, n)
