"""The loss-landscape section: its frames against `ann_core.landscape`, its iso-loss lines on a
known surface, its colour scale and charts, and the section on both training pages through
AppTest (shown, redrawn, its controls in the URL, a diverged run, a network too large for a
fine grid)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from app_helpers import open_page, warnings_text, widget
from training_helpers import chart_frames

from ann_app import cached
from ann_app.charts import frames, landscape_frames, landscape_plots
from ann_app.charts.landscape_frames import ColourScale, colour_scale, levels
from ann_app.content.training_tables import LANDSCAPE_SETTINGS
from ann_app.settings.setting import encode_value
from ann_app.training.landscape import SLICE_BUDGET, TITLE
from ann_app.training.scrubber import epoch_key
from ann_core import TrainingConfig, train
from ann_core.landscape import fitting_resolution, line, loss_on_plane, slice_2d

CLASSIFICATION, REGRESSION = "app_pages/classification.py", "app_pages/regression.py"
PAGES = {CLASSIFICATION: "classification", REGRESSION: "regression"}
#: Each page's default run (its settings' defaults).
DEFAULT_RUNS = {
    CLASSIFICATION: TrainingConfig(problem="XOR", hidden_units=(4,)),
    REGRESSION: TrainingConfig(
        problem="SIN", hidden_units=(3,), learning_rate=0.2, n_observations=200
    ),
}
SHOW, SEED, REACH, GRID = LANDSCAPE_SETTINGS


@pytest.fixture(scope="module")
def xor():
    return train(DEFAULT_RUNS[CLASSIFICATION])


# ---- iso-loss lines on a known surface ----------------------------------------------------------


def _interpolated(x: np.ndarray, y: np.ndarray, z: np.ndarray, a: float, b: float) -> float:
    """z linearly interpolated at (a, b), a point on one of the grid's lines (x = x[i] or
    y = y[j]), along that line between its two neighbouring grid points."""
    on_x = np.flatnonzero(np.isclose(x, a, rtol=0, atol=1e-12))
    if on_x.size:  # on the vertical line x = x[i]: between y[j] and y[j + 1]
        i, j = on_x[0], min(np.searchsorted(y, b, side="right") - 1, len(y) - 2)
        t = (b - y[j]) / (y[j + 1] - y[j])
        return (1 - t) * z[j, i] + t * z[j + 1, i]
    on_y = np.flatnonzero(np.isclose(y, b, rtol=0, atol=1e-12))
    assert on_y.size, f"({a}, {b}) lies on no grid line"
    j, i = on_y[0], min(np.searchsorted(x, a, side="right") - 1, len(x) - 2)
    t = (a - x[i]) / (x[i + 1] - x[i])
    return (1 - t) * z[j, i] + t * z[j, i + 1]


def test_iso_lines_of_a_paraboloid_are_its_circles_on_their_levels():
    x = np.linspace(-2.0, 2.0, 41)
    y = np.linspace(-2.0, 2.0, 33)  # not square, so rows and columns cannot be swapped
    a, b = np.meshgrid(x, y)
    z = a**2 + b**2
    wanted = [0.3, 1.0, 2.5]
    lines = frames.iso_lines(x, y, z, wanted, ("alpha", "beta"))
    assert sorted(lines["level"].unique()) == wanted
    for (level, _), piece in lines.groupby(["level", "line"]):
        # every vertex lies on the grid's edges, where linear interpolation gives the level
        for alpha, beta in piece[["alpha", "beta"]].to_numpy():
            assert abs(_interpolated(x, y, z, alpha, beta) - level) < 1e-9
        # and near the true circle of radius sqrt(level), closed
        radius = np.hypot(piece["alpha"], piece["beta"])
        assert np.abs(radius - np.sqrt(level)).max() < 0.125  # within a grid step
        ends = piece.sort_values("order")[["alpha", "beta"]].to_numpy()
        np.testing.assert_allclose(ends[0], ends[-1])
    assert lines.groupby("level")["line"].nunique().tolist() == [1, 1, 1]


def test_iso_lines_leave_a_gap_where_the_surface_has_no_value():
    x = np.linspace(-2.0, 2.0, 41)
    a, b = np.meshgrid(x, x)
    z = a**2 + b**2
    z[20, 29:32] = np.nan  # on the circle of radius 1 (x = 0.9 to 1.1, y = 0)
    lines = frames.iso_lines(x, x, z, [1.0], ("alpha", "beta"))
    ends = lines.sort_values("order")[["alpha", "beta"]].to_numpy()
    assert lines["line"].nunique() == 1 and not np.allclose(ends[0], ends[-1])  # broken open
    near = (lines["alpha"].between(0.81, 1.19)) & (lines["beta"].abs() < 0.09)
    assert not near.any()  # nothing drawn through the cells around the missing points
    for alpha, beta in lines[["alpha", "beta"]].to_numpy():
        assert abs(_interpolated(x, x, z, alpha, beta) - 1.0) < 1e-9


# ---- colour scale and levels --------------------------------------------------------------------


def test_a_wide_range_gets_a_log_scale_and_log_spaced_levels():
    loss = np.array([[0.01, 0.5], [2.0, 0.03]])
    scale = colour_scale(loss)
    assert scale == ColourScale(0.01, 2.0, True)
    spaced = levels(loss, scale)
    assert len(spaced) == landscape_frames.N_LEVELS
    assert np.all((spaced > 0.01) & (spaced < 2.0))
    np.testing.assert_allclose(np.diff(np.log(spaced)), np.log(200) / 9)


def test_a_narrow_range_is_linear_and_a_plateau_one_colour_with_no_lines():
    assert colour_scale(np.array([0.2, 0.5])) == ColourScale(0.2, 0.5, False)
    plateau = np.array([0.25, 0.25001, 0.250004])
    scale = colour_scale(plateau)
    assert scale == ColourScale(0.25, 0.5, False)  # MIN_SPAN: noise is not stretched
    assert levels(plateau, scale).size == 0
    # a range of at most twice the least is widened to twice, its levels kept inside the data
    loss = np.array([1.0, 1.5])
    spaced = levels(loss, colour_scale(loss))
    np.testing.assert_allclose(spaced, [1 + k / 9 for k in range(1, 5)])
    # a loss that reaches 0 cannot be in log
    assert colour_scale(np.array([0.0, 50.0])) == ColourScale(0.0, 50.0, False)
    assert colour_scale(np.array([np.nan, 3.0, np.inf, 3.0])) == ColourScale(3.0, 6.0, False)


# ---- frames against the engine ------------------------------------------------------------------


def test_the_map_is_the_slice_and_its_centre_the_loss_after_the_epoch(xor):
    rows = len(xor.y)
    for epoch in (0, 37, 100):
        plane = slice_2d(xor, epoch, seed=3, radius=0.8, resolution=9)
        cells = landscape_frames.landscape_cells_frame(plane, rows)
        assert len(cells) == 81
        for j, i in [(0, 0), (2, 7), (8, 3)]:
            row = cells[(cells["alpha"] == plane.alphas[i]) & (cells["beta"] == plane.betas[j])]
            assert row["summed"].item() == plane.loss[j, i]
            assert row["loss"].item() == plane.loss[j, i] / rows
        centre = cells[(cells["alpha"] == 0) & (cells["beta"] == 0)]
        assert centre["summed"].item() == xor.loss_after([epoch])[0]


def test_the_path_frame_is_the_shadow_with_the_real_and_the_planes_losses(xor):
    plane = slice_2d(xor, 60, seed=1, resolution=5)
    path = landscape_frames.path_frame(plane, xor)
    assert path["epoch"].tolist() == list(range(61))
    np.testing.assert_array_equal(path[["alpha", "beta"]].to_numpy(), plane.path[:61])
    dots = path.dropna()
    assert len(dots) == landscape_frames.PATH_DOTS and {0, 60} <= set(dots["epoch"])
    picked = dots["epoch"].to_numpy()
    np.testing.assert_array_equal(dots["summed"], xor.loss_after(picked))
    np.testing.assert_array_equal(dots["loss"], xor.loss_after(picked) / len(xor.y))
    under = loss_on_plane(xor, plane, plane.path[picked]) / len(xor.y)
    np.testing.assert_array_equal(dots["under"], under)
    assert dots["under"].iloc[-1] == dots["loss"].iloc[-1]  # at the centre the two agree
    short = landscape_frames.path_frame(slice_2d(xor, 10, resolution=3), xor)
    assert short["loss"].notna().all()  # a short path gets a dot on every epoch
    assert landscape_frames.window_reach(path) == np.abs(plane.path[:61]).max()


def test_the_line_frame_is_the_line(xor):
    along = line(xor, 40)
    frame = landscape_frames.line_frame(along, len(xor.y))
    np.testing.assert_array_equal(frame["alpha"], along.alphas)
    np.testing.assert_array_equal(frame["summed"], along.loss)
    assert frame.loc[frame["alpha"] == 1.0, "summed"].item() == xor.loss_after([40])[0]


def test_the_cached_landscape_is_the_engines(xor):
    config = DEFAULT_RUNS[CLASSIFICATION]
    measured = cached.loss_landscape(config, None, 50, 4, 1.5, 11)
    plane = slice_2d(xor, 50, seed=4, radius=1.5, resolution=11)
    np.testing.assert_array_equal(measured.plane.loss, plane.loss)
    pd.testing.assert_frame_equal(measured.path, landscape_frames.path_frame(plane, xor))
    np.testing.assert_array_equal(cached.loss_line(config, None, 50).loss, line(xor, 50).loss)


# ---- charts -------------------------------------------------------------------------------------


def _map_spec(xor, **kwargs):
    plane = slice_2d(xor, 100, resolution=11, **kwargs)
    rows = len(xor.y)
    scale = colour_scale(plane.loss / rows)
    chart = landscape_plots.landscape_map(
        landscape_frames.landscape_cells_frame(plane, rows),
        landscape_frames.contours_frame(plane, rows, scale),
        landscape_frames.path_frame(plane, xor),
        scale,
        1.0,
        float(plane.alphas[1] - plane.alphas[0]),
    )
    return scale, chart.to_dict()


def test_the_map_colours_its_loss_on_its_scale_with_lines_path_and_marks(xor):
    scale, spec = _map_spec(xor)
    assert scale.log
    fill = spec["layer"][0]["encoding"]["fill"]
    assert fill["scale"]["type"] == "log" and fill["scale"]["domain"] == [scale.low, scale.high]
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks[:3] == ["rect", "line", "line"]  # the cells, then the lines' halo and ink
    shapes = [layer["mark"].get("shape") for layer in spec["layer"]]
    assert "cross" in shapes and "circle" in shapes  # the network now, and its start
    texts = [layer["mark"].get("text") for layer in spec["layer"]]
    assert texts.count("start") == texts.count("epoch 100") == 2  # each over a white outline
    assert len(spec["datasets"]) == 3  # the cells, the lines and the path


def test_the_line_chart_marks_the_start_and_the_epoch(xor):
    frame = landscape_frames.line_frame(line(xor, 100), len(xor.y))
    spec = landscape_plots.line_chart(frame, 100).to_dict()
    texts = {
        layer["mark"]["text"]: layer["transform"][0]["filter"]
        for layer in spec["layer"]
        if layer["mark"]["type"] == "text"
    }
    assert texts == {"start θ₀": "datum.alpha == 0", "epoch 100": "datum.alpha == 1"}
    assert len(spec["datasets"]) == 1  # every layer draws from the one frame
    assert spec["layer"][0]["encoding"]["y"]["scale"]["zero"] is True  # a flat line looks flat


# ---- the section on the pages -------------------------------------------------------------------


def _open(page: str, params: dict[str, str] | None = None):
    at = open_page(page, params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _map_cells(at) -> pd.DataFrame:
    columns = ["alpha", "beta", "loss", "summed"]
    return next(f for f in chart_frames(at) if list(f.columns) == columns)


def _captions(at) -> str:
    return " ".join(caption.value for caption in at.caption)


@pytest.mark.parametrize("page", list(PAGES))
def test_the_section_opens_with_its_defaults(page):
    at = _open(page, {"landscape": "true"})
    assert TITLE in [h.value for h in at.header] and not at.error
    assert "At epoch 100" in [h.value for h in at.subheader]
    run = train(DEFAULT_RUNS[page])
    cells = _map_cells(at)
    assert len(cells) == 41 * 41  # the grid's default fits the default network
    plane = slice_2d(run, seed=SEED.default, radius=REACH.default, resolution=41)
    np.testing.assert_array_equal(np.sort(cells["summed"]), np.sort(plane.loss.ravel()))
    centre = cells[(cells["alpha"] == 0) & (cells["beta"] == 0)]
    assert centre["summed"].item() == run.loss_after([100])[0]
    line_data = next(f for f in chart_frames(at) if list(f.columns) == ["alpha", "loss", "summed"])
    np.testing.assert_array_equal(line_data["summed"], line(run, 100).loss)


def test_the_section_opens_without_a_hidden_layer():
    at = _open(CLASSIFICATION, {"landscape": "true", "layers": "0"})
    run = train(TrainingConfig(problem="XOR", hidden_units=()))
    centre = _map_cells(at).query("alpha == 0 and beta == 0")
    assert centre["summed"].item() == run.loss_after([100])[0]
    assert "more than the largest (5)" in _captions(at)  # its start lies far off the window


def test_a_diverged_run_says_why_there_is_no_landscape():
    at = _open(REGRESSION, {"landscape": "true", "lr": "100"})
    assert "diverged" in at.error[0].value  # the page's finding
    said = " ".join(info.value for info in at.info)
    assert "No landscape for this run: training diverged in epoch 1" in said
    assert not any("alpha" in f.columns for f in chart_frames(at))


def test_it_is_measured_only_when_asked_for_and_shown_from_its_button():
    at = _open(CLASSIFICATION)
    assert not any("alpha" in f.columns for f in chart_frames(at))
    at.button(key="classification.landscape.show").click().run()
    assert not at.exception
    assert at.query_params["landscape"] == "true"
    assert widget(at, "classification", SHOW).value is True
    assert "At epoch 100" in [h.value for h in at.subheader]


@pytest.mark.parametrize("page", list(PAGES))
def test_redraw_measures_it_at_the_scrubbers_epoch(page):
    at = _open(page, {"landscape": "true"})
    at.slider(key=epoch_key(PAGES[page])).set_value(30).run()
    at.button(key=f"{PAGES[page]}.landscape.redraw").click().run()
    assert not at.exception
    assert "At epoch 30" in [h.value for h in at.subheader]
    centre = _map_cells(at).query("alpha == 0 and beta == 0")
    assert centre["summed"].item() == train(DEFAULT_RUNS[page]).loss_after([30])[0]
    at.slider(key=epoch_key(PAGES[page])).set_value(0).run()
    at.button(key=f"{PAGES[page]}.landscape.redraw").click().run()
    assert "the line from the start to here is a single point" in " ".join(
        info.value for info in at.info
    )


@pytest.mark.parametrize("page", list(PAGES))
def test_the_controls_round_trip_the_url(page):
    params = {"landscape": "true", "plane_seed": "7", "reach": "0.5", "grid": "21"}
    at = _open(page, params)
    assert not at.warning
    for setting, value in zip(LANDSCAPE_SETTINGS, (True, 7, 0.5, "21"), strict=True):
        assert widget(at, PAGES[page], setting).value == value
        assert at.query_params[setting.name] == params[setting.name]
    cells = _map_cells(at)
    assert len(cells) == 21 * 21 and cells["alpha"].max() == 0.5
    plane = slice_2d(train(DEFAULT_RUNS[page]), seed=7, radius=0.5, resolution=21)
    np.testing.assert_array_equal(np.sort(cells["summed"]), np.sort(plane.loss.ravel()))


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("plane_seed", "-3"),
        ("reach", "far"),
        ("reach", "9"),
        ("grid", "40"),
        ("landscape", "maybe"),
    ],
)
def test_malformed_landscape_values_warn_and_fall_back(key, raw):
    at = _open(REGRESSION, {"landscape": "true", key: raw} if key != "landscape" else {key: raw})
    assert f"{key}={raw!r}" in warnings_text(at)
    setting = next(s for s in LANDSCAPE_SETTINGS if s.name == key)
    assert at.query_params[key] == encode_value(setting, setting.default)
    assert not at.error


@pytest.mark.parametrize(
    ("setting", "value"),
    [(SEED, SEED.max), (REACH, REACH.min), (REACH, REACH.max), (GRID, GRID.options[-1])],
    ids=lambda x: getattr(x, "name", str(x)),
)
def test_each_control_at_its_extremes_draws_the_landscape(setting, value):
    at = _open(CLASSIFICATION, {"landscape": "true"})
    widget(at, "classification", setting).set_value(value).run()
    assert not at.exception and not at.error
    cells = _map_cells(at)
    reach = value if setting is REACH else REACH.default
    assert cells["alpha"].max() == pytest.approx(reach)
    assert len(cells) == (int(value) if setting is GRID else 41) ** 2


def test_a_large_network_gets_a_coarser_grid_and_says_so():
    params = {"data": "RING", "n": "200", "layers": "4", "epochs": "5", "landscape": "true"}
    params.update({f"h{layer}": "16" for layer in range(1, 5)})
    at = _open(CLASSIFICATION, params)
    big = TrainingConfig(problem="RING", n_observations=200, hidden_units=(16,) * 4, epochs=5)
    run = train(big)
    fitted = fitting_resolution(run, 41, SLICE_BUDGET)
    assert 5 <= fitted < 21
    assert len(_map_cells(at)) == fitted**2
    assert f"Measured on a {fitted} × {fitted} grid instead of 41 × 41" in _captions(at)
