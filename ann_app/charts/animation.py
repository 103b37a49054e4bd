"""The training as an animated GIF, like the post's figures: the prediction (left) beside the
loss curve (right), one frame per chosen epoch, drawn by matplotlib and written by Pillow. Over
two inputs the prediction is a map: a classifier's on its classes' colours, a regression's on
the prediction's scheme over its targets' range, with the points coloured as on the page."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from matplotlib.animation import FuncAnimation, PillowWriter
from matplotlib.figure import Figure

from ann_app.charts.training_frames import loss_frame, target_extent
from ann_app.content.labels import CLASS_COLOURS, PREDICTION_SCHEME
from ann_core.run import Run

GIF_FRAMES = 26
GIF_FPS = 6


def frame_epochs(last_epoch: int, n_frames: int = GIF_FRAMES) -> np.ndarray:
    """The epochs the GIF shows: evenly spaced from 0 to the last, without repeats."""
    return np.unique(np.linspace(0, last_epoch, min(n_frames, last_epoch + 1)).round().astype(int))


def training_gif(
    run: Run,
    epochs: np.ndarray,
    points: np.ndarray,
    outputs: np.ndarray,
    square: tuple[float, float] | None = None,
) -> bytes:
    """The GIF of `run` at `epochs`: outputs[i] is the prediction at `points` after epochs[i]
    (a square grid over `square` for a run over two inputs, x values for a curve)."""
    fig = Figure(figsize=(9, 4), dpi=72)  # no pyplot: safe in Streamlit's threads
    left, right = fig.subplots(1, 2)
    losses = loss_frame(run)
    training = losses[losses["set"] == "training"]
    right.plot(training["epoch"], training["loss"], color="#1f5fa8", label="training")
    right.set(xlabel="epoch", ylabel="loss per sample", title="Loss", xlim=(0, max(run.epochs, 1)))
    marker = right.axvline(0, color="black", linestyle=":")
    frames = dict(zip(epochs, outputs, strict=True))
    if square is not None:
        side = round(np.sqrt(len(points)))
        if run.config.task == "classification":
            cmap, (vmin, vmax) = "RdBu_r", (0, 1)
            dots = {"c": [CLASS_COLOURS[int(c)] for c in run.y]}
        else:  # the targets on the prediction's scale, as the page draws them
            cmap, (vmin, vmax) = PREDICTION_SCHEME, target_extent(run)
            dots = {"c": run.y, "cmap": cmap, "vmin": vmin, "vmax": vmax}
        image = left.imshow(
            frames[epochs[0]].reshape(side, side),
            origin="lower",
            extent=(*square, *square),
            cmap=cmap,
            vmin=vmin,
            vmax=vmax,
        )
        left.scatter(*run.X.T, s=14, edgecolors="white", linewidths=0.7, **dots)
        left.set(xlabel="x₁", ylabel="x₂")

        def show(epoch: int) -> None:
            image.set_data(frames[epoch].reshape(side, side))
    else:
        left.scatter(run.X[:, 0], run.y, s=6, color="#888888")
        (line,) = left.plot(points[:, 0], frames[epochs[0]], color="#D55E00", linewidth=2)
        finite = outputs[np.isfinite(outputs)]
        left.set(
            xlabel="x",
            ylabel="y",
            ylim=(
                min(run.y.min(), np.percentile(finite, 1)) - 0.5,
                max(run.y.max(), np.percentile(finite, 99)) + 0.5,
            ),
        )

        def show(epoch: int) -> None:
            line.set_ydata(frames[epoch])

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
