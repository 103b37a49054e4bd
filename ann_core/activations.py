"""Activation functions g(z) and their derivatives, as a table from a name to an `Activation`.

As in the post, every derivative here can be written from the unit's output a = g(z) alone
(sigmoid: a(1 - a), tanh: 1 - a^2), so backpropagation needs only the forward activations.
Beyond the post: leaky ReLU, ELU and softplus, whose derivatives come from the output too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


#: Below this z, 1 + e^-z would overflow; there sigma(z) = e^z to double precision.
SIGMOID_TAIL = -700.0


def sigmoid(z: Array) -> Array:
    """Logistic sigmoid 1 / (1 + e^-z), in [0, 1]; never overflows, even at z = -1000.

    For z >= -700 this is the post's formula, bit for bit; below, where e^-z would overflow,
    1 + e^-z equals e^-z in double precision, so sigma(z) = e^z (which underflows quietly).
    """
    z = np.asarray(z, dtype=float)
    a = 1.0 / (1.0 + np.exp(-np.maximum(z, SIGMOID_TAIL)))
    tail = z < SIGMOID_TAIL
    if np.any(tail):
        a = np.where(tail, np.exp(np.minimum(z, SIGMOID_TAIL)), a)
    return a


def _sigmoid_prime_from_output(a: Array) -> Array:
    # d/dz sigma(z) = sigma(z) (1 - sigma(z)) = a (1 - a)
    return a * (1.0 - a)


def _tanh_prime_from_output(a: Array) -> Array:
    # d/dz tanh(z) = 1 - tanh(z)^2 = 1 - a^2
    return 1.0 - a * a


def _linear_prime_from_output(a: Array) -> Array:
    # d/dz z = 1 everywhere
    return np.ones_like(a)


def _relu_prime_from_output(a: Array) -> Array:
    # d/dz max(0, z) = 1 where the unit is on (a > 0), else 0 (we take 0 at the kink z = 0)
    return (a > 0.0).astype(float)


#: Leaky ReLU's slope below 0: a small leak keeps a unit that is off still learning.
LEAK = 0.01


def leaky_relu(z: Array) -> Array:
    """z above 0, LEAK z below."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0.0, z, LEAK * z)


def _leaky_relu_prime_from_output(a: Array) -> Array:
    # a has z's sign: the slope is 1 where a > 0, else LEAK (LEAK at the kink z = 0)
    return np.where(a > 0.0, 1.0, LEAK)


def elu(z: Array) -> Array:
    """ELU with alpha = 1: z above 0, e^z - 1 below (so it levels off at -1).

    e^z - 1 rather than expm1(z): it uses the exp both engines share, and near z = 0 the two
    differ by about 1e-16, far below anything training notices.
    """
    z = np.asarray(z, dtype=float)
    return np.where(z > 0.0, z, np.exp(np.minimum(z, 0.0)) - 1.0)


def _elu_prime_from_output(a: Array) -> Array:
    # for z <= 0, d/dz (e^z - 1) = e^z = a + 1; above 0 the slope is 1
    return np.where(a > 0.0, 1.0, a + 1.0)


def softplus(z: Array) -> Array:
    """log(1 + e^z), a smooth ReLU in (0, inf), written as max(z, 0) + log1p(e^-|z|) so that
    e^z never overflows."""
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _softplus_prime_from_output(a: Array) -> Array:
    # d/dz log(1 + e^z) = sigma(z) = 1 - 1 / (1 + e^z) = 1 - e^-a, since e^a = 1 + e^z
    return 1.0 - np.exp(-a)


@dataclass(frozen=True)
class Activation:
    """One activation: its value g(z), its derivative written from the output a = g(z), and
    the interval its outputs stay in (infinite ends where they are unbounded)."""

    name: str
    value: Callable[[Array], Array]
    derivative_from_output: Callable[[Array], Array]
    output_range: tuple[float, float] = (-np.inf, np.inf)

    @property
    def bounded(self) -> bool:
        """Whether the outputs stay in a finite interval (so the unit saturates at both ends)."""
        return bool(np.all(np.isfinite(self.output_range)))

    def derivative(self, z: Array) -> Array:
        """g'(z), computed as g'(a) with a = g(z), the way backpropagation uses it."""
        return self.derivative_from_output(self.value(np.asarray(z, dtype=float)))


ACTIVATIONS: dict[str, Activation] = {
    "linear": Activation(
        "linear", lambda z: np.asarray(z, dtype=float) * 1.0, _linear_prime_from_output
    ),
    "sigmoid": Activation("sigmoid", sigmoid, _sigmoid_prime_from_output, (0.0, 1.0)),
    "tanh": Activation("tanh", np.tanh, _tanh_prime_from_output, (-1.0, 1.0)),
    "relu": Activation(
        "relu", lambda z: np.maximum(z, 0.0), _relu_prime_from_output, (0.0, np.inf)
    ),
    "leaky_relu": Activation("leaky_relu", leaky_relu, _leaky_relu_prime_from_output),
    "elu": Activation("elu", elu, _elu_prime_from_output, (-1.0, np.inf)),
    "softplus": Activation("softplus", softplus, _softplus_prime_from_output, (0.0, np.inf)),
}

#: A stable integer code per activation, shared with the compiled kernel (new ones go last).
ACTIVATION_CODES: dict[str, int] = {name: code for code, name in enumerate(ACTIVATIONS)}


def get_activation(name: str) -> Activation:
    """The activation called `name`, or a ValueError that lists the valid names."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}"
        ) from None
