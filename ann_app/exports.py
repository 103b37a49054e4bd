"""Downloads of a training run, shared by the Classification and Regression pages.

A GIF of the training (the prediction beside the loss curve, like the post's figures, drawn by
matplotlib's FuncAnimation and written by PillowWriter), the history as CSV and the parameters
of every epoch as JSON that `ann_core.serialize.loads` reads back into a Run.
"""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

import numpy as np
import streamlit as st
from matplotlib.animation import FuncAnimation, PillowWriter
from matplotlib.figure import Figure

from ann_app import run_frames, runs
from ann_app.run_charts import CLASS_COLOURS
from ann_app.runs import LARGE_TTL
from ann_core import TrainingConfig, serialize

GIF_FRAMES = 26
GIF_FPS = 6


def frame_epochs(last_epoch: int, n_frames: int = GIF_FRAMES) -> np.ndarray:
    """The epochs the GIF shows: evenly spaced from 0 to the last, without repeats."""
    return np.unique(np.linspace(0, last_epoch, min(n_frames, last_epoch + 1)).round().astype(int))


@st.cache_data(max_entries=8, ttl=LARGE_TTL, show_spinner="Drawing the animation…")
def training_gif(config: TrainingConfig, csv: bytes | None = None) -> bytes:
    """The training as an animated GIF: prediction (left) and loss per epoch (right)."""
    run = runs.train_run(config, csv)
    epochs = frame_epochs(run.epochs)
    fig = Figure(figsize=(9, 4), dpi=72)  # no pyplot: safe in Streamlit's threads
    left, right = fig.subplots(1, 2)
    losses = run_frames.loss_frame(run)
    training = losses[losses["set"] == "training"]
    right.plot(training["epoch"], training["loss"], color="#1f5fa8", label="training")
    right.set(xlabel="epoch", ylabel="loss per sample", title="Loss", xlim=(0, max(run.epochs, 1)))
    marker = right.axvline(0, color="black", linestyle=":")
    if config.task == "classification":
        square = runs.view(config, csv)
        points = runs.grid_points(runs.GRID, square)
        side = runs.GRID
        frames = dict(zip(epochs, run.predict_epochs(points, epochs), strict=True))
        image = left.imshow(
            frames[epochs[0]].reshape(side, side),
            origin="lower",
            extent=(*square, *square),
            cmap="RdBu_r",
            vmin=0,
            vmax=1,
        )
        left.scatter(
            *run.X.T,
            c=[CLASS_COLOURS[int(c)] for c in run.y],
            s=14,
            edgecolors="white",
            linewidths=0.7,
        )
        left.set(xlabel="x₁", ylabel="x₂")

        def show(epoch: int) -> None:
            image.set_data(frames[epoch].reshape(side, side))
    else:
        grid = runs.curve(config, csv)
        left.scatter(run.X[:, 0], run.y, s=6, color="#888888")
        (line,) = left.plot(grid.points[:, 0], grid.outputs[0], color="#D55E00", linewidth=2)
        finite = grid.outputs[np.isfinite(grid.outputs)]
        left.set(
            xlabel="x",
            ylabel="y",
            ylim=(
                min(run.y.min(), np.percentile(finite, 1)) - 0.5,
                max(run.y.max(), np.percentile(finite, 99)) + 0.5,
            ),
        )

        def show(epoch: int) -> None:
            line.set_ydata(grid.outputs[epoch])

    def update(epoch: int) -> None:
        show(int(epoch))
        marker.set_xdata([epoch, epoch])
        left.set_title(f"Epoch {epoch}")

    fig.tight_layout()
    animation = FuncAnimation(fig, update, frames=epochs)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "training.gif"
        animation.save(path, writer=PillowWriter(fps=GIF_FPS))
        return path.read_bytes()


def history_csv(config: TrainingConfig, csv: bytes | None = None) -> bytes:
    """The run's loss and accuracy per epoch as CSV."""
    run = runs.train_run(config, csv)
    return run_frames.history_frame(run).to_csv(index=False).encode()


def run_json(config: TrainingConfig, csv: bytes | None = None) -> bytes:
    """The whole run (every epoch's weights, the data, the settings) as JSON."""
    return serialize.dumps(runs.train_run(config, csv)).encode()


def export_buttons(config: TrainingConfig, csv: bytes | None, name: str) -> None:
    """Three download buttons whose bytes are made only when clicked.

    Deferred (a callable as `data`) rather than made on every rerun: a rerun then stores no
    media file, so a page that lags a rerun behind never asks for a file already replaced
    (Streamlit's "source error 404"), and a slider move does not serialise the whole run.
    """
    downloads = (
        ("Download the GIF", training_gif, "training.gif", "image/gif", "gif", None),
        ("Download the history (CSV)", history_csv, "history.csv", "text/csv", "csv", None),
        (
            "Download the run (JSON)",
            run_json,
            "run.json",
            "application/json",
            "json",
            "Every epoch's weights, the data and the settings; ann_core.serialize.loads "
            "reads it back.",
        ),
    )
    for column, (label, make, file, mime, kind, help_text) in zip(
        st.columns(len(downloads)), downloads, strict=True
    ):
        column.download_button(
            label,
            partial(make, config, csv),
            file_name=f"{name}-{file}",
            mime=mime,
            key=f"{name}.{kind}_download",
            help=help_text,
            on_click="ignore",  # downloading changes nothing on the page: no rerun
        )
