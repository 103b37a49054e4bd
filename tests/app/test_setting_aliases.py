"""One URL key per concept across pages, and old keys still read: a Setting's `aliases` are
the keys it had before, so links written then open as they did, and the page writes the
canonical key back."""

from __future__ import annotations

import pytest
from app_helpers import open_page, widget

from ann_app.content import lesson
from ann_app.content.tables import (
    ACTIVATION_SETTINGS,
    BACKPROP_SETTINGS,
    HOME_SETTINGS,
    SURFACE_SETTINGS,
)
from ann_app.content.training_tables import CLASSIFICATION_SETTINGS, REGRESSION_SETTINGS
from ann_app.settings.setting import Ignored, Setting, parse_params

TABLES = {
    "home": HOME_SETTINGS,
    "activations": ACTIVATION_SETTINGS,
    "surfaces": SURFACE_SETTINGS,
    "backprop": BACKPROP_SETTINGS,
    "classification": CLASSIFICATION_SETTINGS,
    "regression": REGRESSION_SETTINGS,
}
RATE = Setting("momentum", "momentum", "float", 0.9, 0.0, 0.99, aliases=("mu",))
#: The keys that changed, each to the training pages' key for the same concept.
RENAMED = {
    ("surfaces", "mu"): "momentum",
    ("backprop", "hidden_g"): "hidden",
    ("backprop", "output_g"): "output",
    ("backprop", "copies"): "n",
}


def test_an_alias_is_read_when_the_name_is_absent():
    parsed = parse_params((RATE,), {"mu": "0.5"})
    assert parsed.values == {"momentum": 0.5}
    assert parsed.unknown == () and parsed.ignored == ()


def test_the_name_wins_over_an_alias():
    parsed = parse_params((RATE,), {"mu": "0.5", "momentum": "0.25"})
    assert parsed.values == {"momentum": 0.25}
    assert parsed.unknown == ()  # the alias is known, not another page's key


def test_a_bad_alias_value_is_reported_under_the_key_the_link_used():
    parsed = parse_params((RATE,), {"mu": "fast"})
    assert parsed.values == {"momentum": 0.9}
    assert parsed.ignored == (Ignored("mu", "fast", "not a number", "0.9"),)


@pytest.mark.parametrize("aliases", [("momentum",), ("m u",), ("",)])
def test_a_bad_alias_fails_loudly(aliases):
    with pytest.raises(ValueError):
        Setting("momentum", "momentum", "float", 0.9, 0.0, 0.99, aliases=aliases)


@pytest.mark.parametrize(("page", "old"), RENAMED, ids=[old for _, old in RENAMED])
def test_each_old_key_is_an_alias_of_the_training_pages_key(page, old):
    (setting,) = [s for s in TABLES[page] if old in s.aliases]
    assert setting.name == RENAMED[page, old]
    assert setting.name in {s.name for s in CLASSIFICATION_SETTINGS}


def test_no_alias_is_a_key_on_any_page():
    """An old key must not mean something else anywhere now: it would be read twice."""
    names = {s.name for table in TABLES.values() for s in table}
    aliases = {a for table in TABLES.values() for s in table for a in s.aliases}
    assert names & aliases == set()


@pytest.mark.parametrize("step", lesson.STEPS, ids=[s.title for s in lesson.STEPS])
def test_the_lessons_links_use_the_current_keys(step):
    names = {s.name for s in lesson.PAGE_SETTINGS[step.page]}
    assert set(step.params) <= names
    assert not {a for s in lesson.PAGE_SETTINGS[step.page] for a in s.aliases} & set(
        lesson.link_params(step)
    )


# ---- old links on the pages ---------------------------------------------------------------------


def _setting(table, name: str) -> Setting:
    (setting,) = [s for s in table if s.name == name]
    return setting


def test_an_old_momentum_link_sets_the_error_surfaces_momentum_and_writes_the_new_key():
    at = open_page("app_pages/error_surfaces.py", {"mu": "0.5"})
    assert not at.exception and not at.warning
    assert widget(at, "error_surfaces", _setting(SURFACE_SETTINGS, "momentum")).value == 0.5
    assert at.query_params["momentum"] == "0.5"
    assert "mu" not in at.query_params


def test_old_backpropagation_links_set_the_activations_and_copies_and_write_the_new_keys():
    old = {"hidden_g": "tanh", "output_g": "linear", "copies": "1"}
    at = open_page("app_pages/backpropagation.py", old)
    assert not at.exception and not at.warning
    for key, name, value in (("hidden_g", "hidden", "tanh"), ("output_g", "output", "linear")):
        assert widget(at, "backpropagation", _setting(BACKPROP_SETTINGS, name)).value == value
        assert at.query_params[name] == value and key not in at.query_params
    assert widget(at, "backpropagation", _setting(BACKPROP_SETTINGS, "n")).value == 1
    assert at.query_params["n"] == "1" and "copies" not in at.query_params
