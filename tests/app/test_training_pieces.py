"""The shared training-page pieces without Streamlit: CSV parsing, frames, the GIF's epochs,
Play's step, presets, the settings table, the penalty's series and sentence, and the features'
maps and curves."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import altair as alt
import numpy as np
import pandas as pd
import pytest

from ann_app import cached
from ann_app.cached import feature_maps, unit_maps
from ann_app.charts import training_frames, training_plots
from ann_app.charts.animation import frame_epochs
from ann_app.content import csv_format
from ann_app.content.formulas import LOSS_TEXT, PENALTY_TEXT
from ann_app.content.labels import PENALTY, SET_STYLE, SUBSCRIPTS
from ann_app.content.training_tables import (
    CLASSIFICATION_PRESETS,
    CLASSIFICATION_SETTINGS,
    REGRESSION_PRESETS,
    REGRESSION_SETTINGS,
)
from ann_app.training.captions import penalty_sentence
from ann_app.training.config import FULL_BATCH, config_from, matching_preset
from ann_core import TrainingConfig, train
from ann_core.datasets import CLASSIFICATION_VIEW
from ann_core.features import FEATURES, feature_columns, feature_labels, features_of
from ann_core.losses import get_loss
from ann_core.regularization import weight_penalty


@pytest.mark.parametrize("task", ["classification", "regression"])
def test_template_parses_back(task):
    X, y = csv_format.parse_csv(csv_format.template_csv(task), task)
    assert X.shape == (len(y), 2 if task == "classification" else 1)


def test_csv_columns_are_found_by_name_in_any_order_and_case():
    X, y = csv_format.parse_csv(b" Label ,X2,x1\n0,0,0\n1,1,0\n1,0,1\n0,1,1\n", "classification")
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"   \n", "empty"),
        (b"x,y\n1,2\n2\n3,4,5\n", "readable CSV"),
        (b"x,y\n1,inf\n2,3\n3,4\n4,5\n", "infinite"),
        (b"x,y\n" + b"1,2\n" * 20_001, "at most"),
    ],
    ids=["blank", "ragged", "infinite", "too-many-rows"],
)
def test_parse_csv_names_the_problem(raw, words):
    with pytest.raises(ValueError, match=words):
        csv_format.parse_csv(raw, "regression")


def test_stack_frame_piles_up_to_the_prediction():
    run = train(TrainingConfig(problem="CUBIC", hidden_units=(5,), learning_rate=0.1))
    x = np.linspace(-5, 5, 51)
    parts, bias = run.contributions(x[:, None], 60)
    stack = training_frames.stack_frame(x, parts, bias, layer=1)
    top = stack[stack["order"] == 5]["upper"].to_numpy()
    np.testing.assert_allclose(top, run.predict(x[:, None], 60), rtol=0, atol=1e-12)
    first = stack[stack["order"] == 0]
    assert (first["lower"] == 0).all() and (first["upper"] == bias).all()


def test_loss_frame_is_per_sample_and_keeps_the_post_sum():
    run = train(TrainingConfig(problem="XOR", hidden_units=(4,), test_fraction=0.25))
    frame = training_frames.loss_frame(run)
    training, test = frame[frame["set"] == "training"], frame[frame["set"] == "test"]
    np.testing.assert_array_equal(training["summed"], run.loss)
    np.testing.assert_allclose(training["loss"], run.loss / len(run.y))
    np.testing.assert_allclose(test["loss"], run.test_loss / len(run.y_test))
    assert list(test["epoch"]) == list(range(101))


def test_gif_epochs_cover_the_run():
    assert list(frame_epochs(0)) == [0]
    assert list(frame_epochs(3)) == [0, 1, 2, 3]
    assert frame_epochs(100)[0] == 0 and frame_epochs(100)[-1] == 100


def test_play_sends_every_epoch_of_the_posts_runs_and_thins_only_long_ones():
    cells = cached.PLAY_GRID**2
    assert list(cached.play_epochs(100, cells)) == list(range(101))  # Figures 8 to 12
    assert list(cached.play_epochs(100, 101 * (2 * 3 + 4))) == list(range(101))  # Figure 13
    long = cached.play_epochs(500, 101 * (2 * 16 + 4))  # 16 units, 500 epochs
    assert long[1] - long[0] > 1 and len(long) * 101 * (2 * 16 + 4) <= cached.PLAY_VALUES
    assert list(long) == [*range(0, 501, long[1]), 500]  # and the last, where a page opens


def test_by_epoch_puts_each_epochs_values_in_its_column():
    frames = [pd.DataFrame({"x": [0.0, 1.0], "value": [k, 10.0 * k]}) for k in (0, 5, 10)]
    wide = training_frames.by_epoch(frames, [0, 5, 10], ["value"])
    assert list(wide.columns) == ["x", "value_0", "value_5", "value_10"]
    np.testing.assert_array_equal(wide["value_5"], [5.0, 50.0])
    np.testing.assert_array_equal(wide["x"], [0.0, 1.0])


def test_batching_choices_map_to_batch_sizes():
    values = {s.name: s.default for s in CLASSIFICATION_SETTINGS}
    for batching, size in (("online", None), ("mini-batch", 10), ("full", FULL_BATCH)):
        config = config_from(SimpleNamespace(**{**values, "batching": batching}), "classification")
        assert config.batch_size == size


@pytest.mark.parametrize(
    ("settings", "presets"),
    [(CLASSIFICATION_SETTINGS, CLASSIFICATION_PRESETS), (REGRESSION_SETTINGS, REGRESSION_PRESETS)],
)
def test_every_preset_is_valid_and_recognised(settings, presets):
    names = {s.name for s in settings}
    for preset in presets:
        assert set(preset.values) <= names
        values = SimpleNamespace(**{s.name: preset.values.get(s.name, s.default) for s in settings})
        assert matching_preset(values, settings, presets) is preset


def test_unit_colours_span_the_activations_range_or_the_outputs():
    outputs = np.array([[0.5, 3.0], [0.0, 1.5]])
    assert training_plots.unit_colour_domain("sigmoid", outputs) == (0.0, 1.0)
    assert training_plots.unit_colour_domain("tanh", outputs) == (-1.0, 1.0)
    assert training_plots.unit_colour_domain("relu", outputs) == (0.0, 3.0)  # was cut at 1
    assert training_plots.unit_colour_domain("linear", -outputs) == (-3.0, 0.0)
    assert training_plots.unit_colour_domain("relu", np.zeros((2, 2))) == (0.0, 1.0)  # all dead


L2_CIRCLE = TrainingConfig(
    problem="CIRCLE",
    hidden_units=(),
    features=("x1sq", "x2sq"),
    regularization="l2",
    reg_rate=0.01,
)


def _weights_penalty(run, epoch: int) -> float:
    """Ω of the run's weights after `epoch`, from its layers' W (not from ann_core's penalty)."""
    weights = np.concatenate([w.ravel() for w, _ in run.parameters(epoch)])
    rate = run.config.reg_rate
    if run.config.regularization == "l1":
        return rate * np.abs(weights).sum()
    return rate / 2 * (weights**2).sum()


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_loss_frame_puts_the_penalty_apart(kind):
    run = train(replace(L2_CIRCLE, regularization=kind))
    frame = training_frames.loss_frame(run)
    penalty = frame[frame["set"] == PENALTY]
    assert list(penalty["epoch"]) == list(range(run.epochs + 1))
    np.testing.assert_array_equal(penalty["loss"], run.penalty)
    expected = [_weights_penalty(run, epoch) for epoch in range(run.epochs + 1)]
    np.testing.assert_allclose(penalty["loss"], expected, rtol=1e-12, atol=0)
    assert penalty["summed"].isna().all()  # Ω is no sum over samples
    assert penalty["loss"].iloc[-1] > 0.005  # a penalty the chart can show
    training = frame[frame["set"] == "training"]
    np.testing.assert_array_equal(training["summed"], run.loss)  # the data loss, unchanged


@pytest.mark.parametrize(("kind", "rate"), [("none", 0.01), ("l2", 0.0)])
def test_loss_frame_has_no_penalty_without_one(kind, rate):
    run = train(replace(L2_CIRCLE, regularization=kind, reg_rate=rate))
    frame = training_frames.loss_frame(run)
    assert set(frame["set"]) == {"training"}
    spec = training_plots.loss_chart(frame, 10).to_dict()
    assert spec["title"] == "Loss" and spec["layer"][0]["encoding"]["y"]["title"] == (
        "loss per sample"
    )


def test_loss_chart_shows_the_penalty_in_its_own_colour_and_dash():
    frame = training_frames.loss_frame(train(replace(L2_CIRCLE, test_fraction=0.2)))
    spec = training_plots.loss_chart(frame, 10).to_dict()
    encoding = spec["layer"][0]["encoding"]
    assert encoding["color"]["scale"]["domain"] == ["training", "test", PENALTY]
    colours, dashes = encoding["color"]["scale"]["range"], encoding["strokeDash"]["scale"]["range"]
    assert colours == [SET_STYLE[s][0] for s in ("training", "test", PENALTY)]
    assert len(set(colours)) == 3 and len({tuple(d) for d in dashes}) == 3  # greyscale too
    assert "penalty Ω" in encoding["y"]["title"] and "per sample" in encoding["y"]["title"]


def test_penalty_sentence_names_both_numbers_at_the_epoch():
    run = train(L2_CIRCLE)
    sentence = penalty_sentence(run, 40)
    assert f"Data loss per sample {run.loss[39] / len(run.y):.4f} during epoch 40" in sentence
    assert f"Ω = λ/2 Σw² = {_weights_penalty(run, 40):.4f} after epoch 40" in sentence
    assert "mean (a − t)² per sample" in sentence and "mean ½(a − t)² plus Ω" in sentence
    alone = penalty_sentence(run, 40, with_loss=False)
    assert alone.startswith("Weight penalty Ω") and "Data loss" not in alone
    assert "of the initial weights" in penalty_sentence(run, 0)
    assert penalty_sentence(train(replace(L2_CIRCLE, regularization="none")), 40) == ""


def test_loss_and_penalty_texts_are_the_engines():
    """The sentence's words: SSE reports (a - t)^2 and descends half of it, cross-entropy
    reports what it descends; L1 is lambda sum |w| and L2 lambda/2 sum w^2."""
    a, z, t = np.array([[0.8]]), np.array([[1.386]]), np.array([[0.0]])
    sse = get_loss("sse")
    assert LOSS_TEXT["sse"] == ("(a − t)²", "½(a − t)²")
    assert sse.reported(a, z, t)[0] == pytest.approx(0.64)
    assert sse.objective(a, z, t)[0] == pytest.approx(0.32)
    entropy = get_loss("cross_entropy")
    assert LOSS_TEXT["cross_entropy"][0] == LOSS_TEXT["cross_entropy"][1]
    assert entropy.reported(a, z, t)[0] == entropy.objective(a, z, t)[0]
    weights = np.array([3.0, -4.0])
    assert PENALTY_TEXT == {"l1": "λ Σ|w|", "l2": "λ/2 Σw²"}
    assert weight_penalty(weights, "l1", 0.5) == pytest.approx(0.5 * 7)
    assert weight_penalty(weights, "l2", 0.5) == pytest.approx(0.5 / 2 * 25)


def test_feature_maps_are_the_features_on_the_unit_maps_grid():
    names = features_of("classification")
    maps = feature_maps(names, CLASSIFICATION_VIEW)
    np.testing.assert_array_equal(
        maps.points, unit_maps(TrainingConfig(problem="XOR", hidden_units=(4,))).points
    )
    frame = training_frames.feature_cells_frame(maps.points, maps.outputs, names)
    assert list(dict.fromkeys(frame["feature"])) == list(feature_labels(names))
    for name in names:
        cells = frame[frame["feature"] == FEATURES[name].label]
        centres = np.column_stack(
            [(cells["x1"] + cells["x1_end"]) / 2, (cells["x2"] + cells["x2_end"]) / 2]
        )
        ticks = np.linspace(-0.5, 1.5, 21)  # the post's square, x1 fastest
        np.testing.assert_allclose(centres[:, 0], np.tile(ticks, 21), atol=1e-12)
        np.testing.assert_allclose(centres[:, 1], np.repeat(ticks, 21), atol=1e-12)
        np.testing.assert_allclose(
            cells["output"], feature_columns([name], centres)[:, 0], atol=1e-12
        )
    u = centres[:, 0] - 0.5
    squares = frame[frame["feature"] == "x₁²"]["output"]
    np.testing.assert_allclose(squares, u**2, atol=1e-12)  # the formula, written out


def test_feature_curves_are_the_features_over_x():
    names = features_of("regression")
    x = np.linspace(-5, 5, 11)
    frame = training_frames.feature_curves_frame(x, feature_columns(names, x[:, None]), names)
    by_label = {label: group for label, group in frame.groupby("feature", sort=False)}
    assert list(by_label) == ["x", "x²", "x³", "sin x"]
    np.testing.assert_allclose(by_label["x³"]["value"], (x / 5) ** 3, atol=1e-15)
    np.testing.assert_allclose(by_label["sin x"]["value"], np.sin(x), atol=1e-15)
    assert (by_label["x²"]["formula"] == "(x / 5)²").all()


def test_small_maps_keep_their_frames_order():
    """Vega-Lite would sort facets alphabetically: h¹₁₀ before h¹₂, sin x₁ before x₁."""
    points = np.array([[0.0, 0.0], [1.0, 0.0]])
    units = training_frames.unit_cells_frame(points, np.zeros((2, 12)))
    spec = training_plots.unit_maps_chart(units, 0.0, 1.0).to_dict()
    assert spec["facet"]["sort"][:2] == ["h¹₁", "h¹₂"] and spec["facet"]["sort"][-1] == "h¹₁₂"
    assert spec["facet"]["sort"] == [
        f"h¹{str(unit).translate(SUBSCRIPTS)}" for unit in range(1, 13)
    ]
    names = ("x1", "x1sq", "sinx1")
    features = training_frames.feature_cells_frame(points, feature_columns(names, points), names)
    spec = training_plots.feature_maps_chart(features).to_dict()
    assert spec["facet"]["sort"] == ["x₁", "x₁²", "sin x₁"]
    assert spec["spec"]["encoding"]["color"]["scale"]["domain"] == [-1.0, 0, 1.0]


def _restarts(seeds: int, points: int = 200) -> pd.DataFrame:
    """A restarts frame as restarts_frame makes it: accuracies in steps of 1/points."""
    rng = np.random.default_rng(0)
    right = rng.integers(points - 4, points + 1, seeds)
    accuracy = right / points
    return pd.DataFrame(
        {
            "seed": np.arange(seeds),
            "final loss": rng.uniform(0.002, 0.016, seeds),
            "diverged": False,
            "final accuracy": accuracy,
            "learned": accuracy >= training_frames.LEARNED,
            "outcome": np.where(accuracy >= training_frames.LEARNED, "learned it", "did not"),
        }
    )


@pytest.mark.parametrize("seeds", [5, 20, 100])
def test_the_restarts_histograms_stretch_to_their_column_with_few_enough_bins(seeds):
    """One above the other (Streamlit stretches each part of a vertical concatenation to its
    column, not those of a horizontal one: two 460 px histograms side by side ran past a
    column at 1280 x 800), no fixed width, about 2√n bins for n seeds, and no accuracy bin
    narrower than one point's share."""
    frame = _restarts(seeds)
    spec = training_plots.restarts_chart(frame).to_dict()
    assert "hconcat" not in spec and len(spec["vconcat"]) == 2
    maxbins = min(max(round(2 * np.sqrt(seeds)), 5), 20)
    for part, field in zip(spec["vconcat"], ("final loss", "final accuracy"), strict=True):
        assert "width" not in part
        x = part["encoding"]["x"]
        assert x["field"] == field and x["bin"]["maxbins"] == maxbins
    accuracy_bin = spec["vconcat"][1]["encoding"]["x"]["bin"]
    assert accuracy_bin["minstep"] == pytest.approx(1 / 200)
    alt.VConcatChart.from_dict(spec, validate=True)  # a valid Vega-Lite spec


def test_restarts_without_an_accuracy_are_one_histogram():
    frame = _restarts(20).drop(columns=["final accuracy", "learned"]).assign(outcome="finished")
    spec = training_plots.restarts_chart(frame).to_dict()
    assert "vconcat" not in spec and spec["encoding"]["x"]["field"] == "final loss"


def test_the_fit_keeps_a_fixed_room_for_its_y_labels():
    """The fit's y axis reserves FIT_Y_LABELS px, so that Vega's two layout passes measure
    the same axis whatever its ticks: with "4" in one and "4.5" in the other, the chart was
    placed past its left edge and its title read "ata, prediction and units" (the lesson's
    step 11, switched to L1, in chromium)."""
    run = train(TrainingConfig(problem="SIN", hidden_units=(3,), learning_rate=0.2, epochs=5))
    x = np.linspace(-5, 5, 11)
    contributions, bias = run.contributions(x[:, None], epoch=5)
    frame = training_frames.fit_frame(
        x, run.predict(x[:, None], epoch=5), contributions, bias, layer=1
    )
    points = training_frames.points_frame(run)
    for stack in (None, training_frames.stack_frame(x, contributions, bias, layer=1)):
        spec = training_plots.regression_chart(frame, points, stack).to_dict()
        assert spec["title"] == "Data, prediction and units"
        axes = [layer["encoding"]["y"].get("axis", {}) for layer in spec["layer"]]
        ruled = [axis for axis in axes if "minExtent" in axis]  # the data points' layer
        assert len(ruled) == 1 and ruled[0]["minExtent"] == training_plots.FIT_Y_LABELS >= 48
