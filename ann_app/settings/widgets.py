"""The Streamlit side of a page's settings: one widget per `Setting`, seeded from the URL on a
page's first run (or when a link is opened in a running session), every value written back to
the URL so a link reproduces the view, a reset button, and the warning for ignored link values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from ann_app.settings.setting import (
    Ignored,
    Setting,
    encode_params,
    last_value,
    parse_params,
    values_type,
)
from ann_app.shell import arrival, presenter

# ---- Streamlit part: widgets, URL write-back, reset and the warning ----------------------------


def widget_key(page: str, setting: Setting) -> str:
    """The session-state key of a setting's widget; the page prefix keeps pages apart."""
    return f"{page}.{setting.name}"


def render_settings(
    settings: Sequence[Setting],
    *,
    page: str,
    containers: Mapping[str, Any] | None = None,
    extra_params: Mapping[str, str] | None = None,
) -> tuple[Any, tuple[Ignored, ...]]:
    """Draw the widgets for `settings`, mirror them in the URL and return (values, ignored),
    `values` being the table's frozen, typed record (`setting.values_type`).

    Widgets go in the sidebar, except sections named in `containers` (section -> container,
    e.g. a column beside a diagram). On the page's first run in a session, and whenever a link
    with other values for this page is opened in the session, the widgets are seeded from
    `st.query_params`; otherwise the widgets own the values (in session state, so they survive
    reruns and page switches), and the URL a rerun was sent is not read (see shell/arrival.py:
    it can be older than the widgets). `ignored` is non-empty only on the run that read a bad link.
    Call it once per page: the URL is rewritten to hold exactly these settings, and
    `extra_params` (what the page keeps in its link besides its settings, e.g. a drawing).
    """
    containers = containers or {}
    ignored: tuple[Ignored, ...] = ()
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    first_run = any(widget_key(page, s) not in st.session_state for s in settings)
    written = st.session_state.get(_url_key(page))
    if first_run or (arrival.url_is_new() and _link_changed(settings, params, written)):
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
    url = {**wanted, **(extra_params or {}), **presenter.url_params()}
    if st.query_params.to_dict() != url:
        st.query_params.from_dict(url)
    st.session_state[_url_key(page)] = wanted
    arrival.mark_read()
    return values_type(tuple(settings))(**values), ignored


def _url_key(page: str) -> str:
    return f"{page}.__url__"


def _link_changed(
    settings: Sequence[Setting], params: Mapping[str, Sequence[str]], written: Any
) -> bool:
    """True when the URL names this page's settings with values other than the ones this page
    wrote last: a link (a lesson step's, or Back) was opened in a running session. An empty
    URL (a switch through the menu) changes nothing."""
    names = {s.name for s in settings}
    ours = {name: last_value(raw) for name, raw in params.items() if name in names}
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
