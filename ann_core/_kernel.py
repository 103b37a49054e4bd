"""The training loop fused into one compiled function (numba), for speed.

It does what training.train_reference does with NumPy, sample by sample, on one flat parameter
vector laid out as network.pack lays it out, for any number of output units (targets y of shape
(n, k)); the tests hold the two to 1e-9, and to the bit on the post's runs and on networks of
several outputs (multi_output.py). Integer codes stand for the activations and losses
(activations.ACTIVATION_CODES, losses.LOSS_CODES). The activations' exp, tanh and log1p are
NumPy's own inner loops (see _numpy_loops), so both engines round alike; the cross-entropy loss
(not in the post) is summed with the C library's exp and log1p, so its reported value may differ
from NumPy's in the last bit.

`train_compiled` is the Python side: it lays out the network (`Layout`), makes every scratch
buffer the loop writes into (`Scratch`, kept alive by the call itself) and groups the scalar
settings (`Settings`).
"""

from __future__ import annotations

import ctypes
import math
import threading
from typing import NamedTuple

import numpy as np

from ._numpy_loops import LOOP_TYPE, numpy_loop
from .activations import LEAK, SIGMOID_TAIL
from .divergence import LOSS_GROWTH, WEIGHT_BOUND
from .divergence import epoch_diverged as _epoch_diverged
from .network import offsets

try:
    from llvmlite import ir
    from numba import carray, cfunc, njit, types
    from numba.extending import intrinsic
except ImportError:  # the engine falls back to the NumPy reference
    njit = None

LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, ELU, SOFTPLUS = 0, 1, 2, 3, 4, 5, 6
SSE, CROSS_ENTROPY = 0, 1
NO_PENALTY, L1, L2 = 0, 1, 2
_KEEP_ALIVE: list = []


def _derivative_from_output(code, a, exp_slope):
    """g'(z) from the unit's output a; softplus's 1 - e^-a needs NumPy's exp, so Step I works it
    out for a whole layer at once and passes it in as exp_slope (unused by the others)."""
    if code == SIGMOID:
        return a * (1.0 - a)
    if code == TANH:
        return 1.0 - a * a
    if code == RELU:
        return 1.0 if a > 0.0 else 0.0
    if code == LEAKY_RELU:
        return 1.0 if a > 0.0 else LEAK
    if code == ELU:
        return 1.0 if a > 0.0 else a + 1.0
    if code == SOFTPLUS:
        return exp_slope
    return 1.0  # linear


def _penalty_slope(code, rate, w):
    """The penalty's gradient at weight w (regularization.penalty_gradients)."""
    if code == L1:
        return rate if w > 0.0 else (-rate if w < 0.0 else 0.0)
    return rate * w


class Settings(NamedTuple):
    """The run's scalar settings, as the loop reads them."""

    loss_code: int
    learning_rate: float
    anneal: float
    momentum: float
    batch_size: int
    epochs: int
    weight_bound: float
    loss_growth: float
    regularization_code: int
    reg_rate: float
    first_loss: float  # epoch 1's loss, the divergence rule's yardstick; nan: this call trains it


class Layout(NamedTuple):
    """Where everything lives: layer k's W and b start at w_off[k] and b_off[k] of theta; its
    units at unit_off[k] of the unit buffers (layer 0 being the input)."""

    sizes: np.ndarray
    w_off: np.ndarray
    b_off: np.ndarray
    unit_off: np.ndarray


class Loops(NamedTuple):
    """The addresses of NumPy's float64 inner loops of exp, tanh and log1p (see _numpy_loops)."""

    exp: int
    tanh: int
    log1p: int


class Scratch(NamedTuple):
    """The buffers the loop writes into: every unit's a, z, delta and exp slope (a softplus
    unit's g'(z) = 1 - e^-a); the gradient and the velocity; and the in/out vectors, argument
    addresses, count and strides of the C calls."""

    acts: np.ndarray
    zs: np.ndarray
    deltas: np.ndarray
    exp_slopes: np.ndarray
    grad: np.ndarray
    velocity: np.ndarray
    buf_in: np.ndarray
    buf_out: np.ndarray
    args: np.ndarray
    dims: np.ndarray
    steps: np.ndarray


def layout_of(sizes: tuple[int, ...]) -> Layout:
    """The Layout of a network with these layer sizes."""
    w_off, b_off = offsets(sizes)
    unit_off = np.cumsum([0, *sizes])
    as_int = [np.asarray(v, dtype=np.int64) for v in (sizes, w_off, b_off, unit_off)]
    return Layout(*as_int)


def scratch_for(layout: Layout, velocity: np.ndarray) -> Scratch:
    """Fresh buffers for one training call; momentum's `velocity` goes on from its value."""
    n_units, width = int(layout.unit_off[-1]), int(layout.sizes.max())
    buf_in, buf_out = np.zeros(width), np.zeros(width)
    return Scratch(
        acts=np.zeros(n_units),
        zs=np.zeros(n_units),
        exp_slopes=np.zeros(n_units),
        deltas=np.zeros(n_units),
        grad=np.zeros(velocity.size),
        velocity=velocity,
        buf_in=buf_in,
        buf_out=buf_out,
        args=np.array([buf_in.ctypes.data, buf_out.ctypes.data], dtype=np.intp),
        dims=np.zeros(1, np.intp),
        steps=np.full(2, 8, np.intp),  # the C calls' strides: one float64 each
    )


def _train(X, y, theta, codes, layout, settings, scratch, history, losses, loops):
    """Train in place; fill history[k] (parameters after k epochs of this call), losses[k - 1].

    Returns the number of epochs completed before training diverged by the rule of
    divergence.py (== epochs when training ran to the end). Each layer's sizes and offsets are
    read into locals first: it keeps the per-sample loop lean.
    """
    sizes, w_off, b_off, unit_off = layout
    acts, zs, deltas, exp_slopes, grad, velocity, buf_in, buf_out, args, dims, steps = scratch
    exp_loop, tanh_loop, log1p_loop = loops
    loss_code, anneal, momentum = settings.loss_code, settings.anneal, settings.momentum
    batch_size, epochs = settings.batch_size, settings.epochs
    reg_code, reg_rate = settings.regularization_code, settings.reg_rate
    penalised = reg_code != NO_PENALTY and reg_rate > 0.0
    n_layers = sizes.shape[0] - 1
    n_samples = X.shape[0]
    total = theta.shape[0]
    n_weights = b_off[0]  # every W comes before every b
    args_at, dims_at, steps_at = args.ctypes.data, dims.ctypes.data, steps.ctypes.data
    out_off, n_out_units, out_code = unit_off[n_layers], sizes[n_layers], codes[n_layers - 1]
    history[0, :] = theta
    rate, first_loss = settings.learning_rate, settings.first_loss
    plain = momentum == 0.0  # the post's plain SGD step
    for epoch in range(1, epochs + 1):
        epoch_loss = 0.0
        for start in range(0, n_samples, batch_size):
            stop = min(start + batch_size, n_samples)
            for p in range(total):
                grad[p] = 0.0
            for s in range(start, stop):
                # Step I: forward, z = a_prev W + b and a = g(z), layer by layer
                for i in range(sizes[0]):
                    acts[i] = X[s, i]
                for layer in range(n_layers):
                    n_in, n_out = sizes[layer], sizes[layer + 1]
                    wo, bo = w_off[layer], b_off[layer]
                    a_in, a_out = unit_off[layer], unit_off[layer + 1]
                    for j in range(n_out):
                        total_in = 0.0
                        for i in range(n_in):
                            total_in += acts[a_in + i] * theta[wo + i * n_out + j]
                        zs[a_out + j] = total_in + theta[bo + j]
                    # a = g(z); exp, tanh and log1p are NumPy's own, so both engines round alike.
                    # (Written out here: passing arrays to a helper costs reference counting
                    # on every call, which was most of the time.)
                    code = codes[layer]
                    if code == SIGMOID:
                        for j in range(n_out):
                            z = zs[a_out + j]
                            buf_in[j] = -z if z >= SIGMOID_TAIL else z
                        dims[0] = n_out
                        call_inner_loop(exp_loop, args_at, dims_at, steps_at)
                        for j in range(n_out):
                            e = buf_out[j]
                            acts[a_out + j] = (
                                1.0 / (1.0 + e) if zs[a_out + j] >= SIGMOID_TAIL else e
                            )
                    elif code == TANH:
                        for j in range(n_out):
                            buf_in[j] = zs[a_out + j]
                        dims[0] = n_out
                        call_inner_loop(tanh_loop, args_at, dims_at, steps_at)
                        for j in range(n_out):
                            acts[a_out + j] = buf_out[j]
                    elif code == RELU:
                        for j in range(n_out):
                            acts[a_out + j] = max(zs[a_out + j], 0.0)
                    elif code == LEAKY_RELU:
                        for j in range(n_out):
                            z = zs[a_out + j]
                            acts[a_out + j] = z if z > 0.0 else LEAK * z
                    elif code == ELU:  # e^z - 1 below 0, from e^min(z, 0) so it never overflows
                        for j in range(n_out):
                            buf_in[j] = min(zs[a_out + j], 0.0)
                        dims[0] = n_out
                        call_inner_loop(exp_loop, args_at, dims_at, steps_at)
                        for j in range(n_out):
                            z = zs[a_out + j]
                            acts[a_out + j] = z if z > 0.0 else buf_out[j] - 1.0
                    elif code == SOFTPLUS:  # max(z, 0) + log1p(e^-|z|)
                        for j in range(n_out):
                            buf_in[j] = -abs(zs[a_out + j])
                        dims[0] = n_out
                        call_inner_loop(exp_loop, args_at, dims_at, steps_at)
                        for j in range(n_out):
                            buf_in[j] = buf_out[j]
                        call_inner_loop(log1p_loop, args_at, dims_at, steps_at)
                        for j in range(n_out):
                            acts[a_out + j] = max(zs[a_out + j], 0.0) + buf_out[j]
                    else:
                        for j in range(n_out):
                            acts[a_out + j] = zs[a_out + j]
                    if code == SOFTPLUS:  # its slope 1 - e^-a, for Step II
                        for j in range(n_out):
                            buf_in[j] = -acts[a_out + j]
                        dims[0] = n_out
                        call_inner_loop(exp_loop, args_at, dims_at, steps_at)
                        for j in range(n_out):
                            exp_slopes[a_out + j] = 1.0 - buf_out[j]
                # Step II: the output's error signal, then back through the layers. The
                # sample's loss is summed over its outputs in order, then added to the epoch's
                # (as losses.py sums it: the same bits with k outputs as with one)
                sample_loss = 0.0
                for k in range(n_out_units):
                    a, z, t = acts[out_off + k], zs[out_off + k], y[s, k]
                    if loss_code == CROSS_ENTROPY:
                        sample_loss += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - t * z
                        deltas[out_off + k] = a - t
                    else:
                        sample_loss += (a - t) ** 2
                        slope = _derivative_from_output(out_code, a, exp_slopes[out_off + k])
                        deltas[out_off + k] = slope * (a - t)
                epoch_loss += sample_loss
                for layer in range(n_layers - 2, -1, -1):
                    n_here, n_next = sizes[layer + 1], sizes[layer + 2]
                    wo, here, after = w_off[layer + 1], unit_off[layer + 1], unit_off[layer + 2]
                    code = codes[layer]
                    for j in range(n_here):
                        back = 0.0
                        for k in range(n_next):
                            back += deltas[after + k] * theta[wo + j * n_next + k]
                        slope = _derivative_from_output(code, acts[here + j], exp_slopes[here + j])
                        deltas[here + j] = slope * back
                # Step III: gradients a_prev * delta and delta, summed over the batch
                for layer in range(n_layers):
                    n_in, n_out = sizes[layer], sizes[layer + 1]
                    wo, bo = w_off[layer], b_off[layer]
                    a_in, a_out = unit_off[layer], unit_off[layer + 1]
                    for i in range(n_in):
                        for j in range(n_out):
                            grad[wo + i * n_out + j] += acts[a_in + i] * deltas[a_out + j]
                    for j in range(n_out):
                        grad[bo + j] += deltas[a_out + j]
            # Step IV: the update, along the batch's mean gradient (plus the penalty's slope)
            scale = 1.0 / (stop - start)
            if penalised:
                for p in range(n_weights):
                    grad[p] = grad[p] * scale + _penalty_slope(reg_code, reg_rate, theta[p])
                for p in range(n_weights, total):
                    grad[p] = grad[p] * scale
                scale = 1.0  # grad holds the step's gradient now (x * 1.0 is x, to the bit)
            if plain:
                for p in range(total):
                    theta[p] = theta[p] - grad[p] * scale * rate
            else:
                for p in range(total):
                    velocity[p] = momentum * velocity[p] - rate * (grad[p] * scale)
                    theta[p] = theta[p] + velocity[p]
        rate = rate * anneal
        largest = 0.0
        for p in range(total):
            size = abs(theta[p])
            if size > largest or size != size:  # a nan sticks: nothing is larger than nan
                largest = size
        if first_loss != first_loss:  # nan: this was epoch 1
            first_loss = epoch_loss
        if _epoch_diverged(
            largest, epoch_loss, first_loss, settings.weight_bound, settings.loss_growth
        ):
            return epoch - 1
        history[epoch, :] = theta
        losses[epoch - 1] = epoch_loss
    return epochs


def _c_library_loop(function):
    """A NumPy-style inner loop around a C-library function, compiled by numba: the fallback
    when NumPy's own loop cannot be used."""
    signature = types.void(
        types.CPointer(types.voidptr), types.CPointer(types.intp), types.voidptr, types.voidptr
    )

    def loop(args, dims, steps, data):
        x = carray(args[0], (dims[0],), dtype=np.float64)
        out = carray(args[1], (dims[0],), dtype=np.float64)
        for i in range(dims[0]):
            out[i] = function(x[i])

    compiled = cfunc(signature)(loop)
    _KEEP_ALIVE.append(compiled)  # its machine code must outlive every call through it
    return LOOP_TYPE(compiled.address)


if njit is not None:

    @intrinsic
    def call_inner_loop(typingctx, loop, args, dims, steps):
        """Call the C inner loop at address `loop` with (args, dims, steps, NULL): a plain
        indirect call, so the address can be an ordinary argument and the kernel cacheable."""
        signature = types.void(types.intp, types.intp, types.intp, types.intp)

        def codegen(context, builder, sig, values):
            byte_ptr = ir.IntType(8).as_pointer()
            fn_type = ir.FunctionType(ir.VoidType(), [byte_ptr] * 4)
            fn = builder.inttoptr(values[0], fn_type.as_pointer())
            pointers = [builder.inttoptr(v, byte_ptr) for v in values[1:]]
            builder.call(fn, [*pointers, ir.Constant(byte_ptr, None)])
            return context.get_dummy_value()

        return signature, codegen

    _derivative_from_output = njit(cache=True, inline="always")(_derivative_from_output)
    _penalty_slope = njit(cache=True, inline="always")(_penalty_slope)
    # Compiled into the cached kernel: after editing the rule, touch this file (or clear
    # __pycache__) so numba recompiles it. The bounds themselves are arguments, never stale.
    _epoch_diverged = njit(cache=True, inline="always")(_epoch_diverged)
    _compiled = njit(cache=True, nogil=True, error_model="numpy")(_train)
    _LOOPS = [
        numpy_loop(np.exp) or _c_library_loop(math.exp),
        numpy_loop(np.tanh) or _c_library_loop(math.tanh),
        numpy_loop(np.log1p) or _c_library_loop(math.log1p),
    ]
    LOOPS = Loops(*(ctypes.cast(f, ctypes.c_void_p).value for f in _LOOPS))

    def train_compiled(
        X: np.ndarray,
        y: np.ndarray,
        theta: np.ndarray,
        velocity: np.ndarray,
        sizes: tuple[int, ...],
        codes: np.ndarray,
        settings: Settings,
        history: np.ndarray,
        losses: np.ndarray,
    ) -> int:
        """Train theta and momentum's velocity in place with the compiled loop (see `_train`);
        the epochs completed.

        The scratch buffers are arguments of the call, so they live as long as it runs (the C
        calls inside only know their addresses)."""
        layout = layout_of(sizes)
        scratch = scratch_for(layout, velocity)
        return _compiled(X, y, theta, codes, layout, settings, scratch, history, losses, LOOPS)
else:
    train_compiled = None

HAVE_NUMBA = train_compiled is not None

# ---- readiness: compiled ahead of the first student (see warm_up.py) --------------------------

_warming, _ready = threading.Event(), threading.Event()


def is_ready() -> bool:
    """Whether this process has the compiled kernel in memory."""
    return _ready.is_set()


def is_warming() -> bool:
    """Whether a warm-up is compiling the kernel for this process and has not finished."""
    return _warming.is_set() and not _ready.is_set()


def wait_until_ready(timeout: float) -> bool:
    """Wait at most `timeout` seconds for a warm-up to finish; whether the kernel is ready."""
    return _ready.wait(timeout)


def mark_warming() -> None:
    """Note that a warm-up has started: until `load` ends, "auto" trains with NumPy."""
    _warming.set()


def load() -> None:
    """Compile the kernel, or load it from numba's on-disk cache, by training a tiny network
    (2 inputs, 2 sigmoid units, 1 output, 4 samples, 1 epoch) once; then it is ready."""
    if not HAVE_NUMBA:
        return
    sizes = (2, 2, 1)
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    theta = np.full(9, 0.1)
    codes = np.array([SIGMOID, SIGMOID], dtype=np.int64)
    settings = Settings(
        SSE, 1.0, 1.0, 0.0, 1, 1, WEIGHT_BOUND, LOSS_GROWTH, NO_PENALTY, 0.0, math.nan
    )
    velocity = np.zeros(9)
    train_compiled(X, y, theta, velocity, sizes, codes, settings, np.empty((2, 9)), np.empty(1))
    _ready.set()
