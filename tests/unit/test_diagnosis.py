"""Diagnosis: each finding appears for a run that shows it, and not for a healthy one."""

import re

import numpy as np
import pytest
from test_regularization import OVERFITTING
from test_training import DIVERGING, ISSUE_13

from ann_core import TrainingConfig, train
from ann_core.diagnosis import diagnose, headline


def kinds(config: TrainingConfig) -> set[str]:
    return {finding.kind for finding in diagnose(train(config))}


def test_a_healthy_run_has_nothing_to_report():
    assert kinds(TrainingConfig(problem="XOR", hidden_units=(4,))) == set()


def test_the_posts_ring_run_is_stuck_at_the_base_rate():
    assert {"base_rate", "stalled"} <= kinds(TrainingConfig(problem="RING", hidden_units=(4,)))


def test_divergence_is_reported_with_its_epoch():
    run = train(TrainingConfig(problem="SIN", hidden_units=(3,), learning_rate=1e4))
    (finding, *_) = diagnose(run)
    assert finding.kind == "diverged" and f"epoch {run.diverged_at}" in finding.message


def test_the_issue_13_run_is_named_diverged_not_stalled_or_saturated():
    findings = diagnose(train(ISSUE_13))
    assert [f.kind for f in findings] == ["diverged"]
    message = findings[0].message
    assert "epoch 1" in message and "learning rate" in message and "fewer units" in message
    assert not re.search(r"\d{6}", message)  # no long runs of digits


@pytest.mark.parametrize("name", DIVERGING)
def test_a_diverged_run_gets_that_finding_alone_with_readable_numbers(name):
    findings = diagnose(train(DIVERGING[name]))
    assert [f.kind for f in findings] == ["diverged"]
    assert not re.search(r"\d{6}", findings[0].message)


def test_a_diverged_runs_large_loss_is_printed_in_scientific_notation():
    (finding,) = diagnose(train(DIVERGING["loss-growth"]))
    assert re.search(r"\d\.\d{3}e\+0\d in epoch 3", finding.message)
    assert "Momentum 0.9" in finding.message


def test_a_huge_rate_saturates_a_sigmoid_network():
    assert "saturated" in kinds(TrainingConfig(problem="XOR", hidden_units=(4,), learning_rate=100))


def test_too_many_units_on_few_points_overfit():
    config = TrainingConfig(
        problem="SIN",
        hidden_units=(16, 16),
        n_observations=20,
        noise=1.0,
        test_fraction=0.5,
        learning_rate=0.05,
        anneal=1.0,
        epochs=1500,
        seed=3,
    )
    assert "overfitting" in kinds(config)


# ---- headline: the one finding a page shows first, at an epoch ---------------------------------

XOR_4 = TrainingConfig(problem="XOR", hidden_units=(4,))
OVERFIT = TrainingConfig(**OVERFITTING)  # issue 15's run: lowest test loss at epoch 126


def test_headline_at_epoch_zero_is_the_start():
    assert headline(train(XOR_4), 0).kind == "start"


def test_headline_of_a_run_that_learned_quotes_its_accuracy_and_loss_drop():
    run = train(XOR_4)
    moved = 1 - run.loss[49] / run.loss[0]
    line = headline(run, 50)
    assert line.kind == "learned"
    assert f"{run.accuracy[50]:.1%} of the training points classified right" in line.message
    assert f"{moved:.0%} below epoch 1's" in line.message


def test_headline_of_the_posts_ring_run_is_a_plateau():
    run = train(TrainingConfig(problem="RING", hidden_units=(4,)))
    line = headline(run, 100)
    assert line.kind == "stalled"
    assert f"only {1 - run.loss[99] / run.loss[0]:.0%} below" in line.message


def test_headline_names_overfitting_from_the_test_losss_lowest_epoch():
    run = train(OVERFIT)
    best = int(np.argmin(run.test_loss))
    factor = run.test_loss[-1] / run.test_loss[best]
    line = headline(run, 500)
    assert line.kind == "overfitting"
    assert (
        f"since epoch {best}" in line.message and f"{factor:.1f} times its lowest" in line.message
    )
    assert headline(run, best).kind != "overfitting"  # at its lowest it has not begun


def test_headline_of_a_diverged_run_says_so_at_every_epoch():
    run = train(TrainingConfig(problem="SIN", hidden_units=(3,), learning_rate=50.0))
    assert run.diverged_at == 1
    line = headline(run, 0)
    assert line.kind == "diverged" and "only the initial weights" in line.message
    assert "(now 50)" in line.message
