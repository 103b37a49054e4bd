"""The outcomes the pages' explanations state, and the docs' facts about runs, checked.

Each test quotes the sentence it backs, opens the settings the sentence speaks of (a page's
defaults, or the run the docs name) and asserts the outcome with numbers. No figure is read
out of the docs' prose: where a sentence needs one, it names the constant instead.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from app_helpers import open_page
from claim_helpers import link_values, run_of

from ann_app import cached
from ann_app.content.lesson import ACTIVATIONS, REGRESSION, STEPS, SURFACES
from ann_core import TrainingConfig, get_activation, train
from ann_core.diagnosis import right_count
from ann_core.formatting import number
from ann_core.surfaces import descent_path, one_weight_error, two_weight_error

TEACHING = (Path(__file__).resolve().parents[2] / "docs" / "teaching.md").read_text()


def _sentence(page: str, words: str) -> None:
    """The page, opened with its defaults, still shows `words` (a reworded sentence fails its
    test, so whoever rewords it looks at the claim again)."""
    at = open_page(page)
    shown = " ".join(str(element.value) for element in (*at.markdown, *at.caption))
    assert words in shown, f"{page} no longer says: {words}"


def test_error_surfaces_one_weight_falls_steadily():
    # "Here (sigmoid, t = 1, a₀ = 1) it falls steadily as w₁ grows": the page's defaults, the
    # post's case (the sentence follows the settings: test_app_pages.py checks it on others)
    _sentence(SURFACES, "Here (sigmoid, t = 1, a₀ = 1) it falls steadily as w₁ grows")
    v = link_values(SURFACES, {})
    assert (v.g, v.t) == ("sigmoid", 1.0)
    error = one_weight_error(np.linspace(-v.wmax, v.wmax, 401), v.a0, v.t, v.g)
    assert np.all(np.diff(error) < 0)


def test_error_surfaces_plateau_where_w1_is_very_negative():
    # "along the left edge, w₁ = -10.00, the hidden unit's output is 0.000, so w₂ multiplies
    # almost nothing: the error stays at E = 0.250 whatever w₂ is, a wide, nearly flat plateau"
    v = link_values(SURFACES, {})
    w2 = np.linspace(-v.wmax, v.wmax, 401)
    on_plateau = two_weight_error(-v.wmax, w2, v.a0, v.t, v.g)
    assert np.ptp(on_plateau) < 0.001
    hidden = get_activation(v.g).value(v.a0 * -v.wmax)
    assert hidden < 1e-4
    _sentence(
        SURFACES,
        f"the hidden unit's output is {number(hidden, 3)}, so w₂ multiplies almost nothing: "
        f"the error stays at E = {number(on_plateau.mean(), 3)} whatever w₂ is",
    )


def test_error_surfaces_has_no_plateau_there_beside_tanh():
    # tanh saturates at -1, not 0: w₂ still moves the error along the left edge, and the page
    # says so with the numbers of the surface it draws
    at = open_page(SURFACES, {"g": "tanh"})
    shown = " ".join(str(m.value) for m in at.markdown)
    v = link_values(SURFACES, {"g": "tanh"})
    w2 = np.linspace(-v.wmax, v.wmax, v.res)
    edge = two_weight_error(-v.wmax, w2, v.a0, v.t, "tanh")
    assert np.ptp(edge) > 1.0
    assert "the hidden unit's output is -1.000, so w₂ still moves the error there" in shown
    assert f"from E = {number(edge.min(), 3)} to {number(edge.max(), 3)}" in shown
    assert "nearly flat plateau" not in shown


def test_error_surfaces_why_plateaus_stall_plain_gradient_descent():
    # "hundreds of them barely move the weights", "momentum ... rolls off the plateau",
    # "Adam ... even a whisper of a slope gives a step of about η"
    _sentence(SURFACES, "gives a step of about η")
    v = link_values(SURFACES, {})
    start = (v.w1s, v.w2s)
    paths = {m: descent_path(m, start, v.lr, v.steps, v.a0, v.t, v.g, v.momentum) for m in v.opt}
    plain = paths["gradient_descent"]
    assert plain.error[-1] > 0.95 * plain.error[0] and plain.steps_to_valley is None
    assert paths["momentum"].steps_to_valley is not None
    first_step = np.abs(paths["adam"].weights[1] - paths["adam"].weights[0])
    np.testing.assert_allclose(first_step, v.lr, rtol=1e-3)
    gradient_size = np.abs(np.diff(plain.weights[:2], axis=0)).max() / v.lr
    assert gradient_size < 0.01  # a whisper of a slope


def test_regression_a_sine_needs_several_units():
    # "one tanh unit gives a single S-shaped step, so a sine needs several"
    _sentence(REGRESSION, "so a sine needs several")
    v = link_values(REGRESSION, {})
    per_sample = {
        units: run_of(REGRESSION, replace_units(v, units)).loss[-1] / v.n for units in (1, 3)
    }
    assert per_sample[3] < per_sample[1] / 2


def replace_units(values, units: int):
    """`values` with another number of hidden units."""
    return type(values)(**{**vars(values), "h1": units})


def test_activations_relu_and_linear():
    # "ReLU has the same problem on its left half, where the slope is exactly 0; linear never
    # saturates"
    _sentence(ACTIVATIONS, "where the slope is exactly 0; linear never saturates")
    v = link_values(ACTIVATIONS, {})
    z = np.linspace(-v.zmax, v.zmax, 201)
    relu, linear = get_activation("relu"), get_activation("linear")
    assert np.all(relu.derivative(z[z < 0]) == 0.0)
    assert np.all(linear.derivative(z) == 1.0)


def test_the_post_ring_run_stalls_and_learns_without_annealing():
    # docs/teaching.md: "The post's own RING run (Figure 12 ...) does not learn: its loss hardly
    # moves and its accuracy stays at the share of the majority class ... The same network
    # without annealing ... leaves the plateau". The docs give no figure; these are the run's.
    ring = TrainingConfig(problem="RING", hidden_units=(4,))
    run = train(ring)
    assert (number(run.mean_loss[0]), number(run.mean_loss[-1])) == ("0.1016", "0.0964")
    assert np.all(run.accuracy == pytest.approx(8 / 9))
    better = train(replace(ring, anneal=1.0))
    assert right_count(better.accuracy[-1], 450) == 438


def test_the_docs_list_the_lessons_steps():
    # docs/teaching.md's "The Lesson's steps": a numbered list, the number being ?step=
    section = TEACHING.split("### The Lesson's steps", 1)[1].split("\n#", 1)[0]
    listed = re.findall(r"^(\d+)\. (.+)$", section, flags=re.MULTILINE)
    assert [int(n) for n, _ in listed] == list(range(1, len(STEPS) + 1))
    assert [title for _, title in listed] == [step.title for step in STEPS]


def test_play_sends_every_epoch_of_the_post_runs_and_thins_long_ones():
    # docs/architecture.md: "every epoch of the post's runs, while a long run's are thinned to at
    # most `cached.PLAY_VALUES` values" (the docs name the constant, not its value)
    xor = TrainingConfig(problem="XOR", hidden_units=(4,))  # Figure 11
    sine = TrainingConfig(problem="SIN", hidden_units=(3,), learning_rate=0.2, n_observations=200)
    assert list(cached.surface_frames(xor).epochs) == list(range(101))  # every epoch
    assert list(cached.fit_frames(sine).epochs) == list(range(101))
    long = replace(xor, hidden_units=(16,), epochs=2000)
    thinned = cached.surface_frames(long)
    assert thinned.stride > 1 and thinned.outputs.size <= cached.PLAY_VALUES
