"""Networks of several output units (issue 34): their gradients, their training on both engines."""

import itertools

import numpy as np
import pytest

from ann_core import _kernel
from ann_core.gradcheck import gradient_check
from ann_core.losses import get_loss
from ann_core.multi_output import NetworkTraining, train_network
from ann_core.network import forward, init_parameters, pack

HIDDEN = ["sigmoid", "tanh", "linear", "softplus", "elu"]
#: (sizes, output activation, loss): 2 to 3 outputs, with and without hidden layers
NETWORKS = [
    ((2, 3), "linear", "sse"),
    ((2, 4, 2), "linear", "sse"),
    ((3, 5, 2, 3), "tanh", "sse"),
    ((2, 3, 1, 3, 2), "sigmoid", "sse"),
    ((2, 4, 3), "sigmoid", "cross_entropy"),
]


@pytest.mark.parametrize(("hidden", "network"), list(itertools.product(HIDDEN, NETWORKS)))
def test_multi_output_gradients_match_finite_differences(hidden, network):
    sizes, output, loss = network
    rng = np.random.RandomState(len(sizes) * 11 + HIDDEN.index(hidden))
    params = [(w * 3, b * 3) for w, b in init_parameters(sizes, rng)]
    X = rng.randn(6, sizes[0])
    Y = rng.rand(6, sizes[-1]) if loss == "sse" else (rng.rand(6, sizes[-1]) > 0.5) * 1.0
    activations = [hidden] * (len(sizes) - 2) + [output]
    check = gradient_check(params, X, Y, activations, loss)
    assert check.analytic.size == pack(params).size
    np.testing.assert_allclose(check.analytic, check.numeric, rtol=1e-6, atol=1e-9)
    assert check.max_relative_difference < 1e-4


def test_the_loss_of_several_outputs_is_the_sum_of_each_outputs_loss():
    rng = np.random.RandomState(0)
    params = init_parameters((2, 3, 3), rng)
    X, Y = rng.randn(5, 2), rng.randn(5, 3)
    fwd = forward(params, X, ["tanh", "linear"])
    sse = get_loss("sse").reported(fwd.output, fwd.z[-1], Y)
    np.testing.assert_allclose(sse, ((fwd.output - Y) ** 2).sum(axis=1), rtol=1e-15)
    by_output = [
        get_loss("sse").reported(fwd.output[:, [k]], fwd.z[-1][:, [k]], Y[:, [k]]) for k in range(3)
    ]
    np.testing.assert_allclose(sse, np.sum(by_output, axis=0), rtol=1e-15)


def _trained(sizes, activations, engine, **settings):
    rng = np.random.RandomState(sum(sizes))
    X = rng.randn(25, sizes[0])
    Y = np.tanh(X @ rng.randn(sizes[0], sizes[-1]))
    if settings.get("loss") == "cross_entropy":
        Y = (Y > 0) * 1.0
    training = NetworkTraining(sizes, activations, epochs=15, **settings)
    return train_network(training, X, Y, init_parameters(sizes, rng), engine)


ENGINE_CASES = [
    ((2, 8, 1, 8, 2), ("tanh", "linear", "tanh", "linear"), {"learning_rate": 0.05}),
    ((2, 4, 3), ("sigmoid", "sigmoid"), {"learning_rate": 0.5, "anneal": 0.9}),
    ((3, 5, 9), ("elu", "linear"), {"learning_rate": 0.02, "momentum": 0.5, "batch_size": 4}),
    ((2, 3, 12), ("softplus", "sigmoid"), {"loss": "cross_entropy", "learning_rate": 0.3}),
    (
        (2, 6, 2),
        ("tanh", "linear"),
        {"learning_rate": 0.05, "regularization": "l2", "reg_rate": 0.1},
    ),
]


@pytest.mark.skipif(not _kernel.HAVE_NUMBA, reason="numba is not installed")
@pytest.mark.parametrize(("sizes", "activations", "settings"), ENGINE_CASES, ids=str)
def test_both_engines_train_several_outputs_alike(sizes, activations, settings):
    fast = _trained(sizes, activations, "numba", **settings)
    reference = _trained(sizes, activations, "numpy", **settings)
    assert fast.epochs == reference.epochs == 15
    np.testing.assert_array_equal(fast.history, reference.history)  # to the bit
    if settings.get("loss") == "cross_entropy":  # the kernel sums it with the C library's log1p
        np.testing.assert_allclose(fast.loss, reference.loss, rtol=1e-13)
    else:
        np.testing.assert_array_equal(fast.loss, reference.loss)


def test_a_multi_output_run_records_every_epoch_and_learns():
    run = _trained((2, 6, 2), ("tanh", "linear"), "numpy", learning_rate=0.05, anneal=1.0)
    assert run.history.shape == (16, 2 * 6 + 6 * 2 + 6 + 2)
    assert run.loss[-1] < run.loss[0] / 2
    np.testing.assert_array_equal(pack(run.parameters(0)), run.history[0])
    assert run.predict(run.X).shape == (25, 2)
    assert run.predict_epochs(run.X, [0, 5, 15]).shape == (3, 25, 2)
    np.testing.assert_allclose(run.loss_after([15])[0], ((run.predict(run.X) - run.Y) ** 2).sum())
    np.testing.assert_allclose(run.mean_loss, run.loss / 25)


def test_one_output_trains_as_train_does_its_network():
    # a NetworkTraining of one output is the same loop as TrainingConfig's: the post's XOR run
    from ann_core import TrainingConfig, train

    config = TrainingConfig(problem="XOR", hidden_units=(2,), epochs=20)
    run = train(config)
    training = NetworkTraining(config.sizes, config.activations, epochs=20)
    again = train_network(training, run.X, run.y, run.parameters(0))
    np.testing.assert_array_equal(again.history, run.history)
    np.testing.assert_array_equal(again.loss, run.loss)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"sizes": (2,)}, "sizes="),
        ({"sizes": (2, 0, 2)}, "sizes="),
        ({"sizes": (2, 99, 2)}, "sizes="),
        ({"sizes": (2, 2.5, 2)}, "sizes="),
        ({"activations": ("tanh",)}, "activations="),
        ({"activations": ("tanh", "cosine")}, "activations has"),
        ({"learning_rate": 0.0}, "learning_rate="),
        ({"epochs": 0}, "epochs="),
        ({"anneal": 1.5}, "anneal="),
        ({"batch_size": 0}, "batch_size="),
        ({"loss": "hinge"}, "loss="),
        ({"loss": "cross_entropy"}, "loss='cross_entropy' needs"),
        ({"regularization": "l3"}, "regularization="),
    ],
)
def test_bad_settings_are_refused_naming_them(settings, message):
    given = {"sizes": (2, 3, 2), "activations": ("tanh", "linear"), **settings}
    with pytest.raises(ValueError, match=message):
        NetworkTraining(**given)


def test_bad_data_and_initial_parameters_are_refused_naming_them():
    training = NetworkTraining((2, 3, 2), ("tanh", "linear"))
    params = init_parameters(training.sizes, np.random.RandomState(0))
    X, Y = np.zeros((4, 2)), np.zeros((4, 2))
    with pytest.raises(ValueError, match=r"^X must"):
        train_network(training, np.zeros((4, 3)), Y, params)
    with pytest.raises(ValueError, match=r"^Y must"):
        train_network(training, X, np.zeros(4), params)
    with pytest.raises(ValueError, match=r"^Y must have a row per row"):
        train_network(training, X, np.zeros((5, 2)), params)
    with pytest.raises(ValueError, match=r"^Y must"):
        train_network(training, X, np.full((4, 2), np.nan), params)
    with pytest.raises(ValueError, match=r"^initial must"):
        train_network(training, X, Y, params[:1])
    with pytest.raises(ValueError, match=r"^initial must"):
        train_network(training, X, Y, [(w * np.inf, b) for w, b in params])
    with pytest.raises(ValueError, match="engine must be"):
        train_network(training, X, Y, params, engine="gpu")
