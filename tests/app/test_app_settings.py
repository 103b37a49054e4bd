"""The settings mechanism's pure part: reading, validating and writing URL values."""

import math

import pytest

from ann_app.content.tables import (
    ACTIVATION_SETTINGS,
    BACKPROP_SETTINGS,
    HOME_SETTINGS,
    SURFACE_SETTINGS,
)
from ann_app.content.training_tables import CLASSIFICATION_SETTINGS, REGRESSION_SETTINGS
from ann_app.settings.setting import (
    Ignored,
    Setting,
    check_value,
    encode_params,
    encode_value,
    parse_params,
    parse_value,
)

RATE = Setting("lr", "learning rate", "float", 1.0, 0.01, 5.0, 0.01)
STEPS = Setting("steps", "steps", "int", 100, 1, 500)
ACT = Setting("g", "activation", "choice", "sigmoid", options=("linear", "sigmoid", "tanh"))
SHOW = Setting(
    "show", "show", "multichoice", ("sigmoid", "tanh"), options=("linear", "sigmoid", "tanh")
)
SHADE = Setting("shade", "shade", "bool", True)
ALL = (RATE, STEPS, ACT, SHOW, SHADE)
DEFAULTS = {"lr": 1.0, "steps": 100, "g": "sigmoid", "show": ("sigmoid", "tanh"), "shade": True}


def test_missing_values_take_defaults_silently():
    parsed = parse_params(ALL, {})
    assert parsed.values == DEFAULTS
    assert parsed.ignored == ()


def test_valid_values_are_read():
    params = {"lr": "0.25", "steps": "7", "g": "tanh", "show": "linear,tanh", "shade": "false"}
    parsed = parse_params(ALL, params)
    assert parsed.values == {
        "lr": 0.25,
        "steps": 7,
        "g": "tanh",
        "show": ("linear", "tanh"),
        "shade": False,
    }
    assert parsed.ignored == ()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("abc", "not a number"),
        ("", "not a number"),
        ("nan", "not a finite number"),
        ("inf", "not a finite number"),
        ("-inf", "not a finite number"),
        ("5.01", "outside the range 0.01 to 5"),
        ("0", "outside the range 0.01 to 5"),
        ("1e400", "not a finite number"),
    ],
)
def test_bad_float_falls_back_and_is_reported(raw, reason):
    parsed = parse_params((RATE,), {"lr": raw})
    assert parsed.values["lr"] == 1.0
    assert not math.isnan(parsed.values["lr"])
    assert parsed.ignored == (Ignored("lr", raw, reason, "1"),)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("3.5", "not a whole number"), ("x", "not a number"), ("501", "outside"), ("0", "outside")],
)
def test_bad_int_falls_back_and_is_reported(raw, reason):
    parsed = parse_params((STEPS,), {"steps": raw})
    assert parsed.values["steps"] == 100
    (ignored,) = parsed.ignored
    assert ignored.name == "steps" and ignored.raw == raw and reason in ignored.reason


def test_whole_float_text_is_a_valid_int():
    assert parse_value(STEPS, "12.0") == 12
    assert isinstance(parse_value(STEPS, "12.0"), int)


def test_unknown_option_falls_back_and_names_the_choices():
    parsed = parse_params((ACT,), {"g": "softmax"})
    assert parsed.values["g"] == "sigmoid"
    (ignored,) = parsed.ignored
    assert ignored.raw == "softmax"
    assert "linear, sigmoid, tanh" in ignored.reason


def test_multichoice_with_an_unknown_item_falls_back_whole():
    parsed = parse_params((SHOW,), {"show": "linear,bogus,tanh"})
    assert parsed.values["show"] == ("sigmoid", "tanh")
    (ignored,) = parsed.ignored
    assert "bogus" in ignored.reason and "linear" not in ignored.reason.split("(")[0]
    assert ignored.default == "sigmoid,tanh"


def test_multichoice_empty_is_a_valid_empty_selection():
    assert parse_params((SHOW,), {"show": ""}).values["show"] == ()


def test_multichoice_is_put_in_option_order_without_repeats():
    assert parse_value(SHOW, "tanh, linear,tanh") == ("linear", "tanh")


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("0", False), ("Yes", True)])
def test_bool_words(raw, value):
    assert parse_value(SHADE, raw) is value


def test_bad_bool_is_reported():
    (ignored,) = parse_params((SHADE,), {"shade": "maybe"}).ignored
    assert ignored.reason == "not true or false" and ignored.default == "true"


def test_repeated_key_counts_by_its_last_value():
    assert parse_params((STEPS,), {"steps": ["3", "9"]}).values["steps"] == 9


def test_unknown_keys_are_listed_but_not_reported_as_ignored():
    parsed = parse_params((STEPS,), {"steps": "3", "utm_source": "mail"})
    assert parsed.unknown == ("utm_source",)
    assert parsed.ignored == ()


def test_every_problem_is_reported_once_in_declaration_order():
    params = {"lr": "nan", "steps": "many", "g": "tanh", "show": "x", "shade": "2"}
    parsed = parse_params(ALL, params)
    assert [i.name for i in parsed.ignored] == ["lr", "steps", "show", "shade"]
    assert parsed.values == {**DEFAULTS, "g": "tanh"}


def test_ignored_reads_as_a_sentence():
    text = str(Ignored("lr", "abc", "not a number", "1"))
    assert text == "lr='abc': not a number; using the default 1"


@pytest.mark.parametrize("settings", [HOME_SETTINGS, ACTIVATION_SETTINGS, SURFACE_SETTINGS])
def test_the_pages_round_trip_their_defaults_through_the_url(settings):
    defaults = {s.name: s.default for s in settings}
    encoded = encode_params(settings, defaults)
    parsed = parse_params(settings, encoded)
    assert parsed.values == defaults
    assert parsed.ignored == ()


@pytest.mark.parametrize("settings", [HOME_SETTINGS, ACTIVATION_SETTINGS, SURFACE_SETTINGS])
def test_the_pages_round_trip_their_extremes(settings):
    for s in settings:
        if s.kind in ("float", "int"):
            for value in (s.min, s.max):
                assert parse_value(s, encode_value(s, value)) == value
        elif s.kind == "multichoice":
            assert parse_value(s, encode_value(s, ())) == ()
            assert parse_value(s, encode_value(s, s.options)) == s.options


@pytest.mark.parametrize(
    "settings",
    [
        HOME_SETTINGS,
        ACTIVATION_SETTINGS,
        SURFACE_SETTINGS,
        BACKPROP_SETTINGS,
        CLASSIFICATION_SETTINGS,
        REGRESSION_SETTINGS,
    ],
)
def test_a_setting_needs_an_earlier_number_it_can_reach(settings):
    """`needs` names a number drawn before it (its value is known when the widget is drawn),
    and its threshold lies in that number's range, so the widget can be switched on."""
    earlier: dict[str, Setting] = {}
    for s in settings:
        if s.needs is not None:
            name, least = s.needs
            assert name in earlier, f"{s.name} needs {name}, which is not drawn before it"
            assert earlier[name].kind in ("int", "float")
            assert earlier[name].min < least <= earlier[name].max
        earlier[s.name] = s


def test_float_encoding_is_short_and_exact():
    assert encode_value(RATE, 1.0) == "1"
    assert encode_value(RATE, 0.07) == "0.07"
    assert parse_value(RATE, encode_value(RATE, 1 / 3)) == pytest.approx(1 / 3, rel=1e-9)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "bad name", "label": "x", "kind": "bool", "default": True},
        {"name": "x", "label": "x", "kind": "colour", "default": 1},
        {"name": "x", "label": "x", "kind": "float", "default": 9.0, "min": 0.0, "max": 1.0},
        {"name": "x", "label": "x", "kind": "float", "default": 0.0},
        {"name": "x", "label": "x", "kind": "choice", "default": "a", "options": ()},
        {"name": "x", "label": "x", "kind": "choice", "default": "z", "options": ("a",)},
        {"name": "x", "label": "x", "kind": "bool", "default": True, "widget": "slider"},
        {
            "name": "x",
            "label": "x",
            "kind": "choice",
            "default": "a",
            "options": ("a", "b"),
            "labels": ("A",),
        },
    ],
)
def test_a_bad_declaration_fails_loudly(kwargs):
    with pytest.raises(ValueError):
        Setting(**kwargs)


def test_check_value_rejects_bools_as_numbers():
    with pytest.raises(ValueError):
        check_value(RATE, True)


def test_display_uses_labels():
    s = Setting("m", "m", "choice", "a", options=("a", "b"), labels=("Alpha", "Beta"))
    assert s.display("b") == "Beta"
    assert ACT.display("tanh") == "tanh"


def test_every_setting_a_lesson_or_preset_changes_is_shown_without_more_settings():
    # the sidebar shows the settings a lesson uses; the rest wait behind More settings
    from ann_app.content.lesson import PAGE_SETTINGS, STEPS
    from ann_app.content.training_tables import (
        CLASSIFICATION_PRESETS,
        CLASSIFICATION_SETTINGS,
        REGRESSION_PRESETS,
        REGRESSION_SETTINGS,
    )

    changed: list[tuple[tuple[Setting, ...], dict]] = [
        (PAGE_SETTINGS[step.page], dict(step.params)) for step in STEPS
    ]
    changed += [(CLASSIFICATION_SETTINGS, p.values) for p in CLASSIFICATION_PRESETS]
    changed += [(REGRESSION_SETTINGS, p.values) for p in REGRESSION_PRESETS]
    hidden = {
        s.name
        for settings, values in changed
        for s in settings
        if s.advanced and s.name in values and values[s.name] != s.default
    }
    assert not hidden, f"a lesson or preset changes these, hidden behind More settings: {hidden}"
