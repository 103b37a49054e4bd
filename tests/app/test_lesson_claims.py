"""Every Lesson step's claim, checked on the settings its own link opens.

A step tells a student something (its text) and asks them to find something out (its question).
Each check below opens the step's link values, makes the changes the question asks for, and
asserts the outcome with numbers, so the question has the answer the step implies. A new step
needs a new check: `test_every_step_has_a_claim_check` fails, naming it, until it has one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from app_helpers import open_page, warnings_text
from claim_helpers import assert_shown, config_of, drawn_run, run_of, step_values

from ann_app.autoencoders.config import deep_config, pretraining_of
from ann_app.backprop.walk import walk_config
from ann_app.charts.training_frames import LEARNED
from ann_app.content.autoencoder_text import distance
from ann_app.content.drawn_points import point
from ann_app.content.lesson import STEPS, LessonStep, link_params
from ann_app.training.landscape import SLICE_BUDGET
from ann_core import get_activation, landscape, training
from ann_core.datasets import LOGIC_TABLES
from ann_core.diagnosis import SATURATED_Z, diagnose, right_of
from ann_core.formatting import number
from ann_core.restarts import restarts
from ann_core.start_trials import compare_starts
from ann_core.surfaces import OPTIMIZERS, descent_path

CHECKS: dict[str, Callable[[LessonStep], None]] = {}


def claim(title: str):
    """Register the check of the step called `title`."""

    def register(check: Callable[[LessonStep], None]) -> Callable[[LessonStep], None]:
        CHECKS[title] = check
        return check

    return register


def test_every_step_has_a_claim_check():
    missing = [step.title for step in STEPS if step.title not in CHECKS]
    assert not missing, f"lesson steps without a claim check: {missing}"
    assert set(CHECKS) <= {step.title for step in STEPS}, "a check names no step"


@pytest.mark.parametrize("step", STEPS, ids=[step.title for step in STEPS])
def test_lesson_step_claim(step: LessonStep):
    CHECKS[step.title](step)


def _kinds(run) -> list[str]:
    return [finding.kind for finding in diagnose(run)]


def _learned(page: str, values, n: int) -> int:
    """How many of n restarts (seeds seed, seed + 1, ...) reach the LEARNED accuracy."""
    result = restarts(config_of(page, values), n)
    return int(np.sum((result.final_accuracy >= LEARNED) & ~result.diverged))


@claim("One neuron")
def _one_neuron(step):
    # "Beyond which value of z does the output hardly move?": past |z| = 4.6 the sigmoid's slope
    # is below 0.01, and the w₁ slider reaches beyond it with the step's other values
    values = step_values(step)
    assert values.g == "sigmoid" and "sigmoid" in step.question
    sigmoid = get_activation("sigmoid")
    edge = SATURATED_Z["sigmoid"]
    assert sigmoid.derivative(edge) < 0.01 < sigmoid.derivative(edge - 0.1)
    z_max = values.a1 * 5.0 + values.a2 * values.w2 + values.b  # w₁ at the slider's end
    assert z_max > edge
    assert sigmoid.value(z_max) - sigmoid.value(edge) < 0.005  # "hardly moves" past it


@claim("Activation functions")
def _activations(step):
    # at z₀ = 4 only ReLU keeps a slope worth learning from; the page says sigmoid and tanh
    # are saturated there
    values = step_values(step)
    assert values.z0 == 4.0 and "z₀ = 4" in step.question
    slopes = {name: float(get_activation(name).derivative(values.z0)) for name in values.show}
    assert slopes["relu"] == 1.0
    assert slopes["sigmoid"] < values.thr and slopes["tanh"] < values.thr
    at = open_page(step.page, link_params(step))
    saturated = " ".join(info.value for info in at.info)
    assert "**sigmoid**" in saturated and "**tanh**" in saturated
    assert "**relu**" not in saturated


@claim("Error surfaces")
def _error_surfaces(step):
    # "Try 0.1, 1 and 5: how many steps does each method need to reach the valley, and which
    # ones overshoot?": the step counts differ, and overshoots (an error rising again) show
    assert all(f" {rate}" in step.question for rate in ("0.1", "1", "5"))

    def paths(rate: float) -> dict:
        v = step_values(step, lr=rate)
        start = (v.w1s, v.w2s)
        return {m: descent_path(m, start, v.lr, v.steps, v.a0, v.t, v.g, v.momentum) for m in v.opt}

    slow, good, fast = paths(0.1), paths(1.0), paths(5.0)
    assert set(good) == set(OPTIMIZERS)
    # at 0.1 plain descent never leaves the plateau, the other two do
    assert slow["gradient_descent"].steps_to_valley is None
    assert slow["momentum"].steps_to_valley and slow["adam"].steps_to_valley
    # at 1 every method reaches the valley, each in its own number of steps; momentum gets
    # there by overshooting (its error jumps up by more than 0.3 on the way)
    reached = [good[m].steps_to_valley for m in OPTIMIZERS]
    assert all(reached) and len(set(reached)) == 3
    assert good["momentum"].largest_rise > 0.3
    # at 5 every method overshoots; momentum and Adam are flung out onto the far plateau
    assert all(fast[m].largest_rise > 0.5 for m in OPTIMIZERS)
    assert fast["momentum"].error[-1] > 0.99 and fast["adam"].error[-1] > 0.99
    # the page counts the steps in its table
    at = open_page(step.page, link_params(step))
    table = at.dataframe[0].value
    assert list(table["steps to valley"]) == reached


@claim("Backpropagation")
def _backpropagation(step):
    # "Switch the loss to cross-entropy and compare the output's delta and the first update":
    # cross-entropy's delta a − t is not shrunk by the sigmoid's slope, so both are larger
    def first_step(loss: str):
        config = walk_config(step_values(step, loss=loss))
        assert config.loss == loss
        dataset, params = training.prepare(config)
        return training.backprop_step(
            params, dataset.X[:1], dataset.y[:1], config.activations, loss, config.learning_rate
        )

    sse, ce = first_step("sse"), first_step("cross_entropy")
    assert np.abs(ce.deltas[-1]).item() > 2 * np.abs(sse.deltas[-1]).item()
    moved = [
        sum(np.abs(w1 - w0).sum() for (w1, _), (w0, _) in zip(s.after, s.before, strict=True))
        for s in (sse, ce)
    ]
    assert moved[1] > moved[0]


@claim("AND and OR with one unit")
def _and_or(step):
    # the link's rate 2 learns OR; of 0.005 and 20, only 20 does: at 0.005 the unit still
    # answers "1" everywhere after 100 epochs (the share of class 1, 75 %)
    assert "0.005" in step.question and "20" in step.question
    page = step.page
    assert run_of(page, step_values(step)).accuracy[-1] >= LEARNED
    tiny = run_of(page, step_values(step, lr=0.005))
    assert tiny.accuracy[-1] <= 0.75 and "base_rate" in _kinds(tiny)
    assert tiny.loss[-1] < tiny.loss[0]  # the loss falls, just far too slowly
    assert run_of(page, step_values(step, lr=20.0)).accuracy[-1] >= 0.99


@claim("XOR defeats one unit")
def _xor_one_unit(step):
    # one unit gets stuck near half right, however long it trains, and no seed learns XOR
    values = step_values(step)
    assert values.layers == 0
    assert 0.4 <= run_of(step.page, values).accuracy[-1] <= 0.6
    assert run_of(step.page, step_values(step, epochs=500)).accuracy[-1] < 0.75
    assert _learned(step.page, values, values.restarts) == 0


@claim("XOR with a hidden layer")
def _xor_hidden(step):
    # "From which size does it learn reliably?": 1 unit never, 2 about half the time, 4 always
    values = step_values(step)
    assert values.h1 == 4
    learned = [_learned(step.page, step_values(step, h1=u), values.restarts) for u in (1, 2, 3, 4)]
    assert learned == sorted(learned)
    assert learned[0] == 0 and 0.3 * values.restarts <= learned[1] <= 0.7 * values.restarts
    assert learned[3] == values.restarts


@claim("The ring stalls")
def _ring(step):
    # the post's run answers the majority class; annealing 1.0 and 0.99 both escape
    page, values = step.page, step_values(step)
    stalled = run_of(page, values)
    assert stalled.accuracy[-1] == pytest.approx(8 / 9) and "base_rate" in _kinds(stalled)
    for anneal in (1.0, 0.99):
        assert run_of(page, step_values(step, anneal=anneal)).accuracy[-1] >= LEARNED
    # the classes as the step states them: the centre is class 0, the eight around it class 1
    table, classes = LOGIC_TABLES["RING"]
    centre = np.all(table == 0.5, axis=1)
    assert np.all(classes[centre] == 0) and np.all(classes[~centre] == 1)
    assert "centre class 0" in step.text and "class 1" in step.text


@claim("Regression: adding up units")
def _overfitting(step):
    # 16 units on 28 points: the test loss is lowest well before the last epoch, ends far above
    # that minimum, while the training loss keeps falling; 3 units overfit much less
    values = step_values(step)
    run = run_of(step.page, values)
    assert (len(run.y), len(run.y_test)) == (28, 12) and "28" in step.text and "12" in step.text
    best = int(np.argmin(run.test_loss))
    assert best < run.epochs / 2
    rise = run.test_loss[-1] / run.test_loss[best]
    assert rise > 2.0
    assert run.loss[-1] < 0.9 * run.loss[best - 1]  # training loss still falling after `best`
    assert "overfitting" in _kinds(run)
    few = run_of(step.page, step_values(step, h1=3))
    assert few.test_loss[-1] / few.test_loss.min() < rise / 2
    # and the page says so
    at = open_page(step.page, link_params(step))
    assert any(f"after epoch {best}" in info.value for info in at.info)


@claim("A circle without a hidden layer")
def _circle_from_squares(step):
    # one unit on the squares gets the circle (the % the text quotes); on x1, x2 it cannot, and
    # a hidden layer of 4 on x1, x2 does worse than the squares
    values = step_values(step)
    assert values.layers == 0 and values.features == ("x1sq", "x2sq")
    squares = run_of(step.page, values).accuracy[-1]
    right = right_of(squares, 100)
    assert squares >= 0.95 and f"It gets {right.split(' (')[0]} points right" in step.text
    assert_shown(step.page, link_params(step), right)  # the count, on the step's page
    raw = run_of(step.page, step_values(step, features=("x1", "x2"))).accuracy[-1]
    assert raw < 0.6
    hidden = step_values(step, features=("x1", "x2"), layers=1, h1=4)
    assert raw < run_of(step.page, hidden).accuracy[-1] < squares
    assert "x₁ and x₂" in step.question and "4 units" in step.question


@claim("L2 against overfitting")
def _l2(step):
    # λ = 0.01 ends with a lower test loss than the plain run (both numbers quoted), a higher
    # training loss; of 0.001, 0.01 and 0.03 it ends lowest; L1 leaves most weights near 0
    values = step_values(step)
    assert (values.reg, values.reg_rate) == ("l2", 0.01)
    tamed = run_of(step.page, values)
    plain = run_of(step.page, step_values(step, reg="none", reg_rate=0.0))
    end = number(tamed.mean_test_loss[-1])
    assert f"test loss per sample of {end}, lower than the plain run ever" in step.text
    assert tamed.test_loss[-1] < plain.test_loss.min()  # better than stopping at the best epoch
    assert_shown(step.page, link_params(step), f"{end} on the test points")
    assert tamed.loss[-1] > plain.loss[-1]
    ends = {
        lam: run_of(step.page, step_values(step, reg_rate=lam)).test_loss[-1]
        for lam in (0.001, 0.03)
    }
    assert all(end > tamed.test_loss[-1] for end in ends.values())
    assert "0.001 and 0.03" in step.question

    def near_zero(run) -> float:
        weights = np.concatenate([w.ravel() for w, _ in run.parameters()])
        return float(np.mean(np.abs(weights) < 1e-3))

    sparse = run_of(step.page, step_values(step, reg="l1"))
    assert near_zero(sparse) > 0.75 and near_zero(tamed) < 0.5
    assert "L1 at 0.01" in step.question


@claim("Data you draw")
def _drawn(step):
    # 4 units learn the 12 drawn points (the counts the text quotes); no hidden layer answers
    # the majority; the corner point the question adds is not reached: 12 of 13 right
    values = step_values(step)
    inner = sum(p.label == 1 for p in step.points)
    assert (len(step.points), inner) == (12, 4) and "twelve" in step.text
    run = drawn_run(step.page, values, step.points)
    assert run.accuracy[-1] == 1.0 and "get 12 of 12 right" in step.text
    alone = drawn_run(step.page, step_values(step, layers=0), step.points)
    assert round(alone.accuracy[-1] * 12) == 8 and "gets 8 of 12" in step.text
    assert alone.predict(run.X).max() < 0.5  # class 0 everywhere
    corner = (*step.points, point(1.4, 1.4, 1))
    assert "(1.4, 1.4)" in step.question
    stretched = drawn_run(step.page, values, corner)
    assert round(stretched.accuracy[-1] * 13) == 12
    # and the page opens the drawing from the link, trains on it, and warns of nothing
    at = open_page(step.page, link_params(step))
    assert not at.exception and "link were not used" not in warnings_text(at)
    caption = " ".join(c.value for c in at.caption)
    assert f"After epoch {values.epochs}: training accuracy 100.0%" in caption
    params = {**link_params(step), "layers": "0"}  # and the no-hidden-layer count, tried
    assert_shown(step.page, params, "training accuracy 66.7% (8 of 12 points)")


def _plane(page: str, values):
    """The run and the loss plane (per sample) the page's landscape shows for `values`."""
    run = run_of(page, values)
    resolution = landscape.fitting_resolution(run, int(values.grid), SLICE_BUDGET)
    plane = landscape.slice_2d(
        run, seed=values.plane_seed, radius=values.reach, resolution=resolution
    )
    return run, plane.loss / len(run.y)


@claim("The landscape of a deeper network")
def _deeper_landscape(step):
    # three sigmoid layers answer 0.5 everywhere (to 0.002) on a plane flat to four decimals;
    # one layer, and three tanh layers, sit at the bottom of a bowl that climbs 50-fold or more
    values = step_values(step)
    assert values.landscape and values.layers == 3 and values.hidden == "sigmoid"
    assert (values.h1, values.h2, values.h3) == (4, 4, 4) and values.epochs == 100
    run, loss = _plane(step.page, values)
    assert run.history.shape[1] == 57 and "57 weights and biases" in step.text
    assert np.abs(run.predict(run.X) - 0.5).max() < 0.002  # "one even colour"
    assert "answers 0.5 for every point (its surface is one even colour)" in step.text
    assert number(loss.min(), 4) == number(loss.max(), 4) == "0.2500"
    assert "0.2500 per sample to four decimals" in step.text
    centre = loss.shape[0] // 2
    for tried in ({"layers": 1}, {"hidden": "tanh"}):
        _, bowl = _plane(step.page, step_values(step, **tried))
        assert bowl.argmin() == bowl.size // 2 and bowl[centre, centre] < 0.01, tried
        assert bowl.max() / bowl[centre, centre] > 50, tried
    assert "layers to 1" in step.question and "3 layers with tanh" in step.question
    # and the page shows that plane, with the numbers the text reads off it
    at = open_page(step.page, link_params(step))
    assert not at.exception
    shown = " ".join(caption.value for caption in at.caption)
    assert "across this plane it runs from 0.2500 to 0.2500" in shown


@claim("Learning without targets")
def _without_targets(step):
    # on the plateau none of 20 random starts reaches 99 %, all 20 pretrained ones do (median
    # epoch 5), their weights 1.556 against 0.239; the question's answer: random directions at
    # those sizes learn too, 20 of 20, a little slower (median 8); with tanh, pretraining no
    # longer helps (fewer pretrained runs learn than random ones)
    values = step_values(step)
    assert values.compare and (values.pdata, values.players, values.punits) == ("XOR", 3, 4)
    assert (values.phidden, values.pepochs, values.seeds) == ("sigmoid", 100, 20)
    trials = compare_starts(deep_config(values), pretraining_of(values), values.seeds)
    assert trials.goal == 0.99 and "99% training accuracy" in step.text
    assert trials.reached_count("random") == 0 and "none of 20 random starts" in step.text
    assert trials.reached_count("pretrained") == 20 and trials.median_epochs("pretrained") == 5
    assert "all 20 pretrained starts do, in a median of 5 epochs" in step.text
    random, pretrained, _ = (distance(size) for size in trials.weight_size.mean(axis=1))
    assert f"{pretrained} against the random draws' {random}" in step.question
    assert trials.reached_count("scaled") == 20 and trials.median_epochs("scaled") == 8
    tanh = compare_starts(
        deep_config(step_values(step, phidden="tanh")), pretraining_of(values), values.seeds
    )
    assert tanh.reached_count("pretrained") < tanh.reached_count("random")
    assert "switch the hidden activation to tanh" in step.question
    # and the page the step opens shows those numbers, and the tanh answer
    assert_shown(
        step.page,
        link_params(step),
        f"mean |w| {random}): 0 of 20 runs reach 99% training accuracy",
        f"20 of 20 (median epoch 5). Their weights are larger: mean |w| {pretrained}",
        "20 of 20 (median epoch 8)",
    )
    assert_shown(step.page, {**link_params(step), "phidden": "tanh"}, "Pretraining hurts here")


@claim("What to try next")
def _what_next(step):
    # four sigmoid units learn the circle only partly; 8 units help most of the three changes
    # the question names; the spiral stays hard
    page = step.page
    base = run_of(page, step_values(step)).accuracy[-1]
    assert 0.7 < base < 0.9
    tried = {
        "8 units": run_of(page, step_values(step, h1=8)).accuracy[-1],
        "a second layer": run_of(page, step_values(step, layers=2)).accuracy[-1],
        "tanh": run_of(page, step_values(step, hidden="tanh")).accuracy[-1],
    }
    assert all(name in step.question for name in tried)
    assert max(tried, key=tried.get) == "8 units" and tried["8 units"] > base + 0.05
    assert run_of(page, step_values(step, data="SPIRAL")).accuracy[-1] < 0.7
