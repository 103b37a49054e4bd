"""Chart builders, data frames, diagrams and the 3-D figure, tested without Streamlit."""

import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from ann_app.charts import diagrams, frames, plots
from ann_app.charts.surface3d import surface_figure
from ann_app.content import formulas
from ann_app.content.labels import ACTIVATION_STYLE
from ann_core import surfaces
from ann_core.activations import ACTIVATIONS


def layers_of(chart: alt.TopLevelMixin) -> list[dict]:
    spec = chart.to_dict()
    return spec.get("layer", [spec])


def mark_of(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def rows(chart: alt.TopLevelMixin, layer: dict) -> int:
    spec = chart.to_dict()
    name = layer.get("data", spec.get("data", {})).get("name")
    return len(spec["datasets"][name])


def legends(chart: alt.TopLevelMixin) -> list[tuple[str, str]]:
    """(channel, field) of every encoding that would draw a legend."""
    found = []
    for layer in layers_of(chart):
        for channel, enc in layer.get("encoding", {}).items():
            legend_channel = channel in ("color", "fill", "stroke", "strokeDash", "shape")
            if legend_channel and "field" in enc and enc.get("legend", {}) is not None:
                found.append((channel, enc["field"]))
    return found


# ---- frames -------------------------------------------------------------------------------------


def test_activation_curves_one_block_per_activation():
    curves = frames.activation_curves(("sigmoid", "relu"), 4.0, n_points=81)
    assert len(curves) == 162
    assert curves["z"].min() == -4.0 and curves["z"].max() == 4.0
    sig = curves[curves["activation"] == "sigmoid"]
    assert sig["value"].between(0, 1).all()
    assert np.allclose(sig["derivative"], sig["value"] * (1 - sig["value"]))


def test_saturated_runs_are_numbered_separately():
    curves = frames.activation_curves(("sigmoid",), 8.0, n_points=161, saturation=0.1)
    runs = set(curves.loc[curves["saturated"], "run"])
    assert runs == {1, 2}  # the left tail and the right tail
    assert not curves.loc[curves["z"].abs() < 1, "saturated"].any()


def test_no_activation_gives_an_empty_frame_with_columns():
    curves = frames.activation_curves((), 5.0)
    assert curves.empty and "derivative" in curves.columns


def test_probe_table_writes_the_derivative_from_the_output():
    table = frames.probe_table(("linear", "sigmoid", "tanh", "relu"), 0.5)
    by_name = table.set_index("activation")
    a = 1 / (1 + np.exp(-0.5))
    assert by_name.loc["sigmoid", "a = g(z₀)"] == pytest.approx(a)
    assert by_name.loc["sigmoid", "g′(z₀)"] == pytest.approx(a * (1 - a))
    assert by_name.loc["tanh", "g′(z₀)"] == pytest.approx(1 - np.tanh(0.5) ** 2)
    assert by_name.loc["relu", "g′(z₀)"] == 1.0
    assert by_name.loc["linear", "g′ written from a"] == "1"
    assert frames.probe_table(("relu",), -1.0)["g′(z₀)"].item() == 0.0


def test_grid_frame_keeps_rows_following_w2():
    grid = surfaces.error_grid((-3.0, 3.0), 7)
    cells = frames.grid_frame(grid)
    assert len(cells) == 49
    row = cells[(cells["w1"] == grid.w1[1]) & (cells["w2"] == grid.w2[5])]
    assert row["error"].item() == pytest.approx(grid.error[5, 1])


def test_contours_lie_on_their_level():
    grid = surfaces.error_grid((-10.0, 10.0), 60)
    lines = frames.contour_frame(grid, n_levels=5)
    assert lines["level"].nunique() == 5
    sample = lines.iloc[:: max(1, len(lines) // 50)]
    on_surface = surfaces.two_weight_error(sample["w1"], sample["w2"])
    # linear interpolation on a 60-point grid: close to the level, not exact
    assert np.abs(on_surface - sample["level"]).max() < 0.05


def test_flat_surface_has_no_contours():
    grid = surfaces.ErrorGrid(np.arange(3.0), np.arange(3.0), np.ones((3, 3)))
    assert frames.contour_frame(grid).empty


def test_paths_frame_and_summary():
    paths = [
        surfaces.descent_path("gradient_descent", (-5.0, 3.0), 1.0, 10),
        surfaces.descent_path("momentum", (-5.0, 3.0), 1.0, 10),
    ]
    frame = frames.paths_frame(paths)
    assert len(frame) == 22
    assert set(frame["optimizer"]) == {"Gradient descent", "Momentum"}
    summary = frames.path_summary(paths)
    assert list(summary.columns) == [
        "optimizer", "steps to valley", "overshoot", "w1", "w2", "E", "diverged"
    ]  # fmt: skip
    assert not summary["diverged"].any()
    for path, (_, row) in zip(paths, summary.iterrows(), strict=True):
        assert row["overshoot"] == path.largest_rise
        assert pd.isna(row["steps to valley"]) or row["steps to valley"] == path.steps_to_valley


def test_a_diverging_path_is_cut_where_it_leaves_the_box():
    weights = np.array([[0.0, 0.0], [1.0, 2.0], [10.0, 40.0], [1e150, -1e150]])
    cut = frames.within_box(weights, 20.0)
    assert cut.shape == (3, 2)
    # pulled back along its segment (1, 2) -> (10, 40) onto w2 = 20: t = 18 / 38
    assert np.allclose(cut[2], [1.0 + 9.0 * 18 / 38, 20.0])
    assert np.array_equal(frames.within_box(weights[:2], 20.0), weights[:2])


def test_paths_frame_keeps_diverged_paths_drawable():
    path = surfaces.descent_path("gradient_descent", (3.0, 3.0), 5.0, 100, activation="linear")
    assert path.diverged
    frame = frames.paths_frame([path])
    assert frame[["w1", "w2"]].abs().to_numpy().max() <= 1e3
    assert np.isfinite(frame["error"]).all()


def test_empty_paths_frame_has_columns():
    assert list(frames.paths_frame([]).columns) == [
        "method",
        "optimizer",
        "step",
        "error",
        "w1",
        "w2",
    ]


# ---- charts -------------------------------------------------------------------------------------


@pytest.fixture
def curves():
    return frames.activation_curves(tuple(ACTIVATIONS), 5.0, n_points=101)


def test_activation_panel_lines_only(curves):
    chart = plots.activation_panel(curves, "value", "g(z)", 5.0)
    (layer,) = layers_of(chart)
    assert mark_of(layer) == "line"
    assert layer["encoding"]["y"]["field"] == "value"
    assert layer["encoding"]["color"]["field"] == "activation"
    assert layer["encoding"]["strokeDash"]["field"] == "activation"
    assert {t["field"] for t in layer["encoding"]["tooltip"]} >= {"z", "value", "derivative"}
    assert rows(chart, layer) == len(ACTIVATIONS) * 101


def test_activation_panel_with_probe_and_saturation(curves):
    marks = pd.DataFrame({"activation": ["tanh"], "z": [2.0], "derivative": [0.07]})
    chart = plots.activation_panel(curves, "derivative", "g′", 5.0, 2.0, marks, 0.1)
    kinds = [mark_of(layer) for layer in layers_of(chart)]
    assert kinds == ["rect", "line", "line", "rule", "point"]
    band, _, _, rule, point = layers_of(chart)
    assert rows(chart, band) == 1 and rows(chart, point) == 1
    assert rule["encoding"]["x"]["field"] == "z"


def test_activation_panel_draws_a_single_legend(curves):
    marks = pd.DataFrame({"activation": ["tanh"], "z": [2.0], "value": [0.96]})
    chart = plots.activation_panel(curves, "value", "g", 5.0, 2.0, marks, 0.1)
    assert legends(chart) == [("color", "activation"), ("strokeDash", "activation")]


def test_activation_panel_y_domain(curves):
    chart = plots.activation_panel(curves, "value", "g", 5.0, y_domain=(-1.2, 1.2))
    assert layers_of(chart)[0]["encoding"]["y"]["scale"]["domain"] == [-1.2, 1.2]


def test_error_curve_chart_with_paths():
    w = np.linspace(-10, 10, 41)
    curve = frames.error_curve_frame(w, surfaces.one_weight_error(w))
    paths = frames.paths_frame([surfaces.descent_path("adam", (-4.0,), 0.5, 5)])
    chart = plots.error_curve_chart(curve, paths, 10.0)
    line, points = layers_of(chart)
    assert mark_of(line) == "line" and rows(chart, line) == 41
    assert mark_of(points) == "point" and rows(chart, points) == 6
    assert points["encoding"]["shape"]["field"] == "optimizer"


def test_error_heatmap_layers_and_sizes():
    grid = surfaces.error_grid((-10.0, 10.0), 20)
    paths = frames.paths_frame(
        [surfaces.descent_path(m, (-5.0, 3.0), 1.0, 30) for m in surfaces.OPTIMIZERS]
    )
    contours = frames.contour_frame(grid)
    chart = plots.error_heatmap(frames.grid_frame(grid), contours, paths, 10.0, 20 / 19)
    layers = layers_of(chart)
    assert [mark_of(layer) for layer in layers] == [
        "rect",
        "line",
        "line",  # contours: halo and line
        "line",
        "line",
        "point",
        "point",
        "point",  # paths: halo, line, steps, start, end
    ]
    heat = layers[0]
    assert rows(chart, heat) == 400
    assert heat["encoding"]["fill"]["scale"]["scheme"] == "viridis"
    assert {t["field"] for t in heat["encoding"]["tooltip"]} == {"w1", "w2", "error"}
    assert rows(chart, layers[1]) == len(contours)
    assert rows(chart, layers[4]) == 93
    assert legends(chart) == [
        ("fill", "error"),
        ("color", "optimizer"),
        ("strokeDash", "optimizer"),
    ]


def test_error_heatmap_without_paths():
    grid = surfaces.error_grid((-2.0, 2.0), 10)
    chart = plots.error_heatmap(frames.grid_frame(grid), frames.contour_frame(grid), None, 2, 0.4)
    assert len(layers_of(chart)) == 3


def test_error_per_step_chart():
    paths = frames.paths_frame([surfaces.descent_path("momentum", (-5.0, 3.0), 1.0, 12)])
    chart = plots.error_per_step_chart(paths)
    spec = chart.to_dict()
    assert mark_of(spec) == "line"
    assert spec["encoding"]["x"]["field"] == "step"
    assert spec["encoding"]["y"]["field"] == "error"
    assert rows(chart, spec) == 13


def test_no_rainbow_colour_schemes():
    grid = surfaces.error_grid((-2.0, 2.0), 10)
    spec = str(plots.error_heatmap(frames.grid_frame(grid), pd.DataFrame(), None, 2, 0.4).to_dict())
    assert not re.search(r"rainbow|jet|sinebow|turbo", spec)


# ---- diagrams and the 3-D figure ----------------------------------------------------------------


def test_network_dot_has_every_unit_and_edge():
    dot = diagrams.network_dot((2, 3, 1))
    assert dot.count("[label=<") == 6
    assert len(re.findall(r"n\d_\d -> n\d_\d;", dot)) == 9
    assert "hidden 1" in dot


def test_network_dot_rejects_fewer_than_two_layers():
    with pytest.raises(ValueError):
        diagrams.network_dot((2,))


def test_chain_and_neuron_dots():
    chain = diagrams.chain_dot(2, "tanh", (1.5, -2.0))
    assert "w₁ = 1.50" in chain and "w₂ = -2.00" in chain and "g = tanh" in chain
    with pytest.raises(ValueError):
        diagrams.chain_dot(3, "tanh")
    assert "aₒᵤₜ" in chain and "<SUB>" not in chain  # Streamlit misplaces a <SUB> run
    neuron = diagrams.neuron_dot((1.0, 0.5), (1.5, -1.0), 0.5, 1.5, 0.818, "sigmoid")
    for label in ("a₂\\n0.50", "z\\n1.50", "aₒᵤₜ\\n0.818", "w₂\\n-1.00", "b\\n0.50", "sigmoid"):
        assert f'label="{label}"' in neuron


def test_surface_figure_is_a_3d_figure_with_paths():
    grid = surfaces.error_grid((-10.0, 10.0), 15)
    paths = [surfaces.descent_path(m, (-5.0, 3.0), 1.0, 20) for m in surfaces.OPTIMIZERS]
    figure = surface_figure(grid, paths)
    assert isinstance(figure, Figure)
    (axes,) = figure.axes
    assert axes.name == "3d"
    assert {line.get_label() for line in axes.get_lines()} == {
        "Gradient descent",
        "Momentum",
        "Adam",
    }


def test_every_activation_has_its_formulas_and_style():
    for name in ACTIVATIONS:
        assert name in formulas.ACTIVATION_LATEX and name in formulas.DERIVATIVE_FROM_OUTPUT
        assert name in ACTIVATION_STYLE
