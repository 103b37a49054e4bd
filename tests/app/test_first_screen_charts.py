"""The first screen's charts (issue 30): a loss chart that shows the test loss's rise, a fit
legend that stays readable with many units, and charts as tall as the presenter view allows.
Read from the Vega-Lite specs a page sends; the browser measures them in test_layout.py."""

from __future__ import annotations

import json

import altair as alt
from app_helpers import open_page
from training_helpers import chart_title

from ann_app.charts.training_plots import HEIGHT, LEGEND_UNITS, LOG_SPAN, METRIC_HEIGHT
from ann_app.shell.presenter import PRESENTER_SCALE

OVERFIT = {"data": "SIN", "n": "40", "test": "0.3", "h1": "16", "lr": "0.05", "anneal": "1"}
OVERFIT_LINK = {**OVERFIT, "epochs": "500"}
REGRESSION = "app_pages/regression.py"
CLASSIFICATION = "app_pages/classification.py"


def specs(path: str, params: dict[str, str]) -> dict[str, dict]:
    """The page's charts by title."""
    at = open_page(path, params)
    assert not at.exception
    found = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    return {chart_title(spec): spec for spec in found}


def y_of(spec: dict) -> dict:
    return spec["layer"][0]["encoding"]["y"]


def test_the_overfitting_loss_is_on_a_log_scale_and_the_posts_sine_is_not():
    # 4.9 per sample in the first epochs against a lowest test loss of 0.22: over LOG_SPAN
    loss = specs(REGRESSION, OVERFIT_LINK)["Loss"]
    assert y_of(loss)["scale"] == {"type": "log"} and "(log scale)" in y_of(loss)["title"]
    alt.Root.validate({k: v for k, v in loss.items() if k != "datasets"})
    sine = specs(REGRESSION, {})["Loss"]  # no test points: the post's linear axis
    assert "scale" not in y_of(sine) and y_of(sine)["title"] == "loss per sample"
    tooltips = sine["layer"][0]["encoding"]["tooltip"]
    assert {
        "field": "loss",
        "type": "quantitative",
        "title": "loss per sample",
        "format": ".4f",
    } in (tooltips)  # the unit, in the tooltip too
    assert LOG_SPAN == 10.0


def _legend_domain(spec: dict) -> list[str]:
    colours = [
        layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer["encoding"]
    ]
    return colours[0]["scale"]["domain"]


def test_many_units_share_one_legend_entry_and_a_few_keep_their_own():
    fit = specs(REGRESSION, OVERFIT_LINK)["Data, prediction and units"]
    assert _legend_domain(fit) == ["prediction", "true f(x)", "output bias", "16 units' a·w"]
    few = specs(REGRESSION, {**OVERFIT_LINK, "h1": str(LEGEND_UNITS)})
    domain = _legend_domain(few["Data, prediction and units"])
    assert len(domain) == 3 + LEGEND_UNITS and "h¹₈: a·w" in domain


def test_the_data_points_are_drawn_over_the_stacked_bands():
    fit = specs(REGRESSION, {**OVERFIT_LINK, "stack": "true"})["Data, prediction and units"]
    marks = [layer["mark"]["type"] for layer in fit["layer"]]
    assert marks.index("area") < marks.index("circle") < marks.index("line")


def test_the_presenter_view_draws_loss_and_accuracy_as_tall_as_the_main_chart():
    tall = round(HEIGHT * PRESENTER_SCALE)
    shown = specs(CLASSIFICATION, {"present": "1"})
    assert shown["Loss"]["height"] == shown["Accuracy"]["height"] == tall
    assert specs(REGRESSION, {"present": "1"})["Loss"]["height"] == tall
    normal = specs(CLASSIFICATION, {})
    assert normal["Loss"]["height"] == normal["Accuracy"]["height"] == METRIC_HEIGHT
