"""Activations: values, derivatives against finite differences, and the post's identities."""

import numpy as np
import pytest

from ann_core.activations import ACTIVATIONS, get_activation, sigmoid

# Points away from the ReLUs' kink at 0, where the derivative is not defined.
Z = np.array([-7.0, -2.5, -0.8, -0.1, 0.3, 1.0, 2.2, 6.0])


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivative_matches_central_differences(name):
    g = get_activation(name)
    h = 1e-6
    numeric = (g.value(Z + h) - g.value(Z - h)) / (2 * h)
    np.testing.assert_allclose(g.derivative(Z), numeric, rtol=1e-7, atol=1e-9)


def test_derivatives_written_from_the_output_are_the_posts_formulas():
    s = 1.0 / (1.0 + np.exp(-Z))
    t = np.tanh(Z)
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"].derivative_from_output(s), s * (1 - s))
    np.testing.assert_allclose(ACTIVATIONS["tanh"].derivative_from_output(t), 1 - t**2)
    np.testing.assert_array_equal(ACTIVATIONS["linear"].derivative(Z), np.ones_like(Z))
    np.testing.assert_array_equal(ACTIVATIONS["relu"].derivative(Z), (Z > 0).astype(float))


def test_the_new_activations_and_their_derivatives_from_the_output():
    leaky, elu, softplus = (ACTIVATIONS[name] for name in ("leaky_relu", "elu", "softplus"))
    np.testing.assert_array_equal(leaky.value(Z), np.where(Z > 0, Z, 0.01 * Z))
    np.testing.assert_array_equal(leaky.derivative(Z), np.where(Z > 0, 1.0, 0.01))
    np.testing.assert_allclose(elu.value(Z), np.where(Z > 0, Z, np.expm1(Z)), atol=1e-15)
    a = elu.value(Z)  # below 0 the slope e^z is the output plus 1
    np.testing.assert_allclose(elu.derivative_from_output(a), np.where(Z > 0, 1.0, np.exp(Z)))
    np.testing.assert_allclose(softplus.value(Z), np.logaddexp(0.0, Z), rtol=1e-15)
    a = softplus.value(Z)  # the slope is sigma(z) = 1 - e^-a
    np.testing.assert_allclose(softplus.derivative_from_output(a), 1 / (1 + np.exp(-Z)))
    # neither overflows far out, and softplus is z there
    far = np.array([-1000.0, 1000.0])
    np.testing.assert_array_equal(elu.value(far), [-1.0, 1000.0])
    np.testing.assert_array_equal(softplus.value(far), [0.0, 1000.0])


def test_values_against_direct_formulas():
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"].value(Z), 1 / (1 + np.exp(-Z)), rtol=1e-15)
    np.testing.assert_array_equal(ACTIVATIONS["tanh"].value(Z), np.tanh(Z))
    np.testing.assert_array_equal(ACTIVATIONS["linear"].value(Z), Z)
    np.testing.assert_array_equal(ACTIVATIONS["relu"].value(Z), np.where(Z > 0, Z, 0.0))


def test_sigmoid_neither_overflows_nor_warns_at_extremes():
    # pyproject turns RuntimeWarning into an error, so an overflow would fail here
    out = sigmoid(np.array([-1000.0, -745.5, -710.0, -700.0, 0.0, 700.0, 1000.0]))
    assert np.all(np.isfinite(out))
    assert out[0] == 0.0 and out[-1] == 1.0 and out[4] == 0.5
    # in the far tail sigma(z) = e^z to double precision
    np.testing.assert_allclose(out[2], np.exp(-710.0), rtol=1e-15)
    assert np.all(np.diff(out) >= 0)


def test_sigmoid_equals_the_posts_formula_bit_for_bit_in_its_range():
    z = np.linspace(-50, 50, 10_001)
    np.testing.assert_array_equal(sigmoid(z), 1.0 / (1.0 + np.exp(-z)))


def test_unknown_activation_names_the_valid_ones():
    with pytest.raises(ValueError, match="linear, sigmoid, tanh, relu, leaky_relu, elu, softplus"):
        get_activation("softsign")


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_outputs_stay_in_the_declared_range(name):
    activation = get_activation(name)
    low, high = activation.output_range
    out = activation.value(np.linspace(-50.0, 50.0, 1001))
    assert np.all((low <= out) & (out <= high))
    # the range is tight: the outputs come within 1e-6 of every finite end
    assert not np.isfinite(low) or out.min() - low < 1e-6
    assert not np.isfinite(high) or high - out.max() < 1e-6
    assert activation.bounded == (name in ("sigmoid", "tanh"))
    assert np.isfinite(low) == (name in ("sigmoid", "tanh", "relu", "elu", "softplus"))
