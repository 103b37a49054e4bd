"""The pin's link value (settings/pin_code.py): it holds only what differs from the defaults,
reads back to the same values on both training pages' tables, and refuses malformed text
with a reason."""

from __future__ import annotations

import pytest

from ann_app.content.pin_code import MAX_LENGTH, differences, encode, parse, shown
from ann_app.content.training_tables import (
    CLASSIFICATION_PRESETS,
    CLASSIFICATION_SETTINGS,
    REGRESSION_PRESETS,
    REGRESSION_SETTINGS,
)
from ann_app.training.config import preset_values

TABLES = {"classification": CLASSIFICATION_SETTINGS, "regression": REGRESSION_SETTINGS}
BY_NAME = {s.name: s for s in CLASSIFICATION_SETTINGS}


def _defaults(settings):
    return {s.name: s.default for s in settings}


def test_the_defaults_pin_as_the_version_alone():
    assert encode(CLASSIFICATION_SETTINGS, _defaults(CLASSIFICATION_SETTINGS)) == "v1"
    assert parse(CLASSIFICATION_SETTINGS, "v1") == _defaults(CLASSIFICATION_SETTINGS)


def test_only_the_changed_settings_are_written_in_table_order():
    values = {
        **_defaults(CLASSIFICATION_SETTINGS),
        "lr": 0.5,
        "h1": 8,
        "features": ("x1", "x2", "x1sq"),
        "loss": "cross_entropy",
        "reg_rate": 1e-05,
    }
    code = encode(CLASSIFICATION_SETTINGS, values)
    assert code == "v1~features.x1.x2.x1sq~h1.8~loss.cross_entropy~lr.0.5~reg_rate.1e-05"
    assert parse(CLASSIFICATION_SETTINGS, code) == values


@pytest.mark.parametrize(
    ("task", "preset"),
    [("classification", p) for p in CLASSIFICATION_PRESETS]
    + [("regression", p) for p in REGRESSION_PRESETS],
    ids=lambda p: getattr(p, "label", p),
)
def test_every_preset_reads_back_to_its_values(task, preset):
    settings = TABLES[task]
    values = preset_values(settings, preset)
    code = encode(settings, values)
    assert len(code) <= MAX_LENGTH
    assert parse(settings, code) == {
        s.name: tuple(v) if s.kind == "multichoice" else v
        for s, v in zip(settings, values.values(), strict=True)
    }


def test_every_setting_off_its_default_fits_and_reads_back():
    values = {}
    for s in CLASSIFICATION_SETTINGS:
        if s.kind in ("float", "int"):
            values[s.name] = s.max if s.default != s.max else s.min
        elif s.kind == "choice":
            values[s.name] = next(o for o in s.options if o != s.default)
        elif s.kind == "multichoice":
            values[s.name] = s.options  # every feature
        else:
            values[s.name] = not s.default
    code = encode(CLASSIFICATION_SETTINGS, values)
    assert len(code) <= MAX_LENGTH
    assert parse(CLASSIFICATION_SETTINGS, code) == values


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "does not start with the version"),
        ("lr.0.5", "does not start with the version"),
        ("v2~lr.0.5", "unknown version 'v2'"),
        ("v1~lr", "'lr' is not setting.value"),
        ("v1~.5", "'.5' is not setting.value"),
        ("v1~~lr.0.5", "'' is not setting.value"),
        ("v1~speed.3", "unknown setting 'speed'"),
        ("v1~lr.0.5~lr.1", "lr appears twice"),
        ("v1~lr.fast", "lr: not a number"),
        ("v1~lr.1000", "lr: outside the range 1e-05 to 100"),
        ("v1~lr.nan", "lr: not a finite number"),
        ("v1~h1.2.5", "h1: not a whole number"),
        ("v1~data.MOON", "data: not one of"),
        ("v1~features.x1.x9", "features: unknown option x9"),
        ("v1~discrete.maybe", "discrete: not true or false"),
        ("v1~lr=0.5", "characters other than"),
        ("v1~lr.0,5", "characters other than"),
        ("v1~lr.0.5 ", "characters other than"),
        ("v1~" + "lr.0.5~" * 100, "longer than 600 characters"),
    ],
)
def test_a_malformed_pin_is_refused_with_its_reason(text, reason):
    with pytest.raises(ValueError, match=reason.replace(".", r"\.").replace("(", r"\(")):
        parse(CLASSIFICATION_SETTINGS, text)


def test_differences_leave_out_a_setting_that_means_nothing_under_both():
    pinned = {**_defaults(CLASSIFICATION_SETTINGS), "h2": 6, "lr": 0.5}
    current = _defaults(CLASSIFICATION_SETTINGS)  # one hidden layer: h2 means nothing
    assert [s.name for s in differences(CLASSIFICATION_SETTINGS, pinned, current)] == ["lr"]
    two_layers = {**current, "layers": 2}
    assert [s.name for s in differences(CLASSIFICATION_SETTINGS, pinned, two_layers)] == [
        "layers",
        "h2",
        "lr",
    ]


def test_a_value_is_shown_with_its_label_and_display_name():
    assert shown(BY_NAME["lr"], 2.0) == "learning rate η = 2"
    assert shown(BY_NAME["lr"], 0.00001) == "learning rate η = 0.00001"
    assert shown(BY_NAME["h1"], 4) == "units in hidden layer 1 = 4"
    assert shown(BY_NAME["loss"], "cross_entropy") == "loss = cross-entropy"
    assert shown(BY_NAME["discrete"], True) == "discretise the surface at 0.5 = on"
    assert shown(BY_NAME["features"], ("x1", "x1sq")) == "input features = x₁, x₁²"
