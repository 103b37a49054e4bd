"""The Streamlit side of a page's settings: one widget per `Setting`, seeded from the page's
link when one is opened (link.py), a reset button, and the warning for ignored link values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import streamlit as st

from ann_app.settings import link
from ann_app.settings.setting import Ignored, Setting, encode_params, values_type


def widget_key(page: str, setting: Setting) -> str:
    """The session-state key of a setting's widget; the page prefix keeps pages apart."""
    return f"{page}.{setting.name}"


def render_settings(
    settings: Sequence[Setting],
    *,
    page: str,
    containers: Mapping[str, Any] | None = None,
) -> tuple[Any, tuple[Ignored, ...]]:
    """For a page whose link holds its settings alone: read a newly opened link into the
    widgets (`link.opened`), draw them, write the link; return (values, ignored), `values`
    being the table's frozen, typed record (`setting.values_type`)."""
    opened = link.opened(page, settings)
    if opened is not None:
        load_settings(page, settings, opened.values, opened.first)
    values = draw_settings(settings, page=page, containers=containers)
    link.write(page, encode_params(settings, asdict(values)))
    return values, opened.ignored if opened is not None else ()


def load_settings(
    page: str, settings: Sequence[Setting], values: Mapping[str, Any], first: bool
) -> None:
    """Put a link's values into the widgets: on the page's first run only where a widget holds
    nothing yet, otherwise all (a link opened in the session describes the whole view)."""
    for s in settings:
        value = _to_widget(s, values[s.name])
        if first:
            st.session_state.setdefault(widget_key(page, s), value)
        else:
            st.session_state[widget_key(page, s)] = value


def draw_settings(
    settings: Sequence[Setting],
    *,
    page: str,
    containers: Mapping[str, Any] | None = None,
    disabled: Mapping[str, str] | None = None,
) -> Any:
    """Draw the widgets for `settings` from their session state; return the typed record.

    Widgets go in the sidebar, except sections named in `containers` (section -> container,
    e.g. a column beside a diagram). `disabled` greys out the named settings, each with the
    reason as its help (e.g. the data set while the page trains on a file). The advanced
    settings are drawn only while the sidebar's "More settings" is open (`more_key`); closed,
    they are not drawn at all and keep their values.
    """
    containers, disabled = containers or {}, disabled or {}
    values: dict[str, Any] = {}
    section = None
    basic = st.sidebar.container()
    more = _more_settings(page, settings)
    more_open = more is not None and more.open
    for s in settings:
        key = widget_key(page, s)
        if s.advanced and not more_open:  # not drawn; keeps the value it has
            values[s.name] = _from_widget(s, st.session_state.get(key, s.default))
            continue
        where = more if s.advanced else containers.get(s.section, basic)
        with where:
            if s.section and s.section != section and (s.advanced or s.section not in containers):
                _heading(s.section, small=s.advanced)  # pages head their own sections
                section = s.section
            off = s.name in disabled or _needs_unmet(s, values)
            values[s.name] = _from_widget(s, draw_widget(s, key, off, disabled.get(s.name)))
    with st.sidebar:
        st.button(
            "Reset to defaults",
            key=f"{page}.__reset__",
            on_click=_reset,
            args=(tuple(settings), page),
            help="Put every control on this page back to its starting value.",
            width="stretch",
        )
    return values_type(tuple(settings))(**values)


def more_key(page: str) -> str:
    """Session-state key of `page`'s "More settings" expander: True while it is open."""
    return f"{page}.__more__"


def _more_settings(page: str, settings: Sequence[Setting]) -> Any:
    """The sidebar's "More settings" expander, lazy: its settings run only while it is open
    (Streamlit's on_change="rerun" expander), so a page draws a few controls, not all; None
    on a page without advanced settings."""
    if not any(s.advanced for s in settings):
        return None
    return st.sidebar.expander("More settings", key=more_key(page), on_change="rerun", icon="⚙️")


def _heading(section: str, small: bool) -> None:
    """A section's heading in the sidebar (a sub-heading; a bold line inside More settings)."""
    if small:
        st.markdown(f"**{section}**")
    else:
        st.subheader(section)


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


def _needs_unmet(s: Setting, values: Mapping[str, Any]) -> bool:
    """Whether `s` means nothing with the values drawn before it (see Setting.needs)."""
    return s.needs is not None and values[s.needs[0]] < s.needs[1]


def draw_widget(s: Setting, key: str, disabled: bool = False, why: str | None = None) -> Any:
    """Create the widget for one setting; its value comes from session state under `key`.
    `why` replaces its help while it is disabled."""
    common = {
        "label": s.label,
        "key": key,
        "help": why or s.help,
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
