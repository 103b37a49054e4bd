"""The Backpropagation page's pure parts: the walk's state (ann_app.backprop.walk) and its
tables (ann_app.backprop.display)."""

from dataclasses import replace

import numpy as np
import pytest

from ann_app.backprop import display
from ann_app.backprop import walk as walks
from ann_app.content.tables import BACKPROP_SETTINGS
from ann_app.settings.setting import values_of
from ann_core.config import TrainingConfig
from ann_core.divergence import WEIGHT_BOUND
from ann_core.network import n_parameters, pack
from ann_core.training import backprop_step, prepare, train

CONFIG = TrainingConfig(problem="XOR", hidden_units=(2,), n_observations=2, epochs=3)


@pytest.fixture
def setup():
    dataset, params = prepare(CONFIG)
    return dataset, params, walks.start(CONFIG, params)


def test_start_is_the_runs_initial_state(setup):
    dataset, params, walk = setup
    assert walk.theta == tuple(pack(params))
    assert walk.sizes == (2, 2, 1)
    assert (walk.epoch, walk.sample, walk.step, walk.losses) == (0, 0, 0, ())
    assert walk.rate == CONFIG.learning_rate
    assert walks.samples_done(walk, len(dataset.y)) == 0


def test_four_steps_then_the_next_sample(setup):
    dataset, _, walk = setup
    shown = [walk.step]
    for _ in range(3):
        walk = walks.next_step(walk, CONFIG, dataset)
        shown.append(walk.step)
    assert shown == [0, 1, 2, 3]
    assert walk.theta == setup[2].theta  # nothing is applied before Step IV is passed
    stepped = walks.next_step(walk, CONFIG, dataset)
    assert stepped == walks.next_sample(setup[2], CONFIG, dataset)
    assert (stepped.sample, stepped.step, len(stepped.losses)) == (1, 0, 1)


def test_samples_match_backprop_step_and_the_rate_is_annealed_at_the_epoch_end(setup):
    dataset, params, walk = setup
    rate = CONFIG.learning_rate
    for k in range(10):
        if k == len(dataset.y):
            rate = rate * CONFIG.anneal
            assert walk.rate == rate
        step = backprop_step(
            params, dataset.X[k % 8 : k % 8 + 1], dataset.y[k % 8 : k % 8 + 1],
            CONFIG.activations, CONFIG.loss, rate,
        )  # fmt: skip
        assert walks.current_step(walk, CONFIG, dataset).forward.z[0].tolist() == (
            step.forward.z[0].tolist()
        )
        params = step.after
        walk = walks.next_sample(walk, CONFIG, dataset)
    assert (walk.epoch, walk.sample) == (1, 2)
    assert walks.samples_done(walk, len(dataset.y)) == 10
    assert walk.theta == tuple(pack(params))


def test_next_epoch_equals_training(setup):
    dataset, _, walk = setup
    run = train(CONFIG, engine="numpy")
    walk = walks.next_sample(walk, CONFIG, dataset)
    walk = walks.next_epoch(walk, CONFIG, dataset)
    assert (walk.epoch, walk.sample, walk.step) == (1, 0, 0)
    assert np.array_equal(walk.theta, run.history[1])
    total = 0.0
    for sample_loss in walk.losses:  # summed sample by sample, as training sums them
        total += sample_loss
    assert total == run.loss[0]
    walk = walks.next_epoch(walk, CONFIG, dataset)
    assert np.array_equal(walk.theta, run.history[2])
    assert walk.rate == CONFIG.learning_rate * CONFIG.anneal * CONFIG.anneal


def test_the_key_changes_with_any_setting():
    keys = {
        walks.walk_key(c)
        for c in (
            CONFIG,
            replace(CONFIG, seed=1),
            replace(CONFIG, hidden_units=(3,)),
            replace(CONFIG, learning_rate=1.0),
            replace(CONFIG, problem="OR"),
            replace(CONFIG, regularization="l2"),
            replace(CONFIG, regularization="l2", reg_rate=0.1),
        )
    }
    assert len(keys) == 7
    assert walks.walk_key(CONFIG) == walks.walk_key(replace(CONFIG))


def test_history_is_bounded_and_divergence_is_seen(setup, monkeypatch):
    dataset, _, walk = setup
    monkeypatch.setattr(walks, "MAX_HISTORY", 5)
    for _ in range(7):
        walk = walks.next_sample(walk, CONFIG, dataset)
    assert len(walk.losses) == 5
    assert not walks.diverged(walk)
    assert walks.diverged(replace(walk, theta=(np.inf, *walk.theta[1:])))
    assert walks.diverged(replace(walk, theta=(2e4, *walk.theta[1:])))  # finite, yet past 1e4
    assert walks.diverged(replace(walk, losses=(*walk.losses[:-1], np.nan)))


def test_a_diverging_walk_stops_at_the_sample_that_broke_the_rule():
    config = TrainingConfig(
        problem="XOR", hidden_units=(2,), output_activation="linear", learning_rate=5.0,
        n_observations=2,
    )  # fmt: skip
    dataset, params = prepare(config)
    walk = walks.next_epoch(walks.start(config, params), config, dataset)
    assert walks.diverged(walk) and (walk.epoch, walk.sample) == (0, 6)  # not the epoch's end
    assert np.all(np.isfinite(walk.theta)) and np.abs(walk.theta).max() > WEIGHT_BOUND


# ---- views --------------------------------------------------------------------------------------


def test_parameter_names_follow_pack_order():
    assert display.parameter_names((2, 2, 1)) == [
        "x₁→h¹₁", "x₁→h¹₂", "x₂→h¹₁", "x₂→h¹₂", "h¹₁→ŷ", "h¹₂→ŷ", "b(h¹₁)", "b(h¹₂)", "b(ŷ)",
    ]  # fmt: skip
    names = display.parameter_names((2, 4, 3, 1))
    assert len(names) == len(set(names)) == n_parameters((2, 4, 3, 1))
    assert "h¹₄→h²₃" in names and "b(h²₁)" in names


def test_tables_hold_the_steps_numbers(setup):
    dataset, _, walk = setup
    config = replace(CONFIG, hidden_units=(3, 2), hidden_activation="tanh")
    dataset, params = prepare(config)
    step = walks.current_step(walks.start(config, params), config, dataset)
    t = dataset.y[:1]
    forward = display.forward_frame(step, config.activations)
    assert forward["z"].tolist() == [
        *step.forward.z[0][0],
        *step.forward.z[1][0],
        step.forward.z[2][0, 0],
    ]
    backward = display.backward_frame(step, t, config.activations, config.loss)
    assert backward["unit"].tolist()[0] == "ŷ"
    assert backward["a − t  or  Σₖ δₖ·wⱼₖ"][0] == step.forward.output[0, 0] - t[0]
    np.testing.assert_allclose(
        backward["g′(z)"] * backward["a − t  or  Σₖ δₖ·wⱼₖ"], backward["δ"], rtol=1e-12
    )
    gradient = display.gradient_frame(step)
    np.testing.assert_allclose(gradient["a_prev"] * gradient["δ"], gradient["∂E/∂w = a_prev·δ"])
    assert gradient["∂E/∂w = a_prev·δ"].tolist() == pack(step.gradients).tolist()
    update = display.update_frame(step, walk.rate)
    assert update["w (new)"].tolist() == pack(step.after).tolist()
    assert (update["w (old)"] + update["−η·∂E/∂w"]).tolist() == pack(step.after).tolist()
    assert display.parameter_frame(step.before)["value"].tolist() == pack(step.before).tolist()


def test_cross_entropy_output_slope_cancels():
    config = replace(CONFIG, loss="cross_entropy")
    dataset, params = prepare(config)
    step = walks.current_step(walks.start(config, params), config, dataset)
    frame = display.backward_frame(step, dataset.y[:1], config.activations, config.loss)
    assert frame["g′(z)"][0] == "cancels"
    assert frame["δ"][0] == frame["a − t  or  Σₖ δₖ·wⱼₖ"][0]
    # the hidden units keep their slopes, as text in the column the word shares
    hidden = np.array([float(text) for text in frame["g′(z)"][1:]])
    a = frame["a"][1:].to_numpy()
    np.testing.assert_allclose(hidden, a * (1 - a), atol=1e-4)


def test_diagram_reveals_deltas_from_step_two(setup):
    dataset, _, walk = setup
    step = walks.current_step(walk, CONFIG, dataset)
    first = display.backprop_dot(step, dataset.y[:1], CONFIG.activations, 0)
    second = display.backprop_dot(step, dataset.y[:1], CONFIG.activations, 1)
    assert first.startswith("digraph") and first.count("penwidth") == 2 * 2 + 2
    assert "δ =" not in first and "δ =" in second and "a − t =" in second
    assert first.count("style=invis") == 2  # the output, a single unit, is never hidden
    for shown in (2, 3):
        assert "tooltip" in display.backprop_dot(step, dataset.y[:1], CONFIG.activations, shown)


def test_walk_loss_frame_numbers_samples_and_epochs():
    frame = display.walk_loss_frame([0.5, 0.4, 0.3], n_samples=2, samples_done=5)
    assert frame["sample"].tolist() == [3, 4, 5]
    assert frame["epoch"].tolist() == [2, 2, 3]
    assert display.walk_loss_chart(frame).to_dict()["layer"]


# ---- the penalty and the network's own layout ---------------------------------------------------

PENALISED = {kind: replace(CONFIG, regularization=kind, reg_rate=0.1) for kind in ("l1", "l2")}


def test_the_page_settings_reach_the_config():
    chosen = {s.name: s.default for s in BACKPROP_SETTINGS} | {"reg": "l1", "reg_rate": 0.25}
    config = walks.walk_config(values_of(BACKPROP_SETTINGS, chosen))
    assert (config.regularization, config.reg_rate) == ("l1", 0.25)


def test_start_takes_the_networks_layout_and_feeds_its_input_columns():
    config = replace(CONFIG, features=("x1", "x2", "x1x2"))
    dataset, params = prepare(config)
    walk = walks.start(config, params)
    assert walk.sizes == (3, 2, 1)
    for _ in range(3):
        walk = walks.next_sample(walk, config, dataset)
    x1, x2 = dataset.X[3]
    step = walks.current_step(walk, config, dataset)
    assert step.forward.a_in.tolist() == [[x1, x2, (x1 - 0.5) * (x2 - 0.5)]]
    check = walks.check_gradients(walk, config, dataset)
    assert check.analytic.tolist() == pack(step.gradients).tolist()
    assert check.max_relative_difference < 1e-6
    with pytest.raises(ValueError, match=r"config\.sizes=\(2, 2, 1\)"):
        walks.start(CONFIG, params)  # three inputs' parameters, a two-input network


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_the_penalty_share_is_lambda_times_w_or_its_sign(kind):
    config = PENALISED[kind]
    dataset, params = prepare(config)
    walk = walks.start(config, params)
    for _ in range(3):
        walk = walks.next_sample(walk, config, dataset)
    step = walks.current_step(walk, config, dataset)
    # recomputed from the walk's flat parameters: the weights come first, then the biases
    theta = np.array(walk.theta)
    n_weights = 2 * 2 + 2 * 1
    slope = np.sign(theta[:n_weights]) if kind == "l1" else theta[:n_weights]
    expected = np.concatenate([0.1 * slope, np.zeros(len(theta) - n_weights)])
    assert np.count_nonzero(expected) == n_weights  # no weight sits at exactly 0
    assert pack(step.penalty_gradients).tolist() == expected.tolist()
    frame = display.gradient_frame(step)
    assert frame[display.PENALTY_SHARE[kind]].tolist() == expected.tolist()
    assert frame[display.VALUE].tolist() == list(walk.theta)
    assert frame[display.DATA_SHARE].tolist() == pack(step.data_gradients).tolist()
    assert (frame[display.DATA_SHARE] + frame[display.PENALTY_SHARE[kind]]).tolist() == (
        frame[display.TOTAL].tolist()
    )
    np.testing.assert_allclose(frame["a_prev"] * frame["δ"], frame[display.DATA_SHARE])
    assert display.update_frame(step, walk.rate)["∂E/∂w"].tolist() == pack(step.gradients).tolist()
    # the walk's step is the engine's, penalty and all
    x, t = dataset.X[3:4], dataset.y[3:4]
    engine = backprop_step(
        walk.params, x, t, config.activations, config.loss, walk.rate,
        regularization=kind, reg_rate=0.1,
    )  # fmt: skip
    assert pack(step.after).tolist() == pack(engine.after).tolist()


@pytest.mark.parametrize("kind", ["none", "l1", "l2"])
def test_the_gradient_check_includes_the_penalty(kind):
    """Over a whole epoch backprop's gradient (the penalty's share in it) agrees with finite
    differences of the sample's objective plus the penalty, within the page's 1e-4."""
    config = replace(CONFIG, hidden_units=(3, 2), regularization=kind, reg_rate=0.1)
    dataset, params = prepare(config)
    walk = walks.start(config, params)
    n_weights = 2 * 3 + 3 * 2 + 2 * 1
    worst = []
    for _ in range(len(dataset.y)):
        check = walks.check_gradients(walk, config, dataset)
        step = walks.current_step(walk, config, dataset)
        assert check.analytic.tolist() == pack(step.gradients).tolist()
        worst.append(check.max_relative_difference)
        plain = walks.check_gradients(walk, replace(config, regularization="none"), dataset)
        shift = check.numeric - plain.numeric  # the finite differences see the penalty too
        np.testing.assert_allclose(shift, pack(step.penalty_gradients), atol=1e-8)
        assert np.abs(shift[n_weights:]).max() < 1e-8  # and none on the biases
        walk = walks.next_sample(walk, config, dataset)
    assert max(worst) < 1e-4 and np.median(worst) < 1e-6


def test_a_penalised_epoch_equals_training():
    config = replace(PENALISED["l2"], epochs=2)
    dataset, params = prepare(config)
    walk = walks.next_epoch(walks.start(config, params), config, dataset)
    run = train(config, engine="numpy")
    assert np.array_equal(walk.theta, run.history[1])
    assert not np.array_equal(run.history[1], train(CONFIG, engine="numpy").history[1])


def test_without_a_penalty_step_three_is_as_before(setup):
    dataset, _, walk = setup
    for config in (CONFIG, replace(CONFIG, regularization="l2", reg_rate=0.0)):
        step = walks.current_step(walk, config, dataset)
        assert display.active_penalty(step) == "none"
        assert list(display.gradient_frame(step).columns) == [
            "parameter",
            "a_prev",
            "δ",
            display.GRADIENT,
        ]
        assert display.gradient_tints(step) == (["a_prev", "δ"], [display.GRADIENT])
        assert display.equations(config.loss, display.active_penalty(step)) == display.equations(
            config.loss
        )


def test_the_penalty_in_words_and_in_the_equation():
    assert r"\lambda\, w_{ij}" in display.equations("sse", "l2")[2]
    assert r"\operatorname{sign}(w_{ij})" in display.equations("sse", "l1")[2]
    assert "lambda" not in display.equations("sse")[2]
    l2, l1 = display.penalty_note("l2", 0.1), display.penalty_note("l1", 0.25)
    assert "L2 penalty at λ = 0.1" in l2 and "λ·w, 0.1 times the weight" in l2
    assert "L1 penalty at λ = 0.25" in l1 and "λ·sign(w), ±0.25" in l1
    assert "biases get none" in l1 and "biases get none" in l2
