"""Every widget that sets an engine setting stays inside the engine's constraint for it
(ann_core.config.CONSTRAINTS): a number's [min, max] inside its Interval, open ends respected,
a choice's options inside its Options. A widget may be narrower on purpose (the learning rate's
0.00001 to 100 against the engine's (0, 1e6]); it may never offer what the engine refuses.

ENGINE_FIELDS says which TrainingConfig field each setting sets; the last tests check that it
says what config_from and walk_config really do, so the bounds are compared to the right ones.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from ann_app.backprop.walk import walk_config
from ann_app.content.tables import BACKPROP_SETTINGS, HOME_SETTINGS, SURFACE_SETTINGS
from ann_app.content.training_tables import (
    CLASSIFICATION_SETTINGS,
    ENGINE_FIELDS,
    LAYER_SIZES,
    REGRESSION_SETTINGS,
    VIEW,
)
from ann_app.settings.setting import Setting
from ann_app.training.config import FULL_BATCH, config_from
from ann_core.config import CONSTRAINTS, interval_of
from ann_core.constraints import Interval, Names, NoneOr, Options
from ann_core.surfaces import OPTIMIZERS

TRAINING_PAGES = {"classification": CLASSIFICATION_SETTINGS, "regression": REGRESSION_SETTINGS}
#: The tables of the pages that train a network through a TrainingConfig.
TRAINING_TABLES = {**TRAINING_PAGES, "backprop": BACKPROP_SETTINGS}
#: The Error Surfaces page's descent steps with the engine's update rules (optimizers.py, the
#: very Momentum class training uses): its rate and momentum are the same concepts.
SURFACE_FIELDS = {"lr": "learning_rate", "momentum": "momentum"}
#: Settings of the training tables that set no one TrainingConfig field: the hidden layers
#: (`layers`, `h1`...: hidden_units, checked against LayerSizes) and the batching choice (which
#: turns `batch` on, or asks for a FULL_BATCH, checked below).
BUILT = {"layers", "batching"}
#: (page, setting, the TrainingConfig field it sets) for every mapped setting.
MAPPED = [
    *(
        (page, s, ENGINE_FIELDS[s.name])
        for page, table in TRAINING_TABLES.items()
        for s in table
        if s.name in ENGINE_FIELDS
    ),
    *(("surfaces", s, field) for s in SURFACE_SETTINGS if (field := SURFACE_FIELDS.get(s.name))),
]
NUMBERS = [m for m in MAPPED if m[1].kind in ("int", "float")]
CHOICES = [m for m in MAPPED if m[1].kind in ("choice", "multichoice")]


def _ids(mapped: list[tuple[str, Setting, str]]) -> list[str]:
    return [f"{page}-{s.name}" for page, s, _ in mapped]


def _is_unit_count(setting: Setting) -> bool:
    return setting.name[0] == "h" and setting.name[1:].isdigit()


def _inside(setting: Setting, interval: Interval) -> bool:
    return interval.contains(setting.min) and interval.contains(setting.max)


@pytest.mark.parametrize(("page", "setting", "field"), NUMBERS, ids=_ids(NUMBERS))
def test_a_number_widgets_range_lies_inside_the_engines_interval(page, setting, field):
    interval = interval_of(field)
    assert _inside(setting, interval), (
        f"{setting.name} offers [{setting.min:g}, {setting.max:g}], "
        f"the engine's {field} takes {interval}"
    )
    if interval.kind is int:
        assert setting.kind == "int", f"{setting.name}: the engine's {field} is whole numbers"


@pytest.mark.parametrize(("page", "setting", "field"), CHOICES, ids=_ids(CHOICES))
def test_a_choice_widgets_options_are_the_engines(page, setting, field):
    constraint = CONSTRAINTS[field]
    if isinstance(constraint, NoneOr):
        constraint = constraint.constraint
    assert isinstance(constraint, Names | Options), field
    allowed = constraint.options if isinstance(constraint, Names) else constraint.values
    assert set(setting.options) <= set(allowed), f"{setting.name} offers what {field} refuses"


@pytest.mark.parametrize("table", TRAINING_TABLES.values(), ids=TRAINING_TABLES.keys())
def test_the_hidden_layers_and_their_units_lie_inside_the_engines(table):
    by_name = {s.name: s for s in table}
    assert _inside(by_name["layers"], LAYER_SIZES.layers)
    units = [s for s in table if _is_unit_count(s)]
    assert len(units) == by_name["layers"].max  # one control per layer the widget allows
    for setting in units:
        assert _inside(setting, LAYER_SIZES.units), setting.name


@pytest.mark.parametrize("table", TRAINING_TABLES.values(), ids=TRAINING_TABLES.keys())
def test_every_setting_of_the_run_is_checked_against_the_engine(table):
    """A new run setting must say which engine field it sets, or this file would not check it."""
    unchecked = [
        s.name
        for s in table
        if s.section != VIEW and s.name not in ENGINE_FIELDS
        if s.name not in BUILT and not _is_unit_count(s)
    ]
    assert unchecked == []


def test_a_full_batch_is_the_engines_largest_batch():
    batch = interval_of("batch_size")
    assert batch.high == FULL_BATCH and batch.contains(FULL_BATCH)


def test_the_activation_and_optimizer_choices_of_the_other_pages_are_the_engines():
    activations = CONSTRAINTS["hidden_activation"].values
    for table in (HOME_SETTINGS, SURFACE_SETTINGS):
        (g,) = [s for s in table if s.name == "g"]
        assert set(g.options) <= set(activations)
    (optimizers,) = [s for s in SURFACE_SETTINGS if s.name == "opt"]
    assert set(optimizers.options) <= set(OPTIMIZERS)


# ---- ENGINE_FIELDS says what the pages' config functions do -------------------------------------


def _other_values(setting: Setting) -> list[Any]:
    """Valid values of `setting` other than its default, to move it by."""
    if setting.kind in ("int", "float"):
        return [v for v in (setting.max, setting.min) if v != setting.default]
    if setting.kind == "choice":
        return [o for o in setting.options if o != setting.default]
    return [(o,) for o in setting.options if (o,) != setting.default]


def _moved(settings, build, name: str, extra: dict[str, Any]) -> tuple[Any, Any]:
    """The first value of setting `name`, other than its default, that `build` accepts (with the
    `extra` values), and the TrainingConfig it builds."""
    (setting,) = [s for s in settings if s.name == name]
    defaults = {s.name: s.default for s in settings}
    for value in _other_values(setting):
        values = SimpleNamespace(**{**defaults, **extra, name: value})
        try:
            return value, build(values)
        except ValueError:
            continue  # e.g. cross-entropy with a linear output
    raise AssertionError(f"no other value of {name} builds a TrainingConfig")


PAGES = [
    *(
        (page, settings, lambda values, task=page: config_from(values, task))
        for page, settings in TRAINING_PAGES.items()
    ),
    ("backprop", BACKPROP_SETTINGS, walk_config),
]
MOVES = [
    (page, settings, build, s.name)
    for page, settings, build in PAGES
    for s in settings
    if s.name in ENGINE_FIELDS
]


@pytest.mark.parametrize(
    ("page", "settings", "build", "name"), MOVES, ids=[f"{m[0]}-{m[3]}" for m in MOVES]
)
def test_each_mapped_setting_sets_its_engine_field(page, settings, build, name):
    # the batch size counts only with mini-batches; cross-entropy needs a sigmoid output
    extra = {"batch": {"batching": "mini-batch"}, "loss": {"output": "sigmoid"}}.get(name, {})
    value, config = _moved(settings, build, name, extra)
    assert getattr(config, ENGINE_FIELDS[name]) == value


@pytest.mark.parametrize(("page", "settings", "build"), PAGES, ids=[p[0] for p in PAGES])
def test_layers_and_units_make_the_hidden_units(page, settings, build):
    defaults = {s.name: s.default for s in settings}
    counts = [s for s in settings if _is_unit_count(s)]
    units = {s.name: min(i + 2, s.max) for i, s in enumerate(counts)}
    values = SimpleNamespace(**{**defaults, **units, "layers": 2})
    assert build(values).hidden_units == (units["h1"], units["h2"])
