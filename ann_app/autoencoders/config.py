"""The Autoencoders page's values (content/autoencoder_tables.py) as the engine's frozen configs,
which key the page's cached calls: the bottleneck's data and autoencoder, and the deep network
and pretraining of the comparison. A combination the engine refuses raises its ValueError."""

from __future__ import annotations

from typing import Any

from ann_app.cached import AutoencoderData
from ann_core import TrainingConfig
from ann_core.autoencoder import AutoencoderConfig
from ann_core.pretraining import Pretraining


def bottleneck_data(values: Any) -> AutoencoderData:
    """The points the bottleneck learns from."""
    return AutoencoderData(values.data, values.n, values.noise, values.seed)


def bottleneck_config(values: Any) -> AutoencoderConfig:
    """The autoencoder: `units` on each side of a code of `code` units (none around it at 0)."""
    around = (values.units,) if values.units else ()
    activations = (values.hidden,) * len(around)
    return AutoencoderConfig(
        hidden_units=(*around, values.code, *around),
        hidden_activation=(*activations, values.code_act, *activations),
        learning_rate=values.lr,
        epochs=values.epochs,
        batch_size=values.batch,
        momentum=values.momentum,
        seed=values.seed,
    )


def deep_config(values: Any) -> TrainingConfig:
    """The comparison's network, trained as the post trains (TrainingConfig's defaults)."""
    return TrainingConfig(
        problem=values.pdata,
        hidden_units=(values.punits,) * values.players,
        hidden_activation=values.phidden,
        epochs=values.pepochs,
        seed=values.seed,
    )


def pretraining_of(values: Any) -> Pretraining:
    """How each layer's autoencoder is trained: its decoder, else pretraining's defaults."""
    return Pretraining(decoder_activation=None if values.decoder == "same" else values.decoder)
