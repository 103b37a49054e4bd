"""Regression over two inputs (issue 33): TensorFlow Playground's plane and Gaussian bump, drawn,
trained by both engines, worked by hand, refused where they do not fit, saved and loaded."""

import math

import numpy as np
import pytest

from ann_core import TrainingConfig, serialize, train
from ann_core.datasets import (
    REGRESSION_PROBLEMS,
    REGRESSION_SURFACES,
    REGRESSION_X_RANGE,
    check_user_data,
    make_dataset,
    n_inputs_of,
)
from ann_core.network import pack
from ann_core.run import Run

#: Settings each surface trains well with, at noise 0.1 (a target's noise variance 0.01).
TRAINS = {
    "PLANE": TrainingConfig(problem="PLANE", hidden_units=(3,), learning_rate=0.2, noise=0.1),
    "GAUSS": TrainingConfig(
        problem="GAUSS",
        hidden_units=(6,),
        learning_rate=0.1,
        anneal=0.99,
        epochs=200,
        noise=0.1,
    ),
}


def test_both_are_regression_problems_of_two_inputs():
    assert set(REGRESSION_SURFACES) == {"PLANE", "GAUSS"} <= set(REGRESSION_PROBLEMS)
    for problem in REGRESSION_SURFACES:
        config = TrainingConfig(problem=problem, hidden_units=(4,))
        assert config.task == "regression" and config.n_inputs == 2
        assert config.features == ("x1", "x2") and config.sizes == (2, 4, 1)
        assert config.activations == ("tanh", "linear")  # regression's defaults
    assert n_inputs_of("SIN", "regression") == 1 and n_inputs_of("CUSTOM", "regression") == 1


def test_the_plane_and_the_bump_are_their_formulas():
    X = np.array([[0.0, 0.0], [5.0, 5.0], [-5.0, 5.0], [2.0, 0.0]])
    plane, bump = REGRESSION_SURFACES["PLANE"], REGRESSION_SURFACES["GAUSS"]
    np.testing.assert_allclose(plane(X), [0.0, 2.0, 0.0, 0.4], rtol=0, atol=1e-15)
    np.testing.assert_allclose(
        bump(X), [3.0, 3.0 * math.exp(-50 / 8), 3.0 * math.exp(-50 / 8), 3.0 * math.exp(-0.5)]
    )


@pytest.mark.parametrize("problem", list(REGRESSION_SURFACES))
def test_points_are_uniform_over_the_square_then_noise_then_one_shuffle(problem):
    rng = np.random.RandomState(5)
    X = rng.uniform(-5.0, 5.0, size=(300, 2))
    y = REGRESSION_SURFACES[problem](X) + 0.4 * rng.randn(300)
    order = rng.permutation(300)
    data = make_dataset(problem, 300, 0.4, np.random.RandomState(5))
    np.testing.assert_array_equal(data.X, X[order])
    np.testing.assert_array_equal(data.y, y[order])
    low, high = REGRESSION_X_RANGE
    assert data.X.shape == (300, 2) and low <= data.X.min() and data.X.max() < high
    residuals = data.y - REGRESSION_SURFACES[problem](data.X)
    assert residuals.std() == pytest.approx(0.4, rel=0.1)  # the noise setting, as for SIN


@pytest.mark.parametrize("engine", ["numpy", "numba"])
@pytest.mark.parametrize("problem", list(TRAINS))
def test_each_trains_to_under_a_fifth_of_the_targets_variance(problem, engine):
    # "Trains": the mean squared error of the last weights' predictions on the training rows,
    # mean((ŷ(x) - y)²), is below a fifth of the training targets' variance, mean((y - ȳ)²):
    # the network explains more than 80 % of the targets' spread (R² > 0.8). At noise 0.1 the
    # noise alone leaves 0.01 of about 0.6.
    run = train(TRAINS[problem], engine=engine)
    assert run.diverged_at is None and run.epochs == TRAINS[problem].epochs
    error = np.mean((run.predict(run.X) - run.y) ** 2)
    assert error < np.var(run.y) / 5
    # the mean squared error is the loss the run reports, per sample, after its last epoch
    assert error == pytest.approx(run.loss_after([run.epochs])[0] / len(run.y), rel=1e-12)


@pytest.mark.parametrize("problem", list(TRAINS))
def test_both_engines_agree_on_two_inputs(problem):
    fast, reference = train(TRAINS[problem], engine="numba"), train(TRAINS[problem], engine="numpy")
    np.testing.assert_allclose(fast.history, reference.history, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fast.loss, reference.loss, rtol=0, atol=1e-9)


def test_a_hand_worked_network_on_two_inputs():
    # Two tanh units and a linear output, with weights whose tanh is worked out by hand: with
    # c = ln(3) / 2, tanh(k c) = (3^k - 1) / (3^k + 1), so tanh(c) = 1/2, tanh(2c) = 4/5 and
    # tanh(3c) = 13/14.
    c = math.log(3) / 2
    W1 = np.array([[2 * c, c], [-c, c]])  # row i: input x_i's weights into h1, h2
    b1 = np.zeros(2)
    W2 = np.array([[2.0], [4.0]])
    b2 = np.array([1.0])
    config = TrainingConfig(problem="PLANE", hidden_units=(2,), epochs=1)
    X = np.array([[1.0, 2.0], [1.0, 0.0]])
    y = np.array([5.0, 4.0])
    theta = pack([(W1, b1), (W2, b2)])
    run = Run(config, X, y, X[:0], y[:0], config.sizes, theta[None], np.array([]), None)
    # (1, 2): h1 = tanh(2c - 2c) = 0, h2 = tanh(c + 2c) = 13/14, ŷ = 1 + 2·0 + 4·13/14 = 33/7
    # (1, 0): h1 = tanh(2c) = 4/5, h2 = tanh(c) = 1/2, ŷ = 1 + 2·4/5 + 4·1/2 = 4.6
    np.testing.assert_allclose(run.predict(X, 0), [33 / 7, 4.6], rtol=1e-14)
    # the post's loss, summed: (33/7 - 5)² + (4.6 - 4)² = (2/7)² + 0.36
    assert run.loss_after([0])[0] == pytest.approx((2 / 7) ** 2 + 0.36, rel=1e-14)


def test_features_other_than_x1_and_x2_are_refused_naming_the_problem():
    with pytest.raises(ValueError, match=r"features=\('x',\) has \['x'\], not of problem 'GAUSS'"):
        TrainingConfig(problem="GAUSS", features=("x",))
    with pytest.raises(ValueError, match="which takes x1, x2 only"):
        TrainingConfig(problem="PLANE", features=("x1", "x1sq"))
    assert TrainingConfig(problem="PLANE", features=("x2",)).sizes == (1, 1)


def test_uploaded_regression_data_stay_one_input_and_say_so():
    X, y = np.zeros((6, 2)), np.arange(6.0)
    with pytest.raises(ValueError, match=r"need 1 input column\(s\), got 2 .*PLANE and GAUSS"):
        check_user_data(X, y, "regression")
    with pytest.raises(ValueError, match="PLANE and GAUSS only"):
        train(TrainingConfig(problem="CUSTOM", task="regression"), data=(X, y))
    # a two-input problem's own settings take two columns
    run = train(TrainingConfig(problem="PLANE", epochs=2), data=(X + np.arange(6)[:, None], y))
    assert run.X.shape == (6, 2)


def test_a_two_input_run_saves_and_loads_back():
    run = train(TrainingConfig(problem="GAUSS", hidden_units=(3,), epochs=5, test_fraction=0.2))
    back = serialize.loads(serialize.dumps(run))
    assert back.config == run.config
    assert back.X.shape == run.X.shape == (40, 2)  # of 50 points, 10 held out
    np.testing.assert_array_equal(back.history, run.history)
    points = np.array([[0.0, 0.0], [3.0, -4.0]])
    np.testing.assert_array_equal(back.predict(points), run.predict(points))
