"""A training page's one state (training/state.py), through AppTest: the defects it ended, one
test each. A link opens at its epoch and the scrubber writes it back; a pin keeps the continued
run on screen; view options keep the preset; the slider follows the run's end; your own file
replaces the preset's data set; one link is parsed once."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from app_helpers import open_page, warnings_text
from streamlit.testing.v1 import AppTest
from training_helpers import captions_text, charted_loss, choose_preset, preset_picker, upload

from ann_app.content.csv_format import template_csv
from ann_app.content.labels import PINNED
from ann_app.content.training_tables import CLASSIFICATION_PRESETS
from ann_app.settings import link
from ann_app.settings.setting import Setting
from ann_app.settings.widgets import more_key
from ann_app.training.page import OWN_SETTINGS
from ann_app.training.scrubber import epoch_key
from ann_core import TrainingConfig, continue_run, train

PATH = "app_pages/classification.py"
PAGE = "classification"
FIG_11 = next(p for p in CLASSIFICATION_PRESETS if p.label.startswith("Fig. 11"))


def _page(params=None, path=PATH) -> AppTest:
    at = open_page(path, params)
    assert not at.exception
    return at


def _pinned_loss(at: AppTest):
    loss = charted_loss(at)
    return loss[loss["set"] == PINNED]


def _slider(at: AppTest, page: str = PAGE):
    return at.slider(key=epoch_key(page))


# ---- 1. a shared link keeps its epoch ----------------------------------------------------------


def test_a_link_with_an_epoch_opens_at_that_epoch():
    at = _page({"epoch": "40"})
    assert _slider(at).value == 40
    assert "After epoch 40:" in captions_text(at)
    assert at.query_params["epoch"] == "40"


def test_the_scrubbed_epoch_is_written_to_the_link_and_left_out_at_the_end():
    at = _page()
    assert "epoch" not in at.query_params  # at the run's end: a link opens there anyway
    _slider(at).set_value(40).run()
    assert at.query_params["epoch"] == "40"
    _slider(at).set_value(100).run()
    assert "epoch" not in at.query_params


def test_a_bad_epoch_in_a_link_is_named_and_the_run_opens_at_its_end():
    at = _page({"epoch": "forty"})
    assert "epoch='forty': not a whole number from 0" in warnings_text(at)
    assert _slider(at).value == 100


def test_an_epoch_past_the_run_is_clamped_to_its_end():
    at = _page({"epoch": "400"})
    assert _slider(at).value == 100 and not at.warning


# ---- 2. a pin pins what is on screen, its history too ------------------------------------------


def test_a_pin_after_a_continuation_draws_the_continued_run():
    at = _page({"epochs": "50", "hist": "v1~50,30,lr:0.5"})
    at.button(key=f"{PAGE}.pin.button").click().run()
    assert at.query_params["pin"] == "v1~epochs.50!v1~50,30,lr:0.5"
    assert "The current run is the pinned one" in captions_text(at)
    at.number_input(key=f"{PAGE}.lr").set_value(1.0).run()  # the base run's rate: another run
    assert not at.exception
    pinned = _pinned_loss(at)
    base = TrainingConfig(problem="XOR", hidden_units=(4,), epochs=50)
    continued = continue_run(train(base), 50, replace(base, learning_rate=0.5, epochs=80))
    np.testing.assert_array_equal(pinned["summed"], continued.loss)
    assert "Compared with the pinned run: learning rate η = 2." in captions_text(at)


def test_a_pin_of_the_base_run_is_not_the_continued_one():
    at = _page({"epochs": "50", "pin": "v1~epochs.50", "hist": "v1~50,30,lr:0.5"})
    assert "The current run is the pinned one" not in captions_text(at)
    pinned = _pinned_loss(at)
    assert len(pinned) == 50
    assert "Compared with the pinned run: not continued." in captions_text(at)


# ---- 3. view options do not unmatch the preset --------------------------------------------------


@pytest.mark.parametrize(
    "view",
    [("discrete", "toggle", True), ("landscape", "toggle", True), ("restarts", "slider", 40)],
)
def test_a_view_option_keeps_the_preset_and_its_note(view):
    name, widget, value = view
    at = choose_preset(_page(), PAGE, FIG_11)
    key = f"{PAGE}.{name}"
    at.session_state[more_key(PAGE)] = True  # restarts are under More settings
    at.run()
    control = at.toggle(key=key) if widget == "toggle" else at.slider(key=key)
    control.set_value(value).run()
    assert not at.exception
    assert preset_picker(at, PAGE).value == FIG_11.label
    assert any(box.value == FIG_11.note for box in at.info)


def test_choosing_a_preset_keeps_the_view_options():
    at = _page({"landscape": "true", "discrete": "true"})
    choose_preset(at, PAGE, FIG_11)
    assert at.toggle(key=f"{PAGE}.landscape").value is True
    assert at.toggle(key=f"{PAGE}.discrete").value is True


def test_no_preset_sets_a_view_option():
    from ann_app.content.training_tables import REGRESSION_PRESETS, VIEW

    settings = {s.name: s for s in _all_settings()}
    for preset in (*CLASSIFICATION_PRESETS, *REGRESSION_PRESETS):
        view = [n for n in preset.values if n in settings and settings[n].section == VIEW]
        assert not view, f"{preset.label} sets the view's {view}"


def _all_settings() -> tuple[Setting, ...]:
    from ann_app.content.training_tables import CLASSIFICATION_SETTINGS, REGRESSION_SETTINGS

    return (*CLASSIFICATION_SETTINGS, *REGRESSION_SETTINGS)


# ---- 4. the slider follows the run's end ---------------------------------------------------------


def test_more_epochs_at_the_end_move_the_slider_to_the_new_end():
    at = _page()
    assert _slider(at).value == 100
    at.slider(key=f"{PAGE}.epochs").set_value(150).run()
    assert _slider(at).value == 150
    assert "After epoch 150:" in captions_text(at)


def test_more_epochs_elsewhere_keep_the_epoch_and_fewer_clamp_it():
    at = _page()
    _slider(at).set_value(60).run()
    at.slider(key=f"{PAGE}.epochs").set_value(150).run()
    assert _slider(at).value == 60
    at.slider(key=f"{PAGE}.epochs").set_value(30).run()
    assert _slider(at).value == 30


# ---- 5. your own data is the data set -----------------------------------------------------------


def test_an_uploaded_file_replaces_the_presets_data_and_says_so():
    at = choose_preset(_page(), PAGE, FIG_11)
    upload(at, PAGE, template_csv("classification"))
    assert not at.exception
    assert not any(FIG_11.label in str(box.value) for box in at.info)
    assert preset_picker(at, PAGE).value == OWN_SETTINGS
    data = at.selectbox(key=f"{PAGE}.data")
    assert data.disabled and "Not used: the page trains on your file." in data.help
    assert "Training on your file: the presets use the built-in data sets." in captions_text(at)


# ---- one rule: a link is read once ---------------------------------------------------------------


def test_a_link_is_parsed_once_not_on_every_rerun(monkeypatch):
    calls = []
    parse = link.parse_link
    monkeypatch.setattr(link, "parse_link", lambda *a, **k: calls.append(1) or parse(*a, **k))
    at = _page({"lr": "0.5", "epoch": "20"})
    opened = len(calls)  # Home's link, then this page's
    assert opened == 2 and at.number_input(key=f"{PAGE}.lr").value == 0.5
    _slider(at).set_value(30).run()
    at.number_input(key=f"{PAGE}.lr").set_value(1.0).run()
    assert len(calls) == opened  # later runs: the widgets own the state
    assert at.query_params["lr"] == "1" and at.query_params["epoch"] == "30"
