"""Update rules that turn a gradient into a step: plain gradient descent, momentum and Adam.

Each rule is a small class with the same `step(weights, gradient) -> new_weights` method, so the
error-surface paths and any teaching code can swap one for another by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class GradientDescent:
    """w <- w - eta * dE/dw, the post's Step IV."""

    learning_rate: float

    def step(self, weights: np.ndarray, gradient: np.ndarray) -> np.ndarray:
        return weights - gradient * self.learning_rate


@dataclass
class Momentum:
    """v <- mu v - eta dE/dw; w <- w + v: the velocity carries steps across flat plateaus."""

    learning_rate: float
    momentum: float = 0.9
    velocity: np.ndarray | None = field(default=None, repr=False)

    def step(self, weights: np.ndarray, gradient: np.ndarray) -> np.ndarray:
        if self.velocity is None:
            self.velocity = np.zeros_like(weights)
        self.velocity = self.momentum * self.velocity - self.learning_rate * gradient
        return weights + self.velocity


@dataclass
class Adam:
    """Adam (Kingma & Ba, 2015): steps scaled by running estimates of the gradient's moments,
    so a tiny gradient on a plateau still gives a step of about eta."""

    learning_rate: float
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    _m: np.ndarray | None = field(default=None, repr=False)
    _v: np.ndarray | None = field(default=None, repr=False)
    _t: int = field(default=0, repr=False)

    def step(self, weights: np.ndarray, gradient: np.ndarray) -> np.ndarray:
        if self._m is None or self._v is None:
            self._m, self._v = np.zeros_like(weights), np.zeros_like(weights)
        self._t += 1
        self._m = self.beta1 * self._m + (1.0 - self.beta1) * gradient
        self._v = self.beta2 * self._v + (1.0 - self.beta2) * gradient * gradient
        m_hat = self._m / (1.0 - self.beta1**self._t)
        v_hat = self._v / (1.0 - self.beta2**self._t)
        return weights - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)


OPTIMIZERS = ("gradient_descent", "momentum", "adam")


def make_optimizer(
    method: str, learning_rate: float, momentum: float = 0.9
) -> GradientDescent | Momentum | Adam:
    """A fresh optimizer called `method` (one of OPTIMIZERS)."""
    if method == "gradient_descent":
        return GradientDescent(learning_rate)
    if method == "momentum":
        return Momentum(learning_rate, momentum)
    if method == "adam":
        return Adam(learning_rate)
    raise ValueError(f"unknown optimizer {method!r}; choose one of {', '.join(OPTIMIZERS)}")
