"""The weight picker on the Classification page, through AppTest: a picked parameter shows as a
number input labelled with its edge and holding its value at the scrubber's epoch; changing it
redraws the surface and the accuracy untrained, as `ann_core.network.forward` computes them on
the edited parameters, and wins over the table's edit of the same p; the picture marks it; the
click callback picks once per click, from the selections Streamlit returned in chromium."""

from __future__ import annotations

import numpy as np
import pandas as pd
from app_helpers import open_page
from streamlit.testing.v1 import AppTest
from training_helpers import captions_text, cell_centres, chart_frames, drawn_at

from ann_app.cached import grid_points
from ann_app.training.history_view import open_key
from ann_app.training.weight_picker import key
from ann_core import TrainingConfig, train
from ann_core.datasets import CLASSIFICATION_VIEW
from ann_core.features import feature_columns
from ann_core.network import forward_stack

PATH = "app_pages/classification.py"
PAGE = "classification"
FIFTY = TrainingConfig(problem="XOR", hidden_units=(4,), epochs=50)  # the page's defaults
LABEL = "w: h¹₁ → ŷ (p 8)"  # p 8: the output's weight from h¹₁ (W1 is 2 x 4, then W2's rows)
# What Streamlit 1.67 returned (event["selection"]) in chromium for clicks on the picture of
# the network (2, 4, 1): on the edge h¹₂ → ŷ and on the input x₁.
EDGE_CLICK = {"pick": [{"p": 9}]}
INPUT_CLICK = {"pick": [{"p": None}]}


def _picked_page(p: int) -> AppTest:
    """The page at 50 epochs with parameter p picked, as the picture's callback picks it."""
    at = open_page(PATH, {"epochs": "50"})
    assert not at.exception
    assert not [n for n in at.number_input if n.label.startswith(("w: ", "bias of"))]
    at.session_state[key(PAGE, "picked")] = p
    at.session_state[open_key(PAGE)] = True  # "Continue training, or edit the weights" opened
    at.run()
    assert not at.exception
    return at


def _input(at: AppTest, label: str):
    (number,) = [n for n in at.number_input if n.label == label]
    return number


def _outputs(theta: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The network's output at raw points with the flat parameters theta, by ann_core's own
    forward pass (the page's XOR network: raw inputs, sigmoid units)."""
    inputs = feature_columns(FIFTY.features, points)
    return forward_stack(theta[None], FIFTY.sizes, inputs, FIFTY.activations).output[0, :, 0]


def _surface(at: AppTest, epoch: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """The surface's cell centres and what it draws at `epoch`."""
    cells = next(f for f in chart_frames(at) if "x1_end" in f.columns)
    return cell_centres(cells), drawn_at(cells, "output", epoch).to_numpy()


def _units(at: AppTest) -> pd.DataFrame:
    return next(f for f in chart_frames(at) if "kind" in f.columns)


def _edges(at: AppTest) -> pd.DataFrame:
    return next(f for f in chart_frames(at) if "x2" in f.columns and "label" in f.columns)


def test_a_picked_weight_changed_redraws_the_surface_and_the_accuracy_untrained():
    run = train(FIFTY)
    at = _picked_page(8)
    number = _input(at, LABEL)
    assert number.value == run.history[50][8]  # its value after epoch 50, to the bit
    assert _edges(at).loc[lambda e: e["picked"], "p"].tolist() == [8]  # the halo's edge
    centres, drawn = _surface(at)
    np.testing.assert_allclose(drawn, run.predict(centres, 50), rtol=1e-6, atol=1e-7)
    number.set_value(-6.0).run()
    assert not at.exception
    theta = run.history[50].copy()
    theta[8] = -6.0
    np.testing.assert_array_equal(
        _surface(at)[1], _outputs(theta, grid_points(41, CLASSIFICATION_VIEW))
    )
    accuracy = float(np.mean((_outputs(theta, run.X) >= 0.5) == (run.y >= 0.5)))
    assert accuracy != run.accuracy[50]
    assert (
        f"With your edit at epoch 50: training accuracy {accuracy:.1%} "
        f"(unedited {run.accuracy[50]:.1%})"
    ) in captions_text(at)
    assert "1 edited: the charts show the network with them, untrained." in captions_text(at)
    assert "hist" not in at.query_params  # not in the history until trained on
    # Train with the edit: the link keeps it, as a table edit's
    at.number_input(key=f"{PAGE}.history.continue.epochs").set_value(0)
    at.button(key=f"{PAGE}.history.continue.button").click().run()
    assert not at.exception
    assert at.query_params["hist"] == "v1~50,0,p8:-6"


def test_a_picked_bias_beside_a_table_edit_of_it_wins_and_other_table_edits_stay():
    run = train(FIFTY)
    at = _picked_page(16)  # the output's bias
    number = _input(at, "bias of ŷ (p 16)")
    assert number.value == run.history[50][16]
    assert _units(at).loc[lambda u: u["picked"], "unit"].tolist() == ["ŷ"]
    (editor,) = at.data_editor
    at.session_state[editor.key] = {
        "edited_rows": {16: {"value": 3.0}, 2: {"value": 1.5}},
        "added_rows": [],
        "deleted_rows": [],
    }
    number.set_value(-2.0).run()
    assert not at.exception
    theta = run.history[50].copy()
    theta[[2, 16]] = 1.5, -2.0  # the number input's -2 for p 16, not the table's 3
    np.testing.assert_array_equal(
        _surface(at)[1], _outputs(theta, grid_points(41, CLASSIFICATION_VIEW))
    )
    assert "2 edited: the charts show the network with them" in captions_text(at)


def _pick_script() -> None:
    """Runs in AppTest: the picture's callback applied to selections, as Streamlit calls it."""
    import streamlit as st

    from ann_app.training import weight_picker

    page, clicks = "test", st.session_state.get("clicks", [])
    for selection in clicks:
        chart_key = weight_picker.key(
            page, f"chart.{st.session_state.get(weight_picker.key(page, 'clicks'), 0)}"
        )
        st.session_state[chart_key] = {"selection": selection}
        weight_picker.apply_pick(page, chart_key, 17)
    st.session_state["clicks"] = []


def test_the_click_callback_picks_once_per_click_and_renews_the_chart():
    at = AppTest.from_function(_pick_script)
    at.session_state["clicks"] = [EDGE_CLICK]
    at.run()
    assert at.session_state[key("test", "picked")] == 9
    assert at.session_state[key("test", "clicks")] == 1  # the next chart has a new key
    at.session_state["clicks"] = [INPUT_CLICK, {"pick": {}}]  # an input, then nothing
    at.run()
    assert at.session_state[key("test", "picked")] == 9  # the pick stays
    assert at.session_state[key("test", "clicks")] == 1
    at.session_state["clicks"] = [{"pick": [{"p": 13}]}, EDGE_CLICK]  # h¹₂'s bias, then again
    at.run()
    assert at.session_state[key("test", "picked")] == 9
    assert at.session_state[key("test", "clicks")] == 3
