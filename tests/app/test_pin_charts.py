"""A pinned run on the charts, without Streamlit: its series beside the current run's on the
loss and accuracy charts, in a style of its own, and its small surface and fit."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from ann_app.charts import training_frames, training_plots
from ann_app.content.labels import PENALTY, PINNED, SET_STYLE
from ann_core import TrainingConfig, train
from ann_core.datasets import CLASSIFICATION_VIEW

XOR = TrainingConfig(problem="XOR", hidden_units=(4,), epochs=30, n_observations=5)


@pytest.fixture(scope="module")
def runs():
    """The current run (η 2, a test set, an L2 penalty) and a pinned one (η 0.5, 40 epochs)."""
    current = train(replace(XOR, test_fraction=0.2, regularization="l2", reg_rate=0.01))
    pinned = train(replace(XOR, learning_rate=0.5, epochs=40))
    return current, pinned


def _dataset(spec: dict) -> pd.DataFrame:
    (name,) = {layer["data"]["name"] for layer in spec["layer"][:1]}
    return pd.DataFrame(spec["datasets"][name])


def test_the_pinned_frame_is_the_pinned_runs_training_series(runs):
    _, pinned = runs
    loss = training_frames.pinned_frame(training_frames.loss_frame(pinned))
    assert set(loss["set"]) == {PINNED}
    assert list(loss["epoch"]) == list(range(1, 41))
    np.testing.assert_array_equal(loss["loss"], pinned.loss / len(pinned.y))
    accuracy = training_frames.pinned_frame(training_frames.accuracy_frame(pinned))
    np.testing.assert_array_equal(accuracy["accuracy"], pinned.accuracy)


def test_the_loss_chart_draws_the_pinned_series_in_its_own_style(runs):
    current, pinned = runs
    frame = training_frames.loss_frame(current)
    spec = training_plots.loss_chart(
        frame, 10, training_frames.pinned_frame(training_frames.loss_frame(pinned))
    ).to_dict()
    data = _dataset(spec)
    assert set(data["set"]) == {"training", "test", PENALTY, PINNED}
    np.testing.assert_array_equal(data[data["set"] == PINNED]["loss"], pinned.loss / len(pinned.y))
    np.testing.assert_array_equal(
        data[data["set"] == "training"]["loss"], current.loss / len(current.y)
    )
    encoding = spec["layer"][0]["encoding"]
    order = ["training", "test", PENALTY, PINNED]
    assert encoding["color"]["scale"]["domain"] == order
    colours, dashes = encoding["color"]["scale"]["range"], encoding["strokeDash"]["scale"]["range"]
    assert colours[-1] == SET_STYLE[PINNED][0] and dashes[-1] == SET_STYLE[PINNED][1]
    assert len(set(colours)) == 4 and len({tuple(d) for d in dashes}) == 4  # greyscale too


def test_without_a_pin_the_charts_are_as_before(runs):
    current, _ = runs
    frame = training_frames.accuracy_frame(current)
    alone = training_plots.metric_chart(frame, "accuracy", 5, "Accuracy", "accuracy").to_dict()
    assert PINNED not in set(_dataset(alone)["set"])
    spec = training_plots.metric_chart(
        frame,
        "accuracy",
        5,
        "Accuracy",
        "accuracy",
        training_frames.pinned_frame(training_frames.accuracy_frame(runs[1])),
    ).to_dict()
    assert PINNED in spec["layer"][0]["encoding"]["color"]["scale"]["domain"]


def test_the_small_surface_has_the_title_and_no_legends(runs):
    _, pinned = runs
    cells = training_frames.cells_frame(*_grid(pinned, 12))
    points = training_frames.points_frame(pinned)
    title = ["pinned, epoch 12", "learning rate η = 0.5"]
    spec = training_plots.pinned_surface_chart(cells, points, CLASSIFICATION_VIEW, title).to_dict()
    assert spec["title"]["text"] == title
    assert spec["height"] == training_plots.SMALL_HEIGHT
    for layer in spec["layer"]:
        for channel in ("color", "fill", "shape"):
            if channel in layer["encoding"]:
                assert layer["encoding"][channel]["legend"] is None
    assert len(spec["datasets"][spec["layer"][0]["data"]["name"]]) == len(cells)


def test_the_small_fit_is_the_pinned_prediction_in_the_pinned_style():
    run = train(
        TrainingConfig(
            problem="SIN", task="regression", hidden_units=(3,), epochs=5, learning_rate=0.2
        )
    )
    x = np.linspace(-1, 1, 21)
    prediction = run.predict(x[:, None], 5)
    curve = training_frames.curve_frame(x, prediction)
    spec = training_plots.pinned_fit_chart(
        curve, training_frames.points_frame(run), ["pinned"]
    ).to_dict()
    line = spec["layer"][1]
    assert line["mark"]["color"] == SET_STYLE[PINNED][0]
    np.testing.assert_array_equal(
        pd.DataFrame(spec["datasets"][line["data"]["name"]])["value"], prediction
    )


def _grid(run, epoch: int) -> tuple[np.ndarray, np.ndarray]:
    ticks = np.linspace(*CLASSIFICATION_VIEW, 5)
    points = np.column_stack([np.repeat(ticks, 5), np.tile(ticks, 5)])
    return points, run.predict(points, epoch)
