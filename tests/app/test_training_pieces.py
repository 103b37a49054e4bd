"""The shared training-page pieces without Streamlit: CSV parsing, frames, the GIF's epochs,
Play's step, presets and the settings table."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from ann_app.charts import training_frames, training_plots
from ann_app.charts.animation import frame_epochs
from ann_app.content import csv_format
from ann_app.content.training_tables import (
    CLASSIFICATION_PRESETS,
    CLASSIFICATION_SETTINGS,
    REGRESSION_PRESETS,
    REGRESSION_SETTINGS,
)
from ann_app.training.config import FULL_BATCH, config_from, matching_preset
from ann_app.training.scrubber import PLAY_FRAMES, play_step
from ann_core import TrainingConfig, train


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
    stack = training_frames.stack_frame(x, parts, bias)
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


def test_gif_epochs_and_play_step_cover_the_run():
    assert list(frame_epochs(0)) == [0]
    assert list(frame_epochs(3)) == [0, 1, 2, 3]
    assert frame_epochs(100)[0] == 0 and frame_epochs(100)[-1] == 100
    assert play_step(1) == 1 and play_step(500) * PLAY_FRAMES == 500


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
