"""The Backpropagation page through AppTest: buttons, the walk against training, links."""

import re
from dataclasses import replace

import numpy as np
import pytest
from app_helpers import open_page, warnings_text

from ann_app.backprop import display
from ann_app.settings.widgets import more_key
from ann_core.config import TrainingConfig
from ann_core.formatting import number
from ann_core.network import pack, unpack
from ann_core.training import backprop_step, prepare, train

PAGE = "app_pages/backpropagation.py"
# The page's defaults: XOR with 2 noisy copies (8 samples an epoch), one hidden layer of 2.
CONFIG = TrainingConfig(problem="XOR", hidden_units=(2,), n_observations=2, epochs=2)
EPOCH = 8


def click(at, label: str):
    (button,) = [b for b in at.button if b.label == label]
    return button.click().run()


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def shown_parameters(at) -> np.ndarray:
    """The full-precision table of the weights and biases before the current sample."""
    (frame,) = [d.value for d in at.dataframe if list(d.value.columns) == ["parameter", "value"]]
    return frame["value"].to_numpy()


def online_training(samples: int) -> np.ndarray:
    """The parameters after `samples` steps of the engine's own online training."""
    dataset, params = prepare(CONFIG)
    rate = CONFIG.learning_rate
    for k in range(samples):
        i = k % len(dataset.y)
        step = backprop_step(
            params, dataset.X[i : i + 1], dataset.y[i : i + 1], CONFIG.activations, "sse", rate
        )
        params = step.after
        if i == len(dataset.y) - 1:
            rate = rate * CONFIG.anneal
    return pack(params)


def test_page_runs_clean_at_step_one():
    at = open_page(PAGE)
    assert not at.exception and not at.error and not at.warning
    assert metrics(at)["epoch"] == "1"
    assert metrics(at)["sample"] == f"1 of {EPOCH}"
    assert metrics(at)["step"] == "I"
    assert at.query_params["data"] == "XOR"
    assert len(at.get("graphviz_chart")) == 1
    assert len(at.latex) == 1  # only Step I is revealed
    assert shown_parameters(at).tolist() == pack(prepare(CONFIG)[1]).tolist()


def test_next_step_reveals_each_step_then_moves_on():
    at = open_page(PAGE)
    for k, name in enumerate(["II", "III", "IV"], start=2):
        click(at, "Next step")
        assert not at.exception
        assert metrics(at)["step"] == name
        assert len(at.latex) == k
    assert "δ =" in at.get("graphviz_chart")[0].proto.spec
    click(at, "Next step")
    assert metrics(at)["sample"] == f"2 of {EPOCH}"
    assert metrics(at)["step"] == "I"
    assert shown_parameters(at).tolist() == online_training(1).tolist()
    assert len(at.get("vega_lite_chart")) == 1  # the loss of the first sample


def test_ten_samples_across_an_epoch_boundary_equal_online_training():
    at = open_page(PAGE)
    for done in range(1, 11):
        click(at, "Next sample")
        assert not at.exception
        if done == EPOCH:
            run = train(CONFIG, engine="numpy")
            assert shown_parameters(at).tolist() == run.history[1].tolist()
            assert metrics(at)["learning rate η"] == f"{CONFIG.learning_rate * CONFIG.anneal:.4g}"
    assert metrics(at)["epoch"] == "2"
    assert metrics(at)["sample"] == f"3 of {EPOCH}"
    assert shown_parameters(at).tolist() == online_training(10).tolist()


def test_next_epoch_and_reset():
    at = open_page(PAGE)
    click(at, "Next step")
    click(at, "Next epoch")
    assert (metrics(at)["epoch"], metrics(at)["sample"]) == ("2", f"1 of {EPOCH}")
    click(at, "Next epoch")
    run = train(CONFIG, engine="numpy")
    assert shown_parameters(at).tolist() == run.history[2].tolist()
    click(at, "Reset walk")
    assert (metrics(at)["epoch"], metrics(at)["sample"]) == ("1", f"1 of {EPOCH}")
    assert shown_parameters(at).tolist() == run.history[0].tolist()
    assert not at.get("vega_lite_chart")


def test_changing_a_setting_resets_the_walk():
    at = open_page(PAGE)
    click(at, "Next sample")
    click(at, "Next sample")
    assert metrics(at)["sample"] == f"3 of {EPOCH}"
    at.session_state[more_key("backpropagation")] = True  # the seed is under More settings
    at.run()
    at.number_input(key="backpropagation.seed").set_value(7).run()
    assert not at.exception
    assert metrics(at)["sample"] == f"1 of {EPOCH}"
    expected = pack(prepare(replace(CONFIG, seed=7))[1])
    assert shown_parameters(at).tolist() == expected.tolist()


def test_two_hidden_layers_and_other_choices_run():
    params = {"layers": "2", "h1": "4", "h2": "3", "hidden": "relu", "output": "linear"}
    at = open_page(PAGE, {**params, "data": "RING", "n": "1"})
    for _ in range(4):
        click(at, "Next step")
    assert not at.exception and not at.error
    assert metrics(at)["sample"] == "2 of 9"
    spec = at.get("graphviz_chart")[0].proto.spec
    assert "h²₃" in spec and "h¹₄" in spec


def test_cross_entropy_with_a_non_sigmoid_output_falls_back_to_squared_error():
    at = open_page(PAGE, {"loss": "cross_entropy", "output": "tanh"})
    assert not at.exception
    assert "Cross-entropy needs a sigmoid output" in at.info[0].value
    at = open_page(PAGE, {"loss": "cross_entropy"})
    assert not at.exception
    assert not [i for i in at.info if "Cross-entropy" in i.value]
    click(at, "Next step")
    assert r"\delta_k = a_k - t_k" in at.latex[1].value
    (frame,) = [d.value for d in at.dataframe if "g′(z)" in d.value.columns]
    assert frame["unit"][0] == "ŷ" and frame["g′(z)"][0] == "cancels"
    assert frame["δ"][0] == frame["a"][0] - float(frame["t"][0])
    assert not frame["g′(z)"].isna().any()


def test_bad_link_values_are_named_in_a_warning():
    at = open_page(PAGE, {"lr": "abc", "layers": "7", "data": "SPIRAL"})
    assert not at.exception
    text = warnings_text(at)
    assert "lr='abc'" in text and "layers='7'" in text and "data='SPIRAL'" in text
    assert at.query_params["lr"] == "2" and at.query_params["data"] == "XOR"


def test_gradient_check_agrees():
    at = open_page(PAGE, {"layers": "2", "h1": "3", "h2": "4", "hidden": "tanh"})
    for _ in range(3):
        click(at, "Next sample")
    assert float(metrics(at)["largest relative difference"]) < 1e-5
    (frame,) = [d.value for d in at.dataframe if "finite differences" in d.value.columns]
    assert frame["relative difference"].max() < 1e-5
    assert len(frame) == 2 * 3 + 3 * 4 + 4 + 3 + 4 + 1


def test_the_code_of_the_four_steps_is_shown():
    at = open_page(PAGE)
    sources = "\n".join(c.value for c in at.code)
    for name in ("def forward", "def backward", "def gradients", "def update", "def backprop_step"):
        assert name in sources


def test_a_diverged_walk_says_so_and_stops():
    at = open_page(PAGE)
    walk = at.session_state["backpropagation.walk"]
    for theta in ((np.inf, *walk.theta[1:]), tuple(v * 1e200 for v in walk.theta)):
        at.session_state["backpropagation.walk"] = replace(walk, theta=theta)
        at.run()
        assert not at.exception
        assert "diverged" in at.error[0].value and "learning rate" in at.error[0].value
        assert all(b.disabled for b in at.button if b.label.startswith("Next"))
        assert metrics(at)["epoch"] == "1"
    click(at, "Reset walk")
    assert not at.error


def test_a_walk_with_too_large_a_rate_diverges_and_the_page_says_so():
    at = open_page(PAGE, {"output": "linear", "lr": "5"})
    click(at, "Next epoch")
    assert not at.exception
    (error,) = at.error
    assert "diverged after 6 samples" in error.value and "±10,000" in error.value
    assert all(b.disabled for b in at.button if b.label.startswith("Next"))
    numbers = " ".join([error.value, *(str(m.value) for m in at.metric)])
    assert not re.search(r"\d{9}", numbers)  # huge numbers are in scientific notation


# ---- the penalty (L1, L2) -----------------------------------------------------------------------


def frame_with(at, column: str):
    (frame,) = [d.value for d in at.dataframe if column in d.value.columns]
    return frame


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_step_three_splits_each_gradient_into_the_datas_and_the_penaltys(kind):
    at = open_page(PAGE, {"reg": kind, "reg_rate": "0.1"})
    click(at, "Next step")
    click(at, "Next step")
    assert not at.exception and not at.warning
    config = replace(CONFIG, regularization=kind, reg_rate=0.1)
    dataset, params = prepare(config)
    step = backprop_step(
        params, dataset.X[:1], dataset.y[:1], config.activations, "sse", 2.0,
        regularization=kind, reg_rate=0.1,
    )  # fmt: skip
    frame = frame_with(at, display.TOTAL)
    assert frame[display.DATA_SHARE].tolist() == pack(step.data_gradients).tolist()
    assert frame[display.PENALTY_SHARE[kind]].tolist() == pack(step.penalty_gradients).tolist()
    assert frame[display.TOTAL].tolist() == pack(step.gradients).tolist()
    assert frame[display.VALUE].tolist() == pack(params).tolist()
    biases = frame["parameter"].str.startswith("b(")
    assert biases.sum() == 3 and (frame[display.PENALTY_SHARE[kind]][biases] == 0).all()
    assert (frame[display.PENALTY_SHARE[kind]][~biases] != 0).all()
    assert display.PENALTY_TERM[kind] in at.latex[2].value
    label = {"l1": "L1", "l2": "L2"}[kind]
    assert f"The {label} penalty at λ = 0.1 adds" in captions(at)
    # the loss shown is the data's: the penalty (Ω > 0.001 here) would change its 4 decimals
    assert step.penalty > 1e-3
    assert metrics(at)["this sample's loss"] == number(step.losses[0], 4)
    assert metrics(at)["this sample's loss"] != number(step.losses[0] + step.penalty, 4)
    click(at, "Next step")  # Step IV follows the total
    update = frame_with(at, "w (new)")
    assert update["∂E/∂w"].tolist() == pack(step.gradients).tolist()
    assert update["w (new)"].tolist() == pack(step.after).tolist()
    assert "Step III's total: the data's share plus the penalty's" in captions(at)
    click(at, "Next step")
    assert shown_parameters(at).tolist() == pack(step.after).tolist()
    assert at.session_state["backpropagation.walk"].losses == (step.losses[0],)


def test_the_l2_penalty_shares_are_lambda_times_w():
    at = open_page(PAGE, {"reg": "l2", "reg_rate": "0.1"})
    click(at, "Next sample")
    for _ in range(2):
        click(at, "Next step")
    frame = frame_with(at, display.TOTAL)
    weights = ~frame["parameter"].str.startswith("b(")
    w = shown_parameters(at)[weights.to_numpy()]
    assert frame[display.PENALTY_SHARE["l2"]][weights].tolist() == (0.1 * w).tolist()
    assert "gains λ·w, 0.1 times the weight" in captions(at)


def test_the_l1_penalty_shares_are_lambda_times_the_sign_of_w():
    at = open_page(PAGE, {"reg": "l1", "reg_rate": "0.25"})
    click(at, "Next sample")
    for _ in range(2):
        click(at, "Next step")
    frame = frame_with(at, display.TOTAL)
    weights = ~frame["parameter"].str.startswith("b(")
    w = shown_parameters(at)[weights.to_numpy()]
    assert sorted(set(frame[display.PENALTY_SHARE["l1"]][weights])) == [-0.25, 0.25]
    assert frame[display.PENALTY_SHARE["l1"]][weights].tolist() == (0.25 * np.sign(w)).tolist()
    assert "gains λ·sign(w), ±0.25 whatever the weight's size" in captions(at)


@pytest.mark.parametrize("params", [{}, {"reg": "l2", "reg_rate": "0"}, {"reg": "none"}])
def test_without_a_penalty_step_three_looks_as_before(params):
    at = open_page(PAGE, params)
    for _ in range(3):
        click(at, "Next step")
    frame = frame_with(at, "a_prev")
    assert list(frame.columns) == ["parameter", "a_prev", "δ", "∂E/∂w = a_prev·δ"]
    assert "penalty" not in captions(at) and "lambda" not in at.latex[2].value
    assert not [m for m in at.markdown if "includes the penalty" in m.value]


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_the_gradient_check_passes_with_a_penalty(kind):
    link = {"layers": "2", "h1": "3", "h2": "4", "hidden": "tanh", "reg": kind}
    at = open_page(PAGE, {**link, "reg_rate": "0.1"})
    for _ in range(3):
        click(at, "Next sample")
    assert float(metrics(at)["largest relative difference"]) < 1e-5
    frame = frame_with(at, "finite differences")
    assert frame["relative difference"].max() < 1e-5
    config = TrainingConfig(
        problem="XOR", hidden_units=(3, 4), hidden_activation="tanh", n_observations=2,
        regularization=kind, reg_rate=0.1,
    )  # fmt: skip
    dataset, _ = prepare(config)
    step = backprop_step(
        unpack(shown_parameters(at), config.sizes), dataset.X[3:4], dataset.y[3:4],
        config.activations, "sse", 2.0, regularization=kind, reg_rate=0.1,
    )  # fmt: skip
    assert frame["backprop"].tolist() == pack(step.gradients).tolist()  # the penalty's in it
    assert [m for m in at.markdown if "Here E includes the penalty Ω" in m.value]


def test_the_link_round_trips_the_penalty():
    at = open_page(PAGE, {"reg": "l1", "reg_rate": "0.25"})
    assert not at.exception and not at.warning
    assert at.segmented_control(key="backpropagation.reg").value == "l1"
    assert at.number_input(key="backpropagation.reg_rate").value == 0.25
    assert (at.query_params["reg"], at.query_params["reg_rate"]) == ("l1", "0.25")
    click(at, "Next sample")
    at.segmented_control(key="backpropagation.reg").set_value("l2").run()
    at.number_input(key="backpropagation.reg_rate").set_value(1.0).run()
    assert not at.exception
    assert (at.query_params["reg"], at.query_params["reg_rate"]) == ("l2", "1")
    assert metrics(at)["sample"] == f"1 of {EPOCH}"  # a new penalty: the walk starts over


@pytest.mark.parametrize(
    "name, raw, default",
    [("reg", "l3", "none"), ("reg_rate", "-1", "0.01"), ("reg_rate", "abc", "0.01"),
     ("reg_rate", "1.5", "0.01")],
)  # fmt: skip
def test_a_bad_penalty_in_the_link_is_not_used(name, raw, default):
    at = open_page(PAGE, {name: raw})
    assert not at.exception and not at.error
    text = warnings_text(at)
    assert "were not used" in text and f"{name}={raw!r}" in text
    assert f"using the default {default}" in text
    assert at.query_params[name] == default
