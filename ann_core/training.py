"""Training: the post's loop (online SGD, annealed rate) plus mini-batches and momentum.

`train` draws the data and the initial parameters from one RandomState(seed), exactly as the
post does after np.random.seed(seed), computes the run's input features from the raw data
(features.py; the raw inputs themselves by default), then runs either the compiled kernel
(numba) or the readable NumPy reference `train_reference`, which calls the four steps of
network.py through `backprop_step`. Both record the parameters after every epoch in the `Run`
they return. Both start from a `TrainingState` (the initial one here, or from given initial
parameters, pretraining.py's say; continuation.py passes the state after any epoch of a run, to
carry on from it). Both take targets of shape (n,) or (n, k), for a network of k outputs
(multi_output.py trains those: a TrainingConfig's network has one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Protocol

import numpy as np

from . import _kernel
from .activations import ACTIVATION_CODES
from .config import MAX_EPOCHS, MAX_LEARNING_RATE, TrainingConfig, check_number
from .datasets import Dataset, check_user_data, make_dataset, split
from .divergence import LOSS_GROWTH, WEIGHT_BOUND, epoch_diverged, largest_size
from .features import feature_columns
from .losses import LOSS_CODES, get_loss
from .network import (
    ForwardPass,
    Parameters,
    backward,
    forward,
    init_parameters,
    mean_gradients,
    pack,
    sizes_of,
    unpack,
    update,
)
from .optimizers import Momentum
from .regularization import (
    REGULARIZATION_CODES,
    is_active,
    penalty,
    penalty_gradients,
    with_penalty,
)
from .run import Run

ENGINES = ("auto", "numba", "numpy")


class LoopSettings(Protocol):
    """What the training loops read of their settings: a TrainingConfig has all of it, and so
    has multi_output.NetworkTraining, whose network may have several outputs."""

    @property
    def sizes(self) -> tuple[int, ...]: ...

    @property
    def activations(self) -> tuple[str, ...]: ...

    loss: str
    learning_rate: float
    anneal: float
    momentum: float
    batch_size: int | None
    epochs: int
    regularization: str
    reg_rate: float


@dataclass(frozen=True)
class TrainingState:
    """Where training stands after `epoch` epochs: all that the next epoch reads.

    `parameters` is the flat vector of network.pack; `velocity` momentum's (zeros after steps
    without momentum, which keep none); `rate` the learning rate of epoch `epoch` + 1 (0 once
    annealing underflows); `first_loss` epoch 1's loss, the divergence rule's yardstick (None
    before epoch 1). The epochs draw no random numbers (each epoch's batches are the rows in
    order), so there is no random state to carry. The parameters may be replaced by any finite
    vector of the same size (`with_parameters`), to continue from edited weights; anything else
    raises a ValueError.
    """

    epoch: int
    parameters: np.ndarray
    velocity: np.ndarray
    rate: float
    first_loss: float | None = None

    def __post_init__(self) -> None:
        velocity = _finite_vector(self.velocity, "velocity", None)
        set_ = object.__setattr__  # frozen: keep copies, so later edits of the inputs do not leak
        set_(self, "velocity", velocity)
        set_(self, "parameters", _finite_vector(self.parameters, "parameters", velocity.size))
        set_(self, "epoch", check_number("epoch", self.epoch, 0, MAX_EPOCHS, integer=True))
        set_(self, "rate", check_number("rate", self.rate, 0.0, MAX_LEARNING_RATE))

    def with_parameters(self, parameters: np.ndarray) -> TrainingState:
        """This state with other parameters (an edited weight, say): a flat vector of the same
        size, of finite numbers, else a ValueError naming `parameters`."""
        return replace(self, parameters=parameters)


def _finite_vector(value: object, name: str, size: int | None) -> np.ndarray:
    """`value` as a fresh flat float vector of finite numbers (of `size` if given)."""
    shape = "(n,)" if size is None else f"({size},)"
    refusal = ValueError(f"{name} must be finite numbers of shape {shape}")
    try:
        vector = np.array(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise refusal from None
    if vector.ndim != 1 or (size is not None and vector.size != size):
        raise refusal
    if not np.isfinite(vector).all():
        raise refusal
    return vector


def checked_parameters(params: object, sizes: Sequence[int], name: str) -> Parameters:
    """`params` as fresh float (W, b) pairs shaped for a network of layer `sizes`, every number
    finite; anything else raises a ValueError naming `name`."""
    shapes = [((n_in, n_out), (n_out,)) for n_in, n_out in pairwise(sizes)]
    refusal = ValueError(f"{name} must be (W, b) pairs of finite numbers, of shapes {shapes}")
    try:
        pairs = [(np.array(w, dtype=float), np.array(b, dtype=float)) for w, b in params]
    except (TypeError, ValueError, OverflowError):
        raise refusal from None
    if [(w.shape, b.shape) for w, b in pairs] != shapes:
        raise refusal
    if not all(np.isfinite(w).all() and np.isfinite(b).all() for w, b in pairs):
        raise refusal
    return pairs


def initial_state(config: LoopSettings, params: Parameters) -> TrainingState:
    """The state before epoch 1: the initial parameters, no velocity, the full rate."""
    theta = pack(params)
    return TrainingState(0, theta, np.zeros_like(theta), config.learning_rate)


def prepare(
    config: TrainingConfig, data: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[Dataset, Parameters]:
    """The run's raw data and initial parameters, drawn from RandomState(config.seed) in the
    post's order: the data's noise, its shuffle, then w_1, w_2, ..., b_1, b_2, ... The network
    takes one input per feature: its inputs are feature_columns(config.features, dataset.X)."""
    rng = np.random.RandomState(config.seed)
    if data is not None:
        X, y = check_user_data(*data, task=config.task, n_inputs=config.n_inputs)
        order = rng.permutation(len(y))
        dataset = split(X[order], y[order], config.test_fraction, config.task)
    elif config.problem in ("CUSTOM",):
        raise ValueError("problem='CUSTOM' needs data=(X, y)")
    else:
        dataset = make_dataset(
            config.problem, config.n_observations, config.noise, rng, config.test_fraction
        )
    return dataset, init_parameters(config.sizes, rng)


def train(
    config: TrainingConfig,
    data: tuple[np.ndarray, np.ndarray] | None = None,
    engine: str = "auto",
    initial: Parameters | None = None,
) -> Run:
    """Train a network as `config` says, on its problem's data or on `data=(X, y)`.

    engine: "numba" (the compiled kernel), "numpy" (the readable reference) or "auto" (see
    `uses_kernel`). Training that diverges by the rule of `divergence` (a non-finite
    or huge parameter, or a loss grown by orders of magnitude) stops at that epoch and the run
    records it in `diverged_at`, keeping the epochs before it; no exception, no warning.
    initial: the (W, b) pairs to start from (of config.sizes' shapes, finite; pretraining.py's,
    say) in place of those the seed draws; the seed still draws the data, as without.
    """
    check_engine(engine)
    dataset, params = prepare(config, data)
    if initial is not None:
        params = checked_parameters(initial, config.sizes, "initial")
    history, loss, _ = fit(config, dataset.X, dataset.y, initial_state(config, params), engine)
    done = len(loss)
    return Run(
        config=config,
        X=dataset.X,
        y=dataset.y,
        X_test=dataset.X_test,
        y_test=dataset.y_test,
        sizes=config.sizes,
        history=history[: done + 1],
        loss=loss,
        diverged_at=None if done == config.epochs else done + 1,
    )


def fit(
    config: TrainingConfig, X: np.ndarray, y: np.ndarray, start: TrainingState, engine: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Train on raw inputs X from `start` up to epoch config.epochs, with `engine`.

    Returns the parameters after each epoch (row 0: start's), each epoch's loss, and the
    velocity after the last epoch trained (zeros without momentum); it stops early at the
    first epoch that diverged (see `divergence.epoch_diverged`).
    """
    with np.errstate(all="ignore"):  # huge uploaded values square to inf: a diverged run
        inputs = feature_columns(config.features, X)
    return fit_inputs(config, inputs, y, start, engine)


def fit_inputs(
    config: LoopSettings, inputs: np.ndarray, y: np.ndarray, start: TrainingState, engine: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`fit` on the network's inputs themselves (one column per input unit, no features made),
    with targets y of shape (n,) or (n, k) for k output units; the same three arrays."""
    loop = _train_compiled if uses_kernel(engine) else train_reference
    history, loss, velocity = loop(config, inputs, y, start)
    if not config.momentum:
        velocity = np.zeros_like(velocity)  # plain steps keep no velocity
    return history, loss, velocity


def check_engine(engine: str) -> None:
    """Refuse an unknown engine, or numba where it is not installed."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if engine == "numba" and not _kernel.HAVE_NUMBA:
        raise RuntimeError("numba is not installed; use engine='numpy'")


def uses_kernel(engine: str) -> bool:
    """Whether `engine` trains with the compiled kernel. "auto" does when numba is installed,
    except while a warm-up compiles it for this process (warm_up.py): then the NumPy
    reference serves, with the same numbers, so nobody waits on the compiler."""
    if engine == "numba":
        return True
    return engine == "auto" and _kernel.HAVE_NUMBA and not _kernel.is_warming()


def _batches(n_samples: int, batch_size: int | None):
    step = n_samples if batch_size is None else batch_size
    return [slice(start, start + step) for start in range(0, n_samples, step)]


@dataclass(frozen=True)
class Step:
    """One backprop step on a batch of samples, with what each of the four steps produced.

    Step III's gradient is the loss's share, a_prev^T delta and delta averaged over the batch,
    plus the penalty's share on the weights (regularization.py); without a penalty it is the
    loss's share alone, the very same arrays.
    """

    before: Parameters
    forward: ForwardPass  # Step I: every z and a
    deltas: list[np.ndarray]  # Step II: every layer's error signal
    gradients: Parameters  # Step III: dE/dW and dE/db, what Step IV follows
    after: Parameters  # Step IV: the parameters after the update
    losses: np.ndarray  # each sample's reported loss, before the update
    data_gradients: Parameters  # the loss's share of the gradients, averaged over the batch
    regularization: str = "none"  # the penalty: "none", "l1" or "l2"
    reg_rate: float = 0.0  # its rate lambda

    @property
    def penalty_gradients(self) -> Parameters:
        """The penalty's share of the gradients: lambda sign(w) or lambda w on each W, 0 on each
        b (all 0 without a penalty). Worked out when asked, so training does not pay for it."""
        return penalty_gradients(self.before, self.regularization, self.reg_rate)

    @property
    def penalty(self) -> float:
        """The penalty Omega of the weights before the update (0 without one)."""
        return penalty(self.before, self.regularization, self.reg_rate)


def backprop_step(
    params: Parameters,
    X: np.ndarray,
    targets: np.ndarray,
    activations: Sequence[str],
    loss: str,
    learning_rate: float,
    optimizer: Momentum | None = None,
    regularization: str = "none",
    reg_rate: float = 0.0,
) -> Step:
    """Steps I to IV on the rows of X (the network's inputs: one column per feature); a batch
    steps along its mean gradient, plus the penalty's gradient when there is one."""
    targets = np.asarray(targets, dtype=float).reshape(len(X), -1)
    fwd = forward(params, X, activations)  # Step I
    deltas = backward(params, fwd, targets, activations, loss)  # Step II
    data_grads = mean_gradients(fwd, deltas)  # Step III
    grads = data_grads
    if is_active(regularization, reg_rate):
        grads = with_penalty(data_grads, penalty_gradients(params, regularization, reg_rate))
    if optimizer is None:
        after = update(params, grads, learning_rate)  # Step IV
    else:
        optimizer.learning_rate = learning_rate
        after = unpack(optimizer.step(pack(params), pack(grads)), sizes_of(params))
    losses = get_loss(loss).reported(fwd.output, fwd.z[-1], targets)
    return Step(params, fwd, deltas, grads, after, losses, data_grads, regularization, reg_rate)


def train_reference(
    config: LoopSettings, X: np.ndarray, y: np.ndarray, start: TrainingState
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The readable training loop: the post's four steps, batch by batch, epoch by epoch, on
    the network's inputs X (one column per feature) and targets y ((n,), or (n, k) for k
    outputs), from `start` up to epoch config.epochs.

    Returns the parameters after each epoch (row 0: start's), each epoch's loss (the data's:
    no penalty in it) and momentum's velocity at the end, stopping early at the first epoch
    that diverged (see `divergence.epoch_diverged`).
    """
    batch_size = 1 if config.batch_size is None else config.batch_size
    optimizer = None
    if config.momentum:
        optimizer = Momentum(config.learning_rate, config.momentum, start.velocity.copy())
    params = unpack(start.parameters.copy(), config.sizes)
    rate, first_loss = start.rate, start.first_loss
    history, losses = [pack(params)], []
    with np.errstate(all="ignore"):
        for _ in range(config.epochs - start.epoch):
            epoch_loss = 0.0
            for batch in _batches(len(y), batch_size):
                step = backprop_step(
                    params,
                    X[batch],
                    y[batch],
                    config.activations,
                    config.loss,
                    rate,
                    optimizer,
                    config.regularization,
                    config.reg_rate,
                )
                for sample_loss in step.losses:  # summed sample by sample, as the post does
                    epoch_loss += sample_loss
                params = step.after
            rate = rate * config.anneal
            theta = pack(params)
            if first_loss is None:
                first_loss = epoch_loss
            if epoch_diverged(largest_size(theta), epoch_loss, first_loss):
                break
            history.append(theta)
            losses.append(epoch_loss)
    velocity = start.velocity if optimizer is None else optimizer.velocity
    return np.array(history), np.array(losses), velocity


def _train_compiled(
    config: LoopSettings, X: np.ndarray, y: np.ndarray, start: TrainingState
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The same loop as train_reference, in the numba kernel (which takes k outputs too)."""
    codes = np.array([ACTIVATION_CODES[name] for name in config.activations], dtype=np.int64)
    theta, velocity = start.parameters.copy(), start.velocity.copy()
    epochs = config.epochs - start.epoch
    history = np.empty((epochs + 1, theta.size))
    losses = np.empty(epochs)
    settings = _kernel.Settings(
        loss_code=LOSS_CODES[config.loss],
        learning_rate=float(start.rate),
        anneal=float(config.anneal),
        momentum=float(config.momentum),
        batch_size=1 if config.batch_size is None else min(config.batch_size, len(y)),
        epochs=epochs,
        weight_bound=WEIGHT_BOUND,
        loss_growth=LOSS_GROWTH,
        regularization_code=REGULARIZATION_CODES[config.regularization],
        reg_rate=float(config.reg_rate),
        first_loss=np.nan if start.first_loss is None else float(start.first_loss),
    )
    done = _kernel.train_compiled(
        np.ascontiguousarray(X, dtype=float),
        np.ascontiguousarray(y, dtype=float).reshape(len(y), -1),  # (n, k): k outputs
        theta,
        velocity,
        config.sizes,
        codes,
        settings,
        history,
        losses,
    )
    return history[: done + 1], losses[:done], velocity
