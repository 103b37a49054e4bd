"""The Autoencoders page (issue 34) in AppTest: its link, its controls, the bottleneck's charts
carrying every frame for the slider and Play, Step, the examples, the comparison behind its
switch, the presenter view, and nothing trained again on a rerun."""

from __future__ import annotations

import json

import numpy as np
import pytest
from app_helpers import open_page, warnings_text, widget
from training_helpers import chart_frames, player_data

from ann_app import cached
from ann_app.autoencoders.config import bottleneck_config, bottleneck_data
from ann_app.content.autoencoder_tables import AUTOENCODER_SETTINGS, EXAMPLES
from ann_app.settings.setting import encode_value, values_of
from ann_app.settings.widgets import widget_key
from ann_app.training.scrubber import epoch_key
from ann_core import autoencoder

PATH = "app_pages/autoencoders.py"
PAGE = "autoencoders"
SETTING = {s.name: s for s in AUTOENCODER_SETTINGS}


def _values(**changed):
    """The page's typed values: the defaults with `changed`."""
    return values_of(
        AUTOENCODER_SETTINGS, {**{s.name: s.default for s in AUTOENCODER_SETTINGS}, **changed}
    )


def _run(**changed):
    values = _values(**changed)
    return cached.autoencoder_run(bottleneck_data(values), bottleneck_config(values))


def _frame_with(at, column: str):
    (frame,) = [f for f in chart_frames(at) if column in f.columns]
    return frame


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_page_opens_with_its_defaults_in_the_link():
    at = open_page(PATH)
    assert not at.exception and not at.error and not at.warning
    assert at.query_params == {s.name: encode_value(s, s.default) for s in AUTOENCODER_SETTINGS}
    assert at.slider(key=epoch_key(PAGE)).value == 300
    assert len(at.get("vega_lite_chart")) == 2  # the points and the error; no comparison
    assert not player_data(at)["disabled"]  # the charts follow Play


def test_the_charts_carry_every_frame_of_the_run():
    at = open_page(PATH)
    run = _run()
    assert run.sizes == (2, 8, 1, 8, 2) and run.activations == ("tanh", "linear", "tanh", "linear")
    points = _frame_with(at, "r1_0")
    epochs = sorted(int(c.removeprefix("r1_")) for c in points.columns if c.startswith("r1_"))
    assert epochs == list(range(0, 301, 3))  # every third epoch: cached.BOTTLENECK_FRAMES
    assert any("one frame every 3 epochs" in c.value for c in at.caption)  # and it says so
    assert json.loads(at.get("vega_lite_chart")[0].proto.spec)["params"][0]["name"] == (
        "play_epoch"  # training_plots.EPOCH_PARAM: the player moves it
    )
    np.testing.assert_allclose(points[["x1", "x2"]], run.X, rtol=1e-6)
    for epoch in (0, 42, 300):
        shown = points[[f"r1_{epoch}", f"r2_{epoch}"]].to_numpy()
        np.testing.assert_allclose(shown, run.predict(run.X, epoch), rtol=1e-5, atol=1e-6)
    curve = _frame_with(at, "c1_0")
    expected = autoencoder.code_curve(run, [42])[0]
    np.testing.assert_allclose(curve[["c1_42", "c2_42"]], expected, rtol=1e-5, atol=1e-6)
    cells = _frame_with(at, "output_0")
    centres = np.column_stack([cells["x1"] + cells["x1_end"], cells["x2"] + cells["x2_end"]]) / 2
    codes = autoencoder.encode_epochs(run, centres, [300])[0, :, 0]
    np.testing.assert_allclose(cells["output_300"], codes, rtol=1e-5, atol=1e-5)
    error = _frame_with(at, "set")
    np.testing.assert_allclose(error["distance"], autoencoder.reconstruction_error(run))


def test_the_slider_and_step_move_the_epoch_the_line_and_the_link():
    at = open_page(PATH, {"epoch": "40"})
    errors = autoencoder.reconstruction_error(_run())
    assert at.slider(key=epoch_key(PAGE)).value == 40 and player_data(at)["epoch"] == 40
    assert f"After epoch 40: the reconstructions lie {errors[40]:.3f} from" in _markdown(at)
    at.button(key=f"{PAGE}.step").click().run()
    assert not at.exception and at.slider(key=epoch_key(PAGE)).value == 41
    assert at.query_params["epoch"] == "41" and "After epoch 41:" in _markdown(at)
    at.slider(key=epoch_key(PAGE)).set_value(300).run()
    assert "epoch" not in at.query_params  # the run's end is left out of the link


def test_a_link_opens_its_settings_and_keeps_them():
    params = {"data": "GAUSSIAN", "n": "30", "units": "0", "epoch": "10", "lr": "0.05"}
    at = open_page(PATH, params)
    assert not at.exception and not at.warning
    assert widget(at, PAGE, SETTING["data"]).value == "GAUSSIAN"
    assert widget(at, PAGE, SETTING["units"]).value == 0
    assert widget(at, PAGE, SETTING["lr"]).value == 0.05
    assert at.slider(key=epoch_key(PAGE)).value == 10
    assert all(at.query_params[k] == v for k, v in params.items())
    assert widget(at, PAGE, SETTING["hidden"]).disabled  # no layers around the code to set
    assert "With no hidden layers around the code" in _markdown(at)


def test_bad_link_values_are_named_and_defaults_used():
    at = open_page(PATH, {"units": "99", "lr": "abc", "data": "MOON", "epoch": "x"})
    assert not at.exception
    warning = warnings_text(at)
    for shown in ("units='99'", "lr='abc'", "data='MOON'", "epoch='x'"):
        assert shown in warning
    assert widget(at, PAGE, SETTING["units"]).value == 8
    assert at.query_params["data"] == "RING"


@pytest.mark.parametrize("label", list(EXAMPLES))
def test_each_example_button_sets_its_settings(label):
    at = open_page(PATH, {"data": "SPIRAL", "units": "3", "code": "2"})
    at.button(key=f"{PAGE}.example.{label}").click().run()
    assert not at.exception
    for name, value in EXAMPLES[label].items():
        assert widget(at, PAGE, SETTING[name]).value == value
        assert at.query_params[name] == encode_value(SETTING[name], value)


def test_the_comparison_trains_only_behind_its_switch(monkeypatch):
    calls = []
    real = cached.compare_starts
    monkeypatch.setattr(cached, "compare_starts", lambda *a, **k: calls.append(a) or real(*a, **k))
    at = open_page(PATH, {"seeds": "5", "pepochs": "20"})
    assert not calls and not any("| start |" in m.value for m in at.markdown)
    assert any("Switch it on to train 5 seeds" in c.value for c in at.caption)
    at.toggle(key=widget_key(PAGE, SETTING["compare"])).set_value(True).run()
    assert not at.exception and len(calls) == 1 and at.query_params["compare"] == "true"
    assert "| random | " in _markdown(at) and "within 20 epochs" in _markdown(at)
    loss = _frame_with(at, "seed")
    assert sorted(loss["seed"].unique()) == list(range(123, 128))
    assert loss["start"].nunique() == 3 and loss["epoch"].max() == 20
    at.slider(key=epoch_key(PAGE)).set_value(100).run()  # a scrub: nothing trains again
    assert not at.exception and len(calls) == 1


def test_a_rerun_trains_nothing_again(monkeypatch):
    calls = []
    real = autoencoder.train_autoencoder
    monkeypatch.setattr(
        autoencoder, "train_autoencoder", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    at = open_page(PATH, {"seed": "4242", "epochs": "50"})  # settings no other test trains
    assert len(calls) == 1
    at.slider(key=epoch_key(PAGE)).set_value(20).run()
    at.button(key=f"{PAGE}.step").click().run()
    assert not at.exception and len(calls) == 1


def test_a_diverged_run_says_so():
    at = open_page(PATH, {"lr": "1", "momentum": "0.99"})
    assert not at.exception
    (error,) = at.error
    assert "diverged in epoch 2" in error.value and "lower the learning rate" in error.value


def test_every_control_at_its_ends_runs():
    # each control to its far end, then its near one (the light end last: later runs stay quick)
    at = open_page(PATH, {"seeds": "5", "pepochs": "10"})
    for s in AUTOENCODER_SETTINGS:
        if s.name in ("seeds", "pepochs", "compare"):
            continue
        if s.needs:  # drawn greyed out until what it needs is there
            at.session_state[widget_key(PAGE, SETTING[s.needs[0]])] = s.needs[1]
            at.run()
        if s.kind in ("int", "float"):
            ends = [s.max, s.min]
        elif s.kind == "choice":
            ends = [s.options[-1], s.options[0]]
        else:
            ends = [not s.default, s.default]
        for value in ends:
            widget(at, PAGE, s).set_value(value).run()
            assert not at.exception, (s.name, value)
            assert at.query_params[s.name] == encode_value(s, value), (s.name, value)
    assert not at.warning


def test_all_controls_at_their_maxima_together():
    params = {
        s.name: encode_value(s, s.max)
        for s in AUTOENCODER_SETTINGS
        if s.kind in ("int", "float") and s.name not in ("seeds", "pepochs", "players", "punits")
    }
    at = open_page(PATH, {**params, "lr": "0.01", "momentum": "0.5"})
    assert not at.exception and "not used" not in warnings_text(at)
    points = _frame_with(at, "r1_0")
    assert len(points) == 9 * 50  # the ring's 9 points, 50 copies each
    frames = sorted(int(c.removeprefix("r1_")) for c in points.columns if c.startswith("r1_"))
    assert len(frames) <= cached.BOTTLENECK_FRAMES + 1  # thinned, the last epoch kept
    assert frames[-1] == 1000


def test_the_presenter_view_draws_the_page_with_larger_charts():
    at = open_page(PATH, {"present": "1"})
    assert not at.exception
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    assert specs and all(spec["config"]["axis"]["labelFontSize"] == 16 for spec in specs)
    assert specs[0]["height"] == 540  # training_plots.HEIGHT, 1.5 times
