"""Every preset's note, checked on the settings its button sets.

A note tells a student what the preset's run does. Each check trains those exact settings and
asserts the outcome with numbers; numbers the note quotes are recomputed and looked for in its
text. A new preset needs a new check: `test_every_preset_has_a_claim_check` names it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from claim_helpers import assert_shown, preset_page_values, run_of

from ann_app.charts.training_frames import LEARNED
from ann_app.content.lesson import CLASSIFICATION, REGRESSION
from ann_app.content.training_tables import (
    CLASSIFICATION_PRESETS,
    NOTE_MAX_CHARS,
    REGRESSION_PRESETS,
    Preset,
)
from ann_core.datasets import LOGIC_TABLES, REGRESSION_SURFACES
from ann_core.diagnosis import diagnose, right_of
from ann_core.formatting import number

PRESETS = [(CLASSIFICATION, p) for p in CLASSIFICATION_PRESETS] + [
    (REGRESSION, p) for p in REGRESSION_PRESETS
]
CHECKS: dict[str, Callable[[str, Preset], None]] = {}


def claim(label: str):
    """Register the check of the preset called `label`."""

    def register(check: Callable[[str, Preset], None]) -> Callable[[str, Preset], None]:
        CHECKS[label] = check
        return check

    return register


def test_every_preset_has_a_claim_check():
    missing = [preset.label for _, preset in PRESETS if preset.label not in CHECKS]
    assert not missing, f"presets without a claim check: {missing}"
    assert set(CHECKS) <= {preset.label for _, preset in PRESETS}, "a check names no preset"


def test_every_note_is_short_enough_to_show_whole():
    long = {p.label: len(p.note) for _, p in PRESETS if len(p.note) > NOTE_MAX_CHARS}
    assert not long, f"notes longer than {NOTE_MAX_CHARS} characters: {long}"


@pytest.mark.parametrize(("page", "preset"), PRESETS, ids=[p.label for _, p in PRESETS])
def test_preset_claim(page: str, preset: Preset):
    CHECKS[preset.label](page, preset)


def _run(page: str, preset: Preset, **tried):
    return run_of(page, preset_page_values(page, preset, **tried))


@claim("Fig. 8: OR")
@claim("Fig. 9: AND")
def _one_line_suffices(page, preset):
    # one sigmoid unit, no hidden layer, learns it
    values = preset_page_values(page, preset)
    assert values.layers == 0
    assert "straight line separates the classes" in preset.note
    assert _run(page, preset).accuracy[-1] >= LEARNED


@claim("Fig. 10: XOR, no hidden layer")
def _xor_fails(page, preset):
    # "fails": it ends no better than chance and never gets past the 3 rows in 4 that the
    # best straight line can put right
    run = _run(page, preset)
    assert preset_page_values(page, preset).layers == 0
    assert run.accuracy.max() <= 0.76 and run.accuracy[-1] < 0.6


@claim("Fig. 11: XOR, 4 hidden units")
def _xor_learns(page, preset):
    run = _run(page, preset)
    assert run.sizes == (2, 4, 1) and "4 hidden units" in preset.note
    assert run.accuracy[-1] >= LEARNED


@claim("Fig. 12: RING, 4 hidden units")
def _ring_stalls(page, preset):
    # it answers "class 1" everywhere, on a plateau, while annealing shrinks the rate to the
    # quoted one, shown on the page as the rate in force (the continue-training form)
    run = _run(page, preset)
    share = np.mean(run.y == 1)
    assert share == pytest.approx(8 / 9)
    assert np.all(run.accuracy == pytest.approx(share))  # it answers "class 1" everywhere
    assert np.all(run.predict(run.X) >= 0.5) and '"class 1" everywhere' in preset.note
    config = run.config
    final_rate = config.learning_rate * config.anneal**config.epochs
    quoted = f"from {config.learning_rate:g} to {final_rate:.3f}"
    assert config.anneal == 0.95 and quoted in preset.note
    assert [f.kind for f in diagnose(run)][:2] == ["stalled", "base_rate"]
    table, classes = LOGIC_TABLES["RING"]
    assert classes[np.all(table == 0.5, axis=1)] == 0 and "centre class 1" in preset.note
    assert "its code, followed here, class 0" in preset.note
    assert_shown(page, preset_page_values(page, preset), f"learning rate {quoted}")


@claim("RING that learns (no annealing)")
def _ring_learns(page, preset):
    # the rate stays at 2 and the network draws a closed region around the centre: the centre
    # is answered class 0 and the eight points around it class 1; the quoted count is shown
    run = _run(page, preset)
    assert run.config.anneal == 1.0 and run.config.learning_rate == 2.0
    assert run.accuracy[-1] >= LEARNED
    table, classes = LOGIC_TABLES["RING"]
    np.testing.assert_array_equal(run.predict(table) >= 0.5, classes == 1)
    right = right_of(run.accuracy[-1], len(run.y))
    assert right.split(" (")[0] + " points right" in preset.note
    assert_shown(page, preset_page_values(page, preset), right)


@claim("Circle from x₁², x₂², no hidden layer")
def _circle_from_squares(page, preset):
    # no hidden layer; the counts right on the squares and on x1, x2 alone are the ones the
    # note quotes, and each is on the page those settings open
    values = preset_page_values(page, preset)
    assert values.layers == 0 and values.features == ("x1sq", "x2sq")
    squares = _run(page, preset).accuracy[-1]
    raw = _run(page, preset, features=("x1", "x2")).accuracy[-1]
    assert squares >= 0.95 and raw < 0.6
    for accuracy, features in ((squares, ("x1sq", "x2sq")), (raw, ("x1", "x2"))):
        right = right_of(accuracy, 100)
        assert right.split(" (")[0] in preset.note
        assert_shown(page, preset_page_values(page, preset, features=features), right)


@claim("16 units overfit 28 points")
def _overfits(page, preset):
    # lowest test loss at the quoted epoch, ends the quoted factor higher, training loss falls;
    # the epoch, both losses per sample and the factor are on the page at its last epoch
    run = _run(page, preset)
    best = int(np.argmin(run.test_loss))
    assert (len(run.y), len(run.y_test), run.sizes) == (28, 12, (1, 16, 1))
    low, end = number(run.mean_test_loss[best]), number(run.mean_test_loss[-1])
    assert f"per sample is lowest at epoch {best} ({low})" in preset.note
    rise = run.test_loss[-1] / run.test_loss[best]
    assert rise > 2 and f"ends {rise:.1f} times higher ({end})" in preset.note
    assert run.loss[-1] < 0.9 * run.loss[best - 1]
    assert_shown(
        page,
        preset_page_values(page, preset),
        f"since epoch {best}",
        f"{end}, {rise:.1f} times its lowest ({low})",
    )


@claim("… tamed by L2 (λ = 0.01)")
def _tamed(page, preset):
    # the quoted test loss per sample, below the plain run's best, with a higher training loss
    tamed = _run(page, preset)
    plain = _run(page, preset, reg="none", reg_rate=0.0)
    assert (tamed.config.regularization, tamed.config.reg_rate) == ("l2", 0.01)
    end = number(tamed.mean_test_loss[-1])
    assert f"test loss per sample ends at {end}, lower than the plain run ever" in preset.note
    assert tamed.test_loss[-1] < plain.test_loss.min() and tamed.loss[-1] > plain.loss[-1]
    assert_shown(page, preset_page_values(page, preset), f"{end} on the test points")


@claim("Fig. 13: 2.5 + sin x")
def _sine(page, preset):
    run = _run(page, preset)
    config = run.config
    assert (config.problem, config.hidden_units, config.hidden_activation) == ("SIN", (3,), "tanh")
    assert (config.learning_rate, config.epochs, len(run.y)) == (0.2, 100, 200)
    assert "3 tanh units, rate 0.2, 100 epochs" in preset.note and "200 noisy points" in preset.note
    assert run.loss[-1] < run.loss[0] / 3  # it does learn the curve


@claim("Fig. 14: |x|")
def _abs(page, preset):
    # two of the three units make the V (one falling, one rising), the bias lifts it, the third
    # unit's weights shrink to zero
    run = _run(page, preset)
    x = np.linspace(-5.0, 5.0, 201)[:, None]
    contributions, bias = run.contributions(x)
    spans = np.ptp(contributions, axis=0)
    working = spans > 1.0
    assert working.sum() == 2 and spans[~working].max() < 1e-12
    slopes = np.sign(contributions[-1] - contributions[0])[working]
    assert sorted(slopes) == [-1.0, 1.0]
    assert bias > 1.0
    w_in, _ = run.parameters()[0]
    w_out, _ = run.parameters()[-1]
    assert np.abs(w_in[0, ~working]).max() < 1e-12 and np.abs(w_out[~working]).max() < 1e-12
    assert "Two of the three" in preset.note and "shrink to zero" in preset.note


@claim("Plane over x₁, x₂: one unit")
def _plane(page, preset):
    # one tanh unit whose two weights are alike (of one sign, within 25 % of each other: the
    # diagonal); the quoted loss per sample is on the page, within 10 % of the noise's variance
    # 0.25, and "the rest is noise": the prediction is within 0.05 (a fifth of it) of the
    # noise-free plane at the points, in mean squared error
    run = _run(page, preset)
    assert (run.config.problem, run.sizes, run.config.noise) == ("PLANE", (2, 1, 1), 0.5)
    ((w1, w2),) = run.parameters()[0][0].T
    assert w1 * w2 > 0 and abs(w1 / w2 - 1) < 0.25
    loss = number(run.mean_loss[-1])
    assert f"ends at {loss}, the noise's own 0.5² = 0.25" in preset.note
    assert run.mean_loss[-1] == pytest.approx(0.25, rel=0.1)
    assert np.mean((run.predict(run.X) - REGRESSION_SURFACES["PLANE"](run.X)) ** 2) < 0.05
    assert_shown(page, preset_page_values(page, preset), f"training {loss}")


@claim("Gaussian bump: 3 units")
def _bump(page, preset):
    # three units whose steps face three ways around the origin (no two of their weight
    # vectors' directions leave a gap of half a turn, so their edges fence a region in), the
    # prediction highest near the bump's top; the quoted losses, with 3 units and with 1, are
    # on the pages those settings open
    run, one = _run(page, preset), _run(page, preset, h1=1)
    assert run.config.problem == "GAUSS" and (run.sizes, one.sizes) == ((2, 3, 1), (2, 1, 1))
    W = run.parameters()[0][0]  # column j: unit j's two weights, its step's direction
    angles = np.sort(np.degrees(np.arctan2(W[1], W[0])))
    assert np.diff(angles, append=angles[0] + 360).max() < 180
    grid = np.array(np.meshgrid(*[np.linspace(-5, 5, 41)] * 2)).reshape(2, -1).T
    assert np.linalg.norm(grid[np.argmax(run.predict(grid))]) < 1.5
    for fitted, tried in ((run, {}), (one, {"h1": 1})):
        loss = number(fitted.mean_loss[-1])
        assert loss in preset.note
        assert_shown(page, preset_page_values(page, preset, **tried), f"training {loss}")
    assert one.loss[-1] > 2 * run.loss[-1]
