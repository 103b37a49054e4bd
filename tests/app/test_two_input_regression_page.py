"""The Regression page over two inputs (issue 33), through AppTest: PLANE and GAUSS open from a
link (`?data=PLANE`), train, and draw the prediction as a heat map over (x₁, x₂) with the data
on it, on a scale for a real value; the hidden units' maps and the loss beside it. The map
carries every epoch, bound to the Vega parameter Play and the slider move; the scrubber and Step
move the epoch; an edit of the weights redraws it at its epoch; the pin compares two maps."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from app_helpers import open_page, warnings_text, widget
from claim_helpers import config_of, link_values
from PIL import Image
from streamlit import dataframe_util
from training_helpers import (
    captions_text,
    chart_frames,
    chart_title,
    charted_loss,
    download,
    download_reader,
    open_sections,
    player_data,
)

from ann_app.cached import PLAY_GRID, grid_points
from ann_app.charts.animation import frame_epochs
from ann_app.charts.training_frames import target_extent
from ann_app.charts.training_plots import EPOCH_PARAM
from ann_app.content.lesson import REGRESSION
from ann_app.content.training_tables import REGRESSION_SETTINGS
from ann_app.training.history_view import open_key
from ann_app.training.scrubber import epoch_key
from ann_core import serialize, train
from ann_core.datasets import REGRESSION_SURFACES, REGRESSION_X_RANGE
from ann_core.formatting import number

PATH = "app_pages/regression.py"
PAGE = "regression"
TITLE = "Prediction ŷ over (x₁, x₂)"
SETTING = {s.name: s for s in REGRESSION_SETTINGS}


def _page(params: dict[str, str]):
    at = open_page(PATH, params)
    assert not at.exception
    return at


def _run(data: str, **params: str):
    """The run the page trains for a link of `data` and `params` (the page's own config)."""
    return train(config_of(REGRESSION, link_values(REGRESSION, {"data": data, **params})))


def _heat_map(at) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """The prediction's chart: its spec, its cells' data and its points' data."""
    charts = [c for c in at.get("vega_lite_chart") if _title(c) == TITLE]
    assert len(charts) == 1, "no single prediction map on the page"
    spec = json.loads(charts[0].proto.spec)
    data = {
        d.name: dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data)
        for d in charts[0].proto.datasets
    }
    heat, *_, points = spec["layer"]  # between them, the hidden unit pointed at (unit_hover)
    return spec, data[heat["data"]["name"]], data[points["data"]["name"]]


def _title(chart) -> object:
    return chart_title(json.loads(chart.proto.spec))


def _centres(cells: pd.DataFrame) -> np.ndarray:
    return np.column_stack([cells["x1"] + cells["x1_end"], cells["x2"] + cells["x2_end"]]) / 2


@pytest.mark.parametrize("data", list(REGRESSION_SURFACES))
def test_a_link_opens_the_data_set_trains_it_and_maps_its_prediction(data):
    at = _page({"data": data})
    assert not at.error and "warning" not in warnings_text(at)
    assert at.query_params["data"] == data and widget(at, PAGE, SETTING["data"]).value == data
    run = _run(data)
    assert run.X.shape == (200, 2) and run.sizes == (2, 3, 1)
    np.testing.assert_array_equal(charted_loss(at)["summed"], run.loss)  # it trains, shown
    assert run.loss[-1] < run.loss[0] / 2
    spec, cells, dots = _heat_map(at)
    heat, points = spec["layer"][0], spec["layer"][-1]
    # the map: rects over [-5, 5]², coloured by the prediction on a sequential scale over the
    # targets' range (not the classes' 0 to 1), which the points' targets share
    assert heat["mark"]["type"] == "rect"
    colour = heat["encoding"]["color"]
    assert colour["field"] == "output" and colour["scale"]["scheme"] == "viridis"
    assert colour["scale"]["domain"] == list(target_extent(run)) and colour["scale"]["clamp"]
    assert points["encoding"]["fill"]["field"] == "y"
    assert points["encoding"]["fill"]["scale"] == colour["scale"]
    assert heat["encoding"]["x"]["scale"]["domain"] == list(REGRESSION_X_RANGE)
    np.testing.assert_array_equal(dots[["x1", "x2"]].to_numpy(), run.X)
    np.testing.assert_array_equal(dots["y"], run.y)
    assert set(dots["set"]) == {"training"}
    # every epoch's prediction, as the engine computes it, drawn at the epoch Play and the
    # slider set (a Vega parameter bound to the player's range input)
    centres = _centres(cells)
    np.testing.assert_allclose(centres, grid_points(PLAY_GRID, REGRESSION_X_RANGE), atol=1e-12)
    for epoch in (0, 1, 50, 100):
        np.testing.assert_allclose(
            cells[f"output_{epoch}"], run.predict(centres, epoch), rtol=1e-6, atol=1e-6
        )
    assert "output_101" not in cells.columns
    (param,) = [p for p in spec["params"] if p["name"] == EPOCH_PARAM]
    assert param["bind"]["input"] == "range" and param["bind"]["max"] == run.epochs
    calculated = [t.get("calculate", "") for t in heat["transform"]]
    assert f"datum['output_' + ({EPOCH_PARAM})]" in calculated
    # what only a curve has is greyed out, saying why
    for name in ("features", "truth", "stack"):
        shown = widget(at, PAGE, SETTING[name])
        assert shown.disabled and shown.help.startswith(f"Not used: {data}")


def test_the_units_maps_and_the_inputs_maps_are_the_runs_at_the_epoch():
    at = _page({"data": "GAUSS", "epoch": "30"})
    open_sections(at)
    assert not at.exception
    run = _run("GAUSS")
    (units,) = [f for f in chart_frames(at) if "unit" in f.columns and "x1_end" in f.columns]
    assert list(dict.fromkeys(units["unit"])) == ["h¹₁", "h¹₂", "h¹₃"]
    for j, name in enumerate(["h¹₁", "h¹₂", "h¹₃"]):
        shown = units[units["unit"] == name]
        expected = run.forward_epochs(_centres(shown), [30]).a[0][0][:, j]
        np.testing.assert_allclose(shown["output"], expected, rtol=0, atol=1e-12)
    (inputs,) = [f for f in chart_frames(at) if "feature" in f.columns]
    assert list(dict.fromkeys(inputs["feature"])) == ["x₁", "x₂"]
    x1 = inputs[inputs["feature"] == "x₁"]
    np.testing.assert_allclose(x1["output"], _centres(x1)[:, 0], atol=1e-12)


def test_scrubbing_and_step_move_the_epoch_and_the_link_the_map_stays_for_the_browser():
    at = _page({"data": "PLANE"})
    run = _run("PLANE")
    before = _heat_map(at)
    at.slider(key=epoch_key(PAGE)).set_value(12).run()
    assert not at.exception
    assert f"Loss per sample after epoch 12: training {number(run.mean_loss[11])}" in (
        captions_text(at)
    )
    assert at.query_params["epoch"] == "12"
    spec, cells, dots = _heat_map(at)  # the same frames: the browser draws epoch 12 of them
    assert spec == before[0] and cells.equals(before[1]) and dots.equals(before[2])
    player = player_data(at)  # Play: from the slider's epoch to the run's last, in the browser
    assert (player["epoch"], player["last"], player["disabled"]) == (12, run.epochs, False)
    at.button(key=f"{PAGE}.step").click().run()
    assert not at.exception and at.slider(key=epoch_key(PAGE)).value == 13
    assert at.query_params["epoch"] == "13"
    assert f"after epoch 13: training {number(run.mean_loss[12])}" in captions_text(at)


def test_an_edited_weight_redraws_the_map_at_its_epoch():
    at = open_page(PATH, {"data": "PLANE", "epoch": "40"})
    at.session_state[open_key(Path(PATH).stem)] = True
    at.run()
    (editor,) = at.data_editor
    run = _run("PLANE")
    np.testing.assert_array_equal(editor.value["value"], run.history[40])
    # p12: the output's bias (W1 2x3, W2 3x1, b1 3, then b2), lifting the whole surface
    at.session_state[editor.key] = {
        "edited_rows": {12: {"value": 2.5}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    _, cells, _ = _heat_map(at)
    theta = run.history[40].copy()
    lift = 2.5 - theta[12]
    np.testing.assert_allclose(
        cells["output"], run.predict(_centres(cells), 40) + lift, rtol=0, atol=1e-9
    )
    assert "With your edit at epoch 40" in captions_text(at)


def test_a_pinned_curve_beside_a_plane_and_a_pinned_bump_beside_it():
    at = _page({"data": "GAUSS"})
    at.button(key=f"{PAGE}.pin.button").click().run()
    widget(at, PAGE, SETTING["data"]).set_value("PLANE").run()
    assert not at.exception
    small = [
        json.loads(c.proto.spec)
        for c in at.get("vega_lite_chart")
        if "pinned run" in str(json.loads(c.proto.spec).get("title"))
    ]
    assert len(small) == 1 and small[0]["layer"][0]["mark"]["type"] == "rect"
    assert small[0]["layer"][0]["encoding"]["color"]["scale"]["scheme"] == "viridis"
    widget(at, PAGE, SETTING["data"]).set_value("SIN").run()  # a curve now, the pin a map
    assert not at.exception
    titles = [str(json.loads(c.proto.spec).get("title")) for c in at.get("vega_lite_chart")]
    assert TITLE not in titles and sum("pinned run" in title for title in titles) == 1


@pytest.fixture
def downloads(monkeypatch):
    return download_reader(monkeypatch)


def test_the_downloads_are_of_the_map_and_the_two_input_run(downloads):
    at = _page({"data": "GAUSS"})
    gif = Image.open(io.BytesIO(downloads(download(at, f"{PAGE}.gif_download"))))
    assert gif.format == "GIF" and gif.n_frames == len(frame_epochs(100))
    run = serialize.loads(downloads(download(at, f"{PAGE}.json_download")).decode())
    expected = _run("GAUSS")
    assert run.config == expected.config and run.X.shape == (200, 2)
    np.testing.assert_array_equal(run.history, expected.history)
