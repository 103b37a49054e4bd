"""A page's controls as data, in the spirit of TensorFlow Playground's state.ts: `Setting`, and
reading, checking and writing its values as URL text. No Streamlit here (see widgets.py).

A missing URL value takes the default silently; a malformed, non-finite, out-of-range or unknown
one takes the default and is reported as an `Ignored`. `values_type` gives a table its frozen,
typed record of values (what a page gets back from its widgets).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, make_dataclass
from functools import cache
from typing import Any, Literal

Kind = Literal["float", "int", "choice", "multichoice", "bool"]
KINDS: tuple[str, ...] = ("float", "int", "choice", "multichoice", "bool")

#: Which widgets can show each kind; the first is the default.
WIDGETS: dict[str, tuple[str, ...]] = {
    "float": ("slider", "number"),
    "int": ("slider", "number"),
    "choice": ("selectbox", "radio", "segmented"),
    "multichoice": ("multiselect", "pills"),
    "bool": ("toggle", "checkbox"),
}

_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")


@dataclass(frozen=True)
class Setting:
    """One control: its URL key (`name`), how it looks, its default and what values are valid."""

    name: str
    label: str
    kind: Kind
    default: Any
    min: float | None = None  # a number's least value; a multichoice's least number of choices
    max: float | None = None
    step: float | None = None
    options: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()  # display names for `options`, same order; empty = the options
    help: str | None = None
    section: str = ""  # a sidebar sub-heading shown above the first setting of each section
    widget: str = ""  # one of WIDGETS[kind]; empty = the first
    format: str | None = None  # printf-style number format for sliders, e.g. "%.2f"
    advanced: bool = False  # drawn only while the sidebar's More settings is open
    # (name, least value): drawn greyed out unless the earlier setting `name` is at least this,
    # e.g. ("layers", 2) for the units of a second hidden layer that does not exist yet
    needs: tuple[str, float] | None = None
    # older URL keys of this setting, still read so old links keep working (the name wins when
    # a link has both); the page writes the name back
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for key in (self.name, *self.aliases):
            if not key or not key.replace("_", "").isalnum():
                raise ValueError(f"setting name {key!r} must be letters, digits and _")
        if self.name in self.aliases:
            raise ValueError(f"{self.name}: a setting cannot be its own alias")
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")
        if self.widget and self.widget not in WIDGETS[self.kind]:
            raise ValueError(f"{self.name}: widget {self.widget!r} cannot show a {self.kind}")
        if self.labels and len(self.labels) != len(self.options):
            raise ValueError(f"{self.name}: labels must match options one to one")
        if self.kind in ("float", "int"):
            if self.min is None or self.max is None or not self.min < self.max:
                raise ValueError(f"{self.name}: a number needs min < max")
            cast = float if self.kind == "float" else int
            for attr in ("default", "min", "max", "step"):
                if getattr(self, attr) is not None:
                    object.__setattr__(self, attr, cast(getattr(self, attr)))
        if self.kind == "multichoice" and self.min is not None and self.min > len(self.options):
            raise ValueError(f"{self.name}: cannot need more choices than it has options")
        if self.kind in ("choice", "multichoice") and not self.options:
            raise ValueError(f"{self.name}: a {self.kind} needs options")
        if self.kind == "multichoice":
            object.__setattr__(self, "default", tuple(self.default))
        check_value(self, self.default)  # a bad default is a programming error: fail loudly

    @property
    def widget_name(self) -> str:
        """The widget that shows this setting."""
        return self.widget or WIDGETS[self.kind][0]

    def display(self, option: str) -> str:
        """The label shown for one of `options`."""
        if not self.labels or option not in self.options:
            return str(option)
        return self.labels[self.options.index(option)]


@dataclass(frozen=True)
class Ignored:
    """A URL value that was not used: which setting, the raw text, why, and the default taken."""

    name: str
    raw: str
    reason: str
    default: str = ""

    def __str__(self) -> str:
        used = f"; using the default {self.default}" if self.default else ""
        return f"{self.name}={self.raw!r}: {self.reason}{used}"


@dataclass(frozen=True)
class Parsed:
    """The outcome of reading a URL: one valid value per setting, and what was ignored."""

    values: dict[str, Any]
    ignored: tuple[Ignored, ...] = field(default_factory=tuple)
    unknown: tuple[str, ...] = field(default_factory=tuple)  # keys no setting declares


# ---- pure part: validate, parse and encode ------------------------------------------------------


def check_value(setting: Setting, value: Any) -> Any:
    """`value` if valid for `setting` (normalised: tuples for multichoice), else ValueError."""
    kind = setting.kind
    if kind in ("float", "int"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("not a number")
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        if kind == "int" and value != int(value):
            raise ValueError("not a whole number")
        if not setting.min <= value <= setting.max:
            raise ValueError(f"outside the range {setting.min:g} to {setting.max:g}")
        return float(value) if kind == "float" else int(value)
    if kind == "choice":
        if value not in setting.options:
            raise ValueError(f"not one of {', '.join(setting.options)}")
        return value
    if kind == "multichoice":
        if isinstance(value, str) or not isinstance(value, Sequence):
            raise ValueError("not a list of options")
        unknown = [v for v in value if v not in setting.options]
        if unknown:
            raise ValueError(
                f"unknown option {', '.join(map(str, unknown))} "
                f"(choose from {', '.join(setting.options)})"
            )
        chosen = tuple(o for o in setting.options if o in value)  # canonical order, no repeats
        if setting.min is not None and len(chosen) < setting.min:
            raise ValueError(f"choose at least {setting.min:g}")
        return chosen
    if not isinstance(value, bool):
        raise ValueError("not true or false")
    return value


def parse_value(setting: Setting, raw: str) -> Any:
    """Read one URL value for `setting`; a ValueError says in plain words why it is not valid."""
    text = raw.strip()
    if setting.kind in ("float", "int"):
        try:
            number = float(text)
        except ValueError:
            raise ValueError("not a number") from None
        return check_value(setting, number)
    if setting.kind == "multichoice":
        return check_value(setting, [item.strip() for item in text.split(",") if item.strip()])
    if setting.kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError("not true or false")
    return check_value(setting, text)


def encode_value(setting: Setting, value: Any) -> str:
    """The URL text for a valid value; `parse_value` reads it back to the same value."""
    if setting.kind == "float":
        return f"{value:.10g}"
    if setting.kind == "int":
        return str(int(value))
    if setting.kind == "multichoice":
        return ",".join(value)
    if setting.kind == "bool":
        return "true" if value else "false"
    return str(value)


def parse_params(settings: Sequence[Setting], params: Mapping[str, str | Sequence[str]]) -> Parsed:
    """Validate URL parameters against `settings` once: every setting gets a valid value.

    A setting's value is read from its name, else from one of its `aliases` (older keys, so
    old links keep working). Missing keys take the default silently; invalid values take the
    default and are returned as `Ignored`, under the key they were read from. Keys no setting
    declares (by name or alias) are listed in `unknown` (the page drops them quietly: they are
    often another page's, or a tracker's). A repeated key counts by its last value, as
    `st.query_params` does.
    """
    values: dict[str, Any] = {}
    ignored: list[Ignored] = []
    for setting in settings:
        key = url_key(setting, params)
        if key is None:
            values[setting.name] = setting.default
            continue
        raw = last_value(params[key])
        try:
            values[setting.name] = parse_value(setting, raw)
        except ValueError as reason:
            values[setting.name] = setting.default
            default = encode_value(setting, setting.default) or "(none)"
            ignored.append(Ignored(key, raw, str(reason), default))
    known = {key for s in settings for key in (s.name, *s.aliases)}
    unknown = tuple(name for name in params if name not in known)
    return Parsed(values, tuple(ignored), unknown)


def url_key(setting: Setting, params: Mapping[str, object]) -> str | None:
    """The key of `params` that holds `setting`'s value: its name, else its first alias there,
    else None."""
    return next((key for key in (setting.name, *setting.aliases) if key in params), None)


#: The URL key of the controls a link hides (`hide=lr,noise`, like TensorFlow Playground's
#: `*_hide`), and its value for every control in the sidebar.
HIDE_KEY = "hide"
HIDE_ALL = "all"


def parse_hide(settings: Sequence[Setting], raw: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys `hide=raw` names (HIDE_ALL first, then settings by name, an alias read as its
    setting's name, in table order), and the keys no setting of `settings` has."""
    keys = {key.strip() for key in raw.split(",") if key.strip()}
    named = {s.name for s in settings if keys & {s.name, *s.aliases}}
    hidden = (HIDE_ALL,) * (HIDE_ALL in keys) + tuple(s.name for s in settings if s.name in named)
    known = {HIDE_ALL} | {key for s in settings for key in (s.name, *s.aliases)}
    return hidden, tuple(sorted(keys - known))


def encode_params(settings: Sequence[Setting], values: Mapping[str, Any]) -> dict[str, str]:
    """The URL parameters that reproduce `values`, one per setting, in declaration order."""
    return {s.name: encode_value(s, values[s.name]) for s in settings}


def last_value(raw: str | Sequence[str]) -> str:
    """The value a URL key holds: its last, when it is repeated (as st.query_params reads it)."""
    if isinstance(raw, str):
        return raw
    return raw[-1] if len(raw) else ""


#: The Python type of each kind's value.
VALUE_TYPES: dict[str, type] = {
    "float": float,
    "int": int,
    "choice": str,
    "multichoice": tuple,
    "bool": bool,
}


@cache
def values_type(settings: tuple[Setting, ...]) -> type:
    """The frozen dataclass of a table's values: one typed field per setting, in table order,
    so a page reads `values.lr` and nothing can change it behind the page's back."""
    fields = [(s.name, VALUE_TYPES[s.kind]) for s in settings]
    return make_dataclass("SettingValues", fields, frozen=True)


def values_of(settings: Sequence[Setting], values: Mapping[str, Any]) -> Any:
    """The typed record (see `values_type`) of `values`, one per setting of `settings`."""
    return values_type(tuple(settings))(**{s.name: values[s.name] for s in settings})
