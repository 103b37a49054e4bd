"""What the animated main charts draw: every frame of a run in one wide frame (see
`training_frames.by_epoch`), from the cached frames, with the Animation that picks one."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ann_app import cached
from ann_app.charts import training_frames
from ann_app.charts.training_plots import Animation
from ann_core import TrainingConfig
from ann_core.continuation import Stage


def surface(
    config: TrainingConfig, csv: bytes | None, stages: tuple[Stage, ...] = ()
) -> tuple[pd.DataFrame, Animation]:
    """The decision surface's cells at every frame (of the run continued by `stages`, a page's
    history), and their Animation."""
    frames = cached.surface_frames(config, csv, stages)
    cells = training_frames.by_epoch(
        [training_frames.cells_frame(frames.points, outputs) for outputs in frames.outputs],
        frames.epochs,
        ["output"],
    )
    return cells, Animation(cached.train_run(config, csv, stages).epochs, frames.stride)


def fit(
    config: TrainingConfig,
    csv: bytes | None,
    truth: Callable[[np.ndarray], np.ndarray] | None,
    stack: bool,
    stages: tuple[Stage, ...] = (),
) -> tuple[pd.DataFrame, pd.DataFrame | None, Animation]:
    """The regression chart's curves (and stacked bands) at every frame (of the run continued
    by `stages`), and their Animation; `truth` gives the true function at x, when shown."""
    frames = cached.fit_frames(config, csv, stages)
    x = frames.points[:, 0]
    layer = len(config.hidden_units)  # the units whose contributions the fit adds up
    truth_values = truth(x) if truth is not None else None
    parts = list(zip(frames.outputs, frames.contributions, frames.bias, strict=True))
    curves = training_frames.by_epoch(
        [training_frames.fit_frame(x, o, c, b, truth_values, layer=layer) for o, c, b in parts],
        frames.epochs,
        ["value"],
    )
    bands = (
        training_frames.by_epoch(
            [training_frames.stack_frame(x, c, b, layer=layer) for _, c, b in parts],
            frames.epochs,
            ["lower", "upper"],
        )
        if stack
        else None
    )
    return curves, bands, Animation(cached.train_run(config, csv, stages).epochs, frames.stride)
