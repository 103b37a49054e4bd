"""Drawn points without Streamlit: the link value (round trip, limits, every malformed case), the
CSV the upload reads back, when the network can train, and what one click does."""

from __future__ import annotations

import numpy as np
import pytest

from ann_app.content import drawn_points as dp
from ann_app.content.csv_format import parse_csv
from ann_app.content.drawn_points import DrawnPoint, after_click, encode, parse, point, to_csv
from ann_core.datasets import MIN_ROWS

SIX = (
    DrawnPoint(-0.5, -0.5, 0),
    DrawnPoint(1.5, 1.5, 1),
    DrawnPoint(0.25, -0.05, 0),
    DrawnPoint(0.0, 1.0, 1),
    DrawnPoint(1.0, 0.0, 1),
    DrawnPoint(0.33, 0.67, 0),
)
# What Streamlit 1.67 returned (event["selection"]) for clicks on the surface chart in chromium:
# one on the cell around (0, 0), one on a class-0 point drawn at (0, 0).
CELL_CLICK = {
    "cell": [{"x1": -0.025, "x1_end": 0.025, "x2": -0.025, "x2_end": 0.025}],
    "dot": [{"x1": -0.025, "x2": -0.025}],
}
DOT_CLICK = {"cell": [{"x1": 0, "x2": 0}], "dot": [{"x1": 0, "x2": 0, "class": "0"}]}


def test_link_value_is_compact_and_reads_back():
    text = encode(SIX)
    assert text == "v1~-0.5_-0.5_0~1.5_1.5_1~0.25_-0.05_0~0_1_1~1_0_1~0.33_0.67_0"
    assert parse(text) == SIX
    assert parse(encode(())) == () and encode(()) == "v1"


def test_round_trip_of_random_drawings_up_to_the_limit():
    rng = np.random.default_rng(7)
    for n in (1, 2, 17, dp.MAX_LINK_POINTS):
        cells = rng.choice(201 * 201, size=n, replace=False)  # distinct positions
        points = tuple(
            point(-0.5 + (c // 201) / 100, -0.5 + (c % 201) / 100, int(rng.integers(2)))
            for c in cells
        )
        assert parse(encode(points)) == points


def test_points_are_rounded_and_kept_in_the_square():
    assert point(0.123, 0.456, 1) == DrawnPoint(0.12, 0.46, 1)
    assert str(point(-0.001, 0.0, 0).x1) == "0.0"  # no -0.0 in a link
    assert encode([point(-0.001, 0.0, 0)]) == "v1~0_0_0"
    for bad in ((1.51, 0.0, 0), (0.0, -0.51, 0), (float("nan"), 0.0, 0), (0.0, 0.0, 2)):
        with pytest.raises(ValueError):
            point(*bad)


def test_more_than_a_link_holds_is_refused_both_ways():
    many = tuple(point(-0.5 + i / 100, 0.0, i % 2) for i in range(dp.MAX_LINK_POINTS + 1))
    with pytest.raises(ValueError, match="at most 50"):
        encode(many)
    text = "v1" + "".join(f"~{p.x1:g}_{p.x2:g}_{p.label}" for p in many)
    with pytest.raises(ValueError, match="51 points; a link holds at most 50"):
        parse(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "does not start with the version (v1)"),
        ("0_0_0", "does not start with the version"),
        ("v2~0_0_0", "unknown version 'v2'"),
        ("V1~0_0_0", "does not start with the version"),
        ("v1~", "point 1 ('') is not x₁_x₂_class"),
        ("v1~0_0_0~", "point 2 ('') is not x₁_x₂_class"),
        ("v1~0_0", "point 1 ('0_0') is not x₁_x₂_class"),
        ("v1~0_0_0_1", "is not x₁_x₂_class"),
        ("v1~0,0,0", "is not x₁_x₂_class"),
        ("v1~a_0_0", "'a' is not a number with at most 2 decimals"),
        ("v1~0.125_0_0", "'0.125' is not a number"),
        ("v1~1e0_0_0", "'1e0' is not a number"),
        ("v1~nan_0_0", "'nan' is not a number"),
        ("v1~inf_0_0", "'inf' is not a number"),
        ("v1~+1_0_0", "'+1' is not a number"),
        ("v1~ 1_0_0", "' 1' is not a number"),
        ("v1~.5_0_0", "'.5' is not a number"),
        ("v1~1._0_0", "'1.' is not a number"),
        ("v1~١_0_0", "'١' is not a number"),  # an Arabic-Indic one: float() would take it
        ("v1~1.51_0_0", "point 1: (1.51, 0) is outside the square -0.5 to 1.5"),
        ("v1~0_-0.6_0", "outside the square"),
        ("v1~10_0_0", "outside the square"),
        ("v1~0_0_2", "point 1: the class must be 0 or 1, got '2'"),
        ("v1~0_0_", "the class must be 0 or 1, got ''"),
        ("v1~0_0_1.0", "the class must be 0 or 1"),
        ("v1~0_0_0~0.5_0.5_1~0.00_0_1", "point 3 is at the same place as point 1"),
    ],
)
def test_every_malformed_link_value_is_refused_with_its_reason(text, words):
    with pytest.raises(ValueError) as error:
        parse(text)
    assert words in str(error.value)


def test_the_csv_is_what_the_upload_reads_back():
    X, y = parse_csv(to_csv(SIX), "classification")
    np.testing.assert_array_equal(X, [[p.x1, p.x2] for p in SIX])
    np.testing.assert_array_equal(y, [p.label for p in SIX])
    assert to_csv(SIX).startswith(b"x1,x2,label\n-0.5,-0.5,0\n")


def test_the_network_trains_once_the_engine_takes_the_points():
    assert dp.not_trainable(SIX) is None
    assert "No points yet" in dp.not_trainable(())
    three = SIX[:3]  # both classes, too few for the engine (MIN_ROWS)
    assert MIN_ROWS == 4
    assert dp.not_trainable(three) == "3 points so far: the network trains once there are 4."
    assert dp.not_trainable(SIX[:1]).startswith("1 point so far")
    assert "of both classes" in dp.not_trainable(SIX[:1])
    zeros = (*(p for p in SIX if p.label == 0), point(0.5, 0.5, 0))
    assert dp.not_trainable(zeros) == "All 4 points are class 0: add a point of class 1 to train."
    ones = (*(p for p in SIX if p.label == 1), point(0.5, 0.5, 1), point(0.6, 0.5, 1))
    assert dp.not_trainable(ones) == "All 5 points are class 1: add a point of class 0 to train."
    for points in (three, zeros, ones):  # the words agree with the engine's refusal
        with pytest.raises(ValueError):
            parse_csv(to_csv(points), "classification")


def test_a_click_on_an_empty_cell_adds_a_point_of_the_chosen_class_at_its_centre():
    assert after_click((), CELL_CLICK, 1) == (DrawnPoint(0.0, 0.0, 1),)
    edge = {"cell": [{"x1": 1.475, "x1_end": 1.525, "x2": -0.525, "x2_end": -0.475}]}
    assert after_click(SIX[2:3], edge, 0) == (SIX[2], DrawnPoint(1.5, -0.5, 0))


def test_a_click_on_a_drawn_point_removes_it_whatever_the_chosen_class():
    points = (DrawnPoint(0.0, 0.0, 0), SIX[1])
    assert after_click(points, DOT_CLICK, 1) == (SIX[1],)
    # a click on the cell that holds a point removes the one nearest the cell's centre
    near = (DrawnPoint(0.02, 0.0, 1), DrawnPoint(0.01, 0.0, 0), SIX[1])
    assert after_click(near, CELL_CLICK, 0) == (near[0], SIX[1])
    # the same click twice: added, then removed
    assert after_click(after_click((), CELL_CLICK, 0), CELL_CLICK, 0) == ()


@pytest.mark.parametrize(
    "selection",
    [
        {},
        {"cell": [], "dot": []},
        {"cell": [{"x1": 0, "x2": 0}], "dot": []},  # no far corner: not a cell
        {"dot": [{"x1": "a", "x2": 0, "class": "0"}]},
        {"cell": [{"x1": None, "x1_end": 0.1, "x2": 0, "x2_end": 0.1}]},
        {"cell": "nonsense"},
    ],
)
def test_anything_else_changes_nothing(selection):
    assert after_click(SIX, selection, 0) == SIX


def test_a_click_on_a_point_not_in_the_drawing_changes_nothing():
    assert after_click(SIX[1:], DOT_CLICK, 0) == SIX[1:]
