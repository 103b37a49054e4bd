"""Draw your data on the Classification page through AppTest: a link's drawing is what the page
trains on, a bad one is reported, Clear, the CSV download read back by the upload, too few
points, a drawing too long for a link, and the chart's click callback.

AppTest cannot click a chart (its selection is not a value AppTest can set), so the click
callback is run on the selection Streamlit returned in chromium (test_drawn_points.py holds
those dicts); tests/browser/test_drawing.py clicks the real chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from app_helpers import open_page, warnings_text
from streamlit.testing.v1 import AppTest
from test_drawn_points import CELL_CLICK, DOT_CLICK
from training_helpers import (
    chart_frames,
    charted_loss,
    count_training_calls,
    download,
    download_reader,
    player_data,
    upload,
)

from ann_app.content.csv_format import parse_csv
from ann_app.content.drawn_points import DrawnPoint, encode, point, to_csv
from ann_app.training.drawing import key
from ann_core import TrainingConfig, train

PATH = "app_pages/classification.py"
PAGE = "classification"
# Class 0 on the left, class 1 on the right: the default network learns it (no finding).
SIX = (
    DrawnPoint(-0.25, 0.0, 0),
    DrawnPoint(0.0, 0.5, 0),
    DrawnPoint(0.1, 1.2, 0),
    DrawnPoint(1.0, 0.0, 1),
    DrawnPoint(1.25, 0.75, 1),
    DrawnPoint(0.9, 1.3, 1),
)
LINK = "v1~-0.25_0_0~0_0.5_0~0.1_1.2_0~1_0_1~1.25_0.75_1~0.9_1.3_1"


def _page(params=None) -> AppTest:
    at = open_page(PATH, params)
    assert not at.exception
    return at


def _not_yet(at: AppTest) -> str:
    """Why the drawing cannot train yet: the line in the finding line's place, over the square."""
    lines = [m.value.removeprefix("✏️ ") for m in at.markdown if m.value.startswith("✏️ ")]
    assert len(lines) == 1, lines
    return lines[0]


def _drawn_frame(at) -> pd.DataFrame:
    """The surface chart's points (x1, x2, class, set), sorted."""
    frames = [f for f in chart_frames(at) if {"x1", "class", "set"} <= set(f.columns)]
    assert len(frames) == 1, "one chart of points expected"
    return frames[0].sort_values(["x1", "x2"]).reset_index(drop=True)


def _as_frame(points) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "x1": [p.x1 for p in points],
            "x2": [p.x2 for p in points],
            "class": [str(p.label) for p in points],
            "set": "training",
        }
    )
    return frame.sort_values(["x1", "x2"]).reset_index(drop=True)


@pytest.fixture
def downloads(monkeypatch):
    return download_reader(monkeypatch)


def test_a_link_with_six_points_trains_on_exactly_them():
    assert encode(SIX) == LINK
    at = _page({"pts": LINK})
    assert not at.warning and not at.error
    assert at.toggle(key=key(PAGE, "on")).value is True
    assert at.query_params["pts"] == LINK  # the URL keeps the drawing
    pd.testing.assert_frame_equal(_drawn_frame(at), _as_frame(SIX))
    config = TrainingConfig(problem="CUSTOM", task="classification", hidden_units=(4,))
    expected = train(config, ([p[:2] for p in SIX], [p.label for p in SIX]))
    np.testing.assert_array_equal(
        np.sort(np.vstack([expected.X, expected.X_test]), axis=0),
        np.sort([p[:2] for p in SIX], axis=0),
    )
    loss = charted_loss(at)
    np.testing.assert_array_equal(loss[loss["set"] == "training"]["summed"], expected.loss)
    assert "6 points: 3 of class 0, 3 of class 1." in [c.value for c in at.caption]
    assert expected.accuracy[-1] == 1.0  # why no finding is shown


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("v1~0_0_0~zz", "point 2 ('zz') is not x₁_x₂_class"),
        ("v2~0_0_0", "unknown version 'v2'"),
        ("v1~2_0_0~0_0_1", "outside the square"),
        ("v1~0_0_7", "the class must be 0 or 1"),
        ("v1~0_0_0~0_0_1", "point 2 is at the same place as point 1"),
        ("v1" + "".join(f"~{i / 100:g}_0_{i % 2}" for i in range(51)), "51 points"),
    ],
    ids=["not-a-point", "version", "range", "class", "twice", "too-long"],
)
def test_a_bad_drawing_in_a_link_warns_and_the_page_keeps_its_data(raw, reason):
    at = _page({"pts": raw, "data": "OR"})
    assert not at.error
    text = warnings_text(at)
    assert "Some values in the link were not used" in text
    assert "`pts=" in text and reason in text and "(no drawing)" in text
    assert "…" in text or len(raw) < 80  # a long value is shortened in the warning
    assert at.toggle(key=key(PAGE, "on")).value is False
    assert "pts" not in at.query_params and at.query_params["data"] == "OR"
    loss = charted_loss(at)
    expected = train(TrainingConfig(problem="OR", hidden_units=(4,)))
    np.testing.assert_array_equal(loss[loss["set"] == "training"]["summed"], expected.loss)


def test_clear_empties_the_drawing_and_the_link():
    at = _page({"pts": LINK})
    at.button(key=key(PAGE, "clear")).click().run()
    assert not at.exception and not at.warning
    assert at.session_state[key(PAGE, "points")] == ()
    assert at.query_params["pts"] == "v1"  # drawing stays on, with no points
    assert "No points yet" in _not_yet(at)
    assert not any("summed" in f.columns for f in chart_frames(at))  # nothing trained


def test_the_download_is_the_csv_the_upload_reads_back(downloads):
    at = _page({"pts": LINK})
    raw = downloads(download(at, key(PAGE, "download")))
    assert raw == to_csv(SIX)
    X, y = parse_csv(raw, "classification")
    np.testing.assert_array_equal(X, [p[:2] for p in SIX])
    np.testing.assert_array_equal(y, [p.label for p in SIX])
    drawn_loss = charted_loss(at)
    at.toggle(key=key(PAGE, "on")).set_value(False).run()
    assert "pts" not in at.query_params
    upload(at, PAGE, raw)
    assert not at.exception and not at.error
    assert any("Training on your 6 rows" in box.value for box in at.success)
    pd.testing.assert_frame_equal(_drawn_frame(at), _as_frame(SIX))
    pd.testing.assert_frame_equal(charted_loss(at), drawn_loss)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("v1", "No points yet: the network trains once there are 4, of both classes."),
        ("v1~0_0_0~1_1_1", "2 points so far: the network trains once there are 4."),
        ("v1~0_0_0~1_1_0~0_1_0~1_0_0", "All 4 points are class 0: add a point of class 1 to train"),
    ],
)
def test_too_few_points_or_one_class_say_so_instead_of_training(monkeypatch, raw, words):
    calls = count_training_calls(monkeypatch)
    at = _page({"pts": raw})
    assert not at.warning and not at.error
    assert _not_yet(at).startswith(words)
    assert calls == []
    assert at.get("vega_lite_chart")  # the square to draw on
    assert at.query_params["pts"] == raw


def test_turning_drawing_on_shows_the_square_and_off_the_data_set_again():
    at = _page()
    at.toggle(key=key(PAGE, "on")).set_value(True).run()
    assert "No points yet" in _not_yet(at) and at.query_params["pts"] == "v1"
    # the square sits where the surface will, under a Play and an epoch slider that wait for it
    assert player_data(at)["disabled"]
    assert at.slider(key="classification.epoch").disabled
    at.toggle(key=key(PAGE, "on")).set_value(False).run()
    assert "pts" not in at.query_params and len(charted_loss(at)) == 100


def test_a_drawing_too_long_for_a_link_leaves_the_link_and_keeps_every_point(downloads):
    at = _page({"pts": LINK})
    many = (*SIX, *(point(-0.5 + i / 100, -0.5, i % 2) for i in range(45)))
    assert len(many) == 51
    at.session_state[key(PAGE, "points")] = many  # 45 more clicks
    at.run()
    assert not at.exception and not at.warning
    assert "pts" not in at.query_params
    infos = " ".join(i.value for i in at.info)
    assert "Your drawing has 51 points, too many for a link (at most 50)" in infos
    assert len(_drawn_frame(at)) == 51
    X, _ = parse_csv(downloads(download(at, key(PAGE, "download"))), "classification")
    assert len(X) == 51


def test_a_link_without_a_drawing_turns_it_off_and_the_menu_keeps_it():
    at = _page({"pts": LINK})
    at.switch_page("app_pages/home.py").run()
    at.query_params.clear()  # a switch through the menu: an empty URL
    at.switch_page(PATH).run()
    assert at.toggle(key=key(PAGE, "on")).value is True
    assert at.query_params["pts"] == LINK
    at.switch_page("app_pages/lesson.py").run()
    at.query_params.clear()
    at.query_params.update({"data": "RING"})  # a lesson step's link, say
    at.switch_page(PATH).run()
    assert not at.exception
    assert at.toggle(key=key(PAGE, "on")).value is False and "pts" not in at.query_params
    at.switch_page("app_pages/lesson.py").run()
    at.query_params.update({"pts": "v1~0_0_0"})  # a link with another drawing
    at.switch_page(PATH).run()
    assert at.session_state[key(PAGE, "points")] == ((0.0, 0.0, 0),)


def _click_script() -> None:
    """Runs in AppTest: the chart's callback applied to a selection, as Streamlit calls it."""
    import streamlit as st

    from ann_app.training import drawing

    page, clicks = "test", st.session_state.get("clicks", [])
    chart_key = drawing.key(page, f"chart.{st.session_state.get(drawing.key(page, 'clicks'), 0)}")
    for selection in clicks:
        st.session_state[chart_key] = {"selection": selection}
        drawing.apply_click(page, chart_key)
    st.session_state["clicks"] = []


def test_the_click_callback_applies_each_click_once_and_renews_the_chart():
    at = AppTest.from_function(_click_script)
    at.session_state[key("test", "class")] = 1
    at.session_state["clicks"] = [CELL_CLICK]
    at.run()
    assert at.session_state[key("test", "points")] == (DrawnPoint(0.0, 0.0, 1),)
    assert at.session_state[key("test", "clicks")] == 1  # the next chart has a new key
    at.run()  # a rerun with no new click: the same selection is not applied again
    assert at.session_state[key("test", "points")] == (DrawnPoint(0.0, 0.0, 1),)
    at.session_state["clicks"] = [{"cell": [], "dot": []}]  # an emptied selection
    at.run()
    assert at.session_state[key("test", "clicks")] == 1
    at.session_state[key("test", "points")] = (DrawnPoint(0.0, 0.0, 0),)
    at.session_state["clicks"] = [DOT_CLICK]
    at.run()
    assert at.session_state[key("test", "points")] == ()
    assert at.session_state[key("test", "clicks")] == 2
