"""Every page run through Streamlit's AppTest: defaults, every control at its extremes, links."""

import base64
import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from app_helpers import PAGES, open_page, warnings_text, widget
from streamlit import dataframe_util

from ann_app.content import lesson
from ann_app.content.lesson import STEPS, link_params
from ann_app.content.surface_text import one_weight_sentence
from ann_app.content.tables import (
    ACTIVATION_SETTINGS,
    BACKPROP_SETTINGS,
    HOME_SETTINGS,
    SURFACE_SETTINGS,
)
from ann_app.content.training_tables import CLASSIFICATION_SETTINGS
from ann_app.settings.setting import Setting, encode_value
from ann_app.shell.navigation import PAGES as NAV_PAGES
from ann_core.surfaces import one_weight_error

SETTINGS = {
    "app_pages/home.py": HOME_SETTINGS,
    "app_pages/activations.py": ACTIVATION_SETTINGS,
    "app_pages/error_surfaces.py": SURFACE_SETTINGS,
    "app_pages/backpropagation.py": BACKPROP_SETTINGS,
}


def specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def dataset_sizes(at, index: int) -> dict[str, int]:
    """Rows per named dataset of the index-th Altair chart (Streamlit ships them as Arrow)."""
    chart = at.get("vega_lite_chart")[index]
    return {
        d.name: len(dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data))
        for d in chart.proto.datasets
    }


def extremes(setting: Setting) -> list:
    """The values at the edges of what a control allows."""
    if setting.kind in ("float", "int"):
        return [setting.min, setting.max]
    if setting.kind == "choice":
        return list(setting.options)
    if setting.kind == "multichoice":
        return [[], list(setting.options)]
    return [not setting.default, setting.default]


# ---- every page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [p.path for p in NAV_PAGES])
def test_every_page_runs_clean_with_defaults(page):
    at = open_page(page)
    assert not at.exception
    assert not at.error
    assert not at.warning
    assert at.title[0].value


@pytest.mark.parametrize("page", list(SETTINGS))
def test_defaults_are_written_to_the_url(page):
    at = open_page(page)
    expected = {s.name: encode_value(s, s.default) for s in SETTINGS[page]}
    assert at.query_params == expected


CASES = [
    (page, setting, value)
    for page, settings in SETTINGS.items()
    for setting in settings
    for value in extremes(setting)
]


@pytest.mark.parametrize(
    ("page", "setting", "value"),
    CASES,
    ids=[f"{p.split('/')[-1][:-3]}-{s.name}={v}" for p, s, v in CASES],
)
def test_each_control_at_its_extremes(page, setting, value):
    # a setting that needs another (units of a second hidden layer) is opened with it met
    at = open_page(page, {setting.needs[0]: str(setting.needs[1])} if setting.needs else None)
    widget(at, PAGES[page], setting).set_value(value).run()
    assert not at.exception
    assert at.query_params[setting.name] == encode_value(
        setting, tuple(value) if setting.kind == "multichoice" else value
    )
    assert not any("link were not used" in str(w.value) for w in at.warning)


@pytest.mark.parametrize("page", list(SETTINGS))
def test_all_controls_at_their_maxima_together(page):
    """The heaviest view of each page (largest grid, most steps, widest ranges) still runs."""
    params = {}
    for s in SETTINGS[page]:
        if s.kind in ("float", "int"):
            params[s.name] = encode_value(s, s.max)
        elif s.kind == "multichoice":
            params[s.name] = ",".join(s.options)
    at = open_page(page, params)
    assert not at.exception
    assert "not used" not in warnings_text(at)
    for name, raw in params.items():
        assert at.query_params[name] == raw


@pytest.mark.parametrize("page", list(SETTINGS))
def test_bad_link_values_are_named_in_one_warning_and_defaults_used(page):
    settings = SETTINGS[page]
    numbers = [s for s in settings if s.kind in ("float", "int")]
    bad = {numbers[0].name: "abc", numbers[1].name: "nan", numbers[-1].name: "1e9"}
    at = open_page(page, bad)
    assert not at.exception
    (warning,) = [w for w in at.warning if "not used" in str(w.value)]
    for name, raw in bad.items():
        assert f"{name}='{raw}'" in warning.value
    assert "not a number" in warning.value
    assert "not a finite number" in warning.value
    assert "outside the range" in warning.value
    for s in numbers[:2] + numbers[-1:]:
        assert at.query_params[s.name] == encode_value(s, s.default)
        assert widget(at, PAGES[page], s).value == s.default


@pytest.mark.parametrize("page", list(SETTINGS))
def test_valid_link_values_are_used(page):
    settings = SETTINGS[page]
    params = {s.name: encode_value(s, s.max) for s in settings if s.kind in ("float", "int")}
    at = open_page(page, params)
    for s in settings:
        if s.name in params:
            assert widget(at, PAGES[page], s).value == s.max
    assert not at.warning or "not used" not in warnings_text(at)


def test_the_warning_is_gone_after_the_next_interaction():
    at = open_page("app_pages/activations.py", {"zmax": "inf"})
    assert "zmax='inf'" in warnings_text(at)
    widget(at, "activations", ACTIVATION_SETTINGS[1]).set_value(3.0).run()
    assert "not used" not in warnings_text(at)
    assert at.query_params["zmax"] == "3"


def test_unknown_link_keys_are_dropped_quietly():
    at = open_page("app_pages/activations.py", {"fbclid": "abc", "zmax": "2"})
    assert "fbclid" not in at.query_params
    assert at.query_params["zmax"] == "2"
    assert "not used" not in warnings_text(at)


def test_reset_restores_defaults_and_the_url():
    at = open_page("app_pages/error_surfaces.py", {"lr": "0.5", "res": "20", "g": "tanh"})
    assert at.query_params["lr"] == "0.5"
    at.button(key="error_surfaces.__reset__").click().run()
    assert not at.exception
    assert at.query_params == {s.name: encode_value(s, s.default) for s in SURFACE_SETTINGS}
    assert at.selectbox(key="error_surfaces.g").value == "sigmoid"


def test_controls_survive_a_round_trip_to_another_page():
    at = open_page("app_pages/activations.py")
    at.slider(key="activations.z0").set_value(-3.0).run()
    at.switch_page("app_pages/home.py").run()
    at.switch_page("app_pages/activations.py").run()
    assert at.slider(key="activations.z0").value == -3.0
    assert at.query_params["z0"] == "-3"


# ---- Home ---------------------------------------------------------------------------------------


def test_home_neuron_computes_z_and_output():
    at = open_page()
    metrics = {m.label: m.value for m in at.metric}
    # z = 1.5 * 1.0 + (-1.0) * 0.5 + 0.5
    assert metrics["pre-activation z"] == "1.500"
    assert metrics["output a = sigmoid(z)"] == f"{1 / (1 + math.exp(-1.5)):.3f}"
    at.selectbox(key="home.g").set_value("relu").run()
    at.slider(key="home.b").set_value(-5.0).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["pre-activation z"] == "-4.000"
    assert metrics["output a = relu(z)"] == "0.000"


def test_home_draws_the_network_from_its_layer_sizes():
    at = open_page("app_pages/home.py", {"inputs": "4", "h1": "5", "h2": "2", "outputs": "3"})
    neuron_dot, network_dot = (g.proto.spec for g in at.get("graphviz_chart"))
    assert 'label="z\\n' in neuron_dot
    units = sum(network_dot.count(f"n{layer}_") > 0 for layer in range(4))
    assert units == 4
    assert "n3_2" in network_dot and "n3_3" not in network_dot
    assert any("(4, 5, 2, 3)" in m.value for m in at.markdown)


def test_home_links_to_every_other_page():
    at = open_page()
    links = [link.proto.page for link in at.get("page_link")]
    assert links == [p.url_path for p in NAV_PAGES[1:]]


# ---- Activations --------------------------------------------------------------------------------


def test_activations_draw_two_panels_with_a_probe():
    at = open_page("app_pages/activations.py")
    value_panel, slope_panel = specs(at)
    for spec in (value_panel, slope_panel):
        marks = [layer["mark"]["type"] for layer in spec["layer"]]
        assert "rule" in marks and "point" in marks
    assert len(at.dataframe) == 1
    assert list(at.dataframe[0].value["activation"]) == ["linear", "sigmoid", "tanh", "relu"]
    assert len(at.latex) == 4


def test_empty_activation_choice_shows_a_friendly_message():
    at = open_page("app_pages/activations.py")
    at.multiselect(key="activations.show").set_value([]).run()
    assert not at.exception
    assert any("Pick at least one activation" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")
    assert at.query_params["show"] == ""


def test_saturation_is_pointed_out_at_the_probe():
    at = open_page("app_pages/activations.py", {"z0": "6", "show": "sigmoid,linear"})
    (note,) = [i.value for i in at.info if "Saturated" in i.value]
    assert "sigmoid" in note and "linear" not in note
    at.slider(key="activations.z0").set_value(0.0).run()
    assert not [i for i in at.info if "Saturated" in i.value]


def test_saturation_shading_can_be_switched_off():
    at = open_page("app_pages/activations.py")
    before = len(specs(at)[1]["layer"])
    at.toggle(key="activations.shade").set_value(False).run()
    assert len(specs(at)[1]["layer"]) == before - 2  # no grey band, no pale stretches


def test_probe_outside_the_range_is_noted():
    at = open_page("app_pages/activations.py", {"z0": "9", "zmax": "2"})
    assert any("outside the plotted range" in c.value for c in at.caption)


# ---- Error Surfaces -----------------------------------------------------------------------------


def test_error_surfaces_draw_curve_map_and_steps():
    at = open_page("app_pages/error_surfaces.py")
    curve, heatmap, steps = specs(at)
    assert curve["layer"][0]["mark"]["type"] == "line"
    assert heatmap["layer"][0]["mark"]["type"] == "rect"
    assert steps["mark"]["type"] == "line"
    assert len(at.get("graphviz_chart")) == 2
    (image,) = at.get("html")  # the matplotlib 3-D surface, inside the page (no media file)
    src = re.fullmatch(r'<img src="([^"]+)" alt="[^"]+" style="width: 100%">', image.proto.body)
    prefix, encoded = src[1].split(",", 1)
    assert prefix == "data:image/png;base64"
    assert base64.b64decode(encoded)[:8] == b"\x89PNG\r\n\x1a\n"
    assert [t.label for t in at.tabs] == ["Map with iso-error lines", "3-D surface"]


def test_plain_descent_stalls_on_the_plateau_while_momentum_crosses():
    at = open_page("app_pages/error_surfaces.py")
    summary = at.dataframe[0].value.set_index("optimizer")
    assert summary.loc["Gradient descent", "E"] > 0.2
    assert summary.loc["Momentum", "E"] < 0.01


def test_a_divergent_path_gets_a_clear_message():
    at = open_page("app_pages/error_surfaces.py", {"g": "linear", "lr": "5", "w1s": "3"})
    assert not at.exception
    messages = [e.value for e in at.error]
    assert messages and all("diverged" in m for m in messages)
    assert "Lower the learning rate" in messages[0]


def test_no_optimizer_means_no_paths_and_a_hint():
    at = open_page("app_pages/error_surfaces.py")
    at.pills(key="error_surfaces.opt").set_value([]).run()
    assert not at.exception
    assert any("Pick at least one optimizer" in i.value for i in at.info)
    assert len(specs(at)) == 2  # curve and map, no error-per-step chart
    assert at.query_params["opt"] == ""


def test_resolution_sets_the_number_of_cells():
    at = open_page("app_pages/error_surfaces.py", {"res": "12"})
    heatmap = specs(at)[1]
    name = heatmap["layer"][0]["data"]["name"]
    assert dataset_sizes(at, 1)[name] == 144


def _figure_4(at) -> tuple[str, pd.DataFrame]:
    """Figure 4's sentence and the curve its chart draws (the line layer's data)."""
    (sentence,) = [m.value for m in at.markdown if m.value.startswith("With one weight")]
    chart = at.get("vega_lite_chart")[0]
    name = json.loads(chart.proto.spec)["layer"][0]["data"]["name"]
    (data,) = [d.data.data for d in chart.proto.datasets if d.name == name]
    return sentence, dataframe_util.convert_arrow_bytes_to_pandas_df(data)


SURFACES_STEP = next(number for number, s in enumerate(STEPS, 1) if s.page == lesson.SURFACES)


@pytest.mark.parametrize(
    "params",
    [
        {},  # the post's sigmoid, t = 1
        link_params(STEPS[SURFACES_STEP - 1]),  # the lesson's step: tanh, t = 0
        {"g": "relu", "t": "0", "a0": "-1"},
        {"g": "linear", "a0": "0"},
    ],
    ids=["defaults", "lesson step", "relu", "a0 = 0"],
)
def test_figure_4s_sentence_names_the_settings_of_its_chart(params):
    """The sentence beside Figure 4 names the activation, target and input the chart is
    drawn with (it said "sigmoid, t = 1" beside the lesson's tanh, t = 0), and says what that
    curve does."""
    at = open_page("app_pages/error_surfaces.py", params)
    assert not at.exception
    sentence, curve = _figure_4(at)
    named = re.search(r"Here \((\w+), t = (-?[\d.]+), a₀ = (-?[\d.]+)\)", sentence)
    assert named, sentence
    g, t, a0 = named[1], float(named[2]), float(named[3])
    shown = {s.name: widget(at, "error_surfaces", s).value for s in SURFACE_SETTINGS[:3]}
    assert (g, t, a0) == (shown["g"], shown["t"], shown["a0"])
    np.testing.assert_allclose(curve["error"], one_weight_error(curve["w1"], a0, t, g))
    assert sentence == one_weight_sentence(g, t, a0, curve["w1"], curve["error"])


def test_figure_4s_sentence_on_the_lesson_s_step():
    """Step 3 of the lesson: tanh, t = 0, a valley at w₁ = 0 (not "it falls steadily")."""
    at = open_page("app_pages/error_surfaces.py", link_params(STEPS[SURFACES_STEP - 1]))
    sentence, curve = _figure_4(at)
    assert "Here (tanh, t = 0, a₀ = 1)" in sentence and "sigmoid" not in sentence
    lowest = curve.loc[curve["error"].idxmin()]
    assert (lowest["w1"], lowest["error"]) == (0.0, 0.0)
    assert "it is lowest, E = 0.000, at w₁ = 0.00" in sentence
    assert "rises on both sides" in sentence and "falls steadily" not in sentence


def test_figure_4s_sentence_says_what_each_kind_of_curve_does():
    w = np.linspace(-10, 10, 201)

    def said(g: str, t: float, a0: float) -> str:
        return one_weight_sentence(g, t, a0, w, one_weight_error(w, a0, t, g))

    assert "it falls steadily as w₁ grows" in said("sigmoid", 1.0, 1.0)  # the post's
    assert "its lowest, E = 1.000, is at w₁ = -10.00" in said("sigmoid", -1.0, 1.0)
    assert "stays at E = 0.000 for every w₁ from -10.00 to 0.00, then rises" in said(
        "relu", 0.0, 1.0
    )
    assert "falls as w₁ grows" in said("relu", 0.0, -1.0)
    assert "lowest, E = 0.000, at w₁ = 1.00, where the output relu(a₀w₁) equals t" in said(
        "relu", 1.0, 1.0
    )
    assert "between w₁ = 0.20 and 0.30" in said("linear", 0.5, 2.0)  # 0.25 falls between
    assert "it is flat, E = 1.000 for every w₁: with a₀ = 0" in said("linear", 1.0, 0.0)


# ---- settings that need another --------------------------------------------------------------

NEEDY = [
    (path, page, s)
    for path, page, table in [
        *((path, PAGES[path], SETTINGS[path]) for path in SETTINGS),
        ("app_pages/classification.py", "classification", CLASSIFICATION_SETTINGS),
    ]
    for s in table
    if s.needs is not None
]


@pytest.mark.parametrize(("path", "page", "setting"), NEEDY, ids=lambda x: getattr(x, "name", x))
def test_a_setting_is_greyed_out_while_what_it_needs_is_missing(path, page, setting):
    """E.g. no second hidden layer: its units slider is drawn but disabled; then enabled."""
    name, least = setting.needs
    below = open_page(path, {name: str(int(least) - 1)})
    assert not below.exception
    assert widget(below, page, setting).disabled
    enough = open_page(path, {name: str(int(least))})
    assert not enough.exception
    assert not widget(enough, page, setting).disabled
