"""The loss landscape around a trained network: a plane through its parameters along two random
directions, and the line from its initial parameters to them.

The plane (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets"): θ + α d₁ + β d₂
over a grid of (α, β) in [−r, r]². A random direction means nothing until scaled to the
network, so each is filter-normalised: the part of it that feeds one unit (the unit's incoming
weights, a dense layer's analogue of a filter) is rescaled to the norm of that unit's incoming
weights in θ. Its bias part is 0, as Li et al. set it: the plane moves the weights and holds the
biases. The training path is projected onto the plane by least squares.

The line (Goodfellow et al. 2015, "Qualitatively characterizing neural network optimization
problems"): θ(α) = θ₀ + α(θ_e − θ₀), θ₀ the initial parameters, so α = 0 is the start and
α = 1 the epoch's parameters.

The loss is the data's, summed over the training rows as the run's loss curve and
`Run.loss_after` sum it, with the run's loss: a penalty is left out, as the run reports it
apart (Run.penalty).

A plane costs resolution² loss evaluations (`evaluation_cost` each), so a caller that must
answer quickly picks its grid with `fitting_resolution`; `shadow_share` says how much of the
way from the start the plane holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from .config import check_number
from .network import unpack
from .run import Run

#: At most this many grid points per axis of a plane.
MAX_RESOLUTION = 101
#: The plane reaches at most this many units' norms from the parameters.
MAX_RADIUS = 10.0
#: The line runs at most this far below 0 or above 1.
MAX_REACH = 10.0
#: At most this many points on a line.
MAX_LINE_POINTS = 1001
#: Parameter vectors are evaluated together in stacks of about this many numbers per layer.
CHUNK = 2**21


@dataclass(frozen=True)
class Slice:
    """The loss on a plane through the parameters after `epoch`.

    loss[j, i] is at (alphas[i], betas[j]) (rows along β, as an image of the plane); the centre
    (α, β) = (0, 0) is the parameters themselves. `path` holds each epoch's (α, β), epoch 0 to
    the run's last; `directions` the two directions d₁, d₂ as flat vectors.
    """

    epoch: int
    alphas: np.ndarray
    betas: np.ndarray
    loss: np.ndarray
    path: np.ndarray
    directions: np.ndarray


@dataclass(frozen=True)
class Line:
    """The loss along θ₀ + α(θ_e − θ₀) at each of `alphas`, θ_e the parameters after `epoch`."""

    epoch: int
    alphas: np.ndarray
    loss: np.ndarray


def directions(run: Run, epoch: int | None = None, seed: int = 0) -> np.ndarray:
    """Two filter-normalised random directions (rows) around the parameters after `epoch`,
    drawn from a standard normal by NumPy's default generator seeded with `seed`."""
    seed = check_number("seed", seed, 0, 2**32 - 1, integer=True)
    theta = run.history[run.epoch_index(epoch)]
    drawn = np.random.default_rng(seed).standard_normal((2, theta.size))
    return np.stack([filter_normalised(direction, theta, run.sizes) for direction in drawn])


def filter_normalised(
    direction: np.ndarray, theta: np.ndarray, sizes: tuple[int, ...]
) -> np.ndarray:
    """`direction` with each unit's incoming weights rescaled to the norm of that unit's
    incoming weights in theta (column j of each W), and every bias 0."""
    scaled = np.zeros_like(theta)
    layers = zip(unpack(scaled, sizes), unpack(direction, sizes), unpack(theta, sizes), strict=True)
    for (out, _), (d, _), (w, _) in layers:
        out[...] = d * (np.linalg.norm(w, axis=0) / np.linalg.norm(d, axis=0))
    return scaled


def slice_2d(
    run: Run, epoch: int | None = None, seed: int = 0, radius: float = 1.0, resolution: int = 41
) -> Slice:
    """The loss on the plane θ + α d₁ + β d₂ around the parameters θ after `epoch` (default:
    the last), (α, β) on a resolution × resolution grid over [−radius, radius]²; resolution is
    odd, so that θ itself is the grid's centre."""
    radius = check_number("radius", radius, 0.0, MAX_RADIUS, open_low=True)
    resolution = check_number("resolution", resolution, 3, MAX_RESOLUTION, integer=True)
    if resolution % 2 == 0:
        raise ValueError(f"resolution={resolution} must be odd, so the parameters are its centre")
    epoch = run.epoch_index(epoch)
    d = directions(run, epoch, seed)
    theta = run.history[epoch]
    half = resolution // 2
    steps = np.arange(-half, half + 1) / half * radius  # 0 exactly at the centre
    grid = np.column_stack([axis.ravel() for axis in np.meshgrid(steps, steps)])
    loss = losses(run, _on_plane(theta, d, grid)).reshape(resolution, resolution)
    path = project(run.history - theta, d)
    return Slice(epoch, steps, steps.copy(), loss, path, d)


def loss_on_plane(run: Run, plane: Slice, points: np.ndarray) -> np.ndarray:
    """The loss at each (α, β) row of points on the plane's θ + α d₁ + β d₂ (the loss under a
    point of the projected path, say, which is not the loss of the epoch it shadows)."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    return losses(run, _on_plane(run.history[plane.epoch], plane.directions, points))


def _on_plane(theta: np.ndarray, directions: np.ndarray, points: np.ndarray) -> np.ndarray:
    """θ + α d₁ + β d₂ for each (α, β) row of points: one parameter vector a row."""
    return theta + points[:, :1] * directions[0] + points[:, 1:] * directions[1]


def project(offsets: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """The least-squares (α, β) of each row of offsets (from the plane's centre) in the two
    directions: the (α, β) whose α d₁ + β d₂ is nearest to it. Shape (rows, 2)."""
    coordinates, *_ = np.linalg.lstsq(directions.T, np.atleast_2d(offsets).T, rcond=None)
    return coordinates.T


def line(
    run: Run,
    epoch: int | None = None,
    low: float = -0.5,
    high: float = 1.5,
    per_unit: int = 20,
) -> Line:
    """The loss along θ₀ + α(θ_e − θ₀) for α from low to high in steps of 1 / per_unit, θ_e the
    parameters after `epoch` (default: the last). Worked out as (1 − α)θ₀ + αθ_e, the same
    line, so that α = 0 and α = 1 give θ₀ and θ_e exactly."""
    low = check_number("low", low, -MAX_REACH, 0.0)
    high = check_number("high", high, 1.0, 1.0 + MAX_REACH)
    per_unit = check_number("per_unit", per_unit, 1, MAX_LINE_POINTS, integer=True)
    alphas = np.arange(math.ceil(low * per_unit), math.floor(high * per_unit) + 1) / per_unit
    if len(alphas) > MAX_LINE_POINTS:
        raise ValueError(
            f"per_unit={per_unit} gives {len(alphas)} points from {low} to {high}, "
            f"more than {MAX_LINE_POINTS}"
        )
    epoch = run.epoch_index(epoch)
    start, end = run.history[0], run.history[epoch]
    thetas = (1.0 - alphas)[:, None] * start + alphas[:, None] * end
    return Line(epoch, alphas, losses(run, thetas))


def evaluation_cost(run: Run) -> int:
    """Multiply-adds of one loss evaluation over the training rows, Σ (n_in + 1) n_out a row
    (each weight and bias once): what a plane's time grows with, per grid point."""
    return len(run.y) * sum((n_in + 1) * n_out for n_in, n_out in pairwise(run.sizes))


def fitting_resolution(run: Run, finest: int, budget: float, coarsest: int = 5) -> int:
    """The finest odd resolution, at most `finest` and at least `coarsest`, whose plane costs
    at most `budget` multiply-adds (resolution² × evaluation_cost)."""
    finest = check_number("finest", finest, 3, MAX_RESOLUTION, integer=True)
    coarsest = check_number("coarsest", coarsest, 3, finest, integer=True)
    budget = check_number("budget", budget, 0.0, math.inf, open_low=True)
    if finest % 2 == 0 or coarsest % 2 == 0:
        raise ValueError(f"finest={finest} and coarsest={coarsest} must be odd")
    fits = math.isqrt(int(budget // evaluation_cost(run)))  # the largest r with r² × cost ≤ budget
    return max(coarsest, min(finest, fits if fits % 2 else fits - 1))


def shadow_share(run: Run, plane: Slice) -> float | None:
    """How much of the way from the initial parameters to the plane's centre its shadow keeps:
    |α₀ d₁ + β₀ d₂| / |θ₀ − θ| (1: the start lies in the plane; 0: the plane is at right angles
    to the way). None when there is no way (θ₀ = θ, at epoch 0)."""
    way = np.linalg.norm(run.history[0] - run.history[plane.epoch])
    if way == 0:
        return None
    return float(np.linalg.norm(plane.path[0] @ plane.directions) / way)


def losses(run: Run, thetas: np.ndarray) -> np.ndarray:
    """The run's training loss (Run.loss_of) for each row of thetas, a stack at a time."""
    rows = max(1, CHUNK // (len(run.y) * max(run.sizes)))
    parts = [run.loss_of(thetas[i : i + rows], run.X, run.y) for i in range(0, len(thetas), rows)]
    return np.concatenate(parts)
