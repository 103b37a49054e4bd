"""Error surfaces of the post's two tiny networks (Figures 4 and 5), and descent paths on them.

Both networks have no biases and learn to map input a0 to target t, with squared error
E = (a_out - t)^2 as in the post:
    one weight:   a_out = g(a0 w1)
    two weights:  a_out = g(g(a0 w1) w2)     (one hidden unit)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import get_activation
from .divergence import step_diverged
from .optimizers import OPTIMIZERS, make_optimizer

__all__ = [
    "OPTIMIZERS",
    "DescentPath",
    "ErrorGrid",
    "descent_path",
    "error_gradient",
    "error_grid",
    "one_weight_error",
    "two_weight_error",
]


def one_weight_error(
    w1: np.ndarray | float, a0: float = 1.0, target: float = 1.0, activation: str = "sigmoid"
) -> np.ndarray:
    """E(w1) = (g(a0 w1) - t)^2 for every w1 given (Figure 4)."""
    g = get_activation(activation)
    return (g.value(a0 * np.asarray(w1, dtype=float)) - target) ** 2


def two_weight_error(
    w1: np.ndarray | float,
    w2: np.ndarray | float,
    a0: float = 1.0,
    target: float = 1.0,
    activation: str = "sigmoid",
) -> np.ndarray:
    """E(w1, w2) = (g(g(a0 w1) w2) - t)^2, broadcast over w1 and w2 (Figure 5)."""
    g = get_activation(activation)
    hidden = g.value(a0 * np.asarray(w1, dtype=float))
    return (g.value(hidden * np.asarray(w2, dtype=float)) - target) ** 2


def error_gradient(
    weights: np.ndarray, a0: float = 1.0, target: float = 1.0, activation: str = "sigmoid"
) -> np.ndarray:
    """dE/dw for one weight (w1,) or two weights (w1, w2), by the chain rule of backprop."""
    g = get_activation(activation)
    weights = np.asarray(weights, dtype=float)
    if weights.shape == (1,):
        a_out = g.value(a0 * weights[0])
        delta_out = 2.0 * (a_out - target) * g.derivative_from_output(a_out)
        return np.array([delta_out * a0])
    if weights.shape == (2,):
        w1, w2 = weights
        hidden = g.value(a0 * w1)
        a_out = g.value(hidden * w2)
        delta_out = 2.0 * (a_out - target) * g.derivative_from_output(a_out)
        delta_hidden = g.derivative_from_output(hidden) * delta_out * w2
        return np.array([delta_hidden * a0, delta_out * hidden])
    raise ValueError(f"expected 1 or 2 weights, got shape {weights.shape}")


@dataclass(frozen=True)
class ErrorGrid:
    """E(w1, w2) on a square grid: error[i, j] is at w2[i], w1[j] (rows follow w2)."""

    w1: np.ndarray
    w2: np.ndarray
    error: np.ndarray


def error_grid(
    weight_range: tuple[float, float] = (-10.0, 10.0),
    resolution: int = 50,
    a0: float = 1.0,
    target: float = 1.0,
    activation: str = "sigmoid",
) -> ErrorGrid:
    """The two-weight surface of Figure 5 sampled at resolution x resolution points."""
    low, high = weight_range
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"weight_range must be finite with low < high, got {weight_range}")
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2, got {resolution}")
    w = np.linspace(low, high, int(resolution))
    error = two_weight_error(w[None, :], w[:, None], a0, target, activation)
    return ErrorGrid(w1=w, w2=w.copy(), error=error)


#: A path "reaches the valley" at the first step whose error is below this share of its start.
VALLEY_SHARE = 0.01


@dataclass(frozen=True)
class DescentPath:
    """Weights and error after each step of one optimizer; row 0 is the start."""

    method: str
    weights: np.ndarray
    error: np.ndarray
    diverged: bool

    @property
    def steps_to_valley(self) -> int | None:
        """The first step whose error is below VALLEY_SHARE of the starting error (None: never)."""
        reached = np.flatnonzero(self.error <= VALLEY_SHARE * self.error[0])
        return int(reached[0]) if len(reached) else None

    @property
    def largest_rise(self) -> float:
        """The largest increase of the error from one step to the next (0: it never rose).

        A rise means the step overshot: it jumped past the low ground it was heading for."""
        return float(max(np.max(np.diff(self.error), initial=0.0), 0.0))


def _error_at(weights: np.ndarray, a0: float, target: float, activation: str) -> float:
    if weights.shape == (1,):
        return float(one_weight_error(weights[0], a0, target, activation))
    return float(two_weight_error(weights[0], weights[1], a0, target, activation))


def descent_path(
    method: str,
    start: tuple[float, ...],
    learning_rate: float,
    steps: int,
    a0: float = 1.0,
    target: float = 1.0,
    activation: str = "sigmoid",
    momentum: float = 0.9,
) -> DescentPath:
    """Follow `method` (one of OPTIMIZERS) from `start` for `steps` steps on the tiny network.

    The path stops early, with diverged=True, at the first step that breaks the divergence rule
    (a weight past divergence.WEIGHT_BOUND, or a non-finite weight or error); that step is not
    kept, and no warning escapes.
    """
    optimizer = make_optimizer(method, learning_rate, momentum)
    weights = np.asarray(start, dtype=float)
    path, errors, diverged = [weights], [_error_at(weights, a0, target, activation)], False
    with np.errstate(all="ignore"):
        for _ in range(int(steps)):
            weights = optimizer.step(weights, error_gradient(weights, a0, target, activation))
            error = _error_at(weights, a0, target, activation)
            if step_diverged(weights, error):
                diverged = True
                break
            path.append(weights)
            errors.append(error)
    return DescentPath(method, np.array(path), np.array(errors), diverged)
