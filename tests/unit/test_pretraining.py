"""Greedy layer-wise pretraining (issue 34): a deep network's initial weights from autoencoders."""

from dataclasses import replace

import numpy as np
import pytest

from ann_core import TrainingConfig, _kernel, continue_run, train
from ann_core.features import feature_columns
from ann_core.network import forward, pack
from ann_core.pretraining import (
    Pretraining,
    codes_of,
    encoder_of,
    greedy_autoencoders,
    pretrained_initial,
    pretrained_run,
)
from ann_core.training import TrainingState, train_reference

#: The Lesson's plateau: XOR through three hidden layers of 4 sigmoid units
DEEP_XOR = TrainingConfig(problem="XOR", hidden_units=(4, 4, 4), epochs=30, n_observations=10)
PRETRAINING = Pretraining(epochs=20)


def test_pretraining_returns_parameters_of_the_deep_networks_shapes():
    config = replace(DEEP_XOR, hidden_units=(5, 3, 4), features=("x1", "x2", "x1x2"))
    initial = pretrained_initial(config, PRETRAINING)
    shapes = [(w.shape, b.shape) for w, b in initial]
    assert shapes == [((3, 5), (5,)), ((5, 3), (3,)), ((3, 4), (4,)), ((4, 1), (1,))]
    drawn = train(replace(config, epochs=1)).parameters(0)
    for (w, b), (w_drawn, b_drawn) in zip(initial[:3], drawn[:3], strict=True):
        assert not np.array_equal(w, w_drawn) and not np.array_equal(b, b_drawn)
    np.testing.assert_array_equal(initial[-1][0], drawn[-1][0])  # the output layer, as drawn
    np.testing.assert_array_equal(initial[-1][1], drawn[-1][1])


def test_each_layer_is_the_encoder_of_an_autoencoder_trained_on_the_codes_below_it():
    run = train(replace(DEEP_XOR, epochs=1))
    runs = greedy_autoencoders(run.X, (4, 4, 4), "sigmoid", PRETRAINING, DEEP_XOR.seed)
    initial = pretrained_initial(DEEP_XOR, PRETRAINING)
    assert [r.sizes for r in runs] == [(2, 4, 2), (4, 4, 4), (4, 4, 4)]
    assert [r.activations for r in runs] == [("sigmoid", "sigmoid")] * 3
    codes = run.X
    for layer, autoencoder in enumerate(runs):
        np.testing.assert_array_equal(autoencoder.X, codes)
        np.testing.assert_array_equal(autoencoder.Y, codes)  # the codes are the targets
        assert autoencoder.loss[-1] < autoencoder.loss[0]
        np.testing.assert_array_equal(initial[layer][0], encoder_of(autoencoder)[0])
        np.testing.assert_array_equal(initial[layer][1], encoder_of(autoencoder)[1])
        codes = codes_of(initial[layer], "sigmoid", codes)
    deep = forward(initial, run.X, DEEP_XOR.activations)
    np.testing.assert_array_equal(deep.a[2], codes)  # the deep network's third hidden layer


@pytest.mark.parametrize("engine", ["numpy", "numba"])
def test_a_run_from_pretrained_parameters_is_train_from_them(engine):
    if engine == "numba" and not _kernel.HAVE_NUMBA:
        pytest.skip("numba is not installed")
    initial = pretrained_initial(DEEP_XOR, PRETRAINING, engine=engine)
    run = pretrained_run(DEEP_XOR, PRETRAINING, engine=engine)
    given = train(DEEP_XOR, engine=engine, initial=initial)
    np.testing.assert_array_equal(run.history[0], pack(initial))
    np.testing.assert_array_equal(run.history, given.history)
    np.testing.assert_array_equal(run.loss, given.loss)
    # ...and what continuing the seed's own run from epoch 0 with those parameters gives
    continued = continue_run(train(DEEP_XOR, engine=engine), 0, DEEP_XOR, pack(initial), engine)
    np.testing.assert_array_equal(continued.history, run.history)
    np.testing.assert_array_equal(continued.loss, run.loss)
    # ...and the readable loop itself, from that state
    start = TrainingState(0, pack(initial), np.zeros(pack(initial).size), DEEP_XOR.learning_rate)
    history, loss, _ = train_reference(DEEP_XOR, run.X, run.y, start)
    np.testing.assert_array_equal(history, run.history)
    np.testing.assert_array_equal(loss, run.loss)


@pytest.mark.skipif(not _kernel.HAVE_NUMBA, reason="numba is not installed")
def test_both_engines_pretrain_to_the_same_bits():
    fast = pretrained_initial(DEEP_XOR, PRETRAINING, engine="numba")
    reference = pretrained_initial(DEEP_XOR, PRETRAINING, engine="numpy")
    np.testing.assert_array_equal(pack(fast), pack(reference))


def test_pretraining_sees_the_features_of_the_training_rows_only():
    config = replace(DEEP_XOR, hidden_units=(3,), features=("x1", "x2", "x1sq"), test_fraction=0.25)
    run = train(replace(config, epochs=1))
    assert len(run.X_test) > 0
    inputs = feature_columns(config.features, run.X)
    expected = greedy_autoencoders(inputs, (3,), "sigmoid", PRETRAINING, config.seed)
    initial = pretrained_initial(config, PRETRAINING)
    np.testing.assert_array_equal(initial[0][0], encoder_of(expected[0])[0])
    np.testing.assert_array_equal(initial[0][1], encoder_of(expected[0])[1])


def test_a_network_without_hidden_layers_keeps_its_drawn_parameters():
    config = replace(DEEP_XOR, hidden_units=())
    drawn = train(replace(config, epochs=1)).history[0]
    np.testing.assert_array_equal(pack(pretrained_initial(config, PRETRAINING)), drawn)


def test_the_decoder_takes_the_hidden_activation_unless_told_otherwise():
    assert PRETRAINING.autoencoder(4, "tanh").activations == ("tanh", "tanh")
    linear = Pretraining(decoder_activation="linear")
    assert linear.autoencoder(4, "sigmoid").activations == ("sigmoid", "linear")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"decoder_activation": "cosine"}, "decoder_activation="),
        ({"learning_rate": 0.0}, "learning_rate="),
        ({"epochs": 0}, "epochs="),
        ({"momentum": 1.0}, "momentum="),
        ({"batch_size": -2}, "batch_size="),
    ],
)
def test_bad_pretraining_settings_are_refused_naming_them(settings, message):
    with pytest.raises(ValueError, match=message):
        Pretraining(**settings)


def test_bad_initial_parameters_for_train_are_refused_naming_them():
    initial = pretrained_initial(DEEP_XOR, PRETRAINING)
    with pytest.raises(ValueError, match=r"^initial must"):
        train(replace(DEEP_XOR, hidden_units=(4, 4)), initial=initial)
    with pytest.raises(ValueError, match=r"^initial must"):
        train(DEEP_XOR, initial=[(w * np.nan, b) for w, b in initial])
    with pytest.raises(ValueError, match=r"^initial must"):
        train(DEEP_XOR, initial=3)
    with pytest.raises(ValueError, match=r"^inputs must"):
        greedy_autoencoders(np.zeros(4), (2,), "sigmoid", PRETRAINING, 0)
