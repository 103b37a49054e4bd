"""L1 and L2 regularisation: the penalty's gradient, both engines, the Step record, the Run's
penalty, and what each penalty does to a run (issue 15)."""

import dataclasses
import itertools

import numpy as np
import pytest

from ann_core import TrainingConfig, train
from ann_core.features import features_of
from ann_core.gradcheck import gradient_check
from ann_core.network import init_parameters, layer_sizes, pack
from ann_core.optimizers import Momentum
from ann_core.regularization import penalty
from ann_core.training import backprop_step, prepare

ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus"]
#: Issue 15's overfitting run: its test loss is lowest after epoch 126, then rises about 3-fold.
OVERFITTING = dict(
    problem="SIN",
    n_observations=40,
    test_fraction=0.3,
    hidden_units=(16,),
    learning_rate=0.05,
    anneal=1.0,
    epochs=500,
)


@pytest.mark.parametrize(
    ("activation", "regularization"), list(itertools.product(ACTIVATIONS, ["l1", "l2"]))
)
def test_the_penalty_passes_the_gradient_check(activation, regularization):
    rng = np.random.RandomState(ACTIVATIONS.index(activation))
    params = [(w * 3, b * 3) for w, b in init_parameters(layer_sizes(3, (4, 2)), rng)]
    X, y = rng.randn(5, 3), (rng.rand(5) > 0.5).astype(float)
    activations = [activation] * 3
    assert min(abs(pack(params))) > 1e-4  # L1's kink at w = 0 is far from every weight
    check = gradient_check(params, X, y, activations, "sse", 1e-6, regularization, 0.3)
    plain = gradient_check(params, X, y, activations, "sse", 1e-6)
    np.testing.assert_allclose(check.analytic, check.numeric, rtol=1e-6, atol=1e-9)
    # the penalty is there: its gradient moved every weight's, and no bias's
    n_weights = sum(w.size for w, _ in params)
    assert np.all(check.analytic[:n_weights] != plain.analytic[:n_weights])
    np.testing.assert_array_equal(check.analytic[n_weights:], plain.analytic[n_weights:])


@pytest.mark.parametrize("regularization", ["l1", "l2"])
def test_the_step_record_shows_the_penaltys_share(regularization):
    config = TrainingConfig(problem="XOR", hidden_units=(3,), n_observations=2)
    dataset, params = prepare(config)
    step = backprop_step(
        params, dataset.X[:4], dataset.y[:4], config.activations, "sse", 2.0,
        regularization=regularization, reg_rate=0.1,
    )  # fmt: skip
    for (w, b), (pw, pb), (dw, db), (gw, gb) in zip(
        params, step.penalty_gradients, step.data_gradients, step.gradients, strict=True
    ):
        share = 0.1 * (np.sign(w) if regularization == "l1" else w)
        np.testing.assert_array_equal(pw, share)  # the same for a batch of 4 as for 1
        np.testing.assert_array_equal(pb, np.zeros_like(b))
        np.testing.assert_array_equal(gw, dw + pw)
        np.testing.assert_array_equal(gb, db)
    assert step.penalty == penalty(params, regularization, 0.1) > 0
    for (w, b), (gw, gb), (aw, ab) in zip(params, step.gradients, step.after, strict=True):
        np.testing.assert_array_equal(aw, w - gw * 2.0)
        np.testing.assert_array_equal(ab, b - gb * 2.0)


def test_no_penalty_or_a_zero_rate_changes_nothing_to_the_bit():
    config = TrainingConfig(problem="XOR", hidden_units=(4,), epochs=20, momentum=0.3)
    for changes in [{"regularization": "l2"}, {"regularization": "l1"}, {"reg_rate": 0.5}]:
        other = dataclasses.replace(config, **changes)
        for engine in ("numpy", "numba"):
            np.testing.assert_array_equal(
                train(other, engine=engine).history, train(config, engine=engine).history
            )
    dataset, params = prepare(config)
    step = backprop_step(params, dataset.X[:1], dataset.y[:1], config.activations, "sse", 2.0)
    assert step.gradients is step.data_gradients and step.penalty == 0.0
    assert not any(np.any(pw) or np.any(pb) for pw, pb in step.penalty_gradients)


@pytest.mark.parametrize("regularization", ["l1", "l2"])
@pytest.mark.parametrize(
    "changes",
    [
        {"problem": "XOR", "hidden_units": (3, 2), "n_observations": 10},
        {"problem": "SIN", "hidden_units": (8,), "momentum": 0.5, "batch_size": 5},
        {"problem": "CIRCLE", "features": ("x1sq", "x2sq", "x1x2"), "hidden_units": (8, 3, 5, 2)},
        {"problem": "ABS", "hidden_units": (6,), "hidden_activation": "elu", "batch_size": 200},
    ],
    ids=["xor", "sin-momentum", "circle-features", "abs-elu-full-batch"],
)
def test_both_engines_agree_with_a_penalty(regularization, changes):
    settings = {"learning_rate": 0.1, "epochs": 25, **changes}
    config = TrainingConfig(**settings, regularization=regularization, reg_rate=0.02)
    fast, reference = train(config, engine="numba"), train(config, engine="numpy")
    np.testing.assert_allclose(fast.history, reference.history, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fast.loss, reference.loss, rtol=0, atol=1e-9)
    assert fast.epochs == reference.epochs == 25
    plain = train(TrainingConfig(**settings), engine="numba")
    assert not np.array_equal(fast.history[-1], plain.history[-1])


def test_training_steps_along_the_penalised_gradient_and_reports_the_data_loss_apart():
    config = TrainingConfig(
        problem="OR", hidden_units=(3,), n_observations=3, epochs=2, momentum=0.5,
        regularization="l2", reg_rate=0.05,
    )  # fmt: skip
    run = train(config)
    dataset, params = prepare(config)
    optimizer, rate = Momentum(config.learning_rate, config.momentum), config.learning_rate
    for epoch in (1, 2):
        epoch_loss = 0.0
        for row in range(len(dataset.y)):
            step = backprop_step(
                params, dataset.X[row : row + 1], dataset.y[row : row + 1], config.activations,
                config.loss, rate, optimizer, "l2", 0.05,
            )  # fmt: skip
            epoch_loss += step.losses[0]
            params = step.after
        rate *= config.anneal
        np.testing.assert_array_equal(pack(params), run.history[epoch])
        assert run.loss[epoch - 1] == epoch_loss  # the data's loss alone
    # the penalty after each epoch, apart
    assert run.penalty.shape == (3,)
    for epoch in range(3):
        assert run.penalty[epoch] == pytest.approx(
            penalty(run.parameters(epoch), "l2", 0.05), rel=1e-15
        )
    np.testing.assert_array_equal(run.penalty_after([2, 0]), run.penalty[[2, 0]])
    assert not train(TrainingConfig(problem="OR", epochs=2)).penalty.any()


def test_l2_lowers_the_test_loss_of_an_overfitting_run():
    plain = train(TrainingConfig(**OVERFITTING))
    best = int(np.argmin(plain.test_loss))
    assert 100 < best < 150 and plain.test_loss[-1] > 3 * plain.test_loss[best]  # it overfits
    decayed = train(TrainingConfig(**OVERFITTING, regularization="l2", reg_rate=0.01))
    assert decayed.test_loss[-1] < 0.3 * plain.test_loss[-1]
    assert decayed.test_loss[-1] < plain.test_loss[best]  # better than stopping at the best
    assert decayed.loss[-1] > plain.loss[-1]  # while fitting the training points less closely


def test_l1_zeroes_most_of_a_wide_first_layer():
    # CIRCLE from all seven features through 16 units: the first layer holds 7 x 16 weights
    wide = dict(
        problem="CIRCLE",
        features=features_of("classification"),
        hidden_units=(16,),
        learning_rate=0.5,
        anneal=1.0,
        epochs=300,
    )
    plain = train(TrainingConfig(**wide))
    sparse = train(TrainingConfig(**wide, regularization="l1", reg_rate=1e-3))
    small = [np.mean(np.abs(run.parameters()[0][0]) < 1e-2) for run in (plain, sparse)]
    assert small[0] < 0.1 and small[1] > 0.6
    assert sparse.accuracy[-1] >= 0.9  # and it still draws the circle: from the squares
    strongest = np.argsort(np.abs(sparse.parameters()[0][0]).max(axis=1))[-2:]
    assert {sparse.config.features[i] for i in strongest} == {"x1sq", "x2sq"}
