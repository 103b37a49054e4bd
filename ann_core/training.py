"""Training: the post's loop (online SGD, annealed rate) plus mini-batches and momentum.

`train` draws the data and the initial parameters from one RandomState(seed), exactly as the
post does after np.random.seed(seed), then runs either the compiled kernel (numba) or the
readable NumPy reference `train_reference`, which calls the four steps of network.py. Both
record the parameters after every epoch, so any epoch can be redrawn without retraining.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from . import _kernel
from .activations import ACTIVATION_CODES
from .config import TrainingConfig
from .datasets import Dataset, check_user_data, make_dataset, split
from .divergence import LOSS_GROWTH, WEIGHT_BOUND, epoch_diverged, largest_size
from .losses import LOSS_CODES, get_loss
from .network import (
    ForwardPass,
    Parameters,
    backward,
    forward,
    forward_stack,
    gradients,
    init_parameters,
    layer_sizes,
    pack,
    sizes_of,
    unpack,
    update,
)
from .optimizers import Momentum

ENGINES = ("auto", "numba", "numpy")
CLASS_THRESHOLD = 0.5


@dataclass(frozen=True, eq=False)
class Run:
    """A finished training run: its data, its parameters after every epoch, and its metrics.

    Epoch 0 is the initial state. `loss[k - 1]` is epoch k's loss, summed sample by sample
    during the epoch as the post does; the metrics measured with the parameters after each
    epoch (accuracy, test loss) have one more entry, indexed by epoch.
    """

    config: TrainingConfig
    X: np.ndarray
    y: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    sizes: tuple[int, ...]
    history: np.ndarray
    loss: np.ndarray
    diverged_at: int | None

    @property
    def epochs(self) -> int:
        """Epochs completed (fewer than asked for when training diverged)."""
        return len(self.loss)

    @property
    def activations(self) -> tuple[str, ...]:
        return self.config.activations

    def _epoch(self, epoch: int | None) -> int:
        if epoch is None:
            return self.epochs
        if not 0 <= int(epoch) <= self.epochs:
            raise ValueError(f"epoch must be in [0, {self.epochs}], got {epoch}")
        return int(epoch)

    def parameters(self, epoch: int | None = None) -> Parameters:
        """The (W, b) of every layer after `epoch` epochs (default: the last), as copies."""
        return unpack(self.history[self._epoch(epoch)].copy(), self.sizes)

    def predict(self, points: np.ndarray, epoch: int | None = None) -> np.ndarray:
        """The network's output at points (shape (n, n_inputs)) after `epoch` epochs: (n,)."""
        return self.predict_epochs(points, [self._epoch(epoch)])[0]

    def predict_epochs(self, points: np.ndarray, epochs: Sequence[int] | None = None) -> np.ndarray:
        """Outputs at points for many epochs at once (default: 0 to last): (n_epochs, n)."""
        return self.forward_epochs(points, epochs).output[..., 0]

    def forward_epochs(
        self, points: np.ndarray, epochs: Sequence[int] | None = None
    ) -> ForwardPass:
        """Step I at points for many epochs: every z and a, shape (n_epochs, n, units)."""
        rows = np.arange(self.epochs + 1) if epochs is None else np.asarray(epochs, dtype=int)
        points = np.asarray(points, dtype=float).reshape(-1, self.sizes[0])
        with np.errstate(all="ignore"):
            return forward_stack(self.history[rows], self.sizes, points, self.activations)

    @cached_property
    def accuracy(self) -> np.ndarray | None:
        """Training accuracy after each epoch (classification only), shape (epochs + 1,)."""
        return self._per_epoch(self.X, self.y, _accuracy)

    @cached_property
    def test_accuracy(self) -> np.ndarray | None:
        """Held-out accuracy after each epoch (classification with a test split only)."""
        return self._per_epoch(self.X_test, self.y_test, _accuracy)

    @cached_property
    def test_loss(self) -> np.ndarray | None:
        """Loss summed over the held-out rows after each epoch, shape (epochs + 1,)."""
        return self._summed_loss(self.X_test, self.y_test)

    def _summed_loss(
        self, X: np.ndarray, y: np.ndarray, epochs: Sequence[int] | None = None
    ) -> np.ndarray | None:
        if len(y) == 0:
            return None
        fwd = self.forward_epochs(X, epochs)
        with np.errstate(all="ignore"):
            reported = get_loss(self.config.loss).reported(fwd.output, fwd.z[-1], y[None, :, None])
        return reported.sum(axis=1)

    def _per_epoch(
        self, X: np.ndarray, y: np.ndarray, metric, epochs: Sequence[int] | None = None
    ) -> np.ndarray | None:
        if self.config.task != "classification" or len(y) == 0:
            return None
        return metric(self.forward_epochs(X, epochs).output[..., 0], y[None, :])

    def contributions(
        self, points: np.ndarray, epoch: int | None = None
    ) -> tuple[np.ndarray, float]:
        """Each last-hidden-layer unit's weighted output a_j w_j at points, and the output bias.

        They add up to the output unit's pre-activation z (the prediction itself, for a linear
        output): the post's Figures 13 and 14 draw them as dashed lines. Shape (n, units).
        """
        if len(self.sizes) < 3 or self.sizes[-1] != 1:
            raise ValueError("contributions need a hidden layer and a single output")
        epoch = self._epoch(epoch)
        hidden = self.forward_epochs(points, [epoch]).a[-2][0]
        w_out, b_out = self.parameters(epoch)[-1]
        return hidden * w_out[:, 0], float(b_out[0])

    @property
    def final_loss(self) -> float:
        return float(self.loss[-1]) if self.epochs else float("nan")

    @property
    def final_accuracy(self) -> float | None:
        return None if self.accuracy is None else float(self.accuracy[-1])


def _accuracy(outputs: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Share of rows whose output falls on the target's side of the 0.5 threshold."""
    return ((outputs >= CLASS_THRESHOLD) == (targets >= CLASS_THRESHOLD)).mean(axis=-1)


def prepare(
    config: TrainingConfig, data: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[Dataset, Parameters]:
    """The run's data and initial parameters, drawn from RandomState(config.seed) in the post's
    order: the data's noise, its shuffle, then w_1, w_2, ..., b_1, b_2, ..."""
    rng = np.random.RandomState(config.seed)
    if data is not None:
        X, y = check_user_data(*data, task=config.task)
        order = rng.permutation(len(y))
        dataset = split(X[order], y[order], config.test_fraction, config.task)
    elif config.problem in ("CUSTOM",):
        raise ValueError("problem='CUSTOM' needs data=(X, y)")
    else:
        dataset = make_dataset(
            config.problem, config.n_observations, config.noise, rng, config.test_fraction
        )
    sizes = layer_sizes(dataset.X.shape[1], config.hidden_units)
    return dataset, init_parameters(sizes, rng)


def train(
    config: TrainingConfig,
    data: tuple[np.ndarray, np.ndarray] | None = None,
    engine: str = "auto",
) -> Run:
    """Train a network as `config` says, on its problem's data or on `data=(X, y)`.

    engine: "numba" (the compiled kernel), "numpy" (the readable reference) or "auto" (numba
    when it is installed). Training that diverges by the rule of `divergence` (a non-finite
    or huge parameter, or a loss grown by orders of magnitude) stops at that epoch and the run
    records it in `diverged_at`, keeping the epochs before it; no exception, no warning.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if engine == "numba" and not _kernel.HAVE_NUMBA:
        raise RuntimeError("numba is not installed; use engine='numpy'")
    dataset, params = prepare(config, data)
    sizes = layer_sizes(dataset.X.shape[1], config.hidden_units)
    use_numba = engine == "numba" or (engine == "auto" and _kernel.HAVE_NUMBA)
    fit = _train_compiled if use_numba else train_reference
    history, loss = fit(config, dataset.X, dataset.y, params)
    done = len(loss)
    return Run(
        config=config,
        X=dataset.X,
        y=dataset.y,
        X_test=dataset.X_test,
        y_test=dataset.y_test,
        sizes=sizes,
        history=history[: done + 1],
        loss=loss,
        diverged_at=None if done == config.epochs else done + 1,
    )


def _batches(n_samples: int, batch_size: int | None):
    step = n_samples if batch_size is None else batch_size
    return [slice(start, start + step) for start in range(0, n_samples, step)]


@dataclass(frozen=True)
class Step:
    """One backprop step on a batch of samples, with what each of the four steps produced."""

    before: Parameters
    forward: ForwardPass  # Step I: every z and a
    deltas: list[np.ndarray]  # Step II: every layer's error signal
    gradients: Parameters  # Step III: dE/dW and dE/db, averaged over the batch
    after: Parameters  # Step IV: the parameters after the update
    losses: np.ndarray  # each sample's reported loss, before the update


def backprop_step(
    params: Parameters,
    X: np.ndarray,
    targets: np.ndarray,
    activations: Sequence[str],
    loss: str,
    learning_rate: float,
    optimizer: Momentum | None = None,
) -> Step:
    """Steps I to IV on the rows of X; a batch steps along its mean gradient."""
    targets = np.asarray(targets, dtype=float).reshape(len(X), -1)
    fwd = forward(params, X, activations)  # Step I
    deltas = backward(params, fwd, targets, activations, loss)  # Step II
    scale = 1.0 / len(targets)
    grads = [(dw * scale, db * scale) for dw, db in gradients(fwd, deltas)]  # Step III
    if optimizer is None:
        after = update(params, grads, learning_rate)  # Step IV
    else:
        optimizer.learning_rate = learning_rate
        after = unpack(optimizer.step(pack(params), pack(grads)), sizes_of(params))
    losses = get_loss(loss).reported(fwd.output, fwd.z[-1], targets)
    return Step(params, fwd, deltas, grads, after, losses)


def train_reference(
    config: TrainingConfig, X: np.ndarray, y: np.ndarray, params: Parameters
) -> tuple[np.ndarray, np.ndarray]:
    """The readable training loop: the post's four steps, batch by batch, epoch by epoch.

    Returns the parameters after each epoch (row 0: the initial ones) and each epoch's loss,
    stopping early at the first epoch that diverged (see `divergence.epoch_diverged`).
    """
    batch_size = 1 if config.batch_size is None else config.batch_size
    optimizer = Momentum(config.learning_rate, config.momentum) if config.momentum else None
    rate = config.learning_rate
    history, losses = [pack(params)], []
    with np.errstate(all="ignore"):
        for _ in range(config.epochs):
            epoch_loss = 0.0
            for batch in _batches(len(y), batch_size):
                step = backprop_step(
                    params, X[batch], y[batch], config.activations, config.loss, rate, optimizer
                )
                for sample_loss in step.losses:  # summed sample by sample, as the post does
                    epoch_loss += sample_loss
                params = step.after
            rate = rate * config.anneal
            theta = pack(params)
            first_loss = losses[0] if losses else epoch_loss
            if epoch_diverged(largest_size(theta), epoch_loss, first_loss):
                break
            history.append(theta)
            losses.append(epoch_loss)
    return np.array(history), np.array(losses)


def _train_compiled(
    config: TrainingConfig, X: np.ndarray, y: np.ndarray, params: Parameters
) -> tuple[np.ndarray, np.ndarray]:
    """The same loop as train_reference, in the numba kernel."""
    codes = np.array([ACTIVATION_CODES[name] for name in config.activations], dtype=np.int64)
    theta = pack(params)
    history = np.empty((config.epochs + 1, theta.size))
    losses = np.empty(config.epochs)
    settings = _kernel.Settings(
        loss_code=LOSS_CODES[config.loss],
        learning_rate=float(config.learning_rate),
        anneal=float(config.anneal),
        momentum=float(config.momentum),
        batch_size=1 if config.batch_size is None else min(config.batch_size, len(y)),
        epochs=config.epochs,
        weight_bound=WEIGHT_BOUND,
        loss_growth=LOSS_GROWTH,
    )
    done = _kernel.train_compiled(
        np.ascontiguousarray(X, dtype=float),
        np.ascontiguousarray(y, dtype=float).reshape(-1, 1),
        theta,
        sizes_of(params),
        codes,
        settings,
        history,
        losses,
    )
    return history[: done + 1], losses[:done]


@dataclass(frozen=True)
class Restarts:
    """The same configuration trained from seeds seed, seed + 1, ...: each run's final state.

    Accuracy arrays are None for regression; a diverged run keeps its values from before it
    diverged (a final loss of nan if it diverged in epoch 1).
    """

    seeds: np.ndarray
    final_loss: np.ndarray
    final_accuracy: np.ndarray | None
    final_test_loss: np.ndarray | None
    diverged: np.ndarray


def restarts(config: TrainingConfig, n_restarts: int, engine: str = "auto") -> Restarts:
    """Train `config` from n_restarts consecutive seeds (threads share the compiled kernel)."""
    if not 1 <= int(n_restarts) <= 1000:
        raise ValueError(f"n_restarts must be in [1, 1000], got {n_restarts}")
    seeds = config.seed + np.arange(int(n_restarts))

    def final_state(seed: int) -> tuple[float, float, float, bool]:
        run = train(replace(config, seed=int(seed)), engine=engine)
        last = [run.epochs]  # only the final epoch is measured: restarts must be quick
        accuracy = run._per_epoch(run.X, run.y, _accuracy, last)
        test_loss = run._summed_loss(run.X_test, run.y_test, last)
        return (
            run.final_loss,
            np.nan if accuracy is None else float(accuracy[0]),
            np.nan if test_loss is None else float(test_loss[0]),
            run.diverged_at is not None,
        )

    uses_kernel = engine == "numba" or (engine == "auto" and _kernel.HAVE_NUMBA)
    workers = min(os.cpu_count() or 1, 4) if uses_kernel else 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        rows = list(pool.map(final_state, seeds))
    loss, accuracy, test_loss, diverged = (np.array(column) for column in zip(*rows, strict=True))
    return Restarts(
        seeds=seeds,
        final_loss=loss,
        final_accuracy=None if config.task != "classification" else accuracy,
        final_test_loss=None if config.test_fraction == 0 else test_loss,
        diverged=diverged.astype(bool),
    )
