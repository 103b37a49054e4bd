"""One name per unit (issue 29, defect 6): on a network with two hidden layers, every place that
names a unit (the weights table, the weight picker and its picture, the hidden-unit maps, the
network diagram, the regression legend) names it as the Backpropagation page does (h¹₁ → h²₁),
and no two units share a name."""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np
import pytest

from ann_app.backprop import display
from ann_app.charts import diagrams, training_frames
from ann_core.network import n_parameters, unpack
from ann_core.training import backprop_step

SIZES = (2, 2, 2, 1)  # two inputs, two hidden layers of two, one output
INPUTS = ("x₁", "x₂")
THETA = np.random.default_rng(29).normal(size=n_parameters(SIZES))


def _backprop_units(sizes: tuple[int, ...]) -> dict[tuple[int, int], str]:
    """The Backpropagation page's name of every unit (layer, unit), read off its diagram."""
    step = backprop_step(
        unpack(THETA if sizes == SIZES else np.zeros(n_parameters(sizes)), sizes),
        np.zeros((1, sizes[0])),
        np.zeros((1, sizes[-1])),
        ("sigmoid",) * (len(sizes) - 1),
        "sse",
        0.5,
    )
    dot = display.backprop_dot(step, [0.0] * sizes[-1], ("sigmoid",) * (len(sizes) - 1), 0)
    names = re.findall(r"n(\d+)_(\d+) \[label=<<B>([^<]+)</B>", dot)
    return {(int(layer), int(unit)): name for layer, unit, name in names}


BACKPROP = _backprop_units(SIZES)


def _distinct_per_unit(names: dict[tuple[int, int], str]) -> None:
    assert len(set(names.values())) == len(names), names


def test_the_backprop_page_names_every_unit_once_with_its_layer():
    assert sorted(BACKPROP) == [(k, j) for k, n in enumerate(SIZES) for j in range(n)]
    _distinct_per_unit(BACKPROP)
    assert BACKPROP[(1, 0)] == "h¹₁" and BACKPROP[(2, 0)] == "h²₁"
    assert BACKPROP[(0, 1)] == "x₂" and BACKPROP[(3, 0)] == "ŷ"


def test_the_weights_table_names_each_parameter_as_the_backprop_page_does():
    table = training_frames.parameters_frame(SIZES, INPUTS, THETA)
    as_backprop = [
        f"b({to})" if source == "bias" else f"{source}→{to}"
        for source, to in zip(table["from"], table["to"], strict=True)
    ]
    assert as_backprop == display.parameter_names(SIZES)
    assert len(set(as_backprop)) == len(as_backprop) == n_parameters(SIZES)
    # every row's ends, unit by unit, in pack order
    rows = iter(table.to_dict("records"))
    for layer, (n_in, n_out) in enumerate(pairwise(SIZES)):
        for i in range(n_in):
            for j in range(n_out):
                row = next(rows)
                assert (row["from"], row["to"]) == (BACKPROP[layer, i], BACKPROP[layer + 1, j])
    for layer, n_out in enumerate(SIZES[1:]):
        for j in range(n_out):
            row = next(rows)
            assert (row["from"], row["to"]) == ("bias", BACKPROP[layer + 1, j])


def test_the_picker_and_its_picture_name_the_units_as_the_backprop_page_does():
    edges, units = training_frames.network_frames(SIZES, INPUTS, THETA)
    # the picture's units, column by column from the top
    pictured = {
        (int(unit["x"]), rank): unit["unit"]
        for x, column in units.groupby("x")
        for rank, unit in enumerate(column.sort_values("y", ascending=False).to_dict("records"))
    }
    assert pictured == BACKPROP
    table = training_frames.parameters_frame(SIZES, INPUTS, THETA)
    labels = [training_frames.parameter_label(row) for row in table.to_dict("records")]
    words = [re.sub(r" \(p \d+\)$", "", label) for label in labels]  # without their p
    assert len(set(words)) == len(words)
    assert labels[4] == "w: h¹₁ → h²₁ (p 4)"  # W2 starts after W1's 2 x 2
    assert labels[n_parameters(SIZES) - 3] == "bias of h²₁ (p 12)"
    assert edges["label"].tolist() == labels[: len(edges)]
    assert units["label"].dropna().tolist()[2:] == labels[len(edges) :]  # after the inputs


def test_the_hidden_unit_maps_name_the_first_hidden_layer_as_the_backprop_page_does():
    points = np.array([[0.0, 0.0], [0.5, 0.0]])
    cells = training_frames.unit_cells_frame(points, np.zeros((2, SIZES[1])))
    assert list(dict.fromkeys(cells["unit"])) == [BACKPROP[1, j] for j in range(SIZES[1])]


def test_the_network_diagram_names_the_units_as_the_backprop_page_does():
    dot = diagrams.network_dot(SIZES)
    names = re.findall(r"n(\d+)_(\d+) \[label=<([^>]+)>", dot)
    assert {(int(layer), int(unit)): name for layer, unit, name in names} == BACKPROP


@pytest.mark.parametrize("sizes", [(1, 3, 1), (1, 2, 2, 1)])
def test_the_regression_legend_names_the_last_hidden_layers_units(sizes):
    backprop = _backprop_units(sizes)
    last = len(sizes) - 2  # the contributions are the last hidden layer's a·w
    x = np.linspace(-1, 1, 5)
    contributions = np.zeros((5, sizes[last]))
    expected = [f"{backprop[last, j]}: a·w" for j in range(sizes[last])]
    fit = training_frames.fit_frame(x, x, contributions, 0.0, layer=last)
    assert list(dict.fromkeys(fit.loc[fit["kind"] == "unit", "series"])) == expected
    stack = training_frames.stack_frame(x, contributions, 0.0, layer=last)
    assert list(dict.fromkeys(stack["series"])) == ["output bias", *expected]
