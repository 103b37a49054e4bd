"""Presenter view for a projector: larger text and chart labels, the sidebar collapsed, the
advanced controls hidden.

It is on when the URL says `present=1` or the toggle in the sidebar is on. The flag lives in
session state and every page keeps it in its URL (settings.render_settings preserves it), so a
teacher can bookmark a whole lesson in presenter view.
"""

from __future__ import annotations

import altair as alt
import streamlit as st

URL_KEY = "present"
_STATE = "__presenter__"
_TOGGLE = "__presenter_toggle__"
_ON = ("1", "true", "yes", "on")

# Streamlit sizes its text in rem, so a larger root font enlarges every heading, label and
# widget at once; the main column also gets the whole width of the projector.
_STYLE = """
<style>
html { font-size: 21px; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 2rem 2.5rem; }
</style>
"""


def is_on() -> bool:
    """Whether this session shows the presenter view; a `present` value in the URL decides."""
    if URL_KEY in st.query_params:
        st.session_state[_STATE] = st.query_params[URL_KEY].strip().lower() in _ON
    return bool(st.session_state.get(_STATE, False))


def _toggled() -> None:
    on = bool(st.session_state[_TOGGLE])
    st.session_state[_STATE] = on
    if on:
        st.query_params[URL_KEY] = "1"
    elif URL_KEY in st.query_params:
        del st.query_params[URL_KEY]


def toggle() -> None:
    """The sidebar switch, and the larger style when the view is on."""
    on = is_on()
    st.session_state[_TOGGLE] = on
    st.sidebar.toggle(
        "Presenter view",
        key=_TOGGLE,
        on_change=_toggled,
        help="Larger text for a projector; hides the advanced controls. Kept in the link.",
    )
    if on:
        st.html(_STYLE)


def url_params() -> dict[str, str]:
    """The URL parameters that keep the presenter view on across page switches and links."""
    return {URL_KEY: "1"} if is_on() else {}


def style_chart(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """`chart` with labels large enough to read from the back of a lecture room, if the
    presenter view is on; unchanged otherwise."""
    if not is_on():
        return chart
    return (
        chart.configure_axis(labelFontSize=16, titleFontSize=18)
        .configure_legend(labelFontSize=16, titleFontSize=16, symbolSize=200)
        .configure_title(fontSize=20)
        .configure_header(labelFontSize=16, titleFontSize=18)
    )
