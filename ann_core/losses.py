"""Loss functions as a table from a name to a `Loss`: the post's squared error and cross-entropy.

Each loss gives three things: the number reported per sample, the objective whose gradient
backprop follows, and the output error signal delta_out = dE/dz_out that starts Step II. With
several output units, a sample's loss is the sum of its outputs' (and each output's delta its
own).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import Activation

Array = np.ndarray


def over_outputs(values: Array) -> Array:
    """Each sample's values summed over its output units (the last axis), in index order as the
    compiled kernel sums them: np.sum adds 8 or more in another order, off in the last bit."""
    total = values[..., 0]
    for k in range(1, values.shape[-1]):
        total = total + values[..., k]
    return total


def _sse_reported(a: Array, z: Array, t: Array) -> Array:
    # The post reports (a - t)^2 per sample (summed over the outputs) and sums it over the epoch.
    return over_outputs((a - t) ** 2)


def _sse_objective(a: Array, z: Array, t: Array) -> Array:
    # ...but differentiates E = 1/2 (a - t)^2, whose derivative is simply (a - t).
    return 0.5 * over_outputs((a - t) ** 2)


def _sse_delta(a: Array, z: Array, t: Array, g: Activation) -> Array:
    # delta_k = g'(z_k) (a_k - t_k), with g' written from the output a_k
    return g.derivative_from_output(a) * (a - t)


def _cross_entropy(a: Array, z: Array, t: Array) -> Array:
    # -t log a - (1 - t) log(1 - a) with a = sigmoid(z) equals softplus(z) - t z:
    # written from z it stays finite even where a rounds to exactly 0 or 1.
    return over_outputs(np.logaddexp(0.0, z) - t * z)


def _cross_entropy_delta(a: Array, z: Array, t: Array, g: Activation) -> Array:
    # With a sigmoid output, g'(z) = a (1 - a) cancels the loss's 1 / (a (1 - a)): delta = a - t.
    return a - t


@dataclass(frozen=True)
class Loss:
    """A loss: reported(a, z, t) per sample, objective(a, z, t) per sample, delta(a, z, t, g)."""

    name: str
    reported: Callable[[Array, Array, Array], Array]
    objective: Callable[[Array, Array, Array], Array]
    output_delta: Callable[[Array, Array, Array, Activation], Array]
    requires_output: str | None = None


LOSSES: dict[str, Loss] = {
    "sse": Loss("sse", _sse_reported, _sse_objective, _sse_delta),
    "cross_entropy": Loss(
        "cross_entropy", _cross_entropy, _cross_entropy, _cross_entropy_delta, "sigmoid"
    ),
}

#: A stable integer code per loss, shared with the compiled kernel.
LOSS_CODES: dict[str, int] = {name: code for code, name in enumerate(LOSSES)}


def get_loss(name: str) -> Loss:
    """The loss called `name`, or a ValueError that lists the valid names."""
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}") from None
