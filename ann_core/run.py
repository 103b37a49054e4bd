"""`Run`: the record of a finished training run, which every page draws from.

It holds the data trained on and the parameters after every epoch (epoch 0: the initial ones),
so any epoch can be redrawn, and measured, without retraining. Its data and every point it
predicts at are raw inputs (x₁, x₂ or x): the run computes its features from them. A run
continued from some epoch with other training settings (continuation.py) records each stretch
of epochs and its settings as a `Segment`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

import numpy as np

from .config import TrainingConfig, network_and_data_changes
from .divergence import made_worse
from .features import feature_columns
from .losses import get_loss
from .network import ForwardPass, Parameters, forward_stack, offsets, unpack
from .regularization import weight_penalty

#: An output at or above this answers class 1.
CLASS_THRESHOLD = 0.5


def stretch_of(starts: Sequence[int], epochs: Sequence[int]) -> np.ndarray:
    """For each of `epochs`, the index of the stretch that trained it, of stretches starting
    after epochs `starts` (ascending): the last one starting before it, -1 if none does. The one
    rule for "which segment trained epoch e", for a run's segments and a page's history."""
    return np.searchsorted(np.asarray(starts, dtype=int), np.asarray(epochs), side="left") - 1


def recorded_epoch(epoch: int | None, last: int) -> int:
    """`epoch` as an int (None: `last`), or a ValueError unless it is in [0, last]: the epochs a
    run records (its initial weights and each epoch's), for every kind of run."""
    if epoch is None:
        return last
    if not 0 <= int(epoch) <= last:
        raise ValueError(f"epoch must be in [0, {last}], got {epoch}")
    return int(epoch)


@dataclass(frozen=True)
class Segment:
    """A stretch of a run trained with one set of settings: epochs start + 1 to config.epochs.

    It may be empty (start == config.epochs) when last: its parameters were set at `start`
    (edited, say) and not trained further.
    """

    start: int
    config: TrainingConfig

    @property
    def end(self) -> int:
        return self.config.epochs


@dataclass(frozen=True, eq=False)
class Run:
    """A finished training run: its data, its parameters after every epoch, and its metrics.

    Epoch 0 is the initial state. `loss[k - 1]` is epoch k's loss, summed sample by sample
    during the epoch as the post does (the data's loss: a penalty is reported apart, in
    `penalty`); the metrics measured with the parameters after each epoch (accuracy, loss,
    test loss, penalty) have one more entry, indexed by epoch, and measure with `config`'s loss
    and penalty. `config` holds the settings the run ends with; `segments` the settings of each
    stretch of epochs (one segment, `config`'s, unless the run was continued), the last one's
    being `config`.
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
    segments: tuple[Segment, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.segments:
            object.__setattr__(self, "segments", (Segment(0, self.config),))
        if problem := self._segments_problem():
            raise ValueError(f"segments {problem}")

    def _segments_problem(self) -> str | None:
        """What is wrong with the segments, if anything: they must start at epoch 0, each where
        the one before ends, none empty but the last, which ends the run as `config` does, and
        none may change the network or its data."""
        segments = self.segments
        if segments[0].start != 0:
            return "must start at epoch 0"
        for before, after in pairwise(segments):
            if not before.start < before.end == after.start:
                return (
                    f"must each hold epochs and follow each other: one runs from {before.start} "
                    f"to {before.end}, the next from {after.start}"
                )
        if segments[-1].config != self.config:
            return "must end with the run's own settings"
        if segments[-1].start > self.epochs:
            return f"must start at recorded epochs: {segments[-1].start} > {self.epochs}"
        for segment in segments:
            if changes := network_and_data_changes(self.config, segment.config):
                return f"must keep the network and data: {'; '.join(changes)}"
        return None

    @property
    def epochs(self) -> int:
        """Epochs completed (fewer than asked for when training diverged)."""
        return len(self.loss)

    @property
    def activations(self) -> tuple[str, ...]:
        return self.config.activations

    def epoch_index(self, epoch: int | None) -> int:
        """`epoch` as an int (None: the last), or a ValueError unless it is a recorded epoch."""
        return recorded_epoch(epoch, self.epochs)

    def parameters(self, epoch: int | None = None) -> Parameters:
        """The (W, b) of every layer after `epoch` epochs (default: the last), as copies."""
        return unpack(self.history[self.epoch_index(epoch)].copy(), self.sizes)

    def predict(self, points: np.ndarray, epoch: int | None = None) -> np.ndarray:
        """The network's output at raw points (n, config.n_inputs) after `epoch` epochs: (n,)."""
        return self.predict_epochs(points, [self.epoch_index(epoch)])[0]

    def predict_epochs(self, points: np.ndarray, epochs: Sequence[int] | None = None) -> np.ndarray:
        """Outputs at points for many epochs at once (default: 0 to last): (n_epochs, n)."""
        return self.forward_epochs(points, epochs).output[..., 0]

    def forward_epochs(
        self, points: np.ndarray, epochs: Sequence[int] | None = None
    ) -> ForwardPass:
        """Step I at raw points for many epochs: every z and a, shape (n_epochs, n, units); the
        input a_in holds the points' features."""
        return self.forward_parameters(self.history[self._rows(epochs)], points)

    def forward_parameters(self, thetas: np.ndarray, points: np.ndarray) -> ForwardPass:
        """Step I at raw points for a stack of flat parameter vectors (one per row of thetas,
        laid out as network.pack lays them out), with the run's network."""
        points = np.asarray(points, dtype=float).reshape(-1, self.config.n_inputs)
        with np.errstate(all="ignore"):
            inputs = feature_columns(self.config.features, points)
            return forward_stack(thetas, self.sizes, inputs, self.activations)

    def loss_of(self, thetas: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The loss summed over the rows of raw inputs X and targets y, as training reports it
        (the data's, with `config`'s loss), for each flat parameter vector of thetas."""
        fwd = self.forward_parameters(thetas, X)
        targets = np.asarray(y, dtype=float)[None, :, None]
        with np.errstate(all="ignore"):
            reported = get_loss(self.config.loss).reported(fwd.output, fwd.z[-1], targets)
        return reported.sum(axis=1)

    def _rows(self, epochs: Sequence[int] | None) -> np.ndarray:
        """The rows of history of `epochs` (default: every epoch, 0 to last)."""
        return np.arange(self.epochs + 1) if epochs is None else np.asarray(epochs, dtype=int)

    def accuracy_after(self, epochs: Sequence[int] | None = None) -> np.ndarray | None:
        """Training accuracy after each of `epochs` (default: 0 to last); classification only."""
        return self._accuracy(self.X, self.y, epochs)

    def test_accuracy_after(self, epochs: Sequence[int] | None = None) -> np.ndarray | None:
        """Held-out accuracy after each of `epochs`; classification with a test split only."""
        return self._accuracy(self.X_test, self.y_test, epochs)

    def loss_after(self, epochs: Sequence[int] | None = None) -> np.ndarray:
        """Loss summed over the training rows with the parameters after each of `epochs`
        (default: 0 to last). Not `loss[e - 1]`, which online training sums while the weights
        move during epoch e."""
        return self.loss_of(self.history[self._rows(epochs)], self.X, self.y)

    def test_loss_after(self, epochs: Sequence[int] | None = None) -> np.ndarray | None:
        """Loss summed over the held-out rows after each of `epochs`; None without them."""
        if len(self.y_test) == 0:
            return None
        return self.loss_of(self.history[self._rows(epochs)], self.X_test, self.y_test)

    def penalty_after(self, epochs: Sequence[int] | None = None) -> np.ndarray:
        """The penalty Omega of the weights after each of `epochs` (regularization.py: lambda
        sum |w| or lambda/2 sum w^2; every step adds it to its batch's mean objective), with
        the penalty of the segment that trained that epoch; zeros without a penalty."""
        rows = self._rows(epochs)
        n_weights = offsets(self.sizes)[1][0]  # every W comes before every b
        weights = self.history[rows, :n_weights]
        trained_by = self.segment_of(rows)
        penalty = np.zeros(len(rows))
        for index in np.unique(trained_by):
            config, these = self.segments[index].config, trained_by == index
            with np.errstate(all="ignore"):  # a loaded file's weights may square past 1e308
                penalty[these] = weight_penalty(
                    weights[these], config.regularization, config.reg_rate
                )
        return penalty

    def segment_of(self, epochs: Sequence[int]) -> np.ndarray:
        """The index in `segments` of the segment that trained each of `epochs` (the last
        one starting before it; epoch 0, the initial weights, counts as the first's)."""
        return np.maximum(stretch_of([segment.start for segment in self.segments], epochs), 0)

    @cached_property
    def penalty(self) -> np.ndarray:
        """The penalty of the weights after every epoch, shape (epochs + 1,)."""
        return self.penalty_after()

    @cached_property
    def accuracy(self) -> np.ndarray | None:
        """Training accuracy after every epoch, shape (epochs + 1,) (classification only)."""
        return self.accuracy_after()

    @cached_property
    def test_accuracy(self) -> np.ndarray | None:
        """Held-out accuracy after every epoch (classification with a test split only)."""
        return self.test_accuracy_after()

    @cached_property
    def test_loss(self) -> np.ndarray | None:
        """Loss summed over the held-out rows after every epoch, shape (epochs + 1,)."""
        return self.test_loss_after()

    @cached_property
    def start_and_end_loss(self) -> tuple[float, float]:
        """The training loss summed with the initial weights and with the last ones (not
        `loss[-1]`, summed while the last epoch moved them)."""
        start, end = self.loss_after([0, self.epochs])
        return float(start), float(end)

    @property
    def made_worse(self) -> bool:
        """Rule 4 of `divergence`: its steps left it worse than its initial weights (a run that
        blew up, `diverged_at`, is judged by rules 1 to 3 instead)."""
        if self.diverged_at is not None or not self.epochs:
            return False
        return made_worse(*self.start_and_end_loss)

    @property
    def diverged(self) -> bool:
        """By the one rule of `divergence`: it blew up (`diverged_at`) or was made worse."""
        return self.diverged_at is not None or self.made_worse

    @property
    def mean_loss(self) -> np.ndarray:
        """The training loss per sample (the summed `loss` over the training rows), shape
        (epochs,): the one unit the pages show, so runs with more or fewer rows compare."""
        return self.loss / len(self.y)

    @property
    def mean_test_loss(self) -> np.ndarray | None:
        """The held-out loss per sample (`test_loss` over the held-out rows); None without."""
        return None if self.test_loss is None else self.test_loss / len(self.y_test)

    def _accuracy(
        self, X: np.ndarray, y: np.ndarray, epochs: Sequence[int] | None
    ) -> np.ndarray | None:
        """Share of rows whose output falls on their class's side of CLASS_THRESHOLD."""
        if self.config.task != "classification" or len(y) == 0:
            return None
        outputs = self.forward_epochs(X, epochs).output[..., 0]
        return ((outputs >= CLASS_THRESHOLD) == (y[None, :] >= CLASS_THRESHOLD)).mean(axis=-1)

    def contributions(
        self, points: np.ndarray, epoch: int | None = None
    ) -> tuple[np.ndarray, float]:
        """Each last-hidden-layer unit's weighted output a_j w_j at points, and the output bias.

        They add up to the output unit's pre-activation z (the prediction itself, for a linear
        output): the post's Figures 13 and 14 draw them as dashed lines. Shape (n, units).
        """
        if len(self.sizes) < 3 or self.sizes[-1] != 1:
            raise ValueError("contributions need a hidden layer and a single output")
        epoch = self.epoch_index(epoch)
        hidden = self.forward_epochs(points, [epoch]).a[-2][0]
        w_out, b_out = self.parameters(epoch)[-1]
        return hidden * w_out[:, 0], float(b_out[0])

    @property
    def final_loss(self) -> float:
        return float(self.loss[-1]) if self.epochs else float("nan")

    @property
    def final_accuracy(self) -> float | None:
        return None if self.accuracy is None else float(self.accuracy[-1])
