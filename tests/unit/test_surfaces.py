"""Error surfaces of Figures 4 and 5 and descent paths on them."""

import numpy as np
import pytest

from ann_core.divergence import WEIGHT_BOUND
from ann_core.surfaces import (
    OPTIMIZERS,
    DescentPath,
    descent_path,
    error_gradient,
    error_grid,
    one_weight_error,
    two_weight_error,
)


def sig(x):
    return 1 / (1 + np.exp(-x))


def test_surfaces_match_the_direct_formulas():
    w = np.linspace(-10, 10, 21)
    np.testing.assert_allclose(one_weight_error(w), (sig(w) - 1) ** 2, rtol=1e-14)
    grid = error_grid((-10, 10), 21)
    w1, w2 = np.meshgrid(w, w)  # rows follow w2
    np.testing.assert_allclose(grid.error, (sig(sig(w1) * w2) - 1) ** 2, rtol=1e-14)
    np.testing.assert_allclose(
        two_weight_error(0.7, -1.3, a0=2.0, target=0.2, activation="tanh"),
        (np.tanh(np.tanh(1.4) * -1.3) - 0.2) ** 2,
    )


def test_posts_shape_error_falls_as_the_weights_grow_positive():
    grid = error_grid((-10, 10), 50)
    assert grid.error[-1, -1] < 1e-3 < 0.9 < grid.error[0, -1]
    assert grid.error.min() >= 0 and grid.error.max() <= 1


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "linear"])
@pytest.mark.parametrize("weights", [(0.8,), (-1.5, 2.0), (0.3, 0.4)])
def test_gradient_matches_finite_differences(weights, activation):
    w = np.array(weights)
    h = 1e-6

    def error(v):
        if len(v) == 1:
            return one_weight_error(v[0], 1.5, 0.5, activation)
        return two_weight_error(v[0], v[1], 1.5, 0.5, activation)

    numeric = [(error(w + h * e) - error(w - h * e)) / (2 * h) for e in np.eye(len(w))]
    np.testing.assert_allclose(
        error_gradient(w, 1.5, 0.5, activation), numeric, rtol=1e-6, atol=1e-10
    )


def test_first_gradient_descent_step_by_hand():
    # E = (sigma(w) - 1)^2 at w = 0: sigma = 0.5, dE/dw = 2 (0.5 - 1) 0.25 = -0.25;
    # a rate of 2 moves w to 0 - 2 * -0.25 = 0.5.
    path = descent_path("gradient_descent", (0.0,), learning_rate=2.0, steps=1)
    np.testing.assert_allclose(path.weights[:, 0], [0.0, 0.5])
    assert path.error[0] == 0.25


def test_momentum_and_adam_cross_the_plateau_faster_than_plain_descent():
    start = (-4.0, -4.0)  # on the flat plateau of Figure 5
    paths = {m: descent_path(m, start, learning_rate=1.0, steps=200) for m in OPTIMIZERS}
    for path in paths.values():
        assert path.weights.shape == (201, 2) and path.error.shape == (201,)
        assert not path.diverged
    assert paths["momentum"].error[-1] < paths["gradient_descent"].error[-1]
    assert paths["adam"].error[-1] < paths["gradient_descent"].error[-1]


def test_steps_to_valley_and_largest_rise_by_hand():
    # errors 1.0, 0.5, 0.8, 0.005: below 1 % of the start (0.01) first at step 3; the largest
    # rise is 0.8 - 0.5 = 0.3 (step 2 overshot)
    errors = np.array([1.0, 0.5, 0.8, 0.005])
    path = DescentPath("momentum", np.zeros((4, 2)), errors, diverged=False)
    assert path.steps_to_valley == 3
    assert path.largest_rise == pytest.approx(0.3)
    falling = DescentPath("adam", np.zeros((3, 2)), np.array([1.0, 0.5, 0.2]), diverged=False)
    assert falling.steps_to_valley is None and falling.largest_rise == 0.0
    start_only = DescentPath("adam", np.zeros((1, 2)), np.array([0.3]), diverged=False)
    assert start_only.largest_rise == 0.0


def test_a_diverging_path_stops_and_says_so():
    path = descent_path("gradient_descent", (2.0,), 1e200, 50, activation="linear", a0=1e100)
    assert path.diverged and len(path.weights) < 51
    assert np.all(np.isfinite(path.weights))


def test_a_huge_rate_diverges_by_the_weight_bound_long_before_infinity():
    path = descent_path("gradient_descent", (3.0, 3.0), 50.0, 100, activation="linear")
    assert path.diverged and len(path.weights) < 10
    assert np.abs(path.weights).max() <= WEIGHT_BOUND


def test_a_path_running_off_with_finite_weights_is_diverged():
    # ReLU with momentum 0.99 at the page's extremes reaches |w| = 4e6 without any inf
    path = descent_path(
        "momentum", (-10.0, 10.0), 5.0, 500, a0=-2.0, target=-1.0, activation="relu", momentum=0.99
    )
    assert path.diverged and np.abs(path.weights).max() <= WEIGHT_BOUND


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="optimizer"):
        descent_path("newton", (0.0,), 1.0, 3)
    with pytest.raises(ValueError, match="1 or 2 weights"):
        error_gradient(np.zeros(3))
    with pytest.raises(ValueError, match="low < high"):
        error_grid((1.0, -1.0))
