"""Gradient check: backprop's gradients against central finite differences.

For every parameter p, (E(p + h) - E(p - h)) / 2h approximates dE/dp with an error of order
h^2, independently of backprop; the two should agree to about 1e-7 relative. E is the objective
one training step descends: the mean sample objective over the rows, plus the penalty on the
weights when there is one (regularization.py), so the penalty's gradient is checked too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .losses import get_loss
from .network import Parameters, backward, forward, mean_gradients, pack, sizes_of, unpack
from .regularization import penalty, penalty_gradients, with_penalty


@dataclass(frozen=True)
class GradientCheck:
    """Both gradients as flat vectors (network.pack order) and their worst disagreement."""

    analytic: np.ndarray
    numeric: np.ndarray

    @property
    def relative_differences(self) -> np.ndarray:
        """|analytic - numeric| / (|analytic| + |numeric|), per parameter (1e-12 at least below)."""
        scale = np.maximum(np.abs(self.analytic) + np.abs(self.numeric), 1e-12)
        return np.abs(self.analytic - self.numeric) / scale

    @property
    def max_relative_difference(self) -> float:
        return float(np.max(self.relative_differences))


def objective(
    params: Parameters,
    X: np.ndarray,
    y: np.ndarray,
    activations: Sequence[str],
    loss: str,
    regularization: str = "none",
    reg_rate: float = 0.0,
) -> float:
    """The objective a step on the rows of X descends: their mean sample objective plus the
    penalty (for one row, that row's objective and the penalty)."""
    fwd = forward(params, X, activations)
    targets = np.asarray(y, dtype=float).reshape(fwd.output.shape)
    data = get_loss(loss).objective(fwd.output, fwd.z[-1], targets).mean()
    return float(data + penalty(params, regularization, reg_rate))


def gradient_check(
    params: Parameters,
    X: np.ndarray,
    y: np.ndarray,
    activations: Sequence[str],
    loss: str = "sse",
    step: float = 1e-6,
    regularization: str = "none",
    reg_rate: float = 0.0,
) -> GradientCheck:
    """Backprop's gradient (Steps I to III, averaged over the rows, plus the penalty's) next
    to central differences of `objective`."""
    fwd = forward(params, X, activations)
    data = mean_gradients(fwd, backward(params, fwd, y, activations, loss))
    analytic = pack(with_penalty(data, penalty_gradients(params, regularization, reg_rate)))
    theta = pack(params)
    sizes = sizes_of(params)
    penalised = (regularization, reg_rate)
    numeric = np.empty_like(theta)
    for p in range(theta.size):
        shifted = theta.copy()
        shifted[p] = theta[p] + step
        above = objective(unpack(shifted, sizes), X, y, activations, loss, *penalised)
        shifted[p] = theta[p] - step
        below = objective(unpack(shifted, sizes), X, y, activations, loss, *penalised)
        numeric[p] = (above - below) / (2.0 * step)
    return GradientCheck(analytic, numeric)
