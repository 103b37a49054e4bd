"""Issue 33's limits on the training pages, through AppTest: a learning rate as small as 0.00001
from a link trains and is written as every rate is (`formatting.rate_text`), and a network of
six hidden layers trains and shows its finding line, its loss, its picture and its units' maps."""

from __future__ import annotations

import numpy as np
from app_helpers import open_page, warnings_text, widget
from training_helpers import captions_text, chart_frames, charted_loss, open_sections

from ann_app.content.labels import unit_name
from ann_app.content.training_tables import CLASSIFICATION_SETTINGS
from ann_app.settings.setting import parse_value
from ann_app.training.history_view import open_key
from ann_core import TrainingConfig, train
from ann_core.diagnosis import headline

CLASSIFICATION = "app_pages/classification.py"
PAGE = "classification"
LR = next(s for s in CLASSIFICATION_SETTINGS if s.name == "lr")
#: Six hidden layers, each of another size, so that a layer drawn in another's place shows.
DEEP = (3, 5, 2, 4, 6, 3)


def _page(params: dict[str, str], path: str = CLASSIFICATION):
    at = open_page(path, params)
    assert not at.exception
    assert "were not used" not in warnings_text(at)  # the link's every value is taken
    return at


def _training_loss(at) -> np.ndarray:
    loss = charted_loss(at)
    return loss[loss["set"] == "training"]["summed"].to_numpy()


def test_a_link_with_the_smallest_rate_trains_at_it_and_says_it():
    at = _page({"lr": "0.00001", "epochs": "20"})
    assert LR.min == 0.00001 == widget(at, PAGE, LR).value
    assert parse_value(LR, at.query_params["lr"]) == LR.min  # the URL written back reads back
    config = TrainingConfig(problem="XOR", hidden_units=(4,), learning_rate=0.00001, epochs=20)
    np.testing.assert_array_equal(_training_loss(at), train(config).loss)
    # the rate in the sentences: the stalled finding, then the form that continues training
    assert "shrunk the learning rate from 0.00001 to 3.6e-06" in warnings_text(at)
    at.session_state[open_key(PAGE)] = True
    at.run()
    assert not at.exception
    assert "Rate now 3.6e-06 (0.00001 × 0.95²⁰); these epochs start at 3.6e-06" in captions_text(at)


def test_an_unannealed_small_rate_is_written_in_decimals():
    at = _page({"lr": "0.00002", "anneal": "1", "epochs": "5"})
    at.session_state[open_key(PAGE)] = True
    at.run()
    assert "Rate now 0.00002; these epochs start at 0.00002, as the run" in captions_text(at)


def test_six_hidden_layers_train_and_show_on_classification():
    link = {"layers": "6", **{f"h{k}": str(n) for k, n in enumerate(DEEP, start=1)}}
    at = _page({**link, "epochs": "10"})
    assert at.slider(key=f"{PAGE}.h6").value == DEEP[-1]
    assert not at.slider(key=f"{PAGE}.h6").disabled
    run = train(TrainingConfig(problem="XOR", hidden_units=DEEP, epochs=10))
    assert run.sizes == (2, *DEEP, 1)
    np.testing.assert_array_equal(_training_loss(at), run.loss)
    finding = headline(run, 10).message
    assert any(finding in m.value for m in at.markdown), finding  # the finding line

    open_sections(at)
    assert not at.exception
    frames = chart_frames(at)
    (units,) = (f for f in frames if {"unit", "kind", "sign"} <= set(f.columns))
    assert units.groupby("x").size().tolist() == list(run.sizes)  # a column per layer
    hidden = units[units["kind"] == "hidden"]
    assert set(hidden["unit"]) == {
        unit_name(layer, unit, run.sizes)
        for layer in range(1, len(DEEP) + 1)
        for unit in range(DEEP[layer - 1])
    }
    (maps,) = (f for f in frames if {"unit", "x1_end"} <= set(f.columns))
    assert list(dict.fromkeys(maps["unit"])) == [unit_name(1, u, run.sizes) for u in range(DEEP[0])]


def test_six_hidden_layers_train_on_regression():
    link = {"layers": "6", **{f"h{k}": str(n) for k, n in enumerate(DEEP, start=1)}}
    at = _page({**link, "epochs": "10"}, "app_pages/regression.py")
    config = TrainingConfig(
        problem="SIN", hidden_units=DEEP, epochs=10, learning_rate=0.2, n_observations=200
    )
    run = train(config)
    assert run.config.task == "regression"
    np.testing.assert_array_equal(_training_loss(at), run.loss)
