"""Random starts against pretrained ones (issue 34): the three starts, and the runs from each."""

from dataclasses import replace

import numpy as np
import pytest

from ann_core import TrainingConfig, train
from ann_core.network import pack
from ann_core.pretraining import Pretraining, pretrained_initial
from ann_core.restarts import over_seeds
from ann_core.start_trials import (
    GOAL,
    STARTS,
    StartTrials,
    compare_starts,
    initial_weights,
    scaled_like,
    weight_size,
)
from ann_core.training import prepare

DEEP_XOR = TrainingConfig(problem="XOR", hidden_units=(4, 4, 4), epochs=20, n_observations=10)
PRETRAINING = Pretraining(epochs=20)


def test_scaled_starts_are_the_random_draws_at_the_pretrained_sizes():
    drawn, pretrained = prepare(DEEP_XOR)[1], pretrained_initial(DEEP_XOR, PRETRAINING)
    scaled = scaled_like(drawn, pretrained)
    for (w, b), (w_pre, b_pre), (w_drawn, b_drawn) in zip(
        scaled[:-1], pretrained[:-1], drawn[:-1], strict=True
    ):
        assert np.abs(w).mean() == pytest.approx(np.abs(w_pre).mean())
        assert np.abs(b).mean() == pytest.approx(np.abs(b_pre).mean())
        ratio = w / w_drawn  # the same directions: one factor for the whole layer
        np.testing.assert_allclose(ratio, ratio.flat[0])
        np.testing.assert_allclose(b / b_drawn, (b / b_drawn)[0])
    np.testing.assert_array_equal(pack(scaled[-1:]), pack(drawn[-1:]))  # the output layer
    assert weight_size(scaled) == pytest.approx(weight_size(pretrained))
    assert weight_size(drawn) == pytest.approx(
        np.abs(np.concatenate([w.ravel() for w, _ in drawn[:-1]])).mean()
    )
    zero = [(np.zeros_like(w), np.zeros_like(b)) for w, b in drawn]
    np.testing.assert_array_equal(pack(scaled_like(zero, pretrained)), pack(zero))
    with pytest.raises(ValueError, match="same layers"):
        scaled_like(drawn[1:], pretrained)


def test_each_seeds_runs_train_its_config_from_each_start():
    trials = compare_starts(DEEP_XOR, PRETRAINING, 3)
    assert list(trials.seeds) == [123, 124, 125]
    assert trials.mean_loss.shape == (3, 3, 20) and trials.accuracy.shape == (3, 3, 21)
    for seed_index, seed in enumerate(trials.seeds):
        config = replace(DEEP_XOR, seed=int(seed))
        starts = initial_weights(config, PRETRAINING)
        for start_index, name in enumerate(STARTS):
            run = train(config, initial=starts[name])
            np.testing.assert_array_equal(trials.mean_loss[start_index, seed_index], run.mean_loss)
            np.testing.assert_array_equal(trials.accuracy[start_index, seed_index], run.accuracy)
            assert trials.weight_size[start_index, seed_index] == weight_size(starts[name])
        np.testing.assert_array_equal(
            pack(starts["pretrained"]), pack(pretrained_initial(config, PRETRAINING))
        )
        scaled = scaled_like(starts["random"], starts["pretrained"])
        np.testing.assert_array_equal(pack(starts["scaled"]), pack(scaled))
    random = initial_weights(DEEP_XOR, PRETRAINING)["random"]
    np.testing.assert_array_equal(pack(random), train(DEEP_XOR).history[0])


def test_the_goal_is_counted_from_the_first_epoch_at_it():
    config = replace(DEEP_XOR, hidden_units=(4, 4), epochs=60)
    trials = compare_starts(config, Pretraining(epochs=60), 4, goal=0.9)
    reached = trials.reached
    assert (reached >= 0).any() and (reached < 0).any()  # some runs reach it, some do not
    for start_index, name in enumerate(STARTS):
        for seed_index in range(4):
            accuracy = trials.accuracy[start_index, seed_index]
            first = reached[start_index, seed_index]
            if first < 0:
                assert accuracy.max() < 0.9
            else:
                assert accuracy[first] >= 0.9 and (accuracy[:first] < 0.9).all()
        hits = reached[start_index][reached[start_index] >= 0]
        assert trials.reached_count(name) == len(hits)
        assert trials.median_epochs(name) == (np.median(hits) if len(hits) else None)


def test_a_runs_final_loss_is_its_last_before_it_diverged():
    losses = np.array([[[0.3, 0.2, 0.1], [0.4, np.nan, np.nan], [np.nan] * 3]])
    trials = StartTrials(
        seeds=np.arange(3),
        goal=GOAL,
        mean_loss=losses,
        accuracy=np.zeros((1, 3, 4)),
        weight_size=np.zeros((1, 3)),
        diverged=np.array([[False, True, True]]),
    )
    np.testing.assert_array_equal(trials.final_loss, [[0.1, 0.4, np.nan]])


def test_seeds_are_shared_out_in_order():
    assert over_seeds(lambda seed: seed * 2, np.arange(5, 9), "auto") == [10, 12, 14, 16]


@pytest.mark.parametrize(
    ("config", "n_seeds", "goal", "message"),
    [
        (TrainingConfig(problem="SIN", hidden_units=(4,)), 2, 0.99, "task="),
        (replace(DEEP_XOR, hidden_units=()), 2, 0.99, "hidden_units="),
        (DEEP_XOR, 0, 0.99, "n_seeds"),
        (DEEP_XOR, 1001, 0.99, "n_seeds"),
        (DEEP_XOR, True, 0.99, "n_seeds"),
        (DEEP_XOR, 2, 1.5, "goal"),
    ],
)
def test_bad_comparisons_are_refused_naming_the_setting(config, n_seeds, goal, message):
    with pytest.raises(ValueError, match=message):
        compare_starts(config, PRETRAINING, n_seeds, goal)
