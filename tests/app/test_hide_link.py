"""`hide=` in a link (issue 33, TensorFlow Playground's `*_hide`): the controls it names are not
drawn and keep their values, the sidebar says which and shows them on request, `hide=all` keeps
the presets, every link the page writes keeps it, and a key no control has gets a warning."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from app_helpers import open_page, warnings_text, widget
from training_helpers import charted_loss, preset_picker

from ann_app.content.lesson import CLASSIFICATION, PAGE_SETTINGS, REGRESSION
from ann_app.settings import link
from ann_app.settings.setting import HIDE_ALL, HIDE_KEY, Setting, encode_value, parse_hide
from ann_app.settings.widgets import more_key, widget_key

RATE = Setting("lr", "learning rate", "float", 1.0, 0.0, 2.0, aliases=("eta",))
NOISE = Setting("noise", "noise", "float", 0.1, 0.0, 1.0)


def _prefix(page: str) -> str:
    """The page's widget-key prefix: its script's name."""
    return PurePosixPath(page).stem


def _drawn(at) -> set[str]:
    """The keys of every widget the page draws, in the sidebar and the main column."""
    return {w.key for w in (*at.sidebar, *at.main) if getattr(w, "key", None)}


def _sidebar_captions(at) -> str:
    return "\n".join(c.value for c in at.sidebar.caption)


def _setting(page: str, name: str) -> Setting:
    return next(s for s in PAGE_SETTINGS[page] if s.name == name)


# ---- the link format ------------------------------------------------------------------------


def test_hide_names_settings_by_key_or_alias_in_table_order_and_all_first():
    assert parse_hide((RATE, NOISE), " noise, eta ,all") == ((HIDE_ALL, "lr", "noise"), ())
    assert parse_hide((RATE, NOISE), "lr,nonsense,,x") == (("lr",), ("nonsense", "x"))


def test_a_link_reads_and_writes_hide_with_the_settings():
    opened = link.parse_link((RATE, NOISE), (), {"hide": "noise,lr"})
    assert opened.parts[HIDE_KEY] == ("lr", "noise") and not opened.ignored
    params = link.encode_link((RATE, NOISE), (), opened.values, opened.parts)
    assert params == {"lr": "1", "noise": "0.1", "hide": "lr,noise"}
    nothing = link.encode_link((RATE,), (), opened.values, {HIDE_KEY: ()})
    assert HIDE_KEY not in nothing


def test_an_unknown_key_is_named_and_the_others_stay_hidden():
    (partly,) = link.parse_link((RATE, NOISE), (), {"hide": "nonsense,lr"}).ignored
    assert partly.name == "hide" and "nonsense" in partly.reason and "lr, noise" in partly.reason
    opened = link.parse_link((RATE, NOISE), (), {"hide": "nonsense"})
    assert opened.parts[HIDE_KEY] == ()
    assert "nothing hidden" in str(opened.ignored[0])


# ---- the pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGE_SETTINGS)
def test_hidden_controls_are_not_drawn_and_the_sidebar_names_them(page):
    settings = PAGE_SETTINGS[page]
    at = open_page(page, {"hide": ",".join(s.name for s in settings)})
    assert not at.exception
    prefix = _prefix(page)
    assert not {widget_key(prefix, s) for s in settings} & _drawn(at)
    assert more_key(prefix) not in _drawn(at)  # nothing left behind More settings
    shown = _sidebar_captions(at)
    assert "This link hides" in shown and "`hide=`" in shown
    assert all(s.label in shown for s in settings)


def test_a_hidden_learning_rate_keeps_the_links_value_and_trains_with_it():
    rate = _setting(CLASSIFICATION, "lr")
    at = open_page(CLASSIFICATION, {"hide": "lr", "lr": "0.5"})
    assert not at.exception
    assert widget_key("classification", rate) not in _drawn(at)
    assert f"This link hides: {rate.label}." in _sidebar_captions(at)
    assert float(at.query_params["lr"]) == 0.5
    same = open_page(CLASSIFICATION, {"lr": "0.5"})
    assert charted_loss(at).equals(charted_loss(same))


@pytest.mark.parametrize("page", PAGE_SETTINGS)
def test_hide_all_hides_the_sidebars_settings_and_keeps_the_presets(page):
    at = open_page(page, {"hide": "all"})
    assert not at.exception
    prefix = _prefix(page)
    sidebar = {w.key for w in at.sidebar if getattr(w, "key", None)}
    assert not {widget_key(prefix, s) for s in PAGE_SETTINGS[page]} & sidebar
    assert more_key(prefix) not in sidebar
    assert "every control in the sidebar" in _sidebar_captions(at)
    if page in (CLASSIFICATION, REGRESSION):
        assert preset_picker(at, prefix) is not None
    if prefix == "home":  # the neuron's controls are the page's own, beside its picture
        assert widget_key(prefix, _setting(page, "w1")) in _drawn(at)


@pytest.mark.parametrize(
    ("page", "hidden", "name", "value"),
    [(CLASSIFICATION, "lr", "data", "XOR"), ("app_pages/activations.py", "zmax", "z0", -1.0)],
    ids=["training page", "render_settings"],
)
def test_the_link_the_page_writes_after_a_change_keeps_hide(page, hidden, name, value):
    at = open_page(page, {"hide": hidden})
    setting = _setting(page, name)
    widget(at, _prefix(page), setting).set_value(value).run()
    assert not at.exception
    assert at.query_params[name] == encode_value(setting, value)
    assert at.query_params["hide"] == hidden


def test_an_unknown_key_gets_a_warning_and_the_rest_still_works():
    at = open_page(CLASSIFICATION, {"hide": "nonsense,lr"})
    assert not at.exception
    assert "hide='nonsense,lr'" in warnings_text(at)
    assert "no control on this page has the key nonsense" in warnings_text(at)
    assert widget_key("classification", _setting(CLASSIFICATION, "lr")) not in _drawn(at)
    assert at.query_params["hide"] == "lr"  # the page writes back what it used


def test_the_button_shows_the_hidden_controls_and_takes_hide_out_of_the_link():
    at = open_page(CLASSIFICATION, {"hide": "lr"})
    at.button(key="classification.__show_hidden__").click().run()
    assert not at.exception
    assert widget_key("classification", _setting(CLASSIFICATION, "lr")) in _drawn(at)
    assert "hide" not in at.query_params and "This link hides" not in _sidebar_captions(at)


def test_reset_leaves_the_hidden_controls_at_the_links_values():
    page = "app_pages/activations.py"
    at = open_page(page, {"hide": "zmax", "zmax": "8", "z0": "1.5"})
    at.button(key="activations.__reset__").click().run()
    assert not at.exception
    assert at.query_params["zmax"] == "8"
    probe = _setting(page, "z0")
    assert at.query_params["z0"] == encode_value(probe, probe.default)
