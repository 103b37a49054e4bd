"""One name per unit on the pages themselves (issue 29, defect 6): on the Classification page
with two hidden layers of two, the weights table, the weight picker, the picture of the network
and the hidden-unit maps name every unit as the Backpropagation page does for the same network,
and no two units share a name."""

from __future__ import annotations

import re

from app_helpers import open_page
from training_helpers import SECTIONS, chart_frames

from ann_app.training.history_view import open_key
from ann_app.training.weight_picker import key

NETWORK = {"layers": "2", "h1": "2", "h2": "2"}  # (2, 2, 2, 1)
N_WEIGHTS = 2 * 2 + 2 * 2 + 2 * 1


def _backprop_names() -> tuple[dict[tuple[int, int], str], list[str]]:
    """The Backpropagation page's name of every unit (layer, unit), from its diagram, and of
    every parameter, from its table of them, in pack order."""
    at = open_page("app_pages/backpropagation.py", NETWORK)
    assert not at.exception
    dot = at.get("graphviz_chart")[0].proto.spec
    units = {
        (int(layer), int(unit)): name
        for layer, unit, name in re.findall(r"n(\d+)_(\d+) \[label=<<B>([^<]+)</B>", dot)
    }
    (table,) = [d.value for d in at.dataframe if list(d.value.columns) == ["parameter", "value"]]
    return units, table["parameter"].tolist()


def test_every_unit_has_the_backprop_pages_name_on_the_classification_page():
    units, parameters = _backprop_names()
    assert len(units) == 7 and len(set(units.values())) == 7
    assert len(parameters) == len(set(parameters)) == N_WEIGHTS + 5

    page = "classification"
    at = open_page(f"app_pages/{page}.py", {**NETWORK, "epochs": "5"})
    at.session_state[open_key(page)] = True  # "Continue training, or edit the weights" opened
    at.session_state[key(page, "picked")] = 4  # W2's first weight
    for section in SECTIONS:  # the hidden units' maps and the network picture, opened
        at.session_state[f"{page}.{section}"] = True
    at.run()
    assert not at.exception

    (editor,) = at.data_editor  # the weights table
    table = editor.value
    shown = [
        f"b({to})" if source == "bias" else f"{source}→{to}"
        for source, to in zip(table["from"], table["to"], strict=True)
    ]
    assert shown == parameters

    labels = [n.label for n in at.number_input if n.label.startswith(("w: ", "bias of "))]
    assert labels == [f"w: {units[1, 0]} → {units[2, 0]} (p 4)"] == ["w: h¹₁ → h²₁ (p 4)"]

    frames = chart_frames(at)
    pictures = [f for f in frames if "kind" in f.columns]
    assert pictures  # beside the charts, and the picker's
    for picture in pictures:
        columns = {
            (int(unit["x"]), rank): unit["unit"]
            for _, column in picture.groupby("x")
            for rank, unit in enumerate(column.sort_values("y", ascending=False).to_dict("records"))
        }
        assert columns == units
    (maps,) = [f for f in frames if "unit" in f.columns and "x1_end" in f.columns]
    assert list(dict.fromkeys(maps["unit"])) == [units[1, 0], units[1, 1]]
