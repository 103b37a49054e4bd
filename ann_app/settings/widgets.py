"""The Streamlit side of a page's settings: one widget per `Setting`, seeded from the page's
link when one is opened (link.py), a reset button, and the warning for ignored link values.
The controls a link hides (`hide=`) are kept in the session beside the widgets, not drawn, and
named in the sidebar with a button that shows them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import streamlit as st

from ann_app.settings import link
from ann_app.settings.setting import HIDE_ALL, HIDE_KEY, Ignored, Setting, values_type


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
        load_settings(page, settings, opened)
    values = draw_settings(settings, page=page, containers=containers)
    hidden = {HIDE_KEY: hidden_of(page)}
    link.write(page, link.encode_link(settings, (), asdict(values), hidden))
    return values, opened.ignored if opened is not None else ()


def load_settings(page: str, settings: Sequence[Setting], opened: link.Link) -> None:
    """Put a link's values into the widgets: on the page's first run only where a widget holds
    nothing yet, otherwise all (a link opened in the session describes the whole view); and
    the controls it hides into the session (`hidden_of`)."""
    for s in settings:
        value = _to_widget(s, opened.values[s.name])
        if opened.first:
            st.session_state.setdefault(widget_key(page, s), value)
        else:
            st.session_state[widget_key(page, s)] = value
    st.session_state[hide_key(page)] = opened.parts[HIDE_KEY]


def hide_key(page: str) -> str:
    """Session-state key of the names of the controls `page`'s link hides."""
    return f"{page}.__hide__"


def hidden_of(page: str) -> tuple[str, ...]:
    """What `page`'s link hides: setting names, and HIDE_ALL for every control in the sidebar."""
    return st.session_state.get(hide_key(page), ())


def hidden_settings(
    settings: Sequence[Setting], hidden: Sequence[str], containers: Mapping[str, Any]
) -> tuple[Setting, ...]:
    """The settings `hidden` names, and with HIDE_ALL every one drawn in the sidebar (not in one
    of the page's own `containers`)."""
    every = HIDE_ALL in hidden
    return tuple(s for s in settings if s.name in hidden or (every and _in_sidebar(s, containers)))


def _in_sidebar(s: Setting, containers: Mapping[str, Any]) -> bool:
    return s.advanced or s.section not in containers


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
    they are not drawn at all and keep their values, as do the settings the link hides
    (`hidden_settings`, named above them by `_hidden_notice`).
    """
    containers, disabled = containers or {}, disabled or {}
    hidden = hidden_settings(settings, hidden_of(page), containers)
    shown = tuple(s for s in settings if s not in hidden)
    values: dict[str, Any] = {}
    section = None
    _hidden_notice(page, hidden, containers)
    basic = st.sidebar.container()
    more = _more_settings(page, shown)
    more_open = more is not None and more.open
    for s in settings:
        key = widget_key(page, s)
        if s in hidden or (s.advanced and not more_open):  # not drawn; keeps the value it has
            values[s.name] = _from_widget(s, st.session_state.get(key, s.default))
            continue
        where = more if s.advanced else containers.get(s.section, basic)
        with where:
            if s.section and s.section != section and (s.advanced or s.section not in containers):
                _heading(s.section, small=s.advanced)  # pages head their own sections
                section = s.section
            off = s.name in disabled or _needs_unmet(s, values)
            values[s.name] = _from_widget(s, draw_widget(s, key, off, disabled.get(s.name)))
    if shown:
        _reset_button(page, shown)
    return values_type(tuple(settings))(**values)


def _reset_button(page: str, shown: tuple[Setting, ...]) -> None:
    """The sidebar's button that puts the controls shown back to their defaults (the hidden
    ones keep the link's values)."""
    st.sidebar.button(
        "Reset to defaults",
        key=f"{page}.__reset__",
        on_click=_reset,
        args=(shown, page),
        help="Put every control shown on this page back to its starting value.",
        width="stretch",
    )


def _hidden_notice(page: str, hidden: Sequence[Setting], containers: Mapping[str, Any]) -> None:
    """In the sidebar, which controls the link hides (`hidden`), and a button that shows them."""
    if not hidden:
        return
    every = HIDE_ALL in hidden_of(page)
    named = [s.label for s in hidden if not (every and _in_sidebar(s, containers))]
    what = ", ".join(["every control in the sidebar"] * every + named)
    st.sidebar.caption(
        f"🙈 This link hides: {what}. They keep the link's values (or their defaults). To show "
        f"them, press the button or remove `{HIDE_KEY}=` from the link."
    )
    st.sidebar.button(
        "Show the hidden controls",
        key=f"{page}.__show_hidden__",
        on_click=_show_hidden,
        args=(page,),
        width="stretch",
    )


def _show_hidden(page: str) -> None:
    st.session_state[hide_key(page)] = ()


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
