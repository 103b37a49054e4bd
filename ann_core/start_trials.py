"""Random starts against pretrained ones (issue 34): one deep network trained from many seeds,
each from three kinds of initial weights, to see whether pretraining helps, and why.

- "random": the weights `train` draws for the seed, uniform in [-0.5, 0.5) (the post's);
- "pretrained": its hidden layers learnt greedily by autoencoders (pretraining.py);
- "scaled": the random draws with each hidden layer's W, and its b, multiplied so that their
  mean size is the pretrained layer's (`scaled_like`): random directions at the pretrained
  sizes. Pretrained weights are much larger than the post's draws, so a start that learns
  faster may owe it to their size alone; this start tells how much.

The output layer is the seed's draw in all three, and the data and the training are the seed's
(`train(config, initial=...)`); only the hidden layers' starting weights differ.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .config import TrainingConfig
from .network import Parameters
from .pretraining import Pretraining, pretrained_initial
from .restarts import over_seeds
from .run import Run
from .training import check_engine, prepare, train

STARTS = ("random", "pretrained", "scaled")
#: The training accuracy a run must reach to count as having learnt the problem.
GOAL = 0.99
MAX_SEEDS = 1000


def scaled_like(drawn: Parameters, pretrained: Parameters) -> Parameters:
    """`drawn` with each hidden layer's W, and its b, multiplied so that its mean absolute
    value is the one of `pretrained`'s layer; the output layer (the last) as drawn."""
    if len(drawn) != len(pretrained):
        raise ValueError("drawn and pretrained must have the same layers")

    def like(values: np.ndarray, target: np.ndarray) -> np.ndarray:
        size = np.abs(values).mean()
        return values * (np.abs(target).mean() / size) if size > 0 else values.copy()

    hidden = [
        (like(w, w_pre), like(b, b_pre))
        for (w, b), (w_pre, b_pre) in zip(drawn[:-1], pretrained[:-1], strict=True)
    ]
    return [*hidden, (drawn[-1][0].copy(), drawn[-1][1].copy())]


def weight_size(params: Parameters) -> float:
    """The mean absolute value of the hidden layers' weights (not the biases, nor the output
    layer's): how large a start is."""
    weights = [w.ravel() for w, _ in params[:-1]]
    return float(np.abs(np.concatenate(weights)).mean()) if weights else float("nan")


def initial_weights(
    config: TrainingConfig, pretraining: Pretraining, engine: str = "auto"
) -> dict[str, Parameters]:
    """Each start's initial parameters for `config` (its seed), by the names in STARTS."""
    _, drawn = prepare(config)
    pretrained = pretrained_initial(config, pretraining, engine=engine)
    return {
        "random": drawn,
        "pretrained": pretrained,
        "scaled": scaled_like(drawn, pretrained),
    }


@dataclass(frozen=True, eq=False)
class StartTrials:
    """The runs of every seed from each start (axis 0: STARTS' order; axis 1: seeds).

    mean_loss[start, seed, e - 1] is epoch e's training loss per sample, accuracy[start, seed,
    e] the training accuracy after e epochs (nan after a run diverged), weight_size[start,
    seed] the start's `weight_size`.
    """

    seeds: np.ndarray
    goal: float
    mean_loss: np.ndarray
    accuracy: np.ndarray
    weight_size: np.ndarray
    diverged: np.ndarray

    @property
    def reached(self) -> np.ndarray:
        """The first epoch each run's accuracy is at least `goal`, -1 if it never is."""
        at_goal = np.nan_to_num(self.accuracy, nan=0.0) >= self.goal
        return np.where(at_goal.any(axis=-1), at_goal.argmax(axis=-1), -1)

    @property
    def final_loss(self) -> np.ndarray:
        """Each run's loss per sample in its last epoch, before it diverged if it did (nan if
        it diverged in its first): shape (starts, seeds)."""
        recorded = np.isfinite(self.mean_loss)
        last = np.where(recorded.any(axis=-1), recorded.cumsum(axis=-1).argmax(axis=-1), 0)
        values = np.take_along_axis(self.mean_loss, last[..., None], axis=-1)[..., 0]
        return np.where(recorded.any(axis=-1), values, np.nan)

    def reached_count(self, start: str) -> int:
        """How many seeds' runs from `start` reach the goal."""
        return int((self.reached[STARTS.index(start)] >= 0).sum())

    def median_epochs(self, start: str) -> float | None:
        """The median epoch at which the runs from `start` that reach the goal reach it (None
        if none does)."""
        epochs = self.reached[STARTS.index(start)]
        return float(np.median(epochs[epochs >= 0])) if (epochs >= 0).any() else None


def compare_starts(
    config: TrainingConfig,
    pretraining: Pretraining,
    n_seeds: int,
    goal: float = GOAL,
    engine: str = "auto",
) -> StartTrials:
    """Train `config` from seeds config.seed, config.seed + 1, ... (n_seeds of them), each from
    every start of STARTS; a classification network with a hidden layer, else a ValueError."""
    check_engine(engine)
    if config.task != "classification":
        raise ValueError(f"task={config.task!r}: the starts are compared on a classification")
    if not config.hidden_units:
        raise ValueError("hidden_units=(): pretraining needs at least one hidden layer")
    if isinstance(n_seeds, bool) or not 1 <= int(n_seeds) <= MAX_SEEDS:
        raise ValueError(f"n_seeds must be in [1, {MAX_SEEDS}], got {n_seeds!r}")
    if not 0.0 < float(goal) <= 1.0:
        raise ValueError(f"goal must be an accuracy in (0, 1], got {goal!r}")
    seeds = config.seed + np.arange(int(n_seeds))

    def trials(seed: int) -> list[Run]:
        seeded = replace(config, seed=seed)
        starts = initial_weights(seeded, pretraining, engine)
        return [train(seeded, engine=engine, initial=starts[name]) for name in STARTS]

    runs = list(zip(*over_seeds(trials, seeds, engine), strict=True))  # [start][seed]
    epochs = config.epochs
    return StartTrials(
        seeds=seeds,
        goal=float(goal),
        mean_loss=np.array([[_padded(run.mean_loss, epochs) for run in row] for row in runs]),
        accuracy=np.array([[_padded(run.accuracy, epochs + 1) for run in row] for row in runs]),
        weight_size=np.array([[weight_size(run.parameters(0)) for run in row] for row in runs]),
        diverged=np.array([[run.diverged for run in row] for row in runs]),
    )


def _padded(values: np.ndarray, length: int) -> np.ndarray:
    """`values` followed by nan up to `length` (a run that diverged stops early)."""
    padded = np.full(length, np.nan)
    padded[: len(values)] = values
    return padded
