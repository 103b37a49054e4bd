"""The engine's constraints are objects a program can read (ends, closedness, options), and
their checks say what is wrong in the words TrainingConfig's messages have always used."""

import dataclasses

import pytest
from test_config_validation import NAMES, RANGES

from ann_core.config import CONSTRAINTS, TrainingConfig, check_number, interval_of
from ann_core.constraints import Interval, LayerSizes, Names, NoneOr, Options
from ann_core.features import FEATURES
from ann_core.network import MAX_HIDDEN_LAYERS, MAX_UNITS_PER_LAYER


def test_every_setting_has_a_constraint_object_with_a_check():
    settings = {f.name for f in dataclasses.fields(TrainingConfig)}
    assert set(CONSTRAINTS) == settings
    for constraint in CONSTRAINTS.values():
        assert dataclasses.is_dataclass(constraint) and callable(constraint.check)


def test_the_learning_rate_reads_as_an_interval_open_at_zero():
    rate = CONSTRAINTS["learning_rate"]
    assert (rate.kind, rate.low, rate.high, rate.closed) == (float, 0.0, 1e6, "right")
    assert not rate.closed_low and rate.closed_high
    assert not rate.contains(0.0) and rate.contains(1e-9) and rate.contains(1e6)
    assert str(rate) == "(0, 1e+06]"


@pytest.mark.parametrize("name", sorted(RANGES))
def test_each_number_settings_interval_is_the_one_the_validation_tests_expect(name):
    low, high, integer, open_low = RANGES[name]
    interval = interval_of(name)
    assert (interval.low, interval.high) == (low, high)
    assert interval.kind is (int if integer else float)
    assert interval.closed == ("right" if open_low else "both")


@pytest.mark.parametrize("name", sorted(NAMES))
def test_each_named_settings_options_are_the_ones_the_validation_tests_expect(name):
    constraint = CONSTRAINTS[name]
    options = constraint.constraint if isinstance(constraint, NoneOr) else constraint
    assert isinstance(options, Options) and options.values == NAMES[name]


def test_the_batch_size_may_be_none_and_its_interval_is_inside():
    batch = CONSTRAINTS["batch_size"]
    assert isinstance(batch, NoneOr) and batch.check(None) is None
    assert interval_of("batch_size") is batch.constraint
    assert batch.check(0) == "must be in [1, 100000]"


def test_hidden_units_read_as_layers_and_units():
    sizes = CONSTRAINTS["hidden_units"]
    assert isinstance(sizes, LayerSizes)
    assert (sizes.layers.low, sizes.layers.high) == (0, MAX_HIDDEN_LAYERS)
    assert (sizes.units.low, sizes.units.high) == (1, MAX_UNITS_PER_LAYER)
    assert sizes.check(()) is None and sizes.check((16, 1, 3, 4)) is None
    assert sizes.check((MAX_UNITS_PER_LAYER,) * MAX_HIDDEN_LAYERS) is None
    too_deep = (1,) * (MAX_HIDDEN_LAYERS + 1)
    assert sizes.check(too_deep) == f"must be a tuple of at most {MAX_HIDDEN_LAYERS} layer sizes"
    assert sizes.check((0,)) == "each layer must have 1 to 16 units"
    assert sizes.check((2.0,)) == "must hold whole numbers"


def test_features_read_as_names_from_the_feature_table():
    names = CONSTRAINTS["features"]
    assert isinstance(names, Names) and names.options == tuple(FEATURES)
    assert names.check(("x1",)) is None
    assert names.check(("x1", "x1")) == "must name each feature once"


def test_interval_not_a_number_whole_finite_and_out_of_range():
    seed = Interval(int, 0, 10)
    assert seed.check(True) == "must be a number"
    assert seed.check("3") == "must be a number"
    assert seed.check(2.5) == "must be a whole number"
    assert seed.check(11) == "must be in [0, 10]"
    assert seed.check(10) is None and seed.check(0) is None
    assert Interval(float, 0.0, 1.0).check(float("nan")) == "must be finite"


@pytest.mark.parametrize(
    ("closed", "text", "low_in", "high_in"),
    [
        ("both", "[0, 1]", True, True),
        ("left", "[0, 1)", True, False),
        ("right", "(0, 1]", False, True),
        ("neither", "(0, 1)", False, False),
    ],
)
def test_interval_ends_follow_closed(closed, text, low_in, high_in):
    interval = Interval(float, 0.0, 1.0, closed)
    assert str(interval) == text
    assert (interval.check(0.0) is None) is low_in
    assert (interval.check(1.0) is None) is high_in
    assert interval.check(0.5) is None
    assert interval.check(2.0) == f"must be in {text}"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": str, "low": 0, "high": 1},
        {"kind": float, "low": 1.0, "high": 0.0},
        {"kind": float, "low": 0.0, "high": 1.0, "closed": "open"},
    ],
)
def test_a_bad_interval_fails_loudly(kwargs):
    with pytest.raises(ValueError):
        Interval(**kwargs)


def test_options_accept_only_their_strings():
    options = Options(("a", "b"))
    assert options.check("a") is None
    assert options.check("c") == "must be one of a, b"
    assert options.check(None) == "must be one of a, b"


def test_constraints_are_frozen_and_compare_by_value():
    assert Interval(int, 1, 5) == Interval(int, 1, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        CONSTRAINTS["learning_rate"].high = 1e9


def test_check_number_keeps_its_messages_and_plain_numbers():
    assert check_number("rate", 2, 0.0, 5.0) == 2.0
    assert type(check_number("epoch", 3.0, 0, 10, integer=True)) is int
    with pytest.raises(ValueError, match=r"^radius=0.0 must be in \(0, 10\]$"):
        check_number("radius", 0.0, 0.0, 10.0, open_low=True)
    with pytest.raises(ValueError, match=r"^budget=inf must be finite$"):
        check_number("budget", float("inf"), 0.0, float("inf"), open_low=True)


def test_interval_of_refuses_a_setting_that_is_not_a_number():
    with pytest.raises(KeyError):
        interval_of("loss")
