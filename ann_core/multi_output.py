"""Networks with several output units: targets of shape (n, k), the loss summed over the outputs.

network.py's four steps take rows of k outputs as they take rows of one: Step I's output has
shape (n, k), Step II starts from each output unit's own delta_k = g'(z_k)(a_k - t_k), Steps III
and IV do not care; losses.py sums a sample's loss over its outputs, and gradcheck.py checks
such gradients as it checks the others. What holds a run to one output is TrainingConfig, whose
network is (features, *hidden, 1) on its problem's data. A `NetworkTraining` names the layer
sizes and each layer's activation itself, and how to train (the post's online steps with an
annealed rate, and TrainingConfig's other options: batches, momentum, a penalty, with the same
bounds); `train_network` trains it on inputs X (n, d) and targets Y (n, k) from given initial
parameters and returns a `NetworkRun`, the parameters after every epoch. Both engines train it:
the compiled kernel takes k outputs as it takes one, to the same bits as the NumPy reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .activations import ACTIVATIONS
from .config import CONSTRAINTS, check_number, interval_of
from .losses import LOSSES, get_loss
from .network import (
    MAX_HIDDEN_LAYERS,
    MAX_UNITS_PER_LAYER,
    ForwardPass,
    Parameters,
    forward_stack,
    unpack,
)
from .run import recorded_epoch
from .training import check_engine, checked_parameters, fit_inputs, initial_state

#: Hidden layers a NetworkTraining may have: room for an autoencoder that mirrors the deepest
#: network's hidden layers around its code.
MAX_LAYERS_AROUND_A_CODE = 2 * MAX_HIDDEN_LAYERS + 1
NUMBER_SETTINGS = ("learning_rate", "epochs", "anneal", "momentum", "reg_rate")


@dataclass(frozen=True)
class NetworkTraining:
    """A network of any layer sizes (input first, output last) and how to train it.

    `activations` has one name per weight layer, output last. The training settings mean what
    TrainingConfig's do, with its defaults and bounds (the post's: online steps, rate 2.0 annealed
    by 0.95 an epoch). Anything wrong raises a ValueError naming the setting.
    """

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str = "sse"
    learning_rate: float = 2.0
    epochs: int = 100
    anneal: float = 0.95
    momentum: float = 0.0
    batch_size: int | None = None
    regularization: str = "none"
    reg_rate: float = 0.0

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: keep the settings normalised, as TrainingConfig does
        set_(self, "sizes", _checked_sizes(self.sizes))
        set_(self, "activations", _checked_activations(self.activations, len(self.sizes) - 1))
        for name in NUMBER_SETTINGS:
            set_(self, name, checked_setting(name, getattr(self, name)))
        if self.batch_size is not None:
            set_(self, "batch_size", checked_setting("batch_size", self.batch_size))
        for name in ("loss", "regularization"):
            if message := CONSTRAINTS[name].check(getattr(self, name)):
                raise ValueError(f"{name}={getattr(self, name)!r} {message}")
        needs = LOSSES[self.loss].requires_output
        if needs not in (None, self.activations[-1]):
            raise ValueError(f"loss={self.loss!r} needs the output activation {needs!r}")

    @property
    def n_inputs(self) -> int:
        return self.sizes[0]

    @property
    def n_outputs(self) -> int:
        return self.sizes[-1]


def _checked_sizes(sizes: object) -> tuple[int, ...]:
    """Layer sizes as a tuple of ints: an input and an output layer, at most
    MAX_LAYERS_AROUND_A_CODE hidden ones, each of 1 to MAX_UNITS_PER_LAYER units."""
    refusal = ValueError(
        f"sizes={sizes!r} must be 2 to {MAX_LAYERS_AROUND_A_CODE + 2} layer sizes, "
        f"each a whole number of 1 to {MAX_UNITS_PER_LAYER} units"
    )
    if not isinstance(sizes, Sequence) or not 2 <= len(sizes) <= MAX_LAYERS_AROUND_A_CODE + 2:
        raise refusal
    if any(isinstance(n, bool) or not isinstance(n, int | np.integer) for n in sizes):
        raise refusal
    if not all(1 <= n <= MAX_UNITS_PER_LAYER for n in sizes):
        raise refusal
    return tuple(int(n) for n in sizes)


def check_activation(argument: str, name: object) -> None:
    """Refuse, with a ValueError naming `argument`, a name that is no activation's."""
    if message := CONSTRAINTS["output_activation"].check(name):
        raise ValueError(f"{argument}={name!r} {message}")


def _checked_activations(names: object, n_layers: int) -> tuple[str, ...]:
    """One known activation name per weight layer, as a tuple."""
    if not isinstance(names, Sequence) or isinstance(names, str) or len(names) != n_layers:
        raise ValueError(f"activations={names!r} must name one activation per layer, {n_layers}")
    if unknown := [name for name in names if name not in ACTIVATIONS]:
        raise ValueError(f"activations has {unknown!r}; choose from {', '.join(ACTIVATIONS)}")
    return tuple(names)


def checked_setting(name: str, value: object) -> int | float:
    """`value` as a plain number inside the bounds TrainingConfig gives setting `name`, else a
    ValueError naming it."""
    interval = interval_of(name)
    return check_number(
        name,
        value,
        interval.low,
        interval.high,
        integer=interval.kind is int,
        open_low=not interval.closed_low,
    )


def checked_rows(X: object, Y: object, sizes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Inputs X (n, sizes[0]) and targets Y (n, sizes[-1]; (n,) for one output) as float copies,
    finite and at least one row; else a ValueError naming X or Y."""
    X = _finite_matrix(X, "X", sizes[0])
    Y = _finite_matrix(Y, "Y", sizes[-1])
    if len(Y) != len(X):
        raise ValueError(f"Y must have a row per row of X ({len(X)}), got {len(Y)}")
    return X, Y


def _finite_matrix(value: object, name: str, columns: int) -> np.ndarray:
    """`value` as a float array (n >= 1, columns) of finite numbers, else a ValueError naming it."""
    refusal = ValueError(f"{name} must be finite numbers of shape (n, {columns}), n >= 1")
    try:
        matrix = np.array(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise refusal from None
    if matrix.ndim == 1 and columns == 1:
        matrix = matrix[:, None]
    if matrix.ndim != 2 or matrix.shape[1] != columns or len(matrix) == 0:
        raise refusal
    if not np.isfinite(matrix).all():
        raise refusal
    return matrix


@dataclass(frozen=True, eq=False)
class NetworkRun:
    """A trained network of several outputs: its data, its parameters after every epoch.

    As `Run`: history[e] is the flat parameter vector (network.pack) after e epochs (0: the
    initial one), loss[e - 1] epoch e's loss summed sample by sample during the epoch (each
    sample's over its outputs), diverged_at the epoch that diverged, if one did.
    """

    training: NetworkTraining
    X: np.ndarray
    Y: np.ndarray
    history: np.ndarray
    loss: np.ndarray
    diverged_at: int | None

    @property
    def sizes(self) -> tuple[int, ...]:
        return self.training.sizes

    @property
    def activations(self) -> tuple[str, ...]:
        return self.training.activations

    @property
    def epochs(self) -> int:
        """Epochs completed (fewer than asked for when training diverged)."""
        return len(self.loss)

    def epoch_index(self, epoch: int | None) -> int:
        """`epoch` as an int (None: the last), or a ValueError unless it is a recorded epoch."""
        return recorded_epoch(epoch, self.epochs)

    def rows(self, epochs: Sequence[int] | None) -> np.ndarray:
        """The rows of history of `epochs` (default: every epoch, 0 to last), each checked."""
        if epochs is None:
            return np.arange(self.epochs + 1)
        return np.array([self.epoch_index(epoch) for epoch in epochs], dtype=int)

    def parameters(self, epoch: int | None = None) -> Parameters:
        """The (W, b) of every layer after `epoch` epochs (default: the last), as copies."""
        return unpack(self.history[self.epoch_index(epoch)].copy(), self.sizes)

    def forward_epochs(
        self, points: np.ndarray, epochs: Sequence[int] | None = None
    ) -> ForwardPass:
        """Step I at input rows `points` (m, n_inputs) after each of `epochs` (default: 0 to
        last): every layer's z and a, shape (n_epochs, m, units)."""
        points = _finite_matrix(points, "points", self.sizes[0])
        thetas = self.history[self.rows(epochs)]
        with np.errstate(all="ignore"):
            return forward_stack(thetas, self.sizes, points, self.activations)

    def predict_epochs(self, points: np.ndarray, epochs: Sequence[int] | None = None) -> np.ndarray:
        """The outputs at `points` after each of `epochs`: shape (n_epochs, m, n_outputs)."""
        return self.forward_epochs(points, epochs).output

    def predict(self, points: np.ndarray, epoch: int | None = None) -> np.ndarray:
        """The outputs at `points` after `epoch` epochs (default: the last): (m, n_outputs)."""
        return self.predict_epochs(points, [self.epoch_index(epoch)])[0]

    def loss_after(self, epochs: Sequence[int] | None = None) -> np.ndarray:
        """The loss summed over the rows (each over its outputs) with the parameters after
        each of `epochs` (default: 0 to last); not loss[e - 1], summed while epoch e moved them."""
        fwd = self.forward_epochs(self.X, epochs)
        with np.errstate(all="ignore"):
            reported = get_loss(self.training.loss).reported(fwd.output, fwd.z[-1], self.Y)
        return reported.sum(axis=1)

    @cached_property
    def mean_loss(self) -> np.ndarray:
        """Each epoch's loss per sample (`loss` over the rows), shape (epochs,)."""
        return self.loss / len(self.X)


def train_network(
    training: NetworkTraining,
    X: np.ndarray,
    Y: np.ndarray,
    initial: Parameters,
    engine: str = "auto",
) -> NetworkRun:
    """Train `training`'s network on inputs X (n, n_inputs) and targets Y (n, n_outputs) from
    the (W, b) pairs `initial`, rows in order, as training.py's `train` does (engine: "auto",
    "numba" or "numpy"; both give the same bits). Stops at an epoch that diverged, recording it."""
    check_engine(engine)
    X, Y = checked_rows(X, Y, training.sizes)
    params = checked_parameters(initial, training.sizes, "initial")
    history, loss, _ = fit_inputs(training, X, Y, initial_state(training, params), engine)
    done = len(loss)
    return NetworkRun(
        training=training,
        X=X,
        Y=Y,
        history=history[: done + 1],
        loss=loss,
        diverged_at=None if done == training.epochs else done + 1,
    )
