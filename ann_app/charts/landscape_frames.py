"""The DataFrames behind the loss-landscape charts, from `ann_core.landscape`'s Slice and Line.

Pure pandas/NumPy, no Streamlit. Losses are shown per sample, as on the training pages' loss
charts (the summed loss divided by the training rows), with the summed value kept beside it.
The map's colour scale is chosen here: logarithmic when the plane's loss spans a decade or more
(so the bottom of a steep bowl is not one dark blotch), and never narrower than a factor of
MIN_SPAN, so a plateau whose loss varies in the fifth decimal looks flat instead of having its
noise stretched over every colour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ann_app.charts.frames import contour_levels, iso_lines
from ann_core.landscape import Line, Slice, loss_on_plane
from ann_core.run import Run

#: A plane whose loss spans at least this factor (least to greatest) gets a log colour scale.
LOG_RATIO = 10.0
#: The colour scale spans at least this factor above the least loss.
MIN_SPAN = 2.0
#: Iso-loss lines on the map, spaced evenly along the colour scale.
N_LEVELS = 8
#: At most this many epochs of the path get a dot (with their losses) on the map.
PATH_DOTS = 26


@dataclass(frozen=True)
class ColourScale:
    """The map's colour domain, loss per sample from `low` to `high`, and if it is in log."""

    low: float
    high: float
    log: bool


def colour_scale(loss: np.ndarray) -> ColourScale:
    """The colour scale of a map of `loss` (per sample): from its least to its greatest finite
    value, widened to at least MIN_SPAN times the least, in log from LOG_RATIO times."""
    finite = np.asarray(loss, dtype=float)[np.isfinite(loss)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if low > 0:
        return ColourScale(low, max(high, MIN_SPAN * low), high / low >= LOG_RATIO)
    return ColourScale(low, high if high > low else low + 1.0, False)


def levels(loss: np.ndarray, scale: ColourScale, n_levels: int = N_LEVELS) -> np.ndarray:
    """The iso-loss levels: evenly spaced along the colour scale (in log on a log scale),
    keeping those that some part of the map lies above and below."""
    spaced = contour_levels(np.array([scale.low, scale.high]), n_levels, log=scale.log)
    finite = np.asarray(loss, dtype=float)[np.isfinite(loss)]
    if finite.size == 0:
        return spaced[:0]
    return spaced[(spaced > finite.min()) & (spaced < finite.max())]


def landscape_cells_frame(plane: Slice, rows: int) -> pd.DataFrame:
    """One row per grid point of the plane: alpha, beta, loss (per sample), summed; points
    with no finite loss are left out (the map shows a gap). Not the input square's cells of
    `training_frames.cells_frame`."""
    alpha, beta = np.meshgrid(plane.alphas, plane.betas)  # rows along beta, as Slice.loss
    summed = plane.loss.ravel()
    frame = pd.DataFrame(
        {"alpha": alpha.ravel(), "beta": beta.ravel(), "loss": summed / rows, "summed": summed}
    )
    return frame[np.isfinite(summed)].reset_index(drop=True)


def contours_frame(plane: Slice, rows: int, scale: ColourScale) -> pd.DataFrame:
    """The map's iso-loss lines (see frames.iso_lines): level (per sample), line, order, alpha,
    beta."""
    loss = plane.loss / rows
    return iso_lines(plane.alphas, plane.betas, loss, levels(loss, scale), ("alpha", "beta"))


def path_frame(plane: Slice, run: Run, dots: int = PATH_DOTS) -> pd.DataFrame:
    """The training path's shadow on the plane, epochs 0 to the plane's: epoch, alpha, beta;
    and at `dots` epochs spread evenly over them (0 and the last among them), the loss the
    network had after that epoch (`loss` per sample, `summed`) and the loss on the plane under
    its shadow (`under`, per sample), which differ wherever the path leaves the plane; NaN at
    the other epochs (each costs two loss evaluations, so a long run gets a dot now and then)."""
    epochs = np.arange(plane.epoch + 1)
    shadow = plane.path[epochs]
    picked = np.unique(np.round(np.linspace(0, plane.epoch, min(dots, len(epochs))))).astype(int)
    summed, under = np.full(len(epochs), np.nan), np.full(len(epochs), np.nan)
    summed[picked] = run.loss_after(picked)
    under[picked] = loss_on_plane(run, plane, shadow[picked])
    rows = len(run.y)
    return pd.DataFrame(
        {
            "epoch": epochs,
            "alpha": shadow[:, 0],
            "beta": shadow[:, 1],
            "loss": summed / rows,
            "summed": summed,
            "under": under / rows,
        }
    )


def line_frame(line: Line, rows: int) -> pd.DataFrame:
    """The loss along the line from the initial parameters: alpha, loss (per sample), summed."""
    return pd.DataFrame({"alpha": line.alphas, "loss": line.loss / rows, "summed": line.loss})


def window_reach(path: pd.DataFrame) -> float:
    """The reach r a square window [−r, r]² needs to hold every point of the path."""
    return float(np.abs(path[["alpha", "beta"]].to_numpy()).max())
