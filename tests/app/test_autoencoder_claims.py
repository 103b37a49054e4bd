"""Every outcome the Autoencoders page states, checked on the settings it speaks of.

Each test opens the page's own values (its defaults, an example's, the comparison switched on)
through its settings table, asserts the outcome with numbers, and finds the numbers the page
quotes on the page itself. The sentences are written from the runs' numbers
(content/autoencoder_text.py): the first tests check those functions say what the numbers do.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from claim_helpers import assert_shown, link_values, shown_text

from ann_app import cached
from ann_app.autoencoders.config import (
    bottleneck_config,
    bottleneck_data,
    deep_config,
    pretraining_of,
)
from ann_app.charts import autoencoder_frames
from ann_app.content import autoencoder_text
from ann_app.content.autoencoder_tables import AUTOENCODER_SETTINGS, EXAMPLES
from ann_app.content.lesson import AUTOENCODERS, CLASSIFICATION, STEPS
from ann_app.settings.setting import encode_params
from ann_core import autoencoder
from ann_core.start_trials import StartTrials, compare_starts, weight_size
from ann_core.training import prepare

DEFAULTS = {s.name: s.default for s in AUTOENCODER_SETTINGS}
TEACHING = (Path(__file__).resolve().parents[2] / "docs" / "teaching.md").read_text()


def _params(**values) -> dict[str, str]:
    """The page's link with `values` over its defaults."""
    return encode_params(AUTOENCODER_SETTINGS, {**DEFAULTS, **values})


def _bottleneck(params: dict[str, str]):
    """The run the page trains for the link `params`, and what the page measures of it."""
    values = link_values(AUTOENCODERS, params)
    data, config = bottleneck_data(values), bottleneck_config(values)
    return values, cached.autoencoder_run(data, config), cached.bottleneck(data, config)


def _spread(X: np.ndarray) -> float:
    return float(np.sqrt(((X - X.mean(axis=0)) ** 2).sum(axis=1).mean()))


# ---- the sentences say what the numbers do ------------------------------------------------------


def test_the_finding_follows_the_numbers():
    closer = autoencoder_text.bottleneck_finding(8, "tanh", 1, 300, 0.3, 0.8, None)
    assert "much closer than any straight line can" in closer and "0.300" in closer
    closer = autoencoder_text.bottleneck_finding(8, "tanh", 1, 300, 0.7, 0.8, None)
    assert "closer than any straight line can, not by much" in closer
    same = autoencoder_text.bottleneck_finding(8, "tanh", 1, 300, 0.81, 0.8, None)
    assert "about as close as the best straight line" in same
    worse = autoencoder_text.bottleneck_finding(8, "tanh", 1, 300, 0.9, 0.8, None)
    assert "not even as close as the best straight line" in worse
    line = autoencoder_text.bottleneck_finding(0, "tanh", 1, 300, 0.9, 0.8, 0.163)
    assert "0.16° from the principal axis" in line and "one straight line" in line
    wide = autoencoder_text.bottleneck_finding(8, "tanh", 2, 300, 0.01, 0.8, None)
    assert "A code of 2 units is as wide as the points" in wide


def _trials(reached: list[list[int]], sizes=(0.25, 1.5, 1.5)) -> StartTrials:
    """StartTrials whose runs reach the goal (0.99) at the given epochs (-1: never)."""
    accuracy = np.full((3, len(reached[0]), 11), 0.5)
    for start, row in enumerate(reached):
        for seed, epoch in enumerate(row):
            if epoch >= 0:
                accuracy[start, seed, epoch:] = 1.0
    return StartTrials(
        seeds=np.arange(len(reached[0])),
        goal=0.99,
        mean_loss=np.zeros((3, len(reached[0]), 10)),
        accuracy=accuracy,
        weight_size=np.array([[size] * len(reached[0]) for size in sizes]),
        diverged=np.zeros((3, len(reached[0])), dtype=bool),
    )


@pytest.mark.parametrize(
    ("reached", "verdict"),
    [
        ([[-1] * 10, [3] * 10, [5] * 10], "mostly the size of its weights"),
        ([[-1] * 10, [3] * 10, [-1] * 10], "more than the size of its weights"),
        ([[4] * 10, [3] * 9 + [-1], [5] * 10], "makes no difference here"),
        ([[4] * 10, [3] * 5 + [-1] * 5, [5] * 10], "Pretraining hurts here"),
    ],
)
def test_the_comparisons_verdict_follows_the_counts(reached, verdict):
    findings = autoencoder_text.starts_findings(_trials(reached), 10)
    assert verdict in findings[-1]
    assert not any("diverged" in finding for finding in findings)
    assert (
        f"{sum(e >= 0 for e in reached[0])} of 10 runs reach 99% training accuracy" in (findings[0])
    )


def test_diverged_runs_are_counted_in_the_findings_and_the_table():
    trials = _trials([[-1] * 10, [3] * 10, [5] * 10])
    diverged = np.zeros((3, 10), dtype=bool)
    diverged[1, :2] = diverged[2, 0] = True
    trials = replace(trials, diverged=diverged)
    (said,) = [f for f in autoencoder_text.starts_findings(trials, 10) if "diverged" in f]
    assert "0 random, 2 pretrained and 1 scaled" in said
    assert list(autoencoder_frames.starts_summary(trials)["diverged"]) == [0, 2, 1]


# ---- the bottleneck -----------------------------------------------------------------------------


def test_through_tanh_layers_a_one_unit_code_gives_a_curve_closer_than_any_line():
    # "Here each point goes through 2 → 8 → 1 → 8 → 2": the defaults; "every reconstruction
    # lies on one curve ... the layers around the code can bend it to follow the points";
    # the finding: "0.416 from their points (root mean square), 0.986 for the best straight
    # line ... much closer"
    values, run, shown = _bottleneck(_params())
    assert run.sizes == (2, 8, 1, 8, 2) and values.hidden == "tanh" and run.epochs == 300
    reconstructions = run.predict(run.X)
    curve = autoencoder.code_curve(run, [300], n_points=2001)[0]
    nearest = np.sqrt(((reconstructions[:, None] - curve[None]) ** 2).sum(-1)).min(axis=1)
    assert nearest.max() < 0.01  # on the curve
    off_line = np.sqrt(
        ((reconstructions - autoencoder.principal_projections(reconstructions)) ** 2).sum(1)
    )
    assert off_line.max() > 0.5 * _spread(run.X)  # and that curve is no line: it bends
    error, line = float(shown.errors[-1]), shown.line_error
    assert error < 0.5 * line  # much closer than the best straight line
    assert error <= autoencoder_text.MUCH_CLOSER * line
    quoted = (autoencoder_text.distance(error), autoencoder_text.distance(line))
    assert quoted == ("0.416", "0.986")
    assert_shown(
        AUTOENCODERS,
        _params(),
        f"After 300 epochs the reconstructions lie {quoted[0]} from their points (root mean "
        f"square), {quoted[1]} for the best straight line",
        "the curve follows the points much closer than any straight line can",
        "2 → 8 → 1 → 8 → 2",
    )


def test_the_ring_first_finds_the_line_then_bends():
    # "for about 30 epochs the reconstructions lie nearly on a straight line, about as far from
    # the points as the best straight line; then the curve bends around the ring, and by epoch
    # 60 the error is little more than half the line's"
    values, run, shown = _bottleneck(_params(**EXAMPLES["A curve through the ring"]))
    assert values.data == "RING" and _params(**EXAMPLES["A curve through the ring"]) == _params()
    spread, line = _spread(run.X), shown.line_error
    for epoch in (10, 20, 30):
        reconstructions = run.predict(run.X, epoch)
        off = reconstructions - autoencoder.principal_projections(reconstructions)
        assert np.sqrt((off**2).sum(axis=1)).max() < 0.15 * spread  # nearly straight
        assert line <= shown.errors[epoch] < 1.05 * line  # about as far as the best line
    bent = run.predict(run.X, 60)
    off = bent - autoencoder.principal_projections(bent)
    assert np.sqrt((off**2).sum(axis=1)).max() > 0.9 * spread  # around the ring
    assert 0.5 * line < shown.errors[60] < 0.6 * line
    text = shown_text(AUTOENCODERS, _params())
    assert "for about 30 epochs the reconstructions lie nearly on a straight line" in text
    assert "by epoch 60 the error is little more than half the line's" in text


def test_with_no_layers_around_the_code_the_reconstructions_lie_on_the_principal_axis():
    # the example "A straight line through two blobs": "whatever the code c, its output w c + b
    # lies on one straight line. After 300 epochs that line is 0.10° from the principal axis"
    params = _params(**EXAMPLES["A straight line through two blobs"])
    values, run, shown = _bottleneck(params)
    assert values.units == 0 and values.data == "GAUSSIAN" and run.sizes == (2, 1, 2)
    reconstructions = run.predict(run.X)
    off_line = reconstructions - autoencoder.principal_projections(reconstructions)
    assert np.abs(off_line).max() < 1e-12 * _spread(run.X)  # a straight line, to rounding
    assert shown.angle is not None and shown.angle < 1.0  # the principal axis, near enough
    error, line = float(shown.errors[-1]), shown.line_error
    assert line <= error < 1.01 * line  # PCA's line is the best; the learnt one is as good
    angle = f"{shown.angle:.2f}"
    assert angle == "0.10"
    assert_shown(
        AUTOENCODERS,
        params,
        f"that line is {angle}° from the principal axis",
        f"the reconstructions lie {autoencoder_text.distance(error)} from their points (root "
        f"mean square; {autoencoder_text.distance(line)} for the best straight line, principal "
        "component analysis's)",
    )


def test_with_no_layers_around_the_ring_too_its_a_straight_line():
    # the page's sentence holds on every data set, not only the blobs': here the ring's
    _, run, shown = _bottleneck(_params(units=0))
    reconstructions = run.predict(run.X)
    off_line = reconstructions - autoencoder.principal_projections(reconstructions)
    assert np.abs(off_line).max() < 1e-12 * _spread(run.X)
    assert shown.angle < 1.0 and shown.errors[-1] < 1.01 * shown.line_error


# ---- pretraining against random starts ----------------------------------------------------------


def test_the_comparisons_network_is_the_lessons_plateau():
    # "The network below is the Lesson's plateau (XOR through three sigmoid layers of 4)"
    from claim_helpers import config_of, step_values

    (plateau,) = [s for s in STEPS if s.title == "The landscape of a deeper network"]
    assert plateau.page == CLASSIFICATION
    lesson = config_of(CLASSIFICATION, step_values(plateau))
    ours = deep_config(link_values(AUTOENCODERS, _params()))
    assert ours == replace(lesson, features=ours.features)
    assert ours.hidden_units == (4, 4, 4) and ours.hidden_activation == "sigmoid"


def test_pretraining_on_the_plateau_is_mostly_the_size_of_its_weights():
    # with the switch on: "0 of 20 runs reach 99% ...", "Pretrained starts: 20 of 20 (median
    # epoch 5). Their weights are larger: mean |w| 1.556", "scaled ...: 20 of 20 (median epoch
    # 8)", "what pretraining gives here is mostly the size of its weights"
    params = _params(compare=True)
    values = link_values(AUTOENCODERS, params)
    trials = compare_starts(deep_config(values), pretraining_of(values), values.seeds)
    assert len(trials.seeds) == 20 and trials.goal == 0.99
    assert trials.reached_count("random") == 0
    assert trials.reached_count("pretrained") == 20 and trials.median_epochs("pretrained") == 5
    assert trials.reached_count("scaled") == 20 and trials.median_epochs("scaled") == 8
    sizes = trials.weight_size.mean(axis=1)
    assert sizes[1] > 6 * sizes[0]  # pretrained weights are several times the post's draws
    random, pretrained = (autoencoder_text.distance(size) for size in sizes[:2])
    assert (random, pretrained) == ("0.239", "1.556")
    # the post's draws are uniform in [-0.5, 0.5): a mean size of about 0.25
    _, drawn = prepare(deep_config(values))
    assert abs(weight_size(drawn) - 0.25) < 0.03
    assert_shown(
        AUTOENCODERS,
        params,
        f"mean |w| {random}): 0 of 20 runs reach 99% training accuracy within 100 epochs",
        f"20 of 20 (median epoch 5). Their weights are larger: mean |w| {pretrained}",
        f"(random directions, mean |w| {pretrained}): 20 of 20 (median epoch 8)",
        "what pretraining gives here is mostly the size of its weights",
    )
    # docs/teaching.md says so too
    assert "On the plateau: 0 of 20, 20 of 20 and 20 of 20" in TEACHING
    assert "the gain is mostly the size of the weights" in TEACHING


def test_with_a_linear_decoder_pretraining_gives_more_than_the_size():
    # the decoder choice: linear decoders leave smaller weights, and then the scaled random
    # starts do worse than the pretrained ones; the page says which
    params = _params(compare=True, decoder="linear")
    values = link_values(AUTOENCODERS, params)
    trials = compare_starts(deep_config(values), pretraining_of(values), values.seeds)
    counts = [trials.reached_count(name) for name in ("random", "pretrained", "scaled")]
    assert counts[0] == 0 < counts[2] < counts[1] - 2
    text = shown_text(AUTOENCODERS, params)
    assert f"{counts[1]} of 20" in text and f"{counts[2]} of 20" in text
    assert "Pretraining gives more than the size of its weights" in text
    assert "with linear decoders pretraining\n    does more than the size" in TEACHING


def test_with_tanh_layers_pretraining_does_not_help():
    # docs/teaching.md: "with tanh hidden units it does not help" (the Lesson step's answer)
    params = _params(compare=True, phidden="tanh")
    values = link_values(AUTOENCODERS, params)
    trials = compare_starts(deep_config(values), pretraining_of(values), values.seeds)
    assert trials.reached_count("pretrained") < trials.reached_count("random")
    assert "Pretraining hurts here" in shown_text(AUTOENCODERS, params)
    assert "with tanh hidden units it does not help" in TEACHING
