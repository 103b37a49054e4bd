"""Autoencoders (issue 34): a network trained to give back its inputs through a narrow code."""

import numpy as np
import pytest

from ann_core import _kernel
from ann_core.autoencoder import (
    AutoencoderConfig,
    axis_angle,
    centred_and_scaled,
    code_curve,
    code_layer,
    decode_epochs,
    encode_epochs,
    points_of,
    principal_axis,
    principal_line_error,
    principal_projections,
    reconstruction_distances,
    reconstruction_error,
    train_autoencoder,
)
from ann_core.network import forward, pack

LINEAR_CODE = AutoencoderConfig(hidden_units=(1,), hidden_activation="linear", epochs=300)


def spread_of(X: np.ndarray) -> float:
    """The points' root mean square distance from their centre."""
    return float(np.sqrt(((X - X.mean(axis=0)) ** 2).sum(axis=1).mean()))


def points_on_a_line(n: int = 40, seed: int = 3) -> np.ndarray:
    t = np.random.RandomState(seed).uniform(-1.0, 1.0, n)
    return np.column_stack([0.5 + 0.8 * t, 0.2 - 0.6 * t])


def test_points_on_a_line_come_back_through_one_linear_unit():
    X = points_on_a_line()
    run = train_autoencoder(LINEAR_CODE, X)
    assert run.sizes == (2, 1, 2)
    errors = reconstruction_distances(run, [0, run.epochs]).mean(axis=1)
    assert errors[0] > 0.5 * spread_of(X)  # the initial weights do not reproduce them
    assert errors[1] < 0.01 * spread_of(X)


def test_a_linear_code_puts_every_reconstruction_on_the_principal_axis():
    # no hidden layers around a linear code: principal component analysis, learnt by backprop
    rng = np.random.RandomState(3)
    X = rng.randn(60, 2) @ np.array([[1.0, 0.4], [0.0, 0.3]]) + 0.5
    config = AutoencoderConfig(
        hidden_units=(1,), hidden_activation="linear", learning_rate=0.02, anneal=0.99, epochs=500
    )
    run = train_autoencoder(config, X)
    centre, direction = principal_axis(X)
    projections = centre + np.outer((X - centre) @ direction, direction)
    off = np.sqrt(((run.predict(X) - projections) ** 2).sum(axis=1))
    assert off.max() < 0.002 * spread_of(X)


def test_a_one_unit_code_through_tanh_layers_follows_a_curve_a_line_cannot():
    rng = np.random.RandomState(3)
    t = rng.uniform(-1.0, 1.0, 100)
    X = np.column_stack([t, t**2 - 0.3]) + rng.randn(100, 2) * 0.02
    curve = train_autoencoder(AutoencoderConfig(hidden_units=(8, 1, 8), epochs=1000), X)
    line = train_autoencoder(LINEAR_CODE, X)
    curve_error = reconstruction_distances(curve, [curve.epochs]).mean()
    line_error = reconstruction_distances(line, [line.epochs]).mean()
    assert curve_error < 0.1 * spread_of(X) < 0.3 * spread_of(X) < line_error


def test_the_code_and_the_decoder_make_the_reconstruction():
    X = points_on_a_line(seed=5)
    config = AutoencoderConfig(hidden_activation=("tanh", "linear", "tanh"), epochs=20)
    run = train_autoencoder(config, X)
    assert run.sizes == (2, 8, 1, 8, 2) and run.activations == ("tanh", "linear", "tanh", "linear")
    assert code_layer(run.sizes) == 1 and code_layer((2, 4, 2, 2, 4, 2)) == 1
    epochs = [0, 7, 20]
    codes = encode_epochs(run, X, epochs)
    assert codes.shape == (3, 40, 1)
    by_hand = forward(run.parameters(7), X, run.activations).a[1]  # summed in order, not BLAS
    np.testing.assert_allclose(codes[1], by_hand, rtol=0, atol=1e-12)
    np.testing.assert_allclose(
        decode_epochs(run, codes[2], [20])[0], run.predict(X), rtol=0, atol=1e-12
    )
    assert decode_epochs(run, np.linspace(-1, 1, 9), epochs).shape == (3, 9, 2)
    assert reconstruction_distances(run).shape == (21, 40)


def test_an_autoencoder_run_records_its_parameters_after_every_epoch():
    X = points_on_a_line()
    run = train_autoencoder(LINEAR_CODE, X)
    assert run.history.shape == (301, 2 + 2 + 1 + 2)
    np.testing.assert_array_equal(run.X, X)
    np.testing.assert_array_equal(run.Y, X)
    start = [(w + 1.0, b) for w, b in run.parameters(0)]
    again = train_autoencoder(LINEAR_CODE, X, initial=start)
    np.testing.assert_array_equal(again.history[0], pack(start))
    other = train_autoencoder(AutoencoderConfig(hidden_units=(1,), seed=1, epochs=1), X)
    assert not np.array_equal(other.history[0], run.history[0])
    with pytest.raises(ValueError, match="epoch must be in"):
        run.parameters(301)


@pytest.mark.skipif(not _kernel.HAVE_NUMBA, reason="numba is not installed")
def test_both_engines_train_an_autoencoder_to_the_same_bits():
    X = points_on_a_line(seed=7)
    config = AutoencoderConfig(epochs=40)
    fast = train_autoencoder(config, X, engine="numba")
    reference = train_autoencoder(config, X, engine="numpy")
    np.testing.assert_array_equal(fast.history, reference.history)
    np.testing.assert_array_equal(fast.loss, reference.loss)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"hidden_units": ()}, "hidden_units="),
        ({"hidden_units": (8, 0, 8)}, "hidden_units="),
        ({"hidden_units": (8, 2.5, 8)}, "hidden_units="),
        ({"hidden_units": (2,) * 99}, "hidden_units="),
        ({"hidden_activation": ("tanh", "tanh")}, "hidden_activation="),
        ({"hidden_activation": "cosine"}, "hidden_activation="),
        ({"hidden_activation": ("tanh", "cosine", "tanh")}, "hidden_activation="),
        ({"output_activation": "cosine"}, "output_activation="),
        ({"learning_rate": -1.0}, "learning_rate="),
        ({"epochs": 10**6}, "epochs="),
        ({"seed": -1}, "seed="),
    ],
)
def test_bad_autoencoder_settings_are_refused_naming_them(settings, message):
    with pytest.raises(ValueError, match=message):
        AutoencoderConfig(**settings)


def test_settings_are_normalised_so_equal_ones_hash_equal():
    one_name = AutoencoderConfig(hidden_units=[np.int64(8), 1, 8], hidden_activation="tanh")
    assert one_name == AutoencoderConfig() and hash(one_name) == hash(AutoencoderConfig())
    assert one_name.hidden_units == (8, 1, 8) and type(one_name.hidden_units[0]) is int
    assert one_name.hidden_activation == ("tanh", "tanh", "tanh")


def test_bad_data_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"^X must"):
        train_autoencoder(LINEAR_CODE, np.zeros(5))
    with pytest.raises(ValueError, match=r"^X must"):
        train_autoencoder(LINEAR_CODE, np.full((5, 2), np.inf))
    with pytest.raises(ValueError, match="no hidden layer"):
        code_layer((2, 2))


def test_a_one_unit_codes_curve_holds_every_reconstruction():
    X = points_on_a_line(seed=5)
    config = AutoencoderConfig(hidden_activation=("tanh", "linear", "tanh"), epochs=30)
    run = train_autoencoder(config, X)
    curves = code_curve(run, [0, 30], n_points=401)
    assert curves.shape == (2, 401, 2)
    codes = encode_epochs(run, X, [30])[0, :, 0]
    ends = decode_epochs(run, np.array([codes.min(), codes.max()]), [30])[0]
    np.testing.assert_allclose(curves[1, [0, -1]], ends, rtol=0, atol=1e-12)  # lowest to highest
    # every reconstruction lies on the curve: within a step of the sweep from one of its points
    reconstructions = run.predict(X)
    nearest = np.sqrt(((reconstructions[:, None] - curves[1][None]) ** 2).sum(-1)).min(axis=1)
    step = np.sqrt((np.diff(curves[1], axis=0) ** 2).sum(-1)).max()
    assert nearest.max() <= step
    with pytest.raises(ValueError, match="a code of one unit"):
        code_curve(train_autoencoder(AutoencoderConfig(hidden_units=(2,), epochs=1), X))


def test_points_are_centred_and_scaled_keeping_their_shape():
    X = np.array([[0.0, 0.0], [4.0, 0.0], [4.0, 2.0], [0.0, 2.0]])
    scaled = centred_and_scaled(X)
    np.testing.assert_allclose(scaled.mean(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(np.sqrt((scaled**2).mean()), 1.0)
    np.testing.assert_allclose(scaled[1] - scaled[0], [4 / np.sqrt(2.5), 0.0])  # one factor
    np.testing.assert_array_equal(centred_and_scaled(np.ones((3, 2))), np.zeros((3, 2)))
    ring = points_of("RING", 10, 0.05, 123)
    assert ring.shape == (90, 2)
    np.testing.assert_allclose(np.sqrt((ring**2).mean()), 1.0)
    with pytest.raises(ValueError, match="n_observations="):
        points_of("RING", 0, 0.05, 123)
    with pytest.raises(ValueError, match="noise="):
        points_of("RING", 10, -1.0, 123)
    with pytest.raises(ValueError, match="seed="):
        points_of("RING", 10, 0.05, -1)
    with pytest.raises(ValueError, match="unknown problem"):
        points_of("MOON", 10, 0.05, 1)


def test_principal_projections_lie_on_the_principal_axis_closest_to_their_points():
    rng = np.random.RandomState(4)
    X = rng.randn(50, 2) @ np.array([[2.0, 1.0], [0.0, 0.5]])
    centre, direction = principal_axis(X)
    projections = principal_projections(X)
    off_axis = (projections - centre) @ np.array([-direction[1], direction[0]])
    np.testing.assert_allclose(off_axis, 0.0, atol=1e-12)
    np.testing.assert_allclose((X - projections) @ direction, 0.0, atol=1e-12)  # perpendicular
    assert axis_angle(np.array([1.0, 0.0]), np.array([-1.0, 1.0])) == pytest.approx(45.0)
    assert axis_angle(direction, -3 * direction) == pytest.approx(0.0, abs=1e-6)
    assert axis_angle(np.array([0.0, 2.0]), np.array([5.0, 0.0])) == pytest.approx(90.0)


def test_the_principal_axis_leaves_the_points_closest_in_root_mean_square():
    rng = np.random.RandomState(6)
    X = rng.randn(80, 2) @ np.array([[1.5, 0.5], [0.0, 0.6]]) + 1.0
    best = principal_line_error(X)
    singular = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    assert best == pytest.approx(singular[1] / np.sqrt(len(X)))  # the second direction's spread
    for _ in range(50):  # no other line does better: a random direction through a random point
        angle = rng.uniform(0, np.pi)
        direction = np.array([np.cos(angle), np.sin(angle)])
        through = X.mean(axis=0) + rng.randn(2) * 0.3
        along = through + np.outer((X - through) @ direction, direction)
        assert np.sqrt(((X - along) ** 2).sum(axis=1).mean()) >= best


def test_the_reconstruction_error_is_the_root_mean_square_of_the_distances():
    run = train_autoencoder(AutoencoderConfig(hidden_units=(3, 1, 3), epochs=5), points_on_a_line())
    distances = reconstruction_distances(run, [0, 5])
    np.testing.assert_allclose(
        reconstruction_error(run, [0, 5]), np.sqrt((distances**2).mean(axis=1)), rtol=1e-15
    )
    assert reconstruction_error(run).shape == (6,)
    # its square is the loss per point the post reports (SSE: summed over the outputs)
    np.testing.assert_allclose(
        len(run.X) * reconstruction_error(run, [5]) ** 2, run.loss_after([5]), rtol=1e-12
    )
