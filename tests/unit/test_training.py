"""Training: both engines agree, divergence ends cleanly, runs record every epoch, restarts."""

import dataclasses
import math
from itertools import pairwise

import numpy as np
import pytest

from ann_core import TrainingConfig, _kernel, serialize, train, training
from ann_core.divergence import LOSS_GROWTH, WEIGHT_BOUND, largest_size
from ann_core.features import feature_columns
from ann_core.gradcheck import gradient_check
from ann_core.network import MAX_HIDDEN_LAYERS, pack
from ann_core.restarts import restarts
from ann_core.training import backprop_step, prepare

ENGINES_AGREE = [
    TrainingConfig(problem="XOR", hidden_units=(3, 2), epochs=15, n_observations=10),
    TrainingConfig(problem="AND", hidden_units=(), loss="cross_entropy", epochs=20),
    TrainingConfig(
        problem="SPIRAL",
        hidden_units=(8, 8),
        hidden_activation="relu",
        epochs=10,
        learning_rate=0.1,
        n_observations=30,
    ),
    TrainingConfig(
        problem="CIRCLE",
        hidden_units=(5,),
        hidden_activation="tanh",
        momentum=0.9,
        learning_rate=0.05,
        epochs=12,
        n_observations=25,
    ),
    TrainingConfig(problem="OR", hidden_units=(4,), batch_size=7, epochs=25, anneal=1.0),
    TrainingConfig(problem="RING", hidden_units=(4,), batch_size=10_000, epochs=30),
    TrainingConfig(
        problem="SIN",
        hidden_units=(16, 16, 16, 16),
        learning_rate=0.01,
        epochs=8,
        n_observations=60,
        test_fraction=0.25,
    ),
    TrainingConfig(
        problem="ABS",
        hidden_units=(2,),
        hidden_activation="sigmoid",
        output_activation="relu",
        batch_size=4,
        momentum=0.5,
        learning_rate=0.02,
        epochs=15,
        n_observations=40,
    ),
    TrainingConfig(
        problem="GAUSSIAN", hidden_units=(5,), hidden_activation="leaky_relu", learning_rate=0.3
    ),
    TrainingConfig(
        problem="SIN",
        hidden_units=(6,),
        hidden_activation="elu",
        learning_rate=0.02,
        epochs=20,
        n_observations=50,
    ),
    TrainingConfig(
        problem="CUBIC",
        hidden_units=(3, 2),
        hidden_activation="softplus",
        output_activation="elu",
        learning_rate=0.01,
        epochs=20,
        n_observations=50,
    ),
    TrainingConfig(
        problem="XOR",
        hidden_units=(4,),
        hidden_activation="softplus",
        output_activation="sigmoid",
        loss="cross_entropy",
        batch_size=8,
        momentum=0.5,
        learning_rate=0.5,
        epochs=20,
    ),
    TrainingConfig(
        problem="RING",
        hidden_units=(6,),
        hidden_activation="elu",
        output_activation="leaky_relu",
        learning_rate=0.05,
        epochs=10,
        n_observations=20,
    ),
]


@pytest.mark.parametrize("config", ENGINES_AGREE, ids=lambda c: f"{c.problem}-{c.hidden_units}")
def test_numba_and_numpy_engines_agree(config):
    fast, reference = train(config, engine="numba"), train(config, engine="numpy")
    np.testing.assert_allclose(fast.loss, reference.loss, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fast.history, reference.history, rtol=0, atol=1e-9)
    assert fast.epochs == reference.epochs == config.epochs


def test_auto_falls_back_to_numpy_without_numba(monkeypatch):
    config = TrainingConfig(problem="XOR", hidden_units=(2,), epochs=5)
    monkeypatch.setattr(_kernel, "HAVE_NUMBA", False)
    run = train(config)
    np.testing.assert_array_equal(run.loss, train(config, engine="numpy").loss)
    with pytest.raises(RuntimeError, match="numba is not installed"):
        train(config, engine="numba")


def test_c_library_fallback_loop_computes_tanh():
    import ctypes
    import math

    loop = _kernel._c_library_loop(math.tanh)
    x = np.linspace(-3, 3, 7)
    out = np.empty_like(x)
    args = (ctypes.c_void_p * 2)(x.ctypes.data, out.ctypes.data)
    dims, steps = (ctypes.c_ssize_t * 1)(7), (ctypes.c_ssize_t * 2)(8, 8)
    loop(ctypes.addressof(args), ctypes.addressof(dims), ctypes.addressof(steps), None)
    np.testing.assert_allclose(out, np.tanh(x), rtol=1e-15)


@pytest.mark.parametrize("engine", ["numpy", "numba"])
@pytest.mark.parametrize("problem", ["SIN", "XOR"])
def test_a_diverging_rate_stops_cleanly_and_says_when(engine, problem):
    # RuntimeWarnings are errors in this suite, so an overflow warning would fail the test
    output = "linear"  # a linear output lets the weights run away to infinity
    config = TrainingConfig(
        problem=problem, hidden_units=(3,), learning_rate=1e4, output_activation=output, epochs=50
    )
    run = train(config, engine=engine)
    assert run.diverged_at is not None and 1 <= run.diverged_at <= 50
    assert run.epochs == run.diverged_at - 1
    assert len(run.history) == run.epochs + 1
    assert np.all(np.isfinite(run.history)) and np.all(np.isfinite(run.loss))


#: Issue 13: the Regression page at ?data=SIN&n=40&test=0.3&units=16&lr=0.2. Its weights reach
#: 5e5 in epoch 1 and its loss 7e51 later, all finite: it used to be called "stalled".
ISSUE_13 = TrainingConfig(
    problem="SIN", hidden_units=(16,), n_observations=40, test_fraction=0.3, learning_rate=0.2
)
#: Runs that diverge by each part of the rule, all with finite numbers but the last.
DIVERGING = {
    "weight-in-epoch-1": ISSUE_13,
    "weight-later": TrainingConfig(  # cross-entropy: the loss stays moderate, the weights run off
        problem="AND",
        hidden_units=(4,),
        hidden_activation="relu",
        loss="cross_entropy",
        learning_rate=20.0,
        momentum=0.99,
        n_observations=10,
    ),
    "loss-growth": TrainingConfig(  # the loss passes 1000 x epoch 1's before a weight passes 1e4
        problem="SIN", hidden_units=(8,), n_observations=40, learning_rate=0.1, momentum=0.9
    ),
    "infinite": TrainingConfig(problem="SIN", hidden_units=(3,), learning_rate=1e4),
}


@pytest.mark.parametrize("config", DIVERGING.values(), ids=DIVERGING.keys())
def test_both_engines_stop_at_the_same_diverged_epoch(config):
    fast, reference = train(config, engine="numba"), train(config, engine="numpy")
    assert fast.diverged_at is not None and fast.diverged_at == reference.diverged_at
    assert fast.epochs == fast.diverged_at - 1
    np.testing.assert_allclose(fast.history, reference.history, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(fast.loss, reference.loss, rtol=1e-12, atol=1e-9)
    # what the run keeps obeys the rule
    assert largest_size(fast.history) <= WEIGHT_BOUND
    assert np.all(fast.loss <= LOSS_GROWTH * fast.loss[:1])


def test_the_issue_13_run_diverges_in_its_first_epoch():
    run = train(ISSUE_13)
    assert (run.diverged_at, run.epochs) == (1, 0)
    assert run.config.task == "regression" and run.activations == ("tanh", "linear")


@pytest.mark.parametrize(
    ("name", "own", "other"),
    [
        ("loss-growth", "LOSS_GROWTH", "WEIGHT_BOUND"),
        ("weight-later", "WEIGHT_BOUND", "LOSS_GROWTH"),
    ],
)
def test_each_part_of_the_rule_catches_its_run_alone(monkeypatch, name, own, other):
    config = DIVERGING[name]
    expected = train(config).diverged_at
    with monkeypatch.context() as patch:  # the kernel gets both bounds as arguments
        patch.setattr(training, other, math.inf)
        assert train(config, engine="numba").diverged_at == expected
    monkeypatch.setattr(training, own, math.inf)
    later = train(config, engine="numba").diverged_at
    assert later is None or later > expected


def test_run_records_every_epoch_from_the_initial_state():
    config = TrainingConfig(problem="XOR", hidden_units=(4,), epochs=12, test_fraction=0.2)
    run = train(config)
    assert run.history.shape == (13, 2 * 4 + 4 + 4 + 1)
    assert run.loss.shape == (12,)
    assert run.accuracy.shape == run.test_accuracy.shape == run.test_loss.shape == (13,)
    assert len(run.y) + len(run.y_test) == 200 and len(run.y_test) == 40
    grid = np.random.RandomState(0).rand(9, 2)
    assert run.predict(grid, epoch=0).shape == (9,)
    surfaces = run.predict_epochs(grid)
    assert surfaces.shape == (13, 9)
    for epoch in (0, 5, 12):
        np.testing.assert_array_equal(surfaces[epoch], run.predict(grid, epoch=epoch))
        (w1, b1), (w2, b2) = run.parameters(epoch)
        hidden = 1 / (1 + np.exp(-(grid @ w1 + b1)))
        np.testing.assert_allclose(
            run.predict(grid, epoch), (1 / (1 + np.exp(-(hidden @ w2 + b2))))[:, 0]
        )
    with pytest.raises(ValueError, match="epoch must be in"):
        run.predict(grid, epoch=13)
    # accuracy is measured with the parameters after each epoch
    outputs = run.predict(run.X, epoch=7)
    assert run.accuracy[7] == np.mean((outputs >= 0.5) == (run.y == 1))


def test_a_recorded_run_holds_one_row_of_parameters_per_epoch():
    # benchmarks/engine.py prints this size (docs/benchmarks.md quotes a dated run of it)
    run = train(TrainingConfig(problem="RING", hidden_units=(4,), epochs=1000))
    assert run.history.shape == (1001, 17) and run.history.dtype == np.float64  # nothing more
    arrays = (run.history, run.loss, run.X, run.y, run.X_test, run.y_test)
    recorded = sum(a.nbytes for a in arrays)
    assert recorded == 1001 * 17 * 8 + 1000 * 8 + 450 * 3 * 8  # + the 450 points and classes


def test_training_is_deterministic_by_seed_and_leaves_global_state_alone():
    config = TrainingConfig(problem="CIRCLE", hidden_units=(3,), epochs=5)
    first, second = train(config), train(config)
    np.testing.assert_array_equal(first.history, second.history)
    other = train(dataclasses.replace(config, seed=124))
    assert not np.array_equal(first.history[0], other.history[0])


def test_user_data_trains_and_bad_data_says_what_is_wrong():
    rng = np.random.RandomState(3)
    X = rng.rand(40, 2)
    y = (X[:, 0] > X[:, 1]).astype(float)
    config = TrainingConfig(problem="CUSTOM", task="classification", hidden_units=(2,), epochs=30)
    run = train(config, data=(X, y))
    assert sorted(map(tuple, run.X)) == sorted(map(tuple, X))
    assert run.accuracy[-1] > 0.8
    bad = {
        "numbers only": (np.array([["a", "b"]] * 5), np.zeros(5)),
        "NaN": (np.full((5, 2), np.nan), np.array([0, 1, 0, 1, 0.0])),
        "one class": (X, np.ones(40)),
        "at least 4 rows": (X[:3], y[:3]),
        "must match": (X, y[:10]),
        "2 input column": (rng.rand(10, 3), np.tile([0.0, 1.0], 5)),
        "0 or 1": (X, y * 2),
    }
    for message, data in bad.items():
        with pytest.raises(ValueError, match=message):
            train(config, data=data)
    with pytest.raises(ValueError, match="needs data"):
        train(config)


def test_restarts_train_the_same_config_from_consecutive_seeds():
    config = TrainingConfig(problem="XOR", hidden_units=(2,), epochs=40, seed=10)
    summary = restarts(config, 6)
    np.testing.assert_array_equal(summary.seeds, np.arange(10, 16))
    for i in (0, 5):
        run = train(dataclasses.replace(config, seed=10 + i))
        assert summary.final_loss[i] == run.loss[-1]
        assert summary.final_accuracy[i] == run.accuracy[-1]
    assert summary.final_test_loss is None and not summary.diverged.any()
    regression = restarts(
        TrainingConfig(problem="SIN", hidden_units=(3,), epochs=5, test_fraction=0.2), 3
    )
    assert regression.final_accuracy is None and regression.final_test_loss.shape == (3,)
    with pytest.raises(ValueError, match="n_restarts"):
        restarts(config, 0)


INVALID = [
    ({"problem": "NAND"}, "problem"),
    ({"hidden_units": (4,) * (MAX_HIDDEN_LAYERS + 1)}, f"at most {MAX_HIDDEN_LAYERS} layer"),
    ({"hidden_units": (17,)}, "1 to 16"),
    ({"hidden_units": (0,)}, "1 to 16"),
    ({"hidden_activation": "swish"}, "hidden_activation"),
    ({"loss": "hinge"}, "loss"),
    ({"learning_rate": 0.0}, "learning_rate"),
    ({"learning_rate": float("nan")}, "finite"),
    ({"learning_rate": float("inf")}, "finite"),
    ({"epochs": 0}, "epochs"),
    ({"epochs": 2.5}, "whole number"),
    ({"anneal": 1.5}, "anneal"),
    ({"momentum": 1.0}, "momentum"),
    ({"batch_size": 0}, "batch_size"),
    ({"test_fraction": 0.95}, "test_fraction"),
    ({"seed": -1}, "seed"),
    ({"noise": "loud"}, "noise"),
    ({"loss": "cross_entropy", "output_activation": "tanh"}, "needs output_activation"),
    ({"problem": "CUSTOM"}, "needs task"),
]


@pytest.mark.parametrize(("changes", "message"), INVALID)
def test_invalid_settings_are_refused_with_a_clear_message(changes, message):
    with pytest.raises(ValueError, match=message):
        TrainingConfig(**changes)


def test_config_fills_in_the_posts_defaults_and_is_hashable():
    classification = TrainingConfig(problem="RING", hidden_units=4)
    assert classification.hidden_units == (4,)
    assert classification.activations == ("sigmoid", "sigmoid")
    assert classification.noise == 0.15 and classification.anneal == 0.95
    regression = TrainingConfig(problem="SIN", hidden_units=[3])
    assert regression.activations == ("tanh", "linear") and regression.noise == 0.5
    assert TrainingConfig(problem="XOR", learning_rate=2) == TrainingConfig(problem="XOR")
    assert len({TrainingConfig(), TrainingConfig(), TrainingConfig(seed=1)}) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        classification.epochs = 3


def test_backprop_step_is_what_training_does_sample_by_sample():
    config = TrainingConfig(problem="XOR", hidden_units=(3,), n_observations=2, epochs=2)
    dataset, params = prepare(config)
    rate = config.learning_rate
    for epoch in (1, 2):
        for row in range(len(dataset.y)):
            step = backprop_step(
                params,
                dataset.X[row : row + 1],
                dataset.y[row : row + 1],
                config.activations,
                config.loss,
                rate,
            )
            params = step.after
        rate *= config.anneal
        np.testing.assert_array_equal(pack(params), train(config).history[epoch])


@pytest.mark.parametrize("engine", ["numpy", "numba"])
@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "softplus"])
def test_a_deepest_networks_step_is_the_finite_difference_gradient(engine, hidden):
    """Issue 33: in a network of MAX_HIDDEN_LAYERS hidden layers, one full-batch step at rate 1
    of either engine moves every parameter by minus the gradient central differences give."""
    config = TrainingConfig(
        problem="XOR",
        hidden_units=tuple(3 + layer % 3 for layer in range(MAX_HIDDEN_LAYERS)),  # 3, 4, 5, 3...
        hidden_activation=hidden,
        n_observations=2,
        batch_size=8,  # the 8 rows: one step, along their mean gradient
        learning_rate=1.0,
        anneal=1.0,
        epochs=1,
    )
    dataset, params = prepare(config)
    run = train(config, engine=engine)
    np.testing.assert_array_equal(run.history[0], pack(params))
    X = feature_columns(config.features, dataset.X)
    check = gradient_check(params, X, dataset.y, config.activations, config.loss)
    # the first layer's gradients are as small as 1e-8 (sigmoid); the differences' own error is
    # about 1e-16 / h = 1e-10, so a tenth wrong there shows
    np.testing.assert_allclose(
        run.history[0] - run.history[1], check.numeric, rtol=1e-6, atol=2e-10
    )


def test_contributions_add_up_to_the_prediction():
    run = train(
        TrainingConfig(problem="SIN", hidden_units=(3,), n_observations=200, learning_rate=0.2)
    )
    x = np.linspace(-5, 5, 50)[:, None]
    for epoch in (0, 40, 100):
        parts, bias = run.contributions(x, epoch)
        assert parts.shape == (50, 3)
        np.testing.assert_allclose(parts.sum(axis=1) + bias, run.predict(x, epoch), atol=1e-12)
    with pytest.raises(ValueError, match="hidden layer"):
        train(TrainingConfig(problem="SIN", epochs=1)).contributions(x)


def test_a_saved_run_loads_back_the_same():
    run = train(TrainingConfig(problem="RING", hidden_units=(4, 2), epochs=7, test_fraction=0.2))
    again = serialize.loads(serialize.dumps(run))
    assert again.config == run.config and again.sizes == run.sizes
    np.testing.assert_array_equal(again.history, run.history)
    np.testing.assert_array_equal(again.X_test, run.X_test)
    np.testing.assert_array_equal(again.predict(run.X, 3), run.predict(run.X, 3))
    for text, message in [
        ("{", "not valid JSON"),
        ('{"format": "other"}', "not a Gentle ANN run"),
        ('{"format": "gentle-ann-run", "version": 1}', "incomplete"),
    ]:
        with pytest.raises(ValueError, match=message):
            serialize.loads(text)
    tampered = serialize.run_to_dict(run)
    tampered["parameters_per_epoch"] = tampered["parameters_per_epoch"][:3]
    with pytest.raises(ValueError, match=r"parameters_per_epoch must be .* shape \(8, 25\)"):
        serialize.run_from_dict(tampered)


def test_per_epoch_metrics_of_chosen_epochs_by_hand():
    run = train(TrainingConfig(problem="XOR", hidden_units=(3,), epochs=12, test_fraction=0.25))
    picked = [0, 5, 12]
    np.testing.assert_array_equal(run.accuracy_after(picked), run.accuracy[picked])
    np.testing.assert_array_equal(run.test_accuracy_after(picked), run.test_accuracy[picked])
    # the test loss summed as the post sums squared error: (a - t)^2 over the held-out rows
    by_hand = [np.sum((run.predict(run.X_test, k) - run.y_test) ** 2) for k in picked]
    np.testing.assert_allclose(run.test_loss_after(picked), by_hand, rtol=1e-12)
    right = (run.predict(run.X, 5) >= 0.5) == (run.y == 1)
    assert run.accuracy_after([5])[0] == np.mean(right)


@pytest.mark.parametrize(
    "hidden_units", [(8, 3, 5, 2), (1, 16, 1, 16), (16, 2), (2, 16, 16, 3)], ids=str
)
def test_hidden_layers_of_different_sizes_train_alike_in_both_engines(hidden_units):
    config = TrainingConfig(
        problem="SPIRAL",
        hidden_units=hidden_units,
        hidden_activation="tanh",
        features=("x1", "x2", "x1sq", "sinx2"),
        learning_rate=0.1,
        epochs=12,
        n_observations=15,
        test_fraction=0.2,
    )
    fast, reference = train(config, engine="numba"), train(config, engine="numpy")
    np.testing.assert_allclose(fast.history, reference.history, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fast.loss, reference.loss, rtol=0, atol=1e-9)
    sizes = (4, *hidden_units, 1)
    assert fast.sizes == sizes
    shapes = [(w.shape, b.shape) for w, b in fast.parameters(5)]
    assert shapes == [((n_in, n_out), (n_out,)) for n_in, n_out in pairwise(sizes)]
    fwd = fast.forward_epochs(fast.X_test, [0, 12])
    assert [a.shape for a in fwd.a] == [(2, len(fast.y_test), n) for n in sizes[1:]]
    parts, _ = fast.contributions(fast.X, 12)
    assert parts.shape == (len(fast.y), hidden_units[-1])
    again = serialize.loads(serialize.dumps(fast))
    np.testing.assert_array_equal(again.predict(fast.X), fast.predict(fast.X))
