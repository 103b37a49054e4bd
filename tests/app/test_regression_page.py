"""The Regression page through AppTest: presets, every control, the stacking identity,
scrubbing without retraining, uploads and exports."""

from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from app_helpers import open_page, warnings_text, widget
from test_app_pages import extremes
from training_helpers import (
    captions_text,
    chart_frames,
    charted_features,
    charted_loss,
    choose_preset,
    diagram_inputs,
    download,
    download_reader,
    drawn_at,
    player_data,
    preset_config,
    upload,
)

import ann_core
from ann_app.content.csv_format import template_csv
from ann_app.content.labels import PENALTY
from ann_app.content.training_tables import REGRESSION_PRESETS, REGRESSION_SETTINGS
from ann_app.training.scrubber import epoch_key
from ann_core import TrainingConfig, serialize, train
from ann_core.features import feature_columns
from ann_core.formatting import number

PATH = "app_pages/regression.py"
PAGE = "regression"
FIG13 = TrainingConfig(problem="SIN", hidden_units=(3,), learning_rate=0.2, n_observations=200)


def _page(params=None):
    at = open_page(PATH, params)
    assert not at.exception
    return at


@pytest.fixture
def downloads(monkeypatch):
    return download_reader(monkeypatch)


def test_defaults_are_figure_13_on_the_200_points_it_trained_on():
    at = _page()
    assert not at.error and not at.warning
    loss = charted_loss(at)
    np.testing.assert_array_equal(loss["summed"].to_numpy(), train(FIG13).loss)
    points = next(f for f in chart_frames(at) if list(f.columns) == ["x", "y", "set"])
    run = train(FIG13)
    np.testing.assert_array_equal(points["y"].to_numpy(), run.y)
    assert len(points) == 200


def test_x_alone_gets_no_feature_chart_and_no_penalty():
    at = _page()
    assert diagram_inputs(at) == ["x"]
    assert charted_features(at) is None  # the curve of x over x would be the diagonal
    assert set(charted_loss(at)["set"]) == {"training"}
    assert "penalty" not in captions_text(at)


def test_a_features_and_penalty_link_draws_each_feature_and_the_penalty_apart():
    at = _page({"features": "x,sinx", "reg": "l2", "reg_rate": "0.01"})
    assert not at.error and not at.warning
    assert diagram_inputs(at) == ["x", "sin x"]
    curves = charted_features(at)
    assert list(dict.fromkeys(curves["feature"])) == ["x", "sin x"]
    x = np.linspace(-5, 5, 201)
    for name, label in (("x", "x"), ("sinx", "sin x")):
        shown = curves[curves["feature"] == label]
        np.testing.assert_array_equal(shown["x"], x)
        np.testing.assert_allclose(shown["value"], feature_columns([name], x[:, None])[:, 0])
    np.testing.assert_allclose(curves[curves["feature"] == "sin x"]["value"], np.sin(x))
    run = train(replace(FIG13, features=("x", "sinx"), regularization="l2", reg_rate=0.01))
    loss = charted_loss(at)
    np.testing.assert_array_equal(loss[loss["set"] == PENALTY]["loss"], run.penalty)
    np.testing.assert_array_equal(loss[loss["set"] == "training"]["summed"], run.loss)
    for epoch in (100, 12):
        at.slider(key=epoch_key(PAGE)).set_value(epoch).run()
        text = captions_text(at)
        assert f"training {number(run.loss[epoch - 1] / len(run.y), 4)}" in text
        assert f"Weight penalty Ω = λ/2 Σw² = {number(run.penalty[epoch], 4)}" in text
    assert not at.exception


@pytest.mark.parametrize("preset", REGRESSION_PRESETS, ids=lambda p: p.label)
def test_preset_reproduces_the_engine_run(preset):
    at = _page({"data": "CUBIC", "h1": "7"})
    choose_preset(at, PAGE, preset)
    config = preset_config(REGRESSION_SETTINGS, preset, "regression")
    if preset.label.startswith("Fig."):  # the post's runs
        assert config == TrainingConfig(
            problem=preset.values["data"], hidden_units=(3,), learning_rate=0.2, n_observations=200
        )
    loss = charted_loss(at)
    training = loss[loss["set"] == "training"]["summed"].to_numpy()
    np.testing.assert_array_equal(training, train(config).loss)
    assert at.query_params["data"] == preset.values["data"]
    assert at.query_params["h1"] == str(preset.values["h1"])
    assert at.info[0].value == preset.note  # whole, beside the picker that names it


@pytest.mark.parametrize(
    ("setting", "value"),
    [(s, v) for s in REGRESSION_SETTINGS for v in extremes(s)],
    ids=lambda x: getattr(x, "name", str(x)),
)
def test_every_control_at_its_extremes(setting, value):
    # a layer's units are opened with that layer in place (else the slider is greyed out)
    at = _page({setting.needs[0]: str(setting.needs[1])} if setting.needs else None)
    widget(at, PAGE, setting).set_value(value).run()
    assert not at.exception
    if setting.name == "loss" and value == "cross_entropy":
        assert "cannot train" in at.error[0].value  # cross-entropy needs a sigmoid output
    elif setting.name == "lr" and value == setting.max:
        assert "diverged" in at.error[0].value
    elif setting.name == "features" and not value:
        assert at.error[0].value == "Set the input features: choose at least 1."
    else:  # 16 tanh units, or linear ones, can diverge at rate 0.2: said plainly, no other error
        assert all("diverged" in error.value for error in at.error)


def test_stacked_contributions_plus_bias_are_the_prediction():
    at = _page({"stack": "true"})
    assert not at.exception
    frames = chart_frames(at)
    stack = next(f for f in frames if "upper_100" in f.columns)
    curves = next(f for f in frames if "kind" in f.columns)
    top = drawn_at(stack[stack["order"] == stack["order"].max()], "upper", 100).to_numpy()
    prediction = drawn_at(curves[curves["series"] == "prediction"], "value", 100).to_numpy()
    np.testing.assert_allclose(top, prediction, rtol=0, atol=1e-6)  # float32 frames


@pytest.mark.parametrize("epoch", [0, 1, 50, 100])
def test_contributions_plus_bias_equal_the_prediction_at_every_epoch(epoch):
    run = train(FIG13)
    points = np.linspace(-5, 5, 201)[:, None]
    parts, bias = run.contributions(points, epoch)
    np.testing.assert_allclose(
        parts.sum(axis=1) + bias, run.predict(points, epoch), rtol=0, atol=1e-12
    )


def test_scrubbing_never_retrains(monkeypatch):
    calls = []
    real = ann_core.train
    monkeypatch.setattr(ann_core, "train", lambda *a, **k: calls.append(a) or real(*a, **k))
    st.cache_data.clear()
    at = _page({"stack": "true"})
    for epoch in (0, 5, 60, 100, 42):
        at.slider(key=epoch_key(PAGE)).set_value(epoch).run()
        said = f"after epoch {epoch}:" if epoch else "Epoch 0, the initial weights"
        assert said in " ".join(c.value for c in at.caption)
    assert not at.exception
    assert len(calls) == 1
    prediction = next(f for f in chart_frames(at) if "kind" in f.columns).query(
        "series == 'prediction'"
    )
    expected = train(FIG13).predict(prediction[["x"]].to_numpy(), 42)
    np.testing.assert_allclose(drawn_at(prediction, "value", 42), expected, rtol=1e-5, atol=1e-5)
    assert player_data(at)["epoch"] == 42  # the epoch the browser draws


def test_test_loss_shown_with_a_test_fraction():
    at = _page({"test": "0.3", "h1": "16", "lr": "0.05"})  # at rate 0.2, 16 units diverge
    assert not at.exception
    loss = charted_loss(at)
    assert set(loss["set"]) == {"training", "test"}
    assert "test" in " ".join(c.value for c in at.caption)


def test_bad_link_values_warn():
    at = _page({"data": "TAN", "h1": "0", "stack": "maybe"})
    text = warnings_text(at)
    assert "data='TAN'" in text and "h1='0'" in text and "stack='maybe'" in text


def test_uploaded_csv_trains_on_it():
    raw = template_csv("regression")
    at = _page()
    upload(at, PAGE, raw)
    assert not at.exception and not at.error
    frame = pd.read_csv(io.BytesIO(raw))
    config = TrainingConfig(
        problem="CUSTOM",
        task="regression",
        hidden_units=(3,),
        learning_rate=0.2,
        n_observations=200,
    )
    expected = train(config, (frame[["x"]].to_numpy(), frame["y"].to_numpy()))
    np.testing.assert_array_equal(charted_loss(at)["summed"], expected.loss)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"x1,x2,label\n0,0,0\n", "missing column"),
        (b"x,y\n1,2\n2,3\n", "at least"),
        (b"x,y\n1,2\n2,abc\n3,4\n5,6\n", "not a number"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "CSV"),
    ],
    ids=["columns", "too-few", "text", "binary"],
)
def test_malformed_upload_says_why(raw, words):
    at = _page()
    upload(at, PAGE, raw)
    assert not at.exception
    assert "Your file was not used" in at.error[0].value and words in at.error[0].value


def test_exports_parse_back(downloads):
    at = _page({"data": "ABS"})
    assert downloads(download(at, f"{PAGE}.gif_download"))[:6] == b"GIF89a"
    history = pd.read_csv(io.BytesIO(downloads(download(at, f"{PAGE}.csv_download"))))
    assert "accuracy" not in " ".join(history.columns)
    run = serialize.loads(downloads(download(at, f"{PAGE}.json_download")).decode())
    expected = train(
        TrainingConfig(problem="ABS", hidden_units=(3,), learning_rate=0.2, n_observations=200)
    )
    np.testing.assert_array_equal(run.history, expected.history)
    assert "warning" not in warnings_text(at)


def test_the_fit_carries_every_epoch_and_its_stack_adds_up():
    """Figure 13, stacked: the fit's frame holds each epoch's prediction on the frames' grid
    (the browser draws the slider's), as the engine computes it, and each epoch's top band ends
    on it."""
    at = _page({"stack": "true"})
    assert not at.exception
    (curves,) = [f for f in chart_frames(at) if "value_0" in f.columns]
    (bands,) = [f for f in chart_frames(at) if "upper_0" in f.columns]
    run = train(FIG13)
    prediction = curves[curves["series"] == "prediction"]
    top = bands[bands["order"] == bands["order"].max()]
    for epoch in (0, 1, 50, 100):
        expected = run.predict(prediction[["x"]].to_numpy(), epoch)
        np.testing.assert_allclose(prediction[f"value_{epoch}"], expected, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(top[f"upper_{epoch}"], expected, rtol=1e-5, atol=1e-5)
    assert "value_101" not in curves.columns


def test_a_long_runs_thinned_frames_keep_its_last_epoch_and_the_page_says_so():
    """The overfitting preset (16 units, 500 epochs) carries too many values for every epoch:
    its fit keeps every 8th epoch's frame and the last (500, where the page opens, exact), and
    the caption under the chart says so."""
    (preset,) = [p for p in REGRESSION_PRESETS if p.label == "16 units overfit 28 points"]
    at = choose_preset(_page(), PAGE, preset)
    (curves,) = [f for f in chart_frames(at) if "value_0" in f.columns]
    epochs = sorted(int(c.removeprefix("value_")) for c in curves if c.startswith("value_"))
    assert epochs == [*range(0, 500, 8), 500]
    prediction = curves[curves["series"] == "prediction"]
    run = train(preset_config(REGRESSION_SETTINGS, preset, "regression"))
    np.testing.assert_allclose(
        prediction["value_500"], run.predict(prediction[["x"]].to_numpy(), 500), atol=1e-4
    )
    assert "keeps one frame every 8 epochs, and the last" in captions_text(at)
    assert "keeps one frame every" not in captions_text(_page())  # Figure 13: every epoch
