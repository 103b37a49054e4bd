"""The training controls shared by the Classification and Regression pages, and their presets.

`training_settings` declares one table of `Setting`s for a task (the data set options, ranges
and defaults differ; the mechanism is the same), `config_from` turns the widgets' values into a
`TrainingConfig`, and `preset_buttons` draws one button per `Preset`: a click writes the
preset's values into the widgets' session state (in an on_click callback, before the widgets
are drawn), so the widgets and the URL follow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import streamlit as st

from ann_app.settings import Setting, widget_key
from ann_core import TrainingConfig
from ann_core.activations import ACTIVATIONS
from ann_core.config import CUSTOM, DEFAULT_ACTIVATIONS
from ann_core.datasets import CLASSIFICATION_PROBLEMS, DEFAULT_NOISE, REGRESSION_PROBLEMS
from ann_core.losses import LOSSES
from ann_core.network import MAX_HIDDEN_LAYERS, MAX_UNITS_PER_LAYER

DATA, NETWORK, TRAINING = "Data", "Network", "Training"
BATCHING = ("online", "mini-batch", "full")
BATCHING_LABELS = ("online (one sample)", "mini-batch", "full batch")
FULL_BATCH = 100_000  # larger than any data set: one step per epoch on all rows
PRESETS_PER_ROW = 3
LOSS_LABELS = {"sse": "squared error (SSE)", "cross_entropy": "cross-entropy"}


@dataclass(frozen=True)
class Preset:
    """A named set of setting values (the rest take their defaults) and a sentence about it."""

    label: str
    values: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""


def training_settings(task: str) -> tuple[Setting, ...]:
    """The sidebar table of a training page for `task` ("classification" or "regression")."""
    classify = task == "classification"
    problems = CLASSIFICATION_PROBLEMS if classify else REGRESSION_PROBLEMS
    hidden, output = DEFAULT_ACTIVATIONS[task]
    # hidden units and their activation mean nothing without a hidden layer; regression always
    # has one (its layers start at 1)
    needs_hidden_layer = ("layers", 1) if classify else None
    return (
        Setting(
            "data",
            "data set",
            "choice",
            "XOR" if classify else "SIN",
            options=problems,
            section=DATA,
        ),
        Setting(
            "n",
            "copies of each table row (points per class for CIRCLE, SPIRAL)"
            if classify
            else "number of points",
            "int",
            50 if classify else 200,
            1 if classify else 10,
            200 if classify else 1000,
            section=DATA,
        ),
        Setting(
            "noise",
            "noise (standard deviation)",
            "float",
            DEFAULT_NOISE[task],
            0.0,
            0.5 if classify else 2.0,
            0.01,
            section=DATA,
            advanced=True,
        ),
        Setting(
            "test",
            "test fraction (held out)",
            "float",
            0.0,
            0.0,
            0.5,
            0.05,
            section=DATA,
            help="Rows kept out of training; the charts mark them apart.",
            advanced=True,
        ),
        Setting(
            "seed", "seed", "int", 123, 0, 99_999, section=DATA, widget="number", advanced=True
        ),
        Setting(
            "layers",
            "hidden layers",
            "int",
            1,
            0 if classify else 1,
            MAX_HIDDEN_LAYERS,
            section=NETWORK,
            help="0 hidden layers is the post's perceptron."
            if classify
            else "Each hidden unit adds one bump to the curve.",
        ),
        Setting(
            "units",
            "units per hidden layer",
            "int",
            4 if classify else 3,
            1,
            MAX_UNITS_PER_LAYER,
            section=NETWORK,
            needs=needs_hidden_layer,
        ),
        Setting(
            "hidden",
            "hidden activation",
            "choice",
            hidden,
            options=tuple(ACTIVATIONS),
            section=NETWORK,
            needs=needs_hidden_layer,
        ),
        Setting(
            "output",
            "output activation",
            "choice",
            output,
            options=tuple(ACTIVATIONS),
            section=NETWORK,
        ),
        Setting(
            "loss",
            "loss",
            "choice",
            "sse",
            options=tuple(LOSSES),
            labels=tuple(LOSS_LABELS.get(n, n) for n in LOSSES),
            section=TRAINING,
            help="Cross-entropy needs a sigmoid output.",
        ),
        Setting(
            "batching",
            "update after",
            "choice",
            "online",
            options=BATCHING,
            labels=BATCHING_LABELS,
            section=TRAINING,
            advanced=True,
        ),
        Setting("batch", "mini-batch size", "int", 10, 2, 100, section=TRAINING, advanced=True),
        Setting(
            "lr",
            "learning rate η",
            "float",
            2.0 if classify else 0.2,
            0.001,
            100.0,
            section=TRAINING,
            widget="number",
            format="%.3f",
        ),
        Setting(
            "anneal",
            "annealing factor (rate × this each epoch)",
            "float",
            0.95,
            0.5,
            1.0,
            0.01,
            section=TRAINING,
        ),
        Setting(
            "momentum", "momentum μ", "float", 0.0, 0.0, 0.99, 0.01, section=TRAINING, advanced=True
        ),
        Setting("epochs", "epochs", "int", 100, 1, 500, section=TRAINING),
    )


def config_from(values: SimpleNamespace, task: str, custom: bool = False) -> TrainingConfig:
    """The TrainingConfig the widgets describe (problem CUSTOM for uploaded data).

    Raises ValueError, with the engine's message, for a combination it rejects (for example
    cross-entropy with a linear output).
    """
    batch_size = {"online": None, "mini-batch": values.batch, "full": FULL_BATCH}[values.batching]
    return TrainingConfig(
        problem=CUSTOM if custom else values.data,
        task=task,
        hidden_units=(values.units,) * values.layers,
        hidden_activation=values.hidden,
        output_activation=values.output,
        loss=values.loss,
        learning_rate=values.lr,
        epochs=values.epochs,
        n_observations=values.n,
        noise=values.noise,
        anneal=values.anneal,
        momentum=values.momentum,
        batch_size=batch_size,
        test_fraction=values.test,
        seed=values.seed,
    )


def preset_values(settings: Sequence[Setting], preset: Preset) -> dict[str, Any]:
    """Every setting's value under `preset`: the preset's own, else the setting's default."""
    return {s.name: preset.values.get(s.name, s.default) for s in settings}


def apply_preset(settings: Sequence[Setting], page: str, preset: Preset) -> None:
    """Set every widget of `settings` to its value under the preset (see `preset_values`).

    Meant as an on_click callback: it runs before the widgets are drawn on the next run.
    """
    values = preset_values(settings, preset)
    for s in settings:
        st.session_state[widget_key(page, s)] = values[s.name]


def preset_buttons(settings: Sequence[Setting], page: str, presets: Sequence[Preset]) -> None:
    """Preset buttons, at most PRESETS_PER_ROW a row; a click applies one (see `apply_preset`)."""
    columns = st.columns(min(len(presets), PRESETS_PER_ROW))
    for index, preset in enumerate(presets):
        columns[index % len(columns)].button(
            preset.label,
            key=f"{page}.preset.{preset.label}",
            on_click=apply_preset,
            args=(tuple(settings), page, preset),
            help=preset.note or None,
            width="stretch",
        )


def matching_preset(
    values: SimpleNamespace, settings: Sequence[Setting], presets: Sequence[Preset]
) -> Preset | None:
    """The preset whose every value the widgets hold now, if any (to show its note)."""
    for preset in presets:
        wanted = preset_values(settings, preset)
        if all(getattr(values, name) == value for name, value in wanted.items()):
            return preset
    return None
