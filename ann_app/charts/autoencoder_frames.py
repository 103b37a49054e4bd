"""The DataFrames behind the Autoencoders page's charts, from cached arrays (cached.Bottleneck,
ann_core.start_trials.StartTrials). Pure pandas/NumPy, no Streamlit.

The bottleneck's frames carry every frame's values as columns (training_frames.by_epoch), for
Play: the code over the square (`output_k`), each point's reconstruction (`r1_k`, `r2_k`) and a
one-unit code's curve (`c1_k`, `c2_k`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ann_app.charts.training_frames import cells_frame
from ann_core.autoencoder import principal_projections
from ann_core.start_trials import STARTS, StartTrials

#: How the page names each start of ann_core.start_trials.STARTS, in its order.
START_LABELS = ("random", "pretrained", "random, scaled to the pretrained sizes")


def code_cells_frame(grid: np.ndarray, codes: np.ndarray, epochs: np.ndarray) -> pd.DataFrame:
    """The square's cells with the code at each frame (codes[frame, cell]) as `output_k`."""
    cells = cells_frame(grid, codes[0]).drop(columns="output")
    return _with_frames(cells, {"output": codes}, epochs)


def points_frame(X: np.ndarray, reconstructions: np.ndarray, epochs: np.ndarray) -> pd.DataFrame:
    """Each point (x1, x2) with its reconstruction at each frame (`r1_k`, `r2_k`)."""
    base = pd.DataFrame({"x1": X[:, 0], "x2": X[:, 1]})
    moved = {"r1": reconstructions[..., 0], "r2": reconstructions[..., 1]}
    return _with_frames(base, moved, epochs)


def curve_frame(curves: np.ndarray, epochs: np.ndarray) -> pd.DataFrame:
    """A one-unit code's curve in order along the code (`order`) at each frame (`c1_k`,
    `c2_k`)."""
    base = pd.DataFrame({"order": np.arange(curves.shape[1])})
    return _with_frames(base, {"c1": curves[..., 0], "c2": curves[..., 1]}, epochs)


def _with_frames(
    base: pd.DataFrame, fields: dict[str, np.ndarray], epochs: np.ndarray
) -> pd.DataFrame:
    """`base` with each field's values at each frame (values[frame, row]) as the columns
    training_frames.by_epoch makes (f"{field}_{epoch}", float32), from arrays at once: the
    bottleneck's three frames every rerun, at a hundredth of by_epoch's time (a DataFrame a
    frame)."""
    columns = {
        f"{field}_{epoch}": frame.astype(np.float32)
        for field, values in fields.items()
        for epoch, frame in zip(epochs, values, strict=True)
    }
    return pd.concat([base.reset_index(drop=True), pd.DataFrame(columns)], axis=1)


def axis_frame(X: np.ndarray) -> pd.DataFrame:
    """The best straight line through the points, principal component analysis's: the points'
    projections onto it, ordered along it (its two ends are the outermost)."""
    line = principal_projections(X)
    along = np.lexsort((line[:, 1], line[:, 0]))
    return pd.DataFrame({"x1": line[along, 0], "x2": line[along, 1]})


def error_frame(errors: np.ndarray) -> pd.DataFrame:
    """The points' root mean square distance to their reconstructions after each epoch (from 0),
    as training_plots.metric_chart draws a series."""
    return pd.DataFrame({"set": "training", "epoch": np.arange(len(errors)), "distance": errors})


def starts_loss_frame(trials: StartTrials) -> pd.DataFrame:
    """Every run's loss per sample over the epochs: start (its label), seed, epoch, loss; a
    diverged run's epochs after it are left out."""
    n_starts, n_seeds, n_epochs = trials.mean_loss.shape
    frame = pd.DataFrame(
        {
            "start": np.repeat(START_LABELS[:n_starts], n_seeds * n_epochs),
            "seed": np.tile(np.repeat(trials.seeds, n_epochs), n_starts),
            "epoch": np.tile(np.arange(1, n_epochs + 1), n_starts * n_seeds),
            "loss": trials.mean_loss.ravel(),
        }
    )
    return frame.dropna(subset=["loss"]).reset_index(drop=True)


def starts_summary(trials: StartTrials) -> pd.DataFrame:
    """One row per start: how many runs reach the goal, their median epoch to it (NaN: none
    does), the mean weight size at the start, the median of the runs' last loss per sample
    (StartTrials.final_loss) and how many diverged."""
    return pd.DataFrame(
        {
            "start": START_LABELS,
            "reached": [trials.reached_count(name) for name in STARTS],
            "median_epoch": [
                np.nan if (m := trials.median_epochs(name)) is None else m for name in STARTS
            ],
            "weight_size": trials.weight_size.mean(axis=1),
            "final_loss": [_median(losses) for losses in trials.final_loss],
            "diverged": trials.diverged.sum(axis=1),
        }
    )


def _median(values: np.ndarray) -> float:
    """The median of the finite values (NaN when there are none)."""
    finite = values[np.isfinite(values)]
    return float(np.median(finite)) if finite.size else float("nan")
