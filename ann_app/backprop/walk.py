"""The Backpropagation page's walk through online training, one step of one sample at a time.

A `Walk` is small and plain (a flat list of floats, a few ints), so it sits in
`st.session_state`. It records the parameters *before* the current sample; the current sample's
four steps are recomputed from them by `ann_core.training.backprop_step`, the very call the
engine's training loop makes per sample, so every number the page shows is training's number.
Nothing here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ann_core.config import TrainingConfig
from ann_core.datasets import Dataset
from ann_core.divergence import step_diverged
from ann_core.features import feature_columns
from ann_core.gradcheck import GradientCheck, gradient_check
from ann_core.losses import get_loss
from ann_core.network import Parameters, pack, sizes_of, unpack
from ann_core.training import Step, backprop_step

#: The post's four steps (Figure 6), in order.
STEPS = ("I", "II", "III", "IV")
STEP_NAMES = ("Forward", "Backward", "Gradients", "Update")
#: The loss history keeps at most this many samples (the most recent ones).
MAX_HISTORY = 5_000


@dataclass(frozen=True)
class Walk:
    """Where the walk is: the parameters before the current sample, and how far it has got.

    `step` is how many of the current sample's four steps are shown, minus one (0: Step I).
    `rate` is the learning rate of the current epoch, annealed as training anneals it.
    `losses` holds each finished sample's loss (measured before its update), oldest first.
    """

    key: str
    theta: tuple[float, ...]
    sizes: tuple[int, ...]
    rate: float
    epoch: int = 0
    sample: int = 0
    step: int = 0
    losses: tuple[float, ...] = ()

    @property
    def params(self) -> Parameters:
        """The (W, b) pairs before the current sample, as fresh arrays."""
        return unpack(np.array(self.theta, dtype=float), self.sizes)


def walk_config(values: Any) -> TrainingConfig:
    """The TrainingConfig the Backpropagation page's settings describe.

    A loss that needs another output activation (cross-entropy needs a sigmoid) falls back to
    squared error; the page says so when `config.loss` differs from the chosen loss.
    """
    needs = get_loss(values.loss).requires_output
    loss = values.loss if needs in (None, values.output) else "sse"
    return TrainingConfig(
        problem=values.data,
        hidden_units=(values.h1, values.h2)[: values.layers],
        hidden_activation=values.hidden,
        output_activation=values.output,
        loss=loss,
        learning_rate=values.lr,
        anneal=values.anneal,
        seed=values.seed,
        n_observations=values.n,
        regularization=values.reg,
        reg_rate=values.reg_rate,
    )


def walk_key(config: TrainingConfig) -> str:
    """A key that changes whenever a setting that changes the walk's numbers changes."""
    return repr(config)


def start(config: TrainingConfig, params: Parameters) -> Walk:
    """A fresh walk at epoch 0, sample 0, Step I, from the run's initial parameters, which must
    have the layout `config.sizes` (one input per feature)."""
    if sizes_of(params) != config.sizes:
        raise ValueError(
            f"params have layer sizes {sizes_of(params)}, not config.sizes={config.sizes}"
        )
    theta = tuple(float(v) for v in pack(params))
    return Walk(walk_key(config), theta, config.sizes, float(config.learning_rate))


def current_sample(
    walk: Walk, config: TrainingConfig, dataset: Dataset
) -> tuple[np.ndarray, np.ndarray]:
    """The current sample as the network sees it, one row each: its inputs (a column per
    feature, `config.features` of the raw point) and its target."""
    rows = slice(walk.sample, walk.sample + 1)
    return feature_columns(config.features, dataset.X[rows]), dataset.y[rows]


def current_step(walk: Walk, config: TrainingConfig, dataset: Dataset) -> Step:
    """The four steps on the current sample, from the parameters before it, with the penalty."""
    x, t = current_sample(walk, config, dataset)
    with np.errstate(all="ignore"):  # as in training: a diverging walk shows inf and nan
        return backprop_step(
            walk.params,
            x,
            t,
            config.activations,
            config.loss,
            walk.rate,
            regularization=config.regularization,
            reg_rate=config.reg_rate,
        )


def check_gradients(walk: Walk, config: TrainingConfig, dataset: Dataset) -> GradientCheck:
    """Backprop's gradient for the current sample (penalty included) beside central finite
    differences of the sample's objective plus the penalty."""
    x, t = current_sample(walk, config, dataset)
    with np.errstate(all="ignore"):
        return gradient_check(
            walk.params,
            x,
            t,
            config.activations,
            config.loss,
            regularization=config.regularization,
            reg_rate=config.reg_rate,
        )


def next_sample(walk: Walk, config: TrainingConfig, dataset: Dataset) -> Walk:
    """Finish the current sample (apply Step IV) and stand at Step I of the next one.

    After the epoch's last sample the rate is annealed, exactly as training does it
    (one multiplication by `anneal` per epoch).
    """
    step = current_step(walk, config, dataset)
    theta = tuple(float(v) for v in pack(step.after))
    losses = (*walk.losses, *(float(v) for v in step.losses))[-MAX_HISTORY:]
    sample, epoch, rate = walk.sample + 1, walk.epoch, walk.rate
    if sample == len(dataset.y):
        sample, epoch, rate = 0, epoch + 1, rate * config.anneal
    return replace(walk, theta=theta, rate=rate, epoch=epoch, sample=sample, step=0, losses=losses)


def next_step(walk: Walk, config: TrainingConfig, dataset: Dataset) -> Walk:
    """Show the next of the four steps; after Step IV, move on to the next sample."""
    if walk.step < len(STEPS) - 1:
        return replace(walk, step=walk.step + 1)
    return next_sample(walk, config, dataset)


def next_epoch(walk: Walk, config: TrainingConfig, dataset: Dataset) -> Walk:
    """Finish the current epoch's remaining samples and stand at the next epoch's first, or
    stop at the sample after which the walk diverged (so the page shows that step)."""
    epoch = walk.epoch
    while walk.epoch == epoch and not diverged(walk):
        walk = next_sample(walk, config, dataset)
    return walk


def samples_done(walk: Walk, n_samples: int) -> int:
    """How many samples have been trained on (updates applied) so far."""
    return walk.epoch * n_samples + walk.sample


def diverged(walk: Walk) -> bool:
    """True once the walk has diverged by the rule training uses (`ann_core.divergence`): a
    weight past its bound, or a weight or the last sample's loss not finite."""
    last_loss = walk.losses[-1] if walk.losses else 0.0  # no sample finished yet: no loss
    return step_diverged(np.array(walk.theta), last_loss)
