"""Continue training and edit the weights on the training pages, through AppTest: a link's
history (`hist=`) is what the charts show, to the bit against ann_core; the segment marks on the
loss chart; an edited weight's surface and accuracy; a bad link is reported; the Continue
button, Undo, and a network change that clears the history; the JSON carries the segments; the
form's learning rate starts at the annealed rate in force, and left so goes on with the run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from app_helpers import open_page, warnings_text
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest
from training_helpers import (
    captions_text,
    cell_centres,
    chart_frames,
    charted_loss,
    choose_preset,
    download,
    download_reader,
    drawn_at,
    preset_config,
)

from ann_app.cached import grid_points
from ann_app.content.training_tables import (
    CLASSIFICATION_PRESETS,
    CLASSIFICATION_SETTINGS,
    REGRESSION_SETTINGS,
)
from ann_app.settings.setting import values_of
from ann_app.training.config import config_from
from ann_app.training.history_view import key, open_key
from ann_app.training.scrubber import epoch_key
from ann_core import TrainingConfig, continue_run, serialize, train
from ann_core.continuation import rate_at
from ann_core.datasets import CLASSIFICATION_VIEW
from ann_core.features import feature_columns
from ann_core.network import forward_stack
from ann_core.restarts import restarts

PATH = "app_pages/classification.py"
PAGE = "classification"
# The page's defaults (XOR, 4 hidden units, rate 2, annealing 0.95) for 100 and 50 epochs.
HUNDRED = TrainingConfig(problem="XOR", hidden_units=(4,), epochs=100)
FIFTY = replace(HUNDRED, epochs=50)


def _page(params, path=PATH, opened=True) -> AppTest:
    """The page opened with `params`, its "Continue training, or edit the weights" open (as a
    click on it does: it is drawn only when open)."""
    at = open_page(path, params)
    if opened:
        at.session_state[open_key(Path(path).stem)] = True
        at.run()
    assert not at.exception
    return at


def _training(at) -> pd.DataFrame:
    loss = charted_loss(at)
    return loss[loss["set"] == "training"]


def test_fifty_epochs_continued_for_fifty_chart_the_hundred_epoch_run_to_the_bit():
    at = _page({"epochs": "50", "hist": "v1~50,50"})
    assert not at.warning and not at.error
    np.testing.assert_array_equal(_training(at)["summed"], train(HUNDRED).loss)
    assert at.slider(key=epoch_key(PAGE)).max == 100  # the scrubber spans the whole history
    assert at.query_params["hist"] == "v1~50,50"  # the link keeps it


def test_a_new_rate_from_epoch_50_changes_the_loss_after_it_only():
    at = _page({"epochs": "50", "hist": "v1~50,50,lr:0.5"})
    assert not at.warning
    charted = _training(at)["summed"].to_numpy()
    straight = train(HUNDRED).loss
    np.testing.assert_array_equal(charted[:50], straight[:50])
    assert not np.any(charted[50:] == straight[50:])
    expected = continue_run(train(FIFTY), 50, replace(HUNDRED, learning_rate=0.5))
    np.testing.assert_array_equal(charted, expected.loss)
    # the mark: a rule at epoch 50 in the loss chart's own data, saying what changed: from the
    # rate in force there, 2 × 0.95⁵⁰ ≈ 0.154 (a rise), not from the learning rate 2
    (loss_chart,) = _charts_with(at, "summed")
    marks = next(f for f in loss_chart if "change" in f.columns)
    assert marks.to_dict("records") == [{"epoch": 50, "change": "η 0.154 → 0.5"}]
    (accuracy_chart,) = _charts_with(at, "accuracy")
    assert any("change" in f.columns for f in accuracy_chart)


def _charts_with(at, column: str) -> list[list[pd.DataFrame]]:
    """The datasets of each chart that has a dataset with `column`."""
    charts = [
        [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
        for chart in at.get("vega_lite_chart")
    ]
    return [frames for frames in charts if any(column in f.columns for f in frames)]


def _edited_outputs(theta: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The network's output at raw points with the flat parameters theta, by ann_core's own
    forward pass (the page's XOR network: raw inputs, sigmoid units)."""
    inputs = feature_columns(HUNDRED.features, points)
    return forward_stack(theta[None], HUNDRED.sizes, inputs, HUNDRED.activations).output[0, :, 0]


def _accuracy(theta: np.ndarray, run) -> float:
    return float(np.mean((_edited_outputs(theta, run.X) >= 0.5) == (run.y >= 0.5)))


def test_an_edit_kept_in_the_link_is_the_surface_and_the_accuracy_ann_core_computes():
    run = train(FIFTY)
    theta = run.history[50].copy()
    theta[12] = -6.0  # the output unit's weight from h¹₁ (pack: W1 is 2x4, then W2's 4 rows)
    at = _page({"epochs": "50", "hist": "v1~50,0,p12:-6"})
    assert not at.warning
    cells = next(f for f in chart_frames(at) if "x1_end" in f.columns)
    centres, drawn = cell_centres(cells), drawn_at(cells, "output", 50).to_numpy()
    np.testing.assert_allclose(drawn, _edited_outputs(theta, centres), rtol=1e-6, atol=1e-7)
    assert not np.allclose(drawn, run.predict(centres), atol=1e-3)
    accuracy = _accuracy(theta, run)
    assert accuracy != run.accuracy[50]
    assert f"After epoch 50: training accuracy {accuracy:.1%}" in captions_text(at)


def test_a_pending_edit_in_the_table_redraws_the_surface_and_the_accuracy_untrained():
    at = _page({"epochs": "50"})
    (editor,) = at.data_editor
    assert editor.value["value"].to_numpy().tolist() == train(FIFTY).history[50].tolist()
    at.session_state[editor.key] = {
        "edited_rows": {12: {"value": -6.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    run = train(FIFTY)
    theta = run.history[50].copy()
    theta[12] = -6.0
    cells = next(f for f in chart_frames(at) if "x1_end" in f.columns)
    expected = _edited_outputs(theta, grid_points(41, CLASSIFICATION_VIEW))
    np.testing.assert_array_equal(cells["output"].to_numpy(), expected)
    assert (
        f"With your edit at epoch 50: training accuracy {_accuracy(theta, run):.1%} "
        f"(unedited {run.accuracy[50]:.1%})"
    ) in captions_text(at)
    assert "hist" not in at.query_params  # not in the history until trained on
    assert len(_training(at)) == 50  # the charts of the run stay


@pytest.mark.parametrize(
    ("hist", "reason"),
    [
        ("v1~50,x", "does not start with start,epochs"),
        ("v2~50,50", "unknown version"),
        ("v1~50,50,lr:500", "outside the range"),
        ("v1~60,10", "starts at epoch 60, after the run's last (50)"),
        ("v1~50,10,p17:1", "edits p17; the network has 17 parameters"),
        ("v1~50,10,loss:cross_entropy~60,5", "continue"),
    ],
)
def test_a_bad_history_in_a_link_is_reported_and_dropped(hist, reason):
    params = {"epochs": "50", "hist": hist}
    if reason == "continue":  # cross-entropy with the tanh output it cannot train
        params["output"], reason = "tanh", "loss='cross_entropy' needs output_activation"
    at = _page(params, opened=False)  # the warning shows on the run that opens the link
    assert "Some values in the link were not used" in warnings_text(at)
    assert reason in warnings_text(at) and "(no history)" in warnings_text(at)
    assert len(_training(at)) == 50 and "hist" not in at.query_params


def test_continue_undo_and_a_network_change_that_clears_the_history():
    at = _page({"epochs": "50"})
    at.number_input(key=key(PAGE, "continue.epochs")).set_value(30)
    at.number_input(key=key(PAGE, "continue.lr")).set_value(0.5)
    at.button(key=key(PAGE, "continue.button")).click().run()
    assert not at.exception
    assert at.query_params["hist"] == "v1~50,30,lr:0.5"
    expected = continue_run(train(FIFTY), 50, replace(FIFTY, learning_rate=0.5, epochs=80))
    np.testing.assert_array_equal(_training(at)["summed"], expected.loss)
    assert at.slider(key=epoch_key(PAGE)).value == 80
    # from epoch 60, 10 more with the settings of then (0.5 annealed for 10 epochs): the 80
    # epochs cut at 60
    at.slider(key=epoch_key(PAGE)).set_value(60).run()
    assert at.number_input(key=key(PAGE, "continue.lr")).value == rate_at(expected, 60)
    assert rate_at(expected, 60) == pytest.approx(0.5 * 0.95**10, rel=1e-14)
    at.number_input(key=key(PAGE, "continue.epochs")).set_value(10)
    at.button(key=key(PAGE, "continue.button")).click().run()
    assert at.query_params["hist"] == "v1~50,10,lr:0.5~60,10"
    assert len(_training(at)) == 70
    at.button(key=key(PAGE, "undo")).click().run()  # back to before that Continue
    assert at.query_params["hist"] == "v1~50,30,lr:0.5" and len(_training(at)) == 80
    at.button(key=key(PAGE, "undo")).click().run()
    assert "hist" not in at.query_params and len(_training(at)) == 50
    at.number_input(key=key(PAGE, "continue.epochs")).set_value(30)
    at.button(key=key(PAGE, "continue.button")).click().run()  # from epoch 50, rate 2 again
    assert at.query_params["hist"] == "v1~50,30" and len(_training(at)) == 80
    at.slider(key=f"{PAGE}.h1").set_value(3).run()  # another network: the history goes
    assert not at.exception
    assert "hist" not in at.query_params and len(_training(at)) == 50
    assert "The training history was cleared: the network or data changed" in captions_text(at)


def test_regression_continues_the_same_way_to_the_bit():
    at = _page({"epochs": "50", "hist": "v1~50,50"}, "app_pages/regression.py")
    assert not at.warning
    defaults = {s.name: s.default for s in REGRESSION_SETTINGS}
    straight = train(config_from(values_of(REGRESSION_SETTINGS, defaults), "regression"))
    assert straight.config.epochs == 100
    np.testing.assert_array_equal(_training(at)["summed"], straight.loss)


@pytest.fixture
def downloads(monkeypatch):
    return download_reader(monkeypatch)


def test_the_run_json_carries_the_segments(downloads):
    at = _page({"epochs": "50", "hist": "v1~50,50,lr:0.5"})
    run = serialize.loads(downloads(download(at, f"{PAGE}.json_download")).decode())
    expected = continue_run(train(FIFTY), 50, replace(HUNDRED, learning_rate=0.5))
    np.testing.assert_array_equal(run.history, expected.history)
    assert run.segments == expected.segments and len(run.segments) == 2


def test_the_frames_span_the_whole_history_as_the_continued_run():
    """A 50 + 50 link with a lower rate after epoch 50: the surface's frames span the 100
    epochs, and each is the continued run's output (not the 50-epoch run's nor the default
    100's)."""
    at = _page({"epochs": "50", "hist": "v1~50,50,lr:0.5"})
    assert not at.warning
    assert not at.exception
    (cells,) = [f for f in chart_frames(at) if "output_0" in f.columns]
    run = continue_run(train(FIFTY), 50, replace(HUNDRED, learning_rate=0.5))
    centres = np.column_stack([cells["x1"] + cells["x1_end"], cells["x2"] + cells["x2_end"]]) / 2
    for epoch in (0, 50, 75, 100):
        np.testing.assert_allclose(
            cells[f"output_{epoch}"], run.predict(centres, epoch), rtol=1e-6, atol=1e-7
        )
    assert "output_101" not in cells.columns
    assert np.abs(cells["output_100"] - train(HUNDRED).predict(centres, 100)).max() > 1e-3


def test_regression_frames_are_the_continued_fit():
    """Regression's 50 + 50 link with a lower rate: each frame's prediction is the continued
    run's."""
    at = _page({"epochs": "50", "hist": "v1~50,50,lr:0.5"}, "app_pages/regression.py")
    assert not at.exception
    (curves,) = [f for f in chart_frames(at) if "value_0" in f.columns]
    defaults = {s.name: s.default for s in REGRESSION_SETTINGS}
    hundred = config_from(values_of(REGRESSION_SETTINGS, defaults), "regression")
    run = continue_run(train(replace(hundred, epochs=50)), 50, replace(hundred, learning_rate=0.5))
    prediction = curves[curves["series"] == "prediction"]
    for epoch in (0, 50, 100):
        expected = run.predict(prediction[["x"]].to_numpy(), epoch)
        np.testing.assert_allclose(prediction[f"value_{epoch}"], expected, rtol=1e-5, atol=1e-5)
    assert "value_101" not in curves.columns


def test_restarts_of_a_continued_run_train_the_sidebars_settings_and_say_so():
    """With a 50 + 50 history, the restarts train 50 epochs from each seed (the sidebar's
    settings), and the page says that the history is not replayed."""
    at = _page({"epochs": "50", "hist": "v1~50,50,lr:0.5"})
    assert "Restarts train the sidebar's settings for 50 epochs" in captions_text(at)
    at.toggle(key=f"{PAGE}.restarts_on").set_value(True).run()
    assert not at.exception
    n = next(s.default for s in CLASSIFICATION_SETTINGS if s.name == "restarts")
    result = restarts(FIFTY, n)
    assert result.final_accuracy.shape == (n,)
    learned = int(np.sum((result.final_accuracy >= 0.95) & ~result.diverged))
    assert f"{learned} of {n} runs learned it" in " ".join(m.value for m in at.markdown)
    (charted,) = [f for f in chart_frames(at) if "final loss" in f.columns]
    summed = charted["final loss"] * len(train(FIFTY).y)
    np.testing.assert_allclose(summed, result.final_loss, rtol=1e-12)
    assert not np.allclose(summed, restarts(HUNDRED, n).final_loss)
    assert "Restarts train" not in captions_text(_page({"epochs": "50"}))


def test_closed_the_expander_sends_no_table_picture_or_form():
    """Closed (as a page opens), nothing inside "Continue training, or edit the weights" is
    drawn; opened, its table and button are."""
    closed = _page({"epochs": "50"}, opened=False)
    assert not closed.data_editor
    assert not [b for b in closed.button if b.key == key(PAGE, "continue.button")]
    opened = _page({"epochs": "50"})
    assert len(opened.data_editor) == 1
    assert [b for b in opened.button if b.key == key(PAGE, "continue.button")]


def test_a_rerun_sent_with_the_url_before_a_continue_keeps_the_history():
    """A scrub sent before the browser has the Continue's URL carries the URL without `hist`:
    the history stays (an old URL on a rerun is not a link opened)."""
    at = _page({"epochs": "50"})
    older = dict(at.query_params)
    at.number_input(key=key(PAGE, "continue.epochs")).set_value(30)
    at.button(key=key(PAGE, "continue.button")).click().run()
    assert at.query_params["hist"] == "v1~50,30"
    at.query_params.clear()
    at.query_params.update(older)
    at.slider(key=epoch_key(PAGE)).set_value(70).run()
    assert not at.exception
    assert at.query_params["hist"] == "v1~50,30" and len(_training(at)) == 80


# ---- the learning rate the form starts from: the rate in force at the epoch ------------------

FIG_11 = next(p for p in CLASSIFICATION_PRESETS if p.label == "Fig. 11: XOR, 4 hidden units")
LR = next(s for s in CLASSIFICATION_SETTINGS if s.name == "lr")
RATE_50 = "0.154"  # 2 × 0.95⁵⁰ = 0.15389..., as the form's field (format %.3g) shows it


def _fig_11_at_50() -> tuple[AppTest, TrainingConfig]:
    """Fig. 11's settings (XOR, 4 hidden units, rate 2, annealing 0.95, 100 epochs) scrubbed to
    epoch 50, the expander opened; and the config they train."""
    at = choose_preset(open_page(PATH), PAGE, FIG_11)
    config = preset_config(CLASSIFICATION_SETTINGS, FIG_11, "classification")
    assert (config.learning_rate, config.anneal, config.epochs) == (2.0, 0.95, 100)
    at.slider(key=epoch_key(PAGE)).set_value(50).run()
    at.session_state[open_key(PAGE)] = True
    at.run()
    assert not at.exception
    return at, config


def _rate_caption(at) -> str:
    (caption,) = [c.value for c in at.caption if "Rate now" in c.value]
    return caption


def test_fig_11_at_epoch_50_offers_the_rate_in_force_and_left_so_goes_on_with_the_run():
    """The field starts at 2 × 0.95⁵⁰, not at 2; the caption names both rates; Continue with
    the field untouched records no rate (the link: 50,50) and trains, to the bit, the straight
    100-epoch run."""
    at, config = _fig_11_at_50()
    in_force = 2.0
    for _ in range(50):
        in_force *= 0.95  # training's own repeated multiplication
    assert rate_at(train(config), 50) == in_force
    field = at.number_input(key=key(PAGE, "continue.lr"))
    assert field.value == in_force and field.format % field.value == RATE_50
    caption = _rate_caption(at)
    assert f"Rate now {RATE_50} (2 × 0.95⁵⁰); these epochs start at {RATE_50}" in caption
    assert "as the run would go on, then × 0.95 each epoch" in caption
    at.button(key=key(PAGE, "continue.button")).click().run()
    assert not at.exception
    assert at.query_params["hist"] == "v1~50,50"  # no lr: the schedule goes on
    np.testing.assert_array_equal(_training(at)["summed"], train(config).loss)


def test_typing_a_rate_continues_at_it():
    """0.5 typed at epoch 50: the caption says these epochs start at 0.5, the link records
    lr:0.5, and the run is ann_core's continuation at 0.5 (epoch 51 at 0.5, a rise from 0.154)."""
    at, config = _fig_11_at_50()
    at.number_input(key=key(PAGE, "continue.lr")).set_value(0.5).run()
    caption = _rate_caption(at)
    assert f"Rate now {RATE_50} (2 × 0.95⁵⁰); these epochs start at 0.5, then × 0.95" in caption
    at.button(key=key(PAGE, "continue.button")).click().run()
    assert not at.exception
    assert at.query_params["hist"] == "v1~50,50,lr:0.5"
    expected = continue_run(train(config), 50, replace(config, learning_rate=0.5))
    assert rate_at(expected, 51) == 0.5 * 0.95  # epoch 51 trained at 0.5, epoch 52 at this
    np.testing.assert_array_equal(_training(at)["summed"], expected.loss)


def test_the_schedules_own_learning_rate_typed_goes_on_with_the_schedule_and_says_so():
    """2 typed at epoch 50 is the learning rate the schedule started from, which the engine
    reads as no change: the caption says these epochs start at 0.154 (not 2), and the link
    stays 50,50, the straight run."""
    at, config = _fig_11_at_50()
    at.number_input(key=key(PAGE, "continue.lr")).set_value(2.0).run()
    caption = _rate_caption(at)
    assert f"these epochs start at {RATE_50}, as the run would go on (2 is the" in caption
    at.button(key=key(PAGE, "continue.button")).click().run()
    assert at.query_params["hist"] == "v1~50,50"
    np.testing.assert_array_equal(_training(at)["summed"], train(config).loss)


def test_the_field_follows_the_epoch_until_typed_in():
    """Untouched, the field is the rate in force at each epoch the scrubber selects; a typed
    rate stays when the epoch moves."""
    at, config = _fig_11_at_50()
    run = train(config)
    at.slider(key=epoch_key(PAGE)).set_value(80).run()
    assert at.number_input(key=key(PAGE, "continue.lr")).value == rate_at(run, 80)
    assert "Rate now 0.033 (2 × 0.95⁸⁰)" in _rate_caption(at)
    at.number_input(key=key(PAGE, "continue.lr")).set_value(0.5).run()
    at.slider(key=epoch_key(PAGE)).set_value(30).run()
    assert at.number_input(key=key(PAGE, "continue.lr")).value == 0.5


def test_a_rate_annealed_below_the_fields_lowest_starts_it_there_and_still_goes_on():
    """After 300 epochs the rate in force, 2 × 0.95³⁰⁰, is below the field's lowest (0.00001):
    the field starts there, the caption says so, and Continue with it untouched goes on with the
    schedule (the straight 310-epoch run, to the bit)."""
    at = _page({"epochs": "300"})
    assert at.slider(key=epoch_key(PAGE)).value == 300
    field = at.number_input(key=key(PAGE, "continue.lr"))
    assert field.value == field.min == LR.min == 0.00001
    in_force = rate_at(train(replace(HUNDRED, epochs=300)), 300)
    assert in_force < LR.min
    assert (
        f"Rate now {in_force:.2g} (2 × 0.95³⁰⁰); these epochs start at {in_force:.2g}, as the run "
        "would go on (the field shows its lowest, 0.00001)"
    ) in _rate_caption(at)
    at.number_input(key=key(PAGE, "continue.epochs")).set_value(10)
    at.button(key=key(PAGE, "continue.button")).click().run()
    assert at.query_params["hist"] == "v1~300,10"
    np.testing.assert_array_equal(_training(at)["summed"], train(replace(HUNDRED, epochs=310)).loss)
