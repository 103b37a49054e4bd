"""Pointing at a hidden unit draws it in the main chart (issue 33, training/unit_hover.py): what
the page sends for it. The main surface carries a hidden parameter and a layer that draws the
unit it holds (no data of its own: its cells come from a Vega sequence); the unit maps and the
network picture select the unit under the pointer; each section's component carries its units'
shades at the epoch shown. The pointing itself: tests/browser/test_classification.py."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
from app_helpers import open_page
from training_helpers import chart_frames, open_sections

from ann_app.cached import MAP_GRID, grid_points
from ann_app.charts import training_plots
from ann_app.charts.training_frames import network_frames
from ann_app.charts.training_plots import (
    HOVER_SELECTION,
    SHADE_STEPS,
    SHOWN_SEPARATOR,
    SHOWN_UNIT_PARAM,
    shades_text,
    unit_colour_domain,
)
from ann_app.content.labels import UNIT_COLOURS
from ann_app.training import unit_hover
from ann_app.training.scrubber import epoch_key
from ann_core import TrainingConfig, train
from ann_core.datasets import CLASSIFICATION_VIEW

PAGE = "classification"
PATH = "app_pages/classification.py"


def _specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def _texts(at) -> dict[str, dict[str, str]]:
    """Each section's component's texts (section -> unit -> text)."""
    found = {}
    for component in at.get("bidi_component"):
        if component.proto.component_name.endswith("unit_hover"):
            section = component.proto.id.rsplit("unit_hover.", 1)[1]
            found[section] = json.loads(component.proto.json)["texts"]
    return found


def _shades(text: str) -> tuple[str, np.ndarray]:
    """A text's title and its shades in [0, 1]."""
    title, shades = text.split(SHOWN_SEPARATOR)
    return title, np.frombuffer(bytes.fromhex(shades), dtype=np.uint8) / SHADE_STEPS


def _hover_params(spec: dict) -> list[dict]:
    return [p for p in spec.get("params", []) if p["name"] == HOVER_SELECTION]


def test_the_surface_draws_the_unit_its_parameter_holds_from_no_data_of_its_own():
    at = open_page(PATH)
    assert not at.exception
    surface = _specs(at)[0]
    alt.Root.validate({k: v for k, v in surface.items() if k != "datasets"})
    (shown,) = [p for p in surface["params"] if p["name"] == SHOWN_UNIT_PARAM]
    assert shown["value"] == "" and shown["bind"] == {"input": "text"}  # hidden by player.py
    heat, unit, dots = surface["layer"]
    assert heat["encoding"]["color"]["field"] == "output"  # the output under it, as before
    # the unit's layer: a rect per cell of the maps' grid, from a sequence, only while shown
    assert unit["data"] == {"sequence": {"start": 0, "stop": MAP_GRID**2, "as": "cell"}}
    assert unit["transform"][0] == {"filter": f"length({SHOWN_UNIT_PARAM}) > 0"}
    assert unit["encoding"]["color"]["scale"] == {
        "domain": [0, 0.5, 1],
        "range": list(UNIT_COLOURS),  # the unit maps' colours
    }
    assert "Decision surface" in surface["title"]["text"]["expr"]
    # the cells' corners, computed as Vega computes them, are those of the maps' grid
    low, high = CLASSIFICATION_VIEW
    step = (high - low) / (MAP_GRID - 1)
    cell = np.arange(MAP_GRID**2)
    x1 = low + (cell % MAP_GRID - 0.5) * step
    x2 = low + (cell // MAP_GRID - 0.5) * step
    calculated = {t["as"]: t["calculate"] for t in unit["transform"] if "calculate" in t}
    assert calculated["x1"] == f"{low} + (datum.cell % {MAP_GRID} - 0.5) * {step}"
    assert calculated["x2"] == f"{low} + (floor(datum.cell / {MAP_GRID}) - 0.5) * {step}"
    centres = np.column_stack([x1, x2]) + step / 2
    np.testing.assert_allclose(centres, grid_points(MAP_GRID, CLASSIFICATION_VIEW), atol=1e-12)
    assert len(at.get("vega_lite_chart")[0].proto.datasets) == 2  # cells and points, as before
    assert "points" in dots["encoding"]["shape"]["legend"]["title"]


def test_each_section_carries_its_units_shades_at_the_epoch_shown():
    at = open_page(PATH, {"h1": "4", "layers": "2", "h2": "3"})
    open_sections(at)
    assert not at.exception
    run = train(TrainingConfig(problem="XOR", hidden_units=(4, 3)))
    _check_texts(at, run, run.epochs)
    at.slider(key=epoch_key(PAGE)).set_value(7).run()  # a scrub sends the new epoch's
    _check_texts(at, run, 7)


def _check_texts(at, run, epoch: int) -> None:
    texts = _texts(at)
    points = grid_points(MAP_GRID, CLASSIFICATION_VIEW)
    layers = run.forward_epochs(points, [epoch]).a
    first = [f"h¹{s}" for s in "₁₂₃₄"]
    # the maps' component: the first layer, on the small maps' own colour range
    maps = next(f for f in chart_frames(at) if "unit" in f.columns and "x1_end" in f.columns)
    low, high = unit_colour_domain("sigmoid", layers[0][0])
    assert list(texts["maps"]) == first
    for k, name in enumerate(first):
        title, shades = _shades(texts["maps"][name])
        assert title == f"Hidden unit {name}: its activation (the unit maps' colours)"
        drawn = maps.loc[maps["unit"] == name, "output"].to_numpy()  # what its small map draws
        np.testing.assert_allclose(shades, (drawn - low) / (high - low), atol=0.5 / SHADE_STEPS)
        np.testing.assert_allclose(drawn, layers[0][0][:, k], atol=1e-12)
    # the network's component: every hidden layer, each on its own range
    second = [f"h²{s}" for s in "₁₂₃"]
    assert list(texts["network"]) == first + second
    assert {n: texts["network"][n] for n in first} == texts["maps"]
    low, high = unit_colour_domain("sigmoid", layers[1][0])
    for k, name in enumerate(second):
        _, shades = _shades(texts["network"][name])
        np.testing.assert_allclose(
            shades, (layers[1][0][:, k] - low) / (high - low), atol=0.5 / SHADE_STEPS
        )


def test_the_maps_and_the_network_select_the_unit_under_the_pointer():
    at = open_page(PATH)
    open_sections(at)
    hovering = [spec for spec in _specs(at) if _hover_params(spec)]
    assert len(hovering) == 2  # the unit maps and the network picture
    for spec in hovering:
        alt.Root.validate({k: v for k, v in spec.items() if k != "datasets"})
        (hover,) = _hover_params(spec)
        assert hover["select"] == {"type": "point", "on": "pointermove", "fields": ["unit"]}
        assert hover["bind"] == {"input": "text"}  # its input: HOVER_INPUT, hidden by player.py


def test_without_a_hidden_layer_nothing_is_offered():
    at = open_page(PATH, {"layers": "0"})
    open_sections(at)
    assert not at.exception
    assert _texts(at) == {}
    assert not [spec for spec in _specs(at) if _hover_params(spec)]


def test_the_weight_picker_does_not_select_on_hover():
    """A selection the picker's chart sends to Python would rerun the page at each move."""
    edges, units = network_frames((2, 3, 1), ("x₁", "x₂"), np.zeros(13))
    spec = training_plots.network_chart(edges, units, pickable=True, hoverable=True).to_dict()
    assert not _hover_params(spec)


def test_shades_are_hex_steps_of_the_colour_range_clamped():
    values = np.array([-1.0, 0.0, 0.25, 0.5, 1.0, 2.0, np.nan])
    assert shades_text(values, 0.0, 1.0) == "0000" + "40" + "80" + "ffff" + "80"
    texts = unit_hover.unit_texts(["h¹₁"], np.array([[0.0], [1.0]]), -1.0, 1.0)
    assert texts == {"h¹₁": "Hidden unit h¹₁: its activation (the unit maps' colours)|80ff"}


def test_the_regression_map_over_two_inputs_draws_its_units_and_a_curve_does_not():
    at = open_page("app_pages/regression.py", {"data": "GAUSS"})
    open_sections(at)
    assert not at.exception
    surface = next(spec for spec in _specs(at) if "Prediction ŷ" in str(spec.get("title")))
    assert SHOWN_UNIT_PARAM in [p["name"] for p in surface["params"]]
    assert surface["title"]["text"]["expr"].endswith(': "Prediction ŷ over (x₁, x₂)"')
    texts = _texts(at)
    assert list(texts["maps"]) == list(texts["network"]) == ["h¹₁", "h¹₂", "h¹₃"]
    at = open_page("app_pages/regression.py", {"data": "SIN"})
    open_sections(at)
    assert not at.exception and _texts(at) == {}
    assert not [spec for spec in _specs(at) if _hover_params(spec)]
    assert not [s for s in _specs(at) if SHOWN_UNIT_PARAM in str(s.get("params"))]
