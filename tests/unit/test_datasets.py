"""Data sets: shapes, classes, noise, determinism by seed, the test split."""

import numpy as np
import pytest

from ann_core.datasets import (
    CLASSIFICATION_PROBLEMS,
    CLASSIFICATION_VIEW,
    GAUSSIAN_CENTRES,
    LOGIC_TABLES,
    REGRESSION_FUNCTIONS,
    REGRESSION_PROBLEMS,
    make_dataset,
    task_of,
    view_of,
)


def draw(problem, n=50, noise=0.15, seed=0, test_fraction=0.0):
    return make_dataset(problem, n, noise, np.random.RandomState(seed), test_fraction)


@pytest.mark.parametrize("problem", list(LOGIC_TABLES))
def test_logic_sets_are_noisy_copies_of_their_table(problem):
    table, classes = LOGIC_TABLES[problem]
    data = draw(problem, n=300, noise=0.15)
    assert data.X.shape == (300 * len(table), 2) and data.y.shape == (300 * len(table),)
    # every point belongs to its nearest table row, and carries that row's class
    nearest = np.argmin(((data.X[:, None, :] - table[None]) ** 2).sum(-1), axis=1)
    agree = np.mean(classes[nearest] == data.y)
    assert agree > (0.99 if problem != "RING" else 0.85)
    # each row appears exactly n times
    counts = np.bincount(nearest, minlength=len(table)) if problem != "RING" else None
    if counts is not None:
        assert abs(counts - 300).max() < 15
    residuals = data.X - table[nearest]
    assert residuals.std() == pytest.approx(0.15, rel=0.1 if problem != "RING" else 0.3)


def test_truth_tables_are_the_logic_operators():
    assert LOGIC_TABLES["AND"][1].tolist() == [0, 0, 0, 1]
    assert LOGIC_TABLES["OR"][1].tolist() == [0, 1, 1, 1]
    assert LOGIC_TABLES["XOR"][1].tolist() == [0, 1, 1, 0]
    ring_table, ring_classes = LOGIC_TABLES["RING"]
    assert ring_classes[np.all(ring_table == 0.5, axis=1)].tolist() == [0.0]
    assert ring_classes.sum() == 8


def test_noise_free_data_sits_on_the_table():
    data = draw("XOR", n=5, noise=0.0)
    assert set(map(tuple, data.X)) == {(0, 0), (0, 1), (1, 0), (1, 1)}


@pytest.mark.parametrize("problem", ["CIRCLE", "SPIRAL"])
def test_harder_sets_have_two_balanced_classes_around_the_centre(problem):
    data = draw(problem, n=200, noise=0.0)
    assert data.X.shape == (400, 2) and data.y.sum() == 200
    radius = np.linalg.norm(data.X - 0.5, axis=1)
    if problem == "CIRCLE":
        assert radius[data.y == 1].max() <= 0.3 + 1e-12
        assert radius[data.y == 0].min() >= 0.6
    else:  # the arms are a half turn apart: the same radius, opposite angles
        assert radius.max() <= 0.65 + 1e-12
    assert np.all((data.X > -0.5) & (data.X < 1.5))


def test_gaussian_blobs_sit_on_their_centres_and_the_noise_widens_them():
    data = draw("GAUSSIAN", n=2000, noise=0.1)
    assert data.X.shape == (4000, 2) and data.y.sum() == 2000
    for label, centre in zip((1.0, 0.0), GAUSSIAN_CENTRES, strict=True):
        blob = data.X[data.y == label]
        np.testing.assert_allclose(blob.mean(axis=0), centre, atol=0.01)
        np.testing.assert_allclose(blob.std(axis=0), [0.1, 0.1], rtol=0.05)
    wider = draw("GAUSSIAN", n=2000, noise=0.3)
    assert wider.X[wider.y == 1].std() == pytest.approx(0.3, rel=0.05)
    assert set(map(tuple, draw("GAUSSIAN", n=3, noise=0.0).X)) == set(GAUSSIAN_CENTRES)


def test_gaussian_draws_the_noise_then_the_shuffle():
    rng = np.random.RandomState(8)
    noise = 0.2 * rng.randn(6, 2)
    order = rng.permutation(6)
    X = np.repeat(np.array(GAUSSIAN_CENTRES), 3, axis=0) + noise
    data = draw("GAUSSIAN", n=3, noise=0.2, seed=8)
    np.testing.assert_array_equal(data.X, X[order])
    np.testing.assert_array_equal(data.y, np.array([1.0, 1, 1, 0, 0, 0])[order])


@pytest.mark.parametrize("problem", list(REGRESSION_FUNCTIONS))
def test_regression_sets_are_noisy_samples_on_a_grid(problem):
    data = draw(problem, n=400, noise=0.5)
    assert data.X.shape == (400, 1)
    np.testing.assert_allclose(np.sort(data.X[:, 0]), np.linspace(-5, 5, 400))
    residuals = data.y - REGRESSION_FUNCTIONS[problem](data.X[:, 0])
    assert residuals.std() == pytest.approx(0.5, rel=0.1)
    assert not np.all(np.diff(data.X[:, 0]) > 0), "the rows should be shuffled"


def test_same_seed_same_data_other_seed_other_data():
    for problem in CLASSIFICATION_PROBLEMS + REGRESSION_PROBLEMS:
        a, b, c = draw(problem, seed=1), draw(problem, seed=1), draw(problem, seed=2)
        np.testing.assert_array_equal(a.X, b.X)
        np.testing.assert_array_equal(a.y, b.y)
        assert not np.array_equal(a.X, c.X)


def test_test_split_is_the_tail_of_the_same_shuffle():
    full = draw("OR", n=50, seed=4)
    split = draw("OR", n=50, seed=4, test_fraction=0.3)
    assert len(split.y_test) == 60 and len(split.y) == 140
    np.testing.assert_array_equal(np.vstack([split.X, split.X_test]), full.X)
    assert len(draw("OR", n=1, test_fraction=0.01).y_test) == 1  # at least one row


def test_tasks():
    assert task_of("SPIRAL") == "classification" and task_of("ABS") == "regression"
    with pytest.raises(ValueError, match="unknown problem"):
        task_of("MNIST")


def test_the_view_is_the_posts_square_unless_points_lie_outside():
    inside = np.array([[0.0, 1.0], [-0.5, 1.5]])
    assert view_of(inside) == CLASSIFICATION_VIEW
    outside = np.array([[0.0, 10.0], [2.0, 4.0]])  # spread 10: a margin of 1 on each side
    assert view_of(outside) == pytest.approx((-1.0, 11.0))
    low, high = view_of(outside)
    assert low < outside.min() and outside.max() < high
    assert view_of(np.array([[3.0, 3.0]])) == pytest.approx((2.4, 3.6))  # one place: width 1.2
