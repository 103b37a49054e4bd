"""Continuing a run: k epochs continued to E equal E epochs to the bit, on both engines; changed
settings and edited parameters take effect from the split, and the rest is refused."""

import dataclasses

import numpy as np
import pytest

from ann_core import TrainingConfig, serialize, train
from ann_core.continuation import continue_run, state_at
from ann_core.network import pack, unpack
from ann_core.run import Run, Segment
from ann_core.training import TrainingState, backprop_step

ENGINES = ["numpy", "numba"]
BASE = dict(problem="XOR", hidden_units=(3,), n_observations=10, epochs=60)
SPLITS = {
    "online": dict(),
    "online, momentum, L2": dict(
        momentum=0.8, learning_rate=0.5, regularization="l2", reg_rate=0.01
    ),
    "mini-batch, momentum, L1": dict(
        batch_size=7, momentum=0.9, learning_rate=0.3, regularization="l1", reg_rate=1e-3
    ),
    "full batch, momentum, anneal 0.97": dict(
        batch_size=10_000, momentum=0.5, anneal=0.97, learning_rate=3.0
    ),
}


def _same_run(a: Run, b: Run) -> None:
    """Equal to the bit: every recorded number and every measure taken after the epochs."""
    for name in ("history", "loss", "accuracy", "penalty"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert np.array_equal(a.loss_after(), b.loss_after())
    assert a.diverged_at == b.diverged_at and a.config == b.config


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("settings", SPLITS.values(), ids=SPLITS.keys())
def test_k_epochs_continued_equal_the_straight_run_to_the_bit(engine, settings):
    config = TrainingConfig(**BASE, **settings)
    assert config.anneal < 1
    straight = train(config, engine=engine)
    first = train(dataclasses.replace(config, epochs=30), engine=engine)
    continued = continue_run(first, 30, config, engine=engine)
    _same_run(continued, straight)
    assert continued.segments == (Segment(0, dataclasses.replace(config, epochs=30)),
                                  Segment(30, config))  # fmt: skip
    # going back to epoch 30 of the straight run itself gives it again, the split recorded
    again = continue_run(straight, 30, config, engine=engine)
    _same_run(again, straight)
    assert straight.segments == (Segment(0, config),)
    assert again.segments == continued.segments


@pytest.mark.parametrize("engine", ENGINES)
def test_a_three_segment_run_replays_its_velocity_through_every_segment(engine):
    momentum = TrainingConfig(**BASE, momentum=0.9, learning_rate=0.3, batch_size=4)
    run = train(dataclasses.replace(momentum, epochs=20), engine=engine)
    plain = dataclasses.replace(momentum, momentum=0.0, learning_rate=1.0, epochs=35)
    run = continue_run(run, 20, plain, engine=engine)
    again = dataclasses.replace(momentum, learning_rate=0.2, anneal=0.9)
    whole = continue_run(run, 35, dataclasses.replace(again, epochs=60), engine=engine)
    # the same in two steps: epoch 45's state comes from replaying three segments
    halfway = continue_run(run, 35, dataclasses.replace(again, epochs=45), engine=engine)
    stepwise = continue_run(halfway, 45, dataclasses.replace(again, epochs=60), engine=engine)
    _same_run(stepwise, whole)
    assert [s.start for s in whole.segments] == [0, 20, 35]
    assert [s.start for s in stepwise.segments] == [0, 20, 35, 45]
    assert not np.array_equal(whole.history[21:], train(momentum, engine=engine).history[21:])


def _full_batch_step(run: Run, epoch: int, rate: float, theta=None):
    """One step of plain gradient descent on the whole training set from the parameters after
    `epoch` (or theta), worked out by backprop_step alone."""
    theta = run.history[epoch] if theta is None else theta
    config, inputs = run.config, run.X  # the raw inputs x1, x2 are XOR's features
    step = backprop_step(
        unpack(theta.copy(), run.sizes), inputs, run.y, config.activations, config.loss, rate
    )
    return pack(step.after)


def test_a_new_rate_starts_at_the_split_and_an_unchanged_one_goes_on_annealing():
    config = TrainingConfig(**BASE, batch_size=10_000, learning_rate=2.0, anneal=0.9)
    straight = train(config)
    new_rate = continue_run(straight, 25, dataclasses.replace(config, learning_rate=0.5))
    assert np.array_equal(new_rate.history[:26], straight.history[:26])
    assert np.array_equal(new_rate.loss[:25], straight.loss[:25])
    assert not np.isclose(new_rate.history[26:], straight.history[26:]).all()
    # epoch 26 steps at the new rate, 0.5; epoch 27 at 0.5 * 0.9
    np.testing.assert_allclose(
        new_rate.history[26], _full_batch_step(straight, 25, 0.5), atol=1e-15
    )
    np.testing.assert_allclose(
        new_rate.history[27], _full_batch_step(new_rate, 26, 0.45), atol=1e-15
    )
    # with the rate unchanged and a new anneal, epoch 26 steps at 2 * 0.9^25 still
    slower = continue_run(straight, 25, dataclasses.replace(config, anneal=0.5))
    assert np.array_equal(slower.history[26], straight.history[26])
    assert slower.history[27] == pytest.approx(_full_batch_step(slower, 26, 2 * 0.9**25 * 0.5))
    assert state_at(straight, 25).rate == pytest.approx(2 * 0.9**25, rel=1e-14)


def test_momentum_turned_on_after_plain_epochs_starts_from_rest():
    plain = TrainingConfig(**BASE, batch_size=10_000, anneal=1.0, learning_rate=1.0)
    run = train(plain)
    assert not state_at(run, 40).velocity.any()
    pushed = continue_run(run, 40, dataclasses.replace(plain, momentum=0.9))
    # v = 0.9 * 0 - rate * gradient: the first step is plain gradient descent's
    np.testing.assert_allclose(pushed.history[41], _full_batch_step(run, 40, 1.0), atol=1e-15)
    assert not np.allclose(pushed.history[42], _full_batch_step(pushed, 41, 1.0))
    assert state_at(pushed, 45).velocity.any()


@pytest.mark.parametrize("engine", ENGINES)
def test_an_edited_weight_takes_effect_at_its_epoch(engine):
    config = TrainingConfig(**BASE, batch_size=10_000)
    run = train(config, engine=engine)
    theta = state_at(run, 20, engine).parameters.copy()
    theta[6] += 5.0  # the first hidden unit's weight into the output
    edited = continue_run(run, 20, dataclasses.replace(config, epochs=20), theta, engine)
    assert edited.epochs == 20 and edited.diverged_at is None
    assert np.array_equal(edited.history[:20], run.history[:20])
    assert np.array_equal(edited.history[20], theta) and np.array_equal(edited.loss, run.loss[:20])
    # the loss after epoch 20, worked out by hand from the edited weights
    (w1, b1), (w2, b2) = unpack(theta, run.sizes)
    hidden = 1 / (1 + np.exp(-(run.X @ w1 + b1)))
    output = 1 / (1 + np.exp(-(hidden @ w2 + b2)))[:, 0]
    by_hand = np.sum((output - run.y) ** 2)
    assert edited.loss_after([20])[0] == pytest.approx(by_hand, rel=1e-12)
    assert abs(by_hand - run.loss_after([20])[0]) > 1
    assert edited.segments[-1] == Segment(20, dataclasses.replace(config, epochs=20))
    # training on from the edit steps from the edited weights
    on = continue_run(run, 20, dataclasses.replace(config, epochs=22), theta, engine)
    rate = state_at(run, 20, engine).rate
    np.testing.assert_allclose(on.history[21], _full_batch_step(run, 20, rate, theta), atol=1e-14)
    # and its epoch 22 state replays from the edited weights
    assert np.array_equal(continue_run(on, 21, on.config, engine=engine).history, on.history)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(hidden_units=(4,)), r"hidden_units cannot change from \(3,\) to \(4,\)"),
        (dict(hidden_activation="tanh"), "hidden_activation cannot change"),
        (dict(output_activation="linear"), "output_activation cannot change"),
        (dict(seed=5), "seed cannot change from 123 to 5"),
        (dict(n_observations=11), "n_observations cannot change"),
        (dict(noise=0.1), "noise cannot change"),
        (dict(test_fraction=0.2), "test_fraction cannot change"),
        (dict(problem="OR"), "problem cannot change"),
        (dict(features=("x1", "x2", "x1x2")), "features cannot change"),
        (dict(epochs=9), "epochs=9 must be at least the epoch to go from, 10"),
    ],
)
def test_a_continuation_refuses_to_change_the_network_or_the_data(change, message):
    config = TrainingConfig(**{**BASE, "epochs": 12})
    run = train(config)
    with pytest.raises(ValueError, match=message):
        continue_run(run, 10, dataclasses.replace(config, **change))


def test_bad_epochs_parameters_and_states_are_refused_naming_them():
    config = TrainingConfig(**{**BASE, "epochs": 12})
    run = train(config)
    size = run.history.shape[1]
    for epoch in (-1, 13):
        with pytest.raises(ValueError, match=r"epoch must be in \[0, 12\]"):
            continue_run(run, epoch, config)
    for bad in (np.zeros(size - 1), np.zeros((1, size)), np.full(size, np.nan), ["a"] * size):
        with pytest.raises(
            ValueError, match=rf"parameters must be finite numbers of shape \({size},\)"
        ):
            continue_run(run, 5, config, parameters=bad)
    state = state_at(run, 5)
    with pytest.raises(ValueError, match="parameters must be finite"):
        state.with_parameters(np.full(size, np.inf))
    with pytest.raises(ValueError, match=r"rate=-1.0 must be in \[0, 1e\+06\]"):
        dataclasses.replace(state, rate=-1.0)
    with pytest.raises(ValueError, match=r"epoch=-1 must be in \[0, 10000\]"):
        TrainingState(-1, state.parameters, state.velocity, 1.0)
    with pytest.raises(ValueError, match="engine must be one of"):
        continue_run(run, 5, config, engine="gpu")


def test_a_diverged_run_continues_from_its_last_sane_epoch_at_a_smaller_rate():
    config = TrainingConfig(
        problem="SIN",
        hidden_units=(3,),
        n_observations=40,
        learning_rate=0.05,
        momentum=0.95,
        anneal=1.0,
        epochs=60,
    )
    run = train(config)
    assert run.diverged_at == 46 and run.epochs == 45
    calmer = continue_run(run, 45, dataclasses.replace(config, learning_rate=0.01, momentum=0.0))
    assert calmer.diverged_at is None and calmer.epochs == 60
    assert np.array_equal(calmer.history[:46], run.history)
    # from an earlier epoch with the same settings it diverges where the run did
    again = continue_run(run, 30, config)
    assert again.diverged_at == 46
    assert np.array_equal(again.history, run.history)


def test_segments_that_do_not_hold_up_are_refused():
    config = TrainingConfig(**{**BASE, "epochs": 12})
    run = train(config)
    fields = {f.name: getattr(run, f.name) for f in dataclasses.fields(Run) if f.name != "segments"}
    six = dataclasses.replace(config, epochs=6)
    wrong = {
        "must start at epoch 0": (Segment(1, config),),
        "must each hold epochs and follow": (Segment(0, six), Segment(7, config)),
        "must end with the run's own settings": (Segment(0, six),),
        "must keep the network and data: seed": (
            Segment(0, dataclasses.replace(six, seed=1)),
            Segment(6, config),
        ),
    }
    for message, segments in wrong.items():
        with pytest.raises(ValueError, match=f"segments {message}"):
            Run(**fields, segments=segments)
    assert Run(**fields, segments=(Segment(0, six), Segment(6, config))).segments[1].start == 6


def test_a_continued_run_saves_and_loads_with_its_segments():
    config = TrainingConfig(**{**BASE, "epochs": 20}, momentum=0.5, test_fraction=0.2)
    run = train(dataclasses.replace(config, epochs=8))
    run = continue_run(
        run, 8, dataclasses.replace(config, learning_rate=0.5, regularization="l2", reg_rate=0.1)
    )
    again = serialize.loads(serialize.dumps(run))
    assert again.segments == run.segments and len(run.segments) == 2
    assert again.config == run.config
    for name in ("history", "loss", "X", "y", "X_test", "y_test"):
        assert np.array_equal(getattr(again, name), getattr(run, name))
    # the loaded run goes on exactly as the one saved
    longer = dataclasses.replace(run.config, epochs=25)
    assert np.array_equal(
        continue_run(again, 20, longer).history, continue_run(run, 20, longer).history
    )
    data = serialize.run_to_dict(run)
    data["segments"][1]["start"] = 9
    with pytest.raises(
        ValueError, match="the run file's segments must each hold epochs and follow"
    ):
        serialize.run_from_dict(data)
    data["segments"] = []
    with pytest.raises(ValueError, match="segments must be a list of at least one segment"):
        serialize.run_from_dict(data)


def test_a_version_2_file_is_one_segment():
    run = train(TrainingConfig(**{**BASE, "epochs": 5}, regularization="l1", reg_rate=0.01))
    data = serialize.run_to_dict(run)
    del data["segments"]
    data["version"] = 2
    old = serialize.run_from_dict(data)
    assert old.segments == (Segment(0, run.config),)
    assert np.array_equal(old.history, run.history)


def test_the_penalty_of_each_epoch_is_its_own_segments():
    """L2 at λ = 0.01 for 50 epochs, then L1 at λ = 0.003 for 30 and none for 20: Ω after
    epoch k is computed from that epoch's weights with the penalty that trained it (epoch 50's
    weights come from the first segment), checked against sums written out here."""
    first = TrainingConfig(
        problem="XOR", hidden_units=(4,), epochs=50, regularization="l2", reg_rate=0.01
    )
    second = dataclasses.replace(first, epochs=80, regularization="l1", reg_rate=0.003)
    third = dataclasses.replace(first, epochs=100, regularization="none", reg_rate=0.0)
    run = continue_run(continue_run(train(first), 50, second), 80, third)
    assert list(run.segment_of([0, 1, 50, 51, 80, 81, 100])) == [0, 0, 0, 1, 1, 2, 2]
    for epoch in (0, 1, 50, 51, 80, 81, 100):
        weights = np.concatenate([w.ravel() for w, _ in unpack(run.history[epoch], run.sizes)])
        if epoch <= 50:
            expected = 0.5 * 0.01 * np.sum(weights**2)
        elif epoch <= 80:
            expected = 0.003 * np.sum(np.abs(weights))
        else:
            expected = 0.0
        assert run.penalty[epoch] == pytest.approx(expected, rel=1e-12, abs=0.0)
