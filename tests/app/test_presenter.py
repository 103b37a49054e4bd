"""Presenter view: every page runs in it, it hides the advanced controls, it stays in the URL."""

import pytest
from app_helpers import open_page

from ann_app import controls
from ann_app.navigation import PAGES
from ann_app.settings import widget_key

ADVANCED = {
    "app_pages/home.py": ("home", controls.HOME_SETTINGS),
    "app_pages/activations.py": ("activations", controls.ACTIVATION_SETTINGS),
    "app_pages/error_surfaces.py": ("error_surfaces", controls.SURFACE_SETTINGS),
    "app_pages/backpropagation.py": ("backpropagation", controls.BACKPROP_SETTINGS),
    "app_pages/classification.py": ("classification", controls.CLASSIFICATION_SETTINGS),
    "app_pages/regression.py": ("regression", controls.REGRESSION_SETTINGS),
}


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_every_page_runs_in_the_presenter_view(page):
    at = open_page(page, {"present": "1"})
    assert not at.exception
    assert at.toggle(key="__presenter_toggle__").value is True
    assert at.query_params["present"] == "1"


@pytest.mark.parametrize(("page", "table"), ADVANCED.items(), ids=list(ADVANCED))
def test_advanced_controls_are_hidden_only_in_the_presenter_view(page, table):
    prefix, settings = table
    advanced = [s for s in settings if s.advanced]
    assert advanced, "each page should mark its fine-tuning controls as advanced"
    shown = {w.key for w in open_page(page).main} | {w.key for w in open_page(page).sidebar}
    presenting = open_page(page, {"present": "1"})
    hidden = {w.key for w in presenting.main} | {w.key for w in presenting.sidebar}
    for setting in advanced:
        assert widget_key(prefix, setting) in shown
        assert widget_key(prefix, setting) not in hidden


def test_the_toggle_turns_it_off_and_takes_it_out_of_the_link():
    at = open_page("app_pages/activations.py", {"present": "1"})
    at.toggle(key="__presenter_toggle__").set_value(False).run()
    assert not at.exception
    assert "present" not in at.query_params
    at.slider(key="activations.z0").set_value(1.0).run()
    assert "present" not in at.query_params
    assert at.toggle(key="__presenter_toggle__").value is False


def test_it_survives_a_control_change():
    at = open_page("app_pages/activations.py", {"present": "1"})
    at.slider(key="activations.z0").set_value(-1.0).run()
    assert at.query_params["present"] == "1" and at.query_params["z0"] == "-1"
