"""Every Altair chart of every page goes through ui.chart: a Vega-Lite spec (converted without
Altair's schema check, so checked here), drawn on a canvas, without Vega-Lite's ARIA descriptions
(only SVG carries them, and computing them per datum slowed a first visit), and in the presenter
view with its larger labels as well."""

import json

import altair as alt
import pandas as pd
import pytest
from altair.utils.schemapi import SchemaBase
from app_helpers import open_page
from streamlit import dataframe_util
from training_helpers import open_sections

from ann_app.shell import ui
from ann_app.shell.navigation import PAGES
from ann_app.training.scrubber import epoch_key


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_every_chart_is_a_canvas_without_aria_descriptions(page):
    for spec in chart_specs(open_page(page)):  # Home, Lesson and Backpropagation draw none
        assert spec["usermeta"]["embedOptions"]["renderer"] == "canvas"
        assert spec["config"]["aria"] is False
        assert "axis" not in spec["config"]  # the presenter view's sizes only in that view


def test_the_presenter_view_keeps_its_label_sizes_and_drops_aria_too():
    at = open_page("app_pages/classification.py", {"present": "1"})
    open_sections(at)
    specs = chart_specs(at)
    assert len(specs) >= 5
    for spec in specs:
        assert spec["config"]["aria"] is False
        assert spec["config"]["axis"] == {"labelFontSize": 16, "titleFontSize": 18}
        assert spec["config"]["title"] == {"fontSize": 20}


def test_a_spec_is_altairs_own_with_its_data_as_arrow_and_no_default_theme():
    frame = pd.DataFrame({"epoch": [0, 1, 2], "loss": [1.0, 0.5, 0.25]})
    figure = alt.Chart(frame).mark_line().encode(x="epoch:Q", y="loss:Q")
    spec = ui.vega_lite_spec(figure)
    ((name, payload),) = spec["datasets"].items()
    assert spec["data"] == {"name": name}
    pd.testing.assert_frame_equal(dataframe_util.convert_arrow_bytes_to_pandas_df(payload), frame)
    assert ui.vega_lite_spec(figure.copy())["datasets"].keys() == {name}  # named by content
    assert "config" not in spec  # Altair's default theme sets a view of 300 x 300
    reference = figure.to_dict()  # checked against the schema, Altair's own data and theme
    kept = ("mark", "encoding", "$schema")
    assert {k: spec[k] for k in kept} == {k: reference[k] for k in kept}


def test_every_chart_on_a_page_is_a_valid_vega_lite_spec():
    # the pages convert without Altair's schema check: the specs they send pass it here
    for spec in chart_specs(open_page("app_pages/classification.py")):
        alt.Root.validate({k: v for k, v in spec.items() if k != "datasets"})  # raises if not


@pytest.fixture
def slow_conversions(monkeypatch) -> list[str]:
    """Each time Altair builds a channel from a shorthand string or a dict (SchemaBase.from_dict).
    Such a call first hashes the schema of every one of Altair's classes: about 10 ms here, and a
    page once made 23 of them on every rerun. Channel objects (alt.X2("x1_end:Q")) skip it."""
    calls: list[str] = []
    original = SchemaBase.from_dict.__func__

    def spy(cls, *args, **kwargs):
        calls.append(cls.__name__)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(SchemaBase, "from_dict", classmethod(spy))
    return calls


# Every chart of the training pages: a continued history (its marks), a pin (the pinned series
# and small chart), the landscape, then Play's animated charts (and Classification's restarts).
TRAINING = {"hist": "v1~50,50,lr:0.5", "epochs": "50", "pin": "v1", "landscape": "true"}


@pytest.mark.parametrize(
    "page, params, restarts",
    [
        ("app_pages/classification.py", TRAINING, True),
        ("app_pages/regression.py", TRAINING, False),
        ("app_pages/activations.py", None, False),
        ("app_pages/error_surfaces.py", None, False),
        ("app_pages/autoencoders.py", {"compare": "true", "seeds": "5"}, False),
    ],
)
def test_charts_are_built_from_channel_objects_not_shorthand(
    page, params, restarts, slow_conversions
):
    at = open_page(page, params)
    name = page.removeprefix("app_pages/").removesuffix(".py")
    if params is TRAINING:  # the pin (the default settings) differs from the run: compared
        assert any("Compared with the pinned run" in c.value for c in at.caption)
        at.slider(key=epoch_key(name)).set_value(20).run()
    if restarts:
        at.toggle(key=f"{name}.restarts_on").set_value(True).run()
    assert not at.exception and len(chart_specs(at)) >= 2
    assert slow_conversions == []


def test_the_backpropagation_loss_chart_is_built_from_channel_objects(slow_conversions):
    at = open_page("app_pages/backpropagation.py")
    (next_sample,) = [b for b in at.button if b.label == "Next sample"]
    next_sample.click().run()  # a finished sample: its loss is plotted
    assert not at.exception and len(chart_specs(at)) == 1
    assert slow_conversions == []
