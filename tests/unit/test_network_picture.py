"""The weight picker's picture of the network without Streamlit (charts/training_frames.py,
training_plots.py): every weight an edge and every bias a unit, each once with its p and its
value as `ann_core.network.unpack` reads it, where each unit stands, which parameter a click
picks (from the selections Streamlit returned in chromium), and what the chart draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ann_app.charts import training_frames, training_plots
from ann_app.charts.training_frames import PICK, network_frames, parameter_label, picked_of
from ann_app.content.labels import NEGATIVE, PICKED_COLOUR, POSITIVE
from ann_core.network import n_parameters, unpack

SIZES = (3, 4, 2, 2)  # two hidden layers and two outputs: ŷ₁, ŷ₂
INPUTS = ("x₁", "x₂", "x₁²")
THETA = np.random.default_rng(3).normal(size=n_parameters(SIZES))
N_WEIGHTS = 3 * 4 + 4 * 2 + 2 * 2
# What Streamlit 1.67 returned (event["selection"]) for clicks on the picture in chromium, for
# the network (2, 4, 1): on the edge h¹₂ → ŷ, on the unit h¹₂, on the input x₁, and before any
# click (or on nothing).
EDGE_CLICK = {"pick": [{"p": 9}]}
UNIT_CLICK = {"pick": [{"p": 13}]}
INPUT_CLICK = {"pick": [{"p": None}]}
NO_CLICK = {"pick": {}}


def _column(units: pd.DataFrame, x: int) -> pd.DataFrame:
    """One column's units from top to bottom."""
    return units[units["x"] == x].sort_values("y", ascending=False)


def test_every_weight_is_one_edge_and_every_bias_one_unit_with_the_value_unpack_reads():
    edges, units = network_frames(SIZES, INPUTS, THETA)
    layers = unpack(THETA, SIZES)
    assert edges["p"].tolist() == list(range(N_WEIGHTS))
    assert units["p"].dropna().tolist() == list(range(N_WEIGHTS, len(THETA)))
    for edge in edges.to_dict("records"):
        # the edge joins the unit named `from` in its column to the unit named `to` in the next
        left, right = _column(units, edge["x"]), _column(units, edge["x2"])
        i = left["unit"].tolist().index(edge["from"])
        j = right["unit"].tolist().index(edge["to"])
        assert (edge["y"], edge["y2"]) == (left["y"].iloc[i], right["y"].iloc[j])
        assert edge["x2"] == edge["x"] + 1
        assert edge["value"] == layers[edge["x"]][0][i, j]
        assert edge["label"] == f"w: {edge['from']} → {edge['to']} (p {edge['p']})"
        assert edge["sign"] == ("positive" if edge["value"] >= 0 else "negative")
        assert edge["magnitude"] == abs(edge["value"])
    for x in range(1, len(SIZES)):
        column = _column(units, x)
        np.testing.assert_array_equal(column["value"], layers[x - 1][1])
        assert column["label"].tolist() == [
            f"bias of {u} (p {p})" for u, p in zip(column["unit"], column["p"], strict=True)
        ]


def test_the_units_stand_in_columns_by_layer_spread_and_named_as_the_table_names_them():
    _, units = network_frames(SIZES, INPUTS, THETA)
    names = [_column(units, x)["unit"].tolist() for x in range(len(SIZES))]
    assert names == [list(INPUTS), ["h¹₁", "h¹₂", "h¹₃", "h¹₄"], ["h²₁", "h²₂"], ["ŷ₁", "ŷ₂"]]
    # each column spread over the largest's height, 4: 4/3 apart for 3 units, 2 for 2
    expected = [[4 / 3, 0.0, -4 / 3], [1.5, 0.5, -0.5, -1.5], [1.0, -1.0], [1.0, -1.0]]
    for x, ys in enumerate(expected):
        np.testing.assert_allclose(_column(units, x)["y"], ys, rtol=0, atol=1e-12)
    assert units.groupby("x")["kind"].unique().map(list).tolist() == [
        ["input"],
        ["hidden"],
        ["hidden"],
        ["output"],
    ]
    inputs = units[units["kind"] == "input"]
    assert inputs["p"].isna().all() and inputs["value"].isna().all()  # an input has no bias
    assert (inputs["sign"] == "input").all()
    table = training_frames.parameters_frame(SIZES, INPUTS, THETA)
    assert set(units["unit"]) == set(table["from"]) - {"bias"} | set(table["to"])


def test_the_picked_parameter_is_marked_once_an_edge_or_a_unit():
    for p, edge in ((5, True), (N_WEIGHTS + 4, False)):
        edges, units = network_frames(SIZES, INPUTS, THETA, picked=p)
        assert edges.loc[edges["picked"], "p"].tolist() == ([p] if edge else [])
        assert units.loc[units["picked"], "p"].tolist() == ([] if edge else [p])
    edges, units = network_frames(SIZES, INPUTS, THETA)
    assert not edges["picked"].any() and not units["picked"].any()


def test_a_parameter_in_words_names_its_edge_or_its_unit_and_its_p():
    table = training_frames.parameters_frame((2, 4, 1), ("x₁", "x₂"), np.zeros(17)).set_index("p")
    assert parameter_label({"p": 9, **table.loc[9]}) == "w: h¹₂ → ŷ (p 9)"
    assert parameter_label({"p": 13, **table.loc[13]}) == "bias of h¹₂ (p 13)"
    assert parameter_label({"p": 0, **table.loc[0]}) == "w: x₁ → h¹₁ (p 0)"


def test_a_click_picks_the_edge_or_the_unit_it_landed_on():
    assert picked_of(EDGE_CLICK, 17) == 9
    assert picked_of(UNIT_CLICK, 17) == 13
    assert picked_of({"pick": [{"p": 16.0}]}, 17) == 16  # a number JSON gave as a float


@pytest.mark.parametrize(
    "selection",
    [
        INPUT_CLICK,
        NO_CLICK,
        {"pick": []},
        {},
        {"pick": [{"p": 17}]},  # the network (2, 4, 1) has 17 parameters: p 0 to 16
        {"pick": [{"p": -1}]},
        {"pick": [{"p": 2.5}]},
        {"pick": [{"p": True}]},
        {"pick": [{"p": "9"}]},
        {"pick": [{"p": float("nan")}]},
        {"pick": [{}]},
        {"pick": ["p9"]},
    ],
)
def test_anything_else_picks_nothing(selection):
    assert picked_of(selection, 17) is None


def test_the_chart_draws_the_signs_colours_the_sizes_and_the_halo_and_selects_p():
    edges, units = network_frames(SIZES, INPUTS, THETA, picked=5)
    spec = training_plots.network_chart(edges, units, pickable=True).to_dict()
    layers = spec["layer"]
    (param,) = spec["params"]  # Altair lifts it to the top, naming the layer it listens to
    assert param["name"] == PICK and param["select"]["fields"] == ["p"]
    (hits,) = [layer for layer in layers if layer.get("name") in param["views"]]
    assert hits["mark"]["strokeWidth"] == training_plots.HIT_WIDTH  # the wide edges to click
    lines, halo, picked = layers[:3]  # the picked edge over its halo, over the others
    assert halo["mark"]["color"] == PICKED_COLOUR
    assert halo["transform"] == picked["transform"] == [{"filter": "datum.picked"}]
    assert picked["encoding"] == lines["encoding"]
    lines = lines["encoding"]
    assert lines["color"]["scale"]["range"][:2] == [POSITIVE, NEGATIVE]
    assert lines["strokeWidth"]["scale"]["domain"] == [0, float(np.max(np.abs(THETA[:N_WEIGHTS])))]
    assert spec["height"] == training_plots.PICK_HEIGHT
    datasets = list(spec["datasets"].values())
    assert {len(rows) for rows in datasets} == {N_WEIGHTS, 3 + 4 + 2 + 2}


def test_a_column_too_crowded_for_its_labels_leaves_them_to_the_tooltip():
    edges, units = network_frames((2, 16, 1), ("x₁", "x₂"), np.zeros(n_parameters((2, 16, 1))))
    spec = training_plots.network_chart(edges, units, height=200, font_size=12).to_dict()
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert {t["transform"][0]["filter"] for t in texts} == {"indexof([1], datum.x) < 0"}
    roomy = training_plots.network_chart(*network_frames(SIZES, INPUTS, THETA)).to_dict()
    assert all(len(layer.get("transform", [])) <= 1 for layer in roomy["layer"])
