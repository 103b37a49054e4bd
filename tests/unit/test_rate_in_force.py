"""The rate in force at an epoch (issue 30, item 8): `ann_core.continuation.rate_at` is the rate
the run's own schedule reached, through segments that change the learning rate or the
annealing, and the rate a continuation with a learning rate starts at; a chart's mark and the
form say a new learning rate from it, written as every rate is (`formatting.rate_text`)."""

import dataclasses

import numpy as np
import pytest

from ann_app.content.history import label, segment
from ann_app.content.training_tables import CLASSIFICATION_SETTINGS
from ann_app.settings.setting import values_of
from ann_core import TrainingConfig, continue_run, train
from ann_core.continuation import rate_at, state_at
from ann_core.formatting import rate_text

BASE = TrainingConfig(
    problem="XOR", hidden_units=(3,), n_observations=10, epochs=60, momentum=0.5, anneal=0.95
)
LR = next(s for s in CLASSIFICATION_SETTINGS if s.name == "lr")


def _annealed(rate: float, anneal: float, epochs: int) -> float:
    for _ in range(epochs):
        rate = rate * anneal  # training's own repeated multiplication
    return rate


def _three_segments():
    """60 epochs at rate 2, anneal 0.95; from 20, the same rate with anneal 0.9; from 40, a new
    rate 0.5 with anneal 0.9; to 70 epochs."""
    first = train(dataclasses.replace(BASE, learning_rate=2.0))
    second = continue_run(first, 20, dataclasses.replace(first.config, anneal=0.9, epochs=40))
    return continue_run(
        second, 40, dataclasses.replace(second.config, learning_rate=0.5, epochs=70)
    )


def test_the_rate_in_force_follows_each_segments_schedule():
    run = _three_segments()
    at_20 = _annealed(2.0, 0.95, 20)
    assert rate_at(run, 0) == 2.0
    assert rate_at(run, 20) == at_20
    assert rate_at(run, 30) == _annealed(at_20, 0.9, 10)  # the same rate goes on, at 0.9
    assert rate_at(run, 40) == _annealed(at_20, 0.9, 20)  # before the new rate
    assert rate_at(run, 41) == 0.5 * 0.9  # epoch 41 trained at 0.5
    assert rate_at(run, 70) == _annealed(0.5, 0.9, 30)
    for epoch in (0, 20, 33, 40, 55):
        assert state_at(run, epoch).rate == rate_at(run, epoch)


@pytest.mark.parametrize("epoch", [0, 25, 45, 70])
def test_continuing_at_the_rate_in_force_is_going_on_to_the_bit(epoch):
    """The rate rate_at says is the rate the schedule reached, to the bit: a continuation
    that starts there as a new learning rate trains what the same learning rate trains."""
    run = _three_segments()
    config = dataclasses.replace(run.segments[run.segment_of([epoch])[0]].config, epochs=90)
    going_on = continue_run(run, epoch, config)
    restarted = continue_run(
        run, epoch, dataclasses.replace(config, learning_rate=rate_at(run, epoch))
    )
    assert np.array_equal(going_on.history, restarted.history)
    assert np.array_equal(going_on.loss, restarted.loss)


def test_a_continuation_starts_at_a_new_learning_rate_or_goes_on_with_the_same():
    run = _three_segments()
    assert rate_at(run, 30, learning_rate=0.7) == 0.7
    assert rate_at(run, 30, learning_rate=2.0) == rate_at(run, 30)  # the schedule's own: goes on
    assert rate_at(run, 50, learning_rate=2.0) == 2.0  # after the change to 0.5, 2 is new
    assert rate_at(run, 50, learning_rate=0.5) == rate_at(run, 50)


def test_a_rate_is_written_with_the_digits_it_needs():
    """Issue 33: one way to write a rate, from the field's 100 down to its 0.00001 and below."""
    # annealed: 3 decimals (the notes' "0.012"), 2 significant digits when smaller
    assert rate_text(_annealed(2.0, 0.95, 50)) == "0.154"
    assert rate_text(_annealed(2.0, 0.95, 100)) == "0.012"
    assert rate_text(_annealed(2.0, 0.95, 150)) == "0.00091"
    assert rate_text(_annealed(2.0, 0.95, 200)) == "0.00007"
    assert rate_text(_annealed(2.0, 0.95, 300)) == "4.2e-07"  # too small for 6 decimals
    assert rate_text(_annealed(2.0, 0.95, 500)) == "1.5e-11"
    # typed: as typed, every rate the field takes in decimals
    assert rate_text(2.0) == "2" and rate_text(0.5) == "0.5" and rate_text(LR.max) == "100"
    assert rate_text(0.0125) == "0.0125" and rate_text(0.12345) == "0.12345"
    assert rate_text(0.00002) == "0.00002" and rate_text(0.000015) == "0.000015"
    assert rate_text(LR.min) == "0.00001" and float(rate_text(LR.min)) == LR.min
    assert rate_text(9.99e-6) == "0.00001"  # rounded to 2 digits, it is in reach again
    assert rate_text(0.0) == "0"


def test_a_marks_new_rate_is_said_from_the_rate_in_force():
    defaults = values_of(
        CLASSIFICATION_SETTINGS, {s.name: s.default for s in CLASSIFICATION_SETTINGS}
    )
    part = segment(50, 50, {"lr": 0.5})
    assert label(defaults, part, CLASSIFICATION_SETTINGS) == "η 2 → 0.5"
    in_force = _annealed(2.0, 0.95, 50)
    assert label(defaults, part, CLASSIFICATION_SETTINGS, in_force) == "η 0.154 → 0.5"
    same = segment(50, 50, {"anneal": 0.9})
    assert label(defaults, same, CLASSIFICATION_SETTINGS, in_force) == "anneal 0.95 → 0.9"
    small = segment(50, 50, {"lr": LR.min})
    assert label(defaults, small, CLASSIFICATION_SETTINGS) == "η 2 → 0.00001"
    assert label(defaults, small, CLASSIFICATION_SETTINGS, in_force) == "η 0.154 → 0.00001"
