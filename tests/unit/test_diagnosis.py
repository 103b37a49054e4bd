"""Diagnosis: each finding appears for a run that shows it, and not for a healthy one."""

import re

import pytest
from test_training import DIVERGING, ISSUE_13

from ann_core import TrainingConfig, train
from ann_core.diagnosis import diagnose


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
