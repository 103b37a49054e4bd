"""Every Altair chart of every page goes through ui.chart: drawn on a canvas, without Vega-Lite's
ARIA descriptions (only SVG carries them, and computing them per datum slowed a first visit),
and in the presenter view with its larger labels as well."""

import json

import pytest
from app_helpers import open_page

from ann_app.shell.navigation import PAGES


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_every_chart_is_a_canvas_without_aria_descriptions(page):
    for spec in chart_specs(open_page(page)):  # Home, Lesson and Backpropagation draw none
        assert spec["usermeta"]["embedOptions"]["renderer"] == "canvas"
        assert spec["config"]["aria"] is False
        assert "axis" not in spec["config"]  # the presenter view's sizes only in that view


def test_the_presenter_view_keeps_its_label_sizes_and_drops_aria_too():
    specs = chart_specs(open_page("app_pages/classification.py", {"present": "1"}))
    assert len(specs) >= 5
    for spec in specs:
        assert spec["config"]["aria"] is False
        assert spec["config"]["axis"] == {"labelFontSize": 16, "titleFontSize": 18}
        assert spec["config"]["title"] == {"fontSize": 20}
