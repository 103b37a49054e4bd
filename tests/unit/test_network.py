"""The four backprop steps: shapes, a hand-worked SGD step, and gradients vs finite differences."""

import itertools

import numpy as np
import pytest

from ann_core.gradcheck import gradient_check
from ann_core.network import (
    MAX_HIDDEN_LAYERS,
    backward,
    dot,
    forward,
    gradients,
    init_parameters,
    layer_sizes,
    n_parameters,
    offsets,
    pack,
    predict,
    unpack,
    update,
)


def test_init_draws_every_weight_then_every_bias_uniformly_in_half_open_interval():
    sizes = layer_sizes(2, (4, 3))
    params = init_parameters(sizes, np.random.RandomState(5))
    rng = np.random.RandomState(5)
    expected = [rng.rand(2, 4) - 0.5, rng.rand(4, 3) - 0.5, rng.rand(3, 1) - 0.5]
    expected += [rng.rand(4) - 0.5, rng.rand(3) - 0.5, rng.rand(1) - 0.5]
    np.testing.assert_array_equal(pack(params), np.concatenate([e.ravel() for e in expected]))
    theta = pack(init_parameters(layer_sizes(2, (16, 16)), np.random.RandomState(0)))
    assert theta.min() >= -0.5 and theta.max() < 0.5


def test_pack_and_unpack_are_inverse():
    sizes = (3, 5, 2, 1)
    theta = np.arange(n_parameters(sizes), dtype=float)
    assert len(theta) == 3 * 5 + 5 * 2 + 2 * 1 + 5 + 2 + 1
    np.testing.assert_array_equal(pack(unpack(theta, sizes)), theta)
    (w1, b1), _, (w3, b3) = unpack(theta, sizes)
    assert w1.shape == (3, 5) and b1.shape == (5,) and w3.shape == (2, 1) and b3.shape == (1,)


def test_one_sgd_step_worked_by_hand():
    # One input a0 = 1, one hidden sigmoid unit, one sigmoid output, target t = 1.
    # w1 = 0.5, b1 = 0, w2 = -1, b2 = 0.25, learning rate 2.
    params = [(np.array([[0.5]]), np.array([0.0])), (np.array([[-1.0]]), np.array([0.25]))]
    fwd = forward(params, np.array([[1.0]]), ["sigmoid", "sigmoid"])
    # Step I:  z1 = 0.5, a1 = sigma(0.5) = 0.6224593312; z2 = -0.6224593312 + 0.25
    #          = -0.3724593312, a2 = 1 / (1 + e^0.3724593) = 1 / 2.4512995 = 0.4079469
    a1 = 1 / (1 + np.exp(-0.5))
    a2 = 1 / (1 + np.exp(-(0.25 - a1)))
    assert fwd.a[0][0, 0] == pytest.approx(0.6224593312, abs=1e-10)
    assert fwd.output[0, 0] == pytest.approx(a2, abs=1e-15)
    deltas = backward(params, fwd, np.array([[1.0]]), ["sigmoid", "sigmoid"])
    # Step II: delta2 = a2 (1 - a2) (a2 - 1) = 0.4079469 * 0.5920531 * -0.5920531 = -0.1429964
    #          delta1 = a1 (1 - a1) delta2 w2 = 0.2350037 * -0.1429964 * -1 = 0.0336047
    delta2 = a2 * (1 - a2) * (a2 - 1)
    delta1 = a1 * (1 - a1) * delta2 * -1.0
    assert deltas[1][0, 0] == pytest.approx(delta2, rel=1e-14)
    assert deltas[0][0, 0] == pytest.approx(delta1, rel=1e-14)
    assert fwd.output[0, 0] == pytest.approx(0.4079469, abs=1e-7)
    assert delta2 == pytest.approx(-0.1429964, abs=1e-7)
    assert delta1 == pytest.approx(0.0336047, abs=1e-7)
    grads = gradients(fwd, deltas)
    # Step III: dE/dw2 = a1 delta2, dE/db2 = delta2, dE/dw1 = a0 delta1 = delta1
    assert grads[1][0][0, 0] == pytest.approx(a1 * delta2, rel=1e-14)
    assert grads[0][0][0, 0] == pytest.approx(delta1, rel=1e-14)
    new = update(params, grads, 2.0)
    # Step IV: w <- w - 2 dE/dw: w2 = -1 - 2 * 0.6224593 * -0.1429964 = -0.8219812 grows,
    #          because the output is too small; b1 = 0 - 2 * 0.0336047 = -0.0672093
    assert new[1][0][0, 0] == pytest.approx(-1.0 - 2 * a1 * delta2, rel=1e-14)
    assert new[1][0][0, 0] == pytest.approx(-0.8219812, abs=1e-7)
    assert new[0][1][0] == pytest.approx(-0.0672093, abs=1e-7)
    assert new[0][1][0] == pytest.approx(0.0 - 2 * delta1, rel=1e-14)


HIDDEN = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus"]
OUTPUT_LOSS = [(out, "sse") for out in HIDDEN] + [("sigmoid", "cross_entropy")]
DEPTHS = [(), (3,), (4, 2), (2, 3, 2, 2)]


@pytest.mark.parametrize(
    ("hidden", "output_loss", "depth"), list(itertools.product(HIDDEN, OUTPUT_LOSS, DEPTHS))
)
def test_backprop_gradients_match_finite_differences(hidden, output_loss, depth):
    output, loss = output_loss
    rng = np.random.RandomState(len(depth) * 7 + HIDDEN.index(hidden))
    sizes = layer_sizes(2, depth)
    params = [(w * 3, b * 3) for w, b in init_parameters(sizes, rng)]
    X = rng.randn(6, 2)
    y = (rng.rand(6) > 0.5).astype(float)
    activations = [hidden] * len(depth) + [output]
    if "relu" in hidden:  # keep every unit away from the kink, where no derivative exists
        fwd = forward(params, X, activations)
        assume_away_from_kink = all(np.all(np.abs(z) > 1e-4) for z in fwd.z[:-1])
        assert assume_away_from_kink
    check = gradient_check(params, X, y, activations, loss)
    # central differences carry a rounding error of about 1e-16 / h = 1e-10 in absolute terms
    np.testing.assert_allclose(check.analytic, check.numeric, rtol=1e-6, atol=1e-9)
    assert check.max_relative_difference < 1e-4


@pytest.mark.parametrize("hidden", HIDDEN)
def test_backprop_gradients_of_layers_of_different_sizes_match_finite_differences(hidden):
    # (8, 3, 5, 2) after 4 inputs: some gradients are as small as 1e-9 here, where central
    # differences carry a rounding error of about 1e-10, so they are compared in absolute terms
    rng = np.random.RandomState(HIDDEN.index(hidden))
    params = init_parameters(layer_sizes(4, (8, 3, 5, 2)), rng)
    X, y = rng.randn(6, 4), rng.randn(6)
    activations = [hidden] * 4 + ["linear"]
    if "relu" in hidden:  # keep every unit away from the kink, where no derivative exists
        assert all(np.all(np.abs(z) > 1e-4) for z in forward(params, X, activations).z[:-1])
    check = gradient_check(params, X, y, activations)
    assert check.analytic.size == 4 * 8 + 8 * 3 + 3 * 5 + 5 * 2 + 2 * 1 + 8 + 3 + 5 + 2 + 1
    np.testing.assert_allclose(check.analytic, check.numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("output_loss", OUTPUT_LOSS, ids=lambda o: "-".join(o))
@pytest.mark.parametrize("hidden", HIDDEN)
def test_backprop_gradients_of_the_deepest_network_match_finite_differences(hidden, output_loss):
    """Issue 33: MAX_HIDDEN_LAYERS hidden layers (2, 3, 2, ...) of weights 3 times the drawn
    ones. The first layers' gradients shrink to 1e-9 through so many slopes, where central
    differences carry a rounding error of about 1e-10: compared in absolute terms, as above."""
    output, loss = output_loss
    depth = tuple(2 + layer % 2 for layer in range(MAX_HIDDEN_LAYERS))
    rng = np.random.RandomState(
        HIDDEN.index(hidden) * len(OUTPUT_LOSS) + OUTPUT_LOSS.index(output_loss)
    )
    params = [(w * 3, b * 3) for w, b in init_parameters(layer_sizes(2, depth), rng)]
    X = rng.randn(6, 2)
    y = (rng.rand(6) > 0.5).astype(float)
    activations = [hidden] * len(depth) + [output]
    if "relu" in hidden:  # keep every unit away from the kink, where no derivative exists
        assert all(np.all(np.abs(z) > 1e-4) for z in forward(params, X, activations).z[:-1])
    check = gradient_check(params, X, y, activations, loss)
    assert len(params) == MAX_HIDDEN_LAYERS + 1
    np.testing.assert_allclose(check.analytic, check.numeric, rtol=1e-6, atol=1e-9)


def test_predict_returns_one_value_per_row():
    params = init_parameters((2, 4, 1), np.random.RandomState(0))
    out = predict(params, np.zeros((7, 2)), ["sigmoid", "sigmoid"])
    assert out.shape == (7,)
    assert np.all((out > 0) & (out < 1))


def test_offsets_by_hand():
    # (2, 3, 1): W1 holds 6 numbers from 0, W2 3 from 6; then b1 3 from 9, b2 1 from 12
    assert offsets((2, 3, 1)) == ((0, 6), (9, 12))
    assert offsets((1, 1)) == ((0,), (1,))


def test_dot_sums_the_products_in_index_order():
    # (1e16 + 1) - 1e16 is 0 in floating point, while (1e16 - 1e16) + 1 is 1
    a = np.array([[1e16, 1.0, -1e16], [1e16, -1e16, 1.0]])
    b = np.ones((3, 2))
    np.testing.assert_array_equal(dot(a, b), [[0.0, 0.0], [1.0, 1.0]])
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(5, 4)), rng.normal(size=(4, 3))
    np.testing.assert_allclose(dot(a, b), a @ b, rtol=1e-14)
