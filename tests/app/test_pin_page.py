"""Pin a run and compare, through AppTest on both training pages: the pinned run's series on the
loss and accuracy charts is the engine's run of the pinned settings, its small surface (or
fit) sits beside the current one at the same epoch, the pin survives a settings change and a
reload from the link, a bad pin warns and is dropped, and a pin of the current settings or of
an upload compares nothing."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from app_helpers import open_page, warnings_text
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest
from training_helpers import (
    captions_text,
    chart_frames,
    chart_title,
    charted_loss,
    preset_config,
    upload,
)

from ann_app.content.csv_format import template_csv
from ann_app.content.labels import PINNED
from ann_app.content.training_tables import CLASSIFICATION_SETTINGS, REGRESSION_SETTINGS, Preset
from ann_app.training.pin import key
from ann_core import train

PAGES = {"classification": "app_pages/classification.py", "regression": "app_pages/regression.py"}
# The pages' defaults
XOR = preset_config(CLASSIFICATION_SETTINGS, Preset("defaults"), "classification")
SIN = preset_config(REGRESSION_SETTINGS, Preset("defaults"), "regression")


def _page(page: str = "classification", params=None) -> AppTest:
    at = open_page(PAGES[page], params)
    assert not at.exception
    return at


def _pin(at: AppTest, page: str = "classification") -> AppTest:
    at.button(key=f"{page}.pin.button").click().run()
    assert not at.exception
    return at


def _set_lr(at: AppTest, lr: float, page: str = "classification") -> AppTest:
    at.number_input(key=f"{page}.lr").set_value(lr).run()
    assert not at.exception
    return at


def _series(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame[frame["set"] == name]


def _charted_accuracy(at: AppTest) -> pd.DataFrame:
    (frame,) = [f for f in chart_frames(at) if "accuracy" in f.columns and "set" in f.columns]
    return frame


def _pinned_chart(at: AppTest) -> tuple[list[str], list[pd.DataFrame]]:
    """The small pinned chart's title lines and its datasets (it is the one titled so)."""
    found = []
    for chart in at.get("vega_lite_chart"):
        title = chart_title(json.loads(chart.proto.spec))
        if isinstance(title, dict) and str(title.get("text", [""])[0]).startswith("pinned run"):
            frames = [
                dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data)
                for d in chart.proto.datasets
            ]
            found.append((title["text"], frames))
    assert len(found) == 1, "one small pinned chart expected"
    return found[0]


def _no_comparison(at: AppTest) -> None:
    assert PINNED not in set(charted_loss(at)["set"])
    assert not any(
        str((json.loads(c.proto.spec).get("title") or {}).get("text", "")).find("pinned") >= 0
        for c in at.get("vega_lite_chart")
        if isinstance(json.loads(c.proto.spec).get("title"), dict)
    )


def test_pin_then_a_lower_rate_draws_the_pinned_run_beside_the_current_one():
    at = _page()
    _no_comparison(at)
    _set_lr(_pin(at), 0.5)
    assert at.query_params["pin"] == "v1" and at.query_params["lr"] == "0.5"
    pinned, current = train(XOR), train(replace(XOR, learning_rate=0.5))
    assert not np.array_equal(pinned.loss, current.loss)  # two different runs
    loss = charted_loss(at)
    np.testing.assert_array_equal(_series(loss, PINNED)["summed"], pinned.loss)
    np.testing.assert_array_equal(_series(loss, PINNED)["loss"], pinned.loss / len(pinned.y))
    np.testing.assert_array_equal(_series(loss, PINNED)["epoch"], np.arange(1, 101))
    np.testing.assert_array_equal(_series(loss, "training")["summed"], current.loss)
    accuracy = _charted_accuracy(at)
    np.testing.assert_array_equal(_series(accuracy, PINNED)["accuracy"], pinned.accuracy)
    np.testing.assert_array_equal(_series(accuracy, "training")["accuracy"], current.accuracy)
    assert "📌 Compared with the pinned run: learning rate η = 2." in captions_text(at)
    title, (cells, points) = _pinned_chart(at)
    assert title == ["pinned run, epoch 100", "learning rate η = 2"]
    np.testing.assert_array_equal(np.sort(cells["output"]), np.sort(_surface(pinned, 100)))
    assert len(points) == len(pinned.y)
    assert pinned.accuracy[100] == 0.995 and current.accuracy[100] == 0.57
    assert "📌 After epoch 100, the pinned run's training accuracy is 99.5%." in (captions_text(at))
    assert "After epoch 100: training accuracy 57.0%" in captions_text(at)


def _surface(run, epoch: int) -> np.ndarray:
    from ann_app.cached import GRID, grid_points

    return run.predict(grid_points(GRID), epoch)


def test_the_small_surface_follows_the_epoch_clamped_to_the_pinned_runs_last():
    at = _page(params={"epochs": "60"})
    _pin(at)
    at.slider(key="classification.epochs").set_value(150).run()
    assert not at.exception
    pinned = train(replace(XOR, epochs=60))
    title, (cells, _) = _pinned_chart(at)
    assert title == ["pinned run, epoch 60", "epochs = 60"]  # the current run is at 150
    words = f"📌 After epoch 60, the pinned run's training accuracy is {pinned.accuracy[60]:.1%}."
    assert words in captions_text(at)
    np.testing.assert_array_equal(np.sort(cells["output"]), np.sort(_surface(pinned, 60)))
    at.slider(key="classification.epoch").set_value(25).run()
    title, (cells, _) = _pinned_chart(at)
    assert title[0] == "pinned run, epoch 25"
    np.testing.assert_array_equal(np.sort(cells["output"]), np.sort(_surface(pinned, 25)))


def test_the_pin_survives_a_settings_change_and_a_reload_from_the_link():
    at = _set_lr(_pin(_page(params={"h1": "2"})), 0.5)
    at.slider(key="classification.anneal").set_value(1.0).run()
    assert not at.exception and at.query_params["pin"] == "v1~h1.2"
    pinned = train(replace(XOR, hidden_units=(2,)))
    before = charted_loss(at)
    np.testing.assert_array_equal(_series(before, PINNED)["summed"], pinned.loss)
    reloaded = _page(params=dict(at.query_params))
    assert not reloaded.warning
    assert reloaded.session_state[key("classification")] == "v1~h1.2"
    pd.testing.assert_frame_equal(charted_loss(reloaded), before)
    current = train(replace(XOR, hidden_units=(2,), learning_rate=0.5, anneal=1.0))
    np.testing.assert_array_equal(_series(before, "training")["summed"], current.loss)
    assert "learning rate η = 2; annealing factor (rate × this each epoch) = 0.95" in (
        captions_text(reloaded)
    )


def test_settings_equal_to_the_pin_say_so_and_unpin_takes_it_out_of_the_link():
    at = _pin(_page())
    assert "The current run is the pinned one" in captions_text(at)
    _no_comparison(at)
    at.toggle(key="classification.discrete").set_value(True).run()  # a view setting
    assert "The current run is the pinned one" in captions_text(at)
    _set_lr(at, 0.5)
    assert PINNED in set(charted_loss(at)["set"])
    _set_lr(at, 2.0)  # back to the pinned settings
    assert "The current run is the pinned one" in captions_text(at)
    at.button(key="classification.pin.unpin").click().run()
    assert "pin" not in at.query_params
    _set_lr(at, 0.5)
    _no_comparison(at)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("v2~lr.1", "unknown version 'v2'"),
        ("v1~lr.fast", "lr: not a number"),
        ("v1~speed.3", "unknown setting 'speed'"),
        ("v1~discrete.true", "unknown setting 'discrete'"),  # a view setting is no pin's
        ("v1~output.linear~loss.cross_entropy", "these settings cannot train"),
    ],
)
def test_a_bad_pin_in_a_link_warns_and_is_dropped(raw, reason):
    at = _page(params={"pin": raw, "lr": "0.5"})
    text = warnings_text(at)
    assert "Some values in the link were not used" in text
    assert "`pin=" in text and reason in text and "(no pin)" in text
    assert "pin" not in at.query_params and at.query_params["lr"] == "0.5"
    assert at.button(key="classification.pin.unpin").disabled
    _no_comparison(at)


def test_regression_pins_and_draws_the_pinned_fit_beside_the_current_one():
    at = _page("regression")
    _pin(at, "regression")
    at.slider(key="regression.h1").set_value(6).run()
    assert not at.exception and at.query_params["pin"] == "v1"
    pinned = train(SIN)
    loss = charted_loss(at)
    np.testing.assert_array_equal(_series(loss, PINNED)["summed"], pinned.loss)
    current = train(replace(SIN, hidden_units=(6,)))
    np.testing.assert_array_equal(_series(loss, "training")["summed"], current.loss)
    title, (points, curve) = _pinned_chart(at)
    assert title == ["pinned run, epoch 100", "units in hidden layer 1 = 3"]
    assert len(points) == len(pinned.y)
    x = curve["x"].to_numpy()
    np.testing.assert_array_equal(curve["value"], pinned.predict(x[:, None], 100))
    per_sample = pinned.loss[99] / len(pinned.y)
    assert 0.001 < per_sample < 1  # four decimals say it
    words = f"📌 After epoch 100, the pinned run's training loss per sample is {per_sample:.4f}."
    assert words in captions_text(at)
    at.slider(key="regression.epoch").set_value(0).run()
    assert "📌 The pinned run at epoch 0: its initial random weights." in captions_text(at)
    title, (_, curve) = _pinned_chart(at)
    assert title[0] == "pinned run, epoch 0"
    np.testing.assert_array_equal(curve["value"], pinned.predict(x[:, None], 0))


def test_an_upload_is_not_pinned_and_is_not_compared():
    at = _pin(_page())
    upload(at, "classification", template_csv("classification"))
    assert not at.exception and not at.error
    assert at.button(key="classification.pin.button").disabled
    assert "Only runs on the built-in data sets can be pinned" in captions_text(at)
    assert "so the pinned run is not compared" in captions_text(at)
    _no_comparison(at)
    assert at.query_params["pin"] == "v1"  # kept for when the data set is back
