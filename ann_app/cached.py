"""The pages' calls into `ann_core`, cached with `st.cache_data` and a bounded number of entries.

Every argument is a plain hashable value (floats, ints, strings, tuples), so a class of students
moving the same sliders shares results, and memory stays bounded by `max_entries`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from ann_app import frames
from ann_app.surface3d import figure_png, surface_figure
from ann_core import network, surfaces
from ann_core.surfaces import DescentPath, ErrorGrid


@dataclass(frozen=True)
class Surface:
    """The two-weight error surface: the raw grid (for 3-D) and its chart-ready frames."""

    grid: ErrorGrid
    cells: pd.DataFrame
    contours: pd.DataFrame
    cell_size: float


@st.cache_data(max_entries=256, show_spinner=False)
def neuron(
    inputs: tuple[float, ...], weights: tuple[float, ...], bias: float, activation: str
) -> tuple[float, float]:
    """(z, a) of one unit: z = sum_i w_i a_i + b and a = g(z), by the engine's forward pass."""
    params = [(np.array(weights, dtype=float).reshape(-1, 1), np.array([bias], dtype=float))]
    record = network.forward(params, np.array([inputs], dtype=float), [activation])
    return float(record.z[0][0, 0]), float(record.a[0][0, 0])


@st.cache_data(max_entries=64, show_spinner=False)
def activation_curves(names: tuple[str, ...], z_max: float, saturation: float) -> pd.DataFrame:
    """g(z) and g'(z) of the chosen activations on [-z_max, z_max] (see frames)."""
    return frames.activation_curves(names, z_max, saturation=saturation)


@st.cache_data(max_entries=64, show_spinner=False)
def one_weight_curve(
    w_max: float, resolution: int, a0: float, target: float, activation: str
) -> pd.DataFrame:
    """Figure 4's E(w1) sampled on [-w_max, w_max] (four times finer than the grid: it is 1-D)."""
    w1 = np.linspace(-w_max, w_max, 4 * resolution + 1)
    return frames.curve_frame(w1, surfaces.one_weight_error(w1, a0, target, activation))


@st.cache_data(max_entries=32, show_spinner=False)
def two_weight_surface(
    w_max: float, resolution: int, a0: float, target: float, activation: str
) -> Surface:
    """Figure 5's E(w1, w2) on a resolution x resolution grid, with its iso-error lines."""
    grid = surfaces.error_grid((-w_max, w_max), resolution, a0, target, activation)
    return Surface(
        grid=grid,
        cells=frames.grid_frame(grid),
        contours=frames.contour_frame(grid),
        cell_size=float(grid.w1[1] - grid.w1[0]),
    )


@st.cache_data(max_entries=128, show_spinner=False)
def descent_paths(
    methods: tuple[str, ...],
    start: tuple[float, ...],
    learning_rate: float,
    steps: int,
    a0: float,
    target: float,
    activation: str,
    momentum: float,
) -> tuple[DescentPath, ...]:
    """One path per optimizer in `methods`, all from `start` with the same settings."""
    return tuple(
        surfaces.descent_path(
            method, start, learning_rate, steps, a0, target, activation, momentum=momentum
        )
        for method in methods
    )


@st.cache_data(max_entries=32, show_spinner=False)
def surface_png(
    w_max: float,
    resolution: int,
    a0: float,
    target: float,
    activation: str,
    methods: tuple[str, ...],
    start: tuple[float, float],
    learning_rate: float,
    steps: int,
    momentum: float,
) -> bytes:
    """The 3-D view of Figure 5 with the two-weight paths on it, as PNG bytes."""
    task = (a0, target, activation)
    grid = two_weight_surface(w_max, resolution, *task).grid
    paths = descent_paths(methods, start, learning_rate, steps, *task, momentum)
    return figure_png(surface_figure(grid, paths))
