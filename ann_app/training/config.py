"""From a training page's values to the engine's settings: the TrainingConfig its widgets
describe, and the values a preset sets (and which preset, if any, the widgets hold now)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ann_app.content.training_tables import VIEW, Preset
from ann_app.settings.setting import Setting
from ann_core import TrainingConfig
from ann_core.config import CUSTOM, interval_of
from ann_core.datasets import n_inputs_of
from ann_core.features import raw_inputs_only

FULL_BATCH = interval_of("batch_size").high  # the engine's largest: one step per epoch on all rows


def config_from(values: Any, task: str, custom: bool = False) -> TrainingConfig:
    """The TrainingConfig the widgets describe (problem CUSTOM for uploaded data). A data set
    whose network takes its raw inputs only (PLANE, GAUSS) takes them whatever the input
    features say (the page greys those out for it).

    Raises ValueError, with the engine's message, for a combination it rejects (for example
    cross-entropy with a linear output).
    """
    batch_size = {"online": None, "mini-batch": values.batch, "full": FULL_BATCH}[values.batching]
    problem = CUSTOM if custom else values.data
    raw_only = raw_inputs_only(task, n_inputs_of(problem, task))
    return TrainingConfig(
        problem=problem,
        task=task,
        features=None if raw_only else values.features,
        hidden_units=hidden_units(values),
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
        regularization=values.reg,
        reg_rate=values.reg_rate,
    )


def hidden_units(values: Any) -> tuple[int, ...]:
    """Each existing hidden layer's units, from the controls h1, h2, ... (one per layer)."""
    return tuple(getattr(values, f"h{layer}") for layer in range(1, values.layers + 1))


def run_settings(settings: Sequence[Setting]) -> tuple[Setting, ...]:
    """The settings that shape the run (the data, the network, training), not the view's: what
    a preset sets and a pin keeps."""
    return tuple(s for s in settings if s.section != VIEW)


def preset_values(settings: Sequence[Setting], preset: Preset) -> dict[str, Any]:
    """Every setting's value under `preset`: the preset's own, else the setting's default."""
    return {s.name: preset.values.get(s.name, s.default) for s in settings}


def matching_preset(
    values: Any, settings: Sequence[Setting], presets: Sequence[Preset]
) -> Preset | None:
    """The preset whose every run setting the widgets hold now, if any (to show its note);
    the view's settings do not count."""
    for preset in presets:
        wanted = preset_values(run_settings(settings), preset)
        if all(getattr(values, name) == value for name, value in wanted.items()):
            return preset
    return None
