"""Diagnosis: each finding appears for a run that shows it, and not for a healthy one."""

import re

import numpy as np
import pytest
from test_regularization import OVERFITTING
from test_training import DIVERGING, ISSUE_13

from ann_core import TrainingConfig, train
from ann_core.diagnosis import diagnose, headline, right_of
from ann_core.divergence import WORSE_THAN_START


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


def test_a_diverged_runs_large_loss_is_printed_per_sample():
    run = train(DIVERGING["loss-growth"])
    (finding,) = diagnose(run)
    assert f"{run.loss[-1] / len(run.y):.4f} in epoch {run.epochs}" in finding.message
    assert "Momentum 0.9" in finding.message


def test_a_large_rate_saturates_a_sigmoid_network():
    # rate 20 on 2 units: the loss still falls (0.25 to 0.17 per sample), frozen in saturation
    assert kinds(TrainingConfig(problem="XOR", hidden_units=(2,), learning_rate=20)) == {
        "saturated"
    }


def test_a_huge_rate_that_makes_the_network_worse_is_named_diverged_alone():
    # rule 4 of `divergence`: a sigmoid output's loss stays bounded, so rules 1 to 3 never fire
    run = train(TrainingConfig(problem="XOR", hidden_units=(4,), learning_rate=100))
    start, end = run.loss_after([0, run.epochs]) / len(run.y)
    assert run.diverged_at is None and end > WORSE_THAN_START * start
    (finding,) = diagnose(run)
    assert (
        finding.kind == "diverged" and f"ends at {end:.4f} against {start:.4f}" in finding.message
    )
    assert headline(run, 0).kind == headline(run, 50).kind == "diverged"


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


def test_headline_of_a_run_that_learned_quotes_its_right_points_and_loss_per_sample():
    run = train(XOR_4)
    line = headline(run, 50)
    assert line.kind == "learned"
    right = round(run.accuracy[50] * 200)
    assert f"{right} of 200 ({run.accuracy[50]:.1%}) training points right" in line.message
    assert f"loss per sample {run.loss[49] / 200:.4f}" in line.message


def test_right_of_counts_the_points_a_share_puts_right():
    assert right_of(0.99, 200) == "198 of 200 (99.0%)"
    assert right_of(2 / 3, 12) == "8 of 12 (66.7%)"


def test_headline_of_a_regression_run_with_test_points_gives_both_losses_per_sample():
    run = train(TrainingConfig(**{**OVERFITTING, "regularization": "l2", "reg_rate": 0.01}))
    line = headline(run, 500)
    assert line.kind == "learned"
    train_loss, test_loss = run.loss[-1] / 28, run.test_loss[-1] / 12
    assert f"{train_loss:.4f} on the training points, {test_loss:.4f} on the test" in line.message


def test_headline_of_the_posts_ring_run_is_a_plateau():
    run = train(TrainingConfig(problem="RING", hidden_units=(4,)))
    line = headline(run, 100)
    assert line.kind == "stalled"
    assert (
        f"is {run.loss[99] / len(run.y):.4f}, only {1 - run.loss[99] / run.loss[0]:.0%} below"
        in (line.message)
    )


def test_headline_names_overfitting_from_the_test_losss_lowest_epoch():
    run = train(OVERFIT)
    best = int(np.argmin(run.test_loss))
    factor = run.test_loss[-1] / run.test_loss[best]
    line = headline(run, 500)
    assert line.kind == "overfitting"
    per_sample = run.test_loss / 12
    assert line.message == (
        f"Overfitting since epoch {best}: the test loss per sample is {per_sample[-1]:.4f}, "
        f"{factor:.1f} times its lowest ({per_sample[best]:.4f})."
    )
    assert headline(run, best).kind != "overfitting"  # at its lowest it has not begun


def test_headline_of_a_diverged_run_says_so_at_every_epoch():
    run = train(TrainingConfig(problem="SIN", hidden_units=(3,), learning_rate=50.0))
    assert run.diverged_at == 1
    line = headline(run, 0)
    assert line.kind == "diverged" and "only the initial weights" in line.message
    assert "(now 50)" in line.message
