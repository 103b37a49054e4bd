"""L1 and L2 regularisation: a penalty on the size of the weights, never of the biases.

The convention (TensorFlow Playground's): every training step descends its batch's mean sample
objective plus a penalty Omega on all the weights w of every layer, with rate lambda:

    L1:  Omega = lambda sum |w|      its gradient lambda sign(w)
    L2:  Omega = lambda/2 sum w^2    its gradient lambda w  (a step shrinks w by eta lambda w)

So the penalty's share of a step does not depend on the batch: a step on one sample and a step
on a batch of 50 pull the weights towards 0 alike, and an epoch applies it once per step (n times
an epoch for online training, once for a full batch). Biases are left alone: they shift a unit's
curve, they do not make it steeper. "none", or a rate of 0, leaves training exactly as it was.
"""

from __future__ import annotations

import numpy as np

from .network import Parameters

REGULARIZATIONS = ("none", "l1", "l2")
#: The largest rate lambda a run accepts.
MAX_REG_RATE = 10.0
#: A stable integer code per regularisation, shared with the compiled kernel.
REGULARIZATION_CODES: dict[str, int] = {name: code for code, name in enumerate(REGULARIZATIONS)}


def is_active(kind: str, rate: float) -> bool:
    """Whether a penalty of this kind and rate changes anything at all."""
    return kind != "none" and rate > 0.0


def weight_penalty(weights: np.ndarray, kind: str, rate: float) -> np.ndarray:
    """Omega of the weights along the last axis: of one flat vector of weights, or of a stack of
    them (one row per epoch, say)."""
    weights = np.asarray(weights, dtype=float)
    if not is_active(kind, rate):
        return np.zeros(weights.shape[:-1])
    if kind == "l1":
        return rate * np.abs(weights).sum(axis=-1)
    return 0.5 * rate * (weights * weights).sum(axis=-1)


def penalty(params: Parameters, kind: str, rate: float) -> float:
    """Omega of a network's weights (its biases do not count)."""
    if not is_active(kind, rate):
        return 0.0
    weights = np.concatenate([w.ravel() for w, _ in params])
    return float(weight_penalty(weights, kind, rate))


def penalty_gradients(params: Parameters, kind: str, rate: float) -> Parameters:
    """The penalty's gradient, layer by layer: lambda sign(w) (L1, 0 at w = 0) or lambda w (L2)
    for each W, 0 for each b; all 0 without a penalty."""
    if not is_active(kind, rate):
        return [(np.zeros_like(w), np.zeros_like(b)) for w, b in params]
    slope = np.sign if kind == "l1" else (lambda w: w)
    return [(rate * slope(w), np.zeros_like(b)) for w, b in params]


def with_penalty(gradients: Parameters, penalty_grads: Parameters) -> Parameters:
    """The loss's gradients plus the penalty's, on the weights only (the biases' stay as they
    are, to the bit)."""
    return [(dw + pw, db) for (dw, db), (pw, _) in zip(gradients, penalty_grads, strict=True)]
