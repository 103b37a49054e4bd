"""Declarative page settings mirrored in the URL, in the spirit of TensorFlow Playground's state.ts.

A page declares a tuple of `Setting`s. `render_settings` draws one sidebar widget per setting,
seeds it from `st.query_params` on the page's first run, and writes every current value back to
the URL, so a link reproduces the view. Reading a URL value is pure (`parse_params`): a missing
value takes the default silently; a malformed, non-finite, out-of-range or unknown one takes the
default and is reported as an `Ignored`, which the page shows with `warn_ignored`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Literal

import streamlit as st

from ann_app import presenter

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
    min: float | None = None
    max: float | None = None
    step: float | None = None
    options: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()  # display names for `options`, same order; empty = the options
    help: str | None = None
    section: str = ""  # a sidebar sub-heading shown above the first setting of each section
    widget: str = ""  # one of WIDGETS[kind]; empty = the first
    format: str | None = None  # printf-style number format for sliders, e.g. "%.2f"
    advanced: bool = False  # hidden in the presenter view, which keeps the lecture simple
    # (name, least value): drawn greyed out unless the earlier setting `name` is at least this,
    # e.g. ("layers", 2) for the units of a second hidden layer that does not exist yet
    needs: tuple[str, float] | None = None

    def __post_init__(self) -> None:
        if not self.name or not self.name.replace("_", "").isalnum():
            raise ValueError(f"setting name {self.name!r} must be letters, digits and _")
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
        return tuple(o for o in setting.options if o in value)  # canonical order, no repeats
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

    Missing keys take the default silently; invalid values take the default and are returned
    as `Ignored`. Keys no setting declares are listed in `unknown` (the page drops them
    quietly: they are often another page's, or a tracker's). A repeated key counts by its last
    value, as `st.query_params` does.
    """
    values: dict[str, Any] = {}
    ignored: list[Ignored] = []
    for setting in settings:
        if setting.name not in params:
            values[setting.name] = setting.default
            continue
        raw = _last(params[setting.name])
        try:
            values[setting.name] = parse_value(setting, raw)
        except ValueError as reason:
            values[setting.name] = setting.default
            default = encode_value(setting, setting.default) or "(none)"
            ignored.append(Ignored(setting.name, raw, str(reason), default))
    known = {s.name for s in settings}
    unknown = tuple(name for name in params if name not in known)
    return Parsed(values, tuple(ignored), unknown)


def encode_params(settings: Sequence[Setting], values: Mapping[str, Any]) -> dict[str, str]:
    """The URL parameters that reproduce `values`, one per setting, in declaration order."""
    return {s.name: encode_value(s, values[s.name]) for s in settings}


def _last(raw: str | Sequence[str]) -> str:
    if isinstance(raw, str):
        return raw
    return raw[-1] if len(raw) else ""


# ---- Streamlit part: widgets, URL write-back, reset and the warning ----------------------------


def widget_key(page: str, setting: Setting) -> str:
    """The session-state key of a setting's widget; the page prefix keeps pages apart."""
    return f"{page}.{setting.name}"


def render_settings(
    settings: Sequence[Setting], *, page: str, containers: Mapping[str, Any] | None = None
) -> tuple[SimpleNamespace, tuple[Ignored, ...]]:
    """Draw the widgets for `settings`, mirror them in the URL and return (values, ignored).

    Widgets go in the sidebar, except sections named in `containers` (section -> container,
    e.g. a column beside a diagram). On the page's first run in a session, and whenever a link
    with other values for this page is opened in the session, the widgets are seeded from
    `st.query_params`; otherwise the widgets own the values (in session state, so they survive
    reruns and page switches). `ignored` is non-empty only on the run that read a bad link.
    Call it once per page: the URL is rewritten to hold exactly these settings.
    """
    containers = containers or {}
    ignored: tuple[Ignored, ...] = ()
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    first_run = any(widget_key(page, s) not in st.session_state for s in settings)
    if first_run or _link_changed(settings, params, st.session_state.get(_url_key(page))):
        parsed = parse_params(settings, params)
        for s in settings:
            value = _to_widget(s, parsed.values[s.name])
            if first_run:
                st.session_state.setdefault(widget_key(page, s), value)
            else:  # a new link opened in this session: it describes the whole view
                st.session_state[widget_key(page, s)] = value
        ignored = parsed.ignored

    values: dict[str, Any] = {}
    section = None
    hide_advanced = presenter.is_on()
    for s in settings:
        if hide_advanced and s.advanced:  # not drawn; keeps the value it has
            values[s.name] = _from_widget(s, st.session_state.get(widget_key(page, s), s.default))
            continue
        with containers.get(s.section, st.sidebar):
            if s.section and s.section != section and s.section not in containers:
                st.subheader(s.section)  # sidebar sections get a heading; pages head their own
                section = s.section
            values[s.name] = _from_widget(s, _draw(s, widget_key(page, s), _disabled(s, values)))
    with st.sidebar:
        st.button(
            "Reset to defaults",
            key=f"{page}.__reset__",
            on_click=_reset,
            args=(tuple(settings), page),
            help="Put every control on this page back to its starting value.",
            width="stretch",
        )

    wanted = encode_params(settings, values)
    url = {**wanted, **presenter.url_params()}
    if st.query_params.to_dict() != url:
        st.query_params.from_dict(url)
    st.session_state[_url_key(page)] = wanted
    return SimpleNamespace(**values), ignored


def _url_key(page: str) -> str:
    return f"{page}.__url__"


def _link_changed(
    settings: Sequence[Setting], params: Mapping[str, Sequence[str]], written: Any
) -> bool:
    """True when the URL names this page's settings with values other than the ones this page
    wrote last: a link (a lesson step, a pasted URL) was opened in a running session. An empty
    URL (a switch through the menu) changes nothing."""
    names = {s.name for s in settings}
    ours = {name: _last(raw) for name, raw in params.items() if name in names}
    return bool(ours) and written is not None and ours != written


def warn_ignored(ignored: Sequence[Ignored]) -> None:
    """One warning naming every link value that was not used, and why."""
    if ignored:
        lines = "\n".join(f"- `{item}`" for item in ignored)
        st.warning(f"Some values in the link were not used:\n{lines}", icon="⚠️")


def _reset(settings: tuple[Setting, ...], page: str) -> None:
    for s in settings:
        st.session_state[widget_key(page, s)] = _to_widget(s, s.default)


def _to_widget(setting: Setting, value: Any) -> Any:
    return list(value) if setting.kind == "multichoice" else value


def _from_widget(setting: Setting, value: Any) -> Any:
    if setting.kind == "multichoice":
        return tuple(o for o in setting.options if o in (value or ()))
    if setting.kind == "choice" and value is None:
        return setting.default
    return value


def _disabled(s: Setting, values: Mapping[str, Any]) -> bool:
    """Whether `s` means nothing with the values drawn before it (see Setting.needs)."""
    return s.needs is not None and values[s.needs[0]] < s.needs[1]


def _draw(s: Setting, key: str, disabled: bool = False) -> Any:
    """Create the widget for one setting; its value comes from session state under `key`."""
    common = {
        "label": s.label,
        "key": key,
        "help": s.help,
        "persist_state": "session",
        "disabled": disabled,
    }
    name = s.widget_name
    if s.kind in ("float", "int"):
        draw = st.slider if name == "slider" else st.number_input
        return draw(min_value=s.min, max_value=s.max, step=s.step, format=s.format, **common)
    if s.kind == "choice":
        if name == "radio":
            return st.radio(options=s.options, format_func=s.display, horizontal=True, **common)
        if name == "segmented":
            return st.segmented_control(
                options=s.options, format_func=s.display, required=True, **common
            )
        return st.selectbox(options=s.options, format_func=s.display, **common)
    if s.kind == "multichoice":
        if name == "pills":
            return st.pills(
                options=s.options, format_func=s.display, selection_mode="multi", **common
            )
        return st.multiselect(options=s.options, format_func=s.display, **common)
    draw = st.toggle if name == "toggle" else st.checkbox
    return draw(**common)
