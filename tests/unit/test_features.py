"""Engineered input features: the table, the columns they make, and what they let a network
without a hidden layer learn (TensorFlow Playground's classic experiments)."""

import numpy as np
import pytest

from ann_core import TrainingConfig, train
from ann_core.features import (
    FEATURES,
    RAW_FEATURES,
    feature_columns,
    feature_labels,
    features_of,
)
from ann_core.network import forward, unpack


def test_the_table_offers_playgrounds_seven_and_four_for_regression():
    assert features_of("classification") == (
        "x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2",
    )  # fmt: skip
    assert features_of("regression") == ("x", "xsq", "xcube", "sinx")
    labels = [FEATURES[name].label for name in features_of("classification")]
    assert labels == ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"]
    assert RAW_FEATURES == {"classification": ("x1", "x2"), "regression": ("x",)}
    # names go into links as they are: no character needs escaping
    assert all(name.isascii() and name.isalnum() for name in FEATURES)


def test_feature_labels_follow_the_names_order():
    assert feature_labels(("sinx2", "x1sq")) == ("sin x₂", "x₁²")
    assert feature_labels(RAW_FEATURES["regression"]) == ("x",)


def test_each_column_is_its_formula():
    X = np.array([[0.0, 1.0], [0.5, 0.25], [1.5, -0.5]])
    u, v = X[:, 0] - 0.5, X[:, 1] - 0.5  # measured from the centre of the post's square
    expected = [X[:, 0], X[:, 1], u**2, v**2, u * v, np.sin(2 * np.pi * u), np.sin(2 * np.pi * v)]
    columns = feature_columns(features_of("classification"), X)
    np.testing.assert_allclose(columns, np.column_stack(expected), rtol=0, atol=1e-15)
    x = np.array([[-5.0], [0.0], [2.5]])
    expected = [x[:, 0], (x[:, 0] / 5) ** 2, (x[:, 0] / 5) ** 3, np.sin(x[:, 0])]
    np.testing.assert_array_equal(feature_columns(features_of("regression"), x).T, expected)
    # the raw inputs come through untouched, so the default features change nothing
    np.testing.assert_array_equal(feature_columns(("x1", "x2"), X), X)


def test_a_circle_needs_no_hidden_layer_given_the_squares():
    # Issue 15's done-when test. At the default noise 0.15 the disc and the ring overlap: no
    # ellipse around the centre classifies more than 94 % of those 100 points (measured), so
    # the test uses noise 0.1, with the post's rate, annealing and epochs (2.0, 0.95, 100).
    circle = {"problem": "CIRCLE", "noise": 0.1, "hidden_units": ()}
    squares = train(TrainingConfig(**circle, features=("x1sq", "x2sq")))
    raw = train(TrainingConfig(**circle, features=("x1", "x2")))
    assert squares.sizes == raw.sizes == (2, 1)
    assert squares.accuracy[-1] >= 0.95
    assert raw.accuracy[-1] < 0.80 and raw.accuracy.max() < 0.80
    # at the default noise the squares come near that bound (without annealing), the raw
    # inputs stay far below it
    default_noise = {**circle, "noise": None, "anneal": 1.0, "epochs": 300}
    assert train(TrainingConfig(**default_noise, features=("x1sq", "x2sq"))).accuracy[-1] >= 0.92
    assert train(TrainingConfig(**default_noise)).accuracy[-1] < 0.8


def test_xor_needs_no_hidden_layer_given_the_product():
    assert train(TrainingConfig(problem="XOR", features=("x1x2",))).accuracy[-1] == 1.0
    assert train(TrainingConfig(problem="XOR")).accuracy[-1] < 0.6


def test_sin_is_a_straight_line_in_sin_x():
    # 200 points with noise 0.5: the noise alone leaves a squared error of about 200 * 0.25
    sin = {"problem": "SIN", "n_observations": 200, "learning_rate": 0.05}
    assert train(TrainingConfig(**sin, features=("sinx",))).loss[-1] < 60
    assert train(TrainingConfig(**sin)).loss[-1] > 150


@pytest.mark.parametrize("engine", ["numpy", "numba"])
def test_a_run_predicts_from_raw_points_through_its_features(engine):
    names = ("x1", "x1sq", "x1x2", "sinx2")
    run = train(
        TrainingConfig(problem="SPIRAL", features=names, hidden_units=(5,), epochs=5),
        engine=engine,
    )
    assert run.sizes == (4, 5, 1) and run.X.shape[1] == 2  # the data stay raw
    grid = np.random.RandomState(1).rand(30, 2) * 2 - 0.5
    by_hand = forward(run.parameters(3), feature_columns(names, grid), run.activations)
    np.testing.assert_array_equal(run.predict(grid, epoch=3), by_hand.output[:, 0])
    np.testing.assert_array_equal(run.forward_epochs(grid, [3]).a_in[0], by_hand.a_in)
    assert run.accuracy.shape == (6,)


def test_every_feature_trains_alike_in_both_engines():
    for task, problem in (("classification", "RING"), ("regression", "CUBIC")):
        config = TrainingConfig(
            problem=problem,
            features=features_of(task),
            hidden_units=(4,),
            learning_rate=0.05,
            epochs=15,
            n_observations=20,
        )
        fast, reference = train(config, engine="numba"), train(config, engine="numpy")
        assert fast.sizes[0] == len(features_of(task))
        np.testing.assert_allclose(fast.history, reference.history, rtol=0, atol=1e-9)
        np.testing.assert_allclose(fast.loss, reference.loss, rtol=0, atol=1e-9)
        assert unpack(fast.history[-1], fast.sizes)[0][0].shape == (len(features_of(task)), 4)


@pytest.mark.parametrize("engine", ["numpy", "numba"])
def test_uploaded_data_stay_raw_and_huge_values_end_in_a_clean_divergence(engine):
    # RuntimeWarnings are errors in this suite: squaring 1e200 must not warn
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.4, 0.6]])
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    config = TrainingConfig(
        problem="CUSTOM", task="classification", features=("x1sq", "x1x2"), epochs=3
    )
    run = train(config, data=(X, y), engine=engine)
    assert sorted(map(tuple, run.X)) == sorted(map(tuple, X)) and run.sizes == (2, 1)
    X[0, 0] = 1e200
    huge = train(config, data=(X, y), engine=engine)
    assert (huge.diverged_at, huge.epochs) == (1, 0)
    assert huge.predict(X).shape == (5,)
