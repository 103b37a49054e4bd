"""Tidy DataFrames from engine results, shaped for the chart builders (one row per mark).

No maths of its own: values come from `ann_core`; this module only samples, reshapes and labels
them. Pure functions, so they are tested without Streamlit and cached by `ann_app.cached`.
"""

from __future__ import annotations

from collections.abc import Sequence

import contourpy
import numpy as np
import pandas as pd

from ann_app.content.formulas import DERIVATIVE_FROM_OUTPUT
from ann_app.content.labels import METHOD_LABELS
from ann_core.activations import get_activation
from ann_core.surfaces import DescentPath, ErrorGrid


def activation_curves(
    names: Sequence[str], z_max: float, n_points: int = 401, saturation: float = 0.1
) -> pd.DataFrame:
    """g(z) and g'(z) for each activation on [-z_max, z_max], long form.

    `saturated` marks points where g'(z) < `saturation`; `run` numbers each unbroken stretch of
    saturated points so a chart can draw them as separate segments.
    """
    z = np.linspace(-z_max, z_max, n_points)
    frames = []
    for name in names:
        g = get_activation(name)
        value, slope = g.value(z), g.derivative(z)
        saturated = slope < saturation
        run = np.cumsum(np.diff(saturated.astype(int), prepend=0) == 1)
        frames.append(
            pd.DataFrame(
                {
                    "activation": name,
                    "z": z,
                    "value": value,
                    "derivative": slope,
                    "saturated": saturated,
                    "run": np.where(saturated, run, 0),
                }
            )
        )
    columns = ["activation", "z", "value", "derivative", "saturated", "run"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def probe_table(names: Sequence[str], z0: float) -> pd.DataFrame:
    """One row per activation: g(z0), and g'(z0) computed from the output a = g(z0)."""
    rows = []
    for name in names:
        g = get_activation(name)
        a = float(g.value(np.array([z0]))[0])
        rows.append(
            {
                "activation": name,
                "z₀": z0,
                "a = g(z₀)": a,
                "g′ written from a": DERIVATIVE_FROM_OUTPUT[name],
                "g′(z₀)": float(g.derivative_from_output(np.array([a]))[0]),
            }
        )
    return pd.DataFrame(rows)


def error_curve_frame(w1: np.ndarray, error: np.ndarray) -> pd.DataFrame:
    """The one-weight error curve E(w1) as (w1, error) rows."""
    return pd.DataFrame({"w1": np.asarray(w1, dtype=float), "error": np.asarray(error, float)})


def grid_frame(grid: ErrorGrid) -> pd.DataFrame:
    """The two-weight error grid as one (w1, w2, error) row per cell."""
    w1, w2 = np.meshgrid(grid.w1, grid.w2)  # rows follow w2, as in ErrorGrid.error
    return pd.DataFrame({"w1": w1.ravel(), "w2": w2.ravel(), "error": grid.error.ravel()})


def contour_levels(error: np.ndarray, n_levels: int = 8, log: bool = False) -> np.ndarray:
    """`n_levels` values strictly between the surface's least and greatest finite value, evenly
    spaced (in log when `log`, for a positive surface that spans decades)."""
    finite = np.asarray(error, dtype=float)[np.isfinite(error)]
    if finite.size == 0:
        return np.array([])
    low, high = float(finite.min()), float(finite.max())
    if not high > low or (log and not low > 0):
        return np.array([])
    spaced = np.geomspace if log else np.linspace
    return spaced(low, high, n_levels + 2)[1:-1]


def contour_frame(grid: ErrorGrid, n_levels: int = 8) -> pd.DataFrame:
    """Iso-error lines of the grid (see `iso_lines`), as (level, line, order, w1, w2) rows."""
    return iso_lines(grid.w1, grid.w2, grid.error, contour_levels(grid.error, n_levels))


def iso_lines(
    x: np.ndarray,
    y: np.ndarray,
    z: np.ndarray,
    levels: Sequence[float],
    names: tuple[str, str] = ("w1", "w2"),
) -> pd.DataFrame:
    """The lines where z[j, i] (at x[i], y[j]) equals each level, traced by contourpy (the
    engine behind matplotlib's contour): straight between points on the grid's edges, each
    where linear interpolation along its edge gives the level. Non-finite z leave a gap.

    One row per vertex: `level`, `line` (tells separate pieces apart), `order` (drawing order)
    and the vertex's coordinates under `names`.
    """
    generator = contourpy.contour_generator(x, y, np.ma.masked_invalid(z))
    pieces, line_id = [], 0
    for level in levels:
        for vertices in generator.lines(level):
            pieces.append(
                pd.DataFrame(
                    {
                        "level": level,
                        "line": line_id,
                        "order": np.arange(len(vertices)),
                        names[0]: vertices[:, 0],
                        names[1]: vertices[:, 1],
                    }
                )
            )
            line_id += 1
    columns = ["level", "line", "order", *names]
    return pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=columns)


def within_box(weights: np.ndarray, bound: float) -> np.ndarray:
    """The path up to where it first leaves the box |w| <= bound, that step pulled back onto it.

    A diverging path can reach 1e150; browsers draw such coordinates as garbage. Pulling the
    first step outside back along its own segment keeps the line's direction, and everything
    past it lies far outside any plotted window anyway.
    """
    outside = np.abs(weights).max(axis=1) > bound
    if not outside.any():
        return weights
    k = int(np.argmax(outside))
    if k == 0:
        return np.clip(weights[:1], -bound, bound)
    last, step = weights[k - 1], weights[k] - weights[k - 1]
    moving = step != 0
    reach = (np.sign(step[moving]) * bound - last[moving]) / step[moving]
    return np.vstack([weights[:k], last + min(1.0, float(reach.min())) * step])


def paths_frame(paths: Sequence[DescentPath], bound: float = 1e3) -> pd.DataFrame:
    """Every step of every path: method, its label, step number, the weights and the error.

    Paths that leave the box |w| <= bound are cut there (see `within_box`).
    """
    frames = []
    for path in paths:
        weights = within_box(path.weights, bound)
        data = {
            "method": path.method,
            "optimizer": METHOD_LABELS.get(path.method, path.method),
            "step": np.arange(len(weights)),
            "error": path.error[: len(weights)],
        }
        for i in range(weights.shape[1]):
            data[f"w{i + 1}"] = weights[:, i]
        frames.append(pd.DataFrame(data))
    if not frames:
        return pd.DataFrame(columns=["method", "optimizer", "step", "error", "w1", "w2"])
    return pd.concat(frames, ignore_index=True)


def path_summary(paths: Sequence[DescentPath]) -> pd.DataFrame:
    """Where each path ended: the step it reached the valley (None: never), its largest
    overshoot (rise of E between steps), its final weights and error (E), and if it diverged
    (the page says after how many steps)."""
    rows = []
    for path in paths:
        row = {
            "optimizer": METHOD_LABELS.get(path.method, path.method),
            "steps to valley": path.steps_to_valley,
            "overshoot": path.largest_rise,
        }
        for i, w in enumerate(path.weights[-1]):
            row[f"w{i + 1}"] = float(w)
        row["E"] = float(path.error[-1])
        row["diverged"] = path.diverged
        rows.append(row)
    return pd.DataFrame(rows)
