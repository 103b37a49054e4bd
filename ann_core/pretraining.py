"""Greedy layer-wise pretraining: a deep network's initial weights, learnt without targets.

The recipe of Hinton and Salakhutdinov (2006) and Bengio et al. (2007), with autoencoders: train
a one-hidden-layer autoencoder on the network's inputs (d -> h1 -> d) and keep its encoder, the
first layer's W and b, as the deep network's first layer; train the next autoencoder (h1 -> h2
-> h1) on the codes that encoder gives the inputs, keep its encoder as the second layer; and so
on up the hidden layers. Each autoencoder's hidden units use the deep network's activation, so an
encoder computes in the network exactly what it computed in its autoencoder. The targets are
never used: the output layer is drawn as the seed draws it (`pretrained_initial`), and the deep
network then trains from these parameters as any other run, `train(config, initial=...)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .autoencoder import AutoencoderConfig, train_autoencoder
from .config import TrainingConfig
from .features import feature_columns
from .multi_output import NetworkRun, check_activation
from .network import Layer, Parameters, forward, init_parameters
from .run import Run
from .training import check_engine, prepare, train


@dataclass(frozen=True)
class Pretraining:
    """How each layer's autoencoder trains: its output units' activation (`decoder_activation`,
    None: the deep network's hidden activation, which its hidden units always take) and
    TrainingConfig's settings of those names, online steps by default. A decoder of a bounded
    activation cannot give back inputs outside its range (sigmoid's (0, 1)): "linear" can.
    Anything wrong raises a ValueError naming the setting."""

    decoder_activation: str | None = None
    learning_rate: float = 0.1
    epochs: int = 200
    anneal: float = 1.0
    momentum: float = 0.0
    batch_size: int | None = None

    def __post_init__(self) -> None:
        if self.decoder_activation is not None:
            check_activation("decoder_activation", self.decoder_activation)
        self.autoencoder(1, "sigmoid")  # checks the other settings, naming what is wrong

    def autoencoder(self, units: int, activation: str) -> AutoencoderConfig:
        """The settings of the autoencoder that pretrains a hidden layer of `units` units."""
        return AutoencoderConfig(
            hidden_units=(units,),
            hidden_activation=activation,
            output_activation=self.decoder_activation or activation,
            learning_rate=self.learning_rate,
            epochs=self.epochs,
            anneal=self.anneal,
            momentum=self.momentum,
            batch_size=self.batch_size,
        )


def encoder_of(run: NetworkRun) -> Layer:
    """The (W, b) of a trained autoencoder's first layer, after its last epoch."""
    return run.parameters()[0]


def codes_of(encoder: Layer, activation: str, inputs: np.ndarray) -> np.ndarray:
    """What the encoder's units give for each row of inputs: the next autoencoder's data."""
    return forward([encoder], inputs, [activation]).output


def greedy_autoencoders(
    inputs: np.ndarray,
    hidden_units: Sequence[int],
    activation: str,
    pretraining: Pretraining,
    seed: int,
    engine: str = "auto",
) -> list[NetworkRun]:
    """One trained autoencoder per hidden layer, each on the codes of the encoders before it
    (the first on `inputs`, (n, d)); their initial weights are drawn from one
    RandomState(seed), layer after layer. The encoders are the pretrained hidden layers."""
    check_engine(engine)
    data, runs = np.asarray(inputs, dtype=float), []
    if data.ndim != 2:
        raise ValueError(f"inputs must be a table of shape (n, d), got shape {data.shape}")
    rng = np.random.RandomState(seed)
    for units in hidden_units:
        config = pretraining.autoencoder(units, activation)
        initial = init_parameters(config.training(data.shape[1]).sizes, rng)
        run = train_autoencoder(config, data, initial, engine)
        runs.append(run)
        data = codes_of(encoder_of(run), activation, data)
    return runs


def pretrained_initial(
    config: TrainingConfig,
    pretraining: Pretraining,
    data: tuple[np.ndarray, np.ndarray] | None = None,
    engine: str = "auto",
) -> Parameters:
    """Initial parameters for `config`'s network: its hidden layers pretrained greedily on the
    inputs (the features of its training rows; their targets unused, test rows unseen), seeded
    by config.seed; its output layer the one `train(config, data)` draws."""
    dataset, drawn = prepare(config, data)
    inputs = feature_columns(config.features, dataset.X)
    runs = greedy_autoencoders(
        inputs, config.hidden_units, config.hidden_activation, pretraining, config.seed, engine
    )
    return [encoder_of(run) for run in runs] + drawn[len(runs) :]


def pretrained_run(
    config: TrainingConfig,
    pretraining: Pretraining,
    data: tuple[np.ndarray, np.ndarray] | None = None,
    engine: str = "auto",
) -> Run:
    """`config`'s run from pretrained initial parameters (`pretrained_initial`): the same data
    and training as `train(config, data)`, only the hidden layers' starting weights differ."""
    initial = pretrained_initial(config, pretraining, data, engine)
    return train(config, data, engine, initial=initial)
