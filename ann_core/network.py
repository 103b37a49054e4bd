"""A fully connected network and the post's four backpropagation steps (Figure 6).

Parameters are a list with one (W, b) pair per layer of weights, W of shape (n_in, n_out), so a
layer computes z = a_prev @ W + b and a = g(z). Inputs are rows: X has shape (n_samples, n_in).

    Step I    forward():    every layer's pre-activation z and activation a
    Step II   backward():   every layer's error signal delta, from the output back
    Step III  gradients():  dE/dW = a_prev^T delta and dE/db = delta (summed over the rows)
    Step IV   update():     W <- W - eta dE/dW, b <- b - eta dE/db
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from .activations import get_activation
from .losses import get_loss

Layer = tuple[np.ndarray, np.ndarray]
Parameters = list[Layer]

MAX_HIDDEN_LAYERS = 6
MAX_UNITS_PER_LAYER = 16


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b for 2-D a and b, its products summed in index order as the post's loops read.

    Not BLAS: OpenBLAS picks its kernel by CPU (AVX-512 or not), and the kernels round the
    same sum differently in the last bit; the post's |x| run (Figure 14) is chaotic enough to
    turn that into other weights. Summed in order, the NumPy engine and the compiled kernel
    agree with the post's reference runs on every CPU. Training's steps use it; predictions over
    many epochs (`forward_stack`) keep BLAS, ten times faster there.
    """
    total = a[:, :1] * b[:1]
    for k in range(1, a.shape[1]):
        total = total + a[:, k : k + 1] * b[k : k + 1]
    return total


def layer_sizes(
    n_inputs: int, hidden_units: Sequence[int] = (), n_outputs: int = 1
) -> tuple[int, ...]:
    """Units per layer, input first: (2, 4, 1) is two inputs, four hidden units, one output."""
    return (int(n_inputs), *(int(h) for h in hidden_units), int(n_outputs))


def sizes_of(params: Parameters) -> tuple[int, ...]:
    """Layer sizes read off a parameter list."""
    return (params[0][0].shape[0], *(w.shape[1] for w, _ in params))


def n_parameters(sizes: Sequence[int]) -> int:
    """How many weights and biases a network with these layer sizes has."""
    return sum(n_in * n_out + n_out for n_in, n_out in pairwise(sizes))


def init_parameters(sizes: Sequence[int], rng: np.random.RandomState) -> Parameters:
    """Uniform draws in [-0.5, 0.5), in the post's order: every W first, then every b."""
    pairs = list(pairwise(sizes))
    weights = [rng.rand(n_in, n_out) - 0.5 for n_in, n_out in pairs]
    biases = [rng.rand(n_out) - 0.5 for _, n_out in pairs]
    return list(zip(weights, biases, strict=True))


def pack(params: Parameters) -> np.ndarray:
    """All parameters as one flat vector: every W (row-major), then every b, as drawn."""
    return np.concatenate([w.ravel() for w, _ in params] + [b.ravel() for _, b in params])


def offsets(sizes: Sequence[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where each layer's W and each layer's b start in the flat vector of `pack`."""
    pairs = list(pairwise(sizes))
    lengths = [n_in * n_out for n_in, n_out in pairs] + [n_out for _, n_out in pairs]
    starts = np.cumsum([0, *lengths[:-1]]).tolist()
    return tuple(starts[: len(pairs)]), tuple(starts[len(pairs) :])


def unpack(theta: np.ndarray, sizes: Sequence[int]) -> Parameters:
    """The (W, b) list that `pack` flattened; the arrays are views into theta."""
    pairs = list(pairwise(sizes))
    return [
        (theta[w : w + n_in * n_out].reshape(n_in, n_out), theta[b : b + n_out])
        for (n_in, n_out), w, b in zip(pairs, *offsets(sizes), strict=True)
    ]


@dataclass(frozen=True)
class ForwardPass:
    """Step I's record: z[l] and a[l] for each weight layer l; a_in is the input."""

    a_in: np.ndarray
    z: list[np.ndarray]
    a: list[np.ndarray]

    @property
    def output(self) -> np.ndarray:
        return self.a[-1]

    def a_prev(self, layer: int) -> np.ndarray:
        """The activations feeding layer `layer` (the input for layer 0)."""
        return self.a_in if layer == 0 else self.a[layer - 1]


def forward(params: Parameters, X: np.ndarray, activations: Sequence[str]) -> ForwardPass:
    """Step I: propagate the inputs X through every layer, keeping each z and a."""
    a = np.atleast_2d(np.asarray(X, dtype=float))
    a_in, zs, activs = a, [], []
    for (w, b), name in zip(params, activations, strict=True):
        z = dot(a, w) + b
        a = get_activation(name).value(z)
        zs.append(z)
        activs.append(a)
    return ForwardPass(a_in, zs, activs)


def backward(
    params: Parameters,
    fwd: ForwardPass,
    targets: np.ndarray,
    activations: Sequence[str],
    loss: str = "sse",
) -> list[np.ndarray]:
    """Step II: the output's error signal, then delta_j = g'(z_j) sum_k delta_k w_jk per layer."""
    targets = np.asarray(targets, dtype=float).reshape(fwd.output.shape)
    g_out = get_activation(activations[-1])
    deltas = [get_loss(loss).output_delta(fwd.output, fwd.z[-1], targets, g_out)]
    for layer in range(len(params) - 2, -1, -1):
        w_next = params[layer + 1][0]
        g = get_activation(activations[layer])
        deltas.insert(0, g.derivative_from_output(fwd.a[layer]) * dot(deltas[0], w_next.T))
    return deltas


def gradients(fwd: ForwardPass, deltas: list[np.ndarray]) -> Parameters:
    """Step III: dE/dW = a_prev^T delta and dE/db = delta, each summed over the samples."""
    return [
        (dot(fwd.a_prev(layer).T, delta), delta.sum(axis=0)) for layer, delta in enumerate(deltas)
    ]


def mean_gradients(fwd: ForwardPass, deltas: list[np.ndarray]) -> Parameters:
    """Step III for a batch, which steps along its mean gradient: dE/dW and dE/db averaged
    over its rows."""
    scale = 1.0 / len(fwd.output)
    return [(dw * scale, db * scale) for dw, db in gradients(fwd, deltas)]


def update(params: Parameters, grads: Parameters, learning_rate: float) -> Parameters:
    """Step IV: take a step of size eta against the gradient."""
    return [
        (w - dw * learning_rate, b - db * learning_rate)
        for (w, b), (dw, db) in zip(params, grads, strict=True)
    ]


def predict(params: Parameters, X: np.ndarray, activations: Sequence[str]) -> np.ndarray:
    """The network's output for each row of X, shape (n_samples,) for a single output."""
    out = forward(params, X, activations).output
    return out[:, 0] if out.shape[1] == 1 else out


def forward_stack(
    history: np.ndarray, sizes: Sequence[int], X: np.ndarray, activations: Sequence[str]
) -> ForwardPass:
    """Step I for many parameter vectors at once: history has one flat vector per row.

    Every z and a gets a leading axis over the rows of history, so a whole training run's
    outputs on a grid come from a handful of batched matrix products.
    """
    history = np.atleast_2d(history)
    a = np.broadcast_to(np.atleast_2d(np.asarray(X, dtype=float)), (len(history), *np.shape(X)))
    a_in, zs, activs = a, [], []
    for (w, b), name in zip(unpack_stack(history, sizes), activations, strict=True):
        z = a @ w + b[:, None, :]  # BLAS: predictions need no bit-for-bit sums, and it is fast
        a = get_activation(name).value(z)
        zs.append(z)
        activs.append(a)
    return ForwardPass(a_in, zs, activs)


def unpack_stack(history: np.ndarray, sizes: Sequence[int]) -> Parameters:
    """Like `unpack`, for a stack of flat vectors: W gets shape (rows, n_in, n_out)."""
    pairs = list(pairwise(sizes))
    return [
        (history[:, w : w + n_in * n_out].reshape(-1, n_in, n_out), history[:, b : b + n_out])
        for (n_in, n_out), w, b in zip(pairs, *offsets(sizes), strict=True)
    ]
