"""Every expensive call of the app, in one place: `st.cache_data` with bounded entries.

Every argument is a hashable value (numbers, strings, tuples, a frozen TrainingConfig or a
small frozen dataclass here), so a class of students moving the same sliders shares results,
and memory stays bounded by `max_entries` (the largest results also leave after `LARGE_TTL`).
The training pages' calls are keyed on a frozen TrainingConfig; uploaded data enter as the
CSV's bytes (`csv`), so the key holds them too. Everything the epoch scrubber needs is
computed once per run or per epoch, so moving the scrubber never retrains. `ann_core.train` is
looked up at call time, so a test can count the calls by patching it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

import ann_core
from ann_app.charts import frames, landscape_frames
from ann_app.content.csv_format import parse_csv
from ann_core import TrainingConfig, autoencoder, landscape, network, surfaces
from ann_core.continuation import Stage, continued
from ann_core.datasets import CLASSIFICATION_VIEW, REGRESSION_X_RANGE, view_of
from ann_core.features import feature_columns
from ann_core.multi_output import NetworkRun
from ann_core.pretraining import Pretraining
from ann_core.restarts import Restarts, restarts
from ann_core.run import Run
from ann_core.start_trials import StartTrials, compare_starts
from ann_core.surfaces import DescentPath, ErrorGrid

# ---- Home, Activations, Error Surfaces ---------------------------------------------------------


@dataclass(frozen=True)
class SurfaceTask:
    """The job of the post's tiny networks: map the input a0 to the target t, through g."""

    a0: float
    target: float
    activation: str


@dataclass(frozen=True)
class Descent:
    """How the optimizers walk: which ones, from where, at what rate, how far, what momentum."""

    methods: tuple[str, ...]
    start: tuple[float, ...]
    learning_rate: float
    steps: int
    momentum: float


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
def one_weight_curve(task: SurfaceTask, w_max: float, resolution: int) -> pd.DataFrame:
    """Figure 4's E(w1) sampled on [-w_max, w_max] (four times finer than the grid: it is 1-D)."""
    w1 = np.linspace(-w_max, w_max, 4 * resolution + 1)
    error = surfaces.one_weight_error(w1, task.a0, task.target, task.activation)
    return frames.error_curve_frame(w1, error)


@st.cache_data(max_entries=32, show_spinner=False)
def two_weight_surface(task: SurfaceTask, w_max: float, resolution: int) -> Surface:
    """Figure 5's E(w1, w2) on a resolution x resolution grid, with its iso-error lines."""
    grid = surfaces.error_grid((-w_max, w_max), resolution, task.a0, task.target, task.activation)
    return Surface(
        grid=grid,
        cells=frames.grid_frame(grid),
        contours=frames.contour_frame(grid),
        cell_size=float(grid.w1[1] - grid.w1[0]),
    )


@st.cache_data(max_entries=128, show_spinner=False)
def descent_paths(task: SurfaceTask, descent: Descent) -> tuple[DescentPath, ...]:
    """One path per optimizer of `descent`, all from its start with the same settings."""
    return tuple(
        surfaces.descent_path(
            method,
            descent.start,
            descent.learning_rate,
            descent.steps,
            task.a0,
            task.target,
            task.activation,
            momentum=descent.momentum,
        )
        for method in descent.methods
    )


@st.cache_data(max_entries=32, show_spinner=False)
def surface_png(task: SurfaceTask, w_max: float, resolution: int, descent: Descent) -> bytes:
    """The 3-D view of Figure 5 with the two-weight paths on it, as PNG bytes."""
    from ann_app.charts.surface3d import figure_png, surface_figure  # matplotlib: 0.8 s to load

    grid = two_weight_surface(task, w_max, resolution).grid
    return figure_png(surface_figure(grid, descent_paths(task, descent)))


# ---- Classification and Regression -------------------------------------------------------------

GRID = 41  # points per side of the classification view (the post's surfaces are this coarse)
MAP_GRID = 21  # per side of each hidden unit's small map
CURVE_POINTS = 201
# Large results few sessions share (a hundred restarts, a GIF) leave the cache after this
# long, so an hour of class does not keep every one a student ever asked for.
LARGE_TTL = 1800  # seconds


@dataclass(frozen=True)
class Outputs:
    """Values at `points`, one row a point: outputs[point] (a network's output at an epoch) or
    outputs[point, unit] (its units, or the input features)."""

    points: np.ndarray
    outputs: np.ndarray


def grid_points(resolution: int, square: tuple[float, float] = CLASSIFICATION_VIEW) -> np.ndarray:
    """resolution x resolution points over the square, x1 fastest: shape (n, 2)."""
    ticks = np.linspace(*square, resolution)
    x1, x2 = np.meshgrid(ticks, ticks)
    return np.column_stack([x1.ravel(), x2.ravel()])


def train_run(
    config: TrainingConfig, csv: bytes | None = None, stages: tuple[Stage, ...] = ()
) -> Run:
    """`ann_core.train(config)`, on the uploaded CSV's data when `csv` is given, continued by
    each of `stages` (a page's history, training/continuation.py). One cache entry per
    (config, csv, stages) however it is called (see `_run`)."""
    return _run(config, csv, tuple(stages))


@st.cache_data(max_entries=64, show_spinner=False)
def _run(config: TrainingConfig, csv: bytes | None, stages: tuple[Stage, ...]) -> Run:
    """`train_run`, its arguments always all given (st.cache_data keys on them as passed), each
    shorter history cached too, so a new segment trains only its own epochs."""
    if stages:
        return continued(_run(config, csv, stages[:-1]), stages[-1])
    data = None if csv is None else parse_csv(csv, config.task)
    return ann_core.train(config, data)


def input_square(config: TrainingConfig, csv: bytes | None = None) -> tuple[float, float]:
    """The square a run over two inputs is drawn over: the post's for the built-in
    classification sets, their axis's for PLANE and GAUSS (REGRESSION_X_RANGE on both), one
    that holds every point (training and test) for uploaded data."""
    if csv is None:
        return CLASSIFICATION_VIEW if config.task == "classification" else REGRESSION_X_RANGE
    run = train_run(config, csv)
    return view_of(np.vstack([run.X, run.X_test]))


# One entry per (run, epoch): every epoch at once would keep up to 28 MB per run in the cache
# (500 epochs x 441 points x 16 units), and one epoch costs a single small forward pass.
@st.cache_data(max_entries=512, show_spinner=False)
def surface(
    config: TrainingConfig,
    csv: bytes | None = None,
    epoch: int = 0,
    resolution: int = GRID,
    stages: tuple[Stage, ...] = (),
) -> Outputs:
    """The network's output over its input square after `epoch` epochs: outputs[point]."""
    points = grid_points(resolution, input_square(config, csv))
    return Outputs(points, train_run(config, csv, stages).predict(points, epoch))


@st.cache_data(max_entries=512, show_spinner=False)
def unit_maps(
    config: TrainingConfig,
    csv: bytes | None = None,
    epoch: int = 0,
    stages: tuple[Stage, ...] = (),
) -> Outputs | None:
    """Each first-hidden-layer unit's activation over the square after `epoch` epochs:
    outputs[point, unit]; None without a hidden layer."""
    if not config.hidden_units:
        return None
    points = grid_points(MAP_GRID, input_square(config, csv))
    run = train_run(config, csv, stages)
    return Outputs(points, run.forward_epochs(points, [epoch]).a[0][0])


@st.cache_data(max_entries=64, show_spinner=False)
def feature_maps(features: tuple[str, ...], square: tuple[float, float]) -> Outputs:
    """Each input feature's value on the hidden-unit maps' grid over `square`:
    outputs[point, feature], in the order of `features`."""
    points = grid_points(MAP_GRID, square)
    return Outputs(points, feature_columns(features, points))


def curve_points(config: TrainingConfig, csv: bytes | None = None) -> np.ndarray:
    """The regression curve's x values, shape (CURVE_POINTS, 1): even over the post's range
    for built-in data, over the uploaded data's own x range otherwise."""
    if csv is None:
        low, high = REGRESSION_X_RANGE
    else:
        run = train_run(config, csv)
        low, high = run.X.min(), run.X.max()
    return np.linspace(low, high, CURVE_POINTS)[:, None]


# One entry per (run, epoch), as for `surface`: every epoch at once kept 0.8 MB for a
# 500-epoch run (more once continued) for the scrubber to read one row of, and the cache then
# kept growing for the whole of a class.
@st.cache_data(max_entries=512, show_spinner=False)
def curve(
    config: TrainingConfig,
    csv: bytes | None = None,
    epoch: int = 0,
    stages: tuple[Stage, ...] = (),
) -> Outputs:
    """The regression's prediction on the curve's x values after `epoch` epochs."""
    points = curve_points(config, csv)
    return Outputs(points, train_run(config, csv, stages).predict(points, epoch))


@st.cache_data(max_entries=128, show_spinner=False)
def contributions(
    config: TrainingConfig, csv: bytes | None, epoch: int, stages: tuple[Stage, ...] = ()
) -> tuple[np.ndarray, float]:
    """Each last hidden unit's a_j w_j on the curve grid at `epoch`, and the output bias."""
    return train_run(config, csv, stages).contributions(curve_points(config, csv), epoch)


@st.cache_data(max_entries=32, show_spinner=False)
def feature_curves(config: TrainingConfig, csv: bytes | None = None) -> Outputs:
    """Each input feature's value on the regression curve's grid: outputs[point, feature]."""
    points = curve_points(config, csv)
    return Outputs(points, feature_columns(config.features, points))


@dataclass(frozen=True)
class Landscape:
    """The loss on a plane through a run's parameters (see ann_core.landscape.Slice) and the
    training path's shadow on it (see landscape_frames.path_frame)."""

    plane: landscape.Slice
    path: pd.DataFrame


# One entry per (run, epoch, plane): a 51 x 51 plane and a 500-epoch path are about 50 kB.
@st.cache_data(max_entries=64, show_spinner="Measuring the loss around the network…")
def loss_landscape(
    config: TrainingConfig,
    csv: bytes | None,
    epoch: int,
    seed: int,
    reach: float,
    resolution: int,
    stages: tuple[Stage, ...] = (),
) -> Landscape:
    """The loss on the plane through the parameters after `epoch` along two filter-normalised
    random directions drawn from `seed`, over [−reach, reach]² on a resolution² grid, and the
    path's shadow on it (of the run continued by `stages`, a page's history)."""
    run = train_run(config, csv, stages)
    plane = landscape.slice_2d(run, epoch, seed=seed, radius=reach, resolution=resolution)
    return Landscape(plane, landscape_frames.path_frame(plane, run))


@st.cache_data(max_entries=64, show_spinner=False)
def loss_line(
    config: TrainingConfig, csv: bytes | None, epoch: int, stages: tuple[Stage, ...] = ()
) -> landscape.Line:
    """The loss on the line from the initial parameters (α = 0) through those after `epoch`
    (α = 1), for α in [−0.5, 1.5] (of the run continued by `stages`)."""
    return landscape.line(train_run(config, csv, stages), epoch)


# The main charts carry a run's frames (training/player.py moves them): at most this many values
# (every epoch of a 500-epoch classification run), on grids coarse enough for a busy laptop to
# draw 50 frames a second (441 cells, not 1,681).
PLAY_VALUES = 250_000
PLAY_GRID = 21
PLAY_CURVE_POINTS = 101


@dataclass(frozen=True)
class Frames:
    """A run's prediction at `points` after each epoch of `epochs`: outputs[frame, point]; for
    a curve, also each last hidden unit's a_j w_j (contributions[frame, point, unit]) and the
    output bias (bias[frame])."""

    points: np.ndarray
    epochs: np.ndarray
    outputs: np.ndarray
    contributions: np.ndarray | None = None
    bias: np.ndarray | None = None

    @property
    def stride(self) -> int:
        """Epochs from one frame to the next."""
        return stride_of(self.epochs)


def stride_of(epochs: np.ndarray) -> int:
    """Epochs from one frame to the next of frames at `epochs` (play_epochs')."""
    return int(epochs[1] - epochs[0]) if len(epochs) > 1 else 1


def play_epochs(
    last_epoch: int, values_per_frame: int, most_frames: int | None = None
) -> np.ndarray:
    """Every epoch from 0, or every k-th and the last when all of them would pass PLAY_VALUES
    values (or `most_frames` frames): the run's end, which a page opens at, is always exact."""
    stride = max(1, math.ceil(values_per_frame * (last_epoch + 1) / PLAY_VALUES))
    if most_frames is not None:
        stride = max(stride, math.ceil((last_epoch + 1) / most_frames))
    return np.union1d(np.arange(0, last_epoch + 1, stride), [last_epoch])


@st.cache_data(max_entries=8, ttl=LARGE_TTL, show_spinner=False)
def surface_frames(
    config: TrainingConfig, csv: bytes | None = None, stages: tuple[Stage, ...] = ()
) -> Frames:
    """The network's output over its input square on Play's grid, frame by frame (of the run
    continued by `stages`, a page's history)."""
    run = train_run(config, csv, stages)
    points = grid_points(PLAY_GRID, input_square(config, csv))
    epochs = play_epochs(run.epochs, len(points))
    return Frames(points, epochs, run.predict_epochs(points, epochs))


@st.cache_data(max_entries=8, ttl=LARGE_TTL, show_spinner=False)
def fit_frames(
    config: TrainingConfig, csv: bytes | None = None, stages: tuple[Stage, ...] = ()
) -> Frames:
    """The regression's prediction, units and bias on Play's coarser curve grid, frame by frame
    (sized for the chart's most series: prediction, truth, each unit twice, the bias twice; of
    the run continued by `stages`)."""
    run = train_run(config, csv, stages)
    x = curve_points(config, csv)
    points = x[np.unique(np.linspace(0, len(x) - 1, PLAY_CURVE_POINTS).round().astype(int))]
    units = config.hidden_units[-1] if config.hidden_units else 0
    epochs = play_epochs(run.epochs, len(points) * (2 * units + 4))
    parts = [run.contributions(points, int(epoch)) for epoch in epochs]
    return Frames(
        points,
        epochs,
        run.predict_epochs(points, epochs),
        np.stack([contribution for contribution, _ in parts]),
        np.array([bias for _, bias in parts]),
    )


@st.cache_data(max_entries=16, ttl=LARGE_TTL, show_spinner="Training from many seeds…")
def restart_runs(config: TrainingConfig, n: int) -> Restarts:
    """The configuration trained from seeds seed, seed + 1, ..., seed + n - 1."""
    return restarts(config, n)


@st.cache_data(max_entries=8, ttl=LARGE_TTL, show_spinner="Drawing the animation…")
def training_gif(
    config: TrainingConfig, csv: bytes | None = None, stages: tuple[Stage, ...] = ()
) -> bytes:
    """The training as an animated GIF (charts/animation.py), at evenly spaced epochs."""
    from ann_app.charts import animation  # matplotlib: loaded when a GIF is asked for

    run = train_run(config, csv, stages)
    epochs = animation.frame_epochs(run.epochs)
    if config.n_inputs == 2:
        square = input_square(config, csv)
        points = grid_points(GRID, square)
        outputs = run.predict_epochs(points, epochs)
        return animation.training_gif(run, epochs, points, outputs, square)
    points = curve_points(config, csv)
    return animation.training_gif(run, epochs, points, run.predict_epochs(points, epochs))


# ---- Autoencoders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AutoencoderData:
    """The points an autoencoder learns from: a data set's, drawn from `seed`, centred and
    scaled (ann_core.autoencoder.points_of)."""

    problem: str
    n_observations: int
    noise: float
    seed: int

    def points(self) -> np.ndarray:
        """The points, (n, 2)."""
        return autoencoder.points_of(self.problem, self.n_observations, self.noise, self.seed)


@st.cache_data(max_entries=32, show_spinner=False)
def autoencoder_run(data: AutoencoderData, config: autoencoder.AutoencoderConfig) -> NetworkRun:
    """`config`'s autoencoder trained on `data`'s points (the parameters after every epoch)."""
    return autoencoder.train_autoencoder(config, data.points())


@dataclass(frozen=True)
class Bottleneck:
    """What the bottleneck's charts and sentences read of a run, once: the square the points are
    drawn over, the root mean square distance of the points to their reconstructions after every
    epoch (`errors`, autoencoder.reconstruction_error), the
    best straight line's (principal component analysis's, `line_error`), and the frames Play
    moves: after each epoch of `epochs`, the reconstructions (frame, point, 2), the first code
    unit over the square's grid `grid` (frame, cell), and for a one-unit code its curve (frame,
    point, 2). With no layers around a one-unit code, `angle` is the degrees between the line
    the last reconstructions lie on and the points' principal axis (else None)."""

    square: tuple[float, float]
    errors: np.ndarray
    line_error: float
    angle: float | None
    epochs: np.ndarray
    grid: np.ndarray
    codes: np.ndarray
    reconstructions: np.ndarray
    curves: np.ndarray | None

    @property
    def stride(self) -> int:
        """Epochs from one frame to the next."""
        return stride_of(self.epochs)


#: The bottleneck's frames at most (and the run's last epoch, play_epochs): its chart carries
#: each as columns (a code per cell, two coordinates per point and per point of the curve), and
#: sending and converting a column costs the server on every rerun; 101 frames are every third
#: epoch of the page's 300.
BOTTLENECK_FRAMES = 101


@st.cache_data(max_entries=8, ttl=LARGE_TTL, show_spinner=False)
def bottleneck(data: AutoencoderData, config: autoencoder.AutoencoderConfig) -> Bottleneck:
    """The run's `Bottleneck`, its frames on Play's grid, thinned as the training pages' are."""
    run = autoencoder_run(data, config)
    X = run.X
    square = view_of(X)
    grid = grid_points(PLAY_GRID, square)
    one_unit = run.sizes[autoencoder.code_layer(run.sizes) + 1] == 1
    per_frame = len(grid) + 2 * len(X) + (2 * autoencoder.CURVE_POINTS if one_unit else 0)
    epochs = play_epochs(run.epochs, per_frame, BOTTLENECK_FRAMES)
    last, angle = run.predict(X), None
    if one_unit and len(run.sizes) == 3 and np.isfinite(last).all():  # the code alone
        angle = autoencoder.axis_angle(
            autoencoder.principal_axis(last)[1], autoencoder.principal_axis(X)[1]
        )
    return Bottleneck(
        square=square,
        errors=autoencoder.reconstruction_error(run),
        line_error=autoencoder.principal_line_error(X),
        angle=angle,
        epochs=epochs,
        grid=grid,
        codes=autoencoder.encode_epochs(run, grid, epochs)[..., 0],
        reconstructions=run.predict_epochs(X, epochs),
        curves=autoencoder.code_curve(run, epochs) if one_unit else None,
    )


@st.cache_data(
    max_entries=16, ttl=LARGE_TTL, show_spinner="Training from every seed, from three starts…"
)
def start_trials(config: TrainingConfig, pretraining: Pretraining, n_seeds: int) -> StartTrials:
    """`config` trained from n_seeds seeds, each from a random, a pretrained and a scaled start
    (ann_core.start_trials)."""
    return compare_starts(config, pretraining, n_seeds)
