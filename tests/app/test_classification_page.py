"""The Classification page through AppTest: presets, every control, scrubber, Play, restarts,
uploads, exports, and the proof that scrubbing never retrains."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from app_helpers import open_page, warnings_text, widget
from test_app_pages import extremes
from training_helpers import (
    captions_text,
    chart_frames,
    charted_features,
    charted_loss,
    choose_preset,
    count_training_calls,
    diagram_inputs,
    download,
    download_reader,
    open_sections,
    preset_config,
    preset_picker,
    upload,
)

from ann_app.content.csv_format import template_csv
from ann_app.content.labels import PENALTY
from ann_app.content.training_tables import CLASSIFICATION_PRESETS, CLASSIFICATION_SETTINGS
from ann_app.settings.setting import encode_value
from ann_app.training.page import OWN_SETTINGS
from ann_app.training.scrubber import epoch_key
from ann_core import TrainingConfig, serialize, train
from ann_core.features import feature_columns
from ann_core.formatting import number
from ann_core.restarts import restarts

PATH = "app_pages/classification.py"
PAGE = "classification"


def _page(params=None):
    at = open_page(PATH, params)
    assert not at.exception
    return at


def test_defaults_are_the_post_xor_with_four_hidden_units():
    at = _page()
    assert not at.error
    assert not at.warning
    loss = charted_loss(at)
    expected = train(TrainingConfig(problem="XOR", hidden_units=(4,)))
    training = loss[loss["set"] == "training"]
    np.testing.assert_array_equal(training["summed"].to_numpy(), expected.loss)


def test_the_preset_picker_shows_the_preset_the_controls_match():
    ring = next(p for p in CLASSIFICATION_PRESETS if p.values.get("data") == "RING")
    at = choose_preset(_page(), PAGE, ring)
    assert preset_picker(at, PAGE).value == ring.label
    assert at.selectbox(key="classification.data").value == "RING"
    at.slider(key="classification.h1").set_value(ring.values["h1"] + 1).run()
    assert preset_picker(at, PAGE).value == OWN_SETTINGS
    choose_preset(at, PAGE, ring)
    assert preset_picker(at, PAGE).value == ring.label
    assert at.slider(key="classification.h1").value == ring.values["h1"]


def test_the_network_picture_shows_the_weights_and_biases_of_the_selected_epoch():
    at = _page()
    open_sections(at)
    run = train(TrainingConfig(problem="XOR", hidden_units=(4,)))
    assert not at.get("graphviz_chart")  # drawn by Vega, like the page's other charts
    for epoch in (100, 3, 0):
        at.slider(key=epoch_key(PAGE)).set_value(epoch).run()
        (edges,) = (f for f in chart_frames(at) if {"x2", "y2", "magnitude"} <= set(f.columns))
        (units,) = (f for f in chart_frames(at) if {"unit", "kind", "sign"} <= set(f.columns))
        biases = units.dropna(subset=["p"])
        theta = run.history[epoch]
        np.testing.assert_array_equal(edges["value"], theta[edges["p"]])
        np.testing.assert_array_equal(biases["value"], theta[biases["p"].astype(int)])
        assert len(edges) + len(biases) == len(theta)  # every parameter, once
    assert "hidden units sigmoid; output sigmoid" in captions_text(at)


def test_the_truth_table_lists_the_four_rows_of_the_chosen_gate():
    at = _page({"data": "OR"})
    table = next(m.value for m in at.markdown if m.value.startswith("| x₁ | x₂ | class |"))
    assert table.splitlines()[2:] == [
        "| 0 | 0 | 0 |",
        "| 0 | 1 | 1 |",
        "| 1 | 0 | 1 |",
        "| 1 | 1 | 1 |",
    ]


@pytest.mark.parametrize("preset", CLASSIFICATION_PRESETS, ids=lambda p: p.label)
def test_preset_reproduces_the_engine_run(preset):
    at = choose_preset(_page(), PAGE, preset)
    config = preset_config(CLASSIFICATION_SETTINGS, preset, "classification")
    assert config.learning_rate == 2.0 and config.epochs == 100 and config.seed == 123
    assert config.n_observations == 50
    loss = charted_loss(at)
    training = loss[loss["set"] == "training"]
    np.testing.assert_array_equal(training["summed"].to_numpy(), train(config).loss)
    assert at.query_params["data"] == preset.values["data"]  # the URL follows the preset
    assert at.info[0].value == preset.note  # whole, beside the picker that names it


def test_post_figure_configs_are_exactly_the_post():
    by_label = {
        p.label: preset_config(CLASSIFICATION_SETTINGS, p, "classification")
        for p in CLASSIFICATION_PRESETS
    }
    post = {
        "Fig. 8: OR": ("OR", ()),
        "Fig. 9: AND": ("AND", ()),
        "Fig. 10: XOR, no hidden layer": ("XOR", ()),
        "Fig. 11: XOR, 4 hidden units": ("XOR", (4,)),
        "Fig. 12: RING, 4 hidden units": ("RING", (4,)),
    }
    for label, (problem, hidden) in post.items():
        assert by_label[label] == TrainingConfig(problem=problem, hidden_units=hidden)


def test_ring_preset_says_it_stalls_and_the_other_learns():
    ring, learns = CLASSIFICATION_PRESETS[4], CLASSIFICATION_PRESETS[5]
    at = choose_preset(_page(), PAGE, ring)
    run = train(preset_config(CLASSIFICATION_SETTINGS, ring, "classification"))
    first, last = run.loss[0] / 450, run.loss[-1] / 450  # per sample, of 9 rows x 50 copies
    assert (round(first, 4), round(last, 4)) == (0.1016, 0.0964)
    assert run.accuracy[-1] == pytest.approx(8 / 9)
    kinds = warnings_text(at)
    assert "hardly moved: from 0.1016 in epoch 1 to 0.0964 in epoch 100" in kinds
    assert "most common class" in kinds
    choose_preset(at, PAGE, learns)
    assert at.query_params["anneal"] == "1"
    better = train(preset_config(CLASSIFICATION_SETTINGS, learns, "classification"))
    assert better.accuracy[-1] > 0.9
    assert "most common class" not in warnings_text(at)


FEATURES_LINK = {"features": "x1sq,x2sq", "layers": "0", "data": "CIRCLE"}
PENALTY_LINK = {**FEATURES_LINK, "reg": "l2", "reg_rate": "0.01"}
CIRCLE_SQUARES = TrainingConfig(problem="CIRCLE", hidden_units=(), features=("x1sq", "x2sq"))


def test_the_default_inputs_are_x1_and_x2_and_no_penalty_is_charted():
    at = _page()
    assert diagram_inputs(at) == ["x₁", "x₂"]
    assert list(dict.fromkeys(charted_features(at)["feature"])) == ["x₁", "x₂"]
    assert set(charted_loss(at)["set"]) == {"training"}
    assert "penalty" not in captions_text(at)


def test_a_features_link_labels_the_diagram_and_maps_each_feature():
    at = _page(FEATURES_LINK)
    assert not at.error and not at.warning
    assert diagram_inputs(at) == ["x₁²", "x₂²"]
    assert "No hidden layer" in at.info[0].value  # no unit maps, the features' maps all the same
    # no unit maps: no chart of cells labelled by unit (the weight picker's picture has units,
    # not cells)
    assert not any({"unit", "x1", "x1_end"} <= set(f.columns) for f in chart_frames(at))
    maps = charted_features(at)
    assert list(dict.fromkeys(maps["feature"])) == ["x₁²", "x₂²"]
    for name, label in (("x1sq", "x₁²"), ("x2sq", "x₂²")):
        cells = maps[maps["feature"] == label]
        centres = np.column_stack(
            [(cells["x1"] + cells["x1_end"]) / 2, (cells["x2"] + cells["x2_end"]) / 2]
        )
        np.testing.assert_allclose(cells["output"], feature_columns([name], centres)[:, 0])
    assert "x₁² = (x₁ − 0.5)²" in captions_text(at)
    training = charted_loss(at)
    np.testing.assert_array_equal(training["summed"], train(CIRCLE_SQUARES).loss)


def test_a_penalty_link_charts_the_penalty_apart_and_names_it():
    at = _page(PENALTY_LINK)
    assert not at.error and not at.warning
    run = train(replace(CIRCLE_SQUARES, regularization="l2", reg_rate=0.01))
    loss = charted_loss(at)
    penalty = loss[loss["set"] == PENALTY]
    np.testing.assert_array_equal(penalty["loss"], run.penalty)
    np.testing.assert_array_equal(loss[loss["set"] == "training"]["summed"], run.loss)
    for epoch in (100, 37, 0):
        at.slider(key=epoch_key(PAGE)).set_value(epoch).run()
        text = captions_text(at)
        assert f"Ω = λ/2 Σw² = {number(run.penalty[epoch], 4)}" in text
        if epoch:
            assert f"Data loss per sample {number(run.loss[epoch - 1] / len(run.y), 4)}" in text
    assert not at.exception
    assert diagram_inputs(at) == ["x₁²", "x₂²"]


#: The controls whose extreme alone leaves XOR worse than it started (a loss per sample of 0.50
#: against 0.25 to 0.26): rule 4 of ann_core.divergence.
MADE_WORSE = {("lr", "100.0"), ("output", "relu"), ("momentum", "0.99")}


@pytest.mark.parametrize(
    ("setting", "value"),
    [(s, v) for s in CLASSIFICATION_SETTINGS for v in extremes(s)],
    ids=lambda x: getattr(x, "name", str(x)),
)
def test_every_control_at_its_extremes(setting, value):
    # a layer's units are opened with that layer in place (else the slider is greyed out)
    at = _page({setting.needs[0]: str(setting.needs[1])} if setting.needs else None)
    widget(at, PAGE, setting).set_value(value).run()
    assert not at.exception
    if (setting.name, str(value)) in MADE_WORSE:  # a sigmoid's loss stays bounded: rule 4 names it
        assert "Training diverged: its steps made the network worse" in at.error[0].value
    elif setting.name == "features" and not value:
        assert at.error[0].value == "Set the input features: choose at least 1."
    else:
        assert not at.error


def test_divergence_is_explained_and_the_page_still_draws(downloads):
    at = _page({"hidden": "tanh", "output": "linear", "lr": "100"})
    assert not at.exception
    assert "diverged" in at.error[0].value
    assert at.get("vega_lite_chart")  # the charts up to the divergence are still drawn
    assert downloads(download(at, f"{PAGE}.gif_download"))[:3] == b"GIF"


def test_bad_link_values_warn_and_fall_back():
    at = _page({"data": "NAND", "lr": "fast", "layers": "9"})
    text = warnings_text(at)
    assert "data='NAND'" in text and "lr='fast'" in text and "layers='9'" in text
    assert at.query_params["data"] == "XOR"


def test_a_link_with_features_penalty_and_layer_sizes_trains_exactly_that():
    link = {
        "features": "x1sq,x2sq,x1x2",
        "layers": "3",
        "h1": "8",
        "h2": "3",
        "h3": "5",
        "h4": "9",  # a fourth layer's size, kept for when the layer is added
        "reg": "l1",
        "reg_rate": "0.003",
    }
    at = _page(link)
    assert "link were not used" not in warnings_text(at)
    assert {name: at.query_params[name] for name in link} == link  # the URL keeps them all
    config = TrainingConfig(
        problem="XOR",
        features=("x1sq", "x2sq", "x1x2"),
        hidden_units=(8, 3, 5),
        regularization="l1",
        reg_rate=0.003,
    )
    loss = charted_loss(at)
    training = loss[loss["set"] == "training"]["summed"].to_numpy()
    np.testing.assert_array_equal(training, train(config).loss)
    assert at.slider(key=f"{PAGE}.h4").disabled and not at.slider(key=f"{PAGE}.h3").disabled


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("features", ""),
        ("features", "x1,x9"),
        ("features", "x"),  # regression's feature, not this page's
        ("h2", "17"),
        ("h3", "two"),
        ("reg", "l3"),
        ("reg_rate", "-1"),
        ("reg_rate", "nan"),
    ],
)
def test_malformed_new_controls_warn_and_fall_back(key, raw):
    at = _page({key: raw, "layers": "3"})
    assert f"{key}={raw!r}" in warnings_text(at)
    setting = next(s for s in CLASSIFICATION_SETTINGS if s.name == key)
    assert at.query_params[key] == encode_value(setting, setting.default)
    assert not at.error


def test_scrubber_moves_the_epoch_rule_and_caption():
    at = _page()
    for epoch in (0, 37, 100):
        at.slider(key=epoch_key(PAGE)).set_value(epoch).run()
        assert not at.exception
        assert f"After epoch {epoch}:" in " ".join(c.value for c in at.caption)


def test_scrubbing_never_retrains(monkeypatch):
    calls = count_training_calls(monkeypatch)
    at = _page()
    for epoch in (0, 10, 50, 99, 100, 3):
        at.slider(key=epoch_key(PAGE)).set_value(epoch).run()
    assert not at.exception
    assert len(calls) == 1


def test_the_surface_carries_every_epoch_and_its_spec_not_the_epoch_shown():
    """The surface holds every epoch's cells (the browser draws the slider's, see
    tests/browser): each epoch's column is the run's output on the frames' grid at that epoch;
    a scrub leaves every chart's spec and data as they were, so the browser redraws nothing."""
    at = _page()
    (cells,) = [f for f in chart_frames(at) if "output_0" in f.columns]
    run = train(TrainingConfig(problem="XOR", hidden_units=(4,)))
    centres = np.column_stack([cells["x1"] + cells["x1_end"], cells["x2"] + cells["x2_end"]]) / 2
    for epoch in (0, 1, 50, 100):
        np.testing.assert_allclose(
            cells[f"output_{epoch}"], run.predict(centres, epoch), rtol=1e-6, atol=1e-7
        )
    assert f"output_{101}" not in cells.columns
    before = [chart.proto.SerializeToString() for chart in at.get("vega_lite_chart")]
    at.slider(key=epoch_key(PAGE)).set_value(40).run()
    assert [chart.proto.SerializeToString() for chart in at.get("vega_lite_chart")] == before
    assert any(c.value.startswith("After epoch 40:") for c in at.caption)  # the text follows
    assert not at.exception


def test_restarts_count_the_runs_that_learned():
    at = _page()
    restarts_setting = next(s for s in CLASSIFICATION_SETTINGS if s.name == "restarts")
    widget(at, PAGE, restarts_setting).set_value(30).run()
    at.toggle(key=f"{PAGE}.restarts_on").set_value(True).run()
    assert not at.exception
    result = restarts(TrainingConfig(problem="XOR", hidden_units=(4,)), 30)
    learned = int(np.sum((result.final_accuracy >= 0.95) & ~result.diverged))
    assert f"{learned} of 30 runs learned it" in " ".join(m.value for m in at.markdown)


def test_uploaded_csv_trains_on_it():
    raw = template_csv("classification")
    at = _page()
    upload(at, PAGE, raw)
    assert not at.exception and not at.error
    assert any("Training on your 8 rows" in box.value for box in at.success)
    loss = charted_loss(at)
    frame = pd.read_csv(io.BytesIO(raw))
    config = TrainingConfig(problem="CUSTOM", task="classification", hidden_units=(4,))
    expected = train(config, (frame[["x1", "x2"]].to_numpy(), frame["label"].to_numpy()))
    np.testing.assert_array_equal(loss[loss["set"] == "training"]["summed"], expected.loss)


def test_uploaded_points_outside_the_posts_square_are_all_drawn():
    """Data on 0..10 get a view that holds them (the post's -0.5..1.5 would cut them off)."""
    raw = b"x1,x2,label\n0,0,0\n10,0,1\n0,10,1\n10,10,0\n2,3,0\n8,7,1\n3,8,1\n7,2,0\n"
    at = _page()
    upload(at, PAGE, raw)
    assert not at.exception and not at.error
    surface = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    low, high = surface["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert low < 0 and high > 10
    cells = next(f for f in chart_frames(at) if "x1_end" in f.columns)
    assert cells["x1"].min() < 0 < 10 < cells["x1_end"].max()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "empty"),
        (b"a,b,c\n1,2,3\n", "missing column"),
        (b"x1,x2,label\n", "no rows"),
        (b"x1,x2,label\n0,0,0\n0,1,one\n1,0,1\n1,1,0\n", "not a number"),
        (b"x1,x2,label\n0,0,0\n0,,1\n1,0,1\n1,1,0\n", "empty or NaN"),
        (b"x1,x2,label\n0,0,1\n0,1,1\n1,0,1\n1,1,1\n", "one class"),
        (b"x1,x2,label\n0,0,0\n0,1,2\n1,0,1\n1,1,0\n", "0 or 1"),
        (b"x1,x2,label\n" + b"0,0,0\n" * 300_000, "MB"),
    ],
    ids=["empty", "columns", "header-only", "text", "nan", "one-class", "labels", "huge"],
)
def test_malformed_upload_says_why_and_the_page_keeps_working(raw, words):
    at = _page()
    upload(at, PAGE, raw)
    assert not at.exception
    assert "Your file was not used" in at.error[0].value and words in at.error[0].value
    assert len(charted_loss(at)) == 100  # the built-in data's run is still drawn


@pytest.fixture
def downloads(monkeypatch):
    return download_reader(monkeypatch)


def test_exports_parse_back(downloads):
    at = _page()
    for kind in ("gif", "csv", "json"):  # made on click: a rerun stores no media file
        assert download(at, f"{PAGE}.{kind}_download").proto.deferred_file_id
    gif = downloads(download(at, f"{PAGE}.gif_download"))
    assert gif[:6] in (b"GIF87a", b"GIF89a")
    history = pd.read_csv(io.BytesIO(downloads(download(at, f"{PAGE}.csv_download"))))
    assert list(history.columns[:3]) == [
        "epoch",
        "training_loss_summed",
        "training_loss_per_sample",
    ]
    assert len(history) == 101
    run = serialize.loads(downloads(download(at, f"{PAGE}.json_download")).decode())
    expected = train(TrainingConfig(problem="XOR", hidden_units=(4,)))
    np.testing.assert_array_equal(run.history, expected.history)
    np.testing.assert_array_equal(history["training_loss_summed"][1:], expected.loss)
    template = downloads(download(at, f"{PAGE}.template"))
    assert json.dumps(template.decode()).startswith('"x1,x2,label')
